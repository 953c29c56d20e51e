/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bench.h - what the benchmark's BPF programs and their loaders share:
 * the frame template every generated frame is rewritten from.
 */
#ifndef MPLSX_BENCH_H
#define MPLSX_BENCH_H

#include <linux/types.h>

/* Bytes rewritten in every frame: enough for Ethernet, a few labels and
 * the IPv4 header, which is all a data plane under test may touch. */
#define BENCH_TMPL_WORDS 8
#define BENCH_TMPL_LEN	 (BENCH_TMPL_WORDS * 8)

struct bench_tmpl {
	__u64 w[BENCH_TMPL_WORDS];
};
_Static_assert(sizeof(struct bench_tmpl) == BENCH_TMPL_LEN, "bench_tmpl");

/* Destinations spread over a table (the FIB section): frame i gets a
 * 32-bit field at `off` set to htonl(base + (k << shift)), k drawn
 * uniformly from [0, count) by a per-CPU xorshift; with csum_off, the
 * IPv4 header checksum there is updated (RFC 1624).  count 0: every frame
 * is the template as it is. */
struct bench_dst {
	__u32 count;
	__u32 off;
	__u32 base;
	__u32 shift;
	__u32 csum_off;
	__u32 pad;
};
_Static_assert(sizeof(struct bench_dst) == 24, "bench_dst");

#endif /* MPLSX_BENCH_H */
