// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_packets.c - the XDP data plane through BPF_PROG_TEST_RUN.
 *
 * A table of rows: map state (label entries, nexthops, the ingress port's
 * config, tx_port), an input frame, the expected verdict, the expected
 * output frame byte for byte (pass and redirect), and the expected drop
 * reason.  Each row also checks the counters it should move: rx and the
 * verdict on the ingress port, tx on the egress port, label_stats of
 * every label entry it installs, drop_stats of every reason.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "testlib.h"
#include "port_vlans.h"
#include "percpu.h"
#include "pktbuild.h"

#define IN_IFINDEX 1 /* lo: always there; the kernel accepts it as rxq */
#define IN_PORT	   3
#define TX_IFINDEX 1 /* a devmap entry may point at lo too */
#define EG_PORT	   5
#define NH_MAX	   4 /* nexthop ids a row may use: 0 .. NH_MAX-1 */

/* The ingress port: a core port, none, an unknown role, or a VRF port
 * ({IN_IFINDEX, row.port_vlan} -> row.vrf, row.port_flags). */
enum port_state { PORT_CORE = 0, PORT_UNMANAGED, PORT_OTHER_ROLE, PORT_VRF };

/* VRFs of the VRF rows; both are checked for vrf_stats on every row. */
#define RED  1
#define BLUE 2

/* Which vrf_stats counter of row.stat_vrf a row moves. */
enum vrf_counter {
	VC_NONE = 0,
	VC_IMPOSED,
	VC_DISPOSED,
	VC_LOCAL,
	VC_PASS,
	VC_DROP
};

struct label_spec {
	int set;
	uint32_t in;
	uint8_t action, n_out;
	uint16_t flags;
	uint32_t out[MPLSX_MAX_PUSH]; /* label values */
	uint32_t nh, vrf;
};

struct nh_spec {
	int set;
	uint32_t id;
	uint16_t vlan, mtu;
	uint8_t state, n_push;
	uint32_t push[MPLSX_MAX_PUSH]; /* transport label values */
};

struct route_spec {
	int set;
	uint32_t vrf;
	const char *prefix; /* "198.51.100.0/24", "2001:db8::/32" */
	uint8_t kind;
	uint32_t nh, vpn_label;
};

struct row {
	const char *desc;
	struct label_spec labels[4];
	struct nh_spec nhs[3];
	struct route_spec routes[4];
	enum port_state port;
	uint32_t vrf; /* PORT_VRF */
	uint16_t port_vlan;
	uint8_t port_flags;
	int core_untagged; /* also {IN_IFINDEX, 0} as a core port */
	/* A VLAN port's entry without MPLSX_PORT_F_VLANS on its interface
	 * (the agent always sets it): port_vlan must not be asked. */
	int vlans_unflagged;
	int port_mac;  /* the VRF port knows its MAC (pb_in_dmac) */
	int uncounted; /* the frame finds no port of its own */
	int no_tx_port;
	int no_hits; /* labels installed, but the frame never reaches them */
	struct frame_spec in;
	int verdict;
	int reason;   /* XDP_DROP rows */
	int out_same; /* expected output = input */
	struct frame_spec out;
	uint32_t stat_vrf; /* vrf_stats slot that moves, with stat */
	enum vrf_counter stat;
};

#define FWD(in_, nh_, n_, ...)                                        \
	{                                                             \
		.set = 1, .in = (in_), .action = MPLSX_LABEL_FORWARD, \
		.nh = (nh_), .n_out = (n_),                           \
		.out = { __VA_ARGS__ }                                \
	}
#define POP(in_)                                                       \
	{                                                              \
		.set = 1, .in = (in_), .action = MPLSX_LABEL_POP_LOCAL \
	}
/* Per-VRF and per-next-hop VPN labels. */
#define VPNL(in_, vrf_, flags_)                                   \
	{                                                         \
		.set = 1, .in = (in_), .action = MPLSX_LABEL_VRF, \
		.vrf = (vrf_), .flags = (flags_)                  \
	}
#define VPNL_NH(in_, vrf_, nh_, flags_)                                   \
	{                                                                 \
		.set = 1, .in = (in_), .action = MPLSX_LABEL_VRF_NEXTHOP, \
		.vrf = (vrf_), .nh = (nh_), .flags = (flags_)             \
	}
#define NH(id_, vlan_, mtu_, state_)                                   \
	{                                                              \
		.set = 1, .id = (id_), .vlan = (vlan_), .mtu = (mtu_), \
		.state = (state_)                                      \
	}
#define NH_OK(id_) NH(id_, 0, 1500, MPLSX_NH_RESOLVED)
/* A nexthop towards a remote PE: its LSP's transport labels. */
#define NH_LSP(id_, mtu_, n_, ...)                                    \
	{                                                             \
		.set = 1, .id = (id_), .mtu = (mtu_),                 \
		.state = MPLSX_NH_RESOLVED, .n_push = (n_), .push = { \
			__VA_ARGS__                                   \
		}                                                     \
	}
#define RT_LOCAL(vrf_, prefix_, nh_)                          \
	{                                                     \
		.set = 1, .vrf = (vrf_), .prefix = (prefix_), \
		.kind = MPLSX_ROUTE_LOCAL, .nh = (nh_)        \
	}
#define RT_REMOTE(vrf_, prefix_, nh_, label_)                                  \
	{                                                                      \
		.set = 1, .vrf = (vrf_), .prefix = (prefix_),                  \
		.kind = MPLSX_ROUTE_REMOTE, .nh = (nh_), .vpn_label = (label_) \
	}
#define RT_RECEIVE(vrf_, prefix_)                             \
	{                                                     \
		.set = 1, .vrf = (vrf_), .prefix = (prefix_), \
		.kind = MPLSX_ROUTE_RECEIVE                   \
	}
#define RT_GLEAN(vrf_, prefix_)                               \
	{                                                     \
		.set = 1, .vrf = (vrf_), .prefix = (prefix_), \
		.kind = MPLSX_ROUTE_GLEAN                     \
	}
#define VRF_PORT(vrf_)	   .port = PORT_VRF, .vrf = (vrf_)
#define VSTAT(vrf_, what_) .stat_vrf = (vrf_), .stat = (what_)

#define ETH_MPLS .type = ETH_P_MPLS_UC
#define V4(ttl_) .payload = PB_IPV4, .ip_ttl = (ttl_)
#define V6(ttl_) .payload = PB_IPV6, .ip_ttl = (ttl_)
#define OUT_NH	 .macs = PB_MACS_NH

#define ETH_IP	.type = ETH_P_IP
#define ETH_IP6 .type = ETH_P_IPV6

/* Frame sizes used by MTU rows: Ethernet 14 + one entry 4 + IPv4 46. */
#define V4_LEN (20 + 8 + PB_UDP_PAYLOAD)
#define V6_LEN (40 + 8 + PB_UDP_PAYLOAD)

