// SPDX-License-Identifier: GPL-2.0-only
/* NFS file handles, printed by tcpdump's guess at their layout, and the names that follow them. */
#include "out/proto/nfs_int.h"

/*
 * Parse_fh()'s guess at the server's file handle layout, only to print its device and inode
 * numbers: none of these layouts is a standard, so the guess is tcpdump's decision tree.
 */
enum tl_fh_kind {
	TL_FH_UNKNOWN,
	TL_FH_AUSPEX,
	TL_FH_DECOSF,
	TL_FH_IRIX4,
	TL_FH_SUNOS4,
	TL_FH_ULTRIX,
	TL_FH_VMSUCX,
	TL_FH_SUNOS5,
	TL_FH_HPUX9,
	TL_FH_BSD44,
};

/* is_UCX: a VMS device name, printable up to its NUL and nothing but NULs after. */
static bool tl_fh_is_ucx(struct tl_dec *d, size_t fh, uint32_t words)
{
	bool seen_nul = false;

	if (words < 28 / 4)
		return false;
	for (size_t i = 1; i < 14; i++) {
		uint8_t c = tl_dec_u8(d, fh + i);

		if (tl_isprint(c)) {
			if (seen_nul)
				return false;
		} else if (!c) {
			seen_nul = true;
		} else {
			return false;
		}
	}
	return true;
}

static enum tl_fh_kind tl_fh_kind(struct tl_dec *d, size_t fh, uint32_t words)
{
#define B(i) tl_dec_u8(d, fh + (i))
	if (words < 16 / 4)
		return TL_FH_UNKNOWN;
	if (!B(0) && !B(1)) {
		if (!B(2) && !B(3))
			return TL_FH_AUSPEX;
		if (B(4) && !B(5) && B(8) == 12 && !B(9))
			return TL_FH_DECOSF;
		if (!B(4) && B(5) == 8 && !B(6) && !B(7))
			return TL_FH_IRIX4;
		return TL_FH_SUNOS4;
	}
	if (!B(2) && !B(3)) {
		if (!B(6) && !B(7))
			return TL_FH_BSD44;
		if (words >= 24 / 4 && !B(21) && !B(23))
			return TL_FH_ULTRIX;
		return B(9) == 10 ? TL_FH_SUNOS5 : TL_FH_UNKNOWN;
	}
	if (B(8) == 12 && !B(9))
		return TL_FH_DECOSF;
	if (!B(8) && B(9) == 10) {
		if (!B(7) && !B(6) && !B(5) && !B(4))
			return TL_FH_HPUX9;
		return TL_FH_SUNOS5;
	}
	return tl_fh_is_ucx(d, fh, words) ? TL_FH_VMSUCX : TL_FH_UNKNOWN;
#undef B
}

static uint32_t tl_le32(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 4);
	return (uint32_t)d->p[off] | (uint32_t)d->p[off + 1] << 8 | (uint32_t)d->p[off + 2] << 16 |
	       (uint32_t)d->p[off + 3] << 24;
}

/*
 * nfs_printfh: " fh MAJOR,MINOR/INODE", or for the handles it cannot place " fh Unknown/" and
 * the first 32 bytes in hex, or for VMS " fh DEVICE/FILE-ID". The name printed before the '/'
 * is cut to as many characters as the handle has 32-bit words (tcpdump copies it with the
 * handle's word count as the byte limit), so a short unknown handle says "Unkn".
 */
