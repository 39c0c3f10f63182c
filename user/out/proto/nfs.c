// SPDX-License-Identifier: GPL-2.0-only
/* NFS v2/v3 over TCP (port 2049, ONC RPC record marking, RFC 5531), as print-nfs.c prints
 * calls, and the replies it can pair with a call it saw by XID. */
#include <limits.h>

#include "out/proto/decode.h"
#include "out/proto/proto.h"

/* RPC message (RFC 5531 9): xid, direction, then the call or reply body. */
#define TL_RPC_CALL	      0
#define TL_RPC_REPLY	      1
#define TL_RPC_OFF_XID	      0
#define TL_RPC_OFF_DIR	      4
#define TL_RPC_OFF_VERS	      16 /* call: rpcvers 8, prog 12, vers 16, proc 20, cred 24 */
#define TL_RPC_OFF_PROC	      20
#define TL_RPC_OFF_CRED	      24
#define TL_RPC_OFF_STAT	      8	 /* reply: accepted 0 / denied 1 */
#define TL_RPC_OFF_REJECT     12 /* denied: rpc mismatch 0 / auth error 1, then low/high or why */
#define TL_RPC_OFF_VERF	      12 /* accepted: verifier flavour, length, body, then accept_stat */
#define TL_NFS_FAIL	      SIZE_MAX /* print-nfs.c's NULL: the request or reply ends " [|nfs]" */
#define TL_NFS_V3	      3
#define TL_NFS_V2FH	      32
#define TL_NFS_V3FHMAX	      64
#define TL_NFS_V2FATTR	      68
#define TL_NFS_V3FATTR	      84
#define TL_NFS_V2STATFS	      20
#define TL_NFS_V3STATFS	      52
#define TL_NFS_V3FSINFO	      48
#define TL_NFS_V3PATHCONF     24
#define TL_NFS_ACCESS_FULL    0x3f
#define TL_NFS_SATTR_TOCLIENT 2

/* The generic procedure numbers print-nfs.c names: NFSv3's, with 25 for v2's no-ops. */
enum {
	TL_NP_NULL,
	TL_NP_GETATTR,
	TL_NP_SETATTR,
	TL_NP_LOOKUP,
	TL_NP_ACCESS,
	TL_NP_READLINK,
	TL_NP_READ,
	TL_NP_WRITE,
	TL_NP_CREATE,
	TL_NP_MKDIR,
	TL_NP_SYMLINK,
	TL_NP_MKNOD,
	TL_NP_REMOVE,
	TL_NP_RMDIR,
	TL_NP_RENAME,
	TL_NP_LINK,
	TL_NP_READDIR,
	TL_NP_READDIRPLUS,
	TL_NP_FSSTAT,
	TL_NP_FSINFO,
	TL_NP_PATHCONF,
	TL_NP_COMMIT,
	TL_NP_NOOP = 25,
	TL_NP_COUNT = 26,
};

/* RFC 1094's v2 procedures in v3's numbering; every number from 18 up is a no-op in v2. */
static const uint8_t tl_nfs_v2proc[TL_NP_COUNT] = {
	TL_NP_NULL, TL_NP_GETATTR, TL_NP_SETATTR, TL_NP_NOOP,	TL_NP_LOOKUP,  TL_NP_READLINK,
	TL_NP_READ, TL_NP_NOOP,	   TL_NP_WRITE,	  TL_NP_CREATE, TL_NP_REMOVE,  TL_NP_RENAME,
	TL_NP_LINK, TL_NP_SYMLINK, TL_NP_MKDIR,	  TL_NP_RMDIR,	TL_NP_READDIR, TL_NP_FSSTAT,
	TL_NP_NOOP, TL_NP_NOOP,	   TL_NP_NOOP,	  TL_NP_NOOP,	TL_NP_NOOP,    TL_NP_NOOP,
	TL_NP_NOOP, TL_NP_NOOP,
};

static const struct tl_tok tl_nfs_procs[] = {
	{ TL_NP_NOOP, "nop" },
	{ TL_NP_NULL, "null" },
	{ TL_NP_GETATTR, "getattr" },
	{ TL_NP_SETATTR, "setattr" },
	{ TL_NP_LOOKUP, "lookup" },
	{ TL_NP_ACCESS, "access" },
	{ TL_NP_READLINK, "readlink" },
	{ TL_NP_READ, "read" },
	{ TL_NP_WRITE, "write" },
	{ TL_NP_CREATE, "create" },
	{ TL_NP_MKDIR, "mkdir" },
	{ TL_NP_SYMLINK, "symlink" },
	{ TL_NP_MKNOD, "mknod" },
	{ TL_NP_REMOVE, "remove" },
	{ TL_NP_RMDIR, "rmdir" },
	{ TL_NP_RENAME, "rename" },
	{ TL_NP_LINK, "link" },
	{ TL_NP_READDIR, "readdir" },
	{ TL_NP_READDIRPLUS, "readdirplus" },
	{ TL_NP_FSSTAT, "fsstat" },
	{ TL_NP_FSINFO, "fsinfo" },
	{ TL_NP_PATHCONF, "pathconf" },
	{ TL_NP_COMMIT, "commit" },
	{ 0, NULL },
};

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