static const struct row rows[] = {
	/* ---- swap, swap and push -------------------------------------- */
	{
		.desc = "swap 100 -> 200, TC kept, TTL - 1, S kept",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 5, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 5, 1, 63)}, V4(64)},
	},
	{
		.desc = "swap with an entry below: S stays 0, inner untouched",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 2, 0, 64), LSE(300, 6, 1, 9)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 2, 0, 63), LSE(300, 6, 1, 9)}, V4(64)},
	},
	{
		.desc = "swap and push 2 at bottom of stack: S on last only",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 3, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 3, 0, 63), LSE(201, 3, 1, 63)},
			V4(64)},
	},
	{
		.desc = "swap and push 2 above an entry: no S pushed",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 1, 0, 20), LSE(555, 0, 1, 5)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 1, 0, 19), LSE(201, 1, 0, 19),
				LSE(555, 0, 1, 5)},
			V4(64)},
	},
	{
		.desc = "swap and push 3 at bottom of stack",
		.labels = {FWD(100, 0, 3, 200, 201, 1048575)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 7, 1, 255)}, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 7, 0, 254), LSE(201, 7, 0, 254),
				LSE(1048575, 7, 1, 254)},
			V6(64)},
	},
	{
		.desc = "swap and push 3 above an entry",
		.labels = {FWD(100, 0, 3, 200, 201, 202)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 4, 0, 30), LSE(777, 0, 1, 1)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 4, 0, 29), LSE(201, 4, 0, 29),
				LSE(202, 4, 0, 29), LSE(777, 0, 1, 1)},
			V4(64)},
	},
	{
		.desc = "swap and push MPLSX_MAX_PUSH (4)",
		.labels = {FWD(100, 0, 4, 200, 201, 202, 203)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 2)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 0, 0, 1), LSE(201, 0, 0, 1),
				LSE(202, 0, 0, 1), LSE(203, 0, 1, 1)},
			V4(64)},
	},
	{
		.desc = "nexthop id other than 0",
		.labels = {FWD(100, 3, 1, 200)},
		.nhs = {NH_OK(3)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},

	/* ---- penultimate hop pop --------------------------------------- */
	{
		.desc = "PHP to IPv4: IP TTL = MPLS TTL - 1, checksum updated",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 10)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IP, V4(9)},
	},
	{
		.desc = "PHP to IPv4: lower IP TTL is never raised",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(5)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IP, V4(5)},
	},
	{
		.desc = "PHP to IPv4: IP TTL 255 down to 1",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 2)}, V4(255)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IP, V4(1)},
	},
	{
		.desc = "PHP to IPv6: hop limit = MPLS TTL - 1",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 33)}, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IPV6, V6(32)},
	},
	{
		.desc = "PHP to IPv6: lower hop limit kept",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(3)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IPV6, V6(3)},
	},
	/* RFC 1812 5.3.1 / RFC 8200: a router never sends IP with TTL (hop
	 * limit) 0, nor (RFC 3032 2.4.1) a label entry with TTL 0. */
	{
		.desc = "PHP to IPv4 with IP TTL 0 -> ttl_expired",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(0)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "PHP to IPv6 with hop limit 0 -> ttl_expired",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(0)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "PHP above an entry with TTL 0 -> ttl_expired",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 0, 64), LSE(300, 0, 1, 0)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "PHP with an entry below: its TTL = MPLS TTL - 1",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 10), LSE(300, 5, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 5, 1, 9)}, V4(64)},
	},
	{
		.desc = "PHP with entries below: lower TTL below kept",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(300, 0, 0, 3),
			       LSE(400, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(300, 0, 0, 3), LSE(400, 0, 1, 64)}, V4(64)},
	},
	{
		.desc = "PHP with bad payload nibble (5) -> bad_payload",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .payload = PB_RAW,
		       .raw = {0x50, 1, 2, 3, 4, 5, 6, 7}, .n_raw = 8},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
	},
	{
		.desc = "PHP with Ethernet pseudowire control word -> "
			"bad_payload",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .payload = PB_RAW,
		       .raw = {0, 0, 0, 1, 2, 0, 0, 0}, .n_raw = 8},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
	},
	{
		.desc = "PHP with IPv4 header cut -> truncated",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64),
		       .cut = 14 + 4 + 19},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},

	/* ---- pop-local, explicit null, entropy label -------------------- */
	{
		.desc = "pop-local then swap: TTL = min of both, minus 1",
		.labels = {POP(50), FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 0, 30), LSE(100, 6, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 6, 1, 29)}, V4(64)},
	},
	{
		.desc = "pop-local at bottom of stack -> IPv4 to the kernel",
		.labels = {POP(50)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 1, 1)}, V4(64)},
		.verdict = XDP_PASS,
		.out = {.type = ETH_P_IP, V4(64)},
	},
	{
		.desc = "pop-local twice to the bottom -> IPv6 to the kernel",
		.labels = {POP(50), POP(60)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 0, 9), LSE(60, 0, 1, 9)},
		       V6(64)},
		.verdict = XDP_PASS,
		.out = {.type = ETH_P_IPV6, V6(64)},
	},
	{
		.desc = "pop-local at bottom, VLAN tag kept for the kernel",
		.labels = {POP(50)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(50, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_PASS,
		.out = {.vlan = {VLAN(ETH_P_8021Q, 10)},
			.type = ETH_P_IP,
			V4(64)},
	},
	{
		.desc = "pop-local at bottom, QinQ tags kept for the kernel",
		.labels = {POP(50)},
		.in = {.vlan = {VLAN(ETH_P_8021AD, 100), VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(50, 0, 0, 64), LSE(0, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_PASS,
		.out = {.vlan = {VLAN(ETH_P_8021AD, 100),
				 VLAN(ETH_P_8021Q, 10)},
			.type = ETH_P_IP,
			V4(64)},
	},
	{
		.desc = "pop-local at bottom with bad payload -> bad_payload",
		.labels = {POP(50)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 1, 64)}, .payload = PB_ARP},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
	},
	{
		.desc = "pop-local at bottom with nothing below -> truncated",
		.labels = {POP(50)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 1, 64)}},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "IPv4 explicit null at bottom -> IPv4 to the kernel",
		.in = {ETH_MPLS, .lse = {LSE(0, 0, 1, 64)}, V4(64)},
		.verdict = XDP_PASS,
		.out = {.type = ETH_P_IP, V4(64)},
	},
	{
		.desc = "IPv6 explicit null at bottom -> IPv6 to the kernel",
		.in = {ETH_MPLS, .lse = {LSE(2, 0, 1, 64)}, V6(64)},
		.verdict = XDP_PASS,
		.out = {.type = ETH_P_IPV6, V6(64)},
	},
	{
		.desc = "IPv4 explicit null over IPv6 -> bad_payload",
		.in = {ETH_MPLS, .lse = {LSE(0, 0, 1, 64)}, V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
	},
	{
		.desc = "IPv6 explicit null over IPv4 -> bad_payload",
		.in = {ETH_MPLS, .lse = {LSE(2, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
	},
	{
		.desc = "explicit null above a label: popped, TTL carried",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(0, 0, 0, 5), LSE(100, 1, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 1, 1, 4)}, V4(64)},
	},
	{
		.desc = "explicit null with TTL 1 above a label -> ttl_expired",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(2, 0, 0, 1), LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "ELI + entropy label popped, then swap",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS,
		       .lse = {LSE(7, 0, 0, 0), LSE(123456, 0, 0, 0),
			       LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},
	{
		.desc = "ELI + entropy label at bottom -> IPv4 to the kernel",
		.in = {ETH_MPLS, .lse = {LSE(7, 0, 0, 0), LSE(99999, 0, 1, 0)},
		       V4(64)},
		.verdict = XDP_PASS,
		.out = {.type = ETH_P_IP, V4(64)},
	},
	{
		.desc = "ELI at bottom of stack -> reserved_label",
		.in = {ETH_MPLS, .lse = {LSE(7, 0, 1, 0)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},

	/* ---- reserved labels, TTL, unknown label ------------------------ */
	{
		.desc = "router alert (1) -> reserved_label",
		.in = {ETH_MPLS, .lse = {LSE(1, 0, 0, 64), LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},
	{
		.desc = "implicit null (3) on the wire -> reserved_label",
		.in = {ETH_MPLS, .lse = {LSE(3, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},
	{
		.desc = "GAL (13) -> reserved_label",
		.in = {ETH_MPLS, .lse = {LSE(13, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},
	{
		.desc = "label 15 -> reserved_label",
		.in = {ETH_MPLS, .lse = {LSE(15, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},
	{
		.desc = "reserved label under a pop-local -> reserved_label",
		.labels = {POP(50)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 0, 64), LSE(14, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_RESERVED_LABEL,
	},
	{
		.desc = "TTL 1 -> ttl_expired",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 1)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "TTL 0 -> ttl_expired",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 0)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "PHP with TTL 1 -> ttl_expired",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 1)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "pop-local TTL 1 then swap -> ttl_expired",
		.labels = {POP(50), FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 0, 1), LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
	},
	{
		.desc = "unknown label -> no_label",
		.labels = {FWD(101, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_LABEL,
		.no_hits = 1,
	},
	{
		.desc = "unknown label under a pop-local -> no_label",
		.labels = {POP(50)},
		.in = {ETH_MPLS, .lse = {LSE(50, 0, 0, 64), LSE(16, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_LABEL,
	},

	/* ---- truncated, too deep ---------------------------------------- */
	{
		.desc = "Ethernet header only, MPLS ethertype -> truncated",
		.in = {ETH_MPLS},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "Ethernet with a VLAN ethertype and no tag -> "
			"truncated",
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)}, ETH_MPLS, .cut = 15},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "1 byte of a label stack entry -> truncated",
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .cut = 15},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "2 bytes of a label stack entry -> truncated",
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .cut = 16},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "3 bytes of a label stack entry -> truncated",
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .cut = 17},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
	},
	{
		.desc = "stack cut after an entry without S -> truncated",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(200, 0, 1, 64)},
		       .cut = 14 + 4 + 3},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
		.no_hits = 1,
	},
	{
		.desc = "no S bit within the maximum depth -> stack_too_deep",
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(101, 0, 0, 64),
			       LSE(102, 0, 0, 64), LSE(103, 0, 0, 64),
			       LSE(104, 0, 0, 64), LSE(105, 0, 0, 64),
			       LSE(106, 0, 0, 64), LSE(107, 0, 0, 64),
			       LSE(108, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_STACK_TOO_DEEP,
	},
	{
		.desc = "S bit at the maximum depth (8) is accepted",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(101, 0, 0, 64),
			       LSE(102, 0, 0, 64), LSE(103, 0, 0, 64),
			       LSE(104, 0, 0, 64), LSE(105, 0, 0, 64),
			       LSE(106, 0, 0, 64), LSE(107, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(200, 0, 0, 63), LSE(101, 0, 0, 64),
				LSE(102, 0, 0, 64), LSE(103, 0, 0, 64),
				LSE(104, 0, 0, 64), LSE(105, 0, 0, 64),
				LSE(106, 0, 0, 64), LSE(107, 0, 1, 64)},
			V4(64)},
	},

	/* ---- L2: VLAN in and out ---------------------------------------- */
	{
		.desc = "802.1Q-tagged input, untagged nexthop",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},
	{
		.desc = "802.1ad + 802.1Q input, PHP, untagged nexthop",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
		.in = {.vlan = {VLAN(ETH_P_8021AD, 7), VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IP, V4(63)},
	},
	{
		.desc = "nexthop with vlan_id: 802.1Q tag pushed",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH(0, 42, 1500, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 42)}, ETH_MPLS,
			.lse = {LSE(200, 0, 0, 63), LSE(201, 0, 1, 63)},
			V4(64)},
	},
	{
		.desc = "tagged in, tagged out (vlan 4094), PHP to IPv6",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH(0, 4094, 1500, MPLSX_NH_RESOLVED)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 4094)},
			.type = ETH_P_IPV6, V6(63)},
	},

	/* ---- nexthop and egress ----------------------------------------- */
	{
		.desc = "unresolved nexthop -> nexthop_unresolved",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH(0, 0, 1500, MPLSX_NH_UNRESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
	},
	{
		.desc = "unused nexthop id -> nexthop_unresolved",
		.labels = {FWD(100, 2, 1, 200)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
	},
	{
		.desc = "nexthop id out of range -> nexthop_unresolved",
		.labels = {FWD(100, MPLSX_MAX_NEXTHOPS, 1, 200)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
	},
	{
		.desc = "labelled packet one byte over the MTU -> mtu_exceeded",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH(0, 0, 2 * 4 + V4_LEN - 1, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
	},
	{
		.desc = "labelled packet exactly at the MTU (VLAN not counted)",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH(0, 9, 2 * 4 + V4_LEN, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 9)}, ETH_MPLS,
			.lse = {LSE(200, 0, 0, 63), LSE(201, 0, 1, 63)},
			V4(64)},
	},
	{
		.desc = "PHP IP packet exactly at the MTU",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH(0, 0, V4_LEN, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .type = ETH_P_IP, V4(63)},
	},
	{
		.desc = "egress not in tx_port -> tx_error",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.no_tx_port = 1,
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TX_ERROR,
	},

	/* ---- nexthop transport labels (outside what the entry pushes) --- */
	{
		.desc = "swap through a nexthop with 1 transport label",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_LSP(0, 1500, 1, 16003)},
		.in = {ETH_MPLS, .lse = {LSE(100, 5, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 5, 0, 63), LSE(200, 5, 1, 63)},
			V4(64)},
	},
	{
		.desc = "swap and push 2 through a nexthop with 2: 4 entries",
		.labels = {FWD(100, 0, 2, 200, 201)},
		.nhs = {NH_LSP(0, 1500, 2, 16003, 16004)},
		.in = {ETH_MPLS, .lse = {LSE(100, 1, 0, 30), LSE(555, 0, 1, 5)},
		       V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 1, 0, 29), LSE(16004, 1, 0, 29),
				LSE(200, 1, 0, 29), LSE(201, 1, 0, 29),
				LSE(555, 0, 1, 5)},
			V6(64)},
	},
	{
		.desc = "PHP entry through a nexthop with a transport label: "
			"the label replaces it, S kept, IP untouched",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_LSP(0, 1500, 1, 16003)},
		.in = {ETH_MPLS, .lse = {LSE(100, 3, 1, 10)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(16003, 3, 1, 9)}, V4(64)},
	},
	{
		.desc = "PHP above an entry through a nexthop with a transport "
			"label: no S, entry below untouched",
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_LSP(0, 1500, 1, 16003)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 10), LSE(300, 5, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 9), LSE(300, 5, 1, 64)},
			V4(64)},
	},
	{
		.desc = "transport labels count against the MTU",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_LSP(0, 2 * 4 + V4_LEN - 1, 1, 16003)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
	},

	/* ---- not for the label switching path --------------------------- */
	{
		.desc = "ARP -> kernel, unchanged",
		.in = {.type = ETH_P_ARP, .payload = PB_ARP},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "IPv4 -> kernel, unchanged",
		.in = {.type = ETH_P_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "IPv6 -> kernel, unchanged",
		.in = {.type = ETH_P_IPV6, V6(1)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "802.1Q-tagged IPv4 -> kernel, unchanged",
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       .type = ETH_P_IP,
		       V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "MPLS multicast (0x8848) -> kernel, unchanged",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {.type = ETH_P_MPLS_MC,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		.no_hits = 1,
	},
	{
		.desc = "ingress port not in port_config -> pass, uncounted",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.port = PORT_UNMANAGED,
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		.no_hits = 1,
	},
	{
		.desc = "ingress port with another role -> pass, uncounted",
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.port = PORT_OTHER_ROLE,
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		.no_hits = 1,
	},

	/* ---- L3 VPN imposition: CE -> core ------------------------------- */
	{
		.desc = "VPNv4 imposition, 1 transport label: VPN label inner "
			"with S, MPLS TTL = IP TTL - 1 (uniform)",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VPNv4 imposition, no transport label (PE next door)",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 0, 1, 63)}, V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VPNv4 imposition, 2 transport labels",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 1048575)},
		.nhs = {NH_LSP(1, 1500, 2, 16003, 24000)},
		.in = {ETH_IP, V4(200)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 199), LSE(24000, 0, 0, 199),
				LSE(1048575, 0, 1, 199)},
			V4(199)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "6VPE imposition, no transport label",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 0, 1, 63)}, V6(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "6VPE imposition, 1 transport label",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(301, 0, 1, 63)},
			V6(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "6VPE imposition, 2 transport labels",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_LSP(1, 1500, 2, 16003, 24000)},
		.in = {ETH_IP6, V6(2)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 1), LSE(24000, 0, 0, 1),
				LSE(301, 0, 1, 1)},
			V6(1)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "pipe model port: MPLS TTL 255, IP TTL still - 1",
		VRF_PORT(RED),
		.port_flags = MPLSX_PORT_F_PIPE_TTL,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 255), LSE(300, 0, 1, 255)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "pipe model port, 6VPE",
		VRF_PORT(RED),
		.port_flags = MPLSX_PORT_F_PIPE_TTL,
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(9)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 0, 1, 255)}, V6(8)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "TC = IPv4 precedence: EF (TOS 0xb8) -> TC 5",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP, V4(64), .ip_tos = 0xb8},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 5, 0, 63), LSE(300, 5, 1, 63)},
			V4(63), .ip_tos = 0xb8},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "TC = IPv4 precedence: CS7 + ECN (TOS 0xe3) -> TC 7",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_tos = 0xe3},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 7, 1, 63)}, V4(63),
			.ip_tos = 0xe3},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "TC = IPv4 precedence: DSCP 7 (TOS 0x1f) -> TC 0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_tos = 0x1f},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 0, 1, 63)}, V4(63),
			.ip_tos = 0x1f},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "TC = IPv6 traffic class precedence: AF41 (0x88) -> 4",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP6, V6(64), .ip_tos = 0x88},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 4, 0, 63), LSE(301, 4, 1, 63)},
			V6(63), .ip_tos = 0x88},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "TC = IPv6 traffic class precedence: 0xfe -> 7",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_tos = 0xfe},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 7, 1, 63)}, V6(63),
			.ip_tos = 0xfe},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VLAN CE port: tagged frame on {ifindex, 100} imposed, "
			"tag gone",
		VRF_PORT(RED),
		.port_vlan = 100,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 100)}, ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VLAN CE port beside an untagged core port: the VLAN "
			"goes to the VRF",
		VRF_PORT(RED),
		.port_vlan = 100,
		.core_untagged = 1,
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_OK(1)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 100)}, ETH_IP6, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 0, 1, 63)}, V6(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VLAN CE port beside an untagged core port: untagged "
			"MPLS goes to the core",
		VRF_PORT(RED),
		.port_vlan = 100,
		.core_untagged = 1,
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},
	{
		.desc = "VLAN CE port beside an untagged core port: another "
			"VLAN's MPLS goes to the core",
		VRF_PORT(RED),
		.port_vlan = 100,
		.core_untagged = 1,
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 101)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},
	{
		.desc = "VLAN CE port's entry but its interface not flagged "
			"as having VLAN ports: port_vlan is not asked -> pass, "
			"uncounted",
		VRF_PORT(RED),
		.port_vlan = 100,
		.vlans_unflagged = 1,
		.uncounted = 1,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 100)}, ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "tagged MPLS on a core port without VLAN ports (a "
			"stray port_vlan entry, no flag): the core's, swapped",
		VRF_PORT(RED),
		.port_vlan = 10,
		.vlans_unflagged = 1,
		.core_untagged = 1,
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(200, 0, 1, 63)}, V4(64)},
	},
	{
		.desc = "VLAN CE port: untagged frame -> pass, uncounted",
		VRF_PORT(RED),
		.port_vlan = 100,
		.uncounted = 1,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "untagged VRF port: a VLAN of its interface is not "
			"the VRF's -> pass, uncounted",
		VRF_PORT(RED),
		.uncounted = 1,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 7)}, ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "VLAN CE port (802.1Q 100): an 802.1ad S-tag 100 is "
			"not its VLAN -> pass, uncounted",
		VRF_PORT(RED),
		.port_vlan = 100,
		.uncounted = 1,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {.vlan = {VLAN(ETH_P_8021AD, 100)}, ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "untagged VRF port: a priority-tagged frame (VID 0) is "
			"routed as untagged, tag gone",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 0)}, ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "untagged VRF port: an 802.1ad S-tag with VID 0 is not "
			"a priority tag -> pass, uncounted",
		VRF_PORT(RED),
		.uncounted = 1,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {.vlan = {VLAN(ETH_P_8021AD, 0)}, ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
	},
	{
		.desc = "VLAN CE port: a second tag inside -> pass",
		VRF_PORT(RED),
		.port_vlan = 100,
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 100), VLAN(ETH_P_8021Q, 5)},
		       ETH_IP,
		       V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "imposition MTU: fits the CE's 46 but not 46 + 8",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, V4_LEN + 2 * 4 - 1, 1, 16003)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "imposition MTU: IP + 2 labels exactly at the MTU",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, V4_LEN + 2 * 4, 1, 16003)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "imposition out of a VLAN core port: the prebuilt tag, "
			"MPLS after it; IP + 2 labels exactly at the MTU",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {{.set = 1,
			 .id = 1,
			 .vlan = 77,
			 .mtu = V4_LEN + 2 * 4,
			 .state = MPLSX_NH_RESOLVED,
			 .n_push = 1,
			 .push = {16003}}},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 77)}, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "imposition out of a VLAN core port: 1 byte over the "
			"MTU (the tag not counted) -> mtu_exceeded",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {{.set = 1,
			 .id = 1,
			 .vlan = 77,
			 .mtu = V4_LEN + 2 * 4 - 1,
			 .state = MPLSX_NH_RESOLVED,
			 .n_push = 1,
			 .push = {16003}}},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "6VPE imposition MTU: 1 byte over",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_LSP(1, V6_LEN + 3 * 4 - 1, 2, 16003, 24000)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "Ethernet padding is not imposed (frame trimmed to the "
			"IP length)",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_IP, V4(64), .trailer = 12},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "imposition to an unresolved PE -> nexthop_unresolved",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH(1, 0, 1500, MPLSX_NH_UNRESOLVED)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "imposition, IP TTL 1 -> ttl_expired",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(1)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "imposition, hop limit 0 -> ttl_expired",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(0)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
		VSTAT(RED, VC_DROP),
	},

	/* ---- VRF lookup ---------------------------------------------- */
	{
		.desc = "no route in the VRF -> no_route",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "203.0.113.0/24", 1, 300),
			   RT_REMOTE(BLUE, "198.51.100.0/24", 1, 400)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_ROUTE,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "no IPv6 route in the VRF -> no_route",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300),
			   RT_REMOTE(BLUE, "2001:db8:1::/48", 1, 401)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_ROUTE,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "overlapping prefixes, VRF red: red's label and PE",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300),
			   RT_REMOTE(BLUE, "198.51.100.0/24", 2, 400)},
		.nhs = {NH_LSP(1, 1500, 1, 16003), NH_LSP(2, 1500, 1, 16004)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16003, 0, 0, 63), LSE(300, 0, 1, 63)},
			V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "overlapping prefixes, VRF blue: blue's label and PE",
		VRF_PORT(BLUE),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300),
			   RT_REMOTE(BLUE, "198.51.100.0/24", 2, 400)},
		.nhs = {NH_LSP(1, 1500, 1, 16003), NH_LSP(2, 1500, 1, 16004)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS,
			.lse = {LSE(16004, 0, 0, 63), LSE(400, 0, 1, 63)},
			V4(63)},
		VSTAT(BLUE, VC_IMPOSED),
	},
	{
		.desc = "overlapping IPv6 prefixes, VRF blue: local in blue",
		VRF_PORT(BLUE),
		.routes = {RT_REMOTE(RED, "2001:db8:1::/48", 1, 301),
			   RT_LOCAL(BLUE, "2001:db8:1::/48", 2)},
		.nhs = {NH_OK(1), NH(2, 33, 1500, MPLSX_NH_RESOLVED)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 33)}, ETH_IP6,
			V6(63)},
		VSTAT(BLUE, VC_LOCAL),
	},
	{
		.desc = "longest prefix wins: /32 over /24, /16, /0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 299),
			   RT_REMOTE(RED, "198.51.0.0/16", 1, 300),
			   RT_REMOTE(RED, "198.51.100.0/24", 1, 301),
			   RT_REMOTE(RED, "198.51.100.7/32", 1, 302)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(302, 0, 1, 63)}, V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "longest prefix wins: /24 over /16, /0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 299),
			   RT_REMOTE(RED, "198.51.0.0/16", 1, 300),
			   RT_REMOTE(RED, "198.51.100.0/24", 1, 301),
			   RT_REMOTE(RED, "198.51.100.7/32", 1, 302)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_dst = "198.51.100.8"},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 0, 1, 63)}, V4(63),
			.ip_dst = "198.51.100.8"},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "longest prefix wins: default route last",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 299),
			   RT_REMOTE(RED, "198.51.0.0/16", 1, 300),
			   RT_REMOTE(RED, "198.51.100.0/24", 1, 301),
			   RT_REMOTE(RED, "198.51.100.7/32", 1, 302)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_dst = "198.52.0.1"},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(299, 0, 1, 63)}, V4(63),
			.ip_dst = "198.52.0.1"},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "longest prefix wins, IPv6: /64 over /48",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 299),
			   RT_REMOTE(RED, "2001:db8:1::/48", 1, 300),
			   RT_REMOTE(RED, "2001:db8:1::/64", 1, 301),
			   RT_REMOTE(RED, "2001:db8:1:0:8000::/65", 1, 302)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(301, 0, 1, 63)}, V6(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "RECEIVE route (the PE's own address) -> pass, even "
			"with TTL 1",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300),
			   RT_RECEIVE(RED, "198.51.100.7/32")},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(1)},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "IPv6 RECEIVE route -> pass",
		VRF_PORT(RED),
		.routes = {RT_RECEIVE(RED, "2001:db8:1::7/128")},
		.in = {ETH_IP6, V6(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "ARP on a VRF port -> pass",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {.type = ETH_P_ARP, .payload = PB_ARP},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "MPLS on a VRF port -> pass, no label lookup",
		VRF_PORT(RED),
		.labels = {FWD(100, 0, 1, 200)},
		.nhs = {NH_OK(0)},
		.no_hits = 1,
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "multicast 224.0.0.5 (OSPF) -> pass despite 0/0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(1), .ip_dst = "224.0.0.5"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "VRF port with its MAC: a frame for that MAC is "
			"imposed",
		VRF_PORT(RED),
		.port_mac = 1,
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 0, 1, 63)}, V4(63)},
		VSTAT(RED, VC_IMPOSED),
	},
	{
		.desc = "VRF port with its MAC: unicast for another host (a "
			"shared segment) -> kernel, not routed",
		VRF_PORT(RED),
		.port_mac = 1,
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {OUT_NH, ETH_IP, V4(64)},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "multicast 239.1.1.1 -> pass",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_dst = "239.1.1.1"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "broadcast 255.255.255.255 (DHCP) -> pass",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_dst = "255.255.255.255"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "IPv6 multicast ff02::1:ff00:7 (ND) -> pass despite "
			"::/0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(255), .ip_dst = "ff02::1:ff00:7"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "IPv6 link-local fe80::1 -> pass despite ::/0",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_dst = "fe80::1"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "IPv6 febf::1 (link-local /10, last) -> pass",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_dst = "febf::1"},
		.verdict = XDP_PASS,
		.out_same = 1,
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "IPv6 fec0::1 (not link-local) is routed",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_dst = "fec0::1"},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_MPLS, .lse = {LSE(300, 0, 1, 63)}, V6(63),
			.ip_dst = "fec0::1"},
		VSTAT(RED, VC_IMPOSED),
	},

	{
		.desc = "GLEAN route (connected host, no adjacency yet) -> "
			"nexthop_unresolved",
		VRF_PORT(RED),
		.routes = {RT_GLEAN(RED, "198.51.100.0/24")},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label to a GLEAN route -> nexthop_unresolved",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_GLEAN(RED, "2001:db8:1::/64")},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
		VSTAT(RED, VC_DROP),
	},

	/* ---- malformed IP from a CE ---------------------------------- */
	{
		.desc = "IPv4 IHL 4 -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_ihl = 4},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "IPv4 total length 1 beyond the frame -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_len_add = 1},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "IPv4 total length below the header -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_len_add = -27},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "IPv4 header cut short -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .cut = 14 + 19},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "ethertype IPv4, version 6 -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "0.0.0.0/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64), .ip_version = 6},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "ethertype IPv6, version 4 -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_version = 4},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "IPv6 payload length 1 beyond the frame -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .ip_len_add = 1},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "IPv6 header cut short -> bad_ip",
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "::/0", 1, 300)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .cut = 14 + 39},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},

	/* ---- local CE to CE -------------------------------------------- */
	{
		.desc = "local CE to CE, IPv4: TTL - 1, checksum, MACs",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(63)},
		VSTAT(RED, VC_LOCAL),
	},
	{
		.desc = "local CE to CE, IPv6: hop limit - 1",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(2)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(1)},
		VSTAT(RED, VC_LOCAL),
	},
	{
		.desc = "local CE to CE: VLAN CE in, VLAN CE out (nexthop tag)",
		VRF_PORT(RED),
		.port_vlan = 100,
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH(1, 200, 1500, MPLSX_NH_RESOLVED)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 100)},
		       ETH_IP,
		       V4(255),
		       .ip_tos = 0xb8},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 200)}, ETH_IP,
			V4(254), .ip_tos = 0xb8},
		VSTAT(RED, VC_LOCAL),
	},
	{
		.desc = "local CE to CE: Ethernet padding trimmed",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP6, V6(64), .trailer = 3},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(63)},
		VSTAT(RED, VC_LOCAL),
	},
	{
		.desc = "local CE to CE: IP packet exactly at the MTU",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH(1, 0, V4_LEN, MPLSX_NH_RESOLVED)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(63)},
		VSTAT(RED, VC_LOCAL),
	},
	{
		.desc = "local CE to CE: 1 byte over the MTU -> mtu_exceeded",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH(1, 0, V4_LEN - 1, MPLSX_NH_RESOLVED)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "local CE to CE: TTL 1 -> ttl_expired",
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(1)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "local CE to CE: CE port not in tx_port -> tx_error",
		VRF_PORT(RED),
		.no_tx_port = 1,
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_IP, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TX_ERROR,
		VSTAT(RED, VC_DROP),
	},

	/* ---- L3 VPN disposition: core -> CE ---------------------------- */
	{
		.desc = "per-VRF label, IPv4, uniform: IP TTL = MPLS TTL - 1",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 5, 1, 10)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(9)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label, IPv4, uniform: lower IP TTL - 1",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(20)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(19)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label, IPv4, pipe: IP TTL - 1, MPLS TTL "
			"ignored",
		.labels = {VPNL(100, RED, MPLSX_LABEL_F_PIPE_TTL)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 1)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label, IPv6, uniform",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 33)}, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(32)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label, IPv6, pipe",
		.labels = {VPNL(100, RED, MPLSX_LABEL_F_PIPE_TTL)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 33)}, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label, uniform, MPLS TTL 1 -> ttl_expired",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 1)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "per-VRF label, pipe, IP TTL 1 -> ttl_expired",
		.labels = {VPNL(100, RED, MPLSX_LABEL_F_PIPE_TTL)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(1)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TTL_EXPIRED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "per-VRF label selects the VRF: blue's route, not "
			"red's",
		.labels = {VPNL(101, BLUE, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1),
			   RT_LOCAL(BLUE, "198.51.100.0/24", 2)},
		.nhs = {NH_OK(1), NH(2, 77, 1500, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(101, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 77)}, ETH_IP,
			V4(63)},
		VSTAT(BLUE, VC_DISPOSED),
	},
	{
		.desc = "per-VRF label to a VLAN CE, tagged core frame in",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH(1, 200, 1500, MPLSX_NH_RESOLVED)},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 200)}, ETH_IP,
			V4(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-next-hop label, IPv4: straight to the CE",
		.labels = {VPNL_NH(100, RED, 2, 0)},
		.nhs = {NH_OK(2)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "per-next-hop label, IPv6, pipe",
		.labels = {VPNL_NH(100, BLUE, 2, MPLSX_LABEL_F_PIPE_TTL)},
		.nhs = {NH(2, 5, 1500, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 3)}, V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, .vlan = {VLAN(ETH_P_8021Q, 5)}, ETH_IP6,
			V6(63)},
		VSTAT(BLUE, VC_DISPOSED),
	},
	{
		.desc = "per-next-hop label, unresolved CE -> "
			"nexthop_unresolved",
		.labels = {VPNL_NH(100, RED, 2, 0)},
		.nhs = {NH(2, 0, 1500, MPLSX_NH_UNRESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NEXTHOP_UNRESOLVED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "disposition: IP packet over the CE MTU -> "
			"mtu_exceeded",
		.labels = {VPNL_NH(100, RED, 2, 0)},
		.nhs = {NH(2, 0, V4_LEN - 1, MPLSX_NH_RESOLVED)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_MTU_EXCEEDED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "explicit null 0 under the VPN label: popped too",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 0, 64), LSE(0, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "explicit null 2 under the VPN label, IPv6",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 0, 64), LSE(2, 0, 1, 64)},
		       V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "IPv4 explicit null under the VPN label, IPv6 inside "
			"-> bad_payload",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 0, 64), LSE(0, 0, 1, 64)},
		       V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "explicit null above the VPN label (PE-PE, explicit "
			"null): IP TTL = min - 1",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(0, 0, 0, 5), LSE(100, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP, V4(4)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "transport label popped here above the VPN label",
		.labels = {POP(16001), VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS,
		       .lse = {LSE(16001, 0, 0, 64), LSE(100, 0, 1, 255)},
		       V6(64)},
		.verdict = XDP_REDIRECT,
		.out = {OUT_NH, ETH_IP6, V6(63)},
		VSTAT(RED, VC_DISPOSED),
	},
	{
		.desc = "VPN label not at the bottom -> bad_payload",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(200, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "explicit null then another entry under the VPN label "
			"-> bad_payload",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(0, 0, 0, 64),
			       LSE(0, 0, 1, 64)},
		       V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, payload nibble 5 -> bad_payload",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "0.0.0.0/0", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, .payload = PB_RAW,
		       .raw = {0x50, 1, 2, 3, 4, 5, 6, 7}, .n_raw = 8},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_PAYLOAD,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, IPv4 total length beyond the frame -> "
			"bad_ip",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(RED, "0.0.0.0/0", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64),
		       .ip_len_add = 100},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, IPv6 header cut short -> bad_ip",
		.labels = {VPNL_NH(100, RED, 1, 0)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(64),
		       .cut = 14 + 4 + 30},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_BAD_IP,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, nothing below the stack -> truncated",
		.labels = {VPNL(100, RED, 0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_TRUNCATED,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label leads to a REMOTE route -> no_route",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V4(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_ROUTE,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, no route in its VRF (only in another) -> "
			"no_route",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_LOCAL(BLUE, "2001:db8:1::/48", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(64)},
		.verdict = XDP_DROP,
		.reason = MPLSX_DROP_NO_ROUTE,
		VSTAT(RED, VC_DROP),
	},
	{
		.desc = "VPN label, RECEIVE route -> pass, labels gone, "
			"ethertype IPv4, TTL kept",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_RECEIVE(RED, "198.51.100.7/32"),
			   RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 1)}, V4(64)},
		.verdict = XDP_PASS,
		.out = {ETH_IP, V4(64)},
		VSTAT(RED, VC_PASS),
	},
	{
		.desc = "VPN label over explicit null, RECEIVE, tagged -> "
			"pass, tag kept, ethertype IPv6",
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_RECEIVE(RED, "2001:db8:1::/64")},
		.in = {.vlan = {VLAN(ETH_P_8021Q, 10)},
		       ETH_MPLS,
		       .lse = {LSE(100, 0, 0, 64), LSE(2, 0, 1, 64)},
		       V6(64)},
		.verdict = XDP_PASS,
		.out = {.vlan = {VLAN(ETH_P_8021Q, 10)}, ETH_IP6, V6(64)},
		VSTAT(RED, VC_PASS),
	},
};

