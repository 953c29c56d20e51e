// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_bgp_codec.c - BGP codec vectors, FRR test_mp_attr.c style: rows of
 * {description, bytes, expected verdict, expected decoded route}.
 *
 * The "BIRD" rows are byte for byte what BIRD 2.0.12 sent to a small
 * passive speaker in a private network namespace (vpn4/vpn6 static routes
 * with RDs of type 0, 1 and 2 and route targets, an ipv4 mpls route, then
 * the same protocols disabled for the withdrawals).  BIRD rewrites the
 * next hop to itself and so announces implicit null (label 3).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "bgp/bgp_msg.h"
#include "bgp/bgp_update.h"
#include "bgp/bgp_rt.h"
#include "testlib.h"

/* Hex to bytes; a body without the marker gets an UPDATE header. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0, off = 0;

	if (strncmp(hex, "ffffffffffffffffffffffffffffffff", 32))
		off = BGP_HDR_LEN;
	if (cap < BGP_HDR_LEN)
		return 0;
	for (; hex[0] && hex[1] && off + n < cap; hex += 2) {
		unsigned int b;

		sscanf(hex, "%2x", &b);
		out[off + n++] = (uint8_t)b;
	}
	if (off)
		bgp_hdr_write(out, (uint16_t)(off + n), BGP_MSG_UPDATE);
	return off + n;
}

enum expect { E_OK_ROUTE, E_WD_ROUTE, E_TAW, E_RESET, E_OK_NONE };

struct upd_vec {
	const char *name;
	const char *hex;
	int expect;
	uint8_t code, subcode;
	int af;
	const char *rd, *prefix;
	int prefix_len, n_labels;
	uint32_t label0;
	const char *next_hop;
	int n_withdrawn; /* E_TAW: routes the message turns into withdrawals */
};

#define OK_ROUTE(af, rd, p, pl, nl, l0, nh) \
	E_OK_ROUTE, 0, 0, af, rd, p, pl, nl, l0, nh, 0
#define WD_ROUTE(af, rd, p, pl) E_WD_ROUTE, 0, 0, af, rd, p, pl, 0, 0, NULL, 0
/* Every treat-as-withdraw row carries one route, 10.1.0.0/16 (VPNv4 with
 * RD 1:1, or IPv4 unicast), that must come out withdrawn, not dropped. */
#define TAW(c, s)   E_TAW, c, s, 0, NULL, "10.1.0.0", 16, 0, 0, NULL, 1
#define RESET(c, s) E_RESET, c, s, 0, NULL, NULL, 0, 0, 0, NULL, 0
#define OK_NONE	    E_OK_NONE, 0, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0

/* BIRD 2.0.12, session over 127.0.0.1 (vpn4 mpls + ipv4 mpls channels). */
#define BIRD_OPEN_V4                                                           \
	"ffffffffffffffffffffffffffffffff00430104fde800f00aff0001260224010400" \
	"0100040104000100800200400a0078000104000001800041040000fde846004700"
#define BIRD_VPN4_RD1                                                          \
	"ffffffffffffffffffffffffffffffff005b0200000044900e001f0001800c000000" \
	"00000000007f000001006800003100010aff000100070a1440010100400200400504" \
	"00000064c0101001020aff000100070202fa56ea000009"
#define BIRD_VPN4_RD2                                                          \
	"ffffffffffffffffffffffffffffffff005c0200000045900e00210001800c000000" \
	"00000000007f00000100710000310002fa56ea000005ac1005804001010040020080" \
	"04040000003240050400000064c010080002fde800000002"
#define BIRD_VPN4_RD0                                                          \
	"ffffffffffffffffffffffffffffffff0054020000003d900e00200001800c000000" \
	"00000000007f00000100700000310000fde800000001c0a801400101004002004005" \
	"0"                                                                    \
	"400000064c010080002fde800000001"
#define BIRD_EOR_VPN4 \
	"ffffffffffffffffffffffffffffffff001d0200000006800f03000180"
#define BIRD_LU4                                                               \
	"ffffffffffffffffffffffffffffffff003a0200000023900e0011000104047f0000" \
	"0100380000310aff00094001010040020040050400000064"
#define BIRD_EOR_LU4 \
	"ffffffffffffffffffffffffffffffff001d0200000006800f03000104"
#define BIRD_VPN4_WITHDRAW                                                     \
	"ffffffffffffffffffffffffffffffff004b0200000034900f003000018068000001" \
	"00"                                                                   \
	"010aff000100070a14710000010002fa56ea000005ac100580700000010000fde800" \
	"000001c0a801"
#define BIRD_LU4_WITHDRAW                                                      \
	"ffffffffffffffffffffffffffffffff0026020000000f900f000b00010438000001" \
	"0aff0009"
/* BIRD 2.0.12, session over ::1 (vpn6 mpls channel). */
#define BIRD_OPEN_V6                                                           \
	"ffffffffffffffffffffffffffffffff00350104fde800f00aff0001180216010400" \
	"02008002004002007841040000fde846004700"
#define BIRD_VPN6                                                              \
	"ffffffffffffffffffffffffffffffff0063020000004c900e002f00028018000000" \
	"00000000000000000000000000000000000000000100880000310000fde800000002" \
	"20010db800014001010040020040050400000064c010080002fde800000002"
#define BIRD_EOR_VPN6 \
	"ffffffffffffffffffffffffffffffff001d0200000006800f03000280"
#define BIRD_VPN6_WITHDRAW                                                     \
	"ffffffffffffffffffffffffffffffff00300200000019900f001500028088000001" \
	"0"                                                                    \
	"000fde80000000220010db80001"
#define BIRD_KEEPALIVE "ffffffffffffffffffffffffffffffff001304"

