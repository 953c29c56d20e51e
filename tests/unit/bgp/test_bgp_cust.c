// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_bgp_cust.c - codec vectors for the attributes a CE route carries
 * across the VPN (RFC 4364 sec. 7): AS_PATH with AS_SEQUENCE and AS_SET
 * and 4-octet ASes, AS4_PATH (RFC 6793), MED, communities, large
 * communities, extended communities (route targets apart from the rest:
 * the Site of Origin in its three forms, 0x0003, 0x0103, 0x0203, RFC
 * 4360 sec. 5 and RFC 5668), malformed ones (RFC 7606 treat-as-withdraw),
 * and the helpers the PE-CE options use (loop count, as_override).
 * The bodies (IPv4 unicast UPDATEs after the header, NLRI 10.1.1.0/24)
 * were made field by field with Python's struct from RFC 4271 sec. 4.3.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "bgp/bgp_update.h"
#include "testlib.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Hex to at most CAP octets: how many, or -1. */
static ssize_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (ssize_t)(n / 2);
}

/* The extended communities of "all communities": RT 65000:1, SoO
 * 65005:1 (0x0003), SoO 10.0.0.1:5 (0x0103), SoO 4200000001:9 (0x0203),
 * an opaque encapsulation community (0x030c). */
#define EXTS                                                               \
	"0002fde8000000010003fded0000000101030a00000100050203fa56ea010009" \
	"030c000000000008"

struct cust_vec {
	const char *name;
	const char *body;
	bool as2; /* a 2-octet AS session */
	enum bgp_result result;
	const char *path; /* the AS_PATH kept (4-octet form), hex */
	uint16_t path_len;
	uint32_t first;
	bool has_med;
	uint32_t med;
	uint8_t n_comm, n_large, n_rts, n_ext_other;
	int n_discarded;
};

#define OK  BGP_RESULT_OK
#define TAW BGP_RESULT_TREAT_AS_WITHDRAW

static const struct cust_vec vecs[] = {
	{.name = "AS_SEQUENCE and AS_SET of 4-octet ASes: kept, length 3",
	 .body = "00000022400101004002140202fa56ea010000fde901020000fdeafa56ea"
		 "024003040a000001180a0101",
	 .result = OK,
	 .path = "0202fa56ea010000fde901020000fdeafa56ea02",
	 .path_len = 3,
	 .first = 4200000001u},
	{.name = "AS_SET first: length 2, no neighbouring AS",
	 .body = "0000001e4001010040021001020000fde90000fdea02010000fdeb400304"
		 "0a000001180a0101",
	 .result = OK,
	 .path = "01020000fde90000fdea02010000fdeb",
	 .path_len = 2},
	{.name = "MED 0 is a MED (present, unlike no MED)",
	 .body = "0000001b4001010040020602010000fde94003040a000001800404000000"
		 "00180a0101",
	 .result = OK,
	 .path = "02010000fde9",
	 .path_len = 1,
	 .first = 65001,
	 .has_med = true},
	{.name = "communities, large communities, RT apart from 3 SoOs, opaque",
	 .body = "000000654001010040020602010000fe4d4003040a000001c00808fe4d00"
		 "07ffffff02c01028" EXTS "c02018fa56ea0100000001000000020000fe"
		 "4d0000000300000004180a0101",
	 .result = OK,
	 .path = "02010000fe4d",
	 .path_len = 1,
	 .first = 65101,
	 .n_comm = 2,
	 .n_large = 2,
	 .n_rts = 1,
	 .n_ext_other = 4},
	{.name = "AS4_PATH from a 4-octet session: discarded (RFC 6793 4.1)",
	 .body = "000000214001010040020a0202fa56ea010000fde94003040a000001c011"
		 "060201fa56ea09180a0101",
	 .result = OK,
	 .path = "0202fa56ea010000fde9",
	 .path_len = 2,
	 .first = 4200000001u,
	 .n_discarded = 1},
	{.name = "2-octet session: AS_TRANS widened, AS4_PATH not merged",
	 .body = "000000214001010040020602025ba0fde94003040a000001c0110a0202fa"
		 "56ea010000fde9180a0101",
	 .as2 = true,
	 .result = OK,
	 .path = "020200005ba00000fde9",
	 .path_len = 2,
	 .first = 23456},
	{.name = "MED of 3 octets: treat-as-withdraw (RFC 7606 sec. 7.4)",
	 .body = "0000001a4001010040020602010000fde94003040a000001800403000007"
		 "180a0101",
	 .result = TAW},
	{.name = "COMMUNITIES of 3 octets: treat-as-withdraw (sec. 7.8)",
	 .body = "0000001a4001010040020602010000fe4d4003040a000001c00803fded00"
		 "180a0101",
	 .result = TAW},
	{.name = "EXT_COMMUNITIES of 12 octets: treat-as-withdraw (sec. 7.14)",
	 .body = "000000234001010040020602010000fe4d4003040a000001c0100c0002fd"
		 "e8000000010003fded180a0101",
	 .result = TAW},
	{.name = "AS_PATH segment type 5: treat-as-withdraw (sec. 7.2)",
	 .body = "000000144001010040020605010000fde94003040a000001180a0101",
	 .result = TAW},
	{.name = "AS_PATH segment of no AS: treat-as-withdraw (sec. 7.2)",
	 .body = "000000104001010040020202004003040a000001180a0101",
	 .result = TAW},
};

