// SPDX-License-Identifier: GPL-2.0-only
/* --json: one JSON object per segment (JSON Lines), and the per-segment facts it shares with -w. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn/flow.h"
#include "conn/tcp.h"
#include "out/json.h"
#include "conn/tcpopt.h"
#include "out/proc.h"
#include "out/put.h"
#include "out/pcapng.h"

/*
 * What the line says beyond the record: the numbers tcpdump prints (relative unless -S) and
 * Wireshark's analysis, read off the segment view.
 */
struct tl_track_info {
	uint32_t seq_shown; /* what tcpdump -nn prints after "seq" / "ack" */
	uint32_t ack_shown;
	bool analysed; /* Wireshark analyses this segment (see tl_seg_from_record) */
	struct tl_ana_result ana;
	int win_scale; /* shift applied by Wireshark: -1 unknown, -2 not used, else 0..14 */
	uint64_t win_scaled;
	char label[192]; /* Wireshark's Info prefix ("[TCP Dup ACK 3#1]"), "" if none */
};

static void tl_track_info(const struct tl_segview *v, struct tl_track_info *out)
{
	const struct tl_record *r = v->r;

	out->seq_shown = v->rel ? v->seqv.seq : r->seq;
	out->ack_shown = v->rel ? v->seqv.ack : r->ack;
	out->analysed = v->analysed;
	out->win_scale = -1;
	out->win_scaled = r->window;
	out->label[0] = '\0';
	if (!v->analysed) {
		memset(&out->ana, 0, sizeof(out->ana));
		return;
	}
	out->ana = v->ana;
	/* NOLINTNEXTLINE(bugprone-signed-char-misuse,cert-str34-c) */
	out->win_scale = tl_view_ana(v->flow)->dir[v->side].win_scale;
	if (!(r->tcp_flags & TL_TH_SYN) && out->win_scale >= 0)
		out->win_scaled = (uint64_t)r->window << out->win_scale;
	if (tl_ana_label(&out->ana, out->label, sizeof(out->label)) < 0)
		out->label[0] = '\0';
}

struct tl_json {
	struct tl_out *out;
};

struct tl_json *tl_json_new(struct tl_out *out)
{
	struct tl_json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->out = out;
	return j;
}

void tl_json_free(struct tl_json *j)
{
	free(j);
}

/* Room for one line: the fixed fields, 40 option bytes decoded and in hex, 256 in hex, and
 * the process object (a cgroup path of up to 255 bytes, each escaped to at most 6). */
#define TL_JSON_LINE_MAX (8192 + 2048)

static char *put_i64(char *c, int64_t v)
{
	if (v < 0) {
		*c++ = '-';
		return put_u64(c, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(c, (uint64_t)v);
}

/* TCP payload bytes the record's frame section holds (-s with --json), and where. */
static uint32_t payload_at(const struct tl_record *r, const uint8_t **p)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);
	uint32_t start;

	if (!fs || r->l4_caplen < 20)
		return 0;
	start = fs->l4_off + (uint32_t)(r->doff_byte >> 4) * 4;
	if (start >= fs->len)
		return 0;
	*p = (const uint8_t *)(fs + 1) + start;
	return fs->len - start;
}

static uint32_t payload_len(const struct tl_record *r)
{
	const uint8_t *p;

	return payload_at(r, &p);
}

static char *put_hex(char *c, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";

	*c++ = '"';
	for (size_t i = 0; i < n; i++) {
		*c++ = hx[b[i] >> 4];
		*c++ = hx[b[i] & 15];
	}
	*c++ = '"';
	return c;
}

static char *put_payload(char *c, const struct tl_record *r)
{
	const uint8_t *p;
	uint32_t n = payload_at(r, &p);

	if (!n) {
		memcpy(c, "null", 4);
		return c + 4;
	}
	return put_hex(c, p, n);
}

/* A JSON string of at most max input bytes; control and non-ASCII bytes are \u-escaped. */
static char *put_jstr(char *c, const char *s, size_t max)
{
	static const char hx[] = "0123456789abcdef";

	*c++ = '"';
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\') {
			*c++ = '\\';
			*c++ = (char)ch;
		} else if (ch < 0x20 || ch >= 0x7f) {
			PUT(c, "\\u00");
			*c++ = hx[ch >> 4];
			*c++ = hx[ch & 15];
		} else {
			*c++ = (char)ch;
		}
	}
	*c++ = '"';
	return c;
}

