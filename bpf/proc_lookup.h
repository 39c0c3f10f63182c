/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The segment hooks' side of process attribution: find the local socket of the segment just
 * parsed in proc_socks (bpf/proc.h), apply the process selectors, and append the process
 * section (struct tl_proc_sect) to the record. Only compiled in when cfg_proc is set: with
 * it off the verifier drops all of it.
 */
#ifndef TL_BPF_PROC_LOOKUP_H
#define TL_BPF_PROC_LOOKUP_H

#include "proc.h"

/* --proc or any selector: look the process up for every segment. */
const volatile __u32 cfg_proc = 0;
/* Selectors, all that are set must match; a segment without a known process never does. */
const volatile __u32 cfg_proc_pid = 0;	    /* --proc-pid: the thread group id */
const volatile char cfg_proc_name[16] = {}; /* --proc-name: the command, as comm holds it */
const volatile __u64 cfg_proc_cgid = 0;	    /* --cgroup: the cgroup, or one it contains */

static __always_inline const struct tl_proc_val *tl_proc_find(struct tl_proc_key *k,
							      const __u8 *local, const __u8 *remote,
							      __u16 lport, __u16 rport, __u32 alen,
							      int wild)
{
	const struct tl_proc_val *v;

	__builtin_memset(k->laddr, 0, 32);
	if (alen == 16) {
		__builtin_memcpy(k->laddr, local, 16);
		__builtin_memcpy(k->raddr, remote, 16);
	} else {
		__builtin_memcpy(k->laddr, local, 4);
		__builtin_memcpy(k->raddr, remote, 4);
	}
	k->lport = lport;
	k->rport = rport;
	v = bpf_map_lookup_elem(&proc_socks, k);
	if (v || !wild)
		return v;
	/* Not accepted yet (the handshake, data before accept()): the listener's. */
	__builtin_memset(k->raddr, 0, 16);
	k->rport = 0;
	v = bpf_map_lookup_elem(&proc_socks, k);
	if (v)
		return v;
	__builtin_memset(k->laddr, 0, 16);
	v = bpf_map_lookup_elem(&proc_socks, k);
	if (v || k->family == 6)
		return v;
	k->family = 6; /* an IPv6 listener on every address takes IPv4 too */
	return bpf_map_lookup_elem(&proc_socks, k);
}

/* Whether the selectors reject the segment whose process is v (NULL: not known). */
static __always_inline int tl_proc_rejects(const struct tl_proc_val *v)
{
	int i;

	if (!cfg_proc_pid && !cfg_proc_name[0] && !cfg_proc_cgid)
		return 0;
	if (!v)
		return 1;
	if (cfg_proc_pid && v->p.pid != cfg_proc_pid)
		return 1;
	if (cfg_proc_cgid && v->sel_cgid != cfg_proc_cgid)
		return 1;
	if (cfg_proc_name[0]) {
		for (i = 0; i < 16; i++) {
			if (v->p.comm[i] != cfg_proc_name[i])
				return 1;
			if (!cfg_proc_name[i])
				break;
		}
	}
	return 0;
}

/*
 * The local socket is the sender's at egress and the receiver's at ingress (egress: the
 * hook's direction, which the record's flags do not carry yet); when that end is not on this
 * host (a socket in another namespace, or traffic in transit) the other end is tried.
 * Returns nonzero when the selectors reject the segment.
 */
static __always_inline int tl_proc_put(__u8 *buf, int egress)
{
	struct tl_record *rec = (struct tl_record *)buf;
	const __u8 *a = buf + TL_RECORD_HDR;
	__u32 alen = rec->family == 6 ? 16 : 4, off;
	struct tl_proc_key k = { .family = rec->family };
	const struct tl_proc_val *v;
	const __u64 *src;

	if (egress) {
		v = tl_proc_find(&k, a, a + alen, rec->sport, rec->dport, alen, 1);
		if (!v) {
			k.family = rec->family;
			v = tl_proc_find(&k, a + alen, a, rec->dport, rec->sport, alen, 1);
		}
	} else {
		v = tl_proc_find(&k, a + alen, a, rec->dport, rec->sport, alen, 1);
		if (!v) {
			k.family = rec->family;
			v = tl_proc_find(&k, a, a + alen, rec->sport, rec->dport, alen, 1);
		}
	}
	if (tl_proc_rejects(v))
		return 1;
	if (!v)
		return 0;
	off = TL_PROC_SECT_OFF(rec->family, rec->opt_len) & 255;
	src = (const __u64 *)&v->p;
	*(__u64 *)(buf + off) = src[0];
	*(__u64 *)(buf + off + 8) = src[1];
	*(__u64 *)(buf + off + 16) = src[2];
	*(__u64 *)(buf + off + 24) = src[3];
	*(__u64 *)(buf + off + 32) = src[4];
	rec->size = off + sizeof(struct tl_proc_sect);
	rec->flags |= TL_RF_PROC;
	return 0;
}

#endif /* TL_BPF_PROC_LOOKUP_H */
