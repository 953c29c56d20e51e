// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_vpls.c - VPLS (RFC 4762 data plane) through BPF_PROG_TEST_RUN.
 *
 * XDP cases (frames in and out byte for byte, the MAC table, counters):
 * learning on an AC and on a pseudowire, known unicast AC -> PW (control
 * word, PW label, transport labels), PW -> AC and AC -> AC with VLAN ACs
 * (raw mode: the service tag off on the way in, the egress AC's on the
 * way out), flood hand-off (the customer frame with a vpls_meta in
 * data_meta), split horizon, a MAC move, the refresh of a MAC's time
 * (aging's data-path half), mac_limit, and malformed frames.
 *
 * Flood cases run the real path: the test enters a network namespace of
 * its own with veth pairs, attaches the TC program to the ingress ports
 * with libbpf's TC API, and runs the XDP program in live-frame mode, so
 * that an XDP_PASS frame enters the stack, reaches TC with its metadata
 * and is cloned; the copies are captured at the far ends of the veths
 * (AF_PACKET) and compared byte for byte, with the label stack of each
 * peer, and counted.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "percpu.h"
#include "testlib.h"

#define VPLS_ID 5
#define AC_A	3 /* VLAN 10 on the test-run port */
#define AC_B	4 /* VLAN 20 on the test-run port */
#define AC_W	6 /* the whole test-run port (instead of the core) */
#define CORE_PT 8
#define PEER1	1 /* PE2: one transport label */
#define PEER2	2 /* PE3: connected, no transport label */
#define NH1	2
#define NH2	3
#define LOCAL1	7002
#define LOCAL2	7003
#define REMOTE1 6002
#define REMOTE2 6003
#define TRANSP1 16002
#define MAXF	2048
#include "framebuf.h" /* struct buf of MAXF bytes, put() */
#include "xdp_live.h"

static struct mplsx_bpf *skel;
static int test_ifindex = 1; /* lo of our own namespace */

static const uint8_t mac_x[6] = {0x02, 0xce, 0, 0, 0, 0x0a}; /* AC_A */
static const uint8_t mac_y[6] = {0x02, 0xce, 0, 0, 0, 0x0b}; /* PE2 */
static const uint8_t mac_z[6] = {0x02, 0xce, 0, 0, 0, 0x0c};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t nh_dmac[6] = {0x02, 0, 0, 0, 2, 2};
static const uint8_t nh_smac[6] = {0x02, 0, 0, 0, 2, 1};
static const uint8_t nh2_dmac[6] = {0x02, 0, 0, 0, 3, 2};

/* A customer frame: dmac, smac, optional tag (service or customer),
 * ethertype, then a pattern up to len bytes. */
static void ce_frame(struct buf *f, size_t len, const uint8_t *dmac,
		     const uint8_t *smac, uint16_t vid)
{
	size_t i;

	put(f, dmac, 6);
	put(f, smac, 6);
	if (vid) {
		put16(f, ETH_P_8021Q);
		put16(f, vid);
	}
	put16(f, ETH_P_IP);
	for (i = f->len; i < len; i++) {
		uint8_t v = (uint8_t)(i * 7 + 3);

		put(f, &v, 1);
	}
}

/* The same frame with the service tag vid inserted after the MACs. */
static void tagged(struct buf *out, const struct buf *frame, uint16_t vid)
{
	put(out, frame->b, 12);
	put16(out, ETH_P_8021Q);
	put16(out, vid);
	put(out, frame->b + 12, frame->len - 12);
}

static void lse(struct buf *f, uint32_t label, int s, uint8_t ttl)
{
	put32(f, label << 12 | (uint32_t)s << 8 | ttl);
}

/* The frame as a peer sends it to us: Ethernet, the PW label (the
 * transport label popped one hop before), control word. */
static void from_core(struct buf *f, const struct buf *frame, uint32_t label)
{
	put(f, nh_smac, 6);
	put(f, nh_dmac, 6);
	put16(f, ETH_P_MPLS_UC);
	lse(f, label, 1, 254);
	put32(f, 0);
	put(f, frame->b, frame->len);
}

/* What the core sees of frame towards PEER1 (one transport label) or
 * PEER2 (none): RFC 4762 is RFC 4448's encapsulation, per peer. */
static void to_peer(struct buf *f, const struct buf *frame, int peer)
{
	put(f, peer == PEER1 ? nh_dmac : nh2_dmac, 6);
	put(f, nh_smac, 6);
	put16(f, ETH_P_MPLS_UC);
	if (peer == PEER1)
		lse(f, TRANSP1, 0, 255);
	lse(f, peer == PEER1 ? REMOTE1 : REMOTE2, 1, 255);
	put32(f, frame->len + 4 < 64 ? (uint32_t)(frame->len + 4) << 16 : 0);
	put(f, frame->b, frame->len);
}

/* ---- maps ------------------------------------------------------------- */

static int fd_of(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static void clear_hash(int fd, size_t key_size)
{
	uint8_t key[64];

	(void)key_size;
	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key))
			break;
}

struct topo {
	int ac_a_if, ac_b_if, ac_w_if, core_if; /* egress ifindexes */
	uint16_t ac_w_vlan;			/* AC_W's tag, if any */
};

static struct topo topo;

