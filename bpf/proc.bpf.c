// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process attribution (--proc and the process selectors): fills proc_socks (bpf/proc.h)
 * where the process that owns a TCP socket is current, and empties it when the socket
 * closes. A separate object from the segment programs: it needs the kernel's own types
 * (vmlinux/vmlinux.h), and with --proc off it is not loaded at all.
 *  - connect: the sockops program's TCP_CONNECT callback (cgroup v2 root)
 *  - bind: cgroup post_bind4/6 (root), for listeners
 *  - send and receive: tp_btf sock_send_length / sock_recv_length (Linux 6.4), which is
 *    where accepted connections get their process
 *  - close: tp_btf inet_sock_set_state to TCP_CLOSE (after the last ACK or RST went out)
 *  - sockets open before tcplens started: the task_file iterator, run once at start, walks
 *    every task's open files in every namespace.
 * No fentry/fexit or kprobes: the kernels this was made on refuse trampolines (EPERM) and
 * have no kprobes; tracepoints, cgroup hooks and iterators load everywhere BTF does.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/* tcplens.h wants only the __u* types, which vmlinux.h has; its UAPI header would clash. */
#define _LINUX_TYPES_H
#include "tcplens.h"
#include "proc.h"

char LICENSE[] SEC("license") = "GPL";

/* --cgroup: the selected cgroup's level in the v2 hierarchy (its id is the lookup's). */
const volatile __u32 cfg_cg_level = 0;
const volatile __u32 cfg_cg_select = 0;

#define TL_AF_INET     2
#define TL_AF_INET6    10
#define TL_TCP_CLOSE   7
#define TL_TCP_LISTEN  10
#define TL_IPPROTO_TCP 6
#define TL_S_IFMT      00170000
#define TL_S_IFSOCK    0140000

static __always_inline void tl_fill(struct tl_proc_val *v, struct task_struct *t)
{
	struct cgroup *cg = BPF_CORE_READ(t, cgroups, dfl_cgrp), *anc = NULL;
	__u32 lvl = cfg_cg_level;

	v->p.pid = BPF_CORE_READ(t, tgid);
	v->p.tid = BPF_CORE_READ(t, pid);
	v->p.uid = BPF_CORE_READ(t, cred, uid.val);
	v->p.gid = BPF_CORE_READ(t, cred, gid.val);
	v->p.cgroup_id = BPF_CORE_READ(cg, kn, id);
	bpf_probe_read_kernel(v->p.comm, sizeof(v->p.comm), &t->comm);
	v->sel_cgid = 0;
	if (cfg_cg_select && cg && BPF_CORE_READ(cg, level) >= (int)lvl && lvl < 1024) {
		bpf_probe_read_kernel(&anc, sizeof(anc), &cg->ancestors[lvl]);
		if (anc)
			v->sel_cgid = BPF_CORE_READ(anc, kn, id);
	}
}

/* The key of sk (bpf/proc.h); listener: the listening form. 0 when sk is not IPv4/IPv6. */
static __always_inline int tl_key(struct sock *sk, struct tl_proc_key *k, int listener)
{
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);

	__builtin_memset(k, 0, sizeof(*k));
	k->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (!listener)
		k->rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (fam == TL_AF_INET6) {
		struct in6_addr d = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);

		/* A dual-stack socket talking to an IPv4 peer sends IPv4. */
		if (listener || d.in6_u.u6_addr32[0] || d.in6_u.u6_addr32[1] ||
		    d.in6_u.u6_addr32[2] != __builtin_bswap32(0xffff)) {
			struct in6_addr l = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);

			k->family = 6;
			__builtin_memcpy(k->laddr, &l, 16);
			if (!listener)
				__builtin_memcpy(k->raddr, &d, 16);
			return 1;
		}
	} else if (fam != TL_AF_INET) {
		return 0;
	}
	k->family = 4;
	__u32 l = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
	__builtin_memcpy(k->laddr, &l, 4);
	if (!listener) {
		__u32 d = BPF_CORE_READ(sk, __sk_common.skc_daddr);

		__builtin_memcpy(k->raddr, &d, 4);
	}
	return 1;
}

static __always_inline void tl_own(struct sock *sk, int listener, struct task_struct *t,
				   __u64 flags)
{
	struct tl_proc_key k;
	struct tl_proc_val v;

	if (!sk || !tl_key(sk, &k, listener))
		return;
	tl_fill(&v, t);
	bpf_map_update_elem(&proc_socks, &k, &v, flags);
}

