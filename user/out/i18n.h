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
 * call, which was a third of --summary's time per segment. Arguments are string literals,
 * whose addresses are the cache's keys.
 */
#define _(s)  tl_tr(s)
#define N_(s) (s)

/*
 * Choose the language of the annotations: "en", "ja", or NULL for the one the environment asks
 * for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Works whatever locales the machine has installed.
 * Returns 0, or -EINVAL for a language without a catalog.
 */
int tl_i18n_lang(const char *lang);

/* _(): msgid's translation, looked up once per literal. */
__attribute__((format_arg(1))) const char *tl_tr(const char *msgid);

#endif
