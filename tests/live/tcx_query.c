// SPDX-License-Identifier: GPL-2.0-only
/* Lists the tcx programs on an interface ("ingress|egress ID NAME" per line), because
 * Debian's bpftool 7.1 predates tcx and cannot show them per device. Used by the live tests. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

/* Attach types of Linux >= 6.6, newer than the installed headers. */
#define TCX_INGRESS 46
#define TCX_EGRESS  47
#define MAX_PROGS   64

int main(int argc, char **argv)
{
	static const int type[2] = { TCX_INGRESS, TCX_EGRESS };
	__u32 ids[MAX_PROGS], cnt, i;
	unsigned int ifindex;
	int d;

	if (argc != 2 || !(ifindex = if_nametoindex(argv[1]))) {
		fprintf(stderr, "usage: tcx_query IFNAME (an existing interface)\n");
		return 2;
	}
	for (d = 0; d < 2; d++) {
		cnt = MAX_PROGS;
		if (bpf_prog_query(ifindex, type[d], 0, NULL, ids, &cnt)) {
			fprintf(stderr, "tcx_query: %s: %s\n", argv[1], strerror(errno));
			return 2;
		}
		for (i = 0; i < cnt; i++) {
			struct bpf_prog_info info;
			__u32 len = sizeof(info);
			int fd = bpf_prog_get_fd_by_id(ids[i]);

			memset(&info, 0, sizeof(info));
			if (fd >= 0) {
				bpf_obj_get_info_by_fd(fd, &info, &len);
				close(fd);
			}
			printf("%s %u %s\n", d ? "egress" : "ingress", ids[i], info.name);
		}
	}
	return 0;
}
