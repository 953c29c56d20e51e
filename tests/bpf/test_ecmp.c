// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_ecmp.c - next-hop groups, the flow hash and entropy labels
 * (RFC 6790) through BPF_PROG_TEST_RUN.
 *
 * A group of 16 members whose buckets go round the slots (bucket b ->
 * slot b % 16) makes the member a frame leaves by show four bits of its
 * flow hash: every member has its own destination MAC.  For every frame
 * kind the tests check that one flow always takes one member, that the
 * fields which make a flow move it (over a sweep, at least one value must
 * change the member), and that the fields which must not matter never
 * move it (a sweep of values, each must keep the member: a hash that
 * read the field would keep it with odds 1/16 per value).  Entropy label
 * imposition is checked byte for byte.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "testlib.h"
#include "percpu.h"
#include "pktbuild.h"

#define IFINDEX	  1 /* lo: ingress and egress */
#define IN_PORT	  3
#define EG_PORT	  5
#define VRF	  1
#define GROUP_NH  1 /* the group's nexthop id */
#define GROUP_ID  1 /* its nexthop_group slot */
#define GROUP2_NH 2 /* a 2-member group (nexthops 40, 41) */
#define GROUP2_ID 2
#define MEMBER0	  10 /* nexthop ids 10..25: the 16 members */
#define EL_NH	  30 /* a plain nexthop with entropy labels */
#define EL_GRP_NH 31 /* a group of entropy members (32, 33) */
#define EL_GRP_ID 3
#define SEED	  0x5eed1234u

static struct mplsx_bpf *skel;