/* Field separator and name: `,"name":`. */
#define KEY(c, name) PUT(c, ",\"" name "\":")

/*
 * "eth" and "ip": what tcpdump prints with -e and -v, when the record carries the frame's
 * headers (--json with -s); null where it does not. The link header's type is the one after
 * any VLAN tags: the bytes just before the IP header.
 */
static char *put_bool(char *c, bool v)
{
	if (v)
		PUT(c, "true");
	else
		PUT(c, "false");
	return c;
}

static char *put_headers(char *c, const struct tl_record *r)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);
	const uint8_t *b = fs ? (const uint8_t *)(fs + 1) : NULL;
	uint32_t n = fs ? fs->len : 0, l3 = fs ? fs->l3_off : 0;

	KEY(c, "eth");
	if (fs && fs->link == TL_LINK_ETH && n >= 14 && l3 >= 14 && l3 <= n) {
		PUT(c, "{\"src\":\"");
		c = put_mac(c, b + 6);
		PUT(c, "\",\"dst\":\"");
		c = put_mac(c, b);
		PUT(c, "\",\"type\":");
		c = put_u64(c, tl_be16(b + l3 - 2));
		PUT(c, ",\"vlan_tags\":");
		c = put_u64(c, l3 >= 18 && tl_be16(b + 12) != 0x05dc ? (l3 - 14) / 4 : 0);
		*c++ = '}';
	} else {
		PUT(c, "null");
	}
	KEY(c, "ip");
	if (fs && r->family == 4 && l3 + 20 <= n) {
		const uint8_t *ip = b + l3;
		uint16_t frag = tl_be16(ip + 6);

		PUT(c, "{\"tos\":");
		c = put_u64(c, ip[1]);
		PUT(c, ",\"ttl\":");
		c = put_u64(c, ip[8]);
		PUT(c, ",\"id\":");
		c = put_u64(c, tl_be16(ip + 4));
		PUT(c, ",\"df\":");
		c = put_bool(c, frag & 0x4000);
		PUT(c, ",\"mf\":");
		c = put_bool(c, frag & 0x2000);
		PUT(c, ",\"frag_offset\":");
		c = put_u64(c, (uint64_t)(frag & 0x1fff) * 8);
		PUT(c, ",\"total_len\":");
		c = put_u64(c, tl_be16(ip + 2));
		PUT(c, ",\"hdr_len\":");
		c = put_u64(c, (uint64_t)(ip[0] & 15) * 4);
		PUT(c, ",\"cksum\":");
		c = put_u64(c, tl_be16(ip + 10));
		*c++ = '}';
	} else if (fs && r->family == 6 && l3 + 40 <= n) {
		const uint8_t *ip = b + l3;

		PUT(c, "{\"tclass\":");
		c = put_u64(c, (uint64_t)((ip[0] & 15) << 4 | ip[1] >> 4));
		PUT(c, ",\"flow\":");
		c = put_u64(c, (uint64_t)(ip[1] & 15) << 16 | (uint64_t)ip[2] << 8 | ip[3]);
		PUT(c, ",\"hlim\":");
		c = put_u64(c, ip[7]);
		PUT(c, ",\"payload_len\":");
		c = put_u64(c, tl_be16(ip + 4));
		PUT(c, ",\"next_header\":");
		c = put_u64(c, ip[6]);
		*c++ = '}';
	} else {
		PUT(c, "null");
	}
	return c;
}

static char *put_addr(char *c, const struct tl_record *r, const uint8_t *a)
{
	char text[TL_ADDR_TEXT];

	return put_jstr(c, tl_addr_text(r->family, a, text, sizeof(text)), sizeof(text));
}

static char *put_time(char *c, int64_t ns)
{
	int64_t sec = ns / 1000000000, frac = ns % 1000000000;
	time_t t;
	struct tm tm;
	char text[64];
	size_t n;

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	t = (time_t)sec;
	if (!gmtime_r(&t, &tm) || !(n = strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm)))
		return put_jstr(c, "", 1);
	snprintf(text + n, sizeof(text) - n, ".%09lldZ", (long long)frac);
	return put_jstr(c, text, sizeof(text));
}

