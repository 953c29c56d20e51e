// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sink.bpf.c - the far end of a benchmark chain: count every frame on
 * the CPU that received it and drop it.  Being an XDP program it also
 * gives its veth the NAPI that XDP-redirected frames need to arrive.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} count SEC(".maps");

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&count, &key);

	if (n)
		(*n)++;
	return XDP_DROP;
}
