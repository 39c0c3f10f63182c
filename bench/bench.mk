# SPDX-License-Identifier: GPL-2.0-only
# The benchmark's tools and `make bench` (the short run); included from the top Makefile.

BENCH_CFLAGS := -O2 $(WARN_FLAGS) -Iinclude -Ibench
BENCH_BINS   := $(BUILD)/bench/gen $(BUILD)/bench/micro $(BUILD)/bench/rusage \
		$(BUILD)/bench/emptyhook
BENCH_FRAMES := bench/frames.c bench/frames.h

$(BUILD)/bench:
	$(Q)mkdir -p $@

$(BUILD)/bench/gen: bench/gen.c $(BENCH_FRAMES) | $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ bench/gen.c bench/frames.c

$(BUILD)/bench/micro: bench/micro.c $(BENCH_FRAMES) include/tcplens.h | $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ bench/micro.c bench/frames.c -lbpf -lelf -lz -lpthread

$(BUILD)/bench/rusage: bench/rusage.c | $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ bench/rusage.c

# The empty hook (bpf/empty.bpf.c) and its loader: the floor of the real-TCP points.
$(GEN)/empty.bpf.o: bpf/empty.bpf.c | $(GEN)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_FLAGS) -c $< -o $@

$(GEN)/empty.skel.h: $(GEN)/empty.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name empty_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/bench/emptyhook: bench/emptyhook.c $(GEN)/empty.skel.h | $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(BENCH_CFLAGS) -I$(GEN) -o $@ bench/emptyhook.c -lbpf -lelf -lz

# tcplens is measured when it builds; tcpdump is measured either way. The real-TCP points
# (bench/tcp.sh) run last, with 2 s runs here; `make bench-tcp` runs them alone at 5 s.
bench: $(BENCH_BINS)
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory $(BUILD)/tcplens || \
		echo "bench: build/tcplens did not build; measuring the other tools only"
	$(Q)bench/run.sh
	$(Q)bench/tcp.sh --duration 2

.PHONY: bench-tcp
bench-tcp: $(BUILD)/bench/emptyhook
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory $(BUILD)/tcplens || \
		echo "bench-tcp: build/tcplens did not build; measuring the other tools only"
	$(Q)bench/tcp.sh $(BENCH_TCP_ARGS)