static int set_instance(uint32_t mac_limit, uint64_t removed)
{
	struct vpls_instance vi = {
		.state = MPLSX_VPLS_UP,
		.flags = MPLSX_VPLS_F_CW,
		.mac_limit = mac_limit,
		.mac_removed = removed,
		.n_ac = 3,
		.n_pw = 2,
		/* ACs, then peers by header size: PEER2 (none) first */
		.member = {AC_A, AC_B, AC_W, PEER2, PEER1},
	};
	uint32_t id = VPLS_ID;

	return bpf_map_update_elem(fd_of(skel->maps.vpls), &id, &vi, BPF_ANY);
}

static int setup(void)
{
	struct vpls_ac a = {.ifindex = (uint32_t)topo.ac_a_if,
			    .vlan = 10,
			    .mtu = 1500,
			    .vpls_id = VPLS_ID,
			    .state = MPLSX_VPLS_UP};
	struct vpls_ac b = {.ifindex = (uint32_t)topo.ac_b_if,
			    .vlan = 20,
			    .mtu = 1500,
			    .vpls_id = VPLS_ID,
			    .state = MPLSX_VPLS_UP};
	struct vpls_ac w = {.ifindex = (uint32_t)topo.ac_w_if,
			    .vlan = topo.ac_w_vlan,
			    .mtu = 1500,
			    .vpls_id = VPLS_ID,
			    .state = MPLSX_VPLS_UP};
	struct vpls_peer p1 = {
		.pw_label = htonl(REMOTE1 << 12 | MPLS_LS_S_MASK | 255),
		.nexthop_id = NH1,
		.vpls_id = VPLS_ID,
		.state = MPLSX_VPLS_UP,
		.flags = MPLSX_VPLS_F_CW};
	struct vpls_peer p2 = {
		.pw_label = htonl(REMOTE2 << 12 | MPLS_LS_S_MASK | 255),
		.nexthop_id = NH2,
		.vpls_id = VPLS_ID,
		.state = MPLSX_VPLS_UP,
		.flags = MPLSX_VPLS_F_CW};
	struct nexthop n1 = {.ifindex = (uint32_t)topo.core_if,
			     .port_id = CORE_PT,
			     .mtu = 1600,
			     .state = MPLSX_NH_RESOLVED,
			     .n_push = 1,
			     .push = {htonl(TRANSP1 << 12)}};
	struct nexthop n2 = {.ifindex = (uint32_t)topo.core_if,
			     .port_id = CORE_PT,
			     .mtu = 1600,
			     .state = MPLSX_NH_RESOLVED};
	struct label_entry l1 = {.action = MPLSX_LABEL_VPLS,
				 .vpls_peer_id = PEER1};
	struct label_entry l2 = {.action = MPLSX_LABEL_VPLS,
				 .vpls_peer_id = PEER2};
	struct vpls_mac_count zero = {0};
	uint32_t k, vid = VPLS_ID,
		    ifs[4] = {(uint32_t)topo.ac_a_if, (uint32_t)topo.ac_b_if,
			      (uint32_t)topo.ac_w_if, (uint32_t)topo.core_if};
	int i, err = 0;

	memcpy(n1.dmac, nh_dmac, 6);
	memcpy(n1.smac, nh_smac, 6);
	memcpy(n2.dmac, nh2_dmac, 6);
	memcpy(n2.smac, nh_smac, 6);
	nexthop_prebuild(&n1);
	nexthop_prebuild(&n2);
	clear_hash(fd_of(skel->maps.vpls_mac), sizeof(struct vpls_mac_key));
	k = AC_A;
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_ac), &k, &a, 0);
	k = AC_B;
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_ac), &k, &b, 0);
	k = AC_W;
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_ac), &k, &w, 0);
	k = PEER1;
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_peer), &k, &p1, 0);
	k = PEER2;
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_peer), &k, &p2, 0);
	k = NH1;
	err |= bpf_map_update_elem(fd_of(skel->maps.nexthop), &k, &n1, 0);
	k = NH2;
	err |= bpf_map_update_elem(fd_of(skel->maps.nexthop), &k, &n2, 0);
	k = LOCAL1;
	err |= bpf_map_update_elem(fd_of(skel->maps.label_table), &k, &l1, 0);
	k = LOCAL2;
	err |= bpf_map_update_elem(fd_of(skel->maps.label_table), &k, &l2, 0);
	err |= bpf_map_update_elem(fd_of(skel->maps.vpls_mac_count), &vid,
				   &zero, 0);
	for (i = 0; i < 4; i++)
		err |= bpf_map_update_elem(fd_of(skel->maps.tx_port), &ifs[i],
					   &ifs[i], 0);
	err |= set_instance(4096, 0);
	return err ? -1 : 0;
}

enum ingress { IN_AC_A, IN_AC_B, IN_AC_W, IN_CORE };

/* Which port the next frame arrives on: a VLAN AC (port_vlan), the whole
 * port as an AC, or the whole port as the core. */
