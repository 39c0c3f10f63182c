// SPDX-License-Identifier: GPL-2.0-only
/* The language of the learner's texts: which catalog, found where, under which locale. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "out/i18n.h"

/* A compiled-in fallback; normally the catalog is found next to the binary (see tl_localedir). */
#ifndef TL_LOCALEDIR
#define TL_LOCALEDIR "/usr/local/share/locale"
#endif

/* The catalog directory: TCPLENS_LOCALEDIR, then build/locale next to build/tcplens, then
 * PREFIX/share/locale next to PREFIX/sbin/tcplens, then the compiled-in path. */
static const char *tl_localedir(char *buf, size_t len)
{
	static const char *const rel[] = { "/locale", "/../share/locale" };
	const char *env = getenv("TCPLENS_LOCALEDIR");
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
				snprintf(probe, sizeof(probe), "%s%s/ja/LC_MESSAGES/%s.mo", exe,
					 rel[i], TL_TEXTDOMAIN);
				if (!access(probe, R_OK)) {
					snprintf(buf, len, "%s%s", exe, rel[i]);
					return buf;
				}
			}
		}
	}
	return TL_LOCALEDIR;
}

/* The language the environment asks for, gettext's precedence: LANGUAGE, LC_ALL, ... */
static const char *tl_env_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return !strncmp(v, "ja", 2) ? "ja" : "en";
	}
	return "en";
}

int tl_i18n_lang(const char *lang)
{
	char dir[PATH_MAX + 32];

	if (!lang)
		lang = tl_env_lang();
	if (strcmp(lang, "en") && strcmp(lang, "ja"))
		return -EINVAL;
	/*
	 * gettext ignores LANGUAGE in the "C" locale and Debian installs no ja_JP locale by
	 * default, so messages run in C.UTF-8 (always present since glibc 2.35, Debian's own
	 * patch before) with LANGUAGE naming the catalog. Only LC_MESSAGES changes: numbers and
	 * times keep the C formats the tcpdump lines need.
	 */
	if (setenv("LANGUAGE", lang, 1))
		return -errno;
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		tl_debug("C.UTF-8 locale missing: annotations stay in English");
	bind_textdomain_codeset(TL_TEXTDOMAIN, "UTF-8");
	if (!bindtextdomain(TL_TEXTDOMAIN, tl_localedir(dir, sizeof(dir))))
		return -errno;
	return 0;
}

/*
 * Translations by the address of their msgid literal: open addressing, never removed. More
 * literals than slots (the catalog has about a hundred) fall back to dgettext itself.
 */
#define TL_TR_SLOTS 1024
static struct {
	const char *id, *tr;
} tl_tr_cache[TL_TR_SLOTS];

const char *tl_tr(const char *msgid)
{
	size_t h = (size_t)(((uint64_t)(uintptr_t)msgid * 0x9e3779b97f4a7c15ull) >> 54);

	for (unsigned int n = 0; n < TL_TR_SLOTS; n++, h = (h + 1) & (TL_TR_SLOTS - 1)) {
		const char *id = __atomic_load_n(&tl_tr_cache[h].id, __ATOMIC_ACQUIRE), *tr;

		if (!id && __atomic_compare_exchange_n(&tl_tr_cache[h].id, &id, msgid, 0,
						       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			tr = dgettext(TL_TEXTDOMAIN, msgid);
			__atomic_store_n(&tl_tr_cache[h].tr, tr, __ATOMIC_RELEASE);
			return tr;
		}
		if (id != msgid)
			continue;
		/* NULL while the thread that claimed the slot is still asking gettext. */
		tr = __atomic_load_n(&tl_tr_cache[h].tr, __ATOMIC_ACQUIRE);
		return tr ? tr : dgettext(TL_TEXTDOMAIN, msgid);
	}
	return dgettext(TL_TEXTDOMAIN, msgid);
}
