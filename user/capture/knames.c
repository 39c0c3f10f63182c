// SPDX-License-Identifier: GPL-2.0-only
/* Kernel names for event numbers: enums from the running kernel's BTF, functions from
 * /proc/kallsyms, read once at start, so the per-event path only looks them up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "capture/knames.h"

struct tl_enum_names {
	char **name; /* by value; NULL where the kernel has none */
	uint32_t n;
};

struct tl_ksym {
	uint64_t addr;
	char *name;
};

struct tl_knames {
	struct tl_enum_names drop, reset;
	struct tl_ksym *sym; /* text symbols, by address */
	size_t n_sym;
};

/* enum type_name's values below 4096, with prefix cut off their names. */
static void read_enum(const struct btf *vm, const char *type_name, const char *prefix,
		      struct tl_enum_names *e)
{
	int id = btf__find_by_name_kind(vm, type_name, BTF_KIND_ENUM);
	const struct btf_type *t = id > 0 ? btf__type_by_id(vm, (uint32_t)id) : NULL;
	const struct btf_enum *v;
	size_t plen = strlen(prefix);

	if (!t)
		return;
	v = btf_enum(t);
	for (uint16_t i = 0; i < btf_vlen(t); i++)
		if (v[i].val >= 0 && v[i].val < 4096 && (uint32_t)v[i].val >= e->n)
			e->n = (uint32_t)v[i].val + 1;
	e->name = calloc(e->n ? e->n : 1, sizeof(*e->name));
	if (!e->name) {
		e->n = 0;
		return;
	}
	for (uint16_t i = 0; i < btf_vlen(t); i++) {
		const char *s = btf__name_by_offset(vm, v[i].name_off);

		if (v[i].val < 0 || v[i].val >= 4096 || !s)
			continue;
		if (!strncmp(s, prefix, plen))
			s += plen;
		e->name[v[i].val] = strdup(s);
	}
}

static int by_addr(const void *a, const void *b)
{
	const struct tl_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Text symbols only: a drop location is a return address inside a function. */
static void read_kallsyms(struct tl_knames *k)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512];
	size_t cap = 0;

	if (!f)
		return;
	/* "ffffffff81000000 T _stext [module]": address, type, name, maybe a module. */
	while (fgets(line, sizeof(line), f)) {
		char *end, *name;
		unsigned long long addr = strtoull(line, &end, 16);

		if (end == line || !addr || end[0] != ' ' || (end[1] != 't' && end[1] != 'T') ||
		    end[2] != ' ')
			continue;
		name = end + 3;
		name[strcspn(name, " \t\n")] = '\0';
		if (k->n_sym == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			struct tl_ksym *s = realloc(k->sym, ncap * sizeof(*s));

			if (!s)
				break;
			k->sym = s;
			cap = ncap;
		}
		k->sym[k->n_sym].addr = addr;
		k->sym[k->n_sym].name = strdup(name);
		if (k->sym[k->n_sym].name)
			k->n_sym++;
	}
	fclose(f);
	if (k->n_sym)
		qsort(k->sym, k->n_sym, sizeof(*k->sym), by_addr);
}

struct tl_knames *tl_knames_new(int want_syms)
{
	struct tl_knames *k = calloc(1, sizeof(*k));
	struct btf *vm;

	if (!k)
		return NULL;
	vm = btf__load_vmlinux_btf();
	if (vm) {
		read_enum(vm, "skb_drop_reason", "SKB_DROP_REASON_", &k->drop);
		read_enum(vm, "sk_rst_reason", "SK_RST_REASON_", &k->reset);
		btf__free(vm);
	}
	if (want_syms)
		read_kallsyms(k);
	return k;
}

static void free_enum(struct tl_enum_names *e)
{
	for (uint32_t i = 0; i < e->n; i++)
		free(e->name[i]);
	free(e->name);
}

void tl_knames_free(struct tl_knames *k)
{
	if (!k)
		return;
	free_enum(&k->drop);
	free_enum(&k->reset);
	for (size_t i = 0; i < k->n_sym; i++)
		free(k->sym[i].name);
	free(k->sym);
	free(k);
}

static const char *enum_name(const struct tl_enum_names *e, uint32_t v, char *buf, size_t cap)
{
	if (v < e->n && e->name[v])
		return e->name[v];
	snprintf(buf, cap, "%u", v);
	return buf;
}

const char *tl_knames_drop(struct tl_knames *k, uint32_t reason, char *buf, size_t cap)
{
	return enum_name(&k->drop, reason, buf, cap);
}

const char *tl_knames_reset(struct tl_knames *k, uint32_t reason, char *buf, size_t cap)
{
	return enum_name(&k->reset, reason, buf, cap);
}

const char *tl_knames_func(const struct tl_knames *k, uint64_t addr, char *buf, size_t cap)
{
	size_t lo = 0, hi = k->n_sym;

	/* The last symbol at or below addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		snprintf(buf, cap, "0x%llx", (unsigned long long)addr);
		return buf;
	}
	return k->sym[lo - 1].name;
}