/* connect(): the SYN is built next, the socket has both endpoints; process context. */
SEC("sockops")
int tl_proc_sockops(struct bpf_sock_ops *ops)
{
	struct bpf_sock *bs;
	struct tcp_sock *tp;

	if (ops->op != BPF_SOCK_OPS_TCP_CONNECT_CB)
		return 1;
	bs = ops->sk;
	if (!bs)
		return 1;
	tp = bpf_skc_to_tcp_sock(bs);
	if (tp)
		tl_own((struct sock *)tp, 0, bpf_get_current_task_btf(), BPF_ANY);
	return 1;
}

/*
 * bind(): a server's listening port, kept as a listener (bpf/proc.h) in the process that
 * bound it, which is the one that listens in all but odd programs. Its connections' segments
 * before the first send or receive find it there.
 */
static __always_inline int tl_bound(struct bpf_sock *bs, int v6)
{
	struct tl_proc_key k = {};
	struct tl_proc_val v;

	if (bs->protocol != TL_IPPROTO_TCP)
		return 1;
	k.lport = (__u16)bs->src_port;
	/* Each hook may read only its own family's address. */
	if (v6) {
		__u32 a[4] = { bs->src_ip6[0], bs->src_ip6[1], bs->src_ip6[2], bs->src_ip6[3] };

		k.family = 6;
		__builtin_memcpy(k.laddr, a, 16);
	} else {
		__u32 a = bs->src_ip4;

		k.family = 4;
		__builtin_memcpy(k.laddr, &a, 4);
	}
	tl_fill(&v, bpf_get_current_task_btf());
	bpf_map_update_elem(&proc_socks, &k, &v, BPF_ANY);
	return 1;
}

SEC("cgroup/post_bind4")
int tl_proc_bind4(struct bpf_sock *bs)
{
	return tl_bound(bs, 0);
}

SEC("cgroup/post_bind6")
int tl_proc_bind6(struct bpf_sock *bs)
{
	return tl_bound(bs, 1);
}

/*
 * send() and receive(): the process that moves the data owns the socket from then on. This
 * is how accepted connections get their process (no hook on accept() can load here) and how
 * a socket passed to, or inherited by, another process follows it. Most calls find their
 * owner already there: one lookup, no write.
 */
static __always_inline void tl_moved(struct sock *sk)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct tl_proc_key k;
	struct tl_proc_val *v;

	if (!sk || BPF_CORE_READ(sk, sk_protocol) != TL_IPPROTO_TCP || !tl_key(sk, &k, 0))
		return;
	v = bpf_map_lookup_elem(&proc_socks, &k);
	if (v && v->p.tid == (__u32)BPF_CORE_READ(t, pid))
		return;
	tl_own(sk, 0, t, BPF_ANY);
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(tl_proc_send, struct sock *sk, int ret, int flags)
{
	if (ret > 0)
		tl_moved(sk);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(tl_proc_recv, struct sock *sk, int ret, int flags)
{
	if (ret > 0)
		tl_moved(sk);
	return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(tl_proc_state, struct sock *sk, int oldstate, int newstate)
{
	struct tl_proc_key k;

	if (newstate != TL_TCP_CLOSE || BPF_CORE_READ(sk, sk_protocol) != TL_IPPROTO_TCP)
		return 0;
	if (tl_key(sk, &k, oldstate == TL_TCP_LISTEN))
		bpf_map_delete_elem(&proc_socks, &k);
	return 0;
}

/* Every task's open TCP sockets: the first task found with a socket owns it. */
SEC("iter/task_file")
int tl_proc_iter(struct bpf_iter__task_file *ctx)
{
	struct task_struct *t = ctx->task;
	struct file *f = ctx->file;
	struct socket *so;
	struct sock *sk;
	int state;

	if (!t || !f || (BPF_CORE_READ(f, f_inode, i_mode) & TL_S_IFMT) != TL_S_IFSOCK)
		return 0;
	so = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(so, sk);
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != TL_IPPROTO_TCP)
		return 0;
	state = BPF_CORE_READ(sk, __sk_common.skc_state);
	if (state == TL_TCP_CLOSE)
		return 0;
	tl_own(sk, state == TL_TCP_LISTEN, t, BPF_NOEXIST);
	return 0;
}
