// SPDX-License-Identifier: GPL-2.0-only
/* An NFS call's arguments (RFC 1094, RFC 1813), as print-nfs.c prints them after its procedure. */
#include "out/proto/nfs_int.h"

/* %" PRId64 " of an unsigned 64-bit field: tcpdump prints offset cookies signed. */
static void tl_dec_i64(struct tl_dec *d, uint64_t v)
{
	if (v >> 63) {
		tl_dec_ch(d, '-');
		v = 0 - v;
	}
	tl_dec_u64w(d, v, 0);
}

/* sattr3 (RFC 1813 2.6): each field after a word saying whether it is set. */
struct tl_nfs_sattr {
	uint32_t mode_set, mode, uid_set, uid, gid_set, gid;
	uint32_t atime_type, atime[2], mtime_type, mtime[2];
};

static size_t tl_nfs_parse_sattr(struct tl_dec *d, size_t dp, struct tl_nfs_sattr *sa)
{
	uint32_t size_set;

	memset(sa, 0, sizeof(*sa));
#define TL_SA_FIELD(set, val)                       \
	do {                                        \
		(set) = tl_dec_be32(d, dp);         \
		dp += 4;                            \
		if (set) {                          \
			(val) = tl_dec_be32(d, dp); \
			dp += 4;                    \
		}                                   \
	} while (0)
	TL_SA_FIELD(sa->mode_set, sa->mode);
	TL_SA_FIELD(sa->uid_set, sa->uid);
	TL_SA_FIELD(sa->gid_set, sa->gid);
	size_set = tl_dec_be32(d, dp);
	dp += 4;
	if (size_set) {
		tl_dec_be32(d, dp);
		dp += 4;
	}
#undef TL_SA_FIELD
	sa->atime_type = tl_dec_be32(d, dp);
	dp += 4;
	if (sa->atime_type == TL_NFS_SATTR_TOCLIENT) {
		sa->atime[0] = tl_dec_be32(d, dp);
		sa->atime[1] = tl_dec_be32(d, dp + 4);
		dp += 8;
	}
	sa->mtime_type = tl_dec_be32(d, dp);
	dp += 4;
	if (sa->mtime_type == TL_NFS_SATTR_TOCLIENT) {
		sa->mtime[0] = tl_dec_be32(d, dp);
		sa->mtime[1] = tl_dec_be32(d, dp + 4);
		dp += 8;
	}
	return dp;
}

static void tl_nfs_print_sattr(struct tl_dec *d, const struct tl_nfs_sattr *sa)
{
	if (sa->mode_set) {
		TL_DEC_PUT(d, " mode ");
		tl_dec_oct(d, sa->mode);
	}
	if (sa->uid_set) {
		TL_DEC_PUT(d, " uid ");
		tl_dec_u32(d, sa->uid);
	}
	if (sa->gid_set) {
		TL_DEC_PUT(d, " gid ");
		tl_dec_u32(d, sa->gid);
	}
	if (d->vflag > 1) {
		if (sa->atime_type == TL_NFS_SATTR_TOCLIENT) {
			TL_DEC_PUT(d, " atime ");
			tl_dec_u32(d, sa->atime[0]);
			tl_dec_ch(d, '.');
			tl_dec_u64w(d, sa->atime[1], 6);
		}
		if (sa->mtime_type == TL_NFS_SATTR_TOCLIENT) {
			TL_DEC_PUT(d, " mtime ");
			tl_dec_u32(d, sa->mtime[0]);
			tl_dec_ch(d, '.');
			tl_dec_u64w(d, sa->mtime[1], 6);
		}
	}
}

