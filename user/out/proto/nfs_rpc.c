// SPDX-License-Identifier: GPL-2.0-only
/* NFS v2/v3 over TCP (port 2049, ONC RPC record marking, RFC 5531): the record mark, the call
 * and reply headers, and the XID cache that pairs a reply with the call print-nfs.c saw. */
#include "out/proto/nfs_int.h"

/* RFC 1094's v2 procedures in v3's numbering; every number from 18 up is a no-op in v2. */
const uint8_t tl_nfs_v2proc[TL_NP_COUNT] = {
	TL_NP_NULL, TL_NP_GETATTR, TL_NP_SETATTR, TL_NP_NOOP,	TL_NP_LOOKUP,  TL_NP_READLINK,
	TL_NP_READ, TL_NP_NOOP,	   TL_NP_WRITE,	  TL_NP_CREATE, TL_NP_REMOVE,  TL_NP_RENAME,
	TL_NP_LINK, TL_NP_SYMLINK, TL_NP_MKDIR,	  TL_NP_RMDIR,	TL_NP_READDIR, TL_NP_FSSTAT,
	TL_NP_NOOP, TL_NP_NOOP,	   TL_NP_NOOP,	  TL_NP_NOOP,	TL_NP_NOOP,    TL_NP_NOOP,
	TL_NP_NOOP, TL_NP_NOOP,
};

const struct tl_tok tl_nfs_procs[] = {
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

/*
 * parsereq: past the credentials and verifier to the arguments. length is the record's, so
 * these tests compare the opaque lengths with the whole record, as tcpdump's do.
 */
size_t tl_nfs_parsereq(struct tl_dec *d, size_t rp, uint32_t length)
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

/* parserep: past the verifier to the results; a failed RPC prints its accept_stat. */
size_t tl_nfs_parserep(struct tl_nfs_rep *r, size_t rp, uint32_t length)
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