static size_t update_of(const char *body, uint8_t *m)
{
	ssize_t n = unhex(body, m + BGP_HDR_LEN, BGP_MAX_LEN - BGP_HDR_LEN);

	if (n < 0)
		return 0;
	bgp_hdr_write(m, (uint16_t)(BGP_HDR_LEN + n), BGP_MSG_UPDATE);
	return BGP_HDR_LEN + (size_t)n;
}

static void run_vec(const void *arg)
{
	const struct cust_vec *v = arg;
	struct bgp_update_opts o = {.as4 = !v->as2,
				    .af_mask = BGP_AF_BIT(BGP_AF_IPV4_UNICAST)};
	uint8_t m[BGP_MAX_LEN], want[BGP_MAX_AS_PATH], again[BGP_MAX_LEN];
	struct bgp_update_iter it = {0};
	const struct bgp_attrs *a;
	struct bgp_update upd, upd2;
	struct bgp_route r, r2;
	size_t len = update_of(v->body, m), done;
	ssize_t wn;
	int blen;

	CHECK(len > BGP_HDR_LEN, "body hex");
	CHECK(bgp_update_parse(m, len, &o, &upd) == v->result, "result %s",
	      bgp_result_str(upd.result));
	CHECK(bgp_update_next(&upd, &it, &r) == 1 &&
		      r.withdraw == (v->result != BGP_RESULT_OK),
	      "10.1.1.0/24 %s",
	      v->result == BGP_RESULT_OK ? "announced" : "withdrawn");
	if (v->result != BGP_RESULT_OK)
		return;
	a = &upd.attrs;
	wn = unhex(v->path, want, sizeof(want));
	CHECK(wn >= 0 && a->as_path_wire_len == (size_t)wn &&
		      !memcmp(a->as_path, want, (size_t)wn) &&
		      !a->as_path_truncated,
	      "AS_PATH kept byte for byte (%u octets)", a->as_path_wire_len);
	CHECK(a->as_path_len == v->path_len && a->as_path_first == v->first,
	      "length %u, first AS %u", a->as_path_len, a->as_path_first);
	CHECK(BGP_ATTR_PRESENT(a, BGP_ATTR_MED) == v->has_med &&
		      (!v->has_med || a->med == v->med),
	      "MED %d %u", (int)BGP_ATTR_PRESENT(a, BGP_ATTR_MED), a->med);
	CHECK(a->n_communities == v->n_comm && a->n_large == v->n_large &&
		      a->n_route_targets == v->n_rts &&
		      a->n_ext_other == v->n_ext_other,
	      "%u communities, %u large, %u RTs, %u other extended",
	      a->n_communities, a->n_large, a->n_route_targets, a->n_ext_other);
	CHECK((int)upd.n_discarded == v->n_discarded, "%u discarded",
	      upd.n_discarded);
	/* What we send again parses back to the same customer part. */
	blen = bgp_update_build_announce(&r, 1, &done, again, sizeof(again));
	o.as4 = true;
	CHECK(blen > 0 && done == 1 &&
		      bgp_update_parse(again, (size_t)blen, &o, &upd2) ==
			      BGP_RESULT_OK,
	      "built again (%d)", blen);
	memset(&it, 0, sizeof(it));
	CHECK(bgp_update_next(&upd2, &it, &r2) == 1 &&
		      bgp_attrs_customer_hash(&r2.attrs) ==
			      bgp_attrs_customer_hash(&r.attrs) &&
		      r2.attrs.as_path_len == r.attrs.as_path_len,
	      "the same customer attributes after a round trip");
}

/* The values of "all communities", in order: communities, large
 * communities, the SoOs by their three forms, the RT only among RTs. */