static const struct upd_vec upd_vecs[] = {
	{"BIRD vpnv4 RD type 1, two route targets", BIRD_VPN4_RD1,
	 OK_ROUTE(BGP_AF_VPNV4, "10.255.0.1:7", "10.20.0.0", 16, 1, 3,
		  "127.0.0.1")},
	{"BIRD vpnv4 RD type 2, MED", BIRD_VPN4_RD2,
	 OK_ROUTE(BGP_AF_VPNV4, "4200000000:5", "172.16.5.128", 25, 1, 3,
		  "127.0.0.1")},
	{"BIRD vpnv4 RD type 0", BIRD_VPN4_RD0,
	 OK_ROUTE(BGP_AF_VPNV4, "65000:1", "192.168.1.0", 24, 1, 3,
		  "127.0.0.1")},
	{"BIRD ipv4 labeled unicast", BIRD_LU4,
	 OK_ROUTE(BGP_AF_IPV4_LU, "0:0", "10.255.0.9", 32, 1, 3, "127.0.0.1")},
	{"BIRD vpnv4 withdrawals", BIRD_VPN4_WITHDRAW,
	 WD_ROUTE(BGP_AF_VPNV4, "10.255.0.1:7", "10.20.0.0", 16)},
	{"BIRD ipv4 labeled unicast withdrawal", BIRD_LU4_WITHDRAW,
	 WD_ROUTE(BGP_AF_IPV4_LU, "0:0", "10.255.0.9", 32)},
	{"BIRD vpnv6 (24-byte next hop)", BIRD_VPN6,
	 OK_ROUTE(BGP_AF_VPNV6, "65000:2", "2001:db8:1::", 48, 1, 3, "::1")},
	{"BIRD vpnv6 withdrawal", BIRD_VPN6_WITHDRAW,
	 WD_ROUTE(BGP_AF_VPNV6, "65000:2", "2001:db8:1::", 48)},
	{"BIRD End-of-RIB vpnv4", BIRD_EOR_VPN4, OK_NONE},
	{"BIRD End-of-RIB ipv4-lu", BIRD_EOR_LU4, OK_NONE},
	{"BIRD End-of-RIB vpnv6", BIRD_EOR_VPN6, OK_NONE},
	{"End-of-RIB ipv4 unicast (empty UPDATE)", "00000000", OK_NONE},
	{"bad length: UPDATE of 22 bytes", "000000", RESET(1, 2)},
	{"withdrawn routes length overruns", "003200000000", RESET(3, 1)},
	{"total attribute length overruns", "0000003c40010100", RESET(3, 1)},
	{"vpnv4 two-label stack",
	 "0000003f900e00220001800c00000000000000000aff00030080003e90007d210000f"
	 "de8000000070a014001010040020040050400000064c010080002fde800000001",
	 OK_ROUTE(BGP_AF_VPNV4, "65000:7", "10.1.0.0", 16, 2, 1001,
		  "10.255.0.3")},
	{"vpnv4 withdraw label 0x800000",
	 "00000016900f0012000180708000000000fde8000000070a0102",
	 WD_ROUTE(BGP_AF_VPNV4, "65000:7", "10.1.2.0", 24)},
	{"vpnv4 withdraw label 0x000000 (RFC 3107)",
	 "00000016900f0012000180700000000000fde8000000070a0102",
	 WD_ROUTE(BGP_AF_VPNV4, "65000:7", "10.1.2.0", 24)},
	{"vpnv6 48-byte next hop (global + link-local)",
	 "00000066900e004900028030000000000000000020010db8000000000000000000000"
	 "0030000000000000000fe80000000000000000000000000000300980138810000fde8"
	 "0000000920010db8000900004001010040020040050400000064c010080002fde8000"
	 "00001",
	 OK_ROUTE(BGP_AF_VPNV6, "65000:9", "2001:db8:9::", 64, 1, 5000,
		  "2001:db8::3")},
	{"vpnv4 prefix length 33 bits (24+64+33)",
	 "00000034900e00220001800c00000000000000000aff0003007900064100000001000"
	 "000010a000000004001010040020040050400000064",
	 RESET(3, 9)},
	{"vpnv4 length below label+RD (87 bits)",
	 "0000002f900e001d0001800c00000000000000000aff0003005700064100000001000"
	 "000014001010040020040050400000064",
	 RESET(3, 9)},
	{"vpnv4 NLRI truncated (255 bits announced, 12 bytes there)",
	 "00000030900e001e0001800c00000000000000000aff000300ff00064100000001000"
	 "000010a4001010040020040050400000064",
	 RESET(3, 9)},
	{"labeled unicast: no bottom-of-stack label (family disabled, "
	 "test_bgp_lu.c)",
	 "00000026900e0014000104040a00000100500001000001100a0000094001010040020"
	 "040050400000064",
	 OK_NONE},
	{"vpnv4 next hop length 4",
	 "00000029900e0017000180040a000001006800064100000001000000010a014001010"
	 "040020040050400000064",
	 RESET(3, 9)},
	{"vpnv4 next hop with non-zero RD",
	 "00000031900e001f0001800c00000001000000010a000001006800064100000001000"
	 "000010a014001010040020040050400000064",
	 TAW(3, 8)},
	{"attribute length overruns (after MP_REACH)",
	 "00000031900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050a00000064",
	 TAW(3, 5)},
	{"attribute length overruns, no NLRI located",
	 "00000009400101004002280201", RESET(3, 1)},
	{"attribute header cut short (2 bytes left)",
	 "0000002c900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01400101004002004005",
	 TAW(3, 5)},
	{"ORIGIN value 3",
	 "00000031900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010340020040050400000064",
	 TAW(3, 6)},
	{"ORIGIN length 2",
	 "00000032900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01400102000040020040050400000064",
	 TAW(3, 6)},
	{"AS_PATH segment type 5",
	 "00000037900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020605010000fde940050400000064",
	 TAW(3, 11)},
	{"AS_PATH segment overruns",
	 "00000037900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020602030000fde940050400000064",
	 TAW(3, 11)},
	{"AS_PATH empty segment",
	 "00000033900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a0140010100400202020040050400000064",
	 TAW(3, 11)},
	{"duplicate ORIGIN: second discarded",
	 "00000035900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01400101004001010240020040050400000064",
	 OK_ROUTE(BGP_AF_VPNV4, "1:1", "10.1.0.0", 16, 1, 100, "10.255.0.3")},
	{"duplicate MP_REACH_NLRI",
	 "00000054900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01900e001f0001800c00000000000000000aff000300680006410000000100"
	 "0000010a014001010040020040050400000064",
	 RESET(3, 1)},
	{"duplicate MP_UNREACH_NLRI", "0000000e900f0003000180900f0003000180",
	 RESET(3, 1)},
	{"missing ORIGIN",
	 "0000002d900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a0140020040050400000064",
	 TAW(3, 3)},
	{"missing AS_PATH",
	 "0000002e900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040050400000064",
	 TAW(3, 3)},
	{"ipv4 NLRI without NEXT_HOP",
	 "0000000e4001010040020040050400000064100a01", TAW(3, 3)},
	{"ipv4 unicast with NEXT_HOP",
	 "0000001540010100400200400504000000644003040a000001100a01200a020304",
	 OK_ROUTE(BGP_AF_IPV4_UNICAST, "0:0", "10.1.0.0", 16, 0, 0,
		  "10.0.0.1")},
	{"NEXT_HOP length 5",
	 "0000001640010100400200400504000000644003050a00000100100a01",
	 TAW(3, 8)},
	{"ipv4 NLRI prefix length 33",
	 "0000001540010100400200400504000000644003040a000001210a01020304",
	 RESET(3, 10)},
	{"ipv4 withdrawn prefix truncated", "0003180a010000", RESET(3, 10)},
	{"EXTENDED_COMMUNITIES length 12",
	 "00000040900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064c0100c000000000000000000000000",
	 TAW(3, 9)},
	{"unrecognized well-known attribute 99",
	 "00000035900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01400101004002004005040000006440630101",
	 RESET(3, 2)},
	{"unknown optional attribute ignored",
	 "00000036900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064c063020102",
	 OK_ROUTE(BGP_AF_VPNV4, "1:1", "10.1.0.0", 16, 1, 100, "10.255.0.3")},
	{"LOCAL_PREF with optional flag",
	 "00000031900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a0140010100400200c0050400000064",
	 TAW(3, 4)},
	{"MP_REACH_NLRI flagged transitive",
	 "00000031d00e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064",
	 RESET(3, 4)},
	{"ATOMIC_AGGREGATE length 1: discarded",
	 "00000035900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a01400101004002004005040000006440060101",
	 OK_ROUTE(BGP_AF_VPNV4, "1:1", "10.1.0.0", 16, 1, 100, "10.255.0.3")},
	{"MED length 3",
	 "00000037900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064800403000001",
	 TAW(3, 5)},
	{"CLUSTER_LIST length 6",
	 "0000003a900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064800a06000000000000",
	 TAW(3, 9)},
	{"ORIGINATOR_ID length 3",
	 "00000037900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064800903000000",
	 TAW(3, 5)},
	{"COMMUNITIES length 5",
	 "00000039900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064c008050000000000",
	 TAW(3, 9)},
	{"AGGREGATOR length 5: discarded",
	 "00000039900e001f0001800c00000000000000000aff0003006800064100000001000"
	 "000010a014001010040020040050400000064c007050000000000",
	 OK_ROUTE(BGP_AF_VPNV4, "1:1", "10.1.0.0", 16, 1, 100, "10.255.0.3")},
};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct bgp_update_opts all_afs = {
	.as4 = true,
	.af_mask = (1u << BGP_AF_COUNT) - 1,
};

