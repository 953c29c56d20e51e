/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * tmpl.bpf.h - the frame template and its copy, for the BPF programs that
 * must hand every frame out as the template (live-frame pages and
 * repeated test runs are not restored between uses).
 */
#ifndef MPLSX_BENCH_TMPL_BPF_H
#define MPLSX_BENCH_TMPL_BPF_H

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

#endif
