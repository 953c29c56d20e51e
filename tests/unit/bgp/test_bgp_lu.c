// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_bgp_lu.c - labeled unicast (SAFI 4, RFC 8277) codec vectors: IPv4
 * and IPv6, one and two labels, implicit null, the withdrawal forms
 * (compatibility field 0x800000, 0x000000, a label), and NLRI that cannot
 * be parsed, which disable the family (RFC 7606 sec. 5.3, RFC 4760 sec. 7)
 * instead of resetting the session.  The bodies were made field by field
 * (Python struct) from RFC 8277 figures 1 and 2; "BIRD" rows of
 * test_bgp_codec.c are what BIRD 2.0.12 sends.
 */
#include <string.h>

#include "bgp/bgp_update.h"
#include "testlib.h"

#define MAXF BGP_MAX_LEN
#include "../../bpf/framebuf.h"

enum lu_expect {
	L_ANNOUNCE, /* routes announced */
	L_WITHDRAW, /* routes withdrawn */
	L_DISABLE,  /* family disabled, no route, no reset */
	L_RESET,    /* session reset (the next hop field is not LU's) */
};

struct lu_vec {
	const char *name;
	const char *body; /* UPDATE after the header */
	int expect;
	int af;
	const char *prefix;
	int prefix_len, n_labels;
	uint32_t label0, label1;
	const char *next_hop, *next_hop_ll;
	int n_routes;
};

/* A vector whose NLRI cannot be parsed: no route comes out. */
#define DISABLE(af) L_DISABLE, af, NULL, 0, 0, 0, 0, NULL, NULL, 0

/* Attributes ORIGIN IGP, AS_PATH empty, LOCAL_PREF 100, then MP_REACH. */
#define ATTRS "4001010040020040050400000064"

