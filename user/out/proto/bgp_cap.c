// SPDX-License-Identifier: GPL-2.0-only
/* BGP OPEN's capabilities advertisement (RFC 5492), as print-bgp.c prints each capability. */
#include "out/proto/bgp_int.h"

enum {
	TL_CAP_MP = 1,
	TL_CAP_RR = 2,
	TL_CAP_ML = 8,
	TL_CAP_RESTART = 64,
	TL_CAP_AS_NEW = 65,
	TL_CAP_ADD_PATH = 69,
	TL_CAP_LLGR = 71,
	TL_CAP_RR_CISCO = 128,
};

static const struct tl_tok tl_bgp_caps[] = {
	{ 1, "Multiprotocol Extensions" },
	{ 2, "Route Refresh" },
	{ 3, "Cooperative Route Filtering" },
	{ 4, "Multiple Routes to a Destination" },
	{ 5, "Extended Next Hop Encoding" },
	{ 8, "Multiple Labels" },
	{ 64, "Graceful Restart" },
	{ 65, "32-Bit AS Number" },
	{ 67, "Dynamic Capability" },
	{ 68, "Multisession BGP" },
	{ 69, "Multiple Paths" },
	{ 70, "Enhanced Route Refresh" },
	{ 71, "Long-lived Graceful Restart" },
	{ 128, "Route Refresh (Cisco)" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_add_path_modes[] = {
	{ 1, "Receive" },
	{ 2, "Send" },
	{ 3, "Both" },
	{ 0, NULL },
};

/* bgp_capabilities_print() (RFC 5492): false after " [|bgp]" for a capability cut short. */
void tl_bgp_capabilities(struct tl_dec *d, size_t opt, uint32_t caps_len)
{
	uint32_t i = 0;

	while (i < caps_len) {
		uint32_t type, clen, t, o;

		if (!tl_dec_has(d, opt + i, 2)) {
			tl_dec_trunc_mark(d);
			return;
		}
		type = d->p[opt + i];
		clen = d->p[opt + i + 1];
		TL_DEC_PUT(d, "\n\t      ");
		tl_bgp_named(d, tl_tok_or(tl_bgp_caps, type, "Unknown"), type);
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, clen);
		if (!tl_dec_has(d, opt + 2 + i, clen)) {
			tl_dec_trunc_mark(d);
			return;
		}
		switch (type) {
		case TL_CAP_MP:
			if (clen < 4) {
				TL_DEC_PUT(d, " (too short, < 4)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\t");
			tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + 2), d->p[opt + i + 5]);
			break;
		case TL_CAP_ML:
			for (o = 2, t = clen; t >= 4; t -= 4, o += 4) {
				TL_DEC_PUT(d, "\n\t\t");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Count: ");
				tl_dec_u32(d, d->p[opt + i + o + 3]);
			}
			break;
		case TL_CAP_RESTART:
			if (clen < 2) {
				TL_DEC_PUT(d, " (too short, < 2)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\tRestart Flags: [");
			tl_dec_str(d, d->p[opt + i + 2] & 0x80 ? "R" : "none");
			TL_DEC_PUT(d, "], Restart Time ");
			tl_dec_u32(d, tl_be16(d->p + opt + i + 2) & 0xfff);
			tl_dec_ch(d, 's');
			for (o = 4, t = clen - 2; t >= 4; t -= 4, o += 4) {
				TL_DEC_PUT(d, "\n\t\t  ");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Forwarding state preserved: ");
				tl_dec_str(d, d->p[opt + i + o + 3] & 0x80 ? "yes" : "no");
			}
			break;
		case TL_CAP_RR:
		case TL_CAP_LLGR:
		case TL_CAP_RR_CISCO:
			break;
		case TL_CAP_AS_NEW:
			if (clen < 4) {
				TL_DEC_PUT(d, " (too short, < 4)");
				return;
			}
			TL_DEC_PUT(d, "\n\t\t 4 Byte AS ");
			tl_dec_u32(d, tl_be32(d->p + opt + i + 2));
			break;
		case TL_CAP_ADD_PATH:
			if (clen == 0) {
				TL_DEC_PUT(d, " (bogus)");
				break;
			}
			for (o = 2, t = clen; t != 0; t -= 4, o += 4) {
				const char *rs;
				uint8_t v;

				if (t < 4) {
					TL_DEC_PUT(d, " (invalid)");
					break;
				}
				TL_DEC_PUT(d, "\n\t\t");
				tl_bgp_afi_safi(d, tl_be16(d->p + opt + i + o),
						d->p[opt + i + o + 2]);
				TL_DEC_PUT(d, ", Send/Receive: ");
				v = d->p[opt + i + o + 3];
				rs = tl_tok(tl_bgp_add_path_modes, v);
				if (rs) {
					tl_dec_str(d, rs);
				} else {
					TL_DEC_PUT(d, "Bogus (0x");
					tl_dec_hex2(d, v);
					tl_dec_ch(d, ')');
				}
			}
			break;
		default:
			TL_DEC_PUT(d, "\n\t\tno decoder for Capability ");
			tl_dec_u32(d, type);
			if (d->vflag <= 1)
				tl_dec_unknown_data(d, opt + i + 2, "\n\t\t", clen);
			break;
		}
		if (d->vflag > 1 && clen != 0)
			tl_dec_unknown_data(d, opt + i + 2, "\n\t\t", clen);
		i += 2 + clen;
	}
}
