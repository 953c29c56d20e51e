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

#endif /* MPLSX_BENCH_H */
