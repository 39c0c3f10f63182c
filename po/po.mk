# SPDX-License-Identifier: GPL-2.0-only
# Message catalogs for the --explain, --summary and --ladder texts; included by the Makefile.
# msgfmt and xgettext come with Debian's gettext package.

PO_LANGS := ja
PO_SRCS  := user/out/explain.c user/out/summary.c user/out/ladder.c user/out/story.c
MO_FILES := $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/tcplens.mo,$(PO_LANGS))

.PHONY: po-update install-po
all: $(MO_FILES)
# build/tcplens finds its catalogs in build/locale: build them along with it.
$(BUILD)/tcplens: | $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/tcplens.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	$(Q)msgfmt --check -o $@ $<

# Refresh the template from the sources and merge it into every catalog (then translate).
po-update:
	xgettext --language=C --keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS \
		--package-name=tcplens --msgid-bugs-address=none -o po/tcplens.pot $(PO_SRCS)
	for l in $(PO_LANGS); do msgmerge --quiet --update --backup=none po/$$l.po po/tcplens.pot; done

install: install-po
install-po: $(MO_FILES)
	for l in $(PO_LANGS); do \
		install -D -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/tcplens.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/tcplens.mo; \
	done
