// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_oam.c - MPLS echo requests (RFC 8029) in the data path, through
 * BPF_PROG_TEST_RUN: which frames are copied to the agent (oam_events)
 * and which are forwarded or dropped as any other.  A request whose top
 * label expires here, has no entry, is a router alert or ends here (pop,
 * PW label with a VCCV channel header), or that arrives as IPv4/IPv6
 * after PHP, goes to the agent byte for byte and on to the kernel
 * (XDP_PASS); a request in transit is label switched; UDP to another port
 * or another destination than 127/8 is never copied.
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
#include "testlib.h"

#define IFINDEX 1
#define CORE_PT 5
#define NH_ID	2
#define MAXF	512
#include "framebuf.h" /* struct buf of MAXF bytes, put() */

static struct mplsx_bpf *skel;
static struct ring_buffer *rb;

static struct buf got; /* the last event's frame */
static int n_events;

static void l2(struct buf *f, uint16_t type)
{
	static const uint8_t d[6] = {2, 0, 0, 0, 1, 1},
			     s[6] = {2, 0, 0, 0, 1, 2};

	put(f, d, 6);
	put(f, s, 6);
	put16(f, type);
}

static void lse(struct buf *f, uint32_t label, int s, uint8_t ttl)
{
	put32(f, label << 12 | (uint32_t)s << 8 | ttl);
}

/* IPv4 with the router alert option to DST (host order), UDP to DPORT,
 * 16 bytes of an echo header's start. */
static void ip4_udp(struct buf *f, uint32_t dst, uint16_t dport)
{
	static const uint8_t echo[16] = {0, 1, 0, 0, 1, 2};

	put16(f, 0x4600);
	put16(f, 24 + 8 + sizeof(echo));
	put32(f, 0);
	put16(f, 0x0111); /* TTL 1, UDP */
	put16(f, 0);
	put32(f, 0x0aff0001);
	put32(f, dst);
	put32(f, 0x94040000);
	put16(f, 3503);
	put16(f, dport);
	put16(f, 8 + sizeof(echo));
	put16(f, 0);
	put(f, echo, sizeof(echo));
}

/* IPv6 to ::ffff:127.0.0.1 with a hop-by-hop router alert, UDP 3503. */
static void ip6_udp(struct buf *f)
{
	static const uint8_t src[16] = {0x20, 1, 0xd, 0xb8, [15] = 1};
	static const uint8_t dst[16] = {[10] = 0xff, 0xff, 127, 0, 0, 1};
	static const uint8_t hbh[8] = {17, 0, 5, 2, 0, 0, 1, 0};

	put32(f, 0x60000000);
	put16(f, 8 + 8 + 16);
	put16(f, 0x0001); /* next header hop-by-hop, hop limit 1 */
	put(f, src, 16);
	put(f, dst, 16);
	put(f, hbh, 8);
	put16(f, 3503);
	put16(f, 3503);
	put16(f, 8 + 16);
	put16(f, 0);
	put32(f, 0x00010000);
	put32(f, 0x01020000);
	put32(f, 0);
	put32(f, 0);
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct oam_event *ev = data;

	(void)ctx;
	(void)size;
	n_events++;
	got.len = ev->len <= sizeof(got.b) ? ev->len : 0;
	memcpy(got.b, ev->frame, got.len);
	CHECK(ev->ifindex == IFINDEX && ev->frame_len == ev->len,
	      "event ifindex %u, length %u of %u", ev->ifindex, ev->len,
	      ev->frame_len);
	return 0;
}

static int setup(void)
{
	struct port_config cp = {.role = MPLSX_PORT_CORE, .port_id = CORE_PT};
	struct nexthop nh = {.ifindex = IFINDEX,
			     .port_id = CORE_PT,
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED,
			     .dmac = {2, 0, 0, 0, 2, 2},
			     .smac = {2, 0, 0, 0, 2, 1}};
	struct label_entry swap = {.action = MPLSX_LABEL_FORWARD,
				   .n_out = 1,
				   .nexthop_id = NH_ID,
				   .out = {htonl(24003u << 12)}};
	struct label_entry pop = {.action = MPLSX_LABEL_POP_LOCAL};
	struct label_entry pw = {.action = MPLSX_LABEL_PW, .pw_id = 3};
	uint32_t ifindex = IFINDEX, nid = NH_ID, l1 = 16003, l2_ = 16005,
		 l3 = 5001;

	nexthop_prebuild(&nh);
	return bpf_map_update_elem(bpf_map__fd(skel->maps.port_config),
				   &ifindex, &cp, BPF_ANY) ||
	       bpf_map_update_elem(bpf_map__fd(skel->maps.nexthop), &nid, &nh,
				   BPF_ANY) ||
	       bpf_map_update_elem(bpf_map__fd(skel->maps.tx_port), &ifindex,
				   &ifindex, BPF_ANY) ||
	       bpf_map_update_elem(bpf_map__fd(skel->maps.label_table), &l1,
				   &swap, BPF_ANY) ||
	       bpf_map_update_elem(bpf_map__fd(skel->maps.label_table), &l2_,
				   &pop, BPF_ANY) ||
	       bpf_map_update_elem(bpf_map__fd(skel->maps.label_table), &l3,
				   &pw, BPF_ANY);
}