static int set_ingress(enum ingress in)
{
	struct port_key ka = {.ifindex = (uint32_t)test_ifindex, .vlan_id = 10};
	struct port_key kb = {.ifindex = (uint32_t)test_ifindex, .vlan_id = 20};
	struct port_config pa = {
		.role = MPLSX_PORT_VPLS, .port_id = AC_A, .vpls_id = VPLS_ID};
	struct port_config pb = {
		.role = MPLSX_PORT_VPLS, .port_id = AC_B, .vpls_id = VPLS_ID};
	/* The whole port, with VLAN ports on it (MPLSX_PORT_F_VLANS). */
	struct port_config pw = {.role = MPLSX_PORT_VPLS,
				 .flags = MPLSX_PORT_F_VLANS,
				 .port_id = AC_W,
				 .vpls_id = VPLS_ID};
	struct port_config pc = {.role = MPLSX_PORT_CORE,
				 .flags = MPLSX_PORT_F_VLANS,
				 .port_id = CORE_PT};
	uint32_t ifx = (uint32_t)test_ifindex;

	if (bpf_map_update_elem(fd_of(skel->maps.port_vlan), &ka, &pa, 0) ||
	    bpf_map_update_elem(fd_of(skel->maps.port_vlan), &kb, &pb, 0))
		return -1;
	return bpf_map_update_elem(fd_of(skel->maps.port_config), &ifx,
				   in == IN_CORE ? &pc : &pw, 0);
}

static int mac_get(const uint8_t *mac, struct vpls_mac *out)
{
	struct vpls_mac_key k = {.vpls_id = VPLS_ID};

	memcpy(k.mac, mac, 6);
	return bpf_map_lookup_elem(fd_of(skel->maps.vpls_mac), &k, out);
}

static int mac_put(const uint8_t *mac, uint8_t where, uint32_t id,
		   uint64_t seen)
{
	struct vpls_mac_key k = {.vpls_id = VPLS_ID};
	struct vpls_mac v = {.seen = seen, .where = where, .id = id};

	memcpy(k.mac, mac, 6);
	return bpf_map_update_elem(fd_of(skel->maps.vpls_mac), &k, &v, 0);
}

static void inst_stats(struct vpls_stats *s)
{
	percpu_sum(fd_of(skel->maps.vpls_stats), VPLS_ID, s, sizeof(*s));
}

static void ac_stats(uint32_t id, struct vpls_member_stats *s)
{
	percpu_sum(fd_of(skel->maps.vpls_ac_stats), id, s, sizeof(*s));
}

static void peer_stats(uint32_t id, struct vpls_member_stats *s)
{
	percpu_sum(fd_of(skel->maps.vpls_peer_stats), id, s, sizeof(*s));
}

static uint64_t drops(uint32_t reason)
{
	struct mplsx_counter c;

	percpu_sum(fd_of(skel->maps.drop_stats), reason, &c, sizeof(c));
	return c.packets;
}

/* ---- one XDP case ----------------------------------------------------- */

static void show_diff(const struct buf *out, const struct buf *exp)
{
	size_t j;

	for (j = 0; j < out->len && j < exp->len; j++)
		if (out->b[j] != exp->b[j]) {
			fprintf(stderr,
				"    first difference at %zu: %02x, "
				"want %02x\n",
				j, out->b[j], exp->b[j]);
			return;
		}
}

/*
 * Run in; expect verdict and, for a redirect, exp; for XDP_PASS (flood)
 * exp is the customer frame and a vpls_meta from `from` must precede it;
 * for a drop, the reason (drop_stats and the instance's drops[]).
 */
static void run(const struct buf *in, int verdict, const struct buf *exp,
		int reason, uint8_t from, uint32_t from_id)
{
	struct xdp_md ctx = {.data_end = (uint32_t)in->len,
			     .ingress_ifindex = (uint32_t)test_ifindex};
	struct xdp_md ctx_out = {0};
	static struct buf out;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = (uint32_t)in->len, .data_out = out.b,
		    .data_size_out = sizeof(out.b), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .ctx_out = &ctx_out,
		    .ctx_size_out = sizeof(ctx_out), .repeat = 1);
	struct vpls_stats sb, sa;
	uint64_t db, da;
	struct buf data = {0};
	size_t meta_len;

	inst_stats(&sb);
	db = reason >= 0 ? drops((uint32_t)reason) : 0;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				   &opts)) {
		CHECK(0, "test run: %s", strerror(errno));
		return;
	}
	inst_stats(&sa);
	/* The output starts at data_meta; ctx_out.data is where data is. */
	meta_len = ctx_out.data;
	CHECK(meta_len <= opts.data_size_out, "meta %zu", meta_len);
	if (meta_len > opts.data_size_out)
		return;
	put(&data, out.b + meta_len, opts.data_size_out - meta_len);
	CHECK((int)opts.retval == verdict, "verdict %u, want %d (%zu bytes in)",
	      opts.retval, verdict, in->len);
	CHECK(sa.in_packets - sb.in_packets == 1, "in_packets");
	CHECK(sa.in_bytes - sb.in_bytes == in->len, "in_bytes");
	if ((int)opts.retval != verdict)
		return;
	if (verdict == XDP_REDIRECT || verdict == XDP_PASS) {
		int same = data.len == exp->len &&
			   !memcmp(data.b, exp->b, exp->len);

		CHECK(same, "output differs: %zu bytes, want %zu", data.len,
		      exp->len);
		if (!same)
			show_diff(&data, exp);
	}
	if (verdict == XDP_PASS) {
		struct vpls_meta m;

		CHECK(meta_len == sizeof(m), "meta %zu bytes", meta_len);
		if (meta_len == sizeof(m)) {
			memcpy(&m, out.b, sizeof(m));
			CHECK(m.magic == MPLSX_VPLS_META_MAGIC &&
				      m.vpls_id == VPLS_ID && m.from == from &&
				      m.from_id == from_id,
			      "meta %x %u %u %u", m.magic, m.vpls_id, m.from,
			      m.from_id);
		}
		CHECK(sa.flood_packets - sb.flood_packets == 1, "flood");
	} else {
		CHECK(meta_len == 0, "meta on a non-flood verdict");
	}
	if (verdict == XDP_REDIRECT)
		CHECK(sa.unicast_packets - sb.unicast_packets == 1, "unicast");
	if (verdict == XDP_DROP) {
		da = drops((uint32_t)reason);
		CHECK(da - db == 1, "drop_stats[%d] delta %llu", reason,
		      (unsigned long long)(da - db));
		CHECK(sa.drops[reason] - sb.drops[reason] == 1,
		      "instance drops[%d]", reason);
	}
}