static int fd(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static int nh_write(uint32_t id, uint8_t mark, uint16_t flags, int n_push)
{
	struct nexthop nh = {
		.ifindex = IFINDEX,
		.port_id = EG_PORT,
		.mtu = 1500,
		.state = MPLSX_NH_RESOLVED,
		.n_push = (uint8_t)n_push,
		.flags = flags,
	};

	memcpy(nh.dmac, pb_nh_dmac, 6);
	memcpy(nh.smac, pb_nh_smac, 6);
	nh.dmac[4] = 0xEE;
	nh.dmac[5] = mark;
	nh.push[0] = htonl(16003 << MPLS_LS_LABEL_SHIFT);
	nexthop_prebuild(&nh);
	return bpf_map_update_elem(fd(skel->maps.nexthop), &id, &nh, BPF_ANY);
}

static int group_write(uint32_t nh_id, uint32_t gid, const uint32_t *members,
		       int n, int n_up)
{
	struct nexthop nh = {.state = MPLSX_NH_GROUP, .group_id = gid};
	struct nexthop_group g = {.n_members = n, .n_up = n_up};
	int i;

	for (i = 0; i < n; i++)
		g.member[i] = members[i];
	for (i = 0; i < MPLSX_NHG_BUCKETS; i++)
		g.bucket[i] = i % n;
	if (bpf_map_update_elem(fd(skel->maps.nexthop_group), &gid, &g,
				BPF_ANY))
		return -1;
	return bpf_map_update_elem(fd(skel->maps.nexthop), &nh_id, &nh,
				   BPF_ANY);
}

static int route4(const char *addr, int plen, uint32_t nh, uint32_t label)
{
	struct vrf_fib4_key k = {.prefixlen = 32 + plen, .vrf_id = VRF};
	struct vrf_route rt = {
		.kind = MPLSX_ROUTE_REMOTE,
		.nexthop_id = nh,
		.vpn_label = htonl(label << MPLS_LS_LABEL_SHIFT),
	};

	inet_pton(AF_INET, addr, &k.addr);
	return bpf_map_update_elem(fd(skel->maps.vrf_fib4), &k, &rt, BPF_ANY);
}

static int route6(const char *addr, int plen, uint32_t nh, uint32_t label)
{
	struct vrf_fib6_key k = {.prefixlen = 32 + plen, .vrf_id = VRF};
	struct vrf_route rt = {
		.kind = MPLSX_ROUTE_REMOTE,
		.nexthop_id = nh,
		.vpn_label = htonl(label << MPLS_LS_LABEL_SHIFT),
	};

	inet_pton(AF_INET6, addr, k.addr);
	return bpf_map_update_elem(fd(skel->maps.vrf_fib6), &k, &rt, BPF_ANY);
}

static int label_write(uint32_t in, uint32_t nh, uint32_t out)
{
	struct label_entry le = {
		.action = MPLSX_LABEL_FORWARD,
		.n_out = 1,
		.nexthop_id = nh,
		.stats_id = in,
		.out = {htonl(out << MPLS_LS_LABEL_SHIFT)},
	};

	return bpf_map_update_elem(fd(skel->maps.label_table), &in, &le,
				   BPF_ANY);
}

static int port_role(uint8_t role)
{
	struct port_config pc = {.role = role, .port_id = IN_PORT};
	uint32_t k = IFINDEX;

	if (role == MPLSX_PORT_VRF)
		pc.vrf_id = VRF;
	return bpf_map_update_elem(fd(skel->maps.port_config), &k, &pc,
				   BPF_ANY);
}

static int setup(void)
{
	uint32_t members[16], two[2] = {40, 41}, el[2] = {32, 33};
	uint32_t k = 0, seed = SEED, ifx = IFINDEX;
	int i, err = 0;

	for (i = 0; i < 16; i++) {
		members[i] = MEMBER0 + i;
		err |= nh_write(MEMBER0 + i, i, 0, 1);
	}
	err |= group_write(GROUP_NH, GROUP_ID, members, 16, 16);
	err |= nh_write(40, 0, 0, 1);
	err |= nh_write(41, 1, 0, 1);
	err |= group_write(GROUP2_NH, GROUP2_ID, two, 2, 2);
	err |= nh_write(EL_NH, 0x30, MPLSX_NH_F_ENTROPY, 1);
	err |= nh_write(32, 0, MPLSX_NH_F_ENTROPY, 1);
	err |= nh_write(33, 1, MPLSX_NH_F_ENTROPY, 1);
	err |= group_write(EL_GRP_NH, EL_GRP_ID, el, 2, 2);
	err |= bpf_map_update_elem(fd(skel->maps.ecmp_seed), &k, &seed,
				   BPF_ANY);
	err |= bpf_map_update_elem(fd(skel->maps.tx_port), &ifx, &ifx, BPF_ANY);
	/* CE side: 198.51.100.0/24 and 2001:db8:1::/64 behind the 16-member
	 * group, 198.51.101.0/24 behind the 2-member one, 203.0.113.0/24
	 * with entropy labels, 203.0.114.0/24 both. */
	err |= route4("198.51.100.0", 24, GROUP_NH, 300);
	err |= route6("2001:db8:1::", 64, GROUP_NH, 301);
	err |= route4("198.51.101.0", 24, GROUP2_NH, 302);
	err |= route4("203.0.113.0", 24, EL_NH, 303);
	err |= route4("203.0.114.0", 24, EL_GRP_NH, 304);
	/* Core side: label 100 swaps to 200 over the 16-member group. */
	err |= label_write(100, GROUP_NH, 200);
	return err ? -1 : 0;
}

static int run(const struct frame *in, struct frame *out)
{
	struct xdp_md ctx = {.data_end = in->len, .ingress_ifindex = IFINDEX};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = in->len, .data_out = out->b,
		    .data_size_out = sizeof(out->b), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				   &opts))
		return -1;
	out->len = opts.data_size_out;
	return opts.retval;
}

/* The member slot a frame leaves by, or -1 (not redirected / no
 * member's MAC). */
static int member_of(const struct frame *in)
{
	struct frame out;

	if (run(in, &out) != XDP_REDIRECT || out.len < 14 || out.b[4] != 0xEE)
		return -1;
	return out.b[5];
}

/* ---- frames and the offsets of their fields ------------------------- */

