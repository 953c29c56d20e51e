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
#include <bpf/bpf_endian.h>

#include "tmpl.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_dev SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_dst);
} dst SEC(".maps");

/* xorshift64 state, per CPU (seeded by the loader). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rng SEC(".maps");

static __always_inline __u32 csum_fold(__u32 s)
{
	s = (s & 0xFFFF) + (s >> 16);
	return (s & 0xFFFF) + (s >> 16);
}

/* A destination drawn at random over the table (struct bench_dst). */
static __always_inline int dst_write(void *data, void *data_end)
{
	const struct bench_dst *d;
	__u32 key = 0, off, coff, v, k;
	__u16 *f, *c, o0, o1;
	__u64 *x, r;

	d = bpf_map_lookup_elem(&dst, &key);
	x = bpf_map_lookup_elem(&rng, &key);
	if (!d || !x)
		return -1;
	if (!d->count)
		return 0;
	r = *x;
	r ^= r << 13;
	r ^= r >> 7;
	r ^= r << 17;
	*x = r;
	k = (__u32)(((r >> 32) * d->count) >> 32);
	v = bpf_htonl(d->base + (k << (d->shift & 31)));
	off = d->off;
	coff = d->csum_off;
	if (off > BENCH_TMPL_LEN - 4 || coff > BENCH_TMPL_LEN - 2)
		return -1;
	f = data + off;
	c = data + coff;
	if ((void *)(f + 2) > data_end || (void *)(c + 1) > data_end)
		return -1;
	o0 = f[0];
	o1 = f[1];
	f[0] = (__u16)v;
	f[1] = (__u16)(v >> 16);
	if (coff)
		*c = (__u16)~csum_fold((__u16)~*c + (__u16)~o0 + (__u16)~o1 +
				       (__u16)v + (__u16)(v >> 16));
	return 0;
}

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (tmpl_write(data, data_end) || dst_write(data, data_end))
		return XDP_ABORTED;
	return bpf_redirect_map(&tx_dev, 0, 0);
}
