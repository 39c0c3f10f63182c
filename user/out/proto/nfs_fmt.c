// SPDX-License-Identifier: GPL-2.0-only
/* The NFS field formats both calls and replies print: modes, signed tokens, padded lengths. */
#include "out/proto/nfs_int.h"

const struct tl_tok tl_nfs_writemodes[] = {
	{ 0, "unstable" },
	{ 1, "datasync" },
	{ 2, "filesync" },
	{ 0, NULL },
};

/* File types; 6 (socket) has no name in tcpdump's table. */
const struct tl_tok tl_nfs_types[] = {
	{ 0, "NON" }, { 1, "REG" }, { 2, "DIR" },  { 3, "BLK" },
	{ 4, "CHR" }, { 5, "LNK" }, { 7, "FIFO" }, { 0, NULL },
};

/* %o */
void tl_dec_oct(struct tl_dec *d, uint32_t v)
{
	char tmp[12], *t = tmp + sizeof(tmp);

	do {
		*--t = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	tl_dec_mem(d, t, (size_t)(tmp + sizeof(tmp) - t));
}

/* tok2str with a NULL format: the name, else "#" and the value as a signed int. */
void tl_nfs_tok_signed(struct tl_dec *d, const struct tl_tok *t, uint32_t v)
{
	const char *s = tl_tok(t, v);

	if (s) {
		tl_dec_str(d, s);
		return;
	}
	tl_dec_ch(d, '#');
	tl_dec_i32(d, (int32_t)v);
}

/* roundup2(len, 4) in 32 bits, wrapping to 0 for the last three values as tcpdump's does. */
uint32_t tl_nfs_round4(uint32_t len)
{
	return (len + 3) & ~3u;
}
