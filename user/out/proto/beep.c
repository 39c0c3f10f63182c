// SPDX-License-Identifier: GPL-2.0-only
/* BEEP (RFC 3080, port 10288): the frame keyword, as print-beep.c prints it. */
#include "out/proto/proto.h"

/*
 * l_strnstart(): the first n bytes equal kw's, NUL included when kw is shorter: tcpdump's
 * strncmp over 4 bytes, so "MSG" and "END" match only when a NUL follows them.
 */
static bool tl_beep_starts(struct tl_dec *d, const char *kw, uint32_t len)
{
	if (!tl_dec_has(d, 0, 4) || len < 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		if (d->p[i] != (uint8_t)kw[i])
			return false;
		if (!kw[i])
			return true;
	}
	return true;
}

void tl_dec_beep(struct tl_dec *d, uint32_t len)
{
	static const char *const kws[] = { "MSG", "RPY ", "ERR ", "ANS ", "NUL ", "SEQ ", "END" };
	static const char *const names[] = { " BEEP MSG", " BEEP RPY", " BEEP ERR", " BEEP ANS",
					     " BEEP NUL", " BEEP SEQ", " BEEP END" };

	d->proto = "beep";
	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		if (tl_beep_starts(d, kws[i], len)) {
			tl_dec_str(d, names[i]);
			return;
		}
	}
	TL_DEC_PUT(d, " BEEP (payload or undecoded)");
}
