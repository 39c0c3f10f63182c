// SPDX-License-Identifier: GPL-2.0-only
/* The translated filter, spliced into the loaded programs in place of tl_filter(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "capture/filter.h"
#include "capture/filter_splice.h"
#include "log.h"

/*
 * libbpf calls tl_splice_prepare() for each program after relocation, with the
 * final instructions (the entry point followed by every subprogram it calls) and the load
 * attributes. We find the placeholder through BTF by name, point its body at the filter
 * appended after the last instruction (a call, then no-ops up to its exit), and add the
 * func_info and line_info records the verifier wants for the new subprogram. Appending
 * leaves every other offset in the program unchanged.
 */
struct tl_splice {
	const struct tl_filter *link, *raw;
	int handlers[3];
	int nhandlers;
	/* Load attributes we replaced must outlive the load: freed by tl_filter_splice_end(). */
	void *bufs[64];
	int nbufs;
};

static struct tl_splice tl_splice;

static void *tl_keep(void *p)
{
	if (!p)
		return NULL;
	if (tl_splice.nbufs == (int)(sizeof(tl_splice.bufs) / sizeof(tl_splice.bufs[0]))) {
		free(p);
		return NULL;
	}
	tl_splice.bufs[tl_splice.nbufs++] = p;
	return p;
}