static bool addr_is(const struct mplsx_addr *a, const char *text)
{
	struct mplsx_addr b;

	return !mplsx_addr__parse(&b, text) && mplsx_addr__equal(a, &b);
}

static void run_upd_vec(const void *arg)
{
	const struct upd_vec *v = arg;
	uint8_t msg[BGP_MAX_LEN];
	size_t len = unhex(v->hex, msg, sizeof(msg));
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;
	enum bgp_result res = bgp_update_parse(msg, len, &all_afs, &upd);
	char rd[BGP_RD_STRLEN];
	int n = 0, got;

	switch (v->expect) {
	case E_RESET:
		CHECK(res == BGP_RESULT_SESSION_RESET, "result %s",
		      bgp_result_str(res));
		CHECK(upd.err.code == v->code && upd.err.subcode == v->subcode,
		      "NOTIFICATION %u/%u, want %u/%u", upd.err.code,
		      upd.err.subcode, v->code, v->subcode);
		CHECK(!bgp_update_next(&upd, &it, &r), "routes after reset");
		return;
	case E_TAW:
		CHECK(res == BGP_RESULT_TREAT_AS_WITHDRAW, "result %s",
		      bgp_result_str(res));
		CHECK(upd.err.code == v->code && upd.err.subcode == v->subcode,
		      "reason %u/%u, want %u/%u", upd.err.code, upd.err.subcode,
		      v->code, v->subcode);
		while (bgp_update_next(&upd, &it, &r)) {
			CHECK(r.withdraw, "an announcement survived");
			CHECK(addr_is(&r.prefix, v->prefix) &&
				      r.prefix_len == v->prefix_len,
			      "withdrawn prefix/len %d", r.prefix_len);
			n++;
		}
		CHECK(n == v->n_withdrawn, "%d routes withdrawn, want %d", n,
		      v->n_withdrawn);
		return;
	case E_OK_NONE:
		CHECK(res == BGP_RESULT_OK, "result %s (%u/%u)",
		      bgp_result_str(res), upd.err.code, upd.err.subcode);
		CHECK(!bgp_update_next(&upd, &it, &r), "unexpected route");
		return;
	}
	CHECK(res == BGP_RESULT_OK, "result %s (%u/%u)", bgp_result_str(res),
	      upd.err.code, upd.err.subcode);
	got = bgp_update_next(&upd, &it, &r);
	CHECK(got == 1, "no route");
	if (!got)
		return;
	CHECK((int)r.af == v->af, "af %s", bgp_af_name(r.af));
	CHECK(r.withdraw == (v->expect == E_WD_ROUTE), "withdraw %d",
	      r.withdraw);
	bgp_rd_format(r.rd, rd, sizeof(rd));
	CHECK(!strcmp(rd, v->rd), "rd %s, want %s", rd, v->rd);
	CHECK(addr_is(&r.prefix, v->prefix) && r.prefix_len == v->prefix_len,
	      "prefix/len %d", r.prefix_len);
	CHECK(r.n_labels == v->n_labels, "%u labels", r.n_labels);
	if (v->n_labels)
		CHECK(r.labels[0] == v->label0, "label %u", r.labels[0]);
	if (v->next_hop)
		CHECK(addr_is(&r.attrs.next_hop, v->next_hop),
		      "next hop family %d", r.attrs.next_hop.family);
}

static size_t parse_hex_update(const char *hex, const struct bgp_update_opts *o,
			       struct bgp_update *upd, uint8_t *msg)
{
	size_t len = unhex(hex, msg, BGP_MAX_LEN);

	bgp_update_parse(msg, len, o, upd);
	return len;
}