static const struct tl_tok tl_nfs_writemodes[] = {
	{ 0, "unstable" },
	{ 1, "datasync" },
	{ 2, "filesync" },
	{ 0, NULL },
};

/* File types; 6 (socket) has no name in tcpdump's table. */
static const struct tl_tok tl_nfs_types[] = {
	{ 0, "NON" }, { 1, "REG" }, { 2, "DIR" },  { 3, "BLK" },
	{ 4, "CHR" }, { 5, "LNK" }, { 7, "FIFO" }, { 0, NULL },
};

static const struct tl_tok tl_rpc_auth[] = {
	{ 0, "OK" },
	{ 1, "Bogus Credentials (seal broken)" },
	{ 2, "Rejected Credentials (client should begin new session)" },
	{ 3, "Bogus Verifier (seal broken)" },
	{ 4, "Verifier expired or was replayed" },
	{ 5, "Credentials are too weak" },
	{ 6, "Bogus response verifier" },
	{ 7, "Unknown failure" },
	{ 0, NULL },
};

static const struct tl_tok tl_rpc_accept[] = {
	{ 1, "PROG_UNAVAIL" }, { 2, "PROG_MISMATCH" }, { 3, "PROC_UNAVAIL" },
	{ 4, "GARBAGE_ARGS" }, { 5, "SYSTEM_ERR" },    { 0, NULL },
};

/*
 * The calls seen, so that a reply (which carries no procedure) can be printed as the reply to
 * its call. tcpdump keeps the last 64 in a ring and searches it from the last hit; the same
 * size and order here make the same call win when an XID repeats, and the bound is what keeps
 * memory flat on a link that never answers. Printing is single-threaded (the merge hands the
 * printer one record at a time), so the ring needs no lock.
 */
#define TL_NFS_CALLS 64

struct tl_nfs_call {
	uint32_t xid;
	uint8_t family; /* 0: an empty slot, which matches nothing */
	uint8_t client[16], server[16];
	uint32_t proc, vers;
};

static struct tl_nfs_call tl_nfs_calls[TL_NFS_CALLS];
static unsigned int tl_nfs_next, tl_nfs_hint;

void tl_dec_nfs_reset(void)
{
	memset(tl_nfs_calls, 0, sizeof(tl_nfs_calls));
	tl_nfs_next = tl_nfs_hint = 0;
}

static size_t tl_addr_len(uint8_t family)
{
	return family == 6 ? 16 : 4;
}

static void tl_nfs_remember(const struct tl_dec *d, uint32_t xid, uint32_t proc, uint32_t vers)
{
	const struct tl_dec_seg *s = d->seg;
	struct tl_nfs_call *c;

	if (!s || (s->family != 4 && s->family != 6))
		return;
	c = &tl_nfs_calls[tl_nfs_next];
	tl_nfs_next = (tl_nfs_next + 1) % TL_NFS_CALLS;
	memset(c, 0, sizeof(*c));
	c->xid = xid;
	c->family = s->family;
	memcpy(c->client, s->saddr, tl_addr_len(s->family));
	memcpy(c->server, s->daddr, tl_addr_len(s->family));
	c->proc = proc;
	c->vers = vers;
}

/* xid_map_find: the call this reply answers, the server being the reply's source. */
static bool tl_nfs_recall(const struct tl_dec *d, uint32_t xid, uint32_t *proc, uint32_t *vers)
{
	const struct tl_dec_seg *s = d->seg;
	unsigned int i = tl_nfs_hint;

	if (!s || (s->family != 4 && s->family != 6))
		return false;
	do {
		const struct tl_nfs_call *c = &tl_nfs_calls[i];
		size_t n = tl_addr_len(s->family);

		if (c->family == s->family && c->xid == xid && !memcmp(c->server, s->saddr, n) &&
		    !memcmp(c->client, s->daddr, n)) {
			tl_nfs_hint = i;
			*proc = c->proc;
			*vers = c->vers;
			return true;
		}
		i = (i + 1) % TL_NFS_CALLS;
	} while (i != tl_nfs_hint);
	return false;
}

