# SPDX-License-Identifier: GPL-2.0-only
# Hardening targets, included from the top Makefile: long fuzzing runs, the sanitizer and
# valgrind pass, the static checks and the bad-input tests. Outputs in build-fuzz/, build-san/.

FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 2
DIFF_MUTATIONS ?= 300

.PHONY: fuzz test-fuzz test-sanitize test-static test-cli

# As long as asked: make fuzz FUZZ_SECONDS=3600. The corpus grows in build-fuzz/corpus/.
fuzz:
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh
	$(Q)DIFF_MUTATIONS=$(DIFF_MUTATIONS) tests/fuzz/differential.py

# The bounded run make test does: 60 s per harness.
test-fuzz:
	$(Q)FUZZ_SECONDS=60 FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh

test-sanitize: $(BUILD)/tcplens
	$(Q)tests/fuzz/sanitize.sh

test-static:
	$(Q)tests/static/run.sh

test-cli: $(BUILD)/tcplens
	$(Q)tests/cli/run.sh