/* Run IN; the verdict must be VERDICT and the agent get a copy of IN
 * exactly when PUNTED. */
static void run(const struct buf *in, int verdict, int punted)
{
	struct xdp_md ctx = {.data_end = (uint32_t)in->len,
			     .ingress_ifindex = IFINDEX};
	static uint8_t out[MAXF + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = (uint32_t)in->len, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	n_events = 0;
	got.len = 0;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				   &opts)) {
		CHECK(0, "test run: %s", strerror(errno));
		return;
	}
	ring_buffer__consume(rb);
	CHECK((int)opts.retval == verdict, "verdict %u, want %d", opts.retval,
	      verdict);
	CHECK(n_events == punted, "%d events, want %d", n_events, punted);
	if (punted)
		CHECK(got.len == in->len && !memcmp(got.b, in->b, in->len),
		      "the copy differs from the frame (%zu bytes, want %zu)",
		      got.len, in->len);
}

static void test_ttl_expires_here(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 16003, 1, 1);
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_PASS, 1);
}

static void test_transit_switched(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 16003, 1, 255);
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_REDIRECT, 0);
}

static void test_no_label_entry(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 17777, 1, 255);
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_PASS, 1);
}

static void test_router_alert_label(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 1, 0, 255);
	lse(&f, 16003, 1, 255);
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_PASS, 1);
}

static void test_popped_here(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 16005, 1, 255);
	ip4_udp(&f, 0x7f7f0203, 3503); /* anywhere in 127/8 */
	run(&f, XDP_PASS, 1);
}

static void test_pw_vccv(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_MPLS_UC);
	lse(&f, 5001, 1, 255);
	put32(&f, 0x10000021); /* associated channel, IPv4 */
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_PASS, 1);
}

static void test_after_php_ipv4(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_IP);
	ip4_udp(&f, 0x7f000001, 3503);
	run(&f, XDP_PASS, 1);
}

static void test_after_php_ipv6(void)
{
	struct buf f = {0};

	l2(&f, ETH_P_IPV6);
	ip6_udp(&f);
	run(&f, XDP_PASS, 1);
}

/* Not echo requests: never copied. */
static void test_not_echo(void)
{
	struct buf a = {0}, b = {0}, c = {0};

	l2(&a, ETH_P_MPLS_UC);
	lse(&a, 17777, 1, 255);
	ip4_udp(&a, 0x7f000001, 53); /* another port */
	run(&a, XDP_DROP, 0);
	l2(&b, ETH_P_MPLS_UC);
	lse(&b, 17777, 1, 255);
	ip4_udp(&b, 0x0aff0003, 3503); /* not 127/8 */
	run(&b, XDP_DROP, 0);
	l2(&c, ETH_P_IP);
	ip4_udp(&c, 0x0aff0003, 3503); /* an echo reply's kind of packet */
	run(&c, XDP_PASS, 0);
}

int main(void)
{
	skel = mplsx_bpf__open_and_load();
	if (!skel || setup()) {
		fprintf(stderr, "cannot load the XDP object: %s\n",
			strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.oam_events), on_event,
			      NULL, NULL);
	if (!rb) {
		printf("0 passed, 1 failed\n");
		return 1;
	}
	tl_plan(9);
	RUN(test_ttl_expires_here);
	RUN(test_transit_switched);
	RUN(test_no_label_entry);
	RUN(test_router_alert_label);
	RUN(test_popped_here);
	RUN(test_pw_vccv);
	RUN(test_after_php_ipv4);
	RUN(test_after_php_ipv6);
	RUN(test_not_echo);
	{
		int err = tl_summary();

		ring_buffer__free(rb);
		mplsx_bpf__destroy(skel);
		return err;
	}
}