static void test_values(const void *arg)
{
	static const uint8_t rt[8] = {0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 1};
	static const uint8_t soo_as2[8] = {0x00, 0x03, 0xfd, 0xed, 0, 0, 0, 1};
	static const uint8_t soo_ip[8] = {0x01, 0x03, 10, 0, 0, 1, 0, 5};
	static const uint8_t soo_as4[8] = {0x02, 0x03, 0xfa, 0x56,
					   0xea, 0x01, 0,    9};
	static const uint8_t opaque[8] = {0x03, 0x0c, 0, 0, 0, 0, 0, 8};
	struct bgp_update_opts o = {.as4 = true,
				    .af_mask = BGP_AF_BIT(BGP_AF_IPV4_UNICAST)};
	struct bgp_update upd;
	const struct bgp_attrs *a = &upd.attrs;
	uint8_t m[BGP_MAX_LEN];

	(void)arg;
	CHECK(bgp_update_parse(m, update_of(vecs[3].body, m), &o, &upd) ==
		      BGP_RESULT_OK,
	      "parse");
	CHECK(a->communities[0] == (65101u << 16 | 7) &&
		      a->communities[1] == 0xffffff02,
	      "communities (65101,7) and NO_ADVERTISE, in order");
	CHECK(a->large[0][0] == 4200000001u && a->large[0][1] == 1 &&
		      a->large[0][2] == 2 && a->large[1][0] == 65101 &&
		      a->large[1][1] == 3 && a->large[1][2] == 4,
	      "large communities (4200000001,1,2) (65101,3,4)");
	CHECK(!memcmp(a->route_targets[0], rt, 8), "the RT among RTs");
	CHECK(!memcmp(a->ext_other[0], soo_as2, 8) &&
		      !memcmp(a->ext_other[1], soo_ip, 8) &&
		      !memcmp(a->ext_other[2], soo_as4, 8) &&
		      !memcmp(a->ext_other[3], opaque, 8),
	      "SoO 0x0003, 0x0103, 0x0203 and the opaque one, in order");
	CHECK(bgp_attrs_has_ext(a, soo_as2) && bgp_attrs_has_ext(a, soo_ip) &&
		      bgp_attrs_has_ext(a, soo_as4) && bgp_attrs_has_ext(a, rt),
	      "has_ext finds each");
	CHECK(a->n_ext_communities == 5, "5 extended communities in all");
}

/* The loop rule counts our AS wherever it is (sequence or set, RFC 4271
 * sec. 9.1.2: any occurrence is a loop); as_override replaces every
 * occurrence, 4-octet ASes included, and the first AS with it. */
static void test_path_helpers(const void *arg)
{
	/* SEQ 4200000001 65000 4200000001, SET {4200000001 65002} */
	static const char *path = "0203fa56ea010000fde8fa56ea01"
				  "0102fa56ea010000fdea";
	static const char *over = "02030000fde80000fde80000fde8"
				  "01020000fde80000fdea";
	struct bgp_attrs a = {0}, b;
	uint8_t want[64];
	ssize_t n;

	(void)arg;
	n = unhex(path, a.as_path, sizeof(a.as_path));
	a.as_path_wire_len = (uint16_t)n;
	a.as_path_first = 4200000001u;
	CHECK(bgp_as_path_count(&a, 4200000001u) == 3 &&
		      bgp_as_path_count(&a, 65000) == 1 &&
		      bgp_as_path_count(&a, 65002) == 1 &&
		      bgp_as_path_count(&a, 65003) == 0,
	      "counts in sequence and set");
	b = a;
	bgp_as_path_replace(&b, 4200000001u, 65000);
	n = unhex(over, want, sizeof(want));
	CHECK(b.as_path_wire_len == n && !memcmp(b.as_path, want, (size_t)n) &&
		      b.as_path_first == 65000 &&
		      bgp_as_path_count(&b, 65000) == 4,
	      "as_override: every occurrence, the set too");
	CHECK(bgp_attrs_customer_hash(&a) != bgp_attrs_customer_hash(&b),
	      "a new path is a change");
	b = a;
	bgp_as_path_replace(&b, 65009, 65000);
	CHECK(!memcmp(&a, &b, sizeof(a)), "an AS not in the path: unchanged");
}

int main(void)
{
	tl_plan(N_ELEM(vecs) + 2);
	for (size_t i = 0; i < N_ELEM(vecs); i++)
		tl_run(vecs[i].name, run_vec, &vecs[i]);
	RUN(test_values);
	RUN(test_path_helpers);
	return tl_summary();
}
