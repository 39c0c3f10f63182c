// SPDX-License-Identifier: GPL-2.0-only
/* An NFS reply's results (RFC 1094, RFC 1813), printed as the procedure of the call it answers. */
#include "out/proto/nfs_int.h"

/* NFS v2/v3 status values: the RFCs' and FreeBSD errno numbers, in FreeBSD's words. */
static const struct tl_tok tl_nfs_errors[] = {
	{ 1, "Operation not permitted" },
	{ 2, "No such file or directory" },
	{ 5, "Input/output error" },
	{ 6, "Device not configured" },
	{ 11, "Resource deadlock avoided" },
	{ 12, "Cannot allocate memory" },
	{ 13, "Permission denied" },
	{ 17, "File exists" },
	{ 18, "Cross-device link" },
	{ 19, "Operation not supported by device" },
	{ 20, "Not a directory" },
	{ 21, "Is a directory" },
	{ 22, "Invalid argument" },
	{ 26, "Text file busy" },
	{ 27, "File too large" },
	{ 28, "No space left on device" },
	{ 30, "Read-only file system" },
	{ 31, "Too many links" },
	{ 45, "Operation not supported" },
	{ 62, "Too many levels of symbolic links" },
	{ 63, "File name too long" },
	{ 66, "Directory not empty" },
	{ 69, "Disc quota exceeded" },
	{ 70, "Stale NFS file handle" },
	{ 71, "Too many levels of remote in path" },
	{ 99, "Write cache flushed to disk" },
	{ 10001, "Illegal NFS file handle" },
	{ 10002, "Update synchronization mismatch" },
	{ 10003, "READDIR/READDIRPLUS cookie is stale" },
	{ 10004, "Operation not supported" },
	{ 10005, "Buffer or request is too small" },
	{ 10006, "Unspecified error on server" },
	{ 10007, "Object of that type not supported" },
	{ 10008, "Request couldn't be completed in time" },
	{ 0, NULL },
};

/* " %u.%06u" of the two words at off (seconds, then micro- or nanoseconds). */
static void tl_nfs_time(struct tl_dec *d, size_t off)
{
	tl_dec_ch(d, ' ');
	tl_dec_u32(d, tl_dec_be32(d, off));
	tl_dec_ch(d, '.');
	tl_dec_u64w(d, tl_dec_be32(d, off + 4), 6);
}

static size_t tl_nfs_status(struct tl_nfs_rep *r, size_t dp, uint32_t *er)
{
	*er = tl_dec_be32(r->d, dp);
	if (*er) {
		TL_DEC_PUT(r->d, " ERROR: ");
		tl_dec_tok(r->d, tl_nfs_errors, *er, "unk ");
		r->err = true;
	}
	return dp + 4;
}