/* The BTF id of the placeholder's FUNC, from the object's BTF the kernel already holds. */
static int tl_find_placeholder(struct bpf_prog_load_opts *o, __u32 *start, __u32 *end,
			       __u32 insn_cnt, __u32 *type_id, __u32 *li_idx)
{
	struct bpf_btf_info info = {};
	__u32 len = sizeof(info), fi_sz = o->func_info_rec_size, li_sz = o->line_info_rec_size;
	struct btf *btf;
	int found = -ENOENT;

	if (!o->func_info || !o->line_info || o->prog_btf_fd <= 0)
		return -ENOENT;
	if (bpf_obj_get_info_by_fd(o->prog_btf_fd, &info, &len))
		return -errno;
	btf = btf__load_from_kernel_by_id(info.id);
	if (!btf)
		return -errno;
	for (__u32 i = 0; i < o->func_info_cnt; i++) {
		const struct bpf_func_info *fi =
			(const void *)((const char *)o->func_info + i * fi_sz);
		const struct btf_type *t = btf__type_by_id(btf, fi->type_id);
		const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

		if (!name || strcmp(name, TL_FILTER_FUNC))
			continue;
		*start = fi->insn_off;
		*end = insn_cnt;
		*type_id = fi->type_id;
		if (i + 1 < o->func_info_cnt)
			*end = ((const struct bpf_func_info *)((const char *)o->func_info +
							       (i + 1) * fi_sz))
				       ->insn_off;
		found = 0;
		break;
	}
	btf__free(btf);
	if (found)
		return found;
	for (__u32 i = 0; i < o->line_info_cnt; i++) {
		const struct bpf_line_info *li =
			(const void *)((const char *)o->line_info + i * li_sz);

		if (li->insn_off == *start) {
			*li_idx = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int tl_splice_prepare(struct bpf_program *prog, struct bpf_prog_load_opts *o, long cookie)
{
	const struct tl_filter *f =
		strstr(bpf_program__name(prog), "_raw_") ? tl_splice.raw : tl_splice.link;
	enum bpf_prog_type type = bpf_program__type(prog);
	const struct bpf_insn *old = bpf_program__insns(prog);
	__u32 n = (__u32)bpf_program__insn_cnt(prog), start = 0, end = 0, type_id = 0, li_idx = 0;
	struct bpf_insn *body = NULL, *all = NULL;
	char *fi = NULL, *li = NULL;
	size_t bcnt;
	int err;

	/* What libbpf's own handler would have done for these section names. */
	if (cookie && type == BPF_PROG_TYPE_XDP)
		o->prog_flags |= BPF_F_XDP_HAS_FRAGS;
	if (!f) {
		tl_err("%s: no filter compiled for this program's link type",
		       bpf_program__name(prog));
		return -EINVAL;
	}
	err = tl_find_placeholder(o, &start, &end, n, &type_id, &li_idx);
	if (err) {
		tl_err("%s: the BPF object has no %s() placeholder to put the filter in "
		       "(rebuild tcplens)",
		       bpf_program__name(prog), TL_FILTER_FUNC);
		return -ENOENT;
	}
	if (end - start < 2 || end > n)
		return -EINVAL;
	err = tl_filter_translate(f, type, &body, &bcnt);
	if (err)
		return err;
	all = malloc((n + bcnt) * sizeof(*all));
	fi = malloc((o->func_info_cnt + 1) * o->func_info_rec_size);
	li = malloc((o->line_info_cnt + 1) * o->line_info_rec_size);
	if (!all || !fi || !li) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(all, old, n * sizeof(*all));
	memcpy(all + n, body, bcnt * sizeof(*all));
	/* The placeholder becomes: call the filter; no-ops; exit. R0 passes straight through. */
	all[start] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
					.src_reg = BPF_PSEUDO_CALL,
					.imm = (__s32)(n - start - 1) };
	for (__u32 i = start + 1; i < end - 1; i++)
		all[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA };
	all[end - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };

	memcpy(fi, o->func_info, o->func_info_cnt * o->func_info_rec_size);
	memset(fi + o->func_info_cnt * o->func_info_rec_size, 0, o->func_info_rec_size);
	((struct bpf_func_info *)(fi + o->func_info_cnt * o->func_info_rec_size))->insn_off = n;
	((struct bpf_func_info *)(fi + o->func_info_cnt * o->func_info_rec_size))->type_id =
		type_id;
	memcpy(li, o->line_info, o->line_info_cnt * o->line_info_rec_size);
	memcpy(li + o->line_info_cnt * o->line_info_rec_size,
	       (const char *)o->line_info + li_idx * o->line_info_rec_size, o->line_info_rec_size);
	((struct bpf_line_info *)(li + o->line_info_cnt * o->line_info_rec_size))->insn_off = n;

	err = bpf_program__set_insns(prog, all, n + bcnt);
	if (err)
		goto out;
	if (!tl_keep(fi) || !tl_keep(li)) {
		fi = li = NULL;
		err = -ENOMEM;
		goto out;
	}
	o->func_info = fi;
	o->func_info_cnt++;
	o->line_info = li;
	o->line_info_cnt++;
	fi = li = NULL;
	tl_debug("%s: filter spliced, %zu eBPF instructions", bpf_program__name(prog), bcnt);
out:
	free(body);
	free(all);
	free(fi);
	free(li);
	return err;
}

int tl_filter_splice_begin(const struct tl_filter *link, const struct tl_filter *raw)
{
	static const struct {
		const char *sec;
		enum bpf_prog_type type;
		enum bpf_attach_type att;
		long frags;
	} secs[] = {
		{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP, 0 },
		{ "xdp.frags", BPF_PROG_TYPE_XDP, BPF_XDP, 1 },
		{ "tc", BPF_PROG_TYPE_SCHED_CLS, 0, 0 },
	};

	tl_filter_splice_end();
	tl_splice.link = link;
	tl_splice.raw = raw;
	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		LIBBPF_OPTS(libbpf_prog_handler_opts, ho, .cookie = secs[i].frags,
			    .prog_prepare_load_fn = tl_splice_prepare);
		int id = libbpf_register_prog_handler(secs[i].sec, secs[i].type, secs[i].att, &ho);

		if (id < 0) {
			tl_err("cannot register the filter with libbpf: %s", strerror(-id));
			tl_filter_splice_end();
			return id;
		}
		tl_splice.handlers[tl_splice.nhandlers++] = id;
	}
	return 0;
}

void tl_filter_splice_end(void)
{
	for (int i = 0; i < tl_splice.nhandlers; i++)
		libbpf_unregister_prog_handler(tl_splice.handlers[i]);
	for (int i = 0; i < tl_splice.nbufs; i++)
		free(tl_splice.bufs[i]);
	tl_splice.nbufs = 0;
	tl_splice.nhandlers = 0;
	tl_splice.link = tl_splice.raw = NULL;
}
