// SPDX-License-Identifier: GPL-2.0-only
/* SSH: the version banner that opens each direction (RFC 4253 4.2), as print-ssh.c prints it. */
#include "out/proto/proto.h"

/*
 * "SSH-" and printable ASCII up to LF or CR LF: ": SSH: " and the line. Anything else (the
 * binary packets after the exchange, a CR without LF, no line end in this segment) prints
 * nothing. The first four bytes are read as tcpdump reads them, so a capture cut inside them
 * ends in " [|ssh]".
 */
void tl_dec_ssh(struct tl_dec *d, uint32_t len)
{
	uint32_t idx;
	uint8_t c;

	d->proto = "ssh";
	if (tl_dec_u8(d, 0) != 'S' || tl_dec_u8(d, 1) != 'S' || tl_dec_u8(d, 2) != 'H' ||
	    tl_dec_u8(d, 3) != '-')
		return;
	for (idx = 4; idx < len; idx++) {
		c = tl_dec_u8(d, idx);
		if (c == '\n')
			break;
		if (c == '\r') {
			if (idx + 1 >= len || tl_dec_u8(d, idx + 1) != '\n')
				return;
			break;
		}
		if (!tl_isprint(c))
			return;
	}
	if (idx >= len)
		return;
	TL_DEC_PUT(d, ": SSH: ");
	tl_dec_mem(d, d->p, idx);
}
