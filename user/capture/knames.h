/* SPDX-License-Identifier: GPL-2.0-only */
/* The running kernel's names for what its events carry as numbers: drop and reset reasons
 * (from its BTF, so a newer kernel's reasons print by name) and code addresses (kallsyms). */
#ifndef TL_KNAMES_H
#define TL_KNAMES_H

#include <stddef.h>
#include <stdint.h>

struct tl_knames;

/* Reads the BTF enums now, /proc/kallsyms when want_syms; NULL only when memory runs out. */
struct tl_knames *tl_knames_new(int want_syms);
void tl_knames_free(struct tl_knames *k);

/* "NETFILTER_DROP" for a value of enum skb_drop_reason; a number if the kernel has no name. */
const char *tl_knames_drop(struct tl_knames *k, uint32_t reason, char *buf, size_t cap);
/* "NO_SOCKET" for a value of enum sk_rst_reason, likewise. */
const char *tl_knames_reset(struct tl_knames *k, uint32_t reason, char *buf, size_t cap);
/* The function that contains addr ("nf_hook_slow"), or "0x..." when unknown. */
const char *tl_knames_func(const struct tl_knames *k, uint64_t addr, char *buf, size_t cap);

#endif
