// SPDX-License-Identifier: GPL-2.0-only
/* Classic BPF, as libpcap compiles a filter, translated to the eBPF body of tl_filter(). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "tcplens.h"
#include "capture/cbpf_to_ebpf.h"
#include "log.h"

/*
 * Registers of the translated program. A and X live in callee-saved registers so the load
 * helper of the slow path does not clobber them; so do the buffer and its length, which
 * every load needs. ctx, cap_len and wire_len are needed rarely and wait on the stack.
 */
#define R_A	    BPF_REG_6
#define R_X	    BPF_REG_7
#define R_BUF	    BPF_REG_8
#define R_BLEN	    BPF_REG_9
#define FP_TMP	    (-8) /* the slow path's load target */
#define FP_CTX	    (-16)
#define FP_CAP	    (-24)
#define FP_WIRE	    (-32)
#define FP_MEM	    (-96) /* M[0..15], 4 bytes each */
#define TL_MEMWORDS 16

#define TL_REJECT (-1) /* jump target: the shared "return 0" at the end */

struct tl_xlate {
	struct bpf_insn *insn;
	size_t cnt, cap;
	/* Jumps to classic instructions (or TL_REJECT), resolved once all are placed. */
	struct {
		size_t at;
		long target;
	} * fix;
	size_t nfix, capfix;
	int helper;
	int err;
	int bad_pc; /* the instruction refused, and why */
	const char *why;
};

static void emit(struct tl_xlate *x, __u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	struct bpf_insn *n;

	if (x->err)
		return;
	if (x->cnt == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;

		n = realloc(x->insn, cap * sizeof(*n));
		if (!n) {
			x->err = -ENOMEM;
			return;
		}
		x->insn = n;
		x->cap = cap;
	}
	x->insn[x->cnt++] = (struct bpf_insn){
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};
}

/* A jump whose target is a classic instruction index or TL_REJECT. */
static void emit_jfix(struct tl_xlate *x, __u8 code, __u8 dst, __u8 src, __s32 imm, long target)
{
	if (x->err)
		return;
	if (x->nfix == x->capfix) {
		size_t cap = x->capfix ? x->capfix * 2 : 128;
		void *n = realloc(x->fix, cap * sizeof(*x->fix));

		if (!n) {
			x->err = -ENOMEM;
			return;
		}
		x->fix = n;
		x->capfix = cap;
	}
	x->fix[x->nfix].at = x->cnt;
	x->fix[x->nfix].target = target;
	x->nfix++;
	emit(x, code, dst, src, 0, imm);
}

/* A forward jump inside one translated instruction; tl_land() points it at the next insn. */
static size_t emit_fwd(struct tl_xlate *x, __u8 code, __u8 dst, __u8 src, __s32 imm)
{
	emit(x, code, dst, src, 0, imm);
	return x->cnt - 1;
}

static void tl_land(struct tl_xlate *x, size_t at)
{
	if (!x->err)
		x->insn[at].off = (__s16)(x->cnt - at - 1);
}

/*
 * r3 = 0 + reg: a copy of reg the verifier does not link to it. Bounds learnt from a branch
 * on a linked copy flow back into the original (sync_linked_regs), so every check would
 * leave buf_len, cap_len or X with a different range on each path, and paths that differ
 * only there are not pruned: a few hundred loads then exceed the 1M instruction budget.
 */
static void emit_unlinked(struct tl_xlate *x, __u8 dst, __u8 reg)
{
	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, 0);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_X, dst, reg, 0, 0);
}

/*
 * dst = the sz-byte big-endian word at the packet offset in r2 (64 bits, so X + k cannot
 * wrap as it cannot in libpcap). Inside the copied head it is a map value access whose bound
 * the verifier sees from the comparison with TL_PARSE_BUF; past it the helper reads the
 * frame; past cap_len the filter rejects, which is libpcap's rule for out-of-packet loads.
 */