enum kind { K_CE4, K_CE6, K_MPLS4, K_MPLS6, K_MPLS_EL, K_MPLS_RAW };

static const char *kind_name[] = {"IPv4 from a CE",
				  "IPv6 from a CE",
				  "MPLS over IPv4",
				  "MPLS over IPv6",
				  "MPLS with an entropy label",
				  "MPLS over a non-IP payload"};

/* Labels below the top one (100) in the MPLS kinds. */
#define BOTTOM 500
#define EL_VAL 77777

static void build(struct frame *f, enum kind k)
{
	struct frame_spec s = {0};

	switch (k) {
	case K_CE4:
		s = (struct frame_spec){
			.type = ETH_P_IP, .payload = PB_IPV4, .ip_ttl = 64};
		break;
	case K_CE6:
		s = (struct frame_spec){.type = ETH_P_IPV6,
					.payload = PB_IPV6,
					.ip_ttl = 64,
					.ip_dst = "2001:db8:1::7"};
		break;
	case K_MPLS4:
		s = (struct frame_spec){
			.type = ETH_P_MPLS_UC,
			.lse = {LSE(100, 0, 0, 64), LSE(BOTTOM, 0, 1, 64)},
			.payload = PB_IPV4,
			.ip_ttl = 64};
		break;
	case K_MPLS6:
		s = (struct frame_spec){
			.type = ETH_P_MPLS_UC,
			.lse = {LSE(100, 0, 0, 64), LSE(BOTTOM, 0, 1, 64)},
			.payload = PB_IPV6,
			.ip_ttl = 64};
		break;
	case K_MPLS_EL:
		s = (struct frame_spec){
			.type = ETH_P_MPLS_UC,
			.lse = {LSE(100, 0, 0, 64),
				LSE(MPLS_LABEL_ENTROPY, 0, 0, 0),
				LSE(EL_VAL, 0, 0, 0), LSE(BOTTOM, 0, 1, 64)},
			.payload = PB_IPV4,
			.ip_ttl = 64};
		break;
	case K_MPLS_RAW: /* a pseudowire: control word, Ethernet */
		s = (struct frame_spec){
			.type = ETH_P_MPLS_UC,
			.lse = {LSE(100, 0, 0, 64), LSE(BOTTOM, 0, 1, 64)},
			.payload = PB_RAW,
			.raw = {0, 0, 0, 0, 0x02, 0, 0, 1},
			.n_raw = 8};
		break;
	}
	pb_build(f, &s);
}

static size_t n_lse(enum kind k)
{
	return k == K_CE4 || k == K_CE6 ? 0 : k == K_MPLS_EL ? 4 : 2;
}

static size_t l3(enum kind k)
{
	return 14 + 4 * n_lse(k);
}

static int is_v6(enum kind k)
{
	return k == K_CE6 || k == K_MPLS6;
}

/* A field of a frame kind: where it is and how wide (bytes, big endian). */
struct field {
	const char *name;
	int (*off)(enum kind k); /* -1: the kind has no such field */
	int width;
};