/* ---- learning and known unicast --------------------------------------- */

static void test_learn_on_ac_and_flood(void)
{
	struct buf in = {0}, frame = {0};
	struct vpls_stats sb, sa;
	struct vpls_member_stats mb, ma;
	struct vpls_mac m;

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	ce_frame(&frame, 60, bcast, mac_x, 0);
	tagged(&in, &frame, 10);
	inst_stats(&sb);
	ac_stats(AC_A, &mb);
	/* broadcast from VLAN AC A: its tag off, handed to TC */
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_AC, AC_A);
	inst_stats(&sa);
	ac_stats(AC_A, &ma);
	CHECK(!mac_get(mac_x, &m) && m.where == MPLSX_VPLS_AC && m.id == AC_A,
	      "mac_x learnt on AC A");
	CHECK(sa.learnt - sb.learnt == 1, "learnt");
	CHECK(ma.learnt - mb.learnt == 1 && ma.flood_in - mb.flood_in == 1 &&
		      ma.in_packets - mb.in_packets == 1,
	      "AC A counters");
	/* unknown unicast floods too, and learns nothing new */
	in.len = 0;
	frame.len = 0;
	ce_frame(&frame, 100, mac_z, mac_x, 0);
	tagged(&in, &frame, 10);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_AC, AC_A);
	inst_stats(&sb);
	CHECK(sb.learnt == sa.learnt, "nothing new learnt");
}

static void test_learn_on_pw_unicast_to_ac(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	struct vpls_member_stats pb, pa, ab, aa;
	struct vpls_mac m;

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	CHECK(!mac_put(mac_x, MPLSX_VPLS_AC, AC_A, 0), "mac_x on AC A");
	ce_frame(&frame, 300, mac_x, mac_y, 0);
	from_core(&in, &frame, LOCAL1);
	tagged(&exp, &frame, 10); /* AC A's tag pushed */
	peer_stats(PEER1, &pb);
	ac_stats(AC_A, &ab);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	peer_stats(PEER1, &pa);
	ac_stats(AC_A, &aa);
	CHECK(!mac_get(mac_y, &m) && m.where == MPLSX_VPLS_PW && m.id == PEER1,
	      "mac_y learnt on peer 1");
	CHECK(pa.in_packets - pb.in_packets == 1 &&
		      pa.in_bytes - pb.in_bytes == in.len &&
		      pa.learnt - pb.learnt == 1,
	      "peer 1 counters");
	CHECK(aa.out_packets - ab.out_packets == 1 &&
		      aa.out_bytes - ab.out_bytes == exp.len,
	      "AC A out");
}

static void test_unicast_ac_to_pw(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	static const size_t sizes[] = {60, 64, 1000, 1514};
	size_t i;

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	CHECK(!mac_put(mac_y, MPLSX_VPLS_PW, PEER1, 0) &&
		      !mac_put(mac_z, MPLSX_VPLS_PW, PEER2, 0),
	      "macs on peers");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		in.len = frame.len = exp.len = 0;
		ce_frame(&frame, sizes[i], mac_y, mac_x, 0);
		tagged(&in, &frame, 10);
		to_peer(&exp, &frame, PEER1); /* [16002, 6002, CW] */
		run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
		in.len = frame.len = exp.len = 0;
		ce_frame(&frame, sizes[i], mac_z, mac_x, 0);
		tagged(&in, &frame, 20);
		to_peer(&exp, &frame, PEER2); /* [6003, CW] */
		run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	}
}

static void test_unicast_ac_to_ac_vlans(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};

	CHECK(!setup() && !set_ingress(IN_AC_W), "maps");
	CHECK(!mac_put(mac_y, MPLSX_VPLS_AC, AC_B, 0), "mac_y on AC B");
	/* VLAN 10 -> VLAN 20: one tag swapped for the other */
	ce_frame(&frame, 80, mac_y, mac_x, 0);
	tagged(&in, &frame, 10);
	tagged(&exp, &frame, 20);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	/* whole port (a customer tag 77 inside) -> VLAN 20 */
	in.len = frame.len = exp.len = 0;
	ce_frame(&frame, 80, mac_y, mac_z, 77);
	put(&in, frame.b, frame.len);
	tagged(&exp, &frame, 20);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	/* and back to the whole port: untagged on the way out */
	in.len = frame.len = exp.len = 0;
	ce_frame(&frame, 80, mac_z, mac_y, 0);
	tagged(&in, &frame, 20);
	put(&exp, frame.b, frame.len);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
}