static const struct lu_vec vecs[] = {
	{"ipv4 one label 16002, next hop 10.0.23.2",
	 "00000022" ATTRS "800e11000104040a001702003803e8210aff0003",
	 L_ANNOUNCE, BGP_AF_IPV4_LU, "10.255.0.3", 32, 1, 16002, 0, "10.0.23.2",
	 NULL, 1},
	{"ipv4 two labels 16004/16005 (BIRD: static route mpls a/b)",
	 "00000025" ATTRS "800e14000104040a001702005003e84003e8510aff0004",
	 L_ANNOUNCE, BGP_AF_IPV4_LU, "10.255.0.4", 32, 2, 16004, 16005,
	 "10.0.23.2", NULL, 1},
	{"ipv4 implicit null (3): next hop self",
	 "00000022" ATTRS "800e11000104040a00170200380000310aff0003",
	 L_ANNOUNCE, BGP_AF_IPV4_LU, "10.255.0.3", 32, 1, 3, 0, "10.0.23.2",
	 NULL, 1},
	{"ipv4 /20 (trailing bits cleared)",
	 "00000021" ATTRS "800e10000104040a001702002c03e8210aff00", L_ANNOUNCE,
	 BGP_AF_IPV4_LU, "10.255.0.0", 20, 1, 16002, 0, "10.0.23.2", NULL, 1},
	{"ipv4 two NLRI in one MP_REACH",
	 "0000002a" ATTRS "800e19000104040a001702003803e8210aff00033803e8610a"
	 "ff0006",
	 L_ANNOUNCE, BGP_AF_IPV4_LU, "10.255.0.3", 32, 1, 16002, 0, "10.0.23.2",
	 NULL, 2},
	{"ipv6 one label, 16-byte next hop",
	 "0000003a" ATTRS "800e290002041020010db80000000000000000000000030098"
	 "0426a120010db800ff00000000000000000003",
	 L_ANNOUNCE, BGP_AF_IPV6_LU, "2001:db8:ff::3", 128, 1, 17002, 0,
	 "2001:db8::3", NULL, 1},
	{"ipv6 32-byte next hop (global + link-local)",
	 "0000004a" ATTRS "800e390002042020010db80000000000000000000000"
	 "03fe80000000000000000000000000000300980426a120010db800ff00000000"
	 "000000000003",
	 L_ANNOUNCE, BGP_AF_IPV6_LU, "2001:db8:ff::3", 128, 1, 17002, 0,
	 "2001:db8::3", "fe80::3", 1},
	{"ipv6 two labels",
	 "0000003d" ATTRS "800e2c0002041020010db80000000000000000000000"
	 "0300b00426c00426d120010db800ff00000000000000000004",
	 L_ANNOUNCE, BGP_AF_IPV6_LU, "2001:db8:ff::4", 128, 2, 17004, 17005,
	 "2001:db8::3", NULL, 1},
	{"ipv6 IPv4-mapped next hop (an IPv4 PE)",
	 "0000003a" ATTRS "800e290002041000000000000000000000ffff0a00170200"
	 "980426a120010db800ff00000000000000000003",
	 L_ANNOUNCE, BGP_AF_IPV6_LU, "2001:db8:ff::3", 128, 1, 17002, 0,
	 "10.0.23.2", NULL, 1},
	{"ipv4 withdraw, compatibility 0x800000",
	 "0000000e800f0b000104388000000aff0003", L_WITHDRAW, BGP_AF_IPV4_LU,
	 "10.255.0.3", 32, 0, 0, 0, NULL, NULL, 1},
	{"ipv4 withdraw, compatibility 0x000000 (RFC 3107 senders)",
	 "0000000e800f0b000104380000000aff0003", L_WITHDRAW, BGP_AF_IPV4_LU,
	 "10.255.0.3", 32, 0, 0, 0, NULL, NULL, 1},
	{"ipv4 withdraw carrying the label (ignored)",
	 "0000000e800f0b0001043803e8210aff0003", L_WITHDRAW, BGP_AF_IPV4_LU,
	 "10.255.0.3", 32, 0, 0, 0, NULL, NULL, 1},
	{"ipv6 withdraw, compatibility 0x800000",
	 "0000001a800f170002049880000020010db800ff00000000000000000003",
	 L_WITHDRAW, BGP_AF_IPV6_LU, "2001:db8:ff::3", 128, 0, 0, 0, NULL, NULL,
	 1},
	{"ipv6 withdraw, compatibility 0x000000",
	 "0000001a800f170002049800000020010db800ff00000000000000000003",
	 L_WITHDRAW, BGP_AF_IPV6_LU, "2001:db8:ff::3", 128, 0, 0, 0, NULL, NULL,
	 1},
	{"no bottom of stack before the prefix: family disabled",
	 "00000022" ATTRS "800e11000104040a001702003803e8200aff0003",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"five labels (more than a push carries): family disabled",
	 "0000002e" ATTRS "800e1d000104040a0017020098003e80003e90003ea000"
	 "3eb0003ec10aff0003",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"ipv4 prefix of 33 bits after the label: family disabled",
	 "00000023" ATTRS "800e12000104040a001702003903e8210aff000300",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"ipv6 prefix of 129 bits after the label: family disabled",
	 "0000003b" ATTRS "800e2a0002041020010db80000000000000000000000030099"
	 "03e82120010db800ff0000000000000000000300",
	 DISABLE(BGP_AF_IPV6_LU)},
	{"length below one label (16 bits): family disabled",
	 "0000001d" ATTRS "800e0c000104040a001702001003e8",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"NLRI cut short: family disabled",
	 "00000020" ATTRS "800e0f000104040a001702003803e8210aff",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"next hop of 5 bytes: family disabled",
	 "00000023" ATTRS "800e12000104050a00170201003803e8210aff0003",
	 DISABLE(BGP_AF_IPV4_LU)},
	{"withdrawal cut short: family disabled",
	 "0000000d800f0a000104388000000aff00", DISABLE(BGP_AF_IPV4_LU)},
	{"withdrawal of 20 bits (below the compatibility field)",
	 "0000000a800f0700010414800000", DISABLE(BGP_AF_IPV4_LU)},
	/* The same broken NLRI in VPNv4 is still a session reset. */
	{"vpnv4 five labels, no bottom of stack: session reset",
	 "00000032" ATTRS "800e210001800c00000000000000000a0000010078003e8000"
	 "3e90003ea0003eb0003ec0",
	 L_RESET, BGP_AF_VPNV4, NULL, 0, 0, 0, 0, NULL, NULL, 0},
};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool addr_is(const struct mplsx_addr *a, const char *text)
{
	struct mplsx_addr b;

	return !mplsx_addr__parse(&b, text) && mplsx_addr__equal(a, &b);
}