static void test_bird_vpnv4_details(void)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;
	char rt[32];

	parse_hex_update(BIRD_VPN4_RD1, &all_afs, &upd, msg);
	CHECK(bgp_update_next(&upd, &it, &r) == 1, "route");
	CHECK(r.attrs.origin == BGP_ORIGIN_IGP, "origin");
	CHECK(r.attrs.as_path_len == 0, "as path len %u", r.attrs.as_path_len);
	CHECK(r.attrs.local_pref == 100, "local pref %u", r.attrs.local_pref);
	CHECK(r.attrs.n_route_targets == 2, "%u rts", r.attrs.n_route_targets);
	CHECK(!bgp_rt_format(r.attrs.route_targets[0], rt, sizeof(rt)) &&
		      !strcmp(rt, "10.255.0.1:7"),
	      "rt0 %s", rt);
	CHECK(!bgp_rt_format(r.attrs.route_targets[1], rt, sizeof(rt)) &&
		      !strcmp(rt, "4200000000:9"),
	      "rt1 %s", rt);
	CHECK(!bgp_update_next(&upd, &it, &r), "one route only");

	parse_hex_update(BIRD_VPN4_RD2, &all_afs, &upd, msg);
	CHECK(BGP_ATTR_PRESENT(&upd.attrs, BGP_ATTR_MED) && upd.attrs.med == 50,
	      "med %u", upd.attrs.med);

	parse_hex_update(BIRD_VPN4_WITHDRAW, &all_afs, &upd, msg);
	it = (struct bgp_update_iter){0};
	int n = 0;

	while (bgp_update_next(&upd, &it, &r)) {
		CHECK(r.withdraw && r.af == BGP_AF_VPNV4, "withdraw %d", n);
		n++;
	}
	CHECK(n == 3, "%d withdrawals", n);
	parse_hex_update(BIRD_EOR_VPN6, &all_afs, &upd, msg);
	CHECK(upd.eor && upd.eor_af == BGP_AF_VPNV6, "vpnv6 EoR");
	parse_hex_update("00000000", &all_afs, &upd, msg);
	CHECK(upd.eor && upd.eor_af == BGP_AF_IPV4_UNICAST, "ipv4 EoR");
	parse_hex_update(BIRD_VPN4_RD0, &all_afs, &upd, msg);
	CHECK(!upd.eor, "not an EoR");
}

static void test_update_attr_details(void)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_update upd;
	struct bgp_update_opts o = all_afs;

	/* ORIGINATOR_ID and CLUSTER_LIST from a route reflector. */
	parse_hex_update("00000043900e001f0001800c00000000000000000aff00030068"
			 "00064100000001000000010a0140010100400200400504000000"
			 "648009040aff0007800a080aff00010aff0002",
			 &o, &upd, msg);
	CHECK(upd.result == BGP_RESULT_OK, "rr result");
	CHECK(upd.attrs.originator_id == 0x0aff0007, "originator id");
	CHECK(upd.attrs.cluster_list_len == 2, "cluster list len");

	/* A 2-octet AS session: AS_SEQUENCE of 2 + AS_SET = length 3. */
	o.as4 = false;
	parse_hex_update("0000003d900e001f0001800c00000000000000000aff00030068"
			 "00064100000001000000010a014001010040020c0202fde9fdea"
			 "01020001000240050400000064",
			 &o, &upd, msg);
	CHECK(upd.result == BGP_RESULT_OK, "as2 result %s",
	      bgp_result_str(upd.result));
	CHECK(upd.attrs.as_path_len == 3, "as path len %u",
	      upd.attrs.as_path_len);
	CHECK(upd.attrs.as_path_first == 65001, "first as %u",
	      upd.attrs.as_path_first);
	/* The same bytes read as 4-octet ASes do not add up. */
	o.as4 = true;
	parse_hex_update("0000003d900e001f0001800c00000000000000000aff00030068"
			 "00064100000001000000010a014001010040020c0202fde9fdea"
			 "01020001000240050400000064",
			 &o, &upd, msg);
	CHECK(upd.result == BGP_RESULT_TREAT_AS_WITHDRAW, "as4 misread");

	/* eBGP: LOCAL_PREF 200 is discarded, the default applies. */
	o.ebgp = true;
	parse_hex_update("00000037900e001f0001800c00000000000000000aff00030068"
			 "00064100000001000000010a014001010040020602010000fde9"
			 "400504000000c8",
			 &o, &upd, msg);
	CHECK(upd.result == BGP_RESULT_OK && upd.attrs.local_pref == 100 &&
		      upd.n_discarded == 1,
	      "ebgp local pref %u", upd.attrs.local_pref);

	/* VPNv6 not negotiated: its MP_REACH is ignored, not an error. */
	o = all_afs;
	o.af_mask &= ~BGP_AF_BIT(BGP_AF_VPNV6);
	parse_hex_update("00000043900e00310002801800000000000000000000000000000"
			 "000000000000000000100980138810000fde80000000920010db8"
			 "000900004001010040020040050400000064",
			 &o, &upd, msg);
	CHECK(upd.result == BGP_RESULT_OK && upd.ignored_af, "ignored family");
	CHECK(upd.block[BGP_BLOCK_MP_REACH].af < 0, "no block");
}

/* Never read past the end: every prefix of a valid message is handled. */
static void test_update_truncations(void)
{
	static const char *const vecs[] = {BIRD_VPN4_RD1, BIRD_VPN6,
					   BIRD_VPN4_WITHDRAW, BIRD_LU4};

	for (size_t i = 0; i < N_ELEM(vecs); i++) {
		uint8_t full[BGP_MAX_LEN];
		size_t len = unhex(vecs[i], full, sizeof(full));

		for (size_t cut = BGP_HDR_LEN + 4; cut < len; cut++) {
			uint8_t *m = malloc(cut); /* ASan sees any overread */
			struct bgp_update upd;

			memcpy(m, full, cut);
			bgp_hdr_write(m, (uint16_t)cut, BGP_MSG_UPDATE);
			bgp_update_parse(m, cut, &all_afs, &upd);
			CHECK(upd.result != BGP_RESULT_OK ||
				      !upd.block[BGP_BLOCK_MP_REACH].len,
			      "vec %zu cut %zu parsed as whole", i, cut);
			free(m);
		}
	}
}

static void test_header(void)
{
	uint8_t m[BGP_MAX_LEN + 8];
	struct bgp_error err;
	uint8_t type;

	size_t len = unhex(BIRD_KEEPALIVE, m, sizeof(m));

	CHECK(bgp_hdr_check(m, len, &type, &err) == 19 &&
		      type == BGP_MSG_KEEPALIVE,
	      "keepalive");
	CHECK(bgp_hdr_check(m, 10, &type, &err) == 0, "partial header");
	m[3] = 0xfe;
	CHECK(bgp_hdr_check(m, len, &type, &err) == -EBADMSG && err.code == 1 &&
		      err.subcode == 1,
	      "bad marker");
	m[3] = 0xff;
	bgp_hdr_write(m, 18, BGP_MSG_KEEPALIVE);
	CHECK(bgp_hdr_check(m, 19, &type, &err) == -EBADMSG && err.code == 1 &&
		      err.subcode == 2 && err.data_len == 2,
	      "length 18");
	bgp_hdr_write(m, 4097, BGP_MSG_UPDATE);
	CHECK(bgp_hdr_check(m, 19, &type, &err) == -EBADMSG && err.subcode == 2,
	      "length 4097");
	bgp_hdr_write(m, 19, 6);
	CHECK(bgp_hdr_check(m, 19, &type, &err) == -EBADMSG &&
		      err.subcode == 3 && err.data[0] == 6,
	      "type 6");
	bgp_hdr_write(m, 20, BGP_MSG_KEEPALIVE);
	CHECK(bgp_hdr_check(m, 20, &type, &err) == -EBADMSG && err.subcode == 2,
	      "keepalive of 20");
	bgp_hdr_write(m, 28, BGP_MSG_OPEN);
	CHECK(bgp_hdr_check(m, 28, &type, &err) == -EBADMSG && err.subcode == 2,
	      "open of 28");
	bgp_hdr_write(m, 100, BGP_MSG_UPDATE);
	CHECK(bgp_hdr_check(m, 50, &type, &err) == 0, "needs more bytes");
}