static void emit_load_r2(struct tl_xlate *x, __u8 dst, int sz, __u8 bsz)
{
	size_t j1, j2, j3;

	j1 = emit_fwd(x, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_2, 0, TL_PARSE_BUF - sz);
	emit_unlinked(x, BPF_REG_3, R_BLEN);
	emit(x, BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	j2 = emit_fwd(x, BPF_JMP | BPF_JSLT | BPF_K, BPF_REG_3, 0, sz);
	emit(x, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, R_BUF, 0, 0);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	emit(x, BPF_LDX | BPF_MEM | bsz, dst, BPF_REG_3, 0, 0);
	j3 = emit_fwd(x, BPF_JMP | BPF_JA, 0, 0, 0);
	tl_land(x, j1);
	tl_land(x, j2);
	emit(x, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_4, BPF_REG_10, FP_CAP, 0);
	emit_unlinked(x, BPF_REG_3, BPF_REG_4);
	emit(x, BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	emit_jfix(x, BPF_JMP | BPF_JSLT | BPF_K, BPF_REG_3, 0, sz, TL_REJECT);
	emit(x, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_10, FP_CTX, 0);
	emit(x, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_10, 0, 0);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, FP_TMP);
	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, sz);
	emit(x, BPF_JMP | BPF_CALL, 0, 0, 0, x->helper);
	/* Replay hands over only a frame's head, so tcplens -r refuses filters that reach past
	 * it (tl_filter_reach): there the helper would read the wrong bytes or none. */
	emit_jfix(x, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, TL_REJECT);
	emit(x, BPF_LDX | BPF_MEM | bsz, dst, BPF_REG_10, FP_TMP, 0);
	tl_land(x, j3);
	if (sz > 1)
		emit(x, BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, sz * 8);
}

/* Constant offset: inside the head the bound is known, so the access needs no arithmetic. */
static void emit_load_abs(struct tl_xlate *x, __u8 dst, __u32 k, int sz, __u8 bsz)
{
	size_t j1, j2;

	if ((__u64)k + sz > TL_PARSE_BUF) {
		emit(x, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (__s32)k);
		emit_load_r2(x, dst, sz, bsz);
		return;
	}
	emit_unlinked(x, BPF_REG_3, R_BLEN);
	j1 = emit_fwd(x, BPF_JMP | BPF_JLT | BPF_K, BPF_REG_3, 0, (__s32)(k + sz));
	emit(x, BPF_LDX | BPF_MEM | bsz, dst, R_BUF, (__s16)k, 0);
	if (sz > 1)
		emit(x, BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, sz * 8);
	j2 = emit_fwd(x, BPF_JMP | BPF_JA, 0, 0, 0);
	tl_land(x, j1);
	emit(x, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (__s32)k);
	emit_load_r2(x, dst, sz, bsz);
	tl_land(x, j2);
}

static int tl_size_of(__u16 code, __u8 *bsz)
{
	switch (BPF_SIZE(code)) {
	case BPF_W:
		*bsz = BPF_W;
		return 4;
	case BPF_H:
		*bsz = BPF_H;
		return 2;
	default:
		*bsz = BPF_B;
		return 1;
	}
}

static int tl_unsupported(struct tl_xlate *x, int pc, const char *why)
{
	x->bad_pc = pc;
	x->why = why;
	x->err = -EOPNOTSUPP;
	return x->err;
}