static int off_ttl(enum kind k)
{
	return k == K_MPLS_RAW ? -1 : (int)l3(k) + (is_v6(k) ? 7 : 8);
}
static int off_tos(enum kind k)
{
	return k == K_MPLS_RAW ? -1 : (int)l3(k) + (is_v6(k) ? 0 : 1);
}
static int off_flowlabel(enum kind k)
{
	return is_v6(k) ? (int)l3(k) + 2 : -1;
}
static int off_ipid(enum kind k)
{
	return k == K_MPLS_RAW || is_v6(k) ? -1 : (int)l3(k) + 4;
}
static int off_csum(enum kind k)
{
	return k == K_MPLS_RAW || is_v6(k) ? -1 : (int)l3(k) + 10;
}
static int off_l4(enum kind k)
{
	return k == K_MPLS_RAW ? -1 : (int)l3(k) + (is_v6(k) ? 40 : 20);
}
static int off_sport(enum kind k)
{
	return off_l4(k);
}
static int off_dport(enum kind k)
{
	return off_l4(k) < 0 ? -1 : off_l4(k) + 2;
}
static int off_udp_csum(enum kind k)
{
	return off_l4(k) < 0 ? -1 : off_l4(k) + 6;
}
static int off_payload(enum kind k)
{
	return k == K_MPLS_RAW ? (int)l3(k) + 4 : off_l4(k) + 8;
}
static int off_src(enum kind k)
{
	return k == K_MPLS_RAW ? -1 : (int)l3(k) + (is_v6(k) ? 8 + 15 : 15);
}
static int off_dst_host(enum kind k) /* stays inside the route */
{
	return k == K_MPLS_RAW ? -1 : (int)l3(k) + (is_v6(k) ? 24 + 15 : 19);
}
/* Label stack entries: the byte with TC and S, the TTL byte, and the
 * label value's low byte (bits 4..11 of the label). */
static int off_top_ttl(enum kind k)
{
	return n_lse(k) ? 14 + 3 : -1;
}
static int off_top_tc(enum kind k)
{
	return n_lse(k) ? 14 + 2 : -1;
}
static int off_bottom_ttl(enum kind k)
{
	return n_lse(k) ? 14 + 4 * (int)n_lse(k) - 1 : -1;
}
static int off_bottom_label(enum kind k)
{
	return n_lse(k) ? 14 + 4 * ((int)n_lse(k) - 1) + 1 : -1;
}
static int off_el(enum kind k)
{
	return k == K_MPLS_EL ? 14 + 8 + 1 : -1;
}

static void put(struct frame *f, int off, int width, uint32_t v)
{
	int i;

	for (i = width - 1; i >= 0; i--, v >>= 8)
		f->b[off + i] = v & 0xFF;
}

/* For one frame kind, which fields must move a flow and which must not. */
static void sweep(enum kind k, const struct field *fl, int must_matter)
{
	struct frame base, f;
	int m0, m, off, changed = 0;
	uint32_t v;

	off = fl->off(k);
	if (off < 0)
		return;
	build(&base, k);
	m0 = member_of(&base);
	CHECK(m0 >= 0, "%s: base frame not forwarded by the group",
	      kind_name[k]);
	CHECK(member_of(&base) == m0, "%s: same frame, other member",
	      kind_name[k]);
	for (v = 1; v <= 24; v++) {
		f = base;
		/* keep the label's S/TC nibbles and IPv4 IHL intact */
		put(&f, off, fl->width, (uint32_t)(v * 0x2F + 3));
		if (fl->off == off_top_tc)
			f.b[off] = (base.b[off] & 0xF1) | ((v & 7) << 1);
		if (fl->off == off_tos && is_v6(k)) /* keep the version */
			f.b[off] = (base.b[off] & 0xF0) | (f.b[off] & 0x0F);
		m = member_of(&f);
		CHECK(m >= 0, "%s: %s %u: not forwarded", kind_name[k],
		      fl->name, v);
		if (!must_matter)
			CHECK(m == m0,
			      "%s: %s must not matter, moved %d -> %d at %u",
			      kind_name[k], fl->name, m0, m, v);
		changed |= m != m0;
	}
	if (must_matter)
		CHECK(changed, "%s: %s must move flows, never did",
		      kind_name[k], fl->name);
}

static const struct field f_ttl = {"IP TTL", off_ttl, 1},
			  f_tos = {"TOS / traffic class", off_tos, 1},
			  f_flow = {"IPv6 flow label", off_flowlabel, 2},
			  f_ipid = {"IPv4 id", off_ipid, 2},
			  f_csum = {"IPv4 checksum", off_csum, 2},
			  f_ucsum = {"UDP checksum", off_udp_csum, 2},
			  f_pay = {"payload", off_payload, 2},
			  f_top_ttl = {"top label TTL", off_top_ttl, 1},
			  f_top_tc = {"top label TC", off_top_tc, 1},
			  f_bot_ttl = {"bottom label TTL", off_bottom_ttl, 1},
			  f_sport = {"source port", off_sport, 2},
			  f_dport = {"destination port", off_dport, 2},
			  f_src = {"source address", off_src, 1},
			  f_dst = {"destination address", off_dst_host, 1},
			  f_bot = {"bottom label", off_bottom_label, 1},
			  f_el = {"entropy label", off_el, 1};