/* parsefattr: type, mode and ids with -v; links, devices and times too with -vv. */
static size_t tl_nfs_fattr(struct tl_dec *d, size_t dp, int verbose, bool v3)
{
	if (!tl_dec_has(d, dp + 16, 4))
		return TL_NFS_FAIL;
	if (verbose) {
		uint32_t type = tl_dec_be32(d, dp);
		const char *name = tl_tok(tl_nfs_types, type);

		tl_dec_ch(d, ' ');
		if (name) {
			tl_dec_str(d, name);
		} else {
			TL_DEC_PUT(d, "unk-ft ");
			tl_dec_u32(d, type);
			tl_dec_ch(d, ' ');
		}
		tl_dec_ch(d, ' ');
		tl_dec_oct(d, tl_dec_be32(d, dp + 4));
		TL_DEC_PUT(d, " ids ");
		tl_dec_i32(d, (int32_t)tl_dec_be32(d, dp + 12));
		tl_dec_ch(d, '/');
		tl_dec_i32(d, (int32_t)tl_dec_be32(d, dp + 16));
		tl_dec_need(d, dp + 20, v3 ? 8 : 4);
		TL_DEC_PUT(d, " sz ");
		if (v3)
			tl_dec_u64w(d, tl_dec_be64(d, dp + 20), 0);
		else
			tl_dec_u32(d, tl_dec_be32(d, dp + 20));
	}
	if (verbose > 1) {
		if (v3) {
			if (!tl_dec_has(d, dp + 76, 8))
				return TL_NFS_FAIL;
			TL_DEC_PUT(d, " nlink ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 8));
			TL_DEC_PUT(d, " rdev ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 36));
			tl_dec_ch(d, '/');
			tl_dec_u32(d, tl_dec_be32(d, dp + 40));
			TL_DEC_PUT(d, " fsid ");
			tl_dec_hex(d, tl_dec_be64(d, dp + 44));
			TL_DEC_PUT(d, " fileid ");
			tl_dec_hex(d, tl_dec_be64(d, dp + 52));
			TL_DEC_PUT(d, " a/m/ctime");
			tl_nfs_time(d, dp + 60);
			tl_nfs_time(d, dp + 68);
			tl_nfs_time(d, dp + 76);
		} else {
			if (!tl_dec_has(d, dp + 60, 8))
				return TL_NFS_FAIL;
			TL_DEC_PUT(d, " nlink ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 8));
			TL_DEC_PUT(d, " rdev 0x");
			tl_dec_hex(d, tl_dec_be32(d, dp + 28));
			TL_DEC_PUT(d, " fsid 0x");
			tl_dec_hex(d, tl_dec_be32(d, dp + 36));
			TL_DEC_PUT(d, " nodeid 0x");
			tl_dec_hex(d, tl_dec_be32(d, dp + 40));
			TL_DEC_PUT(d, " a/m/ctime");
			tl_nfs_time(d, dp + 44);
			tl_nfs_time(d, dp + 52);
			tl_nfs_time(d, dp + 60);
		}
	}
	return dp + (v3 ? TL_NFS_V3FATTR : TL_NFS_V2FATTR);
}

static bool tl_nfs_attrstat(struct tl_nfs_rep *r, size_t dp, int verbose, bool v3)
{
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (er)
		return true;
	return tl_nfs_fattr(r->d, dp, verbose, v3) != TL_NFS_FAIL;
}

static bool tl_nfs_diropres(struct tl_nfs_rep *r, size_t dp)
{
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (er)
		return true;
	dp = tl_nfs_parsefh(r->d, dp, false);
	if (dp == TL_NFS_FAIL)
		return false;
	return tl_nfs_fattr(r->d, dp, r->d->vflag, false) != TL_NFS_FAIL;
}

/* post_op_attr: the attributes when present, printed from -v on. */
static size_t tl_nfs_post_op(struct tl_dec *d, size_t dp, int verbose)
{
	if (!tl_dec_be32(d, dp))
		return dp + 4;
	dp += 4;
	if (verbose)
		return tl_nfs_fattr(d, dp, verbose, true);
	return dp + TL_NFS_V3FATTR;
}

/* pre_op_attr: size and times when present, printed from -vv on. */
static size_t tl_nfs_pre_op(struct tl_dec *d, size_t dp, int verbose)
{
	if (!tl_dec_be32(d, dp))
		return dp + 4;
	dp += 4;
	if (!tl_dec_has(d, dp, 24))
		return TL_NFS_FAIL;
	if (verbose > 1) {
		TL_DEC_PUT(d, " sz ");
		tl_dec_u64w(d, tl_dec_be64(d, dp), 0);
		TL_DEC_PUT(d, " mtime");
		tl_nfs_time(d, dp + 8);
		TL_DEC_PUT(d, " ctime");
		tl_nfs_time(d, dp + 16);
	}
	return dp + 24;
}

static size_t tl_nfs_wcc(struct tl_dec *d, size_t dp, int verbose)
{
	if (verbose > 1)
		TL_DEC_PUT(d, " PRE:");
	dp = tl_nfs_pre_op(d, dp, verbose);
	if (dp == TL_NFS_FAIL)
		return TL_NFS_FAIL;
	if (verbose)
		TL_DEC_PUT(d, " POST:");
	return tl_nfs_post_op(d, dp, verbose);
}

static bool tl_nfs_linkres(struct tl_nfs_rep *r, size_t dp, bool v3)
{
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (er)
		return true;
	if (v3) {
		dp = tl_nfs_post_op(r->d, dp, r->d->vflag);
		if (dp == TL_NFS_FAIL)
			return false;
	}
	tl_dec_ch(r->d, ' ');
	return tl_nfs_parsefn(r->d, dp) != TL_NFS_FAIL;
}

static bool tl_nfs_statfs(struct tl_nfs_rep *r, size_t dp, bool v3)
{
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (!v3 && er)
		return true;
	if (v3) {
		if (d->vflag)
			TL_DEC_PUT(d, " POST:");
		dp = tl_nfs_post_op(d, dp, d->vflag);
		if (dp == TL_NFS_FAIL)
			return false;
	}
	if (!tl_dec_has(d, dp, v3 ? TL_NFS_V3STATFS : TL_NFS_V2STATFS))
		return false;
	if (v3) {
		static const char *const f[] = { " tbytes ", " fbytes ", " abytes ",
						 " tfiles ", " ffiles ", " afiles " };

		for (unsigned int i = 0; i < (d->vflag ? 6u : 3u); i++) {
			tl_dec_str(d, f[i]);
			tl_dec_u64w(d, tl_dec_be64(d, dp + 8 * i), 0);
		}
		if (d->vflag) {
			TL_DEC_PUT(d, " invar ");
			tl_dec_u32(d, tl_dec_be32(d, dp + 48));
		}
	} else {
		static const char *const f[] = { " tsize ", " bsize ", " blocks ", " bfree ",
						 " bavail " };

		for (unsigned int i = 0; i < 5; i++) {
			tl_dec_str(d, f[i]);
			tl_dec_u32(d, tl_dec_be32(d, dp + 4 * i));
		}
	}
	return true;
}

static bool tl_nfs_rddires(struct tl_nfs_rep *r, size_t dp)
{
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (er)
		return true;
	tl_dec_need(d, dp, 8);
	TL_DEC_PUT(d, " offset 0x");
	tl_dec_hex(d, tl_dec_be32(d, dp));
	TL_DEC_PUT(d, " size ");
	tl_dec_u32(d, tl_dec_be32(d, dp + 4));
	tl_dec_ch(d, ' ');
	if (tl_dec_be32(d, dp + 8))
		TL_DEC_PUT(d, " eof");
	return true;
}

static size_t tl_nfs_createopres(struct tl_nfs_rep *r, size_t dp, int verbose)
{
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (er)
		return tl_nfs_wcc(d, dp, verbose);
	if (!tl_dec_be32(d, dp))
		return dp + 4;
	dp = tl_nfs_parsefh(d, dp + 4, true);
	if (dp == TL_NFS_FAIL || !verbose)
		return dp;
	dp = tl_nfs_post_op(d, dp, verbose);
	if (dp == TL_NFS_FAIL)
		return TL_NFS_FAIL;
	if (d->vflag > 1) {
		TL_DEC_PUT(d, " dir attr:");
		dp = tl_nfs_wcc(d, dp, verbose);
	}
	return dp;
}

static size_t tl_nfs_wccres(struct tl_nfs_rep *r, size_t dp, int verbose)
{
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	return tl_nfs_wcc(r->d, dp, verbose);
}

static size_t tl_nfs_v3rddires(struct tl_nfs_rep *r, size_t dp, int verbose)
{
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (d->vflag)
		TL_DEC_PUT(d, " POST:");
	dp = tl_nfs_post_op(d, dp, verbose);
	if (dp == TL_NFS_FAIL || er)
		return dp;
	if (d->vflag) {
		tl_dec_need(d, dp, 8);
		TL_DEC_PUT(d, " verf ");
		tl_dec_hexw(d, tl_dec_be32(d, dp), 8);
		tl_dec_hexw(d, tl_dec_be32(d, dp + 4), 8);
		dp += 8;
	}
	return dp;
}

static bool tl_nfs_fsinfo(struct tl_nfs_rep *r, size_t dp)
{
	static const struct {
		const char *name;
		uint8_t off;
	} f[] = { { " rtmax ", 0 },
		  { " rtpref ", 4 },
		  { " wtmax ", 12 },
		  { " wtpref ", 16 },
		  { " dtpref ", 24 } };
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (d->vflag)
		TL_DEC_PUT(d, " POST:");
	dp = tl_nfs_post_op(d, dp, d->vflag);
	if (dp == TL_NFS_FAIL)
		return false;
	if (er)
		return true;
	if (!tl_dec_has(d, dp, TL_NFS_V3FSINFO))
		return false;
	for (unsigned int i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		tl_dec_str(d, f[i].name);
		tl_dec_u32(d, tl_dec_be32(d, dp + f[i].off));
	}
	if (d->vflag) {
		TL_DEC_PUT(d, " rtmult ");
		tl_dec_u32(d, tl_dec_be32(d, dp + 8));
		TL_DEC_PUT(d, " wtmult ");
		tl_dec_u32(d, tl_dec_be32(d, dp + 20));
		TL_DEC_PUT(d, " maxfsz ");
		tl_dec_u64w(d, tl_dec_be64(d, dp + 28), 0);
		TL_DEC_PUT(d, " delta");
		tl_nfs_time(d, dp + 36);
		tl_dec_ch(d, ' ');
	}
	return true;
}

static bool tl_nfs_pathconf(struct tl_nfs_rep *r, size_t dp)
{
	static const char *const flags[] = { "notrunc", "chownres", "igncase", "keepcase" };
	struct tl_dec *d = r->d;
	uint32_t er;

	dp = tl_nfs_status(r, dp, &er);
	if (d->vflag)
		TL_DEC_PUT(d, " POST:");
	dp = tl_nfs_post_op(d, dp, d->vflag);
	if (dp == TL_NFS_FAIL)
		return false;
	if (er)
		return true;
	if (!tl_dec_has(d, dp, TL_NFS_V3PATHCONF))
		return false;
	TL_DEC_PUT(d, " linkmax ");
	tl_dec_u32(d, tl_dec_be32(d, dp));
	TL_DEC_PUT(d, " namemax ");
	tl_dec_u32(d, tl_dec_be32(d, dp + 4));
	for (unsigned int i = 0; i < 4; i++) {
		tl_dec_ch(d, ' ');
		if (tl_dec_be32(d, dp + 8 + 4 * i))
			tl_dec_str(d, flags[i]);
	}
	return true;
}

/* A v3 READ's or WRITE's result after its attributes, from -v on. */
static void tl_nfs_rw_count(struct tl_dec *d, size_t dp, bool write)
{
	uint32_t n, mode;
	uint64_t verf;

	if (!d->vflag)
		return;
	n = tl_dec_be32(d, dp);
	tl_dec_ch(d, ' ');
	tl_dec_u32(d, n);
	TL_DEC_PUT(d, " bytes");
	if (!write) {
		if (tl_dec_be32(d, dp + 4))
			TL_DEC_PUT(d, " EOF");
		return;
	}
	if (d->vflag > 1) {
		mode = tl_dec_be32(d, dp + 4);
		TL_DEC_PUT(d, " <");
		tl_nfs_tok_signed(d, tl_nfs_writemodes, mode);
		tl_dec_ch(d, '>');
		verf = tl_dec_be64(d, dp + 8);
		TL_DEC_PUT(d, " verf ");
		tl_dec_hex(d, verf);
	}
}

/* interp_reply's procedures, each false where the reply stops short. */
static bool tl_nfs_results(struct tl_nfs_rep *r, size_t dp, uint32_t proc, bool v3)
{
	struct tl_dec *d = r->d;
	int v = d->vflag;
	uint32_t er;

	switch (proc) {
	case TL_NP_GETATTR:
		return tl_nfs_attrstat(r, dp, 1, v3);
	case TL_NP_SETATTR:
		if (v3)
			return tl_nfs_wccres(r, dp, v) != TL_NFS_FAIL;
		return tl_nfs_attrstat(r, dp, 1, false);
	case TL_NP_LOOKUP:
		if (!v3)
			return tl_nfs_diropres(r, dp);
		dp = tl_nfs_status(r, dp, &er);
		if (!er) {
			dp = tl_nfs_parsefh(d, dp, true);
			if (dp == TL_NFS_FAIL)
				return false;
			dp = tl_nfs_post_op(d, dp, v);
			if (dp == TL_NFS_FAIL)
				return false;
		}
		if (v > 1) {
			TL_DEC_PUT(d, " post dattr:");
			dp = tl_nfs_post_op(d, dp, v);
		}
		return dp != TL_NFS_FAIL;
	case TL_NP_ACCESS:
		dp = tl_nfs_status(r, dp, &er);
		if (v)
			TL_DEC_PUT(d, " attr:");
		dp = tl_nfs_post_op(d, dp, v);
		if (dp == TL_NFS_FAIL)
			return false;
		if (!er) {
			uint32_t c = tl_dec_be32(d, dp);

			TL_DEC_PUT(d, " c ");
			tl_dec_hexw(d, c, 4);
		}
		return true;
	case TL_NP_READLINK:
		return tl_nfs_linkres(r, dp, v3);
	case TL_NP_READ:
	case TL_NP_WRITE:
		if (!v3)
			return tl_nfs_attrstat(r, dp, v, false);
		dp = tl_nfs_status(r, dp, &er);
		if (proc == TL_NP_READ)
			dp = tl_nfs_post_op(d, dp, v);
		else
			dp = tl_nfs_wcc(d, dp, v);
		if (dp == TL_NFS_FAIL)
			return false;
		if (!er)
			tl_nfs_rw_count(d, dp, proc == TL_NP_WRITE);
		return true;
	case TL_NP_CREATE:
	case TL_NP_MKDIR:
		if (!v3)
			return tl_nfs_diropres(r, dp);
		return tl_nfs_createopres(r, dp, v) != TL_NFS_FAIL;
	case TL_NP_SYMLINK:
	case TL_NP_REMOVE:
	case TL_NP_RMDIR:
	case TL_NP_RENAME:
	case TL_NP_LINK:
		if (!v3) {
			tl_nfs_status(r, dp, &er);
			return true;
		}
		if (proc == TL_NP_SYMLINK)
			return tl_nfs_createopres(r, dp, v) != TL_NFS_FAIL;
		if (proc == TL_NP_REMOVE || proc == TL_NP_RMDIR)
			return tl_nfs_wccres(r, dp, v) != TL_NFS_FAIL;
		dp = tl_nfs_status(r, dp, &er);
		if (!v)
			return true;
		if (proc == TL_NP_RENAME) {
			TL_DEC_PUT(d, " from:");
			dp = tl_nfs_wcc(d, dp, v);
			if (dp == TL_NFS_FAIL)
				return false;
			TL_DEC_PUT(d, " to:");
		} else {
			TL_DEC_PUT(d, " file POST:");
			dp = tl_nfs_post_op(d, dp, v);
			if (dp == TL_NFS_FAIL)
				return false;
			TL_DEC_PUT(d, " dir:");
		}
		return tl_nfs_wcc(d, dp, v) != TL_NFS_FAIL;
	case TL_NP_MKNOD:
		return tl_nfs_createopres(r, dp, v) != TL_NFS_FAIL;
	case TL_NP_READDIR:
		if (!v3)
			return tl_nfs_rddires(r, dp);
		return tl_nfs_v3rddires(r, dp, v) != TL_NFS_FAIL;
	case TL_NP_READDIRPLUS:
		return tl_nfs_v3rddires(r, dp, v) != TL_NFS_FAIL;
	case TL_NP_FSSTAT:
		return tl_nfs_statfs(r, dp, v3);
	case TL_NP_FSINFO:
		return tl_nfs_fsinfo(r, dp);
	case TL_NP_PATHCONF:
		return tl_nfs_pathconf(r, dp);
	case TL_NP_COMMIT:
		dp = tl_nfs_wccres(r, dp, v);
		if (dp == TL_NFS_FAIL)
			return false;
		if (v > 1) {
			uint64_t verf = tl_dec_be64(d, dp);

			TL_DEC_PUT(d, " verf ");
			tl_dec_hex(d, verf);
		}
		return true;
	default:
		return true;
	}
}

/* interp_reply: the reply as its call's procedure, the call being one this printer saw. */
void tl_nfs_interp(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc, uint32_t vers)
{
	struct tl_nfs_rep r = { .d = d };
	bool v3 = vers == TL_NFS_V3;
	size_t dp;

	if (!v3 && proc < TL_NP_COUNT)
		proc = tl_nfs_v2proc[proc];
	tl_dec_ch(d, ' ');
	tl_dec_tok(d, tl_nfs_procs, proc, "proc-");
	switch (proc) {
	case TL_NP_NULL:
	case TL_NP_NOOP:
		return;
	default:
		if (proc > TL_NP_COMMIT)
			return;
		break;
	}
	dp = tl_nfs_parserep(&r, rp, length);
	if (dp != TL_NFS_FAIL && tl_nfs_results(&r, dp, proc, v3))
		return;
	if (!r.err)
		tl_dec_trunc_mark(d);
}