/* ---- map plumbing ---------------------------------------------------- */

static struct mplsx_bpf *skel;
static int ncpus;

#define STATS_ID(i) (10 + (i)) /* label_stats slot of a row's label i */

static void sum_counter(int fd, uint32_t key, struct mplsx_counter *sum)
{
	percpu_sum(fd, key, sum, sizeof(*sum));
}

static void sum_port(uint32_t port, struct port_stats *sum)
{
	percpu_sum(bpf_map__fd(skel->maps.port_stats), port, sum, sizeof(*sum));
}

static void sum_vrf(uint32_t vrf, struct vrf_stats *sum)
{
	percpu_sum(bpf_map__fd(skel->maps.vrf_stats), vrf, sum, sizeof(*sum));
}

struct counters {
	struct port_stats in, eg;
	struct mplsx_counter drop[MPLSX_DROP__MAX];
	struct mplsx_counter label[4];
	struct vrf_stats vrf[3]; /* 0 unused, RED, BLUE */
};

static void read_counters(struct counters *c)
{
	int i;

	sum_port(IN_PORT, &c->in);
	sum_port(EG_PORT, &c->eg);
	for (i = 0; i < MPLSX_DROP__MAX; i++)
		sum_counter(bpf_map__fd(skel->maps.drop_stats), i, &c->drop[i]);
	for (i = 0; i < 4; i++)
		sum_counter(bpf_map__fd(skel->maps.label_stats), STATS_ID(i),
			    &c->label[i]);
	for (i = RED; i <= BLUE; i++)
		sum_vrf(i, &c->vrf[i]);
}

