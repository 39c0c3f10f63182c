// SPDX-License-Identifier: GPL-2.0-only
/* BGP (port 179): the name, which is all print-bgp.c prints without -v. */
#include "out/proto/proto.h"

/*
 * At -v print-bgp.c decodes every message (OPEN capabilities, UPDATE path attributes and
 * NLRI of every address family, NOTIFICATION, ROUTE-REFRESH); that printer is not written
 * here, so with -v the segment prints nothing (the -T vat line) instead of half of it.
 */
bool tl_dec_bgp_done(const struct tl_dec *d)
{
	return !d->vflag;
}

void tl_dec_bgp(struct tl_dec *d, uint32_t len)
{
	(void)len;
	d->proto = "bgp";
	TL_DEC_PUT(d, ": BGP");
}
