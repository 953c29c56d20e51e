# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# mplsx - build, test, demo, bench.   V=1 for verbose.

BUILD    ?= build
CC       ?= gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
ARCH     := $(shell uname -m)

ifeq ($(V),1)
Q :=
else
Q := @
endif

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Wextra -Werror \
	-Wshadow -Wimplicit-fallthrough -Wno-unused-parameter \
	-I/usr/include/$(ARCH)-linux-gnu -Iagent -Ibpf
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Iagent -I$(BUILD)
LDLIBS   := -lxdp -lbpf -lelf -lz -lcjson -lmnl -lmicrohttpd -lpthread
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

BPF_SRCS   := bpf/mplsx.bpf.c
BPF_DEPS   := $(wildcard bpf/*.h bpf/lib/*.h) agent/dp/mplsx_abi.h
BPF_OBJ    := $(BUILD)/mplsx.bpf.o
SKEL       := $(BUILD)/mplsx.skel.h

# agent/ is one folder per subsystem (README, "Layout"); every .c below
# it is library code shared by the daemon, the CLI and the unit tests, the
# two mains sit at the top.
AGENT_DIRS  := util kernel dp config bgp rib svc ctl
AGENT_MAINS := agent/mplsxd.c agent/mplsxctl.c
AGENT_SRCS  := $(foreach d,$(AGENT_DIRS),$(wildcard agent/$(d)/*.c))
AGENT_HDRS  := $(foreach d,$(AGENT_DIRS),$(wildcard agent/$(d)/*.h))
AGENT_OBJS  := $(patsubst agent/%.c,$(BUILD)/agent/%.o,$(AGENT_SRCS))
ASAN_OBJS   := $(patsubst agent/%.c,$(BUILD)/asan/%.o,$(AGENT_SRCS))

# Unit tests sit in the folder of the agent code they test
# (tests/unit/bgp/test_bgp_fsm.c); the binaries all go to $(BUILD)/tests.
UNIT_SRCS   := $(wildcard tests/unit/test_*.c tests/unit/*/test_*.c)
UNIT_BINS   := $(addprefix $(BUILD)/tests/,$(basename $(notdir $(UNIT_SRCS))))
PKT_SRCS    := $(wildcard tests/bpf/test_*.c)
PKT_BINS    := $(patsubst tests/bpf/%.c,$(BUILD)/tests/%,$(PKT_SRCS))
TEST_HDRS   := $(wildcard tests/lib/*.h tests/bpf/*.h)

FUZZ_SRCS   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS   := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 60

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all deps test unit e2e fuzz demo clean format check test-mutants

all: deps $(BUILD)/mplsxd $(BUILD)/mplsxctl

deps:
	$(Q)scripts/deps.sh

$(BUILD) $(BUILD)/tests:
	$(Q)mkdir -p $@

$(BPF_OBJ): $(BPF_SRCS) $(BPF_DEPS) | $(BUILD) deps
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(SKEL): $(BPF_OBJ)
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name mplsx_bpf > $@

$(BUILD)/agent/%.o: agent/%.c $(AGENT_HDRS) $(SKEL)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: agent/%.c $(AGENT_HDRS) $(SKEL)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN) -c $< -o $@

$(BUILD)/mplsxd: $(BUILD)/agent/mplsxd.o $(AGENT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/mplsxctl: $(BUILD)/agent/mplsxctl.o $(AGENT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# A second build of mplsxd whose BPF object and agent carry another map
# layout version: tests/e2e/test_chaos.sh upgrades to it and back (the
# make-before-break migration of DESIGN's hitless restart).
ALT      := $(BUILD)/alt
ALT_ABI  := -DMPLSX_ABI_VERSION=1001
ALT_SRCS := agent/dp/dataplane.c agent/svc/router.c agent/ctl/show.c \
	agent/ctl/metrics.c
ALT_OBJS := $(patsubst agent/%.c,$(ALT)/agent/%.o,$(ALT_SRCS))

$(ALT)/mplsx.bpf.o: $(BPF_SRCS) $(BPF_DEPS) | $(BUILD) deps
	@echo "  BPF     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) $(ALT_ABI) -c $< -o $@

$(ALT)/mplsx.skel.h: $(ALT)/mplsx.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name mplsx_bpf > $@

$(ALT)/agent/%.o: agent/%.c $(AGENT_HDRS) $(ALT)/mplsx.skel.h
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -I$(ALT) $(CFLAGS) $(ALT_ABI) -c $< -o $@

$(ALT)/mplsxd: $(BUILD)/agent/mplsxd.o $(ALT_OBJS) \
		$(filter-out $(patsubst agent/%.c,$(BUILD)/agent/%.o,$(ALT_SRCS)),$(AGENT_OBJS))
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests link the agent's library code built with ASan and UBSan.
define unit_test_rule
$(BUILD)/tests/%: tests/unit/$(1)%.c $(ASAN_OBJS) $(TEST_HDRS) | $(BUILD)/tests
	@echo "  CC      $$@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -Itests/lib -o $$@ $$< $(ASAN_OBJS) $(LDLIBS)
endef
$(foreach d,$(sort $(dir $(subst tests/unit/,,$(UNIT_SRCS)))),\
	$(eval $(call unit_test_rule,$(subst ./,,$(d)))))

# Packet tests run the real XDP object through BPF_PROG_TEST_RUN.
$(BUILD)/tests/%: tests/bpf/%.c $(ASAN_OBJS) $(TEST_HDRS) $(SKEL) | $(BUILD)/tests
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -Itests/lib -Itests/bpf -o $@ $< \
		$(ASAN_OBJS) $(LDLIBS)

# libFuzzer harnesses: clang, the agent's library code built in, ASan and
# UBSan.  tests/fuzz/test_fuzz.sh runs each for a bounded time on its
# corpus.
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c $(AGENT_SRCS) $(AGENT_HDRS) $(SKEL) | $(BUILD)/tests
	@echo "  FUZZ    $@"
	$(Q)clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -Iagent -I$(BUILD) \
		-Itests/lib -o $@ $< $(AGENT_SRCS) $(LDLIBS)

# tests/lib/test_*.sh test the runner and the test libraries themselves.
RUNNER_TESTS := $(wildcard tests/lib/test_*.sh)

test: all $(ALT)/mplsxd $(UNIT_BINS) $(PKT_BINS) $(FUZZ_BINS)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run.sh $(RUNNER_TESTS) \
		$(UNIT_BINS) $(PKT_BINS) scripts/check_layers.py \
		scripts/check_manual.py $(wildcard tests/fuzz/test_*.sh) $(wildcard tests/e2e/test_*.sh)

fuzz: $(FUZZ_BINS)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run.sh $(wildcard tests/fuzz/test_*.sh)

unit: all $(UNIT_BINS) $(PKT_BINS)
	$(Q)tests/run.sh $(RUNNER_TESTS) $(UNIT_BINS) $(PKT_BINS) \
		scripts/check_layers.py scripts/check_manual.py

e2e: all $(ALT)/mplsxd
	$(Q)tests/run.sh $(wildcard tests/e2e/test_*.sh)

# One-line mutations of bpf/ and agent/bgp/, each rebuilt in a copy of
# the tree and run against its suite (tests/mutants/run.sh); minutes, so
# not part of make test.
test-mutants: $(UNIT_BINS) $(PKT_BINS)
	$(Q)tests/run.sh tests/mutants/run.sh

demo: all
	$(Q)scripts/demo.sh

# make install (PREFIX, DESTDIR): packaging/install.mk.
include packaging/install.mk

# Benchmarks (make bench) live in bench/ with their own rules.
-include bench/bench.mk

format:
	$(Q)clang-format -i $(AGENT_MAINS) $(AGENT_SRCS) $(AGENT_HDRS) \
		$(wildcard bpf/*.[ch] bpf/lib/*.h tests/*/*.[ch] tests/unit/*/*.c bench/*.[ch])

check: $(SKEL)
	$(Q)clang --analyze -Xanalyzer -analyzer-output=text -std=c11 \
		-D_GNU_SOURCE -Iagent -I$(BUILD) $(AGENT_SRCS) $(AGENT_MAINS)

clean:
	$(Q)rm -rf $(BUILD)