/* Empty a hash or LPM trie map, whatever its key size. */
static void clear_map(int fd)
{
	uint8_t key[64];

	while (!bpf_map_get_next_key(fd, NULL, key))
		if (bpf_map_delete_elem(fd, key))
			break;
}

/* A port: the untagged one in port_config[ifindex], a VLAN's in
 * port_vlan. */
static int port_write(const struct port_key *k, const struct port_config *pc)
{
	if (k->vlan_id)
		return bpf_map_update_elem(bpf_map__fd(skel->maps.port_vlan), k,
					   pc, BPF_ANY);
	return bpf_map_update_elem(bpf_map__fd(skel->maps.port_config),
				   &k->ifindex, pc, BPF_ANY);
}

/* label_table is an array: the labels the last row wrote are zeroed,
 * not deleted. */
static uint32_t labels_set[4];
static int n_labels_set;

static void clear_labels(int fd)
{
	struct label_entry none = {};

	while (n_labels_set > 0)
		bpf_map_update_elem(fd, &labels_set[--n_labels_set], &none,
				    BPF_ANY);
}

/* Add a VRF route; 0 or -errno. */
static int add_route(uint32_t vrf, const char *prefix, uint8_t kind,
		     uint32_t nh, uint32_t vpn_label)
{
	struct vrf_route rt = {.kind = kind, .nexthop_id = nh};
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(prefix, '/');
	int v6 = strchr(prefix, ':') != NULL, fd;
	unsigned int plen;

	if (!slash || (size_t)(slash - prefix) >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, prefix, slash - prefix);
	addr[slash - prefix] = '\0';
	plen = atoi(slash + 1);
	if (kind == MPLSX_ROUTE_REMOTE)
		rt.vpn_label = htonl(vpn_label << MPLS_LS_LABEL_SHIFT |
				     MPLS_LS_S_MASK);
	if (v6) {
		struct vrf_fib6_key k = {.prefixlen = 32 + plen, .vrf_id = vrf};

		if (inet_pton(AF_INET6, addr, k.addr) != 1)
			return -EINVAL;
		fd = bpf_map__fd(skel->maps.vrf_fib6);
		return bpf_map_update_elem(fd, &k, &rt, BPF_ANY) ? -errno : 0;
	} else {
		struct vrf_fib4_key k = {.prefixlen = 32 + plen, .vrf_id = vrf};

		if (inet_pton(AF_INET, addr, &k.addr) != 1)
			return -EINVAL;
		fd = bpf_map__fd(skel->maps.vrf_fib4);
		return bpf_map_update_elem(fd, &k, &rt, BPF_ANY) ? -errno : 0;
	}
}

