/* SPDX-License-Identifier: GPL-2.0-only */
/* RFC 1071 sums as tcpdump's in_cksum computes them, for the BPF programs and user space alike:
 * -v's TCP verdict is summed in the kernel, IPv4's header checksum in the printer. */
#ifndef TL_CKSUM_H
#define TL_CKSUM_H

#include <linux/types.h>

/* Big-endian 16-bit words of n bytes at b (an odd last byte is the high half of a word). */
static inline __u64 tl_cksum_add(__u64 acc, const __u8 *b, __u32 n)
{
	__u32 i;

	for (i = 0; i + 1 < n; i += 2)
		acc += (__u32)b[i] << 8 | b[i + 1];
	if (n & 1)
		acc += (__u32)b[n - 1] << 8;
	return acc;
}

/*
 * in_cksum's result: 0 when the sum over everything, checksum field included, is right. A
 * fixed number of folds (five take any 64-bit sum below 2^16) rather than a loop on the
 * value: the BPF verifier cannot bound that one.
 */
static inline __u16 tl_cksum(__u64 acc)
{
	int i;

	for (i = 0; i < 5; i++)
		acc = (acc & 0xffff) + (acc >> 16);
	return (__u16)~acc;
}

/* in_cksum_shouldbe: the value the checksum field should have held. */
static inline __u16 tl_cksum_shouldbe(__u16 field, __u16 computed)
{
	__u32 s = (__u32)field + computed;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

#endif