struct open_vec {
	const char *name;
	const char *hex;
	int parse_rc;
	uint8_t code, subcode;
};

static const struct open_vec open_vecs[] = {
	{"OPEN version 3",
	 "ffffffffffffffffffffffffffffffff001d0103fde800b40a00000100", -EBADMSG,
	 2, 1},
	{"OPEN optional parameter type 1",
	 "ffffffffffffffffffffffffffffffff00210104fde800b40a000001040102"
	 "0000",
	 -EBADMSG, 2, 4},
	{"OPEN capability length overruns",
	 "ffffffffffffffffffffffffffffffff00210104fde800b40a00000104020241"
	 "04",
	 -EBADMSG, 2, 0},
	{"OPEN opt param length past the message",
	 "ffffffffffffffffffffffffffffffff001d0104fde800b40a00000108", -EBADMSG,
	 2, 0},
	{"OPEN 4-octet AS capability of length 2",
	 "ffffffffffffffffffffffffffffffff00230104fde800b40a0000010602044102"
	 "fde8",
	 -EBADMSG, 2, 0},
	{"OPEN graceful restart of length 3",
	 "ffffffffffffffffffffffffffffffff00240104fde800b40a000001070205400300"
	 "7800",
	 -EBADMSG, 2, 0},
};

static void run_open_vec(const void *arg)
{
	const struct open_vec *v = arg;
	uint8_t m[BGP_MAX_LEN];
	size_t len = unhex(v->hex, m, sizeof(m));
	struct bgp_open o;
	struct bgp_error err = {0};
	int rc = bgp_open_parse(m, len, &o, &err);

	CHECK(rc == v->parse_rc, "rc %d", rc);
	if (rc)
		CHECK(err.code == v->code && err.subcode == v->subcode,
		      "NOTIFICATION %u/%u", err.code, err.subcode);
}

static void test_open_bird(void)
{
	uint8_t m[BGP_MAX_LEN];
	size_t len = unhex(BIRD_OPEN_V4, m, sizeof(m));
	struct bgp_open o;
	struct bgp_error err;
	uint8_t type;

	CHECK(bgp_hdr_check(m, len, &type, &err) == (int)len &&
		      type == BGP_MSG_OPEN,
	      "header");
	CHECK(!bgp_open_parse(m, len, &o, &err), "parse %u/%u", err.code,
	      err.subcode);
	CHECK(o.as == 65000 && o.my_as == 65000 && o.as4, "as %u", o.as);
	CHECK(o.hold_time == 240, "hold %u", o.hold_time);
	CHECK(o.bgp_id == 0x0aff0001, "id %08x", o.bgp_id);
	CHECK(o.af_mask ==
		      (BGP_AF_BIT(BGP_AF_IPV4_LU) | BGP_AF_BIT(BGP_AF_VPNV4)),
	      "afs %x", o.af_mask);
	CHECK(o.route_refresh, "route refresh");
	CHECK(o.gr && o.gr_time == 120 && !o.gr_restarting, "gr %u", o.gr_time);
	CHECK(o.gr_af_mask == o.af_mask && o.gr_fwd_mask == 0, "gr afs %x",
	      o.gr_af_mask);
	CHECK(!bgp_open_check(&o, 65000, 65000, 0x0aff0002, &err), "check");

	len = unhex(BIRD_OPEN_V6, m, sizeof(m));
	CHECK(!bgp_open_parse(m, len, &o, &err), "v6 parse");
	CHECK(o.af_mask == BGP_AF_BIT(BGP_AF_VPNV6) && o.gr &&
		      o.gr_af_mask == 0,
	      "v6 afs %x", o.af_mask);
}

static void test_open_check(void)
{
	struct bgp_open o = {.version = 4,
			     .my_as = 65000,
			     .as = 65000,
			     .hold_time = 90,
			     .bgp_id = 0x0aff0001};
	struct bgp_error err;

	CHECK(!bgp_open_check(&o, 65000, 65000, 2, &err), "good");
	CHECK(bgp_open_check(&o, 65001, 65000, 2, &err) && err.code == 2 &&
		      err.subcode == 2,
	      "bad peer AS");
	o.bgp_id = 0;
	CHECK(bgp_open_check(&o, 65000, 65000, 2, &err) && err.subcode == 3,
	      "id zero");
	o.bgp_id = 2;
	CHECK(bgp_open_check(&o, 65000, 65000, 2, &err) && err.subcode == 3,
	      "our own id over iBGP");
	CHECK(!bgp_open_check(&o, 65000, 65001, 2, &err), "same id, eBGP");
	o.bgp_id = 1;
	for (uint16_t ht = 1; ht <= 2; ht++) {
		o.hold_time = ht;
		CHECK(bgp_open_check(&o, 65000, 65000, 2, &err) &&
			      err.subcode == 6,
		      "hold %u", ht);
	}
	o.hold_time = 0;
	CHECK(!bgp_open_check(&o, 65000, 65000, 2, &err), "hold 0");
	o.hold_time = 3;
	CHECK(!bgp_open_check(&o, 65000, 65000, 2, &err), "hold 3");
	/* AS_TRANS: fine with the 4-octet capability, not without. */
	o.my_as = BGP_AS_TRANS;
	o.as = 4200000000u;
	o.as4 = true;
	CHECK(!bgp_open_check(&o, 4200000000u, 65000, 2, &err), "as4 big");
	o.as4 = false;
	o.as = BGP_AS_TRANS;
	CHECK(bgp_open_check(&o, 0, 65000, 2, &err) && err.subcode == 2,
	      "AS_TRANS without as4");
	o.as4 = true;
	o.my_as = 65000;
	o.as = 4200000000u;
	CHECK(bgp_open_check(&o, 0, 65000, 2, &err) && err.subcode == 2,
	      "big AS without AS_TRANS");
}