/* Install the row's state on empty maps.  0 on success. */
static int setup_maps(const struct row *r)
{
	int lfd = bpf_map__fd(skel->maps.label_table);
	int nfd = bpf_map__fd(skel->maps.nexthop);
	int pfd = bpf_map__fd(skel->maps.port_config);
	int tfd = bpf_map__fd(skel->maps.tx_port);
	struct port_config pc = {.role = MPLSX_PORT_CORE, .port_id = IN_PORT};
	struct port_config no_port = {};
	uint32_t key, ifindex = TX_IFINDEX, in_ifindex = IN_IFINDEX;
	int i, j, err;

	clear_labels(lfd);
	clear_map(bpf_map__fd(skel->maps.port_vlan));
	bpf_map_update_elem(pfd, &in_ifindex, &no_port, BPF_ANY);
	clear_map(tfd);
	clear_map(bpf_map__fd(skel->maps.vrf_fib4));
	clear_map(bpf_map__fd(skel->maps.vrf_fib6));
	for (key = 0; key < NH_MAX; key++) {
		struct nexthop zero = {};

		if (bpf_map_update_elem(nfd, &key, &zero, BPF_ANY))
			return -errno;
	}

	for (i = 0; i < 4 && r->labels[i].set; i++) {
		const struct label_spec *s = &r->labels[i];
		struct label_entry le = {
			.action = s->action,
			.n_out = s->n_out,
			.flags = s->flags,
			.nexthop_id = s->nh,
			.stats_id = STATS_ID(i),
			.vrf_id = s->vrf,
		};

		for (j = 0; j < s->n_out; j++)
			le.out[j] = htonl(s->out[j] << MPLS_LS_LABEL_SHIFT);
		if (bpf_map_update_elem(lfd, &s->in, &le, BPF_ANY))
			return -errno;
		labels_set[n_labels_set++] = s->in;
	}
	for (i = 0; i < 3 && r->nhs[i].set; i++) {
		const struct nh_spec *s = &r->nhs[i];
		struct nexthop nh = {
			.ifindex = TX_IFINDEX,
			.port_id = EG_PORT,
			.mtu = s->mtu,
			.vlan_id = s->vlan,
			.state = s->state,
			.n_push = s->n_push,
		};

		memcpy(nh.dmac, pb_nh_dmac, 6);
		memcpy(nh.smac, pb_nh_smac, 6);
		for (j = 0; j < s->n_push; j++)
			nh.push[j] = htonl(s->push[j] << MPLS_LS_LABEL_SHIFT);
		nexthop_prebuild(&nh);
		if (bpf_map_update_elem(nfd, &s->id, &nh, BPF_ANY))
			return -errno;
	}
	for (i = 0; i < 4 && r->routes[i].set; i++) {
		const struct route_spec *s = &r->routes[i];

		err = add_route(s->vrf, s->prefix, s->kind, s->nh,
				s->vpn_label);
		if (err)
			return err;
	}
	if (r->port != PORT_UNMANAGED) {
		struct port_key pk = {.ifindex = IN_IFINDEX};

		if (r->port == PORT_OTHER_ROLE)
			pc.role = 99;
		if (r->port == PORT_VRF) {
			pc.role = MPLSX_PORT_VRF;
			pc.vrf_id = r->vrf;
			pc.flags = r->port_flags;
			if (r->port_mac)
				memcpy(pc.mac, pb_in_dmac, sizeof(pc.mac));
			pk.vlan_id = r->port_vlan;
		}
		if (port_write(&pk, &pc))
			return -errno;
	}
	if (r->core_untagged) {
		struct port_key pk = {.ifindex = IN_IFINDEX};
		struct port_config core = {.role = MPLSX_PORT_CORE,
					   .port_id = IN_PORT};

		if (port_write(&pk, &core))
			return -errno;
	}
	if (r->port == PORT_VRF && r->port_vlan && !r->vlans_unflagged &&
	    port_vlans_mark(pfd, IN_IFINDEX))
		return -errno;
	if (!r->no_tx_port) {
		err = bpf_map_update_elem(tfd, &ifindex, &ifindex, BPF_ANY);
		if (err)
			return -errno;
	}
	return 0;
}