/* ACCESS's bits (RFC 1813 3.3.4) by name, or in hex when any is past the six known. */
static void tl_nfs_access(struct tl_dec *d, uint32_t fl)
{
	static const char *const names[] = { "READ",   "LOOKUP", "MODIFY",
					     "EXTEND", "DELETE", "EXECUTE" };
	char sep = ' ';

	if (fl & ~(uint32_t)TL_NFS_ACCESS_FULL) {
		tl_dec_ch(d, ' ');
		tl_dec_hexw(d, fl, 4);
		return;
	}
	if (fl == TL_NFS_ACCESS_FULL) {
		TL_DEC_PUT(d, " NFS_ACCESS_FULL");
		return;
	}
	for (unsigned int i = 0; i < 6; i++) {
		if (!(fl & (1u << i)))
			continue;
		tl_dec_ch(d, sep);
		TL_DEC_PUT(d, "NFS_ACCESS_");
		tl_dec_str(d, names[i]);
		sep = '|';
	}
}

/* The arguments of a call after its procedure's name; false where tcpdump says " [|nfs]". */
bool tl_nfs_call_args(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc, bool v3)
{
	struct tl_nfs_sattr sa;
	size_t dp;
	uint32_t type;

	switch (proc) {
	case TL_NP_GETATTR:
	case TL_NP_SETATTR:
	case TL_NP_READLINK:
	case TL_NP_FSSTAT:
	case TL_NP_FSINFO:
	case TL_NP_PATHCONF:
	case TL_NP_LOOKUP:
	case TL_NP_CREATE:
	case TL_NP_MKDIR:
	case TL_NP_REMOVE:
	case TL_NP_RMDIR:
	case TL_NP_ACCESS:
	case TL_NP_READ:
	case TL_NP_WRITE:
	case TL_NP_SYMLINK:
	case TL_NP_MKNOD:
	case TL_NP_RENAME:
	case TL_NP_LINK:
	case TL_NP_READDIR:
	case TL_NP_READDIRPLUS:
	case TL_NP_COMMIT:
		break;
	default:
		return true;
	}
	dp = tl_nfs_parsereq(d, rp, length);
	if (dp == TL_NFS_FAIL)
		return false;

	switch (proc) {
	case TL_NP_LOOKUP:
	case TL_NP_CREATE:
	case TL_NP_MKDIR:
	case TL_NP_REMOVE:
	case TL_NP_RMDIR:
		return tl_nfs_parsefhn(d, dp, v3) != TL_NFS_FAIL;
	case TL_NP_SYMLINK:
		dp = tl_nfs_parsefhn(d, dp, v3);
		if (dp == TL_NFS_FAIL)
			return false;
		TL_DEC_PUT(d, " ->");
		if (v3)
			dp = tl_nfs_parse_sattr(d, dp, &sa);
		if (tl_nfs_parsefn(d, dp) == TL_NFS_FAIL)
			return false;
		if (v3 && d->vflag)
			tl_nfs_print_sattr(d, &sa);
		return true;
	case TL_NP_MKNOD:
		dp = tl_nfs_parsefhn(d, dp, v3);
		if (dp == TL_NFS_FAIL)
			return false;
		type = tl_dec_be32(d, dp);
		dp = tl_nfs_parse_sattr(d, dp + 4, &sa);
		tl_dec_ch(d, ' ');
		tl_dec_tok(d, tl_nfs_types, type, "unk-ft ");
		if (d->vflag && (type == 4 || type == 3)) {
			tl_dec_need(d, dp, 8);
			tl_dec_ch(d, ' ');
			tl_dec_u32(d, tl_dec_be32(d, dp));
			tl_dec_ch(d, '/');
			tl_dec_u32(d, tl_dec_be32(d, dp + 4));
		}
		if (d->vflag)
			tl_nfs_print_sattr(d, &sa);
		return true;
	case TL_NP_RENAME:
		dp = tl_nfs_parsefhn(d, dp, v3);
		if (dp == TL_NFS_FAIL)
			return false;
		TL_DEC_PUT(d, " ->");
		return tl_nfs_parsefhn(d, dp, v3) != TL_NFS_FAIL;
	case TL_NP_LINK:
		dp = tl_nfs_parsefh(d, dp, v3);
		if (dp == TL_NFS_FAIL)
			return false;
		TL_DEC_PUT(d, " ->");
		return tl_nfs_parsefhn(d, dp, v3) != TL_NFS_FAIL;
	default:
		break;
	}

	/* The rest start with one handle. */
	dp = tl_nfs_parsefh(d, dp, v3);
	if (dp == TL_NFS_FAIL)
		return false;
	switch (proc) {
	case TL_NP_ACCESS:
		tl_nfs_access(d, tl_dec_be32(d, dp));
		break;
	case TL_NP_READ:
		tl_dec_need(d, dp, v3 ? 12 : 8);
		TL_DEC_PUT(d, " ");
		if (v3) {
			tl_dec_u32(d, tl_dec_be32(d, dp + 8));
			TL_DEC_PUT(d, " bytes @ ");
			tl_dec_u64w(d, tl_dec_be64(d, dp), 0);
		} else {
			tl_dec_u32(d, tl_dec_be32(d, dp + 4));
			TL_DEC_PUT(d, " bytes @ ");
			tl_dec_u32(d, tl_dec_be32(d, dp));
		}
		break;
	case TL_NP_WRITE:
		tl_dec_need(d, dp, v3 ? 20 : 16);
		tl_dec_ch(d, ' ');
		if (v3) {
			tl_dec_u32(d, tl_dec_be32(d, dp + 16));
			TL_DEC_PUT(d, " (");
			tl_dec_u32(d, tl_dec_be32(d, dp + 8));
			TL_DEC_PUT(d, ") bytes @ ");
			tl_dec_u64w(d, tl_dec_be64(d, dp), 0);
			if (d->vflag) {
				TL_DEC_PUT(d, " <");
				tl_nfs_tok_signed(d, tl_nfs_writemodes, tl_dec_be32(d, dp + 12));
				tl_dec_ch(d, '>');
			}
		} else {
			tl_dec_u32(d, tl_dec_be32(d, dp + 12));
			TL_DEC_PUT(d, " (");
			tl_dec_u32(d, tl_dec_be32(d, dp + 8));
			TL_DEC_PUT(d, ") bytes @ ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 4));
			TL_DEC_PUT(d, " (");
			tl_dec_u32(d, tl_dec_be32(d, dp));
			tl_dec_ch(d, ')');
		}
		break;
	case TL_NP_READDIR:
		tl_dec_need(d, dp, v3 ? 20 : 8);
		tl_dec_ch(d, ' ');
		if (v3) {
			tl_dec_u32(d, tl_dec_be32(d, dp + 16));
			TL_DEC_PUT(d, " bytes @ ");
			tl_dec_i64(d, tl_dec_be64(d, dp));
			if (d->vflag) {
				TL_DEC_PUT(d, " verf ");
				tl_dec_hexw(d, tl_dec_be32(d, dp + 8), 8);
				tl_dec_hexw(d, tl_dec_be32(d, dp + 12), 8);
			}
		} else {
			tl_dec_u32(d, tl_dec_be32(d, dp + 4));
			TL_DEC_PUT(d, " bytes @ ");
			tl_dec_u32(d, tl_dec_be32(d, dp));
		}
		break;
	case TL_NP_READDIRPLUS:
		tl_dec_need(d, dp, 20);
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, tl_dec_be32(d, dp + 16));
		TL_DEC_PUT(d, " bytes @ ");
		tl_dec_i64(d, tl_dec_be64(d, dp));
		if (d->vflag) {
			tl_dec_need(d, dp, 24);
			TL_DEC_PUT(d, " max ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 20));
			TL_DEC_PUT(d, " verf ");
			tl_dec_hexw(d, tl_dec_be32(d, dp + 8), 8);
			tl_dec_hexw(d, tl_dec_be32(d, dp + 12), 8);
		}
		break;
	case TL_NP_COMMIT:
		tl_dec_need(d, dp, 12);
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, tl_dec_be32(d, dp + 8));
		TL_DEC_PUT(d, " bytes @ ");
		tl_dec_u64w(d, tl_dec_be64(d, dp), 0);
		break;
	default:
		break;
	}
	return true;
}