static void test_kind(const void *arg)
{
	enum kind k = (enum kind)(long)arg;
	const struct field *never[] = {
		&f_ttl,	  &f_tos, &f_flow,    &f_ipid,	 &f_csum,
		&f_ucsum, &f_pay, &f_top_ttl, &f_top_tc, &f_bot_ttl};
	const struct field *flow[] = {&f_sport, &f_dport, &f_src, &f_dst,
				      &f_bot};
	size_t i;

	if (port_role(k == K_CE4 || k == K_CE6 ? MPLSX_PORT_VRF
					       : MPLSX_PORT_CORE)) {
		CHECK(0, "port_config write: %s", strerror(errno));
		return;
	}
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		sweep(k, never[i], 0);
	if (k == K_MPLS_EL) {
		/* The entropy label is the flow: what is below it is not. */
		for (i = 0; i < sizeof(flow) / sizeof(flow[0]); i++)
			sweep(k, flow[i], 0);
		sweep(k, &f_el, 1);
		return;
	}
	for (i = 0; i < sizeof(flow) / sizeof(flow[0]); i++)
		sweep(k, flow[i], 1);
}

/* IPv4 fragments carry no ports: every fragment of a datagram (any
 * port bytes where the first fragment had them) takes one member. */
static void test_fragments(void)
{
	struct frame base, f;
	int m0, v;

	port_role(MPLSX_PORT_VRF);
	build(&base, K_CE4);
	put(&base, 14 + 6, 2, 0x2000); /* MF, offset 0 */
	m0 = member_of(&base);
	CHECK(m0 >= 0, "first fragment not forwarded");
	for (v = 1; v <= 24; v++) {
		f = base;
		put(&f, 14 + 20, 2, 1000 + v * 37);
		if (v & 1)
			put(&f, 14 + 6, 2, 0x2000 | v); /* a later fragment */
		CHECK(member_of(&f) == m0, "fragment %d moved", v);
	}
}

/* 64 UDP flows (source ports 10000..10063) over the 2-member group:
 * each member carries a fair share.  With the seed fixed the spread is
 * fixed too; the bound is what an even hash gives almost always. */
static void test_spread_64_flows(void)
{
	struct frame f;
	int n[2] = {0, 0}, v, m;

	port_role(MPLSX_PORT_VRF);
	for (v = 0; v < 64; v++) {
		struct frame_spec s = {.type = ETH_P_IP,
				       .payload = PB_IPV4,
				       .ip_ttl = 64,
				       .ip_dst = "198.51.101.9"};

		pb_build(&f, &s);
		put(&f, 14 + 20, 2, 10000 + v);
		m = member_of(&f);
		CHECK(m == 0 || m == 1, "flow %d: member %d", v, m);
		if (m == 0 || m == 1)
			n[m]++;
	}
	printf("# 64 flows over 2 members: %d / %d\n", n[0], n[1]);
	CHECK(n[0] >= 22 && n[1] >= 22, "unfair spread %d / %d", n[0], n[1]);
}

