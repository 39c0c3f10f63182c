// SPDX-License-Identifier: GPL-2.0-only
/* One connection as --explain, --summary and --ladder tell it: the words they share. */
#include "out/i18n.h"
#include "out/story.h"

const char *tl_role(const struct tl_conn *c, int side)
{
	return side == c->client ? _("client") : _("server");
}