static void test_open_roundtrip(void)
{
	struct bgp_open o =
				{
					.as = 4200000000u,
					.hold_time = 90,
					.bgp_id = 0x0aff0002,
					.af_mask = BGP_AF_MASK_VPN |
						   BGP_AF_BIT(BGP_AF_IPV4_LU),
					.as4 = true,
					.route_refresh = true,
					.gr = true,
					.gr_restarting = true,
					.gr_time = 300,
					.gr_af_mask = BGP_AF_MASK_VPN,
					.gr_fwd_mask = BGP_AF_BIT(BGP_AF_VPNV4),
				},
			p;
	uint8_t m[BGP_MAX_LEN];
	struct bgp_error err;
	int len = bgp_open_build(&o, m, sizeof(m));
	uint8_t type;

	CHECK(len > 0 && bgp_hdr_check(m, len, &type, &err) == len, "built");
	CHECK(!bgp_open_parse(m, len, &p, &err), "parsed");
	CHECK(p.my_as == BGP_AS_TRANS && p.as == o.as && p.as4, "as");
	CHECK(p.af_mask == o.af_mask && p.route_refresh, "caps");
	CHECK(p.gr && p.gr_restarting && p.gr_time == 300 &&
		      p.gr_af_mask == o.gr_af_mask &&
		      p.gr_fwd_mask == o.gr_fwd_mask,
	      "gr");
	CHECK(bgp_open_build(&o, m, 40) == -ENOSPC, "no room");
}

static void test_notification_refresh(void)
{
	struct bgp_error e, got;
	struct bgp_route_refresh rr;
	uint8_t m[128];
	int len;

	bgp_error_set(&e, BGP_ERR_OPEN, BGP_OPEN_BAD_PEER_AS, "\xfd\xe9", 2);
	len = bgp_notification_build(&e, m, sizeof(m));
	CHECK(len == 23, "len %d", len);
	CHECK(!bgp_notification_parse(m, len, &got) && got.code == 2 &&
		      got.subcode == 2 && got.data_len == 2 &&
		      got.data[1] == 0xe9,
	      "parse");
	CHECK(!strcmp(bgp_error_subcode_str(2, 2), "Bad Peer AS"), "text");
	len = bgp_route_refresh_build(1, 128, m, sizeof(m));
	CHECK(len == 23 && !bgp_route_refresh_parse(m, len, &rr, &e) &&
		      rr.afi == 1 && rr.safi == 128,
	      "route refresh");
	bgp_hdr_write(m, 24, BGP_MSG_ROUTE_REFRESH);
	CHECK(bgp_route_refresh_parse(m, 24, &rr, &e) == -EBADMSG &&
		      e.code == 7 && e.subcode == 1,
	      "route refresh length 24");
}

static void test_rd_rt_text(void)
{
	static const struct {
		const char *text;
		const char *rd_hex;
	} ok[] = {
		{"65000:1", "0000fde800000001"},
		{"65000:4294967295", "0000fde8ffffffff"},
		{"10.255.0.1:1", "00010aff00010001"},
		{"4200000000:1", "0002fa56ea000001"},
		{"0:0", "0000000000000000"},
	};
	static const char *const bad[] = {
		"",
		"65000",
		":1",
		"65000:",
		"a:1",
		"65000:-1",
		"-1:1",
		"4200000000:65536",
		"10.1:1",
		"10.0.0.1:65536",
		"4294967296:1",
		"65000:1x",
		"1.2.3.4.5:1",
		"65000:4294967296",
	};
	char buf[BGP_RD_STRLEN];

	for (size_t i = 0; i < N_ELEM(ok); i++) {
		uint8_t rd[8], ec[8], want[8];

		for (int k = 0; k < 8; k++) {
			unsigned int b;

			sscanf(ok[i].rd_hex + 2 * k, "%2x", &b);
			want[k] = (uint8_t)b;
		}
		CHECK(!bgp_rd_parse(ok[i].text, rd) && !memcmp(rd, want, 8),
		      "rd %s", ok[i].text);
		CHECK(!strcmp(bgp_rd_format(rd, buf, sizeof(buf)), ok[i].text),
		      "rd format %s", buf);
		CHECK(!bgp_rt_parse(ok[i].text, ec), "rt %s", ok[i].text);
		CHECK(ec[0] == want[1] && ec[1] == 0x02 &&
			      !memcmp(ec + 2, want + 2, 6),
		      "rt bytes %s", ok[i].text);
		CHECK(!bgp_rt_format(ec, buf, sizeof(buf)) &&
			      !strcmp(buf, ok[i].text),
		      "rt format %s", buf);
	}
	for (size_t i = 0; i < N_ELEM(bad); i++) {
		uint8_t x[8];

		CHECK(bgp_rd_parse(bad[i], x) == -EINVAL, "rd '%s'", bad[i]);
		CHECK(bgp_rt_parse(bad[i], x) == -EINVAL, "rt '%s'", bad[i]);
	}
	{
		uint8_t ec[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 8};

		CHECK(bgp_rt_format(ec, buf, sizeof(buf)) == -EINVAL,
		      "encapsulation EC is no RT");
	}
}

static void make_route(struct bgp_route *r, enum bgp_af af, const char *rd,
		       const char *pfx, int plen, uint32_t label,
		       const char *nh)
{
	memset(r, 0, sizeof(*r));
	r->af = af;
	if (rd)
		bgp_rd_parse(rd, r->rd);
	mplsx_addr__parse(&r->prefix, pfx);
	r->prefix_len = (uint8_t)plen;
	r->n_labels = 1;
	r->labels[0] = label;
	mplsx_addr__parse(&r->attrs.next_hop, nh);
	bgp_rt_parse("65000:1", r->attrs.route_targets[0]);
	bgp_rt_parse("10.255.0.1:5", r->attrs.route_targets[1]);
	r->attrs.n_route_targets = 2;
}

