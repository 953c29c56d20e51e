// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_pseudowire.c - Ethernet pseudowires (RFC 4448 raw mode, RFC 4385
 * control word) through BPF_PROG_TEST_RUN: imposition on port and VLAN
 * attachment circuits, disposition of PW labels, with and without the
 * control word, frames from a short ARP to a full 1514-byte frame, and
 * every drop (down pseudowire, MTU, bad control word, unknown or
 * misplaced PW label).  Each case checks the output frame byte for byte,
 * pw_stats and drop_stats.
 *
 * Frames here are longer than pktbuild.h's, so they are put together by
 * hand: a customer frame is MACs, optional tag, ethertype and a byte
 * pattern; the expected frames are written from RFC 4448 / 4385, not
 * from the program.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "port_vlans.h"
#include "percpu.h"
#include "testlib.h"

#define IFINDEX	 1 /* lo: ingress, core egress and AC egress alike */
#define AC_PORT	 3
#define CORE_PT	 5
#define PW_ID	 7
#define NH_ID	 2
#define LOCAL_L	 5001
#define REMOTE_L 5002
#define MAXF	 2048
#include "framebuf.h" /* struct buf of MAXF bytes, put() */

static struct mplsx_bpf *skel;
static int ncpus;

static const uint8_t ce_dmac[6] = {0x02, 0xce, 0, 0, 0, 2};
static const uint8_t ce_smac[6] = {0x02, 0xce, 0, 0, 0, 1};
static const uint8_t nh_dmac[6] = {0x02, 0, 0, 0, 2, 2};
static const uint8_t nh_smac[6] = {0x02, 0, 0, 0, 2, 1};

/* A customer frame of len bytes: MACs, an 802.1Q tag if vid, ethertype,
 * then a byte pattern. */
static void ce_frame(struct buf *f, size_t len, uint16_t vid, uint16_t type,
		     const uint8_t *dmac)
{
	size_t i;

	put(f, dmac ? dmac : ce_dmac, 6);
	put(f, ce_smac, 6);
	if (vid) {
		put16(f, ETH_P_8021Q);
		put16(f, vid);
	}
	put16(f, type);
	for (i = f->len; i < len; i++) {
		uint8_t v = (uint8_t)(i * 7 + 3);

		put(f, &v, 1);
	}
}

static void core_l2(struct buf *f, const uint8_t *dmac, const uint8_t *smac)
{
	put(f, dmac, 6);
	put(f, smac, 6);
	put16(f, ETH_P_MPLS_UC);
}

static void lse(struct buf *f, uint32_t label, int s, uint8_t ttl)
{
	put32(f, label << 12 | (uint32_t)s << 8 | ttl);
}

/* ---- maps ------------------------------------------------------------- */

struct pw_setup {
	uint8_t state, flags;
	uint16_t ac_vlan; /* VLAN AC: port key and tag pushed */
	uint16_t ac_mtu;
	uint16_t core_mtu;
	int n_push; /* transport labels: 16003, 16004, ... */
};

static void clear_hash(int fd)
{
	uint8_t key[64];

	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key))
			break;
}

static int setup(const struct pw_setup *s)
{
	struct pseudowire pw = {
		.pw_label = htonl(REMOTE_L << 12 | MPLS_LS_S_MASK | 255),
		.nexthop_id = NH_ID,
		.ac_ifindex = IFINDEX,
		.ac_port_id = AC_PORT,
		.ac_vlan = s->ac_vlan,
		.ac_mtu = s->ac_mtu ? s->ac_mtu : 1500,
		.state = s->state,
		.flags = s->flags,
	};
	struct nexthop nh = {
		.ifindex = IFINDEX,
		.port_id = CORE_PT,
		.mtu = s->core_mtu ? s->core_mtu : 1600,
		.state = MPLSX_NH_RESOLVED,
		.n_push = (uint8_t)s->n_push,
	};
	struct label_entry le = {.action = MPLSX_LABEL_PW, .pw_id = PW_ID};
	struct port_config no_port = {};
	uint32_t id = PW_ID, nid = NH_ID, label = LOCAL_L, ifindex = IFINDEX;
	int i;

	clear_hash(bpf_map__fd(skel->maps.port_vlan));
	bpf_map_update_elem(bpf_map__fd(skel->maps.port_config), &ifindex,
			    &no_port, BPF_ANY);
	/* label_table is an array: LOCAL_L is rewritten below. */
	memcpy(nh.dmac, nh_dmac, 6);
	memcpy(nh.smac, nh_smac, 6);
	for (i = 0; i < s->n_push; i++)
		nh.push[i] = htonl((16003u + i) << 12);
	nexthop_prebuild(&nh);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.pseudowire), &id, &pw,
				BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.nexthop), &nid, &nh,
				BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.label_table), &label,
				&le, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.tx_port), &ifindex,
				&ifindex, BPF_ANY))
		return -errno;
	return 0;
}