static void test_pw_flood_meta(void)
{
	struct buf in = {0}, frame = {0};

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	/* OSPF hello to 224.0.0.5 from a PW: stripped, handed to TC */
	ce_frame(&frame, 90, (const uint8_t[6]){0x01, 0, 0x5e, 0, 0, 5}, mac_y,
		 0);
	from_core(&in, &frame, LOCAL1);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_PW, PEER1);
	/* a short frame: the control word's length cuts the padding */
	in.len = frame.len = 0;
	ce_frame(&frame, 42, bcast, mac_y, 0);
	put(&in, nh_smac, 6);
	put(&in, nh_dmac, 6);
	put16(&in, ETH_P_MPLS_UC);
	lse(&in, LOCAL2, 1, 254);
	put32(&in, (uint32_t)(frame.len + 4) << 16);
	put(&in, frame.b, frame.len);
	put32(&in, 0); /* padding */
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_PW, PEER2);
}

/* ---- split horizon, moves, aging, the limit --------------------------- */

static void test_split_horizon(void)
{
	struct buf in = {0}, frame = {0};

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	CHECK(!mac_put(mac_z, MPLSX_VPLS_PW, PEER2, 0) &&
		      !mac_put(mac_x, MPLSX_VPLS_AC, AC_A, 0),
	      "macs");
	/* from PE2 to a MAC behind PE3: never PW to PW */
	ce_frame(&frame, 100, mac_z, mac_y, 0);
	from_core(&in, &frame, LOCAL1);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_VPLS_FILTERED, 0, 0);
	/* from AC A to a MAC on AC A: its own segment */
	in.len = frame.len = 0;
	ce_frame(&frame, 100, mac_x, mac_y, 0);
	tagged(&in, &frame, 10);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_VPLS_FILTERED, 0, 0);
}

static void test_mac_move(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	struct vpls_stats sb, sa;
	struct vpls_mac m;

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	CHECK(!mac_put(mac_x, MPLSX_VPLS_AC, AC_A, 0), "mac_x on AC A");
	inst_stats(&sb);
	/* mac_x now speaks from PE2 */
	ce_frame(&frame, 100, bcast, mac_x, 0);
	from_core(&in, &frame, LOCAL1);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_PW, PEER1);
	inst_stats(&sa);
	CHECK(!mac_get(mac_x, &m) && m.where == MPLSX_VPLS_PW && m.id == PEER1,
	      "mac_x moved to peer 1");
	CHECK(sa.moves - sb.moves == 1 && sa.learnt == sb.learnt, "one move");
	/* and the next frame for it goes there at once */
	in.len = frame.len = 0;
	ce_frame(&frame, 100, mac_x, mac_z, 0);
	tagged(&in, &frame, 20);
	to_peer(&exp, &frame, PEER1);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
}

static int clock_set(uint64_t now)
{
	struct vpls_clock c = {.now = now};
	uint32_t zero = 0;

	return bpf_map_update_elem(fd_of(skel->maps.vpls_clock), &zero, &c, 0);
}

/* Aging's data-path half: a frame refreshes its MAC's time to the clock
 * the agent ticks (the agent deletes what is older than mac_age); a
 * learnt or moved MAC gets it too. */
static void test_aging_refresh(void)
{
	struct buf in = {0}, frame = {0};
	struct vpls_mac m;

	CHECK(!setup() && !set_ingress(IN_CORE) && !clock_set(1000), "maps");
	CHECK(!mac_put(mac_x, MPLSX_VPLS_AC, AC_A, 990), "old mac_x");
	ce_frame(&frame, 60, bcast, mac_x, 0);
	tagged(&in, &frame, 10);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_AC, AC_A);
	CHECK(!mac_get(mac_x, &m) && m.seen == 1000, "refreshed: %llu",
	      (unsigned long long)m.seen);
	CHECK(!clock_set(1001), "tick");
	in.len = frame.len = 0;
	ce_frame(&frame, 60, bcast, mac_y, 0);
	from_core(&in, &frame, LOCAL1);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_PW, PEER1);
	CHECK(!mac_get(mac_y, &m) && m.seen == 1001 && m.id == PEER1,
	      "learnt at 1001: %llu", (unsigned long long)m.seen);
	CHECK(!clock_set(1002), "tick");
	in.len = frame.len = 0;
	ce_frame(&frame, 60, bcast, mac_y, 0);
	tagged(&in, &frame, 20);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_AC, AC_B);
	CHECK(!mac_get(mac_y, &m) && m.seen == 1002 && m.id == AC_B,
	      "moved at 1002: %llu", (unsigned long long)m.seen);
}

