# SPDX-License-Identifier: GPL-2.0-only
# One Makefile: BPF object -> skeleton -> binary, plus tests. Outputs go under build/.

CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
PREFIX   ?= /usr/local
DESTDIR  ?=

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The BPF object and its skeleton do not depend on the variant below: always in build/.
GEN        := build
CFLAGS     ?= -O2 -g
# The one set of flags for user code, every variant, the test programs and the static checks.
STD_FLAGS  := -std=gnu11
WARN_FLAGS := $(STD_FLAGS) -Wall -Wextra -Werror
INC_FLAGS  := -Iinclude -Ibpf -Iuser -I$(GEN)
USER_FLAGS := $(WARN_FLAGS) $(INC_FLAGS) -MMD -MP
BPF_FLAGS  := -O2 -g -target bpf -mcpu=v3 -Wall -Werror -Iinclude -Ibpf -I/usr/include/$(shell $(CC) -dumpmachine)
LIBS       := -lbpf -lelf -lz -lpcap
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Variants: the same sources through the same rules, into their own directory, with more flags
# last (the last -O and -W win). `make san`, `make tsan` and `make fuzz-build` run them.
#   san   AddressSanitizer + UBSan: tcplens and the test programs in build-san/
#   tsan  ThreadSanitizer: test_merge and test_names, the tests with threads sharing memory, in
#         build-san/tsan/
#   fuzz  libFuzzer harnesses (clang only) with ASan + UBSan, in build-fuzz/ (tests/fuzz/fuzz.mk)
ifeq ($(VARIANT),)
BUILD         := build
# The binary is linked with link-time optimization: the line's printers are one function per
# protocol part, as tcpdump's are, and LTO inlines them back into one path per segment
# (bench/README.md, "Headers-only cost before and after ..."). The objects keep their ordinary
# code too (fat), so the test programs link them without an LTO pass each.
LTO_FLAGS     := -flto=auto -ffat-lto-objects
else ifeq ($(VARIANT),san)
BUILD         := build-san
VARIANT_FLAGS := -O1 $(SAN_FLAGS)
VARIANT_GOALS  = $(BUILD)/tcplens $(UNIT_BINS) $(PROG_BINS) $(ANA_BINS)
else ifeq ($(VARIANT),tsan)
BUILD         := build-san/tsan
VARIANT_FLAGS := -O1 -fsanitize=thread
VARIANT_GOALS  = $(BUILD)/tests/test_merge $(BUILD)/tests/test_names
else ifeq ($(VARIANT),fuzz)
BUILD         := build-fuzz
override CC   := $(CLANG)
# clang, unlike gcc, warns inside system-header macros: NLMSG_OK in <linux/netlink.h> compares
# netns.c's int length with a __u32. The gcc builds keep -Wsign-compare for everything else.
VARIANT_FLAGS := -O1 $(SAN_FLAGS) -fsanitize=fuzzer-no-link -Wno-sign-compare
VARIANT_GOALS  = $(FUZZ_BINS) $(BUILD)/seedgen
else
$(error VARIANT=$(VARIANT): expected san, tsan or fuzz)
endif
# CPPFLAGS and LDFLAGS: what a distribution adds (dpkg-buildflags: fortify, relro, bindnow).
COMPILE     = $(CC) $(CPPFLAGS) $(CFLAGS) $(USER_FLAGS) $(VARIANT_FLAGS)

BPF_SRC    := bpf/tcplens.bpf.c
BPF_OBJ    := $(GEN)/tcplens.bpf.o
SKEL       := $(GEN)/tcplens.skel.h
# --drops and --events read kernel structures: their object is built against the running
# kernel's types (vmlinux/README.md), relocated by CO-RE wherever it loads.
EV_OBJ     := $(GEN)/events.bpf.o
EV_SKEL    := $(GEN)/events.skel.h
VMLINUX_H  := vmlinux/vmlinux.h
KERNEL_BTF ?= /sys/kernel/btf/vmlinux
# Process attribution (--proc): its own object, built against the kernel's types.
PROC_SRC   := bpf/proc.bpf.c
PROC_OBJ   := $(GEN)/proc.bpf.o
PROC_SKEL  := $(GEN)/proc.skel.h