/* Per-member counters: nhg_stats counts what each slot sent. */
static void test_member_counters(void)
{
	struct nhg_stats st, zero = {0};
	int ncpu = libbpf_num_possible_cpus(), v, m, n[2] = {0, 0};
	struct nhg_stats *vals = calloc(ncpu, sizeof(*vals));
	uint32_t gid = GROUP2_ID;
	struct frame f;

	if (!vals)
		return;
	for (v = 0; v < ncpu; v++)
		vals[v] = zero;
	bpf_map_update_elem(fd(skel->maps.nhg_stats), &gid, vals, BPF_ANY);
	free(vals);
	port_role(MPLSX_PORT_VRF);
	for (v = 0; v < 40; v++) {
		struct frame_spec s = {.type = ETH_P_IP,
				       .payload = PB_IPV4,
				       .ip_ttl = 64,
				       .ip_dst = "198.51.101.9"};

		pb_build(&f, &s);
		put(&f, 14 + 22, 2, 20000 + v);
		m = member_of(&f);
		if (m == 0 || m == 1)
			n[m]++;
	}
	percpu_sum(fd(skel->maps.nhg_stats), gid, &st, sizeof(st));
	CHECK(st.member[0].packets == (uint64_t)n[0] &&
		      st.member[1].packets == (uint64_t)n[1] &&
		      n[0] + n[1] == 40,
	      "counted %llu / %llu, sent %d / %d",
	      (unsigned long long)st.member[0].packets,
	      (unsigned long long)st.member[1].packets, n[0], n[1]);
	CHECK(st.member[0].bytes == (uint64_t)n[0] * f.len,
	      "bytes %llu for %d frames of %zu",
	      (unsigned long long)st.member[0].bytes, n[0], f.len);
}

/* A group with no member up, a member not resolved, a group id beyond
 * the map: nexthop_unresolved, like a plain nexthop. */
static void test_group_down(void)
{
	uint32_t two[2] = {40, 41}, bad = 99, badgid = MPLSX_MAX_NHGROUPS + 5;
	struct nexthop nh = {.state = MPLSX_NH_GROUP, .group_id = badgid};
	struct frame f, out;
	struct frame_spec s = {.type = ETH_P_IP,
			       .payload = PB_IPV4,
			       .ip_ttl = 64,
			       .ip_dst = "198.51.101.9"};

	port_role(MPLSX_PORT_VRF);
	pb_build(&f, &s);
	group_write(GROUP2_NH, GROUP2_ID, two, 2, 0);
	CHECK(run(&f, &out) == XDP_DROP, "no member up: not dropped");
	two[0] = two[1] = bad; /* nexthop 99: unused */
	group_write(GROUP2_NH, GROUP2_ID, two, 2, 2);
	CHECK(run(&f, &out) == XDP_DROP, "unused member: not dropped");
	bpf_map_update_elem(fd(skel->maps.nexthop), &(uint32_t){GROUP2_NH}, &nh,
			    BPF_ANY);
	CHECK(run(&f, &out) == XDP_DROP, "bad group id: not dropped");
	two[0] = 40;
	two[1] = 41;
	group_write(GROUP2_NH, GROUP2_ID, two, 2, 2);
	CHECK(member_of(&f) >= 0, "restored group does not forward");
}

/* RFC 6790 imposition: transport label, ELI (TC and TTL of the transport
 * label), EL (TTL 0, not the S bit), VPN label (S), then the packet. */