/* HEX after an UPDATE header into M; its length. */
static size_t update_of(const char *hex, struct buf *m)
{
	struct buf body = {0};
	uint8_t hdr[BGP_HDR_LEN];

	if (unhex(hex, &body))
		return 0;
	bgp_hdr_write(hdr, (uint16_t)(BGP_HDR_LEN + body.len), BGP_MSG_UPDATE);
	m->len = 0;
	put(m, hdr, sizeof(hdr));
	put(m, body.b, body.len);
	return m->len;
}

static void run_vec(const void *arg)
{
	const struct lu_vec *v = arg;
	static const struct bgp_update_opts opts = {
		.as4 = true,
		.af_mask = BGP_AF_MASK_VPN | BGP_AF_BIT(BGP_AF_IPV4_LU) |
			   BGP_AF_BIT(BGP_AF_IPV6_LU),
	};
	static struct buf m;
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;
	size_t len = update_of(v->body, &m);
	enum bgp_result res;
	int n = 0;

	CHECK(len > BGP_HDR_LEN, "vector hex");
	res = bgp_update_parse(m.b, len, &opts, &upd);
	if (v->expect == L_RESET) {
		CHECK(res == BGP_RESULT_SESSION_RESET && !upd.af_disabled,
		      "result %s, disabled %x", bgp_result_str(res),
		      upd.af_disabled);
		return;
	}
	if (v->expect == L_DISABLE) {
		CHECK(res == BGP_RESULT_OK, "result %s", bgp_result_str(res));
		CHECK(upd.af_disabled == BGP_AF_BIT(v->af), "disabled %x",
		      upd.af_disabled);
		CHECK(!bgp_update_next(&upd, &it, &r), "a route came out");
		return;
	}
	CHECK(res == BGP_RESULT_OK && !upd.af_disabled, "result %s, %x",
	      bgp_result_str(res), upd.af_disabled);
	while (bgp_update_next(&upd, &it, &r)) {
		if (n++)
			continue; /* the first route is checked */
		CHECK((int)r.af == v->af && r.safi == BGP_SAFI_LABELED,
		      "af %d safi %u", r.af, r.safi);
		CHECK(r.withdraw == (v->expect == L_WITHDRAW), "withdraw %d",
		      r.withdraw);
		CHECK(addr_is(&r.prefix, v->prefix) &&
			      r.prefix_len == v->prefix_len,
		      "prefix /%u", r.prefix_len);
		CHECK(r.n_labels == v->n_labels, "%u labels", r.n_labels);
		if (v->n_labels > 0)
			CHECK(r.labels[0] == v->label0, "label %u",
			      r.labels[0]);
		if (v->n_labels > 1)
			CHECK(r.labels[1] == v->label1, "label %u",
			      r.labels[1]);
		if (v->next_hop)
			CHECK(addr_is(&r.attrs.next_hop, v->next_hop),
			      "next hop");
		if (v->next_hop_ll)
			CHECK(addr_is(&r.attrs.next_hop_ll, v->next_hop_ll),
			      "link-local next hop");
	}
	CHECK(n == v->n_routes, "%d routes, want %d", n, v->n_routes);
}

