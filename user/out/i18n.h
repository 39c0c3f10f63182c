/* SPDX-License-Identifier: GPL-2.0-only */
/* The language of the learner's texts (--explain, --summary, --ladder): gettext catalogs. */
#ifndef TL_I18N_H
#define TL_I18N_H

#include <libintl.h>

#define TL_TEXTDOMAIN "tcplens"
/* Every user-visible annotation goes through the tcplens catalog; msgids are English. */
#define _(s)  dgettext(TL_TEXTDOMAIN, s)
#define N_(s) (s)

/*
 * Choose the language of the annotations: "en", "ja", or NULL for the one the environment asks
 * for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Works whatever locales the machine has installed.
 * Returns 0, or -EINVAL for a language without a catalog.
 */
int tl_i18n_lang(const char *lang);

#endif