static void tl_nfs_fh(struct tl_dec *d, size_t fh, uint32_t words)
{
	static const char unknown[] = "Unknown";
	enum tl_fh_kind k = tl_fh_kind(d, fh, words);
	uint32_t major = 0, minor = 0, ino = 0, t;
	uint32_t limit = words < TL_NFS_V3FHMAX ? words : TL_NFS_V3FHMAX;

	switch (k) {
	case TL_FH_UNKNOWN:
		TL_DEC_PUT(d, " fh ");
		tl_dec_mem(d, unknown, limit < sizeof(unknown) - 1 ? limit : sizeof(unknown) - 1);
		tl_dec_ch(d, '/');
		for (uint32_t i = 0; i < words * 4 && i < 32; i++) {
			static const char hex[] = "0123456789ABCDEF";
			uint8_t b = tl_dec_u8(d, fh + i);

			tl_dec_ch(d, hex[b >> 4]);
			tl_dec_ch(d, hex[b & 15]);
		}
		return;
	case TL_FH_VMSUCX:
		/*
		 * The device name from byte 1, up to a NUL, a space or the limit. tcpdump writes
		 * its bytes raw; past byte 13 nothing checked them, so bytes that are not
		 * printable are escaped here to keep the line text.
		 */
		TL_DEC_PUT(d, " fh ");
		for (uint32_t i = 0; i < limit; i++) {
			uint8_t c = tl_dec_u8(d, fh + 1 + i);

			if (!c || c == ' ')
				break;
			tl_dec_esc(d, c);
		}
		tl_dec_ch(d, '/');
		ino = (uint32_t)tl_dec_u8(d, fh + 26) << 24 |
		      (uint32_t)tl_dec_u8(d, fh + 27) << 16 | (uint32_t)tl_dec_u8(d, fh + 23) << 8 |
		      tl_dec_u8(d, fh + 22);
		tl_dec_u32(d, ino);
		return;
	case TL_FH_AUSPEX:
		minor = tl_dec_u8(d, fh + 7);
		major = tl_dec_u8(d, fh + 6);
		ino = tl_dec_be32(d, fh + 12);
		break;
	case TL_FH_BSD44:
		minor = tl_dec_u8(d, fh);
		major = tl_dec_u8(d, fh + 1);
		ino = tl_le32(d, fh + 12);
		break;
	case TL_FH_DECOSF:
		t = tl_le32(d, fh);
		minor = t & 0xfffff;
		major = (t >> 20) & 0xfff;
		ino = tl_le32(d, fh + 12);
		break;
	case TL_FH_IRIX4:
	case TL_FH_SUNOS4:
		minor = tl_dec_u8(d, fh + 3);
		major = tl_dec_u8(d, fh + 2);
		ino = tl_dec_be32(d, fh + (k == TL_FH_IRIX4 ? 8 : 12));
		break;
	case TL_FH_SUNOS5:
		major = (tl_dec_be16(d, fh) >> 2) & 0x3fff;
		minor = tl_dec_be24(d, fh + 1) & 0x3ffff;
		ino = tl_dec_be32(d, fh + 12);
		break;
	case TL_FH_ULTRIX:
		minor = tl_dec_u8(d, fh);
		major = tl_dec_u8(d, fh + 1);
		ino = tl_le32(d, fh + 4);
		break;
	case TL_FH_HPUX9:
		major = tl_dec_u8(d, fh);
		minor = tl_dec_be24(d, fh + 1);
		ino = tl_dec_be32(d, fh + 12);
		break;
	}
	TL_DEC_PUT(d, " fh ");
	tl_dec_u32(d, major);
	tl_dec_ch(d, ',');
	tl_dec_u32(d, minor);
	tl_dec_ch(d, '/');
	/* Minor 257 is Parse_fh's mark for an unknown handle; a known layout whose minor is 257
	 * makes tcpdump print a buffer it never filled, printed here as nothing. */
	if (minor != 257)
		tl_dec_u32(d, ino);
}

/* parsefh: the handle (v2's fixed 32 bytes, v3's counted) and the offset past it. */
size_t tl_nfs_parsefh(struct tl_dec *d, size_t dp, bool v3)
{
	uint32_t words = TL_NFS_V2FH / 4;

	if (v3) {
		words = tl_dec_be32(d, dp) / 4;
		dp += 4;
	}
	if (!tl_dec_has(d, dp, (size_t)words * 4))
		return TL_NFS_FAIL;
	tl_nfs_fh(d, dp, words);
	return dp + (size_t)words * 4;
}

/* parsefn: a counted name in quotes, padded to 4 bytes. */
size_t tl_nfs_parsefn(struct tl_dec *d, size_t dp)
{
	uint32_t len = tl_dec_be32(d, dp), rounded;

	dp += 4;
	if (UINT32_MAX - len < 3) {
		TL_DEC_PUT(d, "[cannot pad to 32-bit boundaries] (invalid)");
		return TL_NFS_FAIL;
	}
	rounded = tl_nfs_round4(len);
	if (!tl_dec_has(d, dp, rounded))
		return TL_NFS_FAIL;
	tl_dec_ch(d, '"');
	tl_dec_printn(d, dp, len);
	tl_dec_ch(d, '"');
	return dp + rounded;
}

size_t tl_nfs_parsefhn(struct tl_dec *d, size_t dp, bool v3)
{
	dp = tl_nfs_parsefh(d, dp, v3);
	if (dp == TL_NFS_FAIL)
		return TL_NFS_FAIL;
	tl_dec_ch(d, ' ');
	return tl_nfs_parsefn(d, dp);
}