/* The ingress port of a case: the AC, or a core port. */
static int set_port(int core, uint16_t vlan)
{
	struct port_key k = {.ifindex = IFINDEX, .vlan_id = core ? 0 : vlan};
	struct port_config ac = {
		.role = MPLSX_PORT_AC, .port_id = AC_PORT, .pw_id = PW_ID};
	struct port_config cp = {.role = MPLSX_PORT_CORE, .port_id = CORE_PT};

	if (k.vlan_id) {
		if (port_vlans_mark(bpf_map__fd(skel->maps.port_config),
				    k.ifindex) ||
		    bpf_map_update_elem(bpf_map__fd(skel->maps.port_vlan), &k,
					&ac, BPF_ANY))
			return -errno;
		return 0;
	}
	return bpf_map_update_elem(bpf_map__fd(skel->maps.port_config),
				   &k.ifindex, core ? &cp : &ac, BPF_ANY)
		       ? -errno
		       : 0;
}

static void pw_sum(struct pw_stats *sum)
{
	percpu_sum(bpf_map__fd(skel->maps.pw_stats), PW_ID, sum, sizeof(*sum));
}

static uint64_t drops(uint32_t reason)
{
	struct mplsx_counter c;

	percpu_sum(bpf_map__fd(skel->maps.drop_stats), reason, &c, sizeof(c));
	return c.packets;
}

/* ---- one case ------------------------------------------------------- */

enum pw_way { W_NONE = 0, W_IMPOSED, W_DISPOSED, W_DROP };

/* Run in through the program; expect verdict, exp (redirects), the drop
 * reason (drops) and which pw_stats counter moves. */
static void run(const struct buf *in, int verdict, const struct buf *exp,
		int reason, enum pw_way way)
{
	struct xdp_md ctx = {.data_end = (uint32_t)in->len,
			     .ingress_ifindex = IFINDEX};
	static struct buf out;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = (uint32_t)in->len, .data_out = out.b,
		    .data_size_out = sizeof(out.b), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	struct pw_stats b, a;
	uint64_t db[MPLSX_DROP__MAX], d;
	int i;

	pw_sum(&b);
	for (i = 0; i < MPLSX_DROP__MAX; i++)
		db[i] = drops(i);
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				   &opts)) {
		CHECK(0, "test run: %s", strerror(errno));
		return;
	}
	out.len = opts.data_size_out;
	pw_sum(&a);
	CHECK((int)opts.retval == verdict, "verdict %u, want %d", opts.retval,
	      verdict);
	if (verdict == XDP_REDIRECT && (int)opts.retval == verdict) {
		int same =
			out.len == exp->len && !memcmp(out.b, exp->b, exp->len);

		CHECK(same, "output differs: %zu bytes, want %zu", out.len,
		      exp->len);
		for (size_t j = 0; !same && j < out.len && j < exp->len; j++)
			if (out.b[j] != exp->b[j]) {
				fprintf(stderr,
					"    first difference at %zu: "
					"%02x, want %02x\n",
					j, out.b[j], exp->b[j]);
				break;
			}
	}
	for (i = 0; i < MPLSX_DROP__MAX; i++) {
		d = drops(i) - db[i];
		CHECK(d == (verdict == XDP_DROP && i == reason),
		      "drop_stats[%d] delta %llu", i, (unsigned long long)d);
	}
	CHECK(a.imposed_packets - b.imposed_packets == (way == W_IMPOSED),
	      "imposed_packets");
	CHECK(a.imposed_bytes - b.imposed_bytes ==
		      (way == W_IMPOSED ? in->len : 0),
	      "imposed_bytes");
	CHECK(a.disposed_packets - b.disposed_packets == (way == W_DISPOSED),
	      "disposed_packets");
	CHECK(a.disposed_bytes - b.disposed_bytes ==
		      (way == W_DISPOSED ? in->len : 0),
	      "disposed_bytes");
	CHECK(a.drop_packets - b.drop_packets == (way == W_DROP),
	      "pw drop_packets");
}