static void roundtrip(enum bgp_af af, const char *rd, const char *pfx, int plen,
		      const char *nh)
{
	struct bgp_route in, out;
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	uint8_t m[BGP_MAX_LEN];
	size_t done;
	int len;

	make_route(&in, af, rd, pfx, plen, 100042, nh);
	len = bgp_update_build_announce(&in, 1, &done, m, sizeof(m));
	CHECK(len > 0 && done == 1, "%s build %d", pfx, len);
	if (len <= 0)
		return;
	CHECK(bgp_update_parse(m, len, &all_afs, &upd) == BGP_RESULT_OK,
	      "%s parse %u/%u", pfx, upd.err.code, upd.err.subcode);
	CHECK(bgp_update_next(&upd, &it, &out) == 1, "%s route", pfx);
	CHECK(out.af == af && !out.withdraw, "af");
	CHECK(!memcmp(out.rd, in.rd, 8), "rd");
	CHECK(mplsx_addr__equal(&out.prefix, &in.prefix) &&
		      out.prefix_len == in.prefix_len,
	      "prefix");
	if (af != BGP_AF_IPV4_UNICAST && af != BGP_AF_IPV6_UNICAST)
		CHECK(out.n_labels == 1 && out.labels[0] == 100042, "label %u",
		      out.labels[0]);
	CHECK(mplsx_addr__equal(&out.attrs.next_hop, &in.attrs.next_hop),
	      "next hop");
	CHECK(out.attrs.n_route_targets == 2 &&
		      !memcmp(out.attrs.route_targets, in.attrs.route_targets,
			      16),
	      "route targets");
	CHECK(out.attrs.origin == BGP_ORIGIN_IGP &&
		      out.attrs.local_pref == 100 &&
		      BGP_ATTR_PRESENT(&out.attrs, BGP_ATTR_AS_PATH) &&
		      out.attrs.as_path_len == 0,
	      "attributes");

	/* And its withdrawal. */
	len = bgp_update_build_withdraw(&in, 1, &done, m, sizeof(m));
	CHECK(len > 0 &&
		      bgp_update_parse(m, len, &all_afs, &upd) == BGP_RESULT_OK,
	      "withdraw parse");
	it = (struct bgp_update_iter){0};
	CHECK(bgp_update_next(&upd, &it, &out) == 1 && out.withdraw &&
		      mplsx_addr__equal(&out.prefix, &in.prefix) &&
		      !memcmp(out.rd, in.rd, 8),
	      "withdrawal");
}

static void test_roundtrip(void)
{
	roundtrip(BGP_AF_VPNV4, "65000:1", "192.168.1.0", 24, "10.255.0.1");
	roundtrip(BGP_AF_VPNV4, "10.255.0.1:3", "10.0.0.0", 8, "10.255.0.1");
	roundtrip(BGP_AF_VPNV4, "4200000000:7", "0.0.0.0", 0, "10.255.0.1");
	roundtrip(BGP_AF_VPNV4, "65000:1", "192.168.1.1", 32, "10.255.0.1");
	roundtrip(BGP_AF_VPNV6, "65000:1", "2001:db8:1::", 48, "2001:db8::1");
	/* An IPv4 PE's VPNv6 routes: IPv4-mapped next hop, AF_INET back. */
	roundtrip(BGP_AF_VPNV6, "65000:2", "2001:db8:2::1", 128, "10.255.0.1");
	roundtrip(BGP_AF_IPV4_LU, NULL, "10.255.0.1", 32, "10.255.0.1");
	roundtrip(BGP_AF_IPV6_LU, NULL, "2001:db8::", 32, "2001:db8::9");
	roundtrip(BGP_AF_IPV4_UNICAST, NULL, "192.168.7.0", 24, "10.0.0.1");
	roundtrip(BGP_AF_IPV6_UNICAST, NULL, "2001:db8:7::", 64, "fe80::1");
}

static void test_build_eor_and_packing(void)
{
	static struct bgp_route many[600];
	uint8_t m[BGP_MAX_LEN];
	struct bgp_update upd;
	size_t total = 0, msgs = 0;

	for (int af = 0; af < BGP_AF_COUNT; af++) {
		int len = bgp_update_build_eor(af, m, sizeof(m));

		CHECK(len > 0 &&
			      bgp_update_parse(m, len, &all_afs, &upd) ==
				      BGP_RESULT_OK &&
			      upd.eor && upd.eor_af == af,
		      "EoR %s", bgp_af_name(af));
	}
	{
		uint8_t want[64];
		size_t wl = unhex(BIRD_EOR_VPN4, want, sizeof(want));

		CHECK(bgp_update_build_eor(BGP_AF_VPNV4, m, sizeof(m)) ==
				      (int)wl &&
			      !memcmp(m, want, wl),
		      "EoR bytes equal BIRD's");
	}
	for (size_t i = 0; i < N_ELEM(many); i++) {
		char p[32];

		snprintf(p, sizeof(p), "10.%zu.%zu.0", i / 256, i % 256);
		make_route(&many[i], BGP_AF_VPNV4, "65000:1", p, 24, 1000 + i,
			   "10.255.0.1");
	}
	while (total < N_ELEM(many)) {
		size_t done = 0;
		struct bgp_update_iter it = {0};
		struct bgp_route r;
		int len = bgp_update_build_announce(many + total,
						    N_ELEM(many) - total, &done,
						    m, sizeof(m));

		CHECK(len > 0 && len <= BGP_MAX_LEN && done > 0, "pack %d",
		      len);
		if (len <= 0 || !done)
			return;
		CHECK(bgp_update_parse(m, len, &all_afs, &upd) == BGP_RESULT_OK,
		      "packed parse");
		for (size_t k = 0; k < done; k++) {
			CHECK(bgp_update_next(&upd, &it, &r) == 1 &&
				      r.labels[0] == 1000 + total + k,
			      "route %zu", total + k);
		}
		total += done;
		msgs++;
	}
	CHECK(msgs > 1 && msgs < 10, "%zu messages", msgs);
}

/* A CE's attributes ride a VPN route (RFC 4364 sec. 7): AS_PATH with
 * a set, MED, ORIGIN, communities, large communities, SoO, kept on the
 * wire byte for byte and parsed back. */