/*
 * Opens an option's object with its kind and name: {"kind":K,"name":"N". The names are
 * tcpdump's; a kind it has no name for, or only an empty one (CC.ECHO), is "unknown".
 */
static char *put_opt_name(char *c, uint32_t kind)
{
	const char *name = tl_tcpopt_name(kind);

	PUT(c, "{\"kind\":");
	c = put_u64(c, kind);
	PUT(c, ",\"name\":");
	return put_jstr(c, name && *name ? name : "unknown", 16);
}

/*
 * The options as a list of objects. Only the captured bytes (opt_len) are read; an option
 * that runs past them is marked "truncated", one whose length is impossible "bad", and the
 * list stops there, as tcpdump's does.
 */
static char *put_options(char *c, const struct tl_record *r)
{
	struct tl_opt_iter it;
	struct tl_opt opt;
	bool first = true;

	*c++ = '[';
	tl_opt_begin(&it, r);
	while (tl_opt_next(&it, &opt)) {
		const uint8_t *b = opt.body;

		if (!first)
			*c++ = ',';
		first = false;
		c = put_opt_name(c, opt.kind);
		if (opt.kind == 2 && opt.len == 4) {
			PUT(c, ",\"value\":");
			c = put_u64(c, tl_be16(b));
		} else if (opt.kind == 3 && opt.len == 3) {
			PUT(c, ",\"value\":");
			c = put_u64(c, b[0]);
		} else if (opt.kind == 8 && opt.len == 10) {
			PUT(c, ",\"val\":");
			c = put_u64(c, tl_be32(b));
			PUT(c, ",\"ecr\":");
			c = put_u64(c, tl_be32(b + 4));
		} else if (opt.kind == 5 && (opt.len - 2) % 8 == 0) {
			PUT(c, ",\"blocks\":[");
			for (uint32_t k = 0; k < (uint32_t)(opt.len - 2) / 8; k++) {
				if (k)
					*c++ = ',';
				*c++ = '[';
				c = put_u64(c, tl_be32(b + 8 * k));
				*c++ = ',';
				c = put_u64(c, tl_be32(b + 4 + 8 * k));
				*c++ = ']';
			}
			*c++ = ']';
		} else if (opt.len > 2) {
			PUT(c, ",\"data\":");
			c = put_hex(c, b, opt.len - 2);
		}
		*c++ = '}';
	}
	if (it.stop != TL_OPT_END) {
		if (!first)
			*c++ = ',';
		if (it.kind >= 0) {
			c = put_opt_name(c, (uint32_t)it.kind);
			*c++ = ',';
		} else {
			*c++ = '{';
		}
		if (it.stop == TL_OPT_BAD)
			PUT(c, "\"bad\":true}");
		else
			PUT(c, "\"truncated\":true}");
	}
	*c++ = ']';
	return c;
}

static char *put_flags(char *c, uint8_t fl)
{
	static const char *const names[8] = {
		"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"
	};

	/* The letters exactly as tcpdump prints them between "Flags [" and "]". */
	KEY(c, "flags");
	*c++ = '"';
	for (int i = 0; i < 8; i++)
		if (fl & (1u << i))
			*c++ = TL_TH_LETTERS[i];
	if (!fl)
		PUT(c, "none");
	*c++ = '"';
	KEY(c, "flag_list");
	*c++ = '[';
	for (int i = 0, n = 0; i < 8; i++) {
		if (!(fl & (1u << i)))
			continue;
		if (n++)
			*c++ = ',';
		c = put_jstr(c, names[i], 4);
	}
	*c++ = ']';
	return c;
}

static char *put_analysis(char *c, const struct tl_track_info *ti)
{
	bool first = true;

	KEY(c, "analysis");
	*c++ = '[';
	for (uint32_t bit = 1; ti->analysed && bit <= TL_ANA_SPURIOUS_RETRANSMISSION; bit <<= 1) {
		const char *n = tl_ana_flag_name(bit);

		/* Wireshark sets its generic retransmission field for the fast and spurious
		 * kinds too: the list holds the tcp.analysis.* fields tshark reports. */
		bool set = bit == TL_ANA_RETRANSMISSION ? tl_ana_is_retrans(ti->ana.flags)
							: (ti->ana.flags & bit) != 0;

		if (!set || !n)
			continue;
		if (!first)
			*c++ = ',';
		first = false;
		c = put_jstr(c, n, 64);
	}
	*c++ = ']';
	KEY(c, "label");
	c = put_jstr(c, ti->label, sizeof(ti->label));
	KEY(c, "conn");
	if (ti->analysed)
		c = put_u64(c, ti->ana.stream);
	else
		PUT(c, "null");
	return c;
}