/* ---- imposition ------------------------------------------------------- */

/* What a customer frame (without the AC's tag) looks like on the core. */
static void imposed(struct buf *exp, const struct buf *frame, int n_push,
		    int cw)
{
	int i;

	core_l2(exp, nh_dmac, nh_smac);
	for (i = 0; i < n_push; i++)
		lse(exp, 16003 + i, 0, 255);
	lse(exp, REMOTE_L, 1, 255);
	if (cw) /* length only for payload + CW < 64 (RFC 4385) */
		put32(exp, frame->len + 4 < 64 ? (frame->len + 4) << 16 : 0);
	put(exp, frame->b, frame->len);
}

static const size_t sizes[] = {42, 60, 64, 65, 128, 1000, 1514};

static void impose_sizes(int cw, int n_push)
{
	struct pw_setup s = {.state = MPLSX_PW_UP,
			     .flags = cw ? MPLSX_PW_F_CW : 0,
			     .n_push = n_push};
	size_t i;

	CHECK(!setup(&s) && !set_port(0, 0), "maps");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf in = {0}, exp = {0};

		ce_frame(&in, sizes[i], 0, ETH_P_IP, NULL);
		imposed(&exp, &in, n_push, cw);
		run(&in, XDP_REDIRECT, &exp, 0, W_IMPOSED);
	}
}

static void test_impose_port_cw(void)
{
	impose_sizes(1, 1);
}

static void test_impose_port_no_cw(void)
{
	impose_sizes(0, 1);
}

static void test_impose_two_transport_labels(void)
{
	impose_sizes(1, 2);
}

static void test_impose_connected_peer(void)
{
	impose_sizes(1, 0); /* no transport label at all */
}

/* ARP, an OSPF hello to 224.0.0.5, IPv6 ND, a customer VLAN, an unknown
 * ethertype: an AC passes nothing to the kernel, all ride the PW. */
static void test_impose_anything(void)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t ospf[6] = {0x01, 0x00, 0x5e, 0, 0, 5};
	static const uint8_t nd[6] = {0x33, 0x33, 0xff, 0, 0, 1};
	struct pw_setup s = {
		.state = MPLSX_PW_UP, .flags = MPLSX_PW_F_CW, .n_push = 1};
	struct {
		uint16_t type, vid;
		const uint8_t *dmac;
	} f[] = {
		{ETH_P_ARP, 0, bcast},	  {ETH_P_IP, 0, ospf},
		{ETH_P_IPV6, 0, nd},	  {ETH_P_IP, 7, NULL},
		{ETH_P_MPLS_UC, 0, NULL}, {0x88b5, 0, NULL},
	};
	size_t i;

	CHECK(!setup(&s) && !set_port(0, 0), "maps");
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		struct buf in = {0}, exp = {0};

		ce_frame(&in, 90, f[i].vid, f[i].type, f[i].dmac);
		imposed(&exp, &in, 1, 1);
		run(&in, XDP_REDIRECT, &exp, 0, W_IMPOSED);
	}
}

/* Raw mode: the VLAN AC's tag is not carried. */
static void test_impose_vlan_ac(void)
{
	struct pw_setup s = {.state = MPLSX_PW_UP,
			     .flags = MPLSX_PW_F_CW,
			     .ac_vlan = 100,
			     .n_push = 1};
	size_t i;

	CHECK(!setup(&s) && !set_port(0, 100), "maps");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf in = {0}, exp = {0}, untagged = {0};

		ce_frame(&in, sizes[i] + 4, 100, ETH_P_IP, NULL);
		ce_frame(&untagged, sizes[i], 0, ETH_P_IP, NULL);
		/* the pattern differs by offset: take the payload as sent */
		memcpy(untagged.b + 14, in.b + 18, sizes[i] - 14);
		imposed(&exp, &untagged, 1, 1);
		run(&in, XDP_REDIRECT, &exp, 0, W_IMPOSED);
	}
	/* Another VLAN on that interface is no frame of this AC. */
	{
		struct buf in = {0};

		ce_frame(&in, 100, 200, ETH_P_IP, NULL);
		run(&in, XDP_PASS, NULL, 0, W_NONE);
	}
}

