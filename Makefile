# SPDX-License-Identifier: GPL-2.0-only
# One Makefile: BPF object -> skeleton -> binary, plus tests. Outputs go under build/.

CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    := build

ifeq ($(V),1)
Q :=
else
Q := @
endif

CFLAGS     ?= -O2 -g
USER_FLAGS := -std=gnu11 -Wall -Wextra -Werror -Iinclude -Ibpf -Iuser -I$(BUILD) -MMD -MP
BPF_FLAGS  := -O2 -g -target bpf -mcpu=v3 -Wall -Werror -Iinclude -Ibpf -I/usr/include/$(shell $(CC) -dumpmachine)
LIBS       := -lbpf -lelf -lz -lpcap

BPF_SRC    := bpf/tcplens.bpf.c
BPF_OBJ    := $(BUILD)/tcplens.bpf.o
SKEL       := $(BUILD)/tcplens.skel.h

# Three layers, dependencies running down: capture -> conn -> out (see README, Architecture).
USER_SRCS  := $(wildcard user/*.c user/capture/*.c user/conn/*.c user/out/*.c)
USER_OBJS  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(USER_SRCS))
LIB_OBJS   := $(filter-out $(BUILD)/user/main.o,$(USER_OBJS))

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
PROG_BINS  := $(if $(wildcard tests/prog/prog_test.c),$(BUILD)/tests/prog_test)
ANA_SRCS   := $(wildcard tests/analysis/*.c)
ANA_BINS   := $(if $(ANA_SRCS),$(BUILD)/tests/analysis_corpus)
FILTER_BINS := $(if $(wildcard tests/filter/test_filter.c),$(BUILD)/tests/test_filter)

.PHONY: all clean install test demo tests deps bench
all: $(BUILD)/tcplens tests

# The rotation and soak tests drive the benchmark's traffic generator.
tests: $(UNIT_BINS) $(PROG_BINS) $(ANA_BINS) $(FILTER_BINS) $(BUILD)/bench/gen

$(BUILD)/tcplens.bpf.o: $(BPF_SRC) bpf/parse.h include/tcplens.h | $(BUILD)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_FLAGS) -c $< -o $@

$(SKEL): $(BPF_OBJ)
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name tcplens_bpf > $@.tmp && mv $@.tmp $@

# Every user object may include the skeleton; generate it first.
$(BUILD)/user/%.o: user/%.c $(SKEL)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(USER_FLAGS) -c $< -o $@

$(BUILD)/tcplens: $(USER_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS) $(USER_FLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/prog_test: tests/prog/prog_test.c $(SKEL) $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS) $(USER_FLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/analysis_corpus: $(ANA_SRCS) $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS) $(USER_FLAGS) -Itests/unit -o $@ $(ANA_SRCS) $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/test_filter: tests/filter/test_filter.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(CC) $(CFLAGS) $(USER_FLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD) $(BUILD)/user $(BUILD)/tests:
	$(Q)mkdir -p $@

install: $(BUILD)/tcplens
	install -D -m 0755 $(BUILD)/tcplens $(DESTDIR)$(PREFIX)/sbin/tcplens

# The two set-up commands of the README. Both install missing Debian packages first.
deps:
	$(Q)scripts/deps.sh

test:
	$(Q)scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/run.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/tcplens
	$(Q)scripts/demo.sh

clean:
	rm -rf $(BUILD) build-fuzz build-san

-include $(USER_OBJS:.o=.d) $(UNIT_BINS:=.d) $(PROG_BINS:=.d) $(ANA_BINS:=.d) $(FILTER_BINS:=.d)
include po/po.mk
include bench/bench.mk
include tests/fuzz/fuzz.mk
