// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * redir.bpf.c - the trivial device under test: redirect every frame,
 * untouched, to the port in tx_dev[0].  The fastest any XDP forwarding
 * path can go on a given chain: the reference the others are scaled to.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_dev SEC(".maps");

SEC("xdp")
int bench_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_dev, 0, 0);
}
