// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mxcost.c - per-packet cost of the mplsx XDP program (its skeleton,
 * mplsx_bpf, maps filled directly) with BPF_PROG_TEST_RUN and `repeat`.
 *
 *   mxcost [-r REPEAT] [-k RUNS] [-c CPU] NAME:IN:OUT[,OUT...][:KIND] ...
 *
 * Each NAME:IN:OUT is a label_table entry (OUT "-" = PHP) and a 64-byte
 * frame carrying label IN over IPv4/UDP.  KIND (bench/paths.txt's dut
 * column) makes it a PE path instead, in an object of its own with the
 * maps mplsxd would write for it: mplsx-vpn-in (lo a VRF port, an IPv4
 * frame, a remote route; OUT = [transport,] VPN label), mplsx-vpn-out and
 * mplsx-vpn-nh (per-VRF / per-next-hop label IN, a CE host route),
 * mplsx-pw-in (lo an attachment circuit; OUT = [transport,] PW label) and
 * mplsx-pw-out (PW label IN, control word, a 42-byte customer frame),
 * mplsx-vpls-in (lo a VPLS AC, the IPv4 frame's destination MAC learnt
 * behind a peer; OUT = [transport,] PW label) and mplsx-vpls-out (the VPLS
 * PW label IN over the pseudowire frame, its inner destination on the AC).
 * Flood rows (mplsx-vpls-flood*) have no cost here: cloning is TC's.  The
 * frame would not survive repetition (see cost.bpf.c): bench_wrap restores it
 * before it tail-calls the program, and its own cost, measured with bench_nop
 * in its place, is subtracted.  The bare redirect program is measured the same
 * way as a reference, and the first P path again with 1, 1,000 and 65,536
 * label_table entries.  With -f, L3 VPN imposition instead (lo a VRF port, an
 * IPv4 frame, a remote route: VPN + transport label) with 1, 1,000, 100,000 and
 * 1,000,000 routes in the VRF.  Prints one JSON object; ns are the kernel's own
 * per-repetition average (1 ns resolution), median of RUNS.
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

#include "dp/fib_stride.h"
#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "bench.h"
#include "cost.skel.h"
#include "redir.skel.h"

#define IFINDEX_LO   1 /* ingress and egress: lo is in every namespace */
#define MAX_PATHS    16
#define MAX_RUNS     31
#define MAX_LOADS    15
#define FILLER_LABEL 100000u /* filler entries: 100000, 100001, ... */

enum path_kind {
	KIND_P,	       /* a label_table entry on a core port */
	KIND_VPN_IN,   /* VRF port, IPv4 -> remote PE */
	KIND_VPN_OUT,  /* per-VRF label -> VRF lookup -> CE */
	KIND_VPN_NH,   /* per-next-hop label -> CE */
	KIND_PW_IN,    /* attachment circuit -> pseudowire */
	KIND_PW_OUT,   /* pseudowire -> attachment circuit */
	KIND_VPLS_IN,  /* VPLS AC -> known MAC behind a peer */
	KIND_VPLS_OUT, /* VPLS PW label -> known MAC on the AC */
	/* KIND_P with the frame 802.1Q-tagged (VID 10), on a core port
	 * whose interface has no VLAN ports while another one has (not in
	 * paths.txt: the chain's generator sends untagged frames). */
	KIND_P_TAGGED,
};

static const char *const kind_names[] = {
	[KIND_P] = "mplsx",
	[KIND_VPN_IN] = "mplsx-vpn-in",
	[KIND_VPN_OUT] = "mplsx-vpn-out",
	[KIND_VPN_NH] = "mplsx-vpn-nh",
	[KIND_PW_IN] = "mplsx-pw-in",
	[KIND_PW_OUT] = "mplsx-pw-out",
	[KIND_VPLS_IN] = "mplsx-vpls-in",
	[KIND_VPLS_OUT] = "mplsx-vpls-out",
	[KIND_P_TAGGED] = "mplsx-tagged",
};

#define VPN_NH_LABEL 4000 /* "auto": mplsxd's choice, any label will do */
#define PW_ID	     1
#define VRF_ID	     1

struct path {
	char name[64];
	enum path_kind kind;
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
	char buf[256], *name, *in, *out, *kind, *tok, *save = NULL, *s2;
	unsigned int k;

