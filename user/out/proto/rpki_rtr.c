// SPDX-License-Identifier: GPL-2.0-only
/* RPKI-RTR (RFC 6810, port 323): the name, which is all print-rpki-rtr.c prints without -v. */
#include "out/proto/proto.h"

/* Its PDU printer (-v) is not written here: with -v the segment prints nothing. */
bool tl_dec_rpki_rtr_done(const struct tl_dec *d)
{
	return !d->vflag;
}

void tl_dec_rpki_rtr(struct tl_dec *d, uint32_t len)
{
	(void)len;
	d->proto = "rpki_rtr";
	TL_DEC_PUT(d, ", RPKI-RTR");
}
