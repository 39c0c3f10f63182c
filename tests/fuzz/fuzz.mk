# SPDX-License-Identifier: GPL-2.0-only
# Hardening targets, included from the top Makefile: long fuzzing runs, the sanitizer and
# valgrind pass, the static checks and the bad-input tests. Outputs in build-fuzz/, build-san/.
# The harnesses build through `make fuzz-build` (VARIANT=fuzz in the top Makefile).

FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 2
DIFF_MUTATIONS ?= 300
DEC_MUTATIONS ?= 300

.PHONY: fuzz test-fuzz test-sanitize test-static test-cli

# One harness per tests/fuzz/fuzz_NAME.c; seedgen writes their seed inputs. Both link every user
# object but main.o; only the harnesses take libFuzzer's main.
FUZZ_HARNESSES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS      := $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_HARNESSES))

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJS)
	@echo "  FUZZ    $@"
	$(Q)$(COMPILE) -Itests/fuzz -fsanitize=fuzzer -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/seedgen: tests/fuzz/seedgen.c $(LIB_OBJS)
	@echo "  CC      $@"
	$(Q)$(COMPILE) -Itests/fuzz -o $@ $< $(LIB_OBJS) $(LIBS)

-include $(FUZZ_BINS:=.d) $(BUILD)/seedgen.d

# As long as asked: make fuzz FUZZ_SECONDS=3600. The corpus grows in build-fuzz/corpus/.
fuzz:
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh
	$(Q)DIFF_MUTATIONS=$(DIFF_MUTATIONS) tests/fuzz/differential.py
	$(Q)DEC_MUTATIONS=$(DEC_MUTATIONS) tests/decode/differential.py \
		--inputs $(addprefix build-fuzz/corpus/,dectext decdns decbin)

# The bounded run make test does: 60 s per harness.
test-fuzz:
	$(Q)FUZZ_SECONDS=60 FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh

test-sanitize: $(BUILD)/tcplens
	$(Q)tests/fuzz/sanitize.sh

test-static:
	$(Q)tests/static/run.sh

test-cli: $(BUILD)/tcplens
	$(Q)tests/cli/run.sh
