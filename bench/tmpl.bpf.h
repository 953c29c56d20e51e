/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * tmpl.bpf.h - the frame template and its copy, for the BPF programs that
 * must hand every frame out as the template (live-frame pages and
 * repeated test runs are not restored between uses).
 */
#ifndef MPLSX_BENCH_TMPL_BPF_H
#define MPLSX_BENCH_TMPL_BPF_H

#include <bpf/bpf_endian.h>

#include "bench.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_tmpl);
} tmpl SEC(".maps");

/* Write the template over the frame's first BENCH_TMPL_LEN bytes: eight
 * 8-byte stores, unrolled, next to nothing per frame.  0, or -1 when the
 * frame is short or the template missing. */
static __always_inline int tmpl_write(void *data, void *data_end)
{
	const struct bench_tmpl *t;
	__u64 *w = data;
	__u32 key = 0;

	if (data + BENCH_TMPL_LEN > data_end)
		return -1;
	t = bpf_map_lookup_elem(&tmpl, &key);
	if (!t)
		return -1;
	w[0] = t->w[0];
	w[1] = t->w[1];
	w[2] = t->w[2];
	w[3] = t->w[3];
	w[4] = t->w[4];
	w[5] = t->w[5];
	w[6] = t->w[6];
	w[7] = t->w[7];
	return 0;
}

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
		*c = (__u16)~csum_fold((__u16) ~*c + (__u16)~o0 + (__u16)~o1 +
				       (__u16)v + (__u16)(v >> 16));
	return 0;
}

#endif
