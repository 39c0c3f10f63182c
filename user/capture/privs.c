// SPDX-License-Identifier: GPL-2.0-only
/* The privileges tcplens needs to attach, and giving them up afterwards (-Z). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "log.h"
#include "capture/privs.h"

static int tl_capget(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return syscall(SYS_capget, &h, d) ? -errno : 0;
}

static bool tl_has_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

int tl_caps_check(bool other_netns)
{
	struct __user_cap_data_struct d[2] = {};
	const char *missing[3];
	int n = 0;

	if (tl_capget(d))
		return 0; /* cannot tell: let the kernel say no */
	if (!tl_has_cap(d, CAP_BPF) && !tl_has_cap(d, CAP_SYS_ADMIN))
		missing[n++] = "CAP_BPF";
	if (!tl_has_cap(d, CAP_NET_ADMIN))
		missing[n++] = "CAP_NET_ADMIN";
	if (other_netns && !tl_has_cap(d, CAP_SYS_ADMIN))
		missing[n++] = "CAP_SYS_ADMIN (to enter other network namespaces)";
	if (!n)
		return 0;
	tl_err("missing %s%s%s%s%s: run as root (sudo), or grant them, e.g. setcap "
	       "cap_bpf,cap_net_admin,cap_perfmon%s+ep tcplens",
	       missing[0], n > 1 ? " and " : "", n > 1 ? missing[1] : "", n > 2 ? " and " : "",
	       n > 2 ? missing[2] : "", other_netns ? ",cap_sys_admin" : "");
	return -EPERM;
}

int tl_drop_privileges(const char *user, uint64_t keep)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {};
	struct passwd *pw;
	int err;

	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		err = errno ? -errno : -ENOENT;
		tl_err("%s: no such user (-Z needs an existing user, e.g. nobody)", user);
		return err;
	}
	/* Keep the permitted set across setuid, then cut it down to `keep` ourselves. */
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		goto fail;
	if (initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) || setuid(pw->pw_uid))
		goto fail;
	if (keep) {
		d[0].permitted = d[0].effective = (uint32_t)keep;
		d[1].permitted = d[1].effective = (uint32_t)(keep >> 32);
		if (syscall(SYS_capset, &h, d))
			goto fail;
		prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	/* Proof, not hope: getting root back must fail now. */
	if (pw->pw_uid && setuid(0) == 0) {
		tl_err("-Z %s: still able to become root after dropping privileges", user);
		return -EPERM;
	}
	return 0;
fail:
	err = -errno;
	tl_err("-Z %s: cannot drop privileges: %s", user, strerror(-err));
	return err;
}