static void test_mac_limit(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	struct vpls_stats sb, sa;
	struct vpls_mac m;
	uint32_t vid = VPLS_ID;
	struct vpls_mac_count cnt;

	CHECK(!setup() && !set_ingress(IN_CORE) && !set_instance(2, 0), "maps");
	ce_frame(&frame, 60, bcast, mac_x, 0);
	tagged(&in, &frame, 10);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_AC, AC_A);
	in.len = frame.len = 0;
	ce_frame(&frame, 60, bcast, mac_y, 0);
	from_core(&in, &frame, LOCAL1);
	run(&in, XDP_PASS, &frame, -1, MPLSX_VPLS_PW, PEER1);
	/* the third MAC is over the limit: not learnt, still forwarded
	 * (known unicast here), the hit counted */
	inst_stats(&sb);
	in.len = frame.len = 0;
	ce_frame(&frame, 60, mac_y, mac_z, 0);
	tagged(&in, &frame, 20);
	to_peer(&exp, &frame, PEER1);
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	inst_stats(&sa);
	CHECK(mac_get(mac_z, &m), "mac_z not learnt");
	CHECK(sa.limit_hits - sb.limit_hits == 1 && sa.learnt == sb.learnt,
	      "limit hit counted");
	CHECK(!bpf_map_lookup_elem(fd_of(skel->maps.vpls_mac_count), &vid,
				   &cnt) &&
		      cnt.added == 2,
	      "added %llu", (unsigned long long)cnt.added);
	/* the agent removed one (mac_removed): room again */
	CHECK(!set_instance(2, 1), "removed 1");
	run(&in, XDP_REDIRECT, &exp, -1, 0, 0);
	CHECK(!mac_get(mac_z, &m) && m.id == AC_B, "mac_z learnt on AC B");
}

/* ---- malformed and down ----------------------------------------------- */

static void test_malformed(void)
{
	struct buf in = {0}, frame = {0};
	static const uint8_t grp[6] = {0x03, 0xce, 0, 0, 0, 1};
	static const uint8_t zero[6] = {0};

	CHECK(!setup() && !set_ingress(IN_AC_W), "maps");
	/* A VLAN 10 tag cut short is no VLAN 10 frame: the whole port's
	 * AC takes it as it is (a port AC carries any frame). */
	put(&in, bcast, 6);
	put(&in, mac_x, 6);
	put16(&in, ETH_P_8021Q);
	put(&in, "\x00", 1);
	run(&in, XDP_PASS, &in, -1, MPLSX_VPLS_AC, AC_W);
	in.len = 0;
	ce_frame(&in, 60, bcast, grp, 0);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_SOURCE_MAC, 0, 0);
	in.len = 0;
	ce_frame(&in, 60, bcast, zero, 0);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_SOURCE_MAC, 0, 0);

	/* from the core */
	CHECK(!set_ingress(IN_CORE), "core");
	ce_frame(&frame, 60, bcast, mac_y, 0);
	in.len = 0;
	put(&in, nh_smac, 6);
	put(&in, nh_dmac, 6);
	put16(&in, ETH_P_MPLS_UC);
	lse(&in, LOCAL1, 1, 254);
	put32(&in, 0x10000000); /* first nibble 1: not a control word */
	put(&in, frame.b, frame.len);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_CONTROL_WORD, 0, 0);
	in.len = 0;
	put(&in, nh_smac, 6);
	put(&in, nh_dmac, 6);
	put16(&in, ETH_P_MPLS_UC);
	lse(&in, LOCAL1, 0, 254); /* PW label not at the bottom */
	lse(&in, 100, 1, 254);
	put32(&in, 0);
	put(&in, frame.b, frame.len);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_PAYLOAD, 0, 0);
	in.len = 0;
	put(&in, nh_smac, 6);
	put(&in, nh_dmac, 6);
	put16(&in, ETH_P_MPLS_UC);
	lse(&in, LOCAL1, 1, 254);
	put32(&in, 0);
	put(&in, frame.b, 8); /* inner frame cut short */
	run(&in, XDP_DROP, NULL, MPLSX_DROP_TRUNCATED, 0, 0);
	in.len = frame.len = 0;
	ce_frame(&frame, 60, bcast, grp, 0);
	from_core(&in, &frame, LOCAL2);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_SOURCE_MAC, 0, 0);
}

static void test_down(void)
{
	struct buf in = {0}, frame = {0};
	struct vpls_peer p = {0};
	uint32_t k = PEER2;

	CHECK(!setup() && !set_ingress(IN_CORE), "maps");
	CHECK(!mac_put(mac_z, MPLSX_VPLS_PW, PEER2, 0), "mac_z on PE3");
	CHECK(!bpf_map_update_elem(fd_of(skel->maps.vpls_peer), &k, &p, 0),
	      "PE3 down");
	/* known unicast towards a peer that is down */
	ce_frame(&frame, 80, mac_z, mac_x, 0);
	tagged(&in, &frame, 10);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_PW_DOWN, 0, 0);
	/* and what PE3 sends is not taken */
	in.len = frame.len = 0;
	ce_frame(&frame, 80, bcast, mac_z, 0);
	from_core(&in, &frame, LOCAL2);
	{
		struct xdp_md ctx = {.data_end = (uint32_t)in.len,
				     .ingress_ifindex = (uint32_t)test_ifindex};
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in.b,
			    .data_size_in = (uint32_t)in.len, .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx));
		uint64_t b = drops(MPLSX_DROP_PW_DOWN);

		CHECK(!bpf_prog_test_run_opts(
			      bpf_program__fd(skel->progs.mplsx_xdp), &opts) &&
			      opts.retval == XDP_DROP &&
			      drops(MPLSX_DROP_PW_DOWN) - b == 1,
		      "from a down peer: pw_down");
	}
}

/* ---- the flood path: TC, for real -------------------------------------- */

