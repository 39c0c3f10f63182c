// SPDX-License-Identifier: GPL-2.0-only
/* --ladder: an ASCII sequence diagram per connection, client on the left, server on the right. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/i18n.h"
#include "out/ladder.h"

#define TL_LADDER_COLS 100
#define TL_TIME_COLS   12			       /* "%10.6f" and two spaces */
#define TL_LANE	       (TL_LADDER_COLS - TL_TIME_COLS) /* both bars included */

struct tl_ladder_list {
	uint32_t n, cap;
	uint32_t not_drawn; /* segments past TL_LADDER_ARROWS or the global budget */
	struct tl_arrow a[];
};

int tl_ladder_add(struct tl_ladder_list **lp, const struct tl_arrow *a, uint64_t *budget)
{
	struct tl_ladder_list *l = *lp;

	if (l && l->n == l->cap) {
		uint32_t cap = l->cap * 2;

		if (cap > TL_LADDER_ARROWS)
			cap = TL_LADDER_ARROWS;
		if (l->cap == cap || *budget < cap - l->cap) {
			l->not_drawn++;
			return 0;
		}
		l = realloc(l, sizeof(*l) + cap * sizeof(l->a[0]));
		if (!l)
			return -ENOMEM;
		*budget -= cap - l->cap;
		l->cap = cap;
		*lp = l;
	} else if (!l) {
		if (*budget < TL_LADDER_FIRST)
			return 0;
		l = malloc(sizeof(*l) + TL_LADDER_FIRST * sizeof(l->a[0]));
		if (!l)
			return -ENOMEM;
		l->n = 0;
		l->cap = TL_LADDER_FIRST;
		l->not_drawn = 0;
		*budget -= TL_LADDER_FIRST;
		*lp = l;
	}
	l->a[l->n++] = *a;
	return 0;
}

void tl_ladder_free(struct tl_ladder_list **lp, uint64_t *budget)
{
	if (!*lp)
		return;
	*budget += (*lp)->cap;
	free(*lp);
	*lp = NULL;
}

/* tcpdump's letters for the flags byte, in its order, "." for ACK. */
static size_t tl_flag_letters(uint8_t fl, char *buf)
{
	size_t n = 0;

	for (int i = 0; i < 8; i++)
		if (fl & (1u << i))
			buf[n++] = TL_TH_LETTERS[i];
	if (!n) {
		memcpy(buf, "none", 4);
		n = 4;
	}
	buf[n] = '\0';
	return n;
}

static int tl_arrow_label(const struct tl_arrow *a, char *buf, size_t len)
{
	char fl[16], ana[96] = "";
	struct tl_ana_result r = {
		.flags = a->ana,
		.dupack_num = a->dup_num,
		.dupack_frame = a->dup_frame,
	};
	int n;

	tl_flag_letters(a->tcp_flags, fl);
	if (a->ana)
		tl_ana_label(&r, ana, sizeof(ana));
	n = snprintf(buf, len, "[%s]", fl);
	if (a->len)
		n += snprintf(buf + n, len - (size_t)n, " seq %u:%u", a->seq, a->seq + a->len);
	else if (a->tcp_flags & (TL_TH_SYN | TL_TH_FIN | TL_TH_RST))
		n += snprintf(buf + n, len - (size_t)n, " seq %u", a->seq);
	if (a->tcp_flags & TL_TH_ACK)
		n += snprintf(buf + n, len - (size_t)n, " ack %u", a->ack);
	n += snprintf(buf + n, len - (size_t)n, " win %u", a->win);
	if (a->len)
		n += snprintf(buf + n, len - (size_t)n, " len %u", a->len);
	if (*ana)
		n += snprintf(buf + n, len - (size_t)n, " %s", ana);
	return n;
}

static int tl_draw(struct tl_out *o, const struct tl_conn *c, const struct tl_arrow *a)
{
	/* Room for the label between the arrow's fixed parts: "|-- " ... " ->|". */
	const size_t max_label = TL_LANE - 9;
	char line[TL_LADDER_COLS + 2], label[160];
	size_t ll, dashes, n;
	int w;

	w = tl_arrow_label(a, label, sizeof(label));
	ll = w < 0 ? 0 : (size_t)w;
	if (ll > sizeof(label) - 1)
		ll = sizeof(label) - 1;
	if (ll > max_label) {
		ll = max_label;
		label[ll - 1] = '~'; /* cut: a long Wireshark label did not fit */
	}
	n = (size_t)snprintf(line, sizeof(line), "%10.6f  ",
			     (double)tl_ns_diff(a->t_ns, c->t_first) / 1e9);
	if (n != TL_TIME_COLS)
		n = TL_TIME_COLS;
	dashes = TL_LANE - 7 - ll; /* the bars, "--", two spaces and the head */
	if (a->side == c->client) {
		memcpy(line + n, "|-- ", 4);
		n += 4;
		memcpy(line + n, label, ll);
		n += ll;
		line[n++] = ' ';
		memset(line + n, '-', dashes);
		n += dashes;
		memcpy(line + n, ">|", 2);
		n += 2;
	} else {
		memcpy(line + n, "|<", 2);
		n += 2;
		memset(line + n, '-', dashes);
		n += dashes;
		line[n++] = ' ';
		memcpy(line + n, label, ll);
		n += ll;
		memcpy(line + n, " --|", 4);
		n += 4;
	}
	line[n++] = '\n';
	return tl_out_write(o, line, n);
}

int tl_ladder_print(struct tl_out *o, struct tl_names *names, const struct tl_flow_key *k,
		    const struct tl_conn *c, const struct tl_ladder_list *l)
{
	char ep[2][TL_NAMES_ENDPOINT_TEXT], buf[512 + 2 * TL_NAMES_ENDPOINT_TEXT];
	int w, err;

	for (int i = 0; i < 2; i++) {
		int side = i ? !c->client : c->client;

		tl_names_endpoint(names, k->family, k->addr[side], k->port[side], ep[i],
				  sizeof(ep[i]));
	}
	w = snprintf(buf, sizeof(buf),
		     _("== ladder %u: client %s on the left, server %s on the right\n"),
		     c->ana.stream, ep[0], ep[1]);
	err = tl_out_write(o, buf, (size_t)w < sizeof(buf) ? (size_t)w : sizeof(buf) - 1);
	if (!err) {
		/* The column heads are not translated: they line up with the bars below. */
		w = snprintf(buf, sizeof(buf), "%*s  %-*s%*s\n", 10, "time (s)", TL_LANE / 2,
			     "client", TL_LANE / 2, "server");
		err = tl_out_write(o, buf, (size_t)w);
	}
	for (uint32_t i = 0; l && i < l->n && !err; i++)
		err = tl_draw(o, c, &l->a[i]);
	if (!err && l && l->not_drawn) {
		w = snprintf(buf, sizeof(buf),
			     _("  ... %u more segments not drawn (at most %u per connection)\n"),
			     l->not_drawn, TL_LADDER_ARROWS);
		err = tl_out_write(o, buf, (size_t)w < sizeof(buf) ? (size_t)w : sizeof(buf) - 1);
	}
	return err;
}
