/* SPDX-License-Identifier: GPL-2.0-only */
/* The privileges tcplens needs to attach, and giving them up afterwards (-Z). */
#ifndef TL_PRIVS_H
#define TL_PRIVS_H

#include <stdbool.h>
#include <stdint.h>

/* Capability numbers (linux/capability.h) as bits for keep masks. */
#define TL_CAP(n) (1ULL << (n))

/*
 * Before loading: says which of CAP_BPF (or CAP_SYS_ADMIN), CAP_NET_ADMIN and, when other
 * namespaces are entered, CAP_SYS_ADMIN is missing. -EPERM after one message.
 */
int tl_caps_check(bool other_netns);

/*
 * -Z USER: becomes USER (its uid, gid and groups) after attaching, keeping only the
 * capabilities in keep (TL_CAP bits) that cleanup or following new interfaces still needs.
 */
int tl_drop_privileges(const char *user, uint64_t keep);

#endif
