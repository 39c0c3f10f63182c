/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the NFS printer (user/out/proto/nfs*.c) share: the RPC offsets, the
 * procedure numbers, the tables both calls and replies name values with, and each part's entry
 * points. Private to those files: the rest of tcplens sees tl_dec_nfs() in proto.h only.
 */
#ifndef TL_NFS_INT_H
#define TL_NFS_INT_H

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

/* The state a reply's parsers share: print-nfs.c's nfserrp, set when an error was printed
 * and the " [|nfs]" that a failed parse prints would be wrong. */
struct tl_nfs_rep {
	struct tl_dec *d;
	bool err;
};

/* nfs_rpc.c: the RPC headers, and the procedure names a call and its reply both print. */
extern const uint8_t tl_nfs_v2proc[TL_NP_COUNT];
extern const struct tl_tok tl_nfs_procs[];
size_t tl_nfs_parsereq(struct tl_dec *d, size_t rp, uint32_t length);
size_t tl_nfs_parserep(struct tl_nfs_rep *r, size_t rp, uint32_t length);

/* nfs_fmt.c: the value formats calls and replies share. */
extern const struct tl_tok tl_nfs_writemodes[];
extern const struct tl_tok tl_nfs_types[];
void tl_dec_oct(struct tl_dec *d, uint32_t v);
void tl_nfs_tok_signed(struct tl_dec *d, const struct tl_tok *t, uint32_t v);
uint32_t tl_nfs_round4(uint32_t len);

/* nfs_fh.c: file handles and names. */
size_t tl_nfs_parsefh(struct tl_dec *d, size_t dp, bool v3);
size_t tl_nfs_parsefn(struct tl_dec *d, size_t dp);
size_t tl_nfs_parsefhn(struct tl_dec *d, size_t dp, bool v3);

/* nfs_call.c and nfs_reply.c: a call's arguments, a matched reply's results. */
bool tl_nfs_call_args(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc, bool v3);
void tl_nfs_interp(struct tl_dec *d, size_t rp, uint32_t length, uint32_t proc, uint32_t vers);

#endif /* TL_NFS_INT_H */
