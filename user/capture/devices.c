// SPDX-License-Identifier: GPL-2.0-only
/* -D: the interfaces tcplens can attach to, listed as tcpdump -D lists them. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
/* libpcap's cBPF struct bpf_insn clashes with the kernel's: keep pcap's bpf.h out. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>

#include "capture/attach.h"
#include "capture/devices.h"
#include "log.h"

/* tcpdump's status_flags, in its order: each set bit adds its word. */
static const struct {
	bpf_u_int32 bit;
	const char *name;
} tl_dev_flags[] = {
	{ PCAP_IF_UP, "Up" },
	{ PCAP_IF_RUNNING, "Running" },
	{ PCAP_IF_LOOPBACK, "Loopback" },
	{ PCAP_IF_WIRELESS, "Wireless" },
};

/* What tcpdump 4.99 prints between the brackets: the words, then the connection status. */
static void tl_put_flags(FILE *f, bpf_u_int32 flags)
{
	bool wireless = flags & PCAP_IF_WIRELESS;
	const char *sep = "";

	for (size_t i = 0; i < sizeof(tl_dev_flags) / sizeof(tl_dev_flags[0]); i++) {
		if (flags & tl_dev_flags[i].bit) {
			fprintf(f, "%s%s", sep, tl_dev_flags[i].name);
			sep = ", ";
		}
	}
	if (!*sep)
		fputs("none", f);
	switch (flags & PCAP_IF_CONNECTION_STATUS) {
	case PCAP_IF_CONNECTION_STATUS_UNKNOWN:
		fputs(wireless ? ", Association status unknown" : ", Connection status unknown", f);
		break;
	case PCAP_IF_CONNECTION_STATUS_CONNECTED:
		fputs(wireless ? ", Associated" : ", Connected", f);
		break;
	case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
		fputs(wireless ? ", Not associated" : ", Disconnected", f);
		break;
	default: /* not applicable */
		break;
	}
}

/* -i any, and every network interface whose link type the programs parse, up or not. */
static bool tl_attachable(const pcap_if_t *d)
{
	return !strcmp(d->name, "any") || tl_attach_link_of(d->name) >= 0;
}

int tl_devices_list(FILE *f)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all = NULL;
	int n = 0;

	if (pcap_findalldevs(&all, ebuf) < 0) {
		tl_err("cannot list the interfaces: %s (see ip link)", ebuf);
		return -EIO;
	}
	for (const pcap_if_t *d = all; d; d = d->next) {
		if (!tl_attachable(d))
			continue;
		fprintf(f, "%d.%s", ++n, d->name);
		if (d->description)
			fprintf(f, " (%s)", d->description);
		if (d->flags) {
			fputs(" [", f);
			tl_put_flags(f, d->flags);
			fputc(']', f);
		}
		fputc('\n', f);
	}
	pcap_freealldevs(all);
	return 0;
}