/* %o */
static void tl_dec_oct(struct tl_dec *d, uint32_t v)
{
	char tmp[12], *t = tmp + sizeof(tmp);

	do {
		*--t = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	tl_dec_mem(d, t, (size_t)(tmp + sizeof(tmp) - t));
}

/* %" PRId64 " of an unsigned 64-bit field: tcpdump prints offset cookies signed. */
static void tl_dec_i64(struct tl_dec *d, uint64_t v)
{
	if (v >> 63) {
		tl_dec_ch(d, '-');
		v = 0 - v;
	}
	tl_dec_u64w(d, v, 0);
}

/* " %u.%06u" of the two words at off (seconds, then micro- or nanoseconds). */
static void tl_nfs_time(struct tl_dec *d, size_t off)
{
	tl_dec_ch(d, ' ');
	tl_dec_u32(d, tl_dec_be32(d, off));
	tl_dec_ch(d, '.');
	tl_dec_u64w(d, tl_dec_be32(d, off + 4), 6);
}

/* tok2str with a NULL format: the name, else "#" and the value as a signed int. */
static void tl_nfs_tok_signed(struct tl_dec *d, const struct tl_tok *t, uint32_t v)
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
static uint32_t tl_nfs_round4(uint32_t len)
{
	return (len + 3) & ~3u;
}

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
static size_t tl_nfs_parsefh(struct tl_dec *d, size_t dp, bool v3)
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
static size_t tl_nfs_parsefn(struct tl_dec *d, size_t dp)
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

static size_t tl_nfs_parsefhn(struct tl_dec *d, size_t dp, bool v3)
{
	dp = tl_nfs_parsefh(d, dp, v3);
	if (dp == TL_NFS_FAIL)
		return TL_NFS_FAIL;
	tl_dec_ch(d, ' ');
	return tl_nfs_parsefn(d, dp);
}

/*
 * parsereq: past the credentials and verifier to the arguments. length is the record's, so
 * these tests compare the opaque lengths with the whole record, as tcpdump's do.
 */
static size_t tl_nfs_parsereq(struct tl_dec *d, size_t rp, uint32_t length)
{
	size_t dp = rp + TL_RPC_OFF_CRED;
	uint32_t len, rounded;

	if (length < 8)
		return TL_NFS_FAIL;
	len = tl_dec_be32(d, dp + 4);
	rounded = tl_nfs_round4(len);
	if (!tl_dec_has(d, dp + 8, rounded) || 8 + (uint64_t)rounded > length)
		return TL_NFS_FAIL;
	dp += ((uint64_t)len + 11) / 4 * 4;
	length -= 8 + rounded;
	if (length < 8)
		return TL_NFS_FAIL;
	len = tl_dec_be32(d, dp + 4);
	rounded = tl_nfs_round4(len);
	if (!tl_dec_has(d, dp + 8, rounded) || 8 + (uint64_t)rounded >= length)
		return TL_NFS_FAIL;
	return dp + ((uint64_t)len + 11) / 4 * 4;
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
static bool tl_nfs_call_args(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc, bool v3)
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

/* nfsreq_noaddr_print: the record's length, the procedure, its arguments. */
static void tl_nfs_call(struct tl_dec *d, size_t rp, uint32_t length)
{
	uint32_t proc;
	bool v3;

	d->proto = "nfs";
	tl_dec_u32(d, length);
	if (!tl_dec_has(d, rp + TL_RPC_OFF_PROC, 4)) {
		tl_dec_trunc_mark(d);
		return;
	}
	tl_nfs_remember(d, tl_dec_be32(d, rp + TL_RPC_OFF_XID),
			tl_dec_be32(d, rp + TL_RPC_OFF_PROC), tl_dec_be32(d, rp + TL_RPC_OFF_VERS));
	v3 = tl_dec_be32(d, rp + TL_RPC_OFF_VERS) == TL_NFS_V3;
	proc = tl_dec_be32(d, rp + TL_RPC_OFF_PROC);
	if (!v3 && proc < TL_NP_COUNT)
		proc = tl_nfs_v2proc[proc];
	tl_dec_ch(d, ' ');
	tl_dec_tok(d, tl_nfs_procs, proc, "proc-");
	if (!tl_nfs_call_args(d, rp, length, proc, v3))
		tl_dec_trunc_mark(d);
}

/* The state a reply's parsers share: print-nfs.c's nfserrp, set when an error was printed
 * and the " [|nfs]" that a failed parse prints would be wrong. */
struct tl_nfs_rep {
	struct tl_dec *d;
	bool err;
};

/* parserep: past the verifier to the results; a failed RPC prints its accept_stat. */
static size_t tl_nfs_parserep(struct tl_nfs_rep *r, size_t rp, uint32_t length)
{
	struct tl_dec *d = r->d;
	size_t dp = rp + TL_RPC_OFF_VERF;
	uint32_t len = tl_dec_be32(d, dp + 4), astat;

	if (len >= length)
		return TL_NFS_FAIL;
	dp += ((uint64_t)len + 11) / 4 * 4;
	astat = tl_dec_be32(d, dp);
	if (astat) {
		tl_dec_ch(d, ' ');
		tl_dec_tok(d, tl_rpc_accept, astat, "ar_stat ");
		r->err = true;
		return TL_NFS_FAIL;
	}
	return dp + 4;
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
static void tl_nfs_interp(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc,
			  uint32_t vers)
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

/* nfsreply_noaddr_print: accepted ("reply ok") and matched, or why the call was denied. */
static void tl_nfs_reply(struct tl_dec *d, size_t rp, uint32_t length)
{
	uint32_t proc, vers;

	d->proto = "nfs";
	if (!tl_dec_has(d, rp + TL_RPC_OFF_STAT, 4)) {
		tl_dec_trunc_mark(d);
		return;
	}
	switch (tl_dec_be32(d, rp + TL_RPC_OFF_STAT)) {
	case 0:
		TL_DEC_PUT(d, "reply ok ");
		tl_dec_u32(d, length);
		if (tl_nfs_recall(d, tl_dec_be32(d, rp + TL_RPC_OFF_XID), &proc, &vers))
			tl_nfs_interp(d, rp, length, proc, vers);
		return;
	case 1:
		TL_DEC_PUT(d, "reply ERR ");
		tl_dec_u32(d, length);
		TL_DEC_PUT(d, ": ");
		if (!tl_dec_has(d, rp + TL_RPC_OFF_REJECT, 4)) {
			tl_dec_trunc_mark(d);
			return;
		}
		switch (tl_dec_be32(d, rp + TL_RPC_OFF_REJECT)) {
		case 0:
			if (!tl_dec_has(d, rp + TL_RPC_OFF_REJECT + 8, 4)) {
				tl_dec_trunc_mark(d);
				return;
			}
			TL_DEC_PUT(d, "RPC Version mismatch (");
			tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_REJECT + 4));
			tl_dec_ch(d, '-');
			tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_REJECT + 8));
			tl_dec_ch(d, ')');
			return;
		case 1:
			if (!tl_dec_has(d, rp + TL_RPC_OFF_REJECT + 4, 4)) {
				tl_dec_trunc_mark(d);
				return;
			}
			TL_DEC_PUT(d, "Auth ");
			tl_dec_tok(d, tl_rpc_auth, tl_dec_be32(d, rp + TL_RPC_OFF_REJECT + 4),
				   "Invalid failure code ");
			return;
		default:
			TL_DEC_PUT(d, "Unknown reason for rejecting rpc message ");
			tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_REJECT));
			return;
		}
	default:
		TL_DEC_PUT(d, "reply Unknown rpc response code=");
		tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_STAT));
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, length);
		return;
	}
}

