// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mxcost.c - per-packet cost of the mplsx XDP program (its skeleton,
 * mplsx_bpf, maps filled directly) with BPF_PROG_TEST_RUN and `repeat`.
 *
 *   mxcost [-r REPEAT] [-k RUNS] [-c CPU] NAME:IN:OUT[,OUT...] ...
 *
 * Each NAME:IN:OUT is a label_table entry (OUT "-" = PHP) and a 64-byte
 * frame carrying label IN over IPv4/UDP.  The frame would not survive
 * repetition (see cost.bpf.c): bench_wrap restores it before it
 * tail-calls the program, and its own cost, measured with bench_nop in
 * its place, is subtracted.  The bare redirect program is measured the
 * same way as a reference, and the first path again with 1, 1,000 and
 * 65,536 label_table entries.  With -f, L3 VPN imposition instead (lo a
 * VRF port, an IPv4 frame, a remote route: VPN + transport label) with
 * 1, 1,000, 100,000 and 1,000,000 routes in the VRF.  Prints one JSON object;
 * ns are the kernel's own per-repetition average (1 ns resolution), median of
 * RUNS.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "mplsx_abi.h"
#include "mplsx.skel.h"
#include "bench.h"
#include "cost.skel.h"
#include "redir.skel.h"

#define IFINDEX_LO   1 /* ingress and egress: lo is in every namespace */
#define MAX_PATHS    16
#define MAX_RUNS     31
#define MAX_LOADS    15
#define FILLER_LABEL 100000u /* filler entries: 100000, 100001, ... */

struct path {
	char name[64];
	__u32 in;
	__u32 n_out;
	__u32 out[MPLSX_MAX_PUSH];
};

struct result {
	int retval;
	__u32 out_len;
	double ns; /* median, harness included */
};

