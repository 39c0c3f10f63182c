// SPDX-License-Identifier: GPL-2.0-only
/* pcap-filter(7) expressions: from the command line or -F, compiled by libpcap to classic BPF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cbpf_to_ebpf.h"
#include "capture/filter.h"
#include "log.h"

struct tl_filter {
	char *expr;
	int dlt;
	struct tl_pcap_prog prog; /* libpcap's classic program */
};

/* The expression as messages quote it: a generated one can run to kilobytes. */
static const char *tl_quote(const char *expr)
{
	static char buf[80];

	if (strlen(expr) < sizeof(buf))
		return expr;
	snprintf(buf, sizeof(buf), "%.*s...", (int)sizeof(buf) - 4, expr);
	return buf;
}

int tl_filter_translate(const struct tl_filter *f, enum bpf_prog_type prog_type,
			struct bpf_insn **out, size_t *cnt)
{
	return tl_cbpf_translate(&f->prog, tl_quote(f->expr), prog_type, out, cnt);
}

uint64_t tl_filter_reach(const struct tl_filter *f)
{
	return tl_cbpf_reach(&f->prog);
}

char *tl_filter_join(int argc, char **argv)
{
	size_t len = 0, at = 0;
	char *s;

	if (argc <= 0)
		return NULL;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	/* Words joined by single spaces, as tcpdump's copy_argv does. */
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (i)
			s[at++] = ' ';
		memcpy(s + at, argv[i], n);
		at += n;
	}
	s[at] = '\0';
	return s;
}

int tl_filter_read_file(const char *path, char **out)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int err = 0;

	*out = NULL;
	if (!fp) {
		err = -errno;
		tl_err("%s: cannot read the filter file: %s", path, strerror(-err));
		return err;
	}
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				err = -ENOMEM;
				break;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n);
	if (!err && ferror(fp)) {
		err = -EIO;
		tl_err("%s: cannot read the filter file", path);
	}
	fclose(fp);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/*
 * Compile on handle h: a dead one for a hook's link type, or the capture file itself, since
 * libpcap's code for some link types depends on the file (DLT_NULL: its byte order and the
 * address family values of every BSD, not only this system's), and tcpdump -r uses the file.
 */
static int tl_filter_compile(const char *expr, pcap_t *h, struct tl_filter **out)
{
	struct tl_filter *f;
	struct bpf_insn *ins;
	size_t cnt;
	int err;

	*out = NULL;
	f = calloc(1, sizeof(*f));
	if (!f || !(f->expr = strdup(expr))) {
		free(f);
		return -ENOMEM;
	}
	f->dlt = pcap_datalink(h);
	/* libpcap resolves host and port names while it compiles, as for tcpdump. */
	if (pcap_compile(h, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		tl_err("cannot compile the filter '%s': %s (see pcap-filter(7))", tl_quote(expr),
		       pcap_geterr(h));
		free(f->expr);
		free(f);
		return -EINVAL;
	}
	/* Refuse what cannot be expressed now, not when the programs load. */
	err = tl_filter_translate(f, BPF_PROG_TYPE_XDP, &ins, &cnt);
	if (err) {
		tl_filter_free(f);
		return err;
	}
	tl_debug("filter '%s': %u classic instructions, %zu eBPF", tl_quote(expr), f->prog.bf_len,
		 cnt);
	free(ins);
	*out = f;
	return 0;
}

int tl_filter_new(const char *expr, int dlt, struct tl_filter **out)
{
	return tl_filter_new_snap(expr, dlt, 262144, out);
}

int tl_filter_new_snap(const char *expr, int dlt, unsigned int snaplen, struct tl_filter **out)
{
	pcap_t *dead = pcap_open_dead(dlt, (int)snaplen);
	int err;

	*out = NULL;
	if (!dead)
		return -ENOMEM;
	err = tl_filter_compile(expr, dead, out);
	pcap_close(dead);
	return err;
}

int tl_filter_new_file(const char *expr, const char *path, struct tl_filter **out)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);
	int err;

	*out = NULL;
	if (!p) {
		tl_err("%s: %s", path, errbuf);
		return -EINVAL;
	}
	err = tl_filter_compile(expr, p, out);
	pcap_close(p);
	return err;
}

void tl_filter_free(struct tl_filter *f)
{
	if (!f)
		return;
	pcap_freecode(&f->prog);
	free(f->expr);
	free(f);
}

void tl_filter_dump(const struct tl_filter *f, int level)
{
	bpf_dump(&f->prog, level);
}

bool tl_filter_match(const struct tl_filter *f, const uint8_t *pkt, uint32_t cap_len,
		     uint32_t wire_len)
{
	struct pcap_pkthdr h = { .caplen = cap_len, .len = wire_len };

	return pcap_offline_filter(&f->prog, &h, pkt) != 0;
}