/* The process behind the segment (out/proc.h), when the kernel knew it. */
static char *put_process(char *c, const struct tl_record *r)
{
	const struct tl_proc_sect *p = tl_rec_proc(r);
	const char *cg, *ctr;

	if (!p)
		return c;
	cg = tl_cgroup_path(p->cgroup_id);
	ctr = tl_cgroup_container(p->cgroup_id);
	KEY(c, "process");
	PUT(c, "{\"pid\":");
	c = put_u64(c, p->pid);
	KEY(c, "tid");
	c = put_u64(c, p->tid);
	KEY(c, "comm");
	c = put_jstr(c, p->comm, sizeof(p->comm));
	KEY(c, "uid");
	c = put_u64(c, p->uid);
	KEY(c, "gid");
	c = put_u64(c, p->gid);
	KEY(c, "cgroup_id");
	c = put_u64(c, p->cgroup_id);
	KEY(c, "cgroup");
	if (cg)
		c = put_jstr(c, cg, 255);
	else
		PUT(c, "null");
	KEY(c, "container_id");
	if (ctr)
		c = put_jstr(c, ctr, TL_CONTAINER_ID_LEN);
	else
		PUT(c, "null");
	*c++ = '}';
	return c;
}

static char *put_ext(char *c, const struct tl_record *r)
{
	KEY(c, "ip6_ext");
	*c++ = '[';
	for (unsigned i = 0; i < r->ext_cnt && i < TL_EXT_MAX; i++) {
		if (i)
			*c++ = ',';
		switch (r->ext[i]) {
		case 0:
			PUT(c, "\"hbh\"");
			break;
		case 43:
			PUT(c, "\"routing\"");
			break;
		case 44:
			PUT(c, "\"fragment\"");
			break;
		default:
			PUT(c, "\"dstopt\"");
			break;
		}
	}
	*c++ = ']';
	return c;
}

