// SPDX-License-Identifier: GPL-2.0-only
/* The tables behind the number and address writers of put.h. */
#include "out/put.h"

const char tl_digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";
const char tl_hex[17] = "0123456789abcdef";
char tl_octets[256][4];

void tl_put_init(void)
{
	if (tl_octets[0][3])
		return;
	for (unsigned int v = 0; v < 256; v++) {
		char *e = put_u32(tl_octets[v], v);

		tl_octets[v][3] = (char)(e - tl_octets[v]);
	}
}