static void test_entropy_imposition(void)
{
	struct frame_spec in = {.type = ETH_P_IP,
				.payload = PB_IPV4,
				.ip_ttl = 64,
				.ip_tos = 0xB8,
				.ip_dst = "203.0.113.5"};
	struct frame_spec exp_s = {.macs = PB_MACS_NH,
				   .type = ETH_P_MPLS_UC,
				   .lse = {LSE(16003, 5, 0, 63),
					   LSE(MPLS_LABEL_ENTROPY, 5, 0, 63),
					   LSE(0, 5, 0, 0), LSE(303, 5, 1, 63)},
				   .payload = PB_IPV4,
				   .ip_ttl = 63,
				   .ip_tos = 0xB8,
				   .ip_dst = "203.0.113.5"};
	struct frame f, out, exp;
	uint32_t el, els[64];
	int i, j, distinct = 0, r;

	port_role(MPLSX_PORT_VRF);
	pb_build(&f, &in);
	r = run(&f, &out);
	CHECK(r == XDP_REDIRECT, "verdict %d", r);
	if (r != XDP_REDIRECT || out.len < 30)
		return;
	el = (uint32_t)out.b[22] << 12 | out.b[23] << 4 | out.b[24] >> 4;
	CHECK(el >= 16, "entropy label %u is reserved", el);
	exp_s.lse[2].label = el;
	pb_build(&exp, &exp_s);
	exp.b[5] = 0x30; /* EL_NH's mark */
	exp.b[4] = 0xEE;
	CHECK(out.len == exp.len && !memcmp(out.b, exp.b, exp.len),
	      "imposed frame differs");
	if (out.len != exp.len || memcmp(out.b, exp.b, exp.len))
		pb_hexdiff(stderr, exp.b, exp.len, out.b, out.len);

	/* The EL is the flow: the same for another TTL, another per flow. */
	in.ip_ttl = 9;
	pb_build(&f, &in);
	run(&f, &out);
	CHECK(((uint32_t)out.b[22] << 12 | out.b[23] << 4 | out.b[24] >> 4) ==
		      el,
	      "entropy label changed with the TTL");
	for (i = 0; i < 64; i++) {
		pb_build(&f, &in);
		put(&f, 14 + 20, 2, 10000 + i);
		run(&f, &out);
		els[i] = (uint32_t)out.b[22] << 12 | out.b[23] << 4 |
			 out.b[24] >> 4;
		for (j = 0; j < i && els[j] != els[i]; j++)
			;
		distinct += j == i;
	}
	CHECK(distinct >= 62, "64 flows gave %d entropy labels", distinct);
}

/* A group of entropy members: the member and the EL come from one hash,
 * and the EL written is the flow's whichever member carries it. */
static void test_entropy_group(void)
{
	struct frame_spec in = {.type = ETH_P_IP,
				.payload = PB_IPV4,
				.ip_ttl = 64,
				.ip_dst = "203.0.114.5"};
	struct frame f, out;
	int seen[2] = {0, 0}, v;

	port_role(MPLSX_PORT_VRF);
	for (v = 0; v < 32; v++) {
		pb_build(&f, &in);
		put(&f, 14 + 20, 2, 30000 + v);
		if (run(&f, &out) != XDP_REDIRECT || out.len < 34)
			continue;
		CHECK(out.b[4] == 0xEE && out.b[5] < 2, "not a member");
		if (out.b[5] < 2)
			seen[out.b[5]]++;
		CHECK(out.b[18] == 0 && out.b[19] == 0 &&
			      (out.b[20] >> 4) == MPLS_LABEL_ENTROPY,
		      "no ELI under the transport label");
	}
	CHECK(seen[0] + seen[1] == 32 && seen[0] && seen[1], "members %d / %d",
	      seen[0], seen[1]);
}

/* A pseudowire over a group of entropy members: the frame's MACs pick
 * the member and make the EL, the rest of the frame does not; ELI and EL
 * sit between the transport label and the PW label (TTL 255 as every
 * entry a PW pushes, the EL's 0). */
static int el_of(const struct frame *out)
{
	return out->b[22] << 12 | out->b[23] << 4 | out->b[24] >> 4;
}

