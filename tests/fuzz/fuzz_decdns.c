// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: DNS over TCP on arbitrary payloads (names, compression pointers, every
 * record type and EDNS option the printer knows), at every -v count and capture cut. */
#include "fuzz_dec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t tl_fz_dns_ports[] = { 53 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_fz_payload(data, size, tl_fz_dns_ports, 1);
	return 0;
}