/* Capture sockets on the far ends of the veths. */
static int cap_open(const char *ifname)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL)};
	int one = 1, fd;

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The next frame on fd within a second, with an accelerated VLAN tag put
 * back into the bytes (as it was on the wire); 0 when none came. */
static int cap_next(int fd, struct buf *f)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	uint8_t raw[MAXF], ctl[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct iovec iov = {.iov_base = raw, .iov_len = sizeof(raw)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl,
			    .msg_controllen = sizeof(ctl)};
	struct cmsghdr *c;
	ssize_t n;

	f->len = 0;
	if (poll(&pfd, 1, 1000) <= 0)
		return 0;
	n = recvmsg(fd, &mh, 0);
	if (n < 12)
		return 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);

		if (c->cmsg_level == SOL_PACKET &&
		    c->cmsg_type == PACKET_AUXDATA &&
		    (aux->tp_status & TP_STATUS_VLAN_VALID)) {
			put(f, raw, 12);
			put16(f, (aux->tp_status & TP_STATUS_VLAN_TPID_VALID)
					 ? aux->tp_vlan_tpid
					 : ETH_P_8021Q);
			put16(f, aux->tp_vlan_tci);
			put(f, raw + 12, (size_t)n - 12);
			return 1;
		}
	}
	put(f, raw, (size_t)n);
	return 1;
}

static void cap_drain(int fd)
{
	uint8_t raw[MAXF];

	while (recv(fd, raw, sizeof(raw), MSG_DONTWAIT) > 0)
		;
}

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		fprintf(stderr, "    %s: exit %d\n", cmd, rc);
	return rc;
}

static int tc_on(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = 1, .priority = 1,
		    .prog_fd = bpf_program__fd(skel->progs.mplsx_vpls_tc));
	int err = bpf_tc_hook_create(&hook);

	if (err && err != -EEXIST)
		return err;
	return bpf_tc_attach(&hook, &opts);
}

static int caps[4]; /* far ends: AC A, AC B, AC W, core */
static int live_ok;

/* Our namespace: veths vA/vB/vW/vC (near ends: where ACs and the core
 * are) with far ends fA/fB/fW/fC, where the copies are captured. */
static int flood_topo(void)
{
	static const char *const names[4] = {"fA", "fB", "fW", "fC"};
	int i;

	/* No IPv6: the kernel's own ND and RS frames would reach the
	 * captures. */
	if (sh("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
	       "net.ipv6.conf.default.disable_ipv6=1") ||
	    sh("ip link set lo up") || sh("ip link add vA type veth peer fA") ||
	    sh("ip link add vB type veth peer fB") ||
	    sh("ip link add vW type veth peer fW") ||
	    sh("ip link add vC type veth peer fC"))
		return -1;
	if (sh("for i in vA fA vB fB vW fW vC fC; do ip link set $i up; "
	       "done"))
		return -1;
	topo.ac_a_if = (int)if_nametoindex("vA");
	topo.ac_b_if = (int)if_nametoindex("vB");
	topo.ac_w_if = (int)if_nametoindex("vW");
	topo.core_if = (int)if_nametoindex("vC");
	for (i = 0; i < 4; i++) {
		caps[i] = cap_open(names[i]);
		if (caps[i] < 0)
			return -1;
	}
	return 0;
}

/* Expect one frame equal to exp on capture i. */
static void expect_copy(int i, const struct buf *exp, const char *what)
{
	struct buf got;
	int n = cap_next(caps[i], &got);

	CHECK(n == 1, "%s: no copy", what);
	if (n != 1)
		return;
	CHECK(got.len == exp->len && !memcmp(got.b, exp->b, exp->len),
	      "%s: copy differs (%zu bytes, want %zu)", what, got.len,
	      exp->len);
	if (got.len != exp->len || memcmp(got.b, exp->b, exp->len))
		show_diff(&got, exp);
}

static void drain_all(void)
{
	int i;

	for (i = 0; i < 4; i++)
		cap_drain(caps[i]);
}

/* vA is AC A as a whole port, vC the core port. */
static void set_ports_flood(uint32_t core_ifindex)
{
	struct port_config pa = {
		.role = MPLSX_PORT_VPLS, .port_id = AC_A, .vpls_id = VPLS_ID};
	struct port_config pc = {.role = MPLSX_PORT_CORE, .port_id = CORE_PT};
	uint32_t a = (uint32_t)topo.ac_a_if;

	bpf_map_update_elem(fd_of(skel->maps.port_config), &a, &pa, 0);
	bpf_map_update_elem(fd_of(skel->maps.port_config), &core_ifindex, &pc,
			    0);
}