/*
 * print-tcp.c's NFS branch: a record mark (RFC 5531 11: last-fragment bit and length) and an
 * RPC message. Calls print only to port 2049 and replies only from it; anything else on the
 * port prints nothing. The record's length, cut to the segment, is what the RPC tests compare
 * with; the bytes read are bounded by the capture alone, as tcpdump's are.
 */
void tl_dec_nfs(struct tl_dec *d, uint32_t len)
{
	const size_t rp = 4;
	uint32_t frag, dir;

	if (len < 4 || !tl_dec_has(d, 0, 4) || !d->seg)
		return;
	frag = tl_dec_be32(d, 0) & 0x7fffffff;
	if (frag > len - 4)
		frag = len - 4;
	if (!tl_dec_has(d, rp + TL_RPC_OFF_DIR, 4))
		return;
	dir = tl_dec_be32(d, rp + TL_RPC_OFF_DIR);
	if (d->seg->dport == TL_PORT_NFS && dir == TL_RPC_CALL) {
		TL_DEC_PUT(d, ": NFS request xid ");
		tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_XID));
		tl_dec_ch(d, ' ');
		tl_nfs_call(d, rp, frag);
	} else if (d->seg->sport == TL_PORT_NFS && dir == TL_RPC_REPLY) {
		TL_DEC_PUT(d, ": NFS reply xid ");
		tl_dec_u32(d, tl_dec_be32(d, rp + TL_RPC_OFF_XID));
		tl_dec_ch(d, ' ');
		tl_nfs_reply(d, rp, frag);
	}
}