	snprintf(buf, sizeof(buf), "%s", spec);
	name = strtok_r(buf, ":", &save);
	in = strtok_r(NULL, ":", &save);
	out = strtok_r(NULL, ":", &save);
	kind = strtok_r(NULL, ":", &save);
	if (!name || !in || !out)
		return -1;
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	for (k = 0; kind && k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (!strcmp(kind, kind_names[k]))
			break;
	if (kind && k == sizeof(kind_names) / sizeof(kind_names[0]))
		return -1;
	p->kind = kind ? (enum path_kind)k : KIND_P;
	p->in = strcmp(in, "auto") ? strtoul(in, NULL, 0) : VPN_NH_LABEL;
	if (!strcmp(out, "-"))
		return 0;
	for (tok = strtok_r(out, ",", &s2); tok;
	     tok = strtok_r(NULL, ",", &s2)) {
		if (p->n_out == MPLSX_MAX_PUSH)
			return -1;
		p->out[p->n_out++] = strtoul(tok, NULL, 0);
	}
	/* PE paths push [transport,] VPN or PW label: one at least. */
	if ((p->kind == KIND_VPN_IN || p->kind == KIND_PW_IN ||
	     p->kind == KIND_VPLS_IN) &&
	    !p->n_out)
		return -1;
	return 0;
}

/* IPv4/UDP 10.1.0.1 -> 10.2.0.1 of tot_len bytes, header checksum set. */
static void ipv4_write(unsigned char *b, __u16 tot_len)
{
	unsigned char ip[20] = {
		0x45,
		0,
		tot_len >> 8,
		tot_len & 0xff,
		0,
		0,
		0x40,
		0,
		64,
		17,
		0,
		0,
		10,
		1,
		0,
		1,
		10,
		2,
		0,
		1,
	};
	__u32 sum = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		sum += ip[i] << 8 | ip[i + 1];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
	memcpy(b, ip, sizeof(ip));
	b[20] = 0x30; /* UDP 12345 -> 12345, no checksum */
	b[21] = 0x39;
	b[22] = 0x30;
	b[23] = 0x39;
	b[24] = (tot_len - 20) >> 8;
	b[25] = (tot_len - 20) & 0xff;
}

static unsigned char *eth_write(unsigned char *b, __u16 proto)
{
	memcpy(b, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	b[12] = proto >> 8;
	b[13] = proto & 0xff;
	return b + 14;
}

/* The same with an 802.1Q tag (VID vlan) before proto. */
static unsigned char *eth_write_tagged(unsigned char *b, __u16 proto,
				       __u16 vlan)
{
	b = eth_write(b, ETH_P_8021Q) - 2;
	b[2] = vlan >> 8;
	b[3] = vlan & 0xff;
	b[4] = proto >> 8;
	b[5] = proto & 0xff;
	return b + 6;
}

/*
 * The 64-byte frame of a path, as bench/frames.py builds it: label 0
 * (never a path's) plain IPv4 filling all 64 bytes, no padding for
 * imposition to cut; else one label (S=1, TTL 64) over IPv4/UDP; for
 * pseudowire disposition the PW label (TTL 255), a control word whose
 * length field says 46 (payload under 64 bytes, RFC 4385) and a 42-byte
 * customer frame.  vlan: one label, 802.1Q-tagged.
 */
static void frame_build(struct bench_tmpl *t, __u32 label, int pw, __u16 vlan)
{
	unsigned char *b = (unsigned char *)t;
	__be32 lse = htonl(label << 12 | MPLS_LS_S_MASK | (pw ? 255 : 64));
	__be32 cw = htonl(46 << 16);

	memset(t, 0, sizeof(*t));
	if (!label) {
		ipv4_write(eth_write(b, ETH_P_IP), BENCH_TMPL_LEN - 14);
		return;
	}
	if (vlan) {
		b = eth_write_tagged(b, ETH_P_MPLS_UC, vlan);
		memcpy(b, &lse, 4);
		ipv4_write(b + 4, BENCH_TMPL_LEN - 22);
		return;
	}
	b = eth_write(b, ETH_P_MPLS_UC);
	memcpy(b, &lse, 4);
	if (!pw) {
		ipv4_write(b + 4, BENCH_TMPL_LEN - 18);
		return;
	}
	memcpy(b + 4, &cw, 4);
	ipv4_write(eth_write(b + 8, ETH_P_IP), BENCH_TMPL_LEN - 22 - 14);
}

/* What a path's frame carries: IPv4 into a VRF port or an AC. */
static void path_frame(const struct path *p, struct bench_tmpl *t)
{
	int from_ce = p->kind == KIND_VPN_IN || p->kind == KIND_PW_IN ||
		      p->kind == KIND_VPLS_IN;

	frame_build(t, from_ce ? 0 : p->in,
		    p->kind == KIND_PW_OUT || p->kind == KIND_VPLS_OUT,
		    p->kind == KIND_P_TAGGED ? 10 : 0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* progs[0] = prog_fd; then RUNS runs of REPEAT through bench_wrap. */
static int measure(struct cost_bpf *cost, int prog_fd,
		   const struct bench_tmpl *frame, struct result *r)
{
	unsigned char out[BENCH_TMPL_LEN + 64];
	struct xdp_md ctx = {.data_end = BENCH_TMPL_LEN,
			     .ingress_ifindex = IFINDEX_LO};
	double ns[MAX_RUNS];
	struct bench_tmpl t;
	__u32 key = 0;
	unsigned int i;
	int err;

	t = *frame;
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

/* A resolved nexthop as mplsxd writes it: its prebuilt parts filled in. */
static int nexthop_write(struct mplsx_bpf *skel, __u32 id, struct nexthop *nh)
{
	nexthop_prebuild(nh);
	return bpf_map__update_elem(skel->maps.nexthop, &id, sizeof(id), nh,
				    sizeof(*nh), BPF_ANY);
}

/* A fresh mplsx object with what every path needs: lo is a port with PC
 * (port_config), nexthop 0 is NH out of lo, lo is in tx_port.  NULL on
 * failure (said); *err is 0 then for the caller's chain of writes. */
static struct mplsx_bpf *dut_load(const struct port_config *pc,
				  struct nexthop *nh, int *err)
{
	__u32 ifindex = IFINDEX_LO, key = 0;
	unsigned char pkey[16] = {0};
	struct mplsx_bpf *skel;
	size_t ksz;

	*err = 0;
	skel = mplsx_bpf__open_and_load();
	if (!skel)
		return NULL;
	/* The key is the ifindex, or {ifindex, VLAN 0} since VLAN ports:
	 * ifindex first either way, the rest zero. */
	ksz = bpf_map__key_size(skel->maps.port_config);
	if (ksz < sizeof(ifindex) || ksz > sizeof(pkey) ||
	    bpf_map__value_size(skel->maps.port_config) != sizeof(*pc)) {
		fprintf(stderr, "mxcost: port_config is not what "
				"mplsx_abi.h says\n");
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	memcpy(pkey, &ifindex, sizeof(ifindex));
	*err = bpf_map__update_elem(skel->maps.port_config, pkey, ksz, pc,
				    sizeof(*pc), BPF_ANY);
	if (!*err)
		*err = nexthop_write(skel, key, nh);
	if (!*err)
		*err = bpf_map__update_elem(skel->maps.tx_port, &ifindex,
					    sizeof(ifindex), &ifindex,
					    sizeof(ifindex), BPF_ANY);
	if (*err) {
		fprintf(stderr, "mxcost: port, nexthop: %s\n", strerror(-*err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
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
	__u32 key = 0, i;
	struct label_entry le;
	struct mplsx_bpf *skel;
	int j, err;

	skel = dut_load(&pc, &nh, &err);
	if (!skel)
		return NULL;
	/* A VLAN port on another interface: port_vlan is not empty, as on
	 * a router that has some (KIND_P_TAGGED's frames are not its). */
	if (!err) {
		struct port_key vk = {.ifindex = IFINDEX_LO + 1, .vlan_id = 20};
		struct port_config vp = {.role = MPLSX_PORT_CORE, .port_id = 2};

		err = bpf_map__update_elem(skel->maps.port_vlan, &vk,
					   sizeof(vk), &vp, sizeof(vp),
					   BPF_ANY);
	}
	for (j = 0; !err && j < n_paths; j++) {
		if (paths[j].kind != KIND_P && paths[j].kind != KIND_P_TAGGED)
			continue; /* PE paths get objects of their own */
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

static unsigned no_cover(void *ctx, uint32_t vrf_id, const uint8_t *addr,
			 unsigned len, uint64_t *w)
{
	(void)ctx, (void)vrf_id, (void)addr, (void)len, (void)w;
	return 0;
}

/* IPv4 routes into the stride FIB as mplsxd writes them (a /16 or longer
 * never goes to the trie): n routes from a, one /len after the other,
 * words from word(i).  0 or -errno. */
static int stride_add(struct mplsx_bpf *skel, __u32 a, unsigned len, __u32 n,
		      uint8_t kind, __u32 nh_id, __u32 label)
{
	struct fib_stride s;
	__u32 i;
	int err;

	err = fib_stride__init(&s, AF_INET, bpf_map__fd(skel->maps.fib4_top),
			       bpf_map__fd(skel->maps.fib4_chunk), 0, no_cover,
			       NULL);
	/* The direct top array of a big VRF, as mplsxd's default config
	 * gives it (MXCOST_FIB_DIRECT=0: the hash only, for an A/B). */
	if (!err && !(getenv("MXCOST_FIB_DIRECT") &&
		      !strcmp(getenv("MXCOST_FIB_DIRECT"), "0")))
		err = fib_stride__set_direct(
			&s, bpf_map__fd(skel->maps.fib4_dir),
			bpf_map__fd(skel->maps.fib4_vrf_dir),
			FIB_DIR_MIN_BLOCKS);
	for (i = 0; !err && i < n; i++) {
		__be32 x = htonl(a + (i << (32 - len)));

		err = fib_stride__set(
			&s, VRF_ID, (const uint8_t *)&x, len,
			fib_stride__word(kind, nh_id,
					 (label + i) % MPLS_LABEL_MAX),
			true);
	}
	fib_stride__free(&s);
	return err;
}

/* -f's table: n /24s 32.0.0.0/24, 32.0.1.0/24, ... in VRF 1, remote
 * behind nexthop 0, a VPN label each (rt's and on), written by the
 * agent's own stride FIB code (agent/dp/fib_stride.c).  The frames go to
 * 32.x.y.1, drawn at random over the table per repetition (bench_dst). */
static int fib_fill(struct mplsx_bpf *skel, __u32 n, __u32 nh_id,
		    const struct vrf_route *rt)
{
	return stride_add(skel, 0x20000000u, 24, n, MPLSX_ROUTE_REMOTE, nh_id,
			  ntohl(rt->vpn_label) >> 12);
}

/*
 * A fresh mplsx object for imposition: lo a VRF port of VRF 1, nexthop 0
 * towards the remote PE with p's transport labels (default one, 16001),
 * 10.2.0.0/24 remote under p's VPN label (default 3001); n_routes > 0:
 * the table of fib_fill() (what -f measures) instead.
 */
static struct mplsx_bpf *vpn_setup(__u32 n_routes, const struct path *p)
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
	__u32 i;
	struct mplsx_bpf *skel;
	int err;

	if (p) {
		nh.n_push = p->n_out - 1;
		for (i = 0; i < nh.n_push; i++)
			nh.push[i] = lse_out(p->out[i]);
		rt.vpn_label =
			lse_out(p->out[nh.n_push]) | htonl(MPLS_LS_S_MASK);
	}
	skel = dut_load(&pc, &nh, &err);
	if (!skel)
		return NULL;
	if (!err && !n_routes) /* the chain's one route */
		err = stride_add(skel, 0x0a020000, 24, 1, MPLSX_ROUTE_REMOTE, 0,
				 ntohl(rt.vpn_label) >> 12);
	if (!err && n_routes)
		err = fib_fill(skel, n_routes, 0, &rt);
	if (err) {
		fprintf(stderr, "mxcost: vpn maps: %s\n", strerror(-err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/*
 * A fresh mplsx object for one PE path, with what mplsxd writes for it
 * in the chain: nexthop 0 is the CE adjacency (disposition) or the peer
 * PE with p's transport labels (pseudowire imposition); pseudowire 1 has
 * the control word and lo as its AC; VRF 1 has 10.2.0.0/24 connected
 * (glean) and the sink's host route 10.2.0.1/32.
 */
static struct mplsx_bpf *vpls_setup(const struct path *p);

static struct mplsx_bpf *pe_setup(const struct path *p)
{
	struct port_config pc = {.role = MPLSX_PORT_CORE};
	struct nexthop nh = {.ifindex = IFINDEX_LO,
			     .port_id = 1,
			     .dmac = {2, 0, 0, 0, 0, 3},
			     .smac = {2, 0, 0, 0, 0, 4},
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED};
	struct pseudowire pw = {.ac_ifindex = IFINDEX_LO,
				.ac_mtu = 1500,
				.state = MPLSX_PW_UP,
				.flags = MPLSX_PW_F_CW};
	struct label_entry le = {.vrf_id = VRF_ID};
	__u32 pw_id = PW_ID, i, n;
	struct mplsx_bpf *skel;
	int err;

	if (p->kind == KIND_VPN_IN)
		return vpn_setup(0, p);
	if (p->kind == KIND_VPLS_IN || p->kind == KIND_VPLS_OUT)
		return vpls_setup(p);
	if (p->kind == KIND_PW_IN) {
		pc.role = MPLSX_PORT_AC;
		pc.pw_id = PW_ID;
		n = p->n_out - 1;
		nh.n_push = n;
		for (i = 0; i < n; i++)
			nh.push[i] = lse_out(p->out[i]);
		pw.pw_label = lse_out(p->out[n]) | htonl(MPLS_LS_S_MASK | 255);
	} else {
		pw.pw_label = htonl(5002 << 12 | MPLS_LS_S_MASK | 255);
	}
	le.action = p->kind == KIND_VPN_OUT  ? MPLSX_LABEL_VRF
		    : p->kind == KIND_VPN_NH ? MPLSX_LABEL_VRF_NEXTHOP
					     : MPLSX_LABEL_PW;
	if (p->kind == KIND_PW_OUT)
		le.pw_id = PW_ID;

	skel = dut_load(&pc, &nh, &err);
	if (!skel)
		return NULL;
	if (!err)
		err = bpf_map__update_elem(skel->maps.pseudowire, &pw_id,
					   sizeof(pw_id), &pw, sizeof(pw),
					   BPF_ANY);
	if (!err && p->kind != KIND_PW_IN)
		err = bpf_map__update_elem(skel->maps.label_table, &p->in,
					   sizeof(p->in), &le, sizeof(le),
					   BPF_ANY);
	if (!err)
		err = stride_add(skel, 0x0a020000, 24, 1, MPLSX_ROUTE_GLEAN, 0,
				 0);
	if (!err)
		err = stride_add(skel, 0x0a020001, 32, 1, MPLSX_ROUTE_LOCAL, 0,
				 0);
	if (err) {
		fprintf(stderr, "mxcost: %s maps: %s\n", p->name,
			strerror(-err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/* Each repetition's destination drawn over count routes of fib_fill()'s
 * table (0: the template's). */
static int set_dst(struct cost_bpf *cost, __u32 count)
{
	struct bench_dst d = {.count = count,
			      .off = 14 + 16,
			      .base = 0x20000001u,
			      .shift = 8,
			      .csum_off = 14 + 10};
	int ncpu = libbpf_num_possible_cpus(), i, err;
	__u64 seeds[ncpu > 0 ? ncpu : 1];
	__u32 key = 0;

	for (i = 0; i < ncpu; i++)
		seeds[i] = 0x9E3779B97F4A7C15ull * (__u64)(i + 1);
	err = bpf_map__update_elem(cost->maps.dst, &key, sizeof(key), &d,
				   sizeof(d), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(cost->maps.rng, &key, sizeof(key),
					   seeds, sizeof(seeds), BPF_ANY);
	return err;
}

/*
 * A fresh mplsx object for VPLS known unicast, as mplsxd and learning
 * leave it in the chain: instance 1 with lo as AC (port 0) and peer 1
 * (nexthop 0: p's transport labels, or none for disposition), control
 * word; the frame's destination MAC (eth_write's 02:..:02) learnt behind
 * the peer (imposition) or on the AC (disposition), its source on the
 * other, both seen at the clock's time (0: no refresh write).
 */
static struct mplsx_bpf *vpls_setup(const struct path *p)
{
	int in = p->kind == KIND_VPLS_IN;
	struct port_config pc = {.role = in ? MPLSX_PORT_VPLS : MPLSX_PORT_CORE,
				 .vpls_id = 1};
	struct nexthop nh = {.ifindex = IFINDEX_LO,
			     .port_id = 1,
			     .dmac = {2, 0, 0, 0, 0, 3},
			     .smac = {2, 0, 0, 0, 0, 4},
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED};
	struct vpls_instance vi = {.state = MPLSX_VPLS_UP,
				   .flags = MPLSX_VPLS_F_CW,
				   .mac_limit = 4096,
				   .n_ac = 1,
				   .n_pw = 1,
				   .member = {0, 1}};
	struct vpls_ac ac = {.ifindex = IFINDEX_LO,
			     .mtu = 1500,
			     .vpls_id = 1,
			     .state = MPLSX_VPLS_UP};
	struct vpls_peer peer = {
		.pw_label = htonl(7021 << 12 | MPLS_LS_S_MASK | 255),
		.vpls_id = 1,
		.state = MPLSX_VPLS_UP,
		.flags = MPLSX_VPLS_F_CW};
	struct vpls_mac_key dk = {.vpls_id = 1, .mac = {2, 0, 0, 0, 0, 2}},
			    sk = {.vpls_id = 1, .mac = {2, 0, 0, 0, 0, 1}};
	struct vpls_mac on_ac = {.where = MPLSX_VPLS_AC},
			on_pw = {.where = MPLSX_VPLS_PW, .id = 1};
	struct label_entry le = {.action = MPLSX_LABEL_VPLS, .vpls_peer_id = 1};
	struct vpls_mac_count cnt = {.added = 2};
	__u32 key = 0, one = 1, i, n;
	struct mplsx_bpf *skel;
	int err;

	if (in) {
		n = p->n_out - 1;
		nh.n_push = n;
		for (i = 0; i < n; i++)
			nh.push[i] = lse_out(p->out[i]);
		peer.pw_label =
			lse_out(p->out[n]) | htonl(MPLS_LS_S_MASK | 255);
	}
	skel = dut_load(&pc, &nh, &err);
	if (!skel)
		return NULL;
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls, &one, sizeof(one),
					   &vi, sizeof(vi), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls_mac_count, &one,
					   sizeof(one), &cnt, sizeof(cnt),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls_ac, &key,
					   sizeof(key), &ac, sizeof(ac),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls_peer, &one,
					   sizeof(one), &peer, sizeof(peer),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls_mac, &dk, sizeof(dk),
					   in ? &on_pw : &on_ac, sizeof(on_ac),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(skel->maps.vpls_mac, &sk, sizeof(sk),
					   in ? &on_ac : &on_pw, sizeof(on_ac),
					   BPF_ANY);
	if (!err && !in)
		err = bpf_map__update_elem(skel->maps.label_table, &p->in,
					   sizeof(p->in), &le, sizeof(le),
					   BPF_ANY);
	if (err) {
		fprintf(stderr, "mxcost: %s maps: %s\n", p->name,
			strerror(-err));
		mplsx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/* -f: imposition cost by VRF FIB size, median over LOADS loads; every
 * repetition to a random destination over the table. */
static int fib_sweep(unsigned int loads)
{
	static const __u32 sizes[] = {1, 1000, 100000, 1048576};
	double ns[4][MAX_LOADS], harness_ns[MAX_LOADS];
	struct result r = {}, harness;
	struct bench_tmpl ip4;
	unsigned int l, i;

	frame_build(&ip4, 0, 0, 0);
	for (l = 0; l < loads; l++) {
		struct cost_bpf *cost = cost_bpf__open_and_load();

		if (!cost || set_dst(cost, sizes[3]) ||
		    measure(cost, bpf_program__fd(cost->progs.bench_nop), &ip4,
			    &harness))
			return -1;
		harness_ns[l] = harness.ns;
		for (i = 0; i < 4; i++) {
			struct mplsx_bpf *mx = vpn_setup(sizes[i], NULL);

			if (!mx || set_dst(cost, sizes[i]) ||
			    measure(cost, bpf_program__fd(mx->progs.mplsx_xdp),
				    &ip4, &r))
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

/*
 * -e: next-hop groups.  Swap (label 1000 -> 2000) and L3 VPN imposition
 * (10.2.0.0/24 under 3001, transport 16001) with their nexthop a plain one
 * (1 member) or a group of 2 or 8 members, each figure net of the harness,
 * median over LOADS loads, and the spread of 64 UDP flows (source ports
 * 10000..10063) over 2 and 8 members, for ECMP_SEEDS seeds.
 */
#define ECMP_GROUP_NH 20 /* the group's nexthop id; members are 1..8 */
#define ECMP_SEEDS    8

static int ecmp_group(struct mplsx_bpf *mx, __u32 *user_nh, int n)
{
	struct nexthop g = {.state = MPLSX_NH_GROUP, .group_id = 1}, nh;
	struct nexthop_group grp = {.n_members = n, .n_up = n};
	__u32 key = 0, id, gid = 1, seed = 0x5eed;
	int i, err;

	if (n == 1)
		return 0; /* nexthop 0 as set up: the single next hop */
	err = bpf_map__lookup_elem(mx->maps.nexthop, &key, sizeof(key), &nh,
				   sizeof(nh), 0);
	for (i = 0; !err && i < n; i++) {
		id = 1 + i;
		nh.dmac[5] = 0x10 + i;
		grp.member[i] = id;
		err = bpf_map__update_elem(mx->maps.nexthop, &id, sizeof(id),
					   &nh, sizeof(nh), BPF_ANY);
	}
	for (i = 0; i < MPLSX_NHG_BUCKETS; i++)
		grp.bucket[i] = i % n;
	id = ECMP_GROUP_NH;
	if (!err)
		err = bpf_map__update_elem(mx->maps.nexthop_group, &gid,
					   sizeof(gid), &grp, sizeof(grp),
					   BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(mx->maps.nexthop, &id, sizeof(id),
					   &g, sizeof(g), BPF_ANY);
	if (!err)
		err = bpf_map__update_elem(mx->maps.ecmp_seed, &key,
					   sizeof(key), &seed, sizeof(seed),
					   BPF_ANY);
	*user_nh = ECMP_GROUP_NH;
	return err;
}

/* Point the swap entry (label 1000) or the chain's route (10.2.0.0/24 in
 * the stride FIB, written again over the group) at nexthop id. */
static int ecmp_point(struct mplsx_bpf *mx, int vpn, __u32 id)
{
	struct label_entry le;
	__u32 in = 1000;
	int err;

	if (vpn)
		return stride_add(mx, 0x0a020000, 24, 1, MPLSX_ROUTE_REMOTE, id,
				  3001);
	err = bpf_map__lookup_elem(mx->maps.label_table, &in, sizeof(in), &le,
				   sizeof(le), 0);
	le.nexthop_id = id;
	return err ? err
		   : bpf_map__update_elem(mx->maps.label_table, &in, sizeof(in),
					  &le, sizeof(le), BPF_ANY);
}

static struct mplsx_bpf *ecmp_setup(int vpn, int n)
{
	static const struct path swap = {
		.name = "p_swap", .in = 1000, .n_out = 1, .out = {2000}};
	struct mplsx_bpf *mx =
		vpn ? vpn_setup(0, NULL) : mplsx_setup(&swap, 1, 0);
	__u32 id = 0;

	if (mx && (ecmp_group(mx, &id, n) || ecmp_point(mx, vpn, id))) {
		fprintf(stderr, "mxcost: ecmp maps failed\n");
		mplsx_bpf__destroy(mx);
		return NULL;
	}
	return mx;
}

/* Flows per member: 64 frames, UDP source port 10000 + i, run once. */
static int ecmp_spread(int n, __u32 seed, int *per)
{
	struct mplsx_bpf *mx = ecmp_setup(1, n);
	unsigned char out[BENCH_TMPL_LEN + 64];
	struct bench_tmpl t;
	__u32 key = 0;
	int i;

	if (!mx || bpf_map__update_elem(mx->maps.ecmp_seed, &key, sizeof(key),
					&seed, sizeof(seed), BPF_ANY))
		return -1;
	memset(per, 0, sizeof(*per) * 8);
	for (i = 0; i < 64; i++) {
		struct xdp_md ctx = {.data_end = BENCH_TMPL_LEN,
				     .ingress_ifindex = IFINDEX_LO};
		unsigned char *b = (unsigned char *)&t;
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &t,
			    .data_size_in = sizeof(t), .data_out = out,
			    .data_size_out = sizeof(out), .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx), .repeat = 1);

		frame_build(&t, 0, 0, 0);
		b[14 + 20] = (10000 + i) >> 8;
		b[14 + 21] = (10000 + i) & 0xff;
		if (bpf_prog_test_run_opts(bpf_program__fd(mx->progs.mplsx_xdp),
					   &opts) ||
		    opts.retval != XDP_REDIRECT || out[5] < 0x10 ||
		    out[5] >= 0x10 + n) {
			mplsx_bpf__destroy(mx);
			return -1;
		}
		per[out[5] - 0x10]++;
	}
	mplsx_bpf__destroy(mx);
	return 0;
}

static int ecmp_sweep(unsigned int loads)
{
	static const int members[] = {1, 2, 8};
	static const char *const names[] = {"p_swap", "l3vpn_impose"};
	double ns[2][3][MAX_LOADS], v[MAX_LOADS];
	struct bench_tmpl mpls, ip4;
	struct result r = {}, harness;
	unsigned int l, s;
	int vpn, m, per[8], i, worst2 = 0, within = 0;

	frame_build(&mpls, 1000, 0, 0);
	frame_build(&ip4, 0, 0, 0);
	for (l = 0; l < loads; l++) {
		struct cost_bpf *cost = cost_bpf__open_and_load();

		if (!cost ||
		    measure(cost, bpf_program__fd(cost->progs.bench_nop), &ip4,
			    &harness))
			return -1;
		/* Interleaved: 1, 2, 8 members of one path, then the next. */
		for (vpn = 0; vpn < 2; vpn++)
			for (m = 0; m < 3; m++) {
				struct mplsx_bpf *mx =
					ecmp_setup(vpn, members[m]);

				if (!mx ||
				    measure(cost,
					    bpf_program__fd(
						    mx->progs.mplsx_xdp),
					    vpn ? &ip4 : &mpls, &r) ||
				    r.retval != XDP_REDIRECT)
					return -1;
				ns[vpn][m][l] = r.ns - harness.ns;
				mplsx_bpf__destroy(mx);
			}
		cost_bpf__destroy(cost);
	}
	printf("{\n  \"loads\": %u, \"paths\": [\n", loads);
	for (vpn = 0; vpn < 2; vpn++)
		for (m = 0; m < 3; m++) {
			double one, med;

			memcpy(v, ns[vpn][0], loads * sizeof(v[0]));
			qsort(v, loads, sizeof(v[0]), cmp_double);
			one = v[loads / 2];
			memcpy(v, ns[vpn][m], loads * sizeof(v[0]));
			qsort(v, loads, sizeof(v[0]), cmp_double);
			med = v[loads / 2];
			printf("    {\"path\": \"%s\", \"members\": %d, "
			       "\"ns\": %.1f, \"min\": %.1f, \"max\": %.1f, "
			       "\"vs_single\": %.3f}%s\n",
			       names[vpn], members[m], med, v[0], v[loads - 1],
			       one > 0 ? med / one : 0,
			       vpn == 1 && m == 2 ? "" : ",");
		}
	printf("  ],\n  \"spread_64_flows\": [\n");
	for (s = 0; s < ECMP_SEEDS; s++) {
		__u32 seed = 0x9e3779b9u * (s + 1);
		int dev = 0;

		for (m = 1; m < 3; m++) {
			if (ecmp_spread(members[m], seed, per))
				return -1;
			printf("    {\"seed\": %u, \"members\": %d, "
			       "\"flows\": [",
			       seed, members[m]);
			for (i = 0; i < members[m]; i++)
				printf("%d%s", per[i],
				       i == members[m] - 1 ? "" : ", ");
			printf("]}%s\n",
			       s == ECMP_SEEDS - 1 && m == 2 ? "" : ",");
			if (m == 1) {
				dev = abs(per[0] - 32);
				worst2 = dev > worst2 ? dev : worst2;
				within += dev * 10 <= 32; /* +-10% of 32 */
			}
		}
	}
	printf("  ],\n  \"two_members_within_10pct\": \"%d of %d seeds\", "
	       "\"two_members_worst\": \"%d of 64 off the even 32\"\n}\n",
	       within, ECMP_SEEDS, worst2);
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

static void item_set(struct item *it, const char *name, __u32 entries,
		     const struct result *r, int load, double harness_ns)
{
	snprintf(it->name, sizeof(it->name), "%.63s", name);
	it->entries = entries;
	it->retval = r->retval;
	it->out_len = r->out_len;
	it->ns[load] = r->ns - harness_ns;
}

/* Load number `load`: the harness, bare redirect, every path (P paths in
 * one object, each PE path in one of its own), then the first P path in
 * tables of each size. */
static int measure_load(int load, const struct path *paths, int n_paths,
			struct item *items, double *harness_ns)
{
	static const __u32 sizes[] = {1, 1000, MPLSX_MAX_LABELS};
	const struct path *first_p = NULL;
	struct redir_bpf *redir = NULL;
	struct mplsx_bpf *mx = NULL, *pe;
	struct cost_bpf *cost;
	__u32 key = 0, lo = IFINDEX_LO;
	struct result harness, r;
	struct bench_tmpl t;
	int i, k = 0, err = -1;

	frame_build(&t, 0, 0, 0);
	cost = cost_bpf__open_and_load();
	redir = redir_bpf__open_and_load();
	if (!cost || !redir ||
	    bpf_map__update_elem(redir->maps.tx_dev, &key, sizeof(key), &lo,
				 sizeof(lo), BPF_ANY))
		goto out;
	if (measure(cost, bpf_program__fd(cost->progs.bench_nop), &t, &harness))
		goto out;
	harness_ns[load] = harness.ns;
	if (measure(cost, bpf_program__fd(redir->progs.bench_redirect), &t, &r))
		goto out;
	item_set(&items[k++], "redirect", 0, &r, load, harness.ns);

	mx = mplsx_setup(paths, n_paths, 0);
	for (i = 0; mx && i < n_paths; i++, k++) {
		pe = paths[i].kind == KIND_P || paths[i].kind == KIND_P_TAGGED
			     ? mx
			     : pe_setup(&paths[i]);
		if (!first_p && paths[i].kind == KIND_P)
			first_p = &paths[i];
		path_frame(&paths[i], &t);
		err = !pe || measure(cost, bpf_program__fd(pe->progs.mplsx_xdp),
				     &t, &r);
		if (pe != mx)
			mplsx_bpf__destroy(pe);
		if (err)
			goto out;
		item_set(&items[k], paths[i].name, 0, &r, load, harness.ns);
	}
	err = -1;
	for (i = 0;
	     mx && first_p && i < (int)(sizeof(sizes) / sizeof(sizes[0]));
	     i++, k++) {
		mplsx_bpf__destroy(mx);
		mx = mplsx_setup(first_p, 1, sizes[i] - 1);
		path_frame(first_p, &t);
		if (!mx ||
		    measure(cost, bpf_program__fd(mx->progs.mplsx_xdp), &t, &r))
			goto out;
		item_set(&items[k], first_p->name, sizes[i], &r, load,
			 harness.ns);
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
	int fib = 0, ecmp = 0;
	cpu_set_t set;

	libbpf_set_print(libbpf_quiet);
	while ((opt = getopt(argc, argv, "r:k:l:c:fe")) != -1) {
		switch (opt) {
		case 'f':
			fib = 1;
			break;
		case 'e':
			ecmp = 1;
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
	if ((!n_paths && !fib && !ecmp) || !repeat || !runs ||
	    runs > MAX_RUNS || !loads || loads > MAX_LOADS)
		goto usage;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "mxcost: cpu %d: %s\n", cpu, strerror(errno));

	if (fib)
		return fib_sweep(loads) ? 1 : 0;
	if (ecmp)
		return ecmp_sweep(loads) ? 1 : 0;
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
			"[-c CPU] NAME:IN:OUT[,OUT...][:KIND] ... | -f | -e\n");
	return 2;
}