int tl_json_record(struct tl_json *j, const struct tl_segview *v)
{
	const struct tl_record *r = v->r;
	const char *ifname = v->m.ifname;
	int64_t ts_ns = v->m.ts_ns;
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4;
	struct tl_track_info ti;
	char *start, *c;

	tl_track_info(v, &ti);
	start = tl_out_reserve(j->out, TL_JSON_LINE_MAX + 2 * payload_len(r));
	if (!start)
		return tl_out_error(j->out) ? tl_out_error(j->out) : -ENOSPC;
	c = start;
	PUT(c, "{\"time\":");
	c = put_time(c, ts_ns);
	KEY(c, "time_ns");
	c = put_i64(c, ts_ns);
	KEY(c, "frame");
	c = put_u64(c, v->m.frame);
	KEY(c, "interface");
	if (ifname)
		c = put_jstr(c, ifname, 64);
	else
		PUT(c, "null");
	KEY(c, "namespace");
	if (ifname && v->m.netns)
		c = put_jstr(c, v->m.netns, 128);
	else
		PUT(c, "null");
	KEY(c, "direction");
	if (!ifname)
		PUT(c, "null");
	else if (r->flags & TL_RF_EGRESS)
		PUT(c, "\"out\"");
	else
		PUT(c, "\"in\"");
	KEY(c, "family");
	c = put_u64(c, r->family);
	KEY(c, "src");
	c = put_addr(c, r, tl_rec_saddr(r));
	KEY(c, "dst");
	c = put_addr(c, r, tl_rec_daddr(r));
	/* Fields the capture did not reach are null rather than invented zeros. */
	KEY(c, "sport");
	if (r->l4_caplen >= 4)
		c = put_u64(c, r->sport);
	else
		PUT(c, "null");
	KEY(c, "dport");
	if (r->l4_caplen >= 4)
		c = put_u64(c, r->dport);
	else
		PUT(c, "null");
	if (r->l4_caplen >= 20) {
		c = put_flags(c, r->tcp_flags);
		KEY(c, "seq");
		c = put_u64(c, r->seq);
		KEY(c, "ack");
		c = put_u64(c, r->ack);
		KEY(c, "seq_rel");
		c = put_u64(c, ti.seq_shown);
		KEY(c, "ack_rel");
		if (r->tcp_flags & TL_TH_ACK)
			c = put_u64(c, ti.ack_shown);
		else
			PUT(c, "null");
		KEY(c, "hdr_len");
		c = put_u64(c, hlen);
		KEY(c, "win");
		c = put_u64(c, r->window);
		KEY(c, "win_scaled");
		c = put_u64(c, ti.win_scaled);
		KEY(c, "win_scale");
		c = put_i64(c, ti.win_scale);
		KEY(c, "urg_ptr");
		c = put_u64(c, r->urg_ptr);
		KEY(c, "options");
		c = put_options(c, r);
		KEY(c, "options_hex");
		c = put_hex(c, tl_rec_opts(r), r->opt_len);
	} else {
		PUT(c, ",\"flags\":null,\"flag_list\":null,\"seq\":null,\"ack\":null,"
		       "\"seq_rel\":null,\"ack_rel\":null,\"hdr_len\":null,\"win\":null,"
		       "\"win_scaled\":null,\"win_scale\":null,\"urg_ptr\":null,\"options\":null,"
		       "\"options_hex\":null");
	}
	KEY(c, "payload_len");
	if (r->l4_caplen >= 20 && hlen >= 20 && hlen <= r->l4_len)
		c = put_u64(c, r->l4_len - hlen);
	else
		PUT(c, "null");
	KEY(c, "l4_len");
	c = put_u64(c, r->l4_len);
	KEY(c, "l4_caplen");
	c = put_u64(c, r->l4_caplen);
	KEY(c, "truncated");
	if (r->l4_caplen < r->l4_len || r->ip_missing)
		PUT(c, "true");
	else
		PUT(c, "false");
	KEY(c, "ip_missing");
	c = put_u64(c, r->ip_missing);
	KEY(c, "ip_first_frag");
	if (r->flags & TL_RF_FRAG)
		PUT(c, "true");
	else
		PUT(c, "false");
	KEY(c, "ip_len0");
	if (r->flags & TL_RF_LEN0)
		PUT(c, "true");
	else
		PUT(c, "false");
	KEY(c, "ip6_jumbo");
	if (r->flags & TL_RF_JUMBO)
		PUT(c, "true");
	else
		PUT(c, "false");
	c = put_ext(c, r);
	c = put_process(c, r);
	c = put_headers(c, r);
	KEY(c, "payload_hex");
	c = put_payload(c, r);
	c = put_analysis(c, &ti);
	PUT(c, "}\n");
	return tl_out_commit(j->out, (size_t)(c - start));
}

int tl_json_summary(struct tl_json *j, const struct tl_json_summary *s)
{
	static const char *const names[TL_CNT_MAX] = {
		[TL_CNT_SEEN] = "seen",
		[TL_CNT_EMITTED] = "delivered",
		[TL_CNT_RING_FULL] = "ring_full",
		[TL_CNT_FILTERED] = "filtered",
		[TL_CNT_NON_TCP] = "non_tcp",
		[TL_CNT_IP_FRAG] = "ip_frag",
		[TL_CNT_MALFORMED] = "malformed",
		[TL_CNT_TRUNCATED] = "truncated",
		[TL_CNT_SAMPLED_OUT] = "sampled_out",
	};
	char *start = tl_out_reserve(j->out, 2048), *c;

	if (!start)
		return tl_out_error(j->out) ? tl_out_error(j->out) : -ENOSPC;
	c = start;
	PUT(c, "{\"summary\":{\"printed\":");
	c = put_u64(c, s->printed);
	KEY(c, "not_printed");
	c = put_u64(c, s->not_printed);
	KEY(c, "user_dropped");
	c = put_u64(c, s->user_bad);
	KEY(c, "file_written");
	c = put_u64(c, s->file_written);
	KEY(c, "file_dropped");
	c = put_u64(c, s->file_drops);
	for (int i = 0; i < TL_CNT_MAX; i++) {
		*c++ = ',';
		c = put_jstr(c, names[i], 32);
		*c++ = ':';
		c = put_u64(c, s->cnt[i]);
	}
	PUT(c, "}}\n");
	return tl_out_commit(j->out, (size_t)(c - start));
}