static int run_frame(const struct frame *in, struct frame *out, int *retval,
		     int repeat, uint32_t *duration)
{
	struct xdp_md ctx = {
		.data_end = in->len,
		.ingress_ifindex = IN_IFINDEX,
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = in->len, .data_out = out->b,
		    .data_size_out = sizeof(out->b), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = repeat);
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				     &opts);
	if (err)
		return -errno;
	out->len = opts.data_size_out;
	*retval = opts.retval;
	if (duration)
		*duration = opts.duration;
	return 0;
}

static const char *verdict_name(int v)
{
	static const char *names[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS",
				      "XDP_TX", "XDP_REDIRECT"};

	return v >= 0 && v <= XDP_REDIRECT ? names[v] : "?";
}

static const char *reason_name(int r)
{
	static const char *names[] = MPLSX_DROP_REASON_NAMES;

	return r >= 0 && r < MPLSX_DROP__MAX ? names[r] : "?";
}

/* Every IPv4 header in an output frame must checksum to zero. */
static int ipv4_csum_ok(const struct frame *f)
{
	size_t off = 12;
	uint16_t type;

	for (;;) {
		if (off + 2 > f->len)
			return 1;
		type = f->b[off] << 8 | f->b[off + 1];
		off += 2;
		if (type == ETH_P_8021Q || type == ETH_P_8021AD)
			off += 2;
		else
			break;
	}
	if (type == ETH_P_MPLS_UC) {
		while (off + 4 <= f->len && !(f->b[off + 2] & 1))
			off += 4;
		off += 4;
		type = off < f->len && f->b[off] >> 4 == 4 ? ETH_P_IP : 0;
	}
	if (type != ETH_P_IP || off + 20 > f->len)
		return 1;
	return pb_csum(f->b + off, 20, 0) == 0;
}

/* vrf_stats[vrf] moved by exactly what the row says, bytes as received. */
static void check_vrf_stats(const struct row *r, uint32_t vrf,
			    const struct vrf_stats *b,
			    const struct vrf_stats *a, uint64_t in_len)
{
	struct vrf_stats
		want = {},
		got = {
			.imposed_packets =
				a->imposed_packets - b->imposed_packets,
			.imposed_bytes = a->imposed_bytes - b->imposed_bytes,
			.disposed_packets =
				a->disposed_packets - b->disposed_packets,
			.disposed_bytes = a->disposed_bytes - b->disposed_bytes,
			.local_packets = a->local_packets - b->local_packets,
			.local_bytes = a->local_bytes - b->local_bytes,
			.pass_packets = a->pass_packets - b->pass_packets,
			.drop_packets = a->drop_packets - b->drop_packets,
		};

	if (r->stat_vrf == vrf) {
		switch (r->stat) {
		case VC_IMPOSED:
			want.imposed_packets = 1;
			want.imposed_bytes = in_len;
			break;
		case VC_DISPOSED:
			want.disposed_packets = 1;
			want.disposed_bytes = in_len;
			break;
		case VC_LOCAL:
			want.local_packets = 1;
			want.local_bytes = in_len;
			break;
		case VC_PASS:
			want.pass_packets = 1;
			break;
		case VC_DROP:
			want.drop_packets = 1;
			break;
		case VC_NONE:
			break;
		}
	}
	CHECK(!memcmp(&want, &got, sizeof(want)),
	      "vrf_stats[%u] delta: imposed %llu/%llu disposed %llu/%llu "
	      "local %llu/%llu pass %llu drop %llu; want %llu/%llu %llu/%llu "
	      "%llu/%llu %llu %llu",
	      vrf, (unsigned long long)got.imposed_packets,
	      (unsigned long long)got.imposed_bytes,
	      (unsigned long long)got.disposed_packets,
	      (unsigned long long)got.disposed_bytes,
	      (unsigned long long)got.local_packets,
	      (unsigned long long)got.local_bytes,
	      (unsigned long long)got.pass_packets,
	      (unsigned long long)got.drop_packets,
	      (unsigned long long)want.imposed_packets,
	      (unsigned long long)want.imposed_bytes,
	      (unsigned long long)want.disposed_packets,
	      (unsigned long long)want.disposed_bytes,
	      (unsigned long long)want.local_packets,
	      (unsigned long long)want.local_bytes,
	      (unsigned long long)want.pass_packets,
	      (unsigned long long)want.drop_packets);
}