static int tl_xlate_one(struct tl_xlate *x, int pc, const struct tl_pcap_prog *p)
{
	const struct tl_pcap_insn *c = &p->bf_insns[pc];
	__u16 code = c->code;
	__u32 k = c->k;
	__u8 bsz, op;
	int sz, n = (int)p->bf_len;
	size_t j;

	switch (BPF_CLASS(code)) {
	case BPF_LD:
	case BPF_LDX: {
		__u8 dst = BPF_CLASS(code) == BPF_LD ? R_A : R_X;

		sz = tl_size_of(code, &bsz);
		switch (BPF_MODE(code)) {
		case BPF_IMM:
			emit(x, BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, (__s32)k);
			break;
		case BPF_LEN:
			emit(x, BPF_LDX | BPF_MEM | BPF_DW, dst, BPF_REG_10, FP_WIRE, 0);
			break;
		case BPF_MEM:
			if (k >= TL_MEMWORDS)
				return tl_unsupported(x, pc, "uses a scratch word past M[15]");
			emit(x, BPF_LDX | BPF_MEM | BPF_W, dst, BPF_REG_10, FP_MEM + 4 * (int)k, 0);
			break;
		case BPF_ABS:
			if (BPF_CLASS(code) != BPF_LD)
				return tl_unsupported(x, pc, "is an ldx with an absolute offset");
			emit_load_abs(x, dst, k, sz, bsz);
			break;
		case BPF_IND:
			if (BPF_CLASS(code) != BPF_LD)
				return tl_unsupported(x, pc, "is an ldx with an indexed offset");
			emit_unlinked(x, BPF_REG_2, R_X);
			emit(x, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, (__s32)k);
			emit(x, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_2, BPF_REG_3, 0, 0);
			emit_load_r2(x, dst, sz, bsz);
			break;
		case BPF_MSH:
			if (BPF_CLASS(code) != BPF_LDX)
				return tl_unsupported(x, pc, "is an ld in msh mode");
			emit_load_abs(x, R_X, k, 1, BPF_B);
			emit(x, BPF_ALU | BPF_AND | BPF_K, R_X, 0, 0, 0xf);
			emit(x, BPF_ALU | BPF_LSH | BPF_K, R_X, 0, 0, 2);
			break;
		default:
			return tl_unsupported(x, pc, "has an unknown load mode");
		}
		break;
	}
	case BPF_ST:
	case BPF_STX:
		if (k >= TL_MEMWORDS)
			return tl_unsupported(x, pc, "uses a scratch word past M[15]");
		emit(x, BPF_STX | BPF_MEM | BPF_W, BPF_REG_10,
		     BPF_CLASS(code) == BPF_ST ? R_A : R_X, FP_MEM + 4 * (int)k, 0);
		break;
	case BPF_ALU:
		op = BPF_OP(code);
		if (op == BPF_NEG) {
			emit(x, BPF_ALU | BPF_NEG, R_A, 0, 0, 0);
			break;
		}
		if (op != BPF_ADD && op != BPF_SUB && op != BPF_MUL && op != BPF_DIV &&
		    op != BPF_OR && op != BPF_AND && op != BPF_LSH && op != BPF_RSH &&
		    op != BPF_MOD && op != BPF_XOR)
			return tl_unsupported(x, pc, "is an unknown arithmetic operation");
		if (BPF_SRC(code) == BPF_K) {
			if ((op == BPF_DIV || op == BPF_MOD) && k == 0)
				return tl_unsupported(x, pc, "divides by zero");
			/* A 32-bit shift by 32 or more is undefined in libpcap's C. */
			if ((op == BPF_LSH || op == BPF_RSH) && k >= 32)
				return tl_unsupported(
					x, pc, "shifts by 32 bits or more, undefined in libpcap");
			emit(x, BPF_ALU | op | BPF_K, R_A, 0, 0, (__s32)k);
			break;
		}
		/* libpcap's run-time rules for X: divide by 0 rejects, shifts of 32+ give 0. */
		if (op == BPF_DIV || op == BPF_MOD)
			emit_jfix(x, BPF_JMP32 | BPF_JEQ | BPF_K, R_X, 0, 0, TL_REJECT);
		if (op == BPF_LSH || op == BPF_RSH) {
			size_t j2;

			j = emit_fwd(x, BPF_JMP32 | BPF_JGT | BPF_K, R_X, 0, 31);
			emit(x, BPF_ALU | op | BPF_X, R_A, R_X, 0, 0);
			j2 = emit_fwd(x, BPF_JMP | BPF_JA, 0, 0, 0);
			tl_land(x, j);
			emit(x, BPF_ALU | BPF_MOV | BPF_K, R_A, 0, 0, 0);
			tl_land(x, j2);
			break;
		}
		emit(x, BPF_ALU | op | BPF_X, R_A, R_X, 0, 0);
		break;
	case BPF_JMP: {
		long t, f;

		op = BPF_OP(code);
		if (op == BPF_JA) {
			t = (long)pc + 1 + (long)k;
			if (t >= n)
				return tl_unsupported(x, pc,
						      "is a backward jump (a loop, as "
						      "protochain makes), which the translator "
						      "does not support");
			emit_jfix(x, BPF_JMP | BPF_JA, 0, 0, 0, t);
			break;
		}
		if (op != BPF_JEQ && op != BPF_JGT && op != BPF_JGE && op != BPF_JSET)
			return tl_unsupported(x, pc, "is an unknown jump");
		t = (long)pc + 1 + c->jt;
		f = (long)pc + 1 + c->jf;
		if (t >= n || f >= n)
			return tl_unsupported(x, pc, "jumps past the end");
		if (t == f) {
			if (t != pc + 1)
				emit_jfix(x, BPF_JMP | BPF_JA, 0, 0, 0, t);
			break;
		}
		if (BPF_SRC(code) == BPF_K)
			emit_jfix(x, BPF_JMP32 | op | BPF_K, R_A, 0, (__s32)k, t);
		else
			emit_jfix(x, BPF_JMP32 | op | BPF_X, R_A, R_X, 0, t);
		if (f != pc + 1)
			emit_jfix(x, BPF_JMP | BPF_JA, 0, 0, 0, f);
		break;
	}
	case BPF_RET:
		if (BPF_RVAL(code) == BPF_K)
			emit(x, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, (__s32)k);
		else if (BPF_RVAL(code) == BPF_A)
			emit(x, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_0, R_A, 0, 0);
		else
			return tl_unsupported(x, pc, "returns X");
		emit(x, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		break;
	case BPF_MISC:
		if (BPF_MISCOP(code) == BPF_TAX)
			emit(x, BPF_ALU | BPF_MOV | BPF_X, R_X, R_A, 0, 0);
		else if (BPF_MISCOP(code) == BPF_TXA)
			emit(x, BPF_ALU | BPF_MOV | BPF_X, R_A, R_X, 0, 0);
		else
			return tl_unsupported(x, pc, "is an unknown misc operation");
		break;
	default:
		return tl_unsupported(x, pc, "has an unknown class");
	}
	return x->err;
}

static bool tl_uses_mem(const struct tl_pcap_prog *p)
{
	for (unsigned int i = 0; i < p->bf_len; i++) {
		__u16 code = p->bf_insns[i].code;

		if (BPF_CLASS(code) == BPF_ST || BPF_CLASS(code) == BPF_STX ||
		    ((BPF_CLASS(code) == BPF_LD || BPF_CLASS(code) == BPF_LDX) &&
		     BPF_MODE(code) == BPF_MEM))
			return true;
	}
	return false;
}

int tl_cbpf_translate(const struct tl_pcap_prog *p, const char *name, enum bpf_prog_type prog_type,
		      struct bpf_insn **out, size_t *cnt)
{
	struct tl_xlate x = {
		.helper = prog_type == BPF_PROG_TYPE_XDP ? BPF_FUNC_xdp_load_bytes
							 : BPF_FUNC_skb_load_bytes,
	};
	size_t *start = NULL, reject;
	int err;

	*out = NULL;
	*cnt = 0;
	if (!p->bf_len) {
		tl_err("libpcap compiled '%s' to an empty program", name);
		return -EINVAL;
	}
	start = calloc(p->bf_len, sizeof(*start));
	if (!start)
		return -ENOMEM;
	/* Arguments are 32-bit; the caller need not have cleared the upper halves. */
	emit(&x, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_1, FP_CTX, 0);
	emit(&x, BPF_ALU64 | BPF_MOV | BPF_X, R_BUF, BPF_REG_2, 0, 0);
	emit(&x, BPF_ALU | BPF_MOV | BPF_X, R_BLEN, BPF_REG_3, 0, 0);
	emit(&x, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_4, 0, 0);
	emit(&x, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_4, FP_CAP, 0);
	emit(&x, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_5, BPF_REG_5, 0, 0);
	emit(&x, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_5, FP_WIRE, 0);
	emit(&x, BPF_ALU | BPF_MOV | BPF_K, R_A, 0, 0, 0);
	emit(&x, BPF_ALU | BPF_MOV | BPF_K, R_X, 0, 0, 0);
	/* Classic BPF starts with M[] zeroed; the verifier refuses reads of unwritten stack. */
	if (tl_uses_mem(p))
		for (int i = 0; i < TL_MEMWORDS / 2; i++)
			emit(&x, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, FP_MEM + 8 * i, 0);
	for (unsigned int pc = 0; pc < p->bf_len && !x.err; pc++) {
		start[pc] = x.cnt;
		tl_xlate_one(&x, (int)pc, p);
	}
	/* The verifier refuses unreachable code: the shared exit only when something uses it. */
	reject = x.cnt;
	for (size_t i = 0; i < x.nfix; i++) {
		if (x.fix[i].target == TL_REJECT) {
			emit(&x, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
			emit(&x, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
			break;
		}
	}
	err = x.err;
	if (err == -EOPNOTSUPP)
		tl_err("cannot run the filter '%s' in the kernel: classic instruction %d %s "
		       "(see tcplens -d)",
		       name, x.bad_pc, x.why);
	for (size_t i = 0; !err && i < x.nfix; i++) {
		long to =
			x.fix[i].target == TL_REJECT ? (long)reject : (long)start[x.fix[i].target];
		long off = to - (long)x.fix[i].at - 1;

		if (off < -32768 || off > 32767) {
			tl_err("the filter '%s' is too large for the BPF verifier (%zu eBPF "
			       "instructions, a jump spans more than 32767): "
			       "use a shorter expression",
			       name, x.cnt);
			err = -E2BIG;
		}
		x.insn[x.fix[i].at].off = (__s16)off;
	}
	/* The verifier walks every path; beyond this it gives up ("too large"). */
	if (!err && x.cnt > 100000) {
		tl_err("the filter '%s' is too large for the BPF verifier (%zu eBPF instructions): "
		       "use a shorter expression",
		       name, x.cnt);
		err = -E2BIG;
	}
	free(start);
	free(x.fix);
	if (err) {
		free(x.insn);
		return err;
	}
	*out = x.insn;
	*cnt = x.cnt;
	return 0;
}

uint64_t tl_cbpf_reach(const struct tl_pcap_prog *p)
{
	uint64_t xmax = 0, reach = 0;

	/* X over the whole program, not per path: conservative, and jumps need no tracking. */
	for (unsigned int i = 0; i < p->bf_len; i++) {
		__u16 code = p->bf_insns[i].code;

		if (BPF_CLASS(code) == BPF_LDX && BPF_MODE(code) == BPF_MSH)
			xmax = xmax > 60 ? xmax : 60; /* 4 * (byte & 0xf) */
		else if (BPF_CLASS(code) == BPF_LDX && BPF_MODE(code) == BPF_IMM)
			xmax = xmax > p->bf_insns[i].k ? xmax : p->bf_insns[i].k;
		else if (BPF_CLASS(code) == BPF_LDX ||
			 (BPF_CLASS(code) == BPF_MISC && BPF_MISCOP(code) == BPF_TAX))
			return UINT64_MAX; /* X from packet data or memory */
	}
	for (unsigned int i = 0; i < p->bf_len; i++) {
		__u16 code = p->bf_insns[i].code;
		uint64_t end = (uint64_t)p->bf_insns[i].k + (BPF_SIZE(code) == BPF_W   ? 4
							     : BPF_SIZE(code) == BPF_H ? 2
										       : 1);

		if (BPF_CLASS(code) == BPF_LDX && BPF_MODE(code) == BPF_MSH)
			end = (uint64_t)p->bf_insns[i].k + 1;
		else if (BPF_CLASS(code) != BPF_LD ||
			 (BPF_MODE(code) != BPF_ABS && BPF_MODE(code) != BPF_IND))
			continue;
		if (BPF_MODE(code) == BPF_IND)
			end += xmax;
		reach = reach > end ? reach : end;
	}
	return reach;
}
