// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: the text-protocol decoders (HTTP, RTSP, SMTP, FTP, WHOIS, SSH, telnet,
 * RESP; ZMTP/1.0 and RST data by the mode bits) on arbitrary payloads. */
#include "fuzz_dec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t tl_fz_text_ports[] = { 80, 8080, 554, 8554, 25, 21, 43, 22, 23, 6379 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_fz_payload(data, size, tl_fz_text_ports,
		      sizeof(tl_fz_text_ports) / sizeof(tl_fz_text_ports[0]));
	return 0;
}