static void run_row(const void *arg)
{
	const struct row *r = arg;
	struct counters before, after;
	struct frame in, exp, got;
	uint64_t in_len;
	int i, err, verdict;

	err = setup_maps(r);
	CHECK(!err, "map setup: %s", strerror(-err));
	if (err)
		return;
	pb_build(&in, &r->in);
	in_len = in.len;
	if (r->out_same)
		exp = in;
	else
		pb_build(&exp, &r->out);

	read_counters(&before);
	err = run_frame(&in, &got, &verdict, 1, NULL);
	CHECK(!err, "test run: %s", strerror(-err));
	if (err)
		return;
	read_counters(&after);

	CHECK(verdict == r->verdict, "verdict %s, expected %s",
	      verdict_name(verdict), verdict_name(r->verdict));

	if (r->verdict != XDP_DROP && verdict == r->verdict) {
		int same = got.len == exp.len && !memcmp(got.b, exp.b, exp.len);

		CHECK(same, "output frame differs");
		if (!same)
			pb_hexdiff(stderr, exp.b, exp.len, got.b, got.len);
		CHECK(ipv4_csum_ok(&got), "IPv4 header checksum is wrong");
	}

	/* Counters.  An unmanaged port counts nothing at all. */
	{
		int managed = (r->port == PORT_CORE || r->port == PORT_VRF) &&
			      !r->uncounted;
		int drop = managed && r->verdict == XDP_DROP;
		int pass = managed && r->verdict == XDP_PASS;
		int tx = managed && r->verdict == XDP_REDIRECT;

		CHECK(after.in.rx_packets - before.in.rx_packets ==
			      (uint64_t)managed,
		      "rx_packets delta");
		CHECK(after.in.rx_bytes - before.in.rx_bytes ==
			      (managed ? in_len : 0),
		      "rx_bytes delta %llu, frame %llu",
		      (unsigned long long)(after.in.rx_bytes -
					   before.in.rx_bytes),
		      (unsigned long long)in_len);
		CHECK(after.in.pass_packets - before.in.pass_packets ==
			      (uint64_t)pass,
		      "pass_packets delta");
		CHECK(after.in.drop_packets - before.in.drop_packets ==
			      (uint64_t)drop,
		      "drop_packets delta");
		CHECK(after.eg.tx_packets - before.eg.tx_packets ==
			      (uint64_t)tx,
		      "tx_packets delta");
		CHECK(after.eg.tx_bytes - before.eg.tx_bytes ==
			      (tx ? exp.len : 0),
		      "tx_bytes delta %llu, expected %zu",
		      (unsigned long long)(after.eg.tx_bytes -
					   before.eg.tx_bytes),
		      tx ? exp.len : 0);
		for (i = 0; i < MPLSX_DROP__MAX; i++) {
			uint64_t want = drop && i == r->reason;
			uint64_t d =
				after.drop[i].packets - before.drop[i].packets;

			CHECK(d == want, "drop_stats[%s] delta %llu, want %llu",
			      reason_name(i), (unsigned long long)d,
			      (unsigned long long)want);
			CHECK(after.drop[i].bytes - before.drop[i].bytes ==
				      want * in_len,
			      "drop_stats[%s] bytes", reason_name(i));
		}
		for (i = 0; i < 4 && r->labels[i].set; i++) {
			uint64_t want = managed && !r->no_hits;
			uint64_t d = after.label[i].packets -
				     before.label[i].packets;

			CHECK(d == want, "label_stats[label %u] delta %llu",
			      r->labels[i].in, (unsigned long long)d);
			CHECK(after.label[i].bytes - before.label[i].bytes ==
				      want * in_len,
			      "label_stats[label %u] bytes", r->labels[i].in);
		}
		for (i = RED; i <= BLUE; i++)
			check_vrf_stats(r, i, &before.vrf[i], &after.vrf[i],
					in_len);
	}
}

/*
 * PHP to IPv4 for every IP TTL against a spread of MPLS TTLs: the
 * incremental checksum update must match the builder's from-scratch
 * checksum on each, including the one's complement wrap-arounds; IP TTL 0
 * is dropped, never forwarded.
 */
static void test_php_ipv4_ttl_sweep(void)
{
	static const struct row r = {
		.labels = {FWD(100, 0, 0)},
		.nhs = {NH_OK(0)},
	};
	static const uint8_t mpls_ttls[] = {2, 3, 17, 64, 128, 200, 255};
	struct frame_spec in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 0)}, V4(0)};
	struct frame_spec out = {OUT_NH, .type = ETH_P_IP, V4(0)};
	struct frame fin, fexp, fgot;
	unsigned int m, t, bad = 0;
	int err, verdict;

	err = setup_maps(&r);
	CHECK(!err, "map setup: %s", strerror(-err));
	if (err)
		return;
	for (m = 0; m < sizeof(mpls_ttls); m++) {
		for (t = 0; t < 256; t++) {
			unsigned int out_ttl = mpls_ttls[m] - 1u;
			uint8_t want = t < out_ttl ? t : out_ttl;

			in.lse[0].ttl = mpls_ttls[m];
			in.ip_ttl = t;
			out.ip_ttl = want;
			pb_build(&fin, &in);
			pb_build(&fexp, &out);
			err = run_frame(&fin, &fgot, &verdict, 1, NULL);
			if (t == 0) { /* never forwarded with TTL 0 */
				if (err || verdict != XDP_DROP) {
					if (!bad++)
						fprintf(stderr,
							"    MPLS TTL %u, IP "
							"TTL "
							"0: verdict %d\n",
							mpls_ttls[m], verdict);
				}
				continue;
			}
			if (err || verdict != XDP_REDIRECT ||
			    fgot.len != fexp.len ||
			    memcmp(fgot.b, fexp.b, fexp.len)) {
				if (!bad++) {
					fprintf(stderr,
						"    MPLS TTL %u, IP TTL %u:\n",
						mpls_ttls[m], t);
					pb_hexdiff(stderr, fexp.b, fexp.len,
						   fgot.b, fgot.len);
				}
			}
		}
	}
	CHECK(!bad, "%u of %zu TTL pairs wrong", bad, sizeof(mpls_ttls) * 256);
}

/*
 * Local CE-to-CE forwarding and imposition for every IPv4 TTL and a
 * spread of TOS values: the incremental checksum update must match the
 * builder's from-scratch checksum, the pushed entries carry TTL - 1
 * (uniform) and the precedence as TC.
 */
static void test_vrf_ipv4_ttl_tos_sweep(void)
{
	static const struct row local = {
		VRF_PORT(RED),
		.routes = {RT_LOCAL(RED, "198.51.100.0/24", 1)},
		.nhs = {NH_OK(1)},
	};
	static const struct row remote = {
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
	};
	static const uint8_t toses[] = {0x00, 0x20, 0x48, 0xb8, 0xc0, 0xff};
	const struct row *setups[] = {&local, &remote};
	struct frame_spec in = {ETH_IP, V4(0)};
	struct frame fin, fexp, fgot;
	unsigned int k, m, t, bad = 0, n = 0;
	int err, verdict;

	for (k = 0; k < 2; k++) {
		err = setup_maps(setups[k]);
		CHECK(!err, "map setup: %s", strerror(-err));
		if (err)
			return;
		for (m = 0; m < sizeof(toses); m++) {
			for (t = 0; t < 256; t++) {
				struct frame_spec out = {OUT_NH, ETH_IP,
							 V4(t - 1)};
				int want = t > 1 ? XDP_REDIRECT : XDP_DROP;

				if (k == 1) {
					struct pb_lse l0 = LSE(16003, 0, 0, 0);
					struct pb_lse l1 = LSE(300, 0, 1, 0);

					l0.ttl = l1.ttl = t - 1;
					l0.tc = l1.tc = toses[m] >> 5;
					out.type = ETH_P_MPLS_UC;
					out.lse[0] = l0;
					out.lse[1] = l1;
				}
				in.ip_ttl = t;
				in.ip_tos = out.ip_tos = toses[m];
				pb_build(&fin, &in);
				pb_build(&fexp, &out);
				n++;
				err = run_frame(&fin, &fgot, &verdict, 1, NULL);
				if (!err && verdict == want &&
				    (want == XDP_DROP ||
				     (fgot.len == fexp.len &&
				      !memcmp(fgot.b, fexp.b, fexp.len))))
					continue;
				if (!bad++) {
					fprintf(stderr,
						"    %s, TTL %u, TOS %#x: %s\n",
						k ? "imposition" : "local", t,
						toses[m],
						verdict_name(verdict));
					pb_hexdiff(stderr, fexp.b, fexp.len,
						   fgot.b, fgot.len);
				}
			}
		}
	}
	CHECK(!bad, "%u of %u TTL/TOS cases wrong", bad, n);
}

/* Forget the glean requests recently sent (the hold-off's memory), on
 * every CPU: earlier rows asked for the same hosts. */
static void glean_forget(void)
{
	size_t sz = bpf_map__value_size(skel->maps.glean_recent);
	void *zero = calloc((size_t)ncpus, (sz + 7) & ~(size_t)7);
	uint32_t k = 0;

	CHECK(zero && !bpf_map_update_elem(bpf_map__fd(skel->maps.glean_recent),
					   &k, zero, 0),
	      "clear glean_recent: %s", strerror(errno));
	free(zero);
}

static int glean_cb(void *ctx, void *data, size_t len)
{
	struct glean_event *out = ctx;

	if (len == sizeof(*out) && !out[0].family)
		memcpy(&out[0], data, len);
	else if (len == sizeof(*out))
		memcpy(&out[1], data, len);
	return 0;
}

/*
 * GLEAN routes ask the agent over glean_events: {vrf, family, address},
 * once for a burst towards one host (on one CPU: the test pins itself).
 */