static unsigned int repeat = 1000000, runs = 3;

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int path_parse(const char *spec, struct path *p)
{
	char buf[256], *name, *in, *out, *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", spec);
	name = strtok_r(buf, ":", &save);
	in = strtok_r(NULL, ":", &save);
	out = strtok_r(NULL, ":", &save);
	if (!name || !in || !out)
		return -1;
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->in = strtoul(in, NULL, 0);
	if (!strcmp(out, "-"))
		return 0;
	for (tok = strtok_r(out, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (p->n_out == MPLSX_MAX_PUSH)
			return -1;
		p->out[p->n_out++] = strtoul(tok, NULL, 0);
	}
	return 0;
}

/* Ethernet, one label (S=1, TTL 64), IPv4/UDP, padded to 64 bytes;
 * label 0 (never a path's): plain IPv4 filling all 64 bytes, no padding
 * for imposition to cut. */
static void frame_build(struct bench_tmpl *t, __u32 label)
{
	unsigned char *b = (unsigned char *)t;
	__u32 lse = htonl(label << 12 | MPLS_LS_S_MASK | 64), sum = 0;
	unsigned char ip[20] = {
		0x45, 0, 0, 46, 0,  0, 0x40, 0, 64, 17, 0, 0, /* csum below */
		10,   1, 0, 1,	10, 2, 0,    1,
	};
	__u16 proto = label ? ETH_P_MPLS_UC : ETH_P_IP;
	int i, l3 = label ? 18 : 14;

	if (!label)
		ip[3] = 50;
	memset(t, 0, sizeof(*t));
	memcpy(b, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	b[12] = proto >> 8;
	b[13] = proto & 0xff;
	if (label)
		memcpy(b + 14, &lse, 4);
	memcpy(b + l3, ip, sizeof(ip));
	for (i = 0; i < 20; i += 2)
		sum += b[l3 + i] << 8 | b[l3 + 1 + i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
	b[l3 + 10] = sum >> 8;
	b[l3 + 11] = sum & 0xff;
	b[l3 + 20] = 0x30; /* UDP 12345 -> 12345, no checksum */
	b[l3 + 21] = 0x39;
	b[l3 + 22] = 0x30;
	b[l3 + 23] = 0x39;
	b[l3 + 25] = ip[3] - 20;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* progs[0] = prog_fd; then RUNS runs of REPEAT through bench_wrap. */
static int measure(struct cost_bpf *cost, int prog_fd, __u32 label,
		   struct result *r)
{
	unsigned char out[BENCH_TMPL_LEN + 64];
	struct xdp_md ctx = {.data_end = BENCH_TMPL_LEN,
			     .ingress_ifindex = IFINDEX_LO};
	double ns[MAX_RUNS];
	struct bench_tmpl t;
	__u32 key = 0;
	unsigned int i;
	int err;

	frame_build(&t, label);
	err = bpf_map__update_elem(cost->maps.tmpl, &key, sizeof(key), &t,
				   sizeof(t), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(cost->maps.progs, &key, sizeof(key),
					   &prog_fd, sizeof(prog_fd), BPF_ANY);
	if (err) {
		fprintf(stderr, "mxcost: harness maps: %s\n", strerror(-err));
		return err;
	}
	for (i = 0; i <= runs; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &t,
			    .data_size_in = sizeof(t), .data_out = out,
			    .data_size_out = sizeof(out), .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx),
			    .repeat = i ? repeat : repeat / 4);

		err = bpf_prog_test_run_opts(
			bpf_program__fd(cost->progs.bench_wrap), &opts);
		if (err) {
			fprintf(stderr, "mxcost: test_run: %s\n",
				strerror(errno));
			return -errno;
		}
		r->retval = opts.retval;
		r->out_len = opts.data_size_out;
		if (i) /* run 0 warms caches and branch predictors */
			ns[i - 1] = opts.duration;
	}
	qsort(ns, runs, sizeof(ns[0]), cmp_double);
	r->ns = ns[runs / 2];
	return 0;
}

static __be32 lse_out(__u32 label)
{
	return htonl(label << 12);
}

/* A fresh mplsx object: lo is a core port, nexthop 0 resolved out of lo,
 * the paths' entries and n_filler more in label_table. */
static struct mplsx_bpf *mplsx_setup(const struct path *paths, int n_paths,
				     __u32 n_filler)
{
	struct port_config pc = {.role = MPLSX_PORT_CORE, .port_id = 0};
	struct nexthop nh = {.ifindex = IFINDEX_LO,
			     .port_id = 1,
			     .dmac = {2, 0, 0, 0, 0, 3},
			     .smac = {2, 0, 0, 0, 0, 4},
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED};
	__u32 key = 0, ifindex = IFINDEX_LO, i;
	unsigned char pkey[16] = {0};
	struct label_entry le;
	size_t ksz;
	struct mplsx_bpf *skel;
	int j, err;

	skel = mplsx_bpf__open_and_load();
	if (!skel)
		return NULL;
	/* The key is the ifindex, or {ifindex, VLAN 0} since VLAN ports:
	 * ifindex first either way, the rest zero. */
	ksz = bpf_map__key_size(skel->maps.port_config);
	if (ksz < sizeof(ifindex) || ksz > sizeof(pkey) ||
	    bpf_map__value_size(skel->maps.port_config) != sizeof(pc)) {
		fprintf(stderr, "mxcost: port_config is not what "
				"mplsx_abi.h says\n");
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	memcpy(pkey, &ifindex, sizeof(ifindex));
	err = bpf_map__update_elem(skel->maps.port_config, pkey, ksz, &pc,
				   sizeof(pc), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.nexthop, &key,
					   sizeof(key), &nh, sizeof(nh),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.tx_port, &ifindex,
					   sizeof(ifindex), &ifindex,
					   sizeof(ifindex), BPF_ANY);
	for (j = 0; !err && j < n_paths; j++) {
		memset(&le, 0, sizeof(le));
		le.action = MPLSX_LABEL_FORWARD;
		le.n_out = paths[j].n_out;
		le.stats_id = j;
		for (i = 0; i < paths[j].n_out; i++)
			le.out[i] = lse_out(paths[j].out[i]);
		err = bpf_map__update_elem(skel->maps.label_table, &paths[j].in,
					   sizeof(__u32), &le, sizeof(le),
					   BPF_ANY);
	}
	for (i = 0; !err && i < n_filler; i++) {
		key = FILLER_LABEL + i;
		memset(&le, 0, sizeof(le));
		le.action = MPLSX_LABEL_FORWARD;
		le.n_out = 1;
		le.out[0] = lse_out(2000);
		le.stats_id = (n_paths + i) % MPLSX_MAX_LABELS;
		err = bpf_map__update_elem(skel->maps.label_table, &key,
					   sizeof(key), &le, sizeof(le),
					   BPF_ANY);
	}
	if (err) {
		fprintf(stderr, "mxcost: mplsx maps: %s\n", strerror(-err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/*
 * A fresh mplsx object for imposition: lo a VRF port of VRF 1, nexthop 0
 * towards the remote PE with one transport label, 10.2.0.0/24 remote
 * under a VPN label, and n_routes - 1 more random /24../32 prefixes in
 * the same VRF (a rare one may cover 10.2.0.1 more specifically: it is
 * remote too, the path stays the same).
 */
static struct mplsx_bpf *vpn_setup(__u32 n_routes)
{
	struct port_config pc = {.role = MPLSX_PORT_VRF, .vrf_id = 1};
	struct nexthop nh = {.ifindex = IFINDEX_LO,
			     .port_id = 1,
			     .dmac = {2, 0, 0, 0, 0, 3},
			     .smac = {2, 0, 0, 0, 0, 4},
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED,
			     .n_push = 1,
			     .push = {htonl(16001 << 12)}};
	struct vrf_route rt = {.kind = MPLSX_ROUTE_REMOTE,
			       .vpn_label = htonl(3001 << 12 | MPLS_LS_S_MASK)};
	struct vrf_fib4_key k = {
		.prefixlen = 32 + 24, .vrf_id = 1, .addr = htonl(0x0a020000)};
	__u32 key = 0, ifindex = IFINDEX_LO, i, seed = 1;
	unsigned char pkey[16] = {0};
	struct mplsx_bpf *skel;
	int err;

	skel = mplsx_bpf__open_and_load();
	if (!skel)
		return NULL;
	memcpy(pkey, &ifindex, sizeof(ifindex));
	err = bpf_map__update_elem(skel->maps.port_config, pkey,
				   bpf_map__key_size(skel->maps.port_config),
				   &pc, sizeof(pc), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.nexthop, &key,
					   sizeof(key), &nh, sizeof(nh),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.tx_port, &ifindex,
					   sizeof(ifindex), &ifindex,
					   sizeof(ifindex), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vrf_fib4, &k, sizeof(k),
					   &rt, sizeof(rt), BPF_ANY);
	for (i = 1; !err && i < n_routes; i++) {
		__u32 plen;

		do { /* xorshift32: random, repeatable, no duplicates kept */
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			plen = 24 + seed % 9;
			k.prefixlen = 32 + plen;
			k.addr = htonl(seed & (0xffffffffu << (32 - plen)));
		} while (bpf_map__update_elem(skel->maps.vrf_fib4, &k,
					      sizeof(k), &rt, sizeof(rt),
					      BPF_NOEXIST));
	}
	if (err) {
		fprintf(stderr, "mxcost: vpn maps: %s\n", strerror(-err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/* -f: imposition cost by VRF FIB size, median over LOADS loads. */
static int fib_sweep(unsigned int loads)
{
	static const __u32 sizes[] = {1, 1000, 100000, 1000000};
	double ns[4][MAX_LOADS], harness_ns[MAX_LOADS];
	struct result r = {}, harness;
	unsigned int l, i;

	for (l = 0; l < loads; l++) {
		struct cost_bpf *cost = cost_bpf__open_and_load();

		if (!cost ||
		    measure(cost, bpf_program__fd(cost->progs.bench_nop), 0,
			    &harness))
			return -1;
		harness_ns[l] = harness.ns;
		for (i = 0; i < 4; i++) {
			struct mplsx_bpf *mx = vpn_setup(sizes[i]);

			if (!mx ||
			    measure(cost, bpf_program__fd(mx->progs.mplsx_xdp),
				    0, &r))
				return -1;
			ns[i][l] = r.ns - harness.ns;
			mplsx_bpf__destroy(mx);
		}
		cost_bpf__destroy(cost);
	}
	qsort(harness_ns, loads, sizeof(double), cmp_double);
	printf("{\n  \"harness_ns\": %.1f, \"loads\": %u, \"retval\": %d, "
	       "\"out_len\": %u,\n  \"vrf_fib4\": [\n",
	       harness_ns[loads / 2], loads, r.retval, r.out_len);
	for (i = 0; i < 4; i++) {
		qsort(ns[i], loads, sizeof(double), cmp_double);
		printf("    {\"routes\": %u, \"ns\": %.1f, \"min\": %.1f, "
		       "\"max\": %.1f}%s\n",
		       sizes[i], ns[i][loads / 2], ns[i][0], ns[i][loads - 1],
		       i == 3 ? "" : ",");
	}
	printf("  ],\n  \"growth_1_to_1M\": %.3f\n}\n",
	       ns[3][loads / 2] / ns[0][loads / 2] - 1);
	return 0;
}

/* One figure: the same measurement over every load, net of the harness
 * of that load.  Loads differ: where the kernel places a fresh object's
 * maps moves a path's cost by up to ~20%, so one load proves little. */
struct item {
	char name[64];
	__u32 entries; /* label_table entries, 0 = the paths' table */
	int retval;
	__u32 out_len;
	double ns[MAX_LOADS];
};

static void item_print(const struct item *it, int n, int last)
{
	double v[MAX_LOADS];

	memcpy(v, it->ns, n * sizeof(v[0]));
	qsort(v, n, sizeof(v[0]), cmp_double);
	printf("    {\"name\": \"%s\", \"ns\": %.1f, \"min\": %.1f, "
	       "\"max\": %.1f, \"retval\": %d, \"out_len\": %u",
	       it->name, v[n / 2], v[0], v[n - 1], it->retval, it->out_len);
	if (it->entries)
		printf(", \"entries\": %u", it->entries);
	printf("}%s\n", last ? "" : ",");
}

/* Load number `load`: the harness, bare redirect, every path, then the
 * first path in tables of each size. */
static int measure_load(int load, const struct path *paths, int n_paths,
			struct item *items, double *harness_ns)
{
	static const __u32 sizes[] = {1, 1000, MPLSX_MAX_LABELS};
	struct redir_bpf *redir = NULL;
	struct mplsx_bpf *mx = NULL;
	struct cost_bpf *cost;
	__u32 key = 0, lo = IFINDEX_LO;
	struct result harness, r;
	int i, k = 0, err = -1;

	cost = cost_bpf__open_and_load();
	redir = redir_bpf__open_and_load();
	if (!cost || !redir ||
	    bpf_map__update_elem(redir->maps.tx_dev, &key, sizeof(key), &lo,
				 sizeof(lo), BPF_ANY))
		goto out;
	if (measure(cost, bpf_program__fd(cost->progs.bench_nop), 0, &harness))
		goto out;
	harness_ns[load] = harness.ns;

	snprintf(items[k].name, sizeof(items[k].name), "redirect");
	if (measure(cost, bpf_program__fd(redir->progs.bench_redirect), 0, &r))
		goto out;
	items[k].retval = r.retval;
	items[k].out_len = r.out_len;
	items[k++].ns[load] = r.ns - harness.ns;

	mx = mplsx_setup(paths, n_paths, 0);
	for (i = 0; mx && i < n_paths; i++, k++) {
		if (measure(cost, bpf_program__fd(mx->progs.mplsx_xdp),
			    paths[i].in, &r))
			goto out;
		snprintf(items[k].name, sizeof(items[k].name), "%.63s",
			 paths[i].name);
		items[k].retval = r.retval;
		items[k].out_len = r.out_len;
		items[k].ns[load] = r.ns - harness.ns;
	}
	for (i = 0; mx && i < (int)(sizeof(sizes) / sizeof(sizes[0]));
	     i++, k++) {
		mplsx_bpf__destroy(mx);
		mx = mplsx_setup(paths, 1, sizes[i] - 1);
		if (!mx || measure(cost, bpf_program__fd(mx->progs.mplsx_xdp),
				   paths[0].in, &r))
			goto out;
		snprintf(items[k].name, sizeof(items[k].name), "%.63s",
			 paths[0].name);
		items[k].entries = sizes[i];
		items[k].retval = r.retval;
		items[k].out_len = r.out_len;
		items[k].ns[load] = r.ns - harness.ns;
	}
	err = mx ? k : -1;
out:
	mplsx_bpf__destroy(mx);
	redir_bpf__destroy(redir);
	cost_bpf__destroy(cost);
	return err;
}

int main(int argc, char **argv)
{
	static struct item items[MAX_PATHS + 4];
	double harness[MAX_LOADS];
	struct path paths[MAX_PATHS];
	int n_paths = 0, cpu = 0, opt, i, n = 0;
	unsigned int loads = 5;
	int fib = 0;
	cpu_set_t set;

	libbpf_set_print(libbpf_quiet);
	while ((opt = getopt(argc, argv, "r:k:l:c:f")) != -1) {
		switch (opt) {
		case 'f':
			fib = 1;
			break;
		case 'r':
			repeat = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			runs = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			loads = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			cpu = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	for (; optind < argc && n_paths < MAX_PATHS; optind++)
		if (path_parse(argv[optind], &paths[n_paths++]))
			goto usage;
	if ((!n_paths && !fib) || !repeat || !runs || runs > MAX_RUNS ||
	    !loads || loads > MAX_LOADS)
		goto usage;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "mxcost: cpu %d: %s\n", cpu, strerror(errno));

	if (fib)
		return fib_sweep(loads) ? 1 : 0;
	for (i = 0; i < (int)loads; i++) {
		n = measure_load(i, paths, n_paths, items, harness);
		if (n < 0)
			return 1;
	}
	qsort(harness, loads, sizeof(harness[0]), cmp_double);
	printf("{\n  \"repeat\": %u, \"runs\": %u, \"loads\": %u, \"cpu\": %d, "
	       "\"harness_ns\": %.1f,\n  \"paths\": [\n",
	       repeat, runs, loads, cpu, harness[loads / 2]);
	for (i = 0; i <= n_paths; i++)
		item_print(&items[i], loads, i == n_paths);
	printf("  ],\n  \"label_table\": [\n");
	for (i = n_paths + 1; i < n; i++)
		item_print(&items[i], loads, i == n - 1);
	printf("  ]\n}\n");
	return 0;
usage:
	fprintf(stderr, "usage: mxcost [-r REPEAT] [-k RUNS] [-l LOADS] "
			"[-c CPU] NAME:IN:OUT[,OUT...] ... | -f\n");
	return 2;
}
