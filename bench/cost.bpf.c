// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cost.bpf.c - harness for per-packet cost with BPF_PROG_TEST_RUN and
 * `repeat`.  Non-live test_run hands the same buffer to every repetition
 * without restoring it: after a PHP or a push the next repetition would
 * see a different frame (and a swap would run its TTL down).  bench_wrap
 * puts the frame back first - the original length through one head
 * adjust (only data moves, data_end stays), then the template's bytes -
 * and tail-calls the program under test in progs[0]; with a bench_dst
 * set, each repetition's destination is drawn at random over a table. bench_nop
 * in progs[0] measures the harness alone, subtracted from every figure.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "tmpl.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} progs SEC(".maps");

SEC("xdp")
int bench_wrap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int delta = (int)(data_end - data) - BENCH_TMPL_LEN;

	if (delta && bpf_xdp_adjust_head(ctx, delta))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (tmpl_write(data, data_end) || dst_write(data, data_end))
		return XDP_ABORTED;
	bpf_tail_call(ctx, &progs, 0);
	return XDP_ABORTED; /* progs[0] empty */
}

SEC("xdp")
int bench_nop(struct xdp_md *ctx)
{
	return XDP_DROP;
}
