// SPDX-License-Identifier: GPL-2.0-only
/* SSH: the version banner that opens each direction (RFC 4253 4.2), as print-ssh.c prints it. */
#include "out/proto/app.h"
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

/*
 * The identification line "SSH-protoversion-softwareversion comments" (RFC 4253 4.2: at most
 * 255 bytes with its CR LF). Unlike the decoder, a line the capture cut still counts: the
 * four bytes "SSH-" say enough, and the field shows it cut.
 */
int tl_app_ssh(struct tl_dec *d, struct tl_app *a)
{
	size_t eol, end;

	if (!tl_dec_has(d, 0, 4) || memcmp(d->p, "SSH-", 4))
		return TL_APP_NONE;
	eol = tl_app_eol(d, 0);
	end = tl_app_trim(d, 0, eol);
	tl_app_bytes(d, a->u.ssh.version, sizeof(a->u.ssh.version), 0,
		     eol < d->cap ? end : d->cap + 1);
	a->kind = TL_APP_SSH_VERSION;
	return a->kind;
}