/* A family that is not negotiated is ignored, even when malformed. */
static void test_not_negotiated(void)
{
	static const struct bgp_update_opts vpn_only = {
		.as4 = true, .af_mask = BGP_AF_MASK_VPN};
	static struct buf m;
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;
	size_t len = update_of(vecs[14].body, &m);

	CHECK(bgp_update_parse(m.b, len, &vpn_only, &upd) == BGP_RESULT_OK,
	      "result");
	CHECK(upd.ignored_af && !upd.af_disabled, "ignored %d disabled %x",
	      upd.ignored_af, upd.af_disabled);
	CHECK(!bgp_update_next(&upd, &it, &r), "route");
}

/* Build and parse back: one and two labels, implicit null, withdrawals
 * with the compatibility field 0x800000 (RFC 8277 sec. 2.4). */
static void test_build_parse(void)
{
	static const uint32_t stacks[3][2] = {{16002}, {16004, 16005}, {3}};
	static const int n_stack[3] = {1, 2, 1};
	static const char *const pfx[2] = {"10.255.0.3", "2001:db8:ff::3"};
	static const char *const nh[2] = {"10.0.23.2", "2001:db8::3"};
	const struct bgp_update_opts opts = {
		.as4 = true,
		.af_mask = BGP_AF_BIT(BGP_AF_IPV4_LU) |
			   BGP_AF_BIT(BGP_AF_IPV6_LU)};
	uint8_t buf[BGP_MAX_LEN];

	for (int f = 0; f < 2; f++) {
		for (int s = 0; s < 3; s++) {
			struct bgp_route rt = {.af = f ? BGP_AF_IPV6_LU
						       : BGP_AF_IPV4_LU,
					       .prefix_len = f ? 128 : 32,
					       .n_labels = (uint8_t)n_stack[s]};
			struct bgp_update upd;
			struct bgp_update_iter it = {0};
			struct bgp_route back;
			size_t done;
			int len;

			memcpy(rt.labels, stacks[s], sizeof(stacks[s]));
			mplsx_addr__parse(&rt.prefix, pfx[f]);
			mplsx_addr__parse(&rt.attrs.next_hop, nh[f]);
			len = bgp_update_build_announce(&rt, 1, &done, buf,
							sizeof(buf));
			CHECK(len > 0 && done == 1, "build %d", len);
			CHECK(bgp_update_parse(buf, (size_t)len, &opts, &upd) ==
				      BGP_RESULT_OK,
			      "parse");
			CHECK(bgp_update_next(&upd, &it, &back) &&
				      back.n_labels == n_stack[s] &&
				      !memcmp(back.labels, stacks[s],
					      sizeof(uint32_t) *
						      (size_t)n_stack[s]) &&
				      mplsx_addr__equal(&back.prefix,
							&rt.prefix) &&
				      addr_is(&back.attrs.next_hop, nh[f]),
			      "family %d stack %d back", f, s);
			len = bgp_update_build_withdraw(&rt, 1, &done, buf,
							sizeof(buf));
			CHECK(len > 0, "withdraw %d", len);
			/* compatibility field right after the bit length */
			CHECK(len > 30 && buf[len - (f ? 16 : 4) - 3] == 0x80 &&
				      buf[len - (f ? 16 : 4) - 2] == 0 &&
				      buf[len - (f ? 16 : 4) - 1] == 0,
			      "0x800000");
			memset(&it, 0, sizeof(it));
			CHECK(bgp_update_parse(buf, (size_t)len, &opts, &upd) ==
					      BGP_RESULT_OK &&
				      bgp_update_next(&upd, &it, &back) &&
				      back.withdraw && !back.n_labels &&
				      mplsx_addr__equal(&back.prefix,
							&rt.prefix),
			      "withdraw back");
		}
	}
}

int main(void)
{
	size_t i;

	tl_plan((int)N_ELEM(vecs) + 2);
	for (i = 0; i < N_ELEM(vecs); i++)
		tl_run(vecs[i].name, run_vec, &vecs[i]);
	RUN(test_not_negotiated);
	RUN(test_build_parse);
	return tl_summary();
}
