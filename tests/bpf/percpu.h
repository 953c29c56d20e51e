/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* percpu.h - read a per-CPU counter map entry, summed over every CPU. */
#ifndef MPLSX_TEST_PERCPU_H
#define MPLSX_TEST_PERCPU_H

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdint.h>
#include <string.h>

/* Every counter value in mplsx_abi.h is made of u64 fields only, so a
 * value is summed field by field as an array of u64.  An absent key
 * reads as zero. */
static inline void percpu_sum(int fd, uint32_t key, void *sum, size_t size)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t n = size / sizeof(uint64_t), i;
	uint64_t v[ncpu * n], *out = sum;
	int cpu;

	memset(sum, 0, size);
	if (bpf_map_lookup_elem(fd, &key, v))
		return;
	for (cpu = 0; cpu < ncpu; cpu++)
		for (i = 0; i < n; i++)
			out[i] += v[(size_t)cpu * n + i];
}

#endif