static void test_customer_attrs(void)
{
	static const uint8_t path[] = {2,    2, 0, 0, 0xfd, 0xe9, 0,   0, 0xfd,
				       0xea, 1, 1, 0, 0,    0xfd, 0xeb};
	static const uint8_t soo[8] = {0, 3, 0xfd, 0xe9, 0, 0, 0, 7};
	static const uint8_t want_comm[] = {0xc0, 8,	8,    0xfd, 0xe9, 0,
					    1,	  0xff, 0xff, 0xff, 0x01};
	static const uint8_t want_lc[] = {0xc0, 32, 12, 0, 0, 0xfd, 0xe9, 0,
					  0,	0,  1,	0, 0, 0,    2};
	struct bgp_route in, out;
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	uint8_t m[4096];
	size_t done;
	int len;

	memset(&in, 0, sizeof(in));
	in.af = BGP_AF_VPNV4;
	mplsx_addr__parse(&in.prefix, "192.168.9.0");
	in.prefix_len = 24;
	in.n_labels = 1;
	in.labels[0] = 100;
	mplsx_addr__parse(&in.attrs.next_hop, "10.255.0.1");
	in.attrs.origin = BGP_ORIGIN_EGP;
	memcpy(in.attrs.as_path, path, sizeof(path));
	in.attrs.as_path_wire_len = sizeof(path);
	in.attrs.present |= 1ull << BGP_ATTR_MED;
	in.attrs.med = 77;
	in.attrs.n_communities = 2;
	in.attrs.communities[0] = 65001u << 16 | 1;
	in.attrs.communities[1] = 0xffffff01; /* NO_EXPORT */
	in.attrs.n_large = 1;
	in.attrs.large[0][0] = 65001;
	in.attrs.large[0][1] = 1;
	in.attrs.large[0][2] = 2;
	in.attrs.n_ext_other = 1;
	memcpy(in.attrs.ext_other[0], soo, 8);
	len = bgp_update_build_announce(&in, 1, &done, m, sizeof(m));
	CHECK(len > 0 && done == 1, "build %d", len);
	CHECK(memmem(m, (size_t)len, want_comm, sizeof(want_comm)) != NULL,
	      "COMMUNITIES on the wire");
	CHECK(memmem(m, (size_t)len, want_lc, sizeof(want_lc)) != NULL,
	      "LARGE_COMMUNITIES on the wire");
	CHECK(memmem(m, (size_t)len, path, sizeof(path)) != NULL,
	      "AS_PATH on the wire");
	CHECK(bgp_update_parse(m, (size_t)len, &all_afs, &upd) == BGP_RESULT_OK,
	      "parse");
	CHECK(bgp_update_next(&upd, &it, &out) == 1, "route");
	CHECK(out.attrs.origin == BGP_ORIGIN_EGP && out.attrs.med == 77 &&
		      out.attrs.as_path_len == 3 &&
		      out.attrs.as_path_first == 65001 &&
		      out.attrs.as_path_wire_len == sizeof(path) &&
		      !memcmp(out.attrs.as_path, path, sizeof(path)),
	      "as path back");
	CHECK(out.attrs.n_communities == 2 &&
		      out.attrs.communities[1] == 0xffffff01 &&
		      out.attrs.n_large == 1 && out.attrs.large[0][2] == 2 &&
		      out.attrs.n_ext_other == 1 &&
		      bgp_attrs_has_ext(&out.attrs, soo),
	      "communities back");
	CHECK(bgp_attrs_customer_hash(&out.attrs) ==
		      bgp_attrs_customer_hash(&in.attrs),
	      "same customer hash");

	/* Loop check and as_override helpers. */
	CHECK(bgp_as_path_count(&out.attrs, 65002) == 1 &&
		      bgp_as_path_count(&out.attrs, 65000) == 0,
	      "count");
	bgp_as_path_replace(&out.attrs, 65001, 65000);
	CHECK(bgp_as_path_count(&out.attrs, 65000) == 1 &&
		      out.attrs.as_path_first == 65000 &&
		      bgp_attrs_customer_hash(&out.attrs) !=
			      bgp_attrs_customer_hash(&in.attrs),
	      "override");
}

/* A 2-octet session's AS_PATH is kept widened to 4 octets; a LARGE_
 * COMMUNITIES of a length not a multiple of 12 is treat-as-withdraw. */
static void test_customer_attrs_2octet(void)
{
	static const uint8_t msg[] = {0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0,	  0,	2,  /* header */
				      0,    0,	  0,	23, /* attr len */
				      0x40, 1,	  1,	0,  /* ORIGIN */
				      0x40, 2,	  6,	2,    2,
				      0xfd, 0xe9, 0xfd, 0xea, /* AS_PATH */
				      0x40, 3,	  4,	10,   0,
				      0,    1,		    /* NEXT_HOP */
				      0xc0, 32,	  0,	    /* LC, empty */
				      24,   10,	  1,	1}; /* NLRI */
	static const uint8_t wide[] = {2,    2, 0, 0,	 0xfd,
				       0xe9, 0, 0, 0xfd, 0xea};
	struct bgp_update_opts o = {.af_mask = BGP_AF_BIT(BGP_AF_IPV4_UNICAST)};
	uint8_t m[sizeof(msg)];
	struct bgp_update upd;

	memcpy(m, msg, sizeof(m));
	m[17] = sizeof(m);
	CHECK(bgp_update_parse(m, sizeof(m), &o, &upd) == BGP_RESULT_OK,
	      "parse %s", bgp_result_str(upd.result));
	CHECK(upd.attrs.as_path_wire_len == sizeof(wide) &&
		      !memcmp(upd.attrs.as_path, wide, sizeof(wide)),
	      "widened");
	{
		/* The same with a 1-octet LARGE_COMMUNITIES value. */
		uint8_t bad[sizeof(msg) + 1];

		memcpy(bad, msg, sizeof(msg) - 4);
		bad[22] = 24;		     /* attr len */
		bad[sizeof(msg) - 5] = 1;    /* LC length */
		bad[sizeof(msg) - 4] = 0xaa; /* its one octet */
		memcpy(bad + sizeof(msg) - 3, msg + sizeof(msg) - 4, 4);
		bad[17] = sizeof(bad);
		CHECK(bgp_update_parse(bad, sizeof(bad), &o, &upd) ==
				      BGP_RESULT_TREAT_AS_WITHDRAW &&
			      upd.err.subcode == BGP_UPD_OPT_ATTR,
		      "bad LC: treat-as-withdraw (%s)",
		      bgp_result_str(upd.result));
	}
}

int main(void)
{
	tl_plan(N_ELEM(upd_vecs) + N_ELEM(open_vecs) + 13);
	for (size_t i = 0; i < N_ELEM(upd_vecs); i++)
		tl_run(upd_vecs[i].name, run_upd_vec, &upd_vecs[i]);
	for (size_t i = 0; i < N_ELEM(open_vecs); i++)
		tl_run(open_vecs[i].name, run_open_vec, &open_vecs[i]);
	RUN(test_bird_vpnv4_details);
	RUN(test_update_attr_details);
	RUN(test_update_truncations);
	RUN(test_header);
	RUN(test_open_bird);
	RUN(test_open_check);
	RUN(test_open_roundtrip);
	RUN(test_notification_refresh);
	RUN(test_rd_rt_text);
	RUN(test_roundtrip);
	RUN(test_build_eor_and_packing);
	RUN(test_customer_attrs);
	RUN(test_customer_attrs_2octet);
	return tl_summary();
}
