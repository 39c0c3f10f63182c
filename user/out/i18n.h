/* SPDX-License-Identifier: GPL-2.0-only */
/* The language of the learner's texts (--explain, --summary, --ladder): gettext catalogs. */
#ifndef TL_I18N_H
#define TL_I18N_H

#include <libintl.h>

#define TL_TEXTDOMAIN "tcplens"
/*
 * Every user-visible annotation goes through the tcplens catalog; msgids are English. The
 * language is chosen once, before the first record (tl_i18n_lang), so each call site keeps
 * its translation: dgettext takes locks, reads the environment and hashes the string on every
 * call, which was a third of --summary's time per segment. Arguments are string literals.
 */
#define _(s)                                                                     \
	(__extension__({                                                         \
		static const char *tl_msg_;                                      \
		const char *tl_t_ = __atomic_load_n(&tl_msg_, __ATOMIC_RELAXED); \
		if (!tl_t_) {                                                    \
			tl_t_ = dgettext(TL_TEXTDOMAIN, s);                      \
			__atomic_store_n(&tl_msg_, tl_t_, __ATOMIC_RELAXED);     \
		}                                                                \
		tl_t_;                                                           \
	}))
#define N_(s) (s)

/*
 * Choose the language of the annotations: "en", "ja", or NULL for the one the environment asks
 * for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Works whatever locales the machine has installed.
 * Returns 0, or -EINVAL for a language without a catalog.
 */
int tl_i18n_lang(const char *lang);

#endif