# Three layers, dependencies running down: capture -> conn -> out (see README, Architecture).
# The one list of user sources: the scripts under tests/ ask for it (make -s print-USER_SRCS).
USER_SRCS  := $(wildcard user/*.c user/capture/*.c user/conn/*.c user/out/*.c user/out/proto/*.c)
USER_OBJS  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(USER_SRCS))
LIB_OBJS   := $(filter-out $(BUILD)/user/main.o,$(USER_OBJS))

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
PROG_BINS  := $(if $(wildcard tests/prog/prog_test.c),$(BUILD)/tests/prog_test)
ANA_SRCS   := $(wildcard tests/analysis/*.c)
ANA_BINS   := $(if $(ANA_SRCS),$(BUILD)/tests/analysis_corpus)
FILTER_BINS := $(if $(wildcard tests/filter/test_filter.c),$(BUILD)/tests/test_filter)
DECODE_BINS := $(if $(wildcard tests/decode/decode_pcap.c),$(BUILD)/tests/decode_pcap)

.PHONY: all clean install test demo tests deps bench san tsan fuzz-build variant man deb image
all: $(BUILD)/tcplens tests

# The rotation and soak tests drive the benchmark's traffic generator.
tests: $(UNIT_BINS) $(PROG_BINS) $(ANA_BINS) $(FILTER_BINS) $(DECODE_BINS) $(BUILD)/bench/gen

$(BPF_OBJ): $(BPF_SRC) bpf/parse.h bpf/csum.h bpf/frame.h bpf/stats.h bpf/batch.h bpf/proc.h bpf/proc_lookup.h include/tcplens.h include/cksum.h | $(GEN)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_FLAGS) -c $< -o $@

$(SKEL): $(BPF_OBJ)
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name tcplens_bpf > $@.tmp && mv $@.tmp $@

$(PROC_OBJ): $(PROC_SRC) bpf/proc.h include/tcplens.h $(VMLINUX_H) | $(GEN)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_FLAGS) -Ivmlinux -c $< -o $@

$(PROC_SKEL): $(PROC_OBJ)
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name proc_bpf > $@.tmp && mv $@.tmp $@

$(VMLINUX_H):
	@echo "  BTF     $@"
	$(Q)test -r $(KERNEL_BTF) || { echo "$(KERNEL_BTF) missing: build on a kernel with" \
		"CONFIG_DEBUG_INFO_BTF, or pass KERNEL_BTF=FILE (see vmlinux/README.md)" >&2; exit 1; }
	$(Q)$(BPFTOOL) btf dump file $(KERNEL_BTF) format c > $@.tmp && mv $@.tmp $@

$(EV_OBJ): bpf/events.bpf.c bpf/events.h include/tcplens.h $(VMLINUX_H) | $(GEN)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_FLAGS) -Ivmlinux -c $< -o $@

$(EV_SKEL): $(EV_OBJ)
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name events_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/user/%.o: user/%.c $(SKEL) $(EV_SKEL) $(PROC_SKEL)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(COMPILE) $(LTO_FLAGS) -c $< -o $@

$(BUILD)/tcplens: $(USER_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(VARIANT_FLAGS) $(LTO_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(COMPILE) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/prog_test: tests/prog/prog_test.c $(SKEL) $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(COMPILE) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/analysis_corpus: $(ANA_SRCS) $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(COMPILE) -Itests/unit -o $@ $(ANA_SRCS) $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/test_filter: tests/filter/test_filter.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(COMPILE) -Itests/unit -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/tests/decode_pcap: tests/decode/decode_pcap.c $(LIB_OBJS) | $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(COMPILE) -o $@ $< $(LIB_OBJS) $(LIBS)

$(sort $(GEN) $(BUILD)) $(BUILD)/tests:
	$(Q)mkdir -p $@

# The man page's OPTIONS list comes from --help, that is from the option table (user/opts.c).
MANPAGE := $(BUILD)/tcplens.8
man: $(MANPAGE)
$(MANPAGE): $(BUILD)/tcplens doc/tcplens.8.in scripts/manpage.py
	@echo "  MAN     $@"
	$(Q)scripts/manpage.py $(BUILD)/tcplens doc/tcplens.8.in $@

# Binary, man page, bash completion; po/po.mk adds the message catalogs.
install: $(BUILD)/tcplens $(MANPAGE)
	install -D -m 0755 $(BUILD)/tcplens $(DESTDIR)$(PREFIX)/sbin/tcplens
	install -D -m 0644 $(MANPAGE) $(DESTDIR)$(PREFIX)/share/man/man8/tcplens.8
	install -D -m 0644 completion/tcplens.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/tcplens

# The Debian package (debian/), built with Debian's own tools into build/deb/.
deb:
	$(Q)scripts/deb.sh

# The container image (Containerfile, FROM scratch), built with podman: localhost/tcplens:VERSION.
image:
	$(Q)scripts/image.sh

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

# The variants share build/'s skeleton: made here, once, before a sub-make could race for it.
san tsan fuzz-build: $(SKEL) $(EV_SKEL) $(PROC_SKEL)
san tsan:
	$(Q)$(MAKE) --no-print-directory VARIANT=$@ variant
fuzz-build:
	$(Q)$(MAKE) --no-print-directory VARIANT=fuzz variant

# make -s print-USER_SRCS (or any variable): how the scripts under tests/ ask the Makefile.
print-%:
	@echo '$($*)'

clean:
	rm -rf $(BUILD) build-fuzz build-san

-include $(USER_OBJS:.o=.d) $(UNIT_BINS:=.d) $(PROG_BINS:=.d) $(ANA_BINS:=.d) $(FILTER_BINS:=.d) \
	$(DECODE_BINS:=.d)
include po/po.mk
include bench/bench.mk
include tests/fuzz/fuzz.mk

# Last: a variant's goals name the fuzz harnesses, defined in fuzz.mk.
variant: $(VARIANT_GOALS)