static void test_flood_from_ac(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	struct vpls_member_stats before[3], after[3], pb[2], pa[2];
	struct vpls_stats sb, sa;
	static const uint32_t acs[3] = {AC_A, AC_B, AC_W};
	int i;

	if (!live_ok) {
		CHECK(0, "no flood topology");
		return;
	}
	CHECK(!setup(), "maps");
	set_ports_flood((uint32_t)topo.core_if);
	for (i = 0; i < 3; i++)
		ac_stats(acs[i], &before[i]);
	peer_stats(PEER1, &pb[0]);
	peer_stats(PEER2, &pb[1]);
	inst_stats(&sb);
	drain_all();
	/* a broadcast from AC A (whole port vA here: no tag) */
	ce_frame(&frame, 98, bcast, mac_x, 0);
	put(&in, frame.b, frame.len);
	CHECK(!run_live(skel, &in, topo.ac_a_if), "live run: %s",
	      strerror(errno));
	/* AC B: its VLAN 20; AC W: untagged; none back to AC A */
	exp.len = 0;
	tagged(&exp, &frame, 20);
	expect_copy(1, &exp, "AC B");
	expect_copy(2, &frame, "AC W");
	/* the core: PE3's copy [6003, CW], then PE2's [16002, 6002, CW] */
	exp.len = 0;
	to_peer(&exp, &frame, PEER2);
	expect_copy(3, &exp, "PE3");
	exp.len = 0;
	to_peer(&exp, &frame, PEER1);
	expect_copy(3, &exp, "PE2");
	for (i = 0; i < 3; i++)
		ac_stats(acs[i], &after[i]);
	peer_stats(PEER1, &pa[0]);
	peer_stats(PEER2, &pa[1]);
	inst_stats(&sa);
	CHECK(after[0].flood_out == before[0].flood_out, "none to AC A");
	CHECK(after[1].flood_out - before[1].flood_out == 1 &&
		      after[2].flood_out - before[2].flood_out == 1,
	      "one to AC B and one to AC W");
	CHECK(pa[0].flood_out - pb[0].flood_out == 1 &&
		      pa[1].flood_out - pb[1].flood_out == 1,
	      "one to each peer");
	CHECK(sa.flood_copies - sb.flood_copies == 4, "4 copies, %llu",
	      (unsigned long long)(sa.flood_copies - sb.flood_copies));
}

static void test_flood_from_pw_split_horizon(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};
	struct vpls_member_stats pb[2], pa[2];
	struct vpls_stats sb, sa;

	if (!live_ok) {
		CHECK(0, "no flood topology");
		return;
	}
	CHECK(!setup(), "maps");
	set_ports_flood((uint32_t)topo.core_if);
	peer_stats(PEER1, &pb[0]);
	peer_stats(PEER2, &pb[1]);
	inst_stats(&sb);
	drain_all();
	/* unknown unicast from PE2, arriving on the core port vC */
	ce_frame(&frame, 120, mac_z, mac_y, 0);
	from_core(&in, &frame, LOCAL1);
	CHECK(!run_live(skel, &in, topo.core_if), "live run: %s",
	      strerror(errno));
	tagged(&exp, &frame, 10);
	expect_copy(0, &exp, "AC A");
	exp.len = 0;
	tagged(&exp, &frame, 20);
	expect_copy(1, &exp, "AC B");
	expect_copy(2, &frame, "AC W");
	peer_stats(PEER1, &pa[0]);
	peer_stats(PEER2, &pa[1]);
	inst_stats(&sa);
	CHECK(sa.flood_copies - sb.flood_copies == 3, "3 copies, %llu",
	      (unsigned long long)(sa.flood_copies - sb.flood_copies));
	CHECK(pa[0].flood_out == pb[0].flood_out &&
		      pa[1].flood_out == pb[1].flood_out,
	      "never back into the backbone");
}

/* A customer-tagged frame on a whole-port AC: the kernel moves the tag
 * into skb->vlan_tci before TC; every copy must still carry it. */
static void test_flood_customer_tag(void)
{
	struct buf in = {0}, frame = {0}, exp = {0};

	if (!live_ok) {
		CHECK(0, "no flood topology");
		return;
	}
	CHECK(!setup(), "maps");
	set_ports_flood((uint32_t)topo.core_if);
	drain_all();
	ce_frame(&frame, 90, bcast, mac_x, 300); /* customer VLAN 300 */
	put(&in, frame.b, frame.len);
	CHECK(!run_live(skel, &in, topo.ac_a_if), "live run: %s",
	      strerror(errno));
	tagged(&exp, &frame, 20); /* service tag outside the customer's */
	expect_copy(1, &exp, "AC B");
	expect_copy(2, &frame, "AC W");
	exp.len = 0;
	to_peer(&exp, &frame, PEER2);
	expect_copy(3, &exp, "PE3");
	exp.len = 0;
	to_peer(&exp, &frame, PEER1);
	expect_copy(3, &exp, "PE2");
}

int main(void)
{
	int i;

	tl_plan(14);
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "unshare: %s\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	skel = mplsx_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "cannot load the BPF object: %s\n",
			strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	live_ok = !flood_topo() && !tc_on(topo.ac_a_if) && !tc_on(topo.core_if);
	if (!live_ok)
		topo.ac_a_if = topo.ac_b_if = topo.ac_w_if = topo.core_if = 1;
	RUN(test_learn_on_ac_and_flood);
	RUN(test_learn_on_pw_unicast_to_ac);
	RUN(test_unicast_ac_to_pw);
	RUN(test_unicast_ac_to_ac_vlans);
	RUN(test_pw_flood_meta);
	RUN(test_split_horizon);
	RUN(test_mac_move);
	RUN(test_aging_refresh);
	RUN(test_mac_limit);
	RUN(test_malformed);
	RUN(test_down);
	RUN(test_flood_from_ac);
	RUN(test_flood_from_pw_split_horizon);
	RUN(test_flood_customer_tag);
	for (i = 0; i < 4; i++)
		if (caps[i] > 0)
			close(caps[i]);
	{
		int err = tl_summary();

		mplsx_bpf__destroy(skel);
		return err;
	}
}