static void test_glean_events(void)
{
	static const struct row r4 = {
		VRF_PORT(BLUE),
		.routes = {RT_GLEAN(BLUE, "198.51.100.0/24")},
	};
	static const struct row r6 = {
		.labels = {VPNL(100, RED, 0)},
		.routes = {RT_GLEAN(RED, "2001:db8:1::/64")},
	};
	struct frame_spec in4 = {ETH_IP, V4(64)};
	struct frame_spec in6 = {ETH_MPLS, .lse = {LSE(100, 0, 1, 64)}, V6(64)};
	uint8_t want6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 7};
	uint8_t want4[4] = {198, 51, 100, 7};
	struct glean_event ev[2];
	struct ring_buffer *rb;
	struct frame fin, fgot;
	cpu_set_t cpus, old;
	int verdict, i, n;

	rb = ring_buffer__new(bpf_map__fd(skel->maps.glean_events), glean_cb,
			      ev, NULL);
	CHECK(rb, "ring_buffer__new: %s", strerror(errno));
	if (!rb)
		return;
	sched_getaffinity(0, sizeof(old), &old);
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	ring_buffer__consume(rb); /* what the table rows left */
	glean_forget();

	memset(ev, 0, sizeof(ev));
	CHECK(!setup_maps(&r4), "map setup");
	pb_build(&fin, &in4);
	for (i = 0; i < 3; i++)
		run_frame(&fin, &fgot, &verdict, 1, NULL);
	n = ring_buffer__consume(rb);
	CHECK(n == 1, "IPv4: %d events for a burst of 3, want 1", n);
	CHECK(ev[0].vrf_id == BLUE && ev[0].family == AF_INET &&
		      !memcmp(ev[0].addr, want4, 4),
	      "IPv4 event: vrf %u family %u", ev[0].vrf_id, ev[0].family);

	memset(ev, 0, sizeof(ev));
	CHECK(!setup_maps(&r6), "map setup");
	pb_build(&fin, &in6);
	run_frame(&fin, &fgot, &verdict, 1, NULL);
	n = ring_buffer__consume(rb);
	CHECK(n == 1, "IPv6: %d events, want 1", n);
	CHECK(ev[0].vrf_id == RED && ev[0].family == AF_INET6 &&
		      !memcmp(ev[0].addr, want6, 16),
	      "IPv6 event: vrf %u family %u", ev[0].vrf_id, ev[0].family);

	sched_setaffinity(0, sizeof(old), &old);
	ring_buffer__free(rb);
}

/*
 * The hold-off remembers several recent requests, not one: two hosts (and
 * up to MPLSX_GLEAN_RECENT) alternating ask once each, not once a packet.
 */
static void test_glean_hosts_alternating(void)
{
	static const struct row r4 = {
		VRF_PORT(BLUE),
		.routes = {RT_GLEAN(BLUE, "198.51.100.0/24")},
	};
	struct frame_spec a = {ETH_IP, V4(64), .ip_dst = "198.51.100.21"};
	struct frame_spec b = {ETH_IP, V4(64), .ip_dst = "198.51.100.22"};
	struct glean_event ev[2];
	struct ring_buffer *rb;
	struct frame fa, fb, fgot;
	cpu_set_t cpus, old;
	int verdict, i, n;

	rb = ring_buffer__new(bpf_map__fd(skel->maps.glean_events), glean_cb,
			      ev, NULL);
	CHECK(rb, "ring_buffer__new: %s", strerror(errno));
	if (!rb)
		return;
	sched_getaffinity(0, sizeof(old), &old);
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	ring_buffer__consume(rb);
	glean_forget();

	memset(ev, 0, sizeof(ev));
	CHECK(!setup_maps(&r4), "map setup");
	pb_build(&fa, &a);
	pb_build(&fb, &b);
	for (i = 0; i < 10; i++) {
		run_frame(&fa, &fgot, &verdict, 1, NULL);
		CHECK(verdict == XDP_DROP, "A: verdict %d", verdict);
		run_frame(&fb, &fgot, &verdict, 1, NULL);
		CHECK(verdict == XDP_DROP, "B: verdict %d", verdict);
	}
	n = ring_buffer__consume(rb);
	CHECK(n == 2, "%d events for 10 x (A, B), want 2", n);
	CHECK(ev[0].addr[3] == 21 && ev[1].addr[3] == 22,
	      "events for .%u and .%u", ev[0].addr[3], ev[1].addr[3]);

	sched_setaffinity(0, sizeof(old), &old);
	ring_buffer__free(rb);
}

/* ---- a per-frame cost figure (printed, not asserted) ----------------- */

/*
 * BPF_PROG_TEST_RUN repeats on the same buffer without restoring it, so a
 * rewriting path would see its own output.  A swap of label 100 to itself
 * with TTL 255 stays on the forwarding path for 254 runs; repeat that.
 */
static void bench(void)
{
	static const struct row r = {
		.labels = {FWD(100, 0, 1, 100)},
		.nhs = {NH_OK(0)},
		.in = {ETH_MPLS, .lse = {LSE(100, 0, 1, 255)}, V4(64)},
	};
	static const struct row p = {
		.in = {.type = ETH_P_IP, V4(64)},
	};
	struct frame in, out;
	uint32_t d1 = 0, d2 = 0;
	int v1 = -1, v2 = -1;

	if (setup_maps(&r))
		return;
	pb_build(&in, &r.in);
	if (run_frame(&in, &out, &v1, 254, &d1))
		return;
	pb_build(&in, &p.in);
	if (run_frame(&in, &out, &v2, 100000, &d2))
		return;
	printf("# ns/frame (test run, not asserted): swap %u (%s), "
	       "non-MPLS pass %u (%s)\n",
	       d1, verdict_name(v1), d2, verdict_name(v2));
}

/*
 * Imposition cost against the FIB's size.  Imposition grows the frame, so
 * BPF_PROG_TEST_RUN's repeat (which reruns on the same, now labelled,
 * buffer) cannot be used: each figure is the median of single runs, one
 * syscall each with a fresh frame, timed by the kernel around the run.
 * The filler routes are random prefixes (/16../32, /48../64) of the same
 * VRF, so the lookup walks a trie as deep as a full one would be.
 */
#define BENCH_RUNS 20001

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t median_single_runs(const struct frame *in, int *verdict)
{
	static uint32_t d[BENCH_RUNS];
	struct frame out;
	int i;

	for (i = 0; i < BENCH_RUNS; i++)
		if (run_frame(in, &out, verdict, 1, &d[i]))
			return 0;
	qsort(d, BENCH_RUNS, sizeof(d[0]), cmp_u32);
	return d[BENCH_RUNS / 2];
}

static int add_filler_routes(unsigned int n)
{
	int fd4 = bpf_map__fd(skel->maps.vrf_fib4);
	int fd6 = bpf_map__fd(skel->maps.vrf_fib6);
	struct vrf_route rt = {.kind = MPLSX_ROUTE_REMOTE,
			       .nexthop_id = 1,
			       .vpn_label = htonl(999 << 12 | MPLS_LS_S_MASK)};
	uint64_t x = 0x9E3779B97F4A7C15ull;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct vrf_fib4_key k4 = {.vrf_id = RED};
		struct vrf_fib6_key k6 = {.vrf_id = RED};

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		k4.prefixlen = 32 + 16 + (x >> 59) % 17;
		k4.addr = htonl((uint32_t)(x >> 16)) &
			  htonl(~0u << (64 - k4.prefixlen));
		k6.prefixlen = 32 + 48 + (x >> 40) % 17;
		k6.addr[0] = 0x20;
		k6.addr[1] = 0x01;
		memcpy(k6.addr + 2, &x, 6);
		/* keep the benchmark's own destinations on their routes */
		if (k4.prefixlen > 32 + 24 &&
		    (ntohl(k4.addr) >> 8) == (198u << 16 | 51 << 8 | 100))
			continue;
		if (bpf_map_update_elem(fd4, &k4, &rt, BPF_ANY) ||
		    bpf_map_update_elem(fd6, &k6, &rt, BPF_ANY))
			return -errno;
	}
	return 0;
}

static void bench_imposition(void)
{
	static const struct row r = {
		VRF_PORT(RED),
		.routes = {RT_REMOTE(RED, "198.51.100.0/24", 1, 300),
			   RT_REMOTE(RED, "2001:db8:1::/64", 1, 301)},
		.nhs = {NH_LSP(1, 1500, 1, 16003)},
	};
	struct frame_spec s4 = {ETH_IP, V4(64)}, s6 = {ETH_IP6, V6(64)};
	struct frame_spec sa = {.type = ETH_P_ARP, .payload = PB_ARP};
	uint32_t a4, a6, b4, b6, floor;
	struct frame f4, f6, fa;
	int v4 = -1, v6 = -1, va = -1;

	if (setup_maps(&r))
		return;
	pb_build(&f4, &s4);
	pb_build(&f6, &s6);
	pb_build(&fa, &sa);
	floor = median_single_runs(&fa, &va);
	a4 = median_single_runs(&f4, &v4);
	a6 = median_single_runs(&f6, &v6);
	if (add_filler_routes(100000))
		return;
	b4 = median_single_runs(&f4, &v4);
	b6 = median_single_runs(&f6, &v6);
	printf("# ns/frame (single runs, median, timer granularity ~10 ns, "
	       "not asserted): ARP pass on a VRF port %u (%s, the floor); "
	       "imposition IPv4 %u with 1 route, %u with 100000 (%s); "
	       "6VPE %u, %u (%s)\n",
	       floor, verdict_name(va), a4, b4, verdict_name(v4), a6, b6,
	       verdict_name(v6));
}

int main(void)
{
	size_t i;
	int err;

	ncpus = libbpf_num_possible_cpus();
	skel = mplsx_bpf__open_and_load();
	if (!skel || ncpus <= 0) {
		fprintf(stderr, "cannot load the XDP object: %s\n",
			strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}

	tl_plan(sizeof(rows) / sizeof(rows[0]) + 4);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		tl_run(rows[i].desc, run_row, &rows[i]);
	RUN(test_php_ipv4_ttl_sweep);
	RUN(test_vrf_ipv4_ttl_tos_sweep);
	RUN(test_glean_events);
	RUN(test_glean_hosts_alternating);
	bench();
	bench_imposition();

	err = tl_summary();
	mplsx_bpf__destroy(skel);
	return err;
}
