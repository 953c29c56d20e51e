// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gen.bpf.c - live-frame traffic generator.  Run by BPF_PROG_TEST_RUN with
 * BPF_F_TEST_XDP_LIVE_FRAMES: every frame gets the template written over
 * its first BENCH_TMPL_LEN bytes and is redirected into the veth in
 * tx_dev[0].  Live-frame mode recycles pages without restoring their
 * bytes, so a device under test that rewrites frames in place would
 * otherwise be fed its own output from the second batch on.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "tmpl.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_dev SEC(".maps");

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (tmpl_write(data, data_end) || dst_write(data, data_end))
		return XDP_ABORTED;
	return bpf_redirect_map(&tx_dev, 0, 0);
}
