// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: the binary-protocol decoders (BGP, PPTP, BEEP, OpenFlow, MSDP, RPKI-RTR,
 * LDP; and the ports tcpdump's Debian build leaves undecoded) on arbitrary payloads. */
#include "fuzz_dec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t tl_fz_bin_ports[] = { 179, 1723, 10288, 6633, 6653, 639,
					    323, 646,  139,   445,  2049 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_fz_payload(data, size, tl_fz_bin_ports,
		      sizeof(tl_fz_bin_ports) / sizeof(tl_fz_bin_ports[0]));
	return 0;
}
