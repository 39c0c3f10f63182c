/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Process attribution, shared by bpf/proc.bpf.c, which fills the map where the process is
 * current, and bpf/tcplens.bpf.c, whose segment hooks read it (bpf/proc_lookup.h). User space
 * creates the map with the first object and hands the same map to the second
 * (bpf_map__reuse_fd), so both see one table. Needs struct tl_proc_sect (include/tcplens.h).
 */
#ifndef TL_BPF_PROC_H
#define TL_BPF_PROC_H

/*
 * A local TCP socket by its endpoints, local first, as the segment record carries them:
 * addresses in network order (IPv4 in the first 4 bytes, the rest zero), ports in host
 * order. A listener is kept with raddr and rport zero, and with laddr zero when it listens
 * on every address; an IPv6 socket whose peer is an IPv4-mapped address is kept as IPv4,
 * since its segments are IPv4 on the wire.
 */
struct tl_proc_key {
	__u8 family; /* 4 or 6 */
	__u8 pad;
	__u16 lport;
	__u16 rport;
	__u16 pad2;
	__u8 laddr[16];
	__u8 raddr[16];
};

struct tl_proc_val {
	struct tl_proc_sect p;
	/* --cgroup: the task's cgroup v2 ancestor at the selected cgroup's level (0: none).
	 * Kept here, not in the record: only the kernel compares it. */
	__u64 sel_cgid;
};

/* Sockets the map can hold; past that the least recently used go (an LRU map). */
#define TL_PROC_SOCKS 65536

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TL_PROC_SOCKS);
	__type(key, struct tl_proc_key);
	__type(value, struct tl_proc_val);
} proc_socks SEC(".maps");

#endif /* TL_BPF_PROC_H */