static void test_pseudowire_entropy(void)
{
	struct pseudowire pw = {
		.pw_label = htonl(5002 << MPLS_LS_LABEL_SHIFT | MPLS_LS_S_MASK |
				  255),
		.nexthop_id = EL_GRP_NH,
		.ac_ifindex = IFINDEX,
		.ac_port_id = IN_PORT,
		.ac_mtu = 1500,
		.state = MPLSX_PW_UP,
		.flags = MPLSX_PW_F_CW,
	};
	struct port_config pc = {
		.role = MPLSX_PORT_AC, .port_id = IN_PORT, .pw_id = 7};
	struct frame_spec in = {
		.type = ETH_P_IP, .payload = PB_IPV4, .ip_ttl = 64};
	uint32_t id = 7, k = IFINDEX;
	struct frame f, g, out;
	int el0, m0, v, moved = 0, r;

	if (bpf_map_update_elem(fd(skel->maps.pseudowire), &id, &pw, BPF_ANY) ||
	    bpf_map_update_elem(fd(skel->maps.port_config), &k, &pc, BPF_ANY)) {
		CHECK(0, "map setup: %s", strerror(errno));
		return;
	}
	pb_build(&f, &in);
	r = run(&f, &out);
	CHECK(r == XDP_REDIRECT && out.len == 14 + 4 * 4 + 4 + f.len,
	      "verdict %d, %zu bytes from %zu", r, out.len, f.len);
	if (r != XDP_REDIRECT || out.len < 40)
		return;
	CHECK(!memcmp(out.b + 14, "\x03\xe8\x30\xff", 4),
	      "transport 16003 TTL 255 expected");
	CHECK(!memcmp(out.b + 18, "\x00\x00\x70\xff", 4),
	      "ELI (7, TTL 255, no S) expected");
	CHECK(el_of(&out) >= 16 && out.b[25] == 0 && !(out.b[24] & 1),
	      "EL %d, TTL %d", el_of(&out), out.b[25]);
	CHECK(!memcmp(out.b + 26, "\x01\x38\xa1\xff", 4),
	      "PW label 5002 with S expected");
	CHECK(!memcmp(out.b + 34, f.b, f.len), "the frame rides whole");
	el0 = el_of(&out);
	m0 = out.b[5];
	for (v = 1; v <= 24; v++) {
		g = f;
		g.b[14 + 8] = (uint8_t)(v * 7); /* the customer's IP TTL */
		g.b[14 + 21] = (uint8_t)v;	/* its UDP port */
		run(&g, &out);
		CHECK(el_of(&out) == el0 && out.b[5] == m0,
		      "payload byte %d moved the flow", v);
		g = f;
		g.b[11] = (uint8_t)(v * 13); /* the source MAC */
		run(&g, &out);
		moved += el_of(&out) != el0;
	}
	CHECK(moved >= 20, "source MAC moved the EL %d of 24 times", moved);
}

/* Another seed, another spread: two routers in a row do not polarise. */
static void test_seed(void)
{
	uint32_t k = 0, seed = SEED ^ 0xA5A5A5A5u;
	int a[32], v, moved = 0;
	struct frame f;

	port_role(MPLSX_PORT_VRF);
	for (v = 0; v < 32; v++) {
		build(&f, K_CE4);
		put(&f, 14 + 20, 2, 40000 + v);
		a[v] = member_of(&f);
	}
	bpf_map_update_elem(fd(skel->maps.ecmp_seed), &k, &seed, BPF_ANY);
	for (v = 0; v < 32; v++) {
		build(&f, K_CE4);
		put(&f, 14 + 20, 2, 40000 + v);
		moved += member_of(&f) != a[v];
	}
	seed = SEED;
	bpf_map_update_elem(fd(skel->maps.ecmp_seed), &k, &seed, BPF_ANY);
	CHECK(moved >= 16, "only %d of 32 flows moved with another seed",
	      moved);
}

int main(void)
{
	long k;

	skel = mplsx_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "cannot load the XDP object: %s\n",
			strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	if (setup()) {
		fprintf(stderr, "map setup failed: %s\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		mplsx_bpf__destroy(skel);
		return 1;
	}
	tl_plan(K_MPLS_RAW - K_CE4 + 1 + 8);
	for (k = K_CE4; k <= K_MPLS_RAW; k++)
		tl_run(kind_name[k], test_kind, (const void *)k);
	RUN(test_fragments);
	RUN(test_spread_64_flows);
	RUN(test_member_counters);
	RUN(test_group_down);
	RUN(test_entropy_imposition);
	RUN(test_entropy_group);
	RUN(test_pseudowire_entropy);
	RUN(test_seed);
	k = tl_summary();
	mplsx_bpf__destroy(skel);
	return (int)k;
}