static void test_impose_mtu(void)
{
	struct pw_setup s = {.state = MPLSX_PW_UP,
			     .flags = MPLSX_PW_F_CW,
			     .n_push = 1,
			     .core_mtu = 1500};
	struct buf in = {0}, exp = {0};

	CHECK(!setup(&s) && !set_port(0, 0), "maps");
	/* 1488 + 4 + 4 + 4 = 1500: fits exactly */
	ce_frame(&in, 1488, 0, ETH_P_IP, NULL);
	imposed(&exp, &in, 1, 1);
	run(&in, XDP_REDIRECT, &exp, 0, W_IMPOSED);
	memset(&in, 0, sizeof(in));
	ce_frame(&in, 1489, 0, ETH_P_IP, NULL);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_MTU_EXCEEDED, W_DROP);
}

static void test_impose_down(void)
{
	struct pw_setup s = {.state = MPLSX_PW_DOWN, .n_push = 1};
	struct buf in = {0};

	CHECK(!setup(&s) && !set_port(0, 0), "maps");
	ce_frame(&in, 60, 0, ETH_P_ARP, NULL);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_PW_DOWN, W_DROP);
}

/* ---- disposition ------------------------------------------------------ */

/* A core frame carrying frame under the PW label (and cw_word if cw). */
static void core_frame(struct buf *f, const struct buf *frame, int cw,
		       uint32_t cw_word, uint32_t label, int s, int pad)
{
	core_l2(f, ce_dmac, nh_dmac);
	lse(f, label, s, 254);
	if (cw)
		put32(f, cw_word);
	put(f, frame->b, frame->len);
	while (pad-- > 0)
		put(f, "", 1);
}

static void dispose_sizes(int cw, uint16_t vlan)
{
	struct pw_setup s = {.state = MPLSX_PW_UP,
			     .flags = cw ? MPLSX_PW_F_CW : 0,
			     .ac_vlan = vlan};
	size_t i;

	CHECK(!setup(&s) && !set_port(1, 0), "maps");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf frame = {0}, in = {0}, exp = {0};

		ce_frame(&frame, sizes[i], 0, ETH_P_IP, NULL);
		core_frame(&in, &frame, cw,
			   sizes[i] + 4 < 64 ? (sizes[i] + 4) << 16 : 0,
			   LOCAL_L, 1, 0);
		if (vlan) { /* the AC's tag goes back in (raw mode) */
			put(&exp, frame.b, 12);
			put16(&exp, ETH_P_8021Q);
			put16(&exp, vlan);
			put(&exp, frame.b + 12, frame.len - 12);
		} else {
			exp = frame;
		}
		run(&in, XDP_REDIRECT, &exp, 0, W_DISPOSED);
	}
}

static void test_dispose_port_cw(void)
{
	dispose_sizes(1, 0);
}

static void test_dispose_port_no_cw(void)
{
	dispose_sizes(0, 0);
}

static void test_dispose_vlan_ac(void)
{
	dispose_sizes(1, 100);
}

/* The CW length field strips what the core padded on (RFC 4385). */
static void test_dispose_cw_length_strips_padding(void)
{
	struct pw_setup s = {.state = MPLSX_PW_UP, .flags = MPLSX_PW_F_CW};
	struct buf frame = {0}, in = {0};

	CHECK(!setup(&s) && !set_port(1, 0), "maps");
	ce_frame(&frame, 42, 0, ETH_P_ARP, NULL);
	core_frame(&in, &frame, 1, 46 << 16, LOCAL_L, 1, 18);
	run(&in, XDP_REDIRECT, &frame, 0, W_DISPOSED);
	/* a length beyond what is there */
	memset(&in, 0, sizeof(in));
	core_frame(&in, &frame, 1, 50 << 16, LOCAL_L, 1, 0);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_CONTROL_WORD, W_DROP);
}

