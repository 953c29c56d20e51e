// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fib_reads.c - ns per repetition of bench/fib_reads.bpf.c's layouts
 * (what bounds a FIB lookup at 1M routes, where the VM has no PMU for
 * perf stat's cache and TLB events), RUNS rounds of each, one JSON line
 * per layout: median, min, max.
 *
 *   fib_reads [-r RUNS] [-n REPEAT] [-c CPU]
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fib_reads.skel.h"

#define MAX_RUNS 15

static const char *const names[] = {
	"random number only",
	"top hash + 8 B leaf of 8 MiB",
	"slot + direct top array + 8 B leaf of 8 MiB",
	"top hash + 4 B leaf of 4 MiB",
	"hash whose value is the 2 KiB chunk",
	"8 B leaf of 8 MiB alone",
};

static int cmp_u32(const void *a, const void *b)
{
	return *(const __u32 *)a < *(const __u32 *)b   ? -1
	       : *(const __u32 *)a > *(const __u32 *)b ? 1
						       : 0;
}

/* One load of the object for LAYOUT, its maps filled; ns a repetition. */
static int run(unsigned layout, unsigned repeat, __u32 *ns)
{
	static __u64 chunk[256];
	struct fib_reads_bpf *s = fib_reads_bpf__open();
	char pkt[64] = {0};
	__u32 k, one = 1;
	__u64 v;
	int err;

	if (!s)
		return -1;
	s->rodata->layout = layout;
	err = fib_reads_bpf__load(s);
	for (k = 0; !err && k < 4096; k++) {
		v = k;
		err = bpf_map_update_elem(bpf_map__fd(s->maps.top), &k, &v,
					  0) ||
		      bpf_map_update_elem(bpf_map__fd(s->maps.top_chunk), &k,
					  chunk, 0);
	}
	/* Every page of the arrays touched, and a slot named. */
	for (k = 0; !err && k < 1u << 20; k += 256) {
		__u32 v4 = k;

		v = k;
		err = bpf_map_update_elem(bpf_map__fd(s->maps.leaf8), &k, &v,
					  0) ||
		      bpf_map_update_elem(bpf_map__fd(s->maps.leaf4), &k, &v4,
					  0) ||
		      (k < 1u << 16 &&
		       bpf_map_update_elem(bpf_map__fd(s->maps.direct), &k, &v,
					   0));
	}
	if (!err)
		err = bpf_map_update_elem(bpf_map__fd(s->maps.slot), &one, &one,
					  0);
	if (!err) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt,
			    .data_size_in = sizeof(pkt), .repeat = repeat);

		err = bpf_prog_test_run_opts(
			bpf_program__fd(s->progs.fib_reads), &o);
		*ns = o.duration;
	}
	fib_reads_bpf__destroy(s);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned runs = 5, repeat = 2000000, layout, i;
	__u32 ns[sizeof(names) / sizeof(names[0])][MAX_RUNS];
	int opt, cpu = 1;
	cpu_set_t set;

	while ((opt = getopt(argc, argv, "r:n:c:")) != -1) {
		if (opt == 'r')
			runs = (unsigned)atoi(optarg);
		else if (opt == 'n')
			repeat = (unsigned)atoi(optarg);
		else if (opt == 'c')
			cpu = atoi(optarg);
		else
			goto usage;
	}
	if (!runs || runs > MAX_RUNS || !repeat)
		goto usage;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	/* Layouts alternate within a round: load moves, rounds do not. */
	for (i = 0; i < runs; i++)
		for (layout = 0; layout < sizeof(names) / sizeof(names[0]);
		     layout++)
			if (run(layout, repeat, &ns[layout][i])) {
				fprintf(stderr, "fib_reads: layout %u failed\n",
					layout);
				return 1;
			}
	for (layout = 0; layout < sizeof(names) / sizeof(names[0]); layout++) {
		qsort(ns[layout], runs, sizeof(__u32), cmp_u32);
		printf("{\"layout\": \"%s\", \"ns\": %u, \"min\": %u, "
		       "\"max\": %u, \"runs\": %u, \"repeat\": %u, \"cpu\": "
		       "%d}\n",
		       names[layout], ns[layout][runs / 2], ns[layout][0],
		       ns[layout][runs - 1], runs, repeat, cpu);
	}
	return 0;
usage:
	fprintf(stderr,
		"usage: fib_reads [-r RUNS (1..%d)] [-n REPEAT] "
		"[-c CPU]\n",
		MAX_RUNS);
	return 2;
}
