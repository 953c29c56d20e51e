# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bench.mk - `make bench`: traffic generator, sink and per-packet cost
# tools built into $(BUILD)/bench, then bench/run.sh.  Included by the
# top-level Makefile.  Knobs: BENCH_PACKETS, BENCH_RUNS, BENCH_BATCH,
# BENCH_CPU, BENCH_DOCS=1 (rewrite the results in docs/BENCHMARKS.md),
# BENCH_COST=0 (chain only, no mxcost: quick checks), BENCH_PATHS=FILE
# (a subset of bench/paths.txt).
# `make bench-bgp` (also run by `make bench`): BGP VPNv4 routes into
# mplsxd (bench/bgp_scale.sh); BENCH_BGP_ROUTES (default 1,000,000).

BENCH_DIR   := $(BUILD)/bench
BENCH_PROGS := gen sink redir cost
BENCH_OBJS  := $(patsubst %,$(BENCH_DIR)/%.bpf.o,$(BENCH_PROGS))
BENCH_SKELS := $(patsubst %,$(BENCH_DIR)/%.skel.h,$(BENCH_PROGS))
BENCH_BINS  := $(BENCH_DIR)/mxbench $(BENCH_DIR)/mxcost $(BENCH_DIR)/bgp_scale \
	$(BENCH_DIR)/fibtool $(BENCH_DIR)/fib_reads
# The agent's BGP codec, and only it: the tool plays the remote speaker.
BGP_SCALE_OBJS := $(patsubst %,$(BUILD)/agent/%.o,bgp/bgp_msg \
	bgp/bgp_update bgp/bgp_rt util/rd util/addr util/hash)

.PHONY: bench bench-build bench-deps bench-bgp bench-fib

bench-deps:
	$(Q)scripts/deps.sh

bench-build: $(BENCH_BINS)

bench: bench-deps all bench-build
	$(Q)BUILD=$(abspath $(BUILD)) bench/run.sh
	$(Q)BUILD=$(abspath $(BUILD)) bench/fib_scale.sh
	$(Q)BUILD=$(abspath $(BUILD)) bench/bgp_scale.sh

# The FIB section alone: random destinations over 1 .. 1M routes.
bench-fib: all $(BENCH_BINS)
	$(Q)BUILD=$(abspath $(BUILD)) bench/fib_scale.sh

bench-bgp: all $(BENCH_DIR)/bgp_scale $(BENCH_DIR)/fibtool
	$(Q)BUILD=$(abspath $(BUILD)) bench/bgp_scale.sh

$(BENCH_DIR):
	$(Q)mkdir -p $@

$(BENCH_DIR)/%.bpf.o: bench/%.bpf.c bench/bench.h bench/tmpl.bpf.h | $(BENCH_DIR)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -Ibench -c $< -o $@

$(BENCH_DIR)/%.skel.h: $(BENCH_DIR)/%.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(BENCH_DIR)/mxbench: bench/mxbench.c bench/bench.h $(BENCH_SKELS)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Ibench -I$(BENCH_DIR) -o $@ $< $(LDLIBS)

# With the agent's stride FIB code: the tables it measures are written as
# mplsxd writes them.
MXCOST_OBJS := $(BUILD)/agent/dp/fib_stride.o $(BUILD)/agent/util/hash.o
$(BENCH_DIR)/mxcost: bench/mxcost.c bench/bench.h $(BENCH_SKELS) $(SKEL) \
		$(MXCOST_OBJS)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Ibench -I$(BENCH_DIR) -o $@ $< $(MXCOST_OBJS) \
		$(LDLIBS)

$(BENCH_DIR)/bgp_scale: bench/bgp_scale.c $(BGP_SCALE_OBJS) $(AGENT_HDRS) | $(BENCH_DIR)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(BGP_SCALE_OBJS) -lcjson

# The agent's FIB code against the XDP object's maps (fib_stride.c and
# what it links), for memory figures measured from the maps.
$(BENCH_DIR)/fibtool: bench/fibtool.c tests/lib/nh_unresolved.h $(AGENT_OBJS) $(AGENT_HDRS) $(SKEL) | $(BENCH_DIR)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests/lib -o $@ $< $(AGENT_OBJS) $(LDLIBS)

# What a FIB lookup's reads cost, layout by layout (docs/BENCHMARKS.md).
$(BENCH_DIR)/fib_reads: bench/fib_reads.c $(BENCH_DIR)/fib_reads.skel.h
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -I$(BENCH_DIR) -o $@ $< $(LDLIBS)
