// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mxbench.c - the benchmark chain's tools, each run inside the namespace
 * it acts on (nsenter keeps the host's bpffs):
 *
 *   mxbench sink IFNAME PINDIR        attach the counting sink, pin it
 *   mxbench redirect IN OUT PINDIR    attach the bare-redirect DUT on IN
 *   mxbench gen -i IFNAME -t HEX -s SINK_COUNT_PIN
 *               [-n PACKETS] [-b BATCH] [-c CPU]
 *
 * Attachments are bpf_links pinned in PINDIR: they outlive this process
 * and go away with the pin (or the namespace).  gen runs the live-frame
 * generator on one CPU and prints one JSON object: frames sent, frames
 * counted at the sink, elapsed time and the rate at the sink.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "gen.skel.h"
#include "sink.skel.h"
#include "redir.skel.h"

#define DEFAULT_PACKETS 5000000u
#define DEFAULT_BATCH	64u  /* the kernel's default; a veth ring holds 256 */
#define SETTLE_MAX_MS	2000 /* wait for the chain to drain, at most */

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int ifindex_of(const char *name)
{
	unsigned int idx = if_nametoindex(name);

	if (!idx)
		fprintf(stderr, "mxbench: no interface %s: %s\n", name,
			strerror(errno));
	return (int)idx;
}

static int pin_link(struct bpf_link *link, const char *dir, const char *name)
{
	char path[512];
	int err;

	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "mxbench: mkdir %s: %s\n", dir,
			strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	err = bpf_link__pin(link, path);
	if (err)
		fprintf(stderr, "mxbench: pin %s: %s\n", path, strerror(-err));
	return err;
}

static int cmd_sink(int argc, char **argv)
{
	struct sink_bpf *skel;
	struct bpf_link *link;
	char path[512];
	int ifindex, err;

	if (argc != 4)
		return 2;
	ifindex = ifindex_of(argv[2]);
	if (!ifindex)
		return 1;
	skel = sink_bpf__open_and_load();
	if (!skel)
		return 1;
	link = bpf_program__attach_xdp(skel->progs.bench_sink, ifindex);
	err = libbpf_get_error(link);
	if (err) {
		fprintf(stderr, "mxbench: attach sink to %s: %s\n", argv[2],
			strerror(-err));
		goto out;
	}
	err = pin_link(link, argv[3], "sink_link");
	if (!err) {
		snprintf(path, sizeof(path), "%s/sink_count", argv[3]);
		err = bpf_map__pin(skel->maps.count, path);
	}
	bpf_link__destroy(link); /* the pin keeps it attached */
out:
	sink_bpf__destroy(skel);
	return err ? 1 : 0;
}

static int cmd_redirect(int argc, char **argv)
{
	struct redir_bpf *skel;
	struct bpf_link *link;
	int in, out, err;
	__u32 key = 0;

	if (argc != 5)
		return 2;
	in = ifindex_of(argv[2]);
	out = ifindex_of(argv[3]);
	if (!in || !out)
		return 1;
	skel = redir_bpf__open_and_load();
	if (!skel)
		return 1;
	err = bpf_map__update_elem(skel->maps.tx_dev, &key, sizeof(key), &out,
				   sizeof(out), BPF_ANY);
	if (err) {
		fprintf(stderr, "mxbench: tx_dev: %s\n", strerror(-err));
		goto out;
	}
	link = bpf_program__attach_xdp(skel->progs.bench_redirect, in);
	err = libbpf_get_error(link);
	if (err) {
		fprintf(stderr, "mxbench: attach redirect to %s: %s\n", argv[2],
			strerror(-err));
		goto out;
	}
	err = pin_link(link, argv[4], "redir_link");
	bpf_link__destroy(link);
out:
	redir_bpf__destroy(skel);
	return err ? 1 : 0;
}

/* Sum of the sink's per-CPU counter. */
static int sink_read(int fd, int ncpu, uint64_t *total)
{
	uint64_t vals[ncpu];
	__u32 key = 0;
	int i;

	if (bpf_map_lookup_elem(fd, &key, vals))
		return -errno;
	*total = 0;
	for (i = 0; i < ncpu; i++)
		*total += vals[i];
	return 0;
}

static int hex_parse(const char *hex, struct bench_tmpl *t)
{
	unsigned char *b = (unsigned char *)t;
	unsigned int v;
	size_t i;

	if (strlen(hex) != 2 * BENCH_TMPL_LEN) {
		fprintf(stderr, "mxbench: template must be %d bytes of hex\n",
			BENCH_TMPL_LEN);
		return -1;
	}
	for (i = 0; i < BENCH_TMPL_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		b[i] = (unsigned char)v;
	}
	return 0;
}

static int cmd_gen(int argc, char **argv)
{
	unsigned int packets = DEFAULT_PACKETS, batch = DEFAULT_BATCH;
	const char *ifname = NULL, *hex = NULL, *sink_pin = NULL;
	uint64_t before, after, prev, t0, t1, settle;
	int cpu = 0, ncpu, sink_fd, ifindex, opt, err;
	struct bench_tmpl frame;
	struct bench_dst dst = {0};
	struct gen_bpf *skel;
	cpu_set_t set;
	__u32 key = 0;

	optind = 2;
	while ((opt = getopt(argc, argv, "i:t:s:n:b:c:r:")) != -1) {
		switch (opt) {
		case 'r': /* COUNT:OFF:BASE:SHIFT:CSUM_OFF (struct bench_dst) */
			if (sscanf(optarg, "%u:%u:%i:%u:%u", &dst.count,
				   &dst.off, (int *)&dst.base, &dst.shift,
				   &dst.csum_off) != 5)
				return 2;
			break;
		case 'i':
			ifname = optarg;
			break;
		case 't':
			hex = optarg;
			break;
		case 's':
			sink_pin = optarg;
			break;
		case 'n':
			packets = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			batch = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			cpu = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (!ifname || !hex || !sink_pin || !packets || !batch)
		return 2;
	if (hex_parse(hex, &frame))
		return 1;
	ifindex = ifindex_of(ifname);
	if (!ifindex)
		return 1;
	ncpu = libbpf_num_possible_cpus();
	sink_fd = bpf_obj_get(sink_pin);
	if (ncpu <= 0 || sink_fd < 0) {
		fprintf(stderr, "mxbench: sink counter %s: %s\n", sink_pin,
			strerror(errno));
		return 1;
	}

	/* One CPU for the whole chain: the redirects below schedule each
	 * veth's NAPI on the CPU that sent into it. */
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "mxbench: cpu %d: %s\n", cpu, strerror(errno));
		return 1;
	}

	skel = gen_bpf__open_and_load();
	if (!skel)
		return 1;
	err = bpf_map__update_elem(skel->maps.tmpl, &key, sizeof(key), &frame,
				   sizeof(frame), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.tx_dev, &key, sizeof(key),
					   &ifindex, sizeof(ifindex), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.dst, &key, sizeof(key),
					   &dst, sizeof(dst), BPF_ANY);
	if (!err) {
		/* xorshift must not start at 0; a seed per CPU. */
		__u64 seeds[ncpu];
		int i;

		for (i = 0; i < ncpu; i++)
			seeds[i] = 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1) ^
				   now_ns();
		err = bpf_map__update_elem(skel->maps.rng, &key, sizeof(key),
					   seeds, sizeof(seeds), BPF_ANY);
	}
	if (err) {
		fprintf(stderr, "mxbench: gen maps: %s\n", strerror(-err));
		goto out;
	}

	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &frame,
		    .data_size_in = sizeof(frame), .repeat = packets,
		    .batch_size = batch, .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	err = sink_read(sink_fd, ncpu, &before);
	if (err)
		goto out;
	t0 = now_ns();
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bench_gen),
				     &opts);
	t1 = now_ns();
	if (err) {
		fprintf(stderr, "mxbench: test_run: %s\n", strerror(errno));
		goto out;
	}
	/* The last batch may still be in a ring: wait until the count holds
	 * still (bounded), then take it. */
	after = before;
	for (settle = 0; settle < SETTLE_MAX_MS; settle += 10) {
		prev = after;
		usleep(10000);
		err = sink_read(sink_fd, ncpu, &after);
		if (err || (settle && after == prev))
			break;
	}
	if (err)
		goto out;
	printf("{\"sent\": %u, \"received\": %llu, \"elapsed_ns\": %llu, "
	       "\"mpps\": %.4f, \"batch\": %u, \"cpu\": %d}\n",
	       packets, (unsigned long long)(after - before),
	       (unsigned long long)(t1 - t0),
	       (double)(after - before) * 1e3 / (double)(t1 - t0), batch, cpu);
out:
	gen_bpf__destroy(skel);
	return err ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: mxbench sink IFNAME PINDIR\n"
			"       mxbench redirect IN OUT PINDIR\n"
			"       mxbench gen -i IFNAME -t HEX -s SINK_COUNT_PIN "
			"[-n PACKETS] [-b BATCH] [-c CPU]\n"
			"           [-r COUNT:OFF:BASE:SHIFT:CSUM_OFF]  random "
			"destinations\n");
}

int main(int argc, char **argv)
{
	int rc = 2;

	libbpf_set_print(libbpf_quiet);
	if (argc >= 2 && !strcmp(argv[1], "sink"))
		rc = cmd_sink(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "redirect"))
		rc = cmd_redirect(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "gen"))
		rc = cmd_gen(argc, argv);
	if (rc == 2)
		usage();
	return rc;
}
