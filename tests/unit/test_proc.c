// SPDX-License-Identifier: GPL-2.0-only
/* Process attribution in user space: container ids from the runtimes' cgroup layouts, the
 * process section's place in a record, the --proc suffix and the pcapng comments. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "tl_test.h"
#include "out/proc.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void container(const char *path, const char *want)
{
	char id[TL_CONTAINER_ID_LEN + 1] = "";
	int err = tl_container_id(path, id);

	if (want)
		TL_CHECK(!err && !strcmp(id, want), "%s: want %s, got %s (%d)", path, want, id,
			 err);
	else
		TL_CHECK(err == -ENOENT, "%s: want none, got %s", path, id);
}

static void test_container_ids(void)
{
	/* docker: systemd and cgroupfs drivers */
	container("/system.slice/docker-" ID ".scope", ID);
	container("/docker/" ID, ID);
	/* podman (libpod), rootful and rootless; conmon's own scope is no container */
	container("/machine.slice/libpod-" ID ".scope", ID);
	container("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID
		  ".scope/container",
		  ID);
	container("/machine.slice/libpod-conmon-" ID ".scope", NULL);
	/* containerd/CRI (kubelet, systemd driver), CRI-O, and the cgroupfs layout */
	container("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/"
		  "cri-containerd-" ID ".scope",
		  ID);
	container("/kubepods.slice/kubepods-pod1.slice/crio-" ID ".scope", ID);
	container("/kubepods/burstable/pod6b4c1e52-aaaa-bbbb-cccc-123456789012/" ID, ID);
	/* systemd units and odd names: none */
	container("/system.slice/ssh.service", NULL);
	container("/", NULL);
	container("", NULL);
	container("/docker/" ID "0", NULL);	     /* 65 digits */
	container("/docker/0123456789ABCDEF", NULL); /* too short, upper case */
	container("/docker-" ID ".scopex", NULL);
}

/* An IPv4 record with opt_len option bytes and a process section. */
static _Alignas(8) uint8_t rb[TL_RECORD_MAX];

static struct tl_record *rec(uint8_t opt_len, const char *comm, uint32_t pid)
{
	struct tl_record *r = (struct tl_record *)rb;
	struct tl_proc_sect *p;
	uint32_t off = TL_PROC_SECT_OFF(4, opt_len);

	memset(rb, 0, sizeof(rb));
	r->version = TL_RECORD_VERSION;
	r->family = 4;
	r->opt_len = opt_len;
	r->flags = TL_RF_PROC;
	r->size = (uint16_t)(off + sizeof(*p));
	p = (struct tl_proc_sect *)(rb + off);
	p->pid = pid;
	p->tid = pid + 1;
	p->uid = 1000;
	p->gid = 100;
	memcpy(p->comm, comm, strlen(comm) < sizeof(p->comm) ? strlen(comm) : sizeof(p->comm));
	return r;
}

static void test_record(void)
{
	struct tl_record *r = rec(12, "curl", 4242);
	char line[TL_PROC_SUFFIX_MAX + 1], notes[TL_PROC_NOTE_MAX];
	const char *list[TL_PROC_NOTES + 1];
	char *end;

	/* 56 + 8 + 12 = 76, padded to 80; the frame section comes 40 bytes later. */
	TL_CHECK(tl_rec_proc(r) == (const void *)(rb + 80), "process section at 80");
	TL_CHECK(TL_FRAME_SECT_OFF(4, 12, TL_RF_PROC) == 120, "frame section after it");
	TL_CHECK(TL_FRAME_SECT_OFF(4, 12, 0) == 80, "frame section without it");
	end = tl_proc_put_suffix(line, r);
	*end = '\0';
	TL_CHECK_STR(line, ", proc curl[4242]", "suffix");
	TL_CHECK(tl_proc_comments(r, notes, list) == 3, "three comments without a container");
	TL_CHECK_STR(list[0], "PID: 4242\nCmd: curl", "first comment");
	TL_CHECK_STR(list[1], "ThreadId: 4243\nThreadName: curl", "thread comment");
	TL_CHECK_STR(list[2], "UserId: 1000\nGroupId: 100", "user comment");
	TL_CHECK(list[3] == NULL, "list ends");

	/* A full 16-byte comm has no NUL: the suffix stops at 16 bytes. */
	r = rec(0, "abcdefghijklmnopXX", 1);
	end = tl_proc_put_suffix(line, r);
	*end = '\0';
	TL_CHECK_STR(line, ", proc abcdefghijklmnop[1]", "16-byte comm");
	TL_CHECK((size_t)(end - line) <= TL_PROC_SUFFIX_MAX, "suffix bound");

	/* Without the flag, or cut short: no section, no suffix, no comment. */
	r->flags = 0;
	TL_CHECK(!tl_rec_proc(r), "no flag, no section");
	TL_CHECK(tl_proc_put_suffix(line, r) == line, "no flag, no suffix");
	TL_CHECK(tl_proc_comments(r, notes, list) == 0 && !list[0], "no flag, no comment");
	r->flags = TL_RF_PROC;
	r->size -= 8;
	TL_CHECK(!tl_rec_proc(r), "cut short: no section");
}

int main(void)
{
	test_container_ids();
	test_record();
	return tl_test_done("proc");
}