static void test_dispose_bad_cw(void)
{
	static const uint32_t bad[] = {
		0x10000000, /* 0001: the associated channel header */
		0x40000000, /* looks like IPv4 */
		0x00400000, /* FRG: a fragment */
		0x00010000, /* length 1 */
	};
	struct pw_setup s = {.state = MPLSX_PW_UP, .flags = MPLSX_PW_F_CW};
	size_t i;

	CHECK(!setup(&s) && !set_port(1, 0), "maps");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf frame = {0}, in = {0};

		ce_frame(&frame, 100, 0, ETH_P_IP, NULL);
		core_frame(&in, &frame, 1, bad[i], LOCAL_L, 1, 0);
		run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_CONTROL_WORD, W_DROP);
	}
	/* Flags and a sequence number are ignored. */
	{
		struct buf frame = {0}, in = {0};

		ce_frame(&frame, 100, 0, ETH_P_IP, NULL);
		core_frame(&in, &frame, 1, 0x0F00ABCD, LOCAL_L, 1, 0);
		run(&in, XDP_REDIRECT, &frame, 0, W_DISPOSED);
	}
}

static void test_dispose_errors(void)
{
	struct pw_setup s = {
		.state = MPLSX_PW_UP, .flags = MPLSX_PW_F_CW, .ac_mtu = 1400};
	struct buf frame = {0}, in = {0};

	CHECK(!setup(&s) && !set_port(1, 0), "maps");
	ce_frame(&frame, 200, 0, ETH_P_IP, NULL);
	core_frame(&in, &frame, 1, 0, 5999, 1, 0); /* unknown label */
	run(&in, XDP_DROP, NULL, MPLSX_DROP_NO_LABEL, W_NONE);

	memset(&in, 0, sizeof(in));
	core_l2(&in, ce_dmac, nh_dmac); /* PW label not at the bottom */
	lse(&in, LOCAL_L, 0, 254);
	lse(&in, 16, 1, 254);
	put32(&in, 0);
	put(&in, frame.b, frame.len);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_BAD_PAYLOAD, W_DROP);

	memset(&in, 0, sizeof(in)); /* too short for an Ethernet header */
	core_l2(&in, ce_dmac, nh_dmac);
	lse(&in, LOCAL_L, 1, 254);
	put32(&in, 0);
	put(&in, frame.b, 10);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_TRUNCATED, W_DROP);

	/* AC MTU 1400: 1400 + 14 (+ 4 for a tag Linux would take) fits */
	memset(&frame, 0, sizeof(frame));
	memset(&in, 0, sizeof(in));
	ce_frame(&frame, 1418, 0, ETH_P_IP, NULL);
	core_frame(&in, &frame, 1, 0, LOCAL_L, 1, 0);
	run(&in, XDP_REDIRECT, &frame, 0, W_DISPOSED);
	memset(&frame, 0, sizeof(frame));
	memset(&in, 0, sizeof(in));
	ce_frame(&frame, 1419, 0, ETH_P_IP, NULL);
	core_frame(&in, &frame, 1, 0, LOCAL_L, 1, 0);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_MTU_EXCEEDED, W_DROP);
}

static void test_dispose_down(void)
{
	struct pw_setup s = {.state = MPLSX_PW_DOWN, .flags = MPLSX_PW_F_CW};
	struct buf frame = {0}, in = {0};

	CHECK(!setup(&s) && !set_port(1, 0), "maps");
	ce_frame(&frame, 100, 0, ETH_P_IP, NULL);
	core_frame(&in, &frame, 1, 0, LOCAL_L, 1, 0);
	run(&in, XDP_DROP, NULL, MPLSX_DROP_PW_DOWN, W_DROP);
}

int main(void)
{
	ncpus = libbpf_num_possible_cpus();
	skel = mplsx_bpf__open_and_load();
	if (!skel || ncpus <= 0) {
		fprintf(stderr, "cannot load the XDP object: %s\n",
			strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	tl_plan(15);
	RUN(test_impose_port_cw);
	RUN(test_impose_port_no_cw);
	RUN(test_impose_two_transport_labels);
	RUN(test_impose_connected_peer);
	RUN(test_impose_anything);
	RUN(test_impose_vlan_ac);
	RUN(test_impose_mtu);
	RUN(test_impose_down);
	RUN(test_dispose_port_cw);
	RUN(test_dispose_port_no_cw);
	RUN(test_dispose_vlan_ac);
	RUN(test_dispose_cw_length_strips_padding);
	RUN(test_dispose_bad_cw);
	RUN(test_dispose_errors);
	RUN(test_dispose_down);
	{
		int err = tl_summary();

		mplsx_bpf__destroy(skel);
		return err;
	}
}
