// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_update.c - UPDATE parse and build (RFC 4271, 4760, 4364, 4659, 8277)
 * with the error handling of RFC 7606.
 *
 * Each address family is a descriptor with NLRI and next hop codecs; the
 * attribute walker is shared.  Every read is preceded by a length check
 * against the enclosing field.
 */
#include "bgp/bgp_update.h"

#include <errno.h>
#include <string.h>

#include "util/hash.h"
#include "util/rd.h"

struct bgp_af_codec;

typedef int (*bgp_nlri_decode_fn)(const struct bgp_af_codec *c,
				  const uint8_t *p, size_t len, bool withdraw,
				  struct bgp_route *r);
typedef int (*bgp_nlri_encode_fn)(const struct bgp_af_codec *c,
				  const struct bgp_route *r, bool withdraw,
				  uint8_t *p, size_t room);
typedef int (*bgp_nh_decode_fn)(const struct bgp_af_codec *c, const uint8_t *p,
				size_t len, struct bgp_attrs *a);
typedef int (*bgp_nh_encode_fn)(const struct bgp_af_codec *c,
				const struct bgp_attrs *a, uint8_t *p,
				size_t room);

struct bgp_af_codec {
	int family;	  /* AF_INET, AF_INET6 */
	uint8_t addr_len; /* 4, 16 */
	bool labeled;	  /* label stack before the prefix */
	bool vpn;	  /* RD before the prefix, RD before the next hop */
	bgp_nlri_decode_fn decode_nlri; /* bytes used, or -EBADMSG */
	bgp_nlri_encode_fn encode_nlri; /* bytes written, or -errno */
	/* 0, -EBADMSG (bad length: reset), -EINVAL (bad value: withdraw) */
	bgp_nh_decode_fn decode_next_hop;
	bgp_nh_encode_fn encode_next_hop;
};

/*
 * NLRI = length in bits, [label fields], [RD], prefix.  The one walker
 * serves all families; the descriptor says which parts are there.
 */
static int bgp_nlri_decode(const struct bgp_af_codec *c, const uint8_t *p,
			   size_t len, bool withdraw, struct bgp_route *r)
{
	size_t off = 1, bytes;
	unsigned int bits;

	if (len < 1)
		return -EBADMSG;
	bits = p[0];
	if (1 + (bits + 7) / 8 > len)
		return -EBADMSG;
	r->n_labels = 0;
	while (c->labeled) {
		uint32_t field;

		if (bits < 24)
			return -EBADMSG;
		field = (uint32_t)p[off] << 16 | (uint32_t)p[off + 1] << 8 |
			p[off + 2];
		off += 3;
		bits -= 24;
		/*
		 * A withdrawal's label field means nothing; 0x800000 and
		 * 0x000000 (RFC 8277 sec. 2.4, RFC 3107) end it without BoS.
		 */
		if (withdraw && (field == BGP_LABEL_WITHDRAW || field == 0))
			break;
		if (r->n_labels == BGP_MAX_LABELS)
			return -EBADMSG;
		r->labels[r->n_labels++] = field >> 4;
		if (field & 1)
			break;
	}
	if (withdraw)
		r->n_labels = 0;
	memset(r->rd, 0, sizeof(r->rd));
	if (c->vpn) {
		if (bits < 64)
			return -EBADMSG;
		memcpy(r->rd, p + off, BGP_RD_LEN);
		off += BGP_RD_LEN;
		bits -= 64;
	}
	if (bits > c->addr_len * 8u)
		return -EBADMSG;
	bytes = (bits + 7) / 8;
	memset(&r->prefix, 0, sizeof(r->prefix));
	r->prefix.family = c->family;
	memcpy(r->prefix.bytes, p + off, bytes);
	/* Trailing bits past the length are not part of the prefix. */
	if (bits % 8)
		r->prefix.bytes[bytes - 1] &= (uint8_t)(0xff << (8 - bits % 8));
	r->prefix_len = (uint8_t)bits;
	return (int)(off + bytes);
}

static int bgp_nlri_encode(const struct bgp_af_codec *c,
			   const struct bgp_route *r, bool withdraw, uint8_t *p,
			   size_t room)
{
	unsigned int nl = 0, bits;
	size_t off = 1, bytes;

	if (r->prefix_len > c->addr_len * 8u || r->prefix.family != c->family)
		return -EINVAL;
	if (c->labeled) {
		nl = withdraw ? 1 : r->n_labels;
		if (nl == 0 || nl > BGP_MAX_LABELS)
			return -EINVAL;
	}
	bits = nl * 24 + (c->vpn ? 64 : 0) + r->prefix_len;
	if (bits > 255)
		return -EINVAL;
	bytes = (r->prefix_len + 7) / 8;
	if (room < 1 + (bits + 7) / 8)
		return -ENOSPC;
	p[0] = (uint8_t)bits;
	for (unsigned int i = 0; i < nl; i++) {
		uint32_t field = withdraw ? BGP_LABEL_WITHDRAW
					  : (r->labels[i] & 0xfffff) << 4;

		if (!withdraw && i == nl - 1)
			field |= 1; /* bottom of stack */
		p[off] = field >> 16;
		p[off + 1] = (field >> 8) & 0xff;
		p[off + 2] = field & 0xff;
		off += 3;
	}
	if (c->vpn) {
		memcpy(p + off, r->rd, BGP_RD_LEN);
		off += BGP_RD_LEN;
	}
	memcpy(p + off, r->prefix.bytes, bytes);
	if (r->prefix_len % 8)
		p[off + bytes - 1] &=
			(uint8_t)(0xff << (8 - r->prefix_len % 8));
	return (int)(off + bytes);
}

static const uint8_t bgp_v4mapped[12] = {0, 0, 0, 0, 0,	   0,
					 0, 0, 0, 0, 0xff, 0xff};

static void bgp_addr_from(struct mplsx_addr *a, int family, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET6 && !memcmp(p, bgp_v4mapped, 12)) {
		a->family = AF_INET;
		memcpy(a->bytes, p + 12, 4);
		return;
	}
	a->family = family;
	memcpy(a->bytes, p, family == AF_INET ? 4 : 16);
}

/*
 * Next hop: for VPN families each address is preceded by an RD that must
 * be zero (RFC 4364 sec. 4.3.2, RFC 4659 sec. 3.2.1.1); IPv6 may add a
 * link-local address (RFC 2545 sec. 3).
 */
static int bgp_nh_decode(const struct bgp_af_codec *c, const uint8_t *p,
			 size_t len, struct bgp_attrs *a)
{
	static const uint8_t zero_rd[BGP_RD_LEN];
	size_t one = (c->vpn ? BGP_RD_LEN : 0) + c->addr_len;
	size_t n;

	if (len == one)
		n = 1;
	else if (c->family == AF_INET6 && len == 2 * one)
		n = 2;
	else
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *q = p + i * one;

		if (c->vpn) {
			if (memcmp(q, zero_rd, BGP_RD_LEN))
				return -EINVAL;
			q += BGP_RD_LEN;
		}
		bgp_addr_from(i ? &a->next_hop_ll : &a->next_hop, c->family, q);
	}
	return 0;
}

static int bgp_nh_encode(const struct bgp_af_codec *c,
			 const struct bgp_attrs *a, uint8_t *p, size_t room)
{
	const struct mplsx_addr *nh[2] = {&a->next_hop, &a->next_hop_ll};
	size_t n = c->family == AF_INET6 && a->next_hop_ll.family ? 2 : 1;
	size_t off = 0;

	if (room < n * ((c->vpn ? BGP_RD_LEN : 0) + c->addr_len))
		return -ENOSPC;
	for (size_t i = 0; i < n; i++) {
		if (c->vpn) {
			memset(p + off, 0, BGP_RD_LEN);
			off += BGP_RD_LEN;
		}
		if (nh[i]->family == c->family) {
			memcpy(p + off, nh[i]->bytes, c->addr_len);
		} else if (c->family == AF_INET6 && nh[i]->family == AF_INET) {
			/* An IPv4 PE announcing IPv6: IPv4-mapped. */
			memcpy(p + off, bgp_v4mapped, 12);
			memcpy(p + off + 12, nh[i]->bytes, 4);
		} else {
			return -EINVAL;
		}
		off += c->addr_len;
	}
	return (int)off;
}

#define BGP_CODEC(fam, alen, lab, isvpn)                               \
	{                                                              \
		.family = (fam), .addr_len = (alen), .labeled = (lab), \
		.vpn = (isvpn), .decode_nlri = bgp_nlri_decode,        \
		.encode_nlri = bgp_nlri_encode,                        \
		.decode_next_hop = bgp_nh_decode,                      \
		.encode_next_hop = bgp_nh_encode,                      \
	}

static const struct bgp_af_codec bgp_codecs[BGP_AF_COUNT] = {
	[BGP_AF_IPV4_UNICAST] = BGP_CODEC(AF_INET, 4, false, false),
	[BGP_AF_IPV6_UNICAST] = BGP_CODEC(AF_INET6, 16, false, false),
	[BGP_AF_IPV4_LU] = BGP_CODEC(AF_INET, 4, true, false),
	[BGP_AF_IPV6_LU] = BGP_CODEC(AF_INET6, 16, true, false),
	[BGP_AF_VPNV4] = BGP_CODEC(AF_INET, 4, true, true),
	[BGP_AF_VPNV6] = BGP_CODEC(AF_INET6, 16, true, true),
};

const char *bgp_result_str(enum bgp_result res)
{
	switch (res) {
	case BGP_RESULT_OK:
		return "ok";
	case BGP_RESULT_TREAT_AS_WITHDRAW:
		return "treat-as-withdraw";
	case BGP_RESULT_SESSION_RESET:
		return "session-reset";
	}
	return "?";
}

/* Walk a whole NLRI field once; 0 when every entry decodes. */
static int bgp_nlri_check(const struct bgp_af_codec *c, const uint8_t *p,
			  size_t len, bool withdraw)
{
	struct bgp_route r;
	size_t off = 0;

	while (off < len) {
		int n = c->decode_nlri(c, p + off, len - off, withdraw, &r);

		if (n < 0)
			return n;
		off += (size_t)n;
	}
	return 0;
}

/* What RFC 7606 says to do when an attribute is malformed. */
enum bgp_attr_action {
	BGP_ACT_WITHDRAW,
	BGP_ACT_DISCARD,
	BGP_ACT_RESET,
};

struct bgp_attr_rule {
	uint8_t flags; /* expected optional/transitive bits */
	uint8_t action;
};

#define WELL_KNOWN BGP_ATTR_FLAG_TRANSITIVE
#define OPT_NONTR  BGP_ATTR_FLAG_OPTIONAL
#define OPT_TRANS  (BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE)

static const struct bgp_attr_rule bgp_attr_rules[] = {
	[BGP_ATTR_ORIGIN] = {WELL_KNOWN, BGP_ACT_WITHDRAW},	     /* 7.1 */
	[BGP_ATTR_AS_PATH] = {WELL_KNOWN, BGP_ACT_WITHDRAW},	     /* 7.2 */
	[BGP_ATTR_NEXT_HOP] = {WELL_KNOWN, BGP_ACT_WITHDRAW},	     /* 7.3 */
	[BGP_ATTR_MED] = {OPT_NONTR, BGP_ACT_WITHDRAW},		     /* 7.4 */
	[BGP_ATTR_LOCAL_PREF] = {WELL_KNOWN, BGP_ACT_WITHDRAW},	     /* 7.5 */
	[BGP_ATTR_ATOMIC_AGGREGATE] = {WELL_KNOWN, BGP_ACT_DISCARD}, /* 7.6 */
	[BGP_ATTR_AGGREGATOR] = {OPT_TRANS, BGP_ACT_DISCARD},	     /* 7.7 */
	[BGP_ATTR_COMMUNITIES] = {OPT_TRANS, BGP_ACT_WITHDRAW},	     /* 7.8 */
	[BGP_ATTR_ORIGINATOR_ID] = {OPT_NONTR, BGP_ACT_WITHDRAW},    /* 7.9 */
	[BGP_ATTR_CLUSTER_LIST] = {OPT_NONTR, BGP_ACT_WITHDRAW},     /* 7.10 */
	[BGP_ATTR_MP_REACH_NLRI] = {OPT_NONTR, BGP_ACT_RESET},	     /* 7.11 */
	[BGP_ATTR_MP_UNREACH_NLRI] = {OPT_NONTR, BGP_ACT_RESET},     /* 7.12 */
	[BGP_ATTR_EXT_COMMUNITIES] = {OPT_TRANS, BGP_ACT_WITHDRAW},  /* 7.14 */
	[BGP_ATTR_AS4_PATH] = {OPT_TRANS, BGP_ACT_DISCARD}, /* RFC 6793 */
	[BGP_ATTR_AS4_AGGREGATOR] = {OPT_TRANS, BGP_ACT_DISCARD},
	[BGP_ATTR_LARGE_COMMUNITIES] = {OPT_TRANS, BGP_ACT_WITHDRAW}, /* 8092 */
};

#define BGP_ATTR_KNOWN(t)                                            \
	((t) < sizeof(bgp_attr_rules) / sizeof(bgp_attr_rules[0]) && \
	 bgp_attr_rules[t].flags)

/* The walker's state over one UPDATE. */
struct bgp_upd_ctx {
	const struct bgp_update_opts *opts;
	struct bgp_update *upd;
	const uint8_t *attr; /* the attribute being read, for error data */
	size_t attr_len;     /* its whole length, header included */
};

static enum bgp_result bgp_upd_reset(struct bgp_upd_ctx *x, uint8_t sub,
				     const uint8_t *data, size_t len)
{
	x->upd->result = BGP_RESULT_SESSION_RESET;
	bgp_error_set(&x->upd->err, BGP_ERR_UPDATE, sub, data, len);
	return BGP_RESULT_SESSION_RESET;
}

static void bgp_upd_withdraw(struct bgp_upd_ctx *x, uint8_t sub)
{
	if (x->upd->result != BGP_RESULT_OK)
		return;
	x->upd->result = BGP_RESULT_TREAT_AS_WITHDRAW;
	bgp_error_set(&x->upd->err, BGP_ERR_UPDATE, sub, x->attr, x->attr_len);
}

/*
 * AS_PATH or AS4_PATH: segments of type 1..4, non-empty, whole (7.2).
 * Kept in A (when given) with 4-octet ASes.
 */
static int bgp_as_path_parse(const uint8_t *p, size_t len, size_t as_size,
			     struct bgp_attrs *a)
{
	size_t off = 0, w = 0;
	uint16_t count = 0;
	uint32_t first = 0;
	bool trunc = false;

	while (off < len) {
		uint8_t type, n;

		if (len - off < 2)
			return -EBADMSG;
		type = p[off];
		n = p[off + 1];
		if (type < 1 || type > 4 || n == 0)
			return -EBADMSG;
		if ((size_t)n * as_size > len - off - 2)
			return -EBADMSG;
		if (type == 2 && !first && !count)
			first = as_size == 4 ? bgp_get32(p + off + 2)
					     : bgp_get16(p + off + 2);
		if (type == 2)
			count += n;
		else if (type == 1)
			count += 1;
		/* Confederation segments do not count (RFC 5065 5.3). */
		if (a && !trunc && w + 2 + (size_t)n * 4 <= BGP_MAX_AS_PATH) {
			a->as_path[w] = type;
			a->as_path[w + 1] = n;
			for (size_t i = 0; i < n; i++) {
				const uint8_t *q = p + off + 2 + i * as_size;

				bgp_put32(a->as_path + w + 2 + i * 4,
					  as_size == 4 ? bgp_get32(q)
						       : bgp_get16(q));
			}
			w += 2 + (size_t)n * 4;
		} else {
			trunc = true;
		}
		off += 2 + (size_t)n * as_size;
	}
	if (a) {
		a->as_path_len = count;
		a->as_path_first = first;
		a->as_path_wire_len = (uint16_t)w;
		a->as_path_truncated = trunc;
	}
	return 0;
}

unsigned int bgp_as_path_count(const struct bgp_attrs *a, uint32_t as)
{
	unsigned int hits = 0;
	size_t off = 0;

	while (off + 2 <= a->as_path_wire_len) {
		uint8_t n = a->as_path[off + 1];

		for (size_t i = 0; i < n; i++)
			hits += bgp_get32(a->as_path + off + 2 + i * 4) == as;
		off += 2 + (size_t)n * 4;
	}
	return hits;
}

void bgp_as_path_replace(struct bgp_attrs *a, uint32_t from, uint32_t to)
{
	size_t off = 0;

	while (off + 2 <= a->as_path_wire_len) {
		uint8_t n = a->as_path[off + 1];

		for (size_t i = 0; i < n; i++) {
			uint8_t *q = a->as_path + off + 2 + i * 4;

			if (bgp_get32(q) == from)
				bgp_put32(q, to);
		}
		off += 2 + (size_t)n * 4;
	}
	if (a->as_path_first == from)
		a->as_path_first = to;
}

bool bgp_attrs_has_ext(const struct bgp_attrs *a, const uint8_t *ec)
{
	for (size_t i = 0; i < a->n_ext_other; i++)
		if (!memcmp(a->ext_other[i], ec, BGP_EC_LEN))
			return true;
	for (size_t i = 0; i < a->n_route_targets; i++)
		if (!memcmp(a->route_targets[i], ec, BGP_EC_LEN))
			return true;
	return false;
}

#define BGP_CUSTOMER_ATTRS                                         \
	((1ull << BGP_ATTR_ORIGIN) | (1ull << BGP_ATTR_AS_PATH) |  \
	 (1ull << BGP_ATTR_MED) | (1ull << BGP_ATTR_COMMUNITIES) | \
	 (1ull << BGP_ATTR_LARGE_COMMUNITIES))

void bgp_attrs_customer_copy(struct bgp_attrs *to, const struct bgp_attrs *from)
{
	to->present = (to->present & ~BGP_CUSTOMER_ATTRS) |
		      (from->present & BGP_CUSTOMER_ATTRS);
	to->origin = from->origin;
	to->med = from->med;
	to->as_path_len = from->as_path_len;
	to->as_path_first = from->as_path_first;
	to->as_path_wire_len = from->as_path_wire_len;
	to->as_path_truncated = from->as_path_truncated;
	memcpy(to->as_path, from->as_path, sizeof(to->as_path));
	to->n_communities = from->n_communities;
	memcpy(to->communities, from->communities, sizeof(to->communities));
	to->n_large = from->n_large;
	memcpy(to->large, from->large, sizeof(to->large));
	to->n_ext_other = from->n_ext_other;
	memcpy(to->ext_other, from->ext_other, sizeof(to->ext_other));
	to->communities_truncated = from->communities_truncated;
}

bool bgp_attrs_customer_eq(const struct bgp_attrs *x, const struct bgp_attrs *y)
{
	const uint64_t med = 1ull << BGP_ATTR_MED;

	return (x->present & med) == (y->present & med) &&
	       x->origin == y->origin && x->med == y->med &&
	       x->as_path_len == y->as_path_len &&
	       x->as_path_first == y->as_path_first &&
	       x->as_path_wire_len == y->as_path_wire_len &&
	       x->as_path_truncated == y->as_path_truncated &&
	       !memcmp(x->as_path, y->as_path, x->as_path_wire_len) &&
	       x->n_communities == y->n_communities &&
	       !memcmp(x->communities, y->communities,
		       (size_t)x->n_communities * 4) &&
	       x->n_large == y->n_large &&
	       !memcmp(x->large, y->large, (size_t)x->n_large * 12) &&
	       x->n_ext_other == y->n_ext_other &&
	       !memcmp(x->ext_other, y->ext_other,
		       (size_t)x->n_ext_other * BGP_EC_LEN) &&
	       x->communities_truncated == y->communities_truncated;
}

uint64_t bgp_attrs_customer_hash(const struct bgp_attrs *a)
{
	/* ORIGIN and AS_PATH are always there: only MED may be missing */
	uint64_t p = a->present & (1ull << BGP_ATTR_MED);
	uint64_t h = hash__bytes(HASH_SEED, &p, sizeof(p));

	h = hash__bytes(h, &a->origin, 1);
	h = hash__bytes(h, &a->med, sizeof(a->med));
	h = hash__bytes(h, a->as_path, a->as_path_wire_len);
	h = hash__bytes(h, a->communities, a->n_communities * 4u);
	h = hash__bytes(h, a->large, a->n_large * 12u);
	h = hash__bytes(h, a->ext_other, a->n_ext_other * (size_t)BGP_EC_LEN);
	/* the counts: two empty lists must differ from one longer */
	h = hash__bytes(h, &a->n_communities, 1);
	h = hash__bytes(h, &a->n_large, 1);
	return hash__bytes(h, &a->n_ext_other, 1);
}

static int bgp_communities_parse(const uint8_t *p, size_t len,
				 struct bgp_attrs *a)
{
	if (len % 4)
		return -EBADMSG;
	for (size_t off = 0; off < len; off += 4) {
		if (a->n_communities == BGP_MAX_COMMUNITIES) {
			a->communities_truncated = true;
			break;
		}
		a->communities[a->n_communities++] = bgp_get32(p + off);
	}
	return 0;
}

/* RFC 8092 sec. 6: a length not a multiple of 12 is treat-as-withdraw. */
static int bgp_large_parse(const uint8_t *p, size_t len, struct bgp_attrs *a)
{
	if (len % 12)
		return -EBADMSG;
	for (size_t off = 0; off < len; off += 12) {
		if (a->n_large == BGP_MAX_LARGE) {
			a->communities_truncated = true;
			break;
		}
		for (int i = 0; i < 3; i++)
			a->large[a->n_large][i] = bgp_get32(p + off + 4 * i);
		a->n_large++;
	}
	return 0;
}

static int bgp_ext_communities_parse(const uint8_t *p, size_t len,
				     struct bgp_attrs *a)
{
	if (len % BGP_EC_LEN)
		return -EBADMSG;
	a->n_ext_communities = (uint16_t)(len / BGP_EC_LEN);
	for (size_t off = 0; off < len; off += BGP_EC_LEN) {
		if (!mplsx_rt__is_route_target(p + off)) {
			if (a->n_ext_other == BGP_MAX_EXT_OTHER) {
				a->communities_truncated = true;
				continue;
			}
			memcpy(a->ext_other[a->n_ext_other++], p + off,
			       BGP_EC_LEN);
			continue;
		}
		if (a->n_route_targets == BGP_MAX_RTS) {
			a->route_targets_truncated = true;
			continue;
		}
		memcpy(a->route_targets[a->n_route_targets++], p + off,
		       BGP_EC_LEN);
	}
	return 0;
}

/*
 * An MP_REACH/MP_UNREACH whose NLRI cannot be parsed (RFC 7606 sec. 5.3,
 * 7.11): "session reset" or "AFI/SAFI disable" (RFC 4760 sec. 7).  For
 * labeled unicast, which only feeds transport next hops, the family is
 * disabled and the session (its VPN routes) stays; a VPN family resets.
 */
static int bgp_mp_unusable(struct bgp_upd_ctx *x, int af)
{
	if (af != BGP_AF_IPV4_LU && af != BGP_AF_IPV6_LU)
		return bgp_upd_reset(x, BGP_UPD_OPT_ATTR, x->attr, x->attr_len);
	x->upd->af_disabled |= BGP_AF_BIT(af);
	return 0;
}

/* MP_REACH_NLRI (RFC 4760 sec. 3): AFI, SAFI, next hop, reserved, NLRI. */
static int bgp_mp_reach_parse(struct bgp_upd_ctx *x, const uint8_t *p,
			      size_t len)
{
	struct bgp_update *u = x->upd;
	const struct bgp_af_codec *c;
	size_t nh_len;
	int af, err;

	if (len < 5)
		return bgp_upd_reset(x, BGP_UPD_OPT_ATTR, x->attr, x->attr_len);
	nh_len = p[3];
	if (5 + nh_len > len)
		return bgp_upd_reset(x, BGP_UPD_OPT_ATTR, x->attr, x->attr_len);
	af = bgp_af_from_afi_safi(bgp_get16(p), p[2]);
	if (af < 0 || !(x->opts->af_mask & BGP_AF_BIT(af))) {
		u->ignored_af = true;
		return 0;
	}
	c = &bgp_codecs[af];
	err = c->decode_next_hop(c, p + 4, nh_len, &u->attrs);
	if (err == -EBADMSG) /* 7.11: the NLRI cannot be located safely */
		return bgp_mp_unusable(x, af);
	if (err)
		bgp_upd_withdraw(x, BGP_UPD_BAD_NEXT_HOP);
	/* p[4 + nh_len] is the reserved octet (ex SNPA count): ignored. */
	p += 5 + nh_len;
	len -= 5 + nh_len;
	if (bgp_nlri_check(c, p, len, false)) /* 5.3 */
		return bgp_mp_unusable(x, af);
	u->block[BGP_BLOCK_MP_REACH] = (struct bgp_nlri_block){
		.data = p, .len = (uint16_t)len, .af = (int8_t)af};
	return 0;
}

static int bgp_mp_unreach_parse(struct bgp_upd_ctx *x, const uint8_t *p,
				size_t len)
{
	struct bgp_update *u = x->upd;
	int af;

	if (len < 3)
		return bgp_upd_reset(x, BGP_UPD_OPT_ATTR, x->attr, x->attr_len);
	af = bgp_af_from_afi_safi(bgp_get16(p), p[2]);
	if (af < 0 || !(x->opts->af_mask & BGP_AF_BIT(af))) {
		u->ignored_af = true;
		return 0;
	}
	if (bgp_nlri_check(&bgp_codecs[af], p + 3, len - 3, true))
		return bgp_mp_unusable(x, af);
	u->block[BGP_BLOCK_MP_UNREACH] =
		(struct bgp_nlri_block){.data = p + 3,
					.len = (uint16_t)(len - 3),
					.af = (int8_t)af,
					.withdraw = true};
	return 0;
}

/*
 * One known attribute's value.  0 when kept, -EBADMSG when malformed (the
 * caller applies the rule), or BGP_RESULT_SESSION_RESET already recorded.
 */
static int bgp_attr_value(struct bgp_upd_ctx *x, uint8_t type, const uint8_t *p,
			  size_t len)
{
	struct bgp_attrs *a = &x->upd->attrs;

	switch (type) {
	case BGP_ATTR_ORIGIN:
		if (len != 1 || p[0] > BGP_ORIGIN_INCOMPLETE)
			return -EBADMSG;
		a->origin = p[0];
		return 0;
	case BGP_ATTR_AS_PATH:
		return bgp_as_path_parse(p, len, x->opts->as4 ? 4 : 2, a);
	case BGP_ATTR_NEXT_HOP:
		if (len != 4)
			return -EBADMSG;
		if (!a->next_hop.family) /* MP_REACH's next hop wins */
			bgp_addr_from(&a->next_hop, AF_INET, p);
		return 0;
	case BGP_ATTR_MED:
		if (len != 4)
			return -EBADMSG;
		a->med = bgp_get32(p);
		return 0;
	case BGP_ATTR_LOCAL_PREF:
		if (len != 4)
			return -EBADMSG;
		a->local_pref = bgp_get32(p);
		return 0;
	case BGP_ATTR_ATOMIC_AGGREGATE:
		if (len != 0)
			return -EBADMSG;
		a->atomic_aggregate = true;
		return 0;
	case BGP_ATTR_AGGREGATOR:
		return len == (x->opts->as4 ? 8u : 6u) ? 0 : -EBADMSG;
	case BGP_ATTR_AS4_AGGREGATOR:
		return len == 8 ? 0 : -EBADMSG;
	case BGP_ATTR_COMMUNITIES:
		return bgp_communities_parse(p, len, a);
	case BGP_ATTR_LARGE_COMMUNITIES:
		return bgp_large_parse(p, len, a);
	case BGP_ATTR_ORIGINATOR_ID:
		if (len != 4)
			return -EBADMSG;
		a->originator_id = bgp_get32(p);
		return 0;
	case BGP_ATTR_CLUSTER_LIST:
		if (len % 4)
			return -EBADMSG;
		a->cluster_list_len = (uint16_t)(len / 4);
		return 0;
	case BGP_ATTR_EXT_COMMUNITIES:
		return bgp_ext_communities_parse(p, len, a);
	case BGP_ATTR_AS4_PATH:
		/* Only the length matters to us: check it, keep nothing. */
		return bgp_as_path_parse(p, len, 4, NULL);
	case BGP_ATTR_MP_REACH_NLRI:
		return bgp_mp_reach_parse(x, p, len);
	case BGP_ATTR_MP_UNREACH_NLRI:
		return bgp_mp_unreach_parse(x, p, len);
	}
	return 0;
}

static uint8_t bgp_attr_subcode(uint8_t type)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
		return BGP_UPD_BAD_ORIGIN;
	case BGP_ATTR_AS_PATH:
		return BGP_UPD_MALFORMED_AS_PATH;
	case BGP_ATTR_NEXT_HOP:
		return BGP_UPD_BAD_NEXT_HOP;
	case BGP_ATTR_MED:
	case BGP_ATTR_LOCAL_PREF:
	case BGP_ATTR_ORIGINATOR_ID:
		return BGP_UPD_ATTR_LENGTH;
	default:
		return BGP_UPD_OPT_ATTR;
	}
}

/* Walk the path attributes.  Returns the result so far. */
static enum bgp_result bgp_attrs_parse(struct bgp_upd_ctx *x, const uint8_t *p,
				       size_t len, bool *overrun)
{
	struct bgp_update *u = x->upd;
	uint64_t seen = 0; /* types 1..63, for duplicates */
	size_t off = 0;

	*overrun = false;
	while (off < len) {
		uint8_t flags, type;
		size_t hlen, alen;
		int rc;

		/* RFC 7606 sec. 4: too short for a header, or overrun. */
		if (len - off < 3) {
			*overrun = true;
			break;
		}
		flags = p[off];
		type = p[off + 1];
		hlen = flags & BGP_ATTR_FLAG_EXT_LEN ? 4 : 3;
		if (len - off < hlen) {
			*overrun = true;
			break;
		}
		alen = hlen == 4 ? bgp_get16(p + off + 2) : p[off + 2];
		if (alen > len - off - hlen) {
			*overrun = true;
			break;
		}
		x->attr = p + off;
		x->attr_len = hlen + alen;
		off += hlen + alen;

		if (!BGP_ATTR_KNOWN(type)) {
			/* Unknown well-known: RFC 4271 6.3, kept by 7606. */
			if (!(flags & BGP_ATTR_FLAG_OPTIONAL))
				return bgp_upd_reset(
					x, BGP_UPD_UNRECOGNIZED_WELLKNOWN,
					x->attr, x->attr_len);
			continue; /* optional: we pass nothing on */
		}
		if (seen & (1ull << type)) {
			/* 3(g): MP attributes twice reset, others discard */
			if (type == BGP_ATTR_MP_REACH_NLRI ||
			    type == BGP_ATTR_MP_UNREACH_NLRI)
				return bgp_upd_reset(
					x, BGP_UPD_MALFORMED_ATTR_LIST, NULL,
					0);
			u->n_discarded++;
			continue;
		}
		seen |= 1ull << type;
		if (x->opts->ebgp && (type == BGP_ATTR_LOCAL_PREF ||
				      type == BGP_ATTR_ORIGINATOR_ID ||
				      type == BGP_ATTR_CLUSTER_LIST)) {
			/* 7.5, 7.9, 7.10: meaningless from outside the AS */
			u->n_discarded++;
			continue;
		}
		if (x->opts->as4 && type == BGP_ATTR_AS4_PATH) {
			u->n_discarded++; /* RFC 6793 sec. 4.1 */
			continue;
		}
		if ((flags & OPT_TRANS) != bgp_attr_rules[type].flags) {
			/* 3(c): a flags conflict is a malformed attribute */
			rc = -EBADMSG;
			if (bgp_attr_rules[type].action == BGP_ACT_RESET)
				return bgp_upd_reset(x, BGP_UPD_ATTR_FLAGS,
						     x->attr, x->attr_len);
		} else {
			rc = bgp_attr_value(x, type, p + off - alen, alen);
		}
		if (u->result == BGP_RESULT_SESSION_RESET)
			return u->result;
		if (rc == 0) {
			u->attrs.present |= 1ull << type;
			continue;
		}
		switch (bgp_attr_rules[type].action) {
		case BGP_ACT_DISCARD:
			u->n_discarded++;
			break;
		case BGP_ACT_WITHDRAW:
			bgp_upd_withdraw(
				x, (flags & OPT_TRANS) ==
						   bgp_attr_rules[type].flags
					   ? bgp_attr_subcode(type)
					   : BGP_UPD_ATTR_FLAGS);
			break;
		default:
			return bgp_upd_reset(x, BGP_UPD_OPT_ATTR, x->attr,
					     x->attr_len);
		}
	}
	return u->result;
}

static bool bgp_block_has_nlri(const struct bgp_update *u, int b)
{
	return u->block[b].af >= 0 && u->block[b].len > 0;
}

enum bgp_result bgp_update_parse(const uint8_t *msg, size_t len,
				 const struct bgp_update_opts *opts,
				 struct bgp_update *upd)
{
	struct bgp_upd_ctx x = {.opts = opts, .upd = upd};
	const struct bgp_af_codec *v4 = &bgp_codecs[BGP_AF_IPV4_UNICAST];
	size_t wlen, alen, nlen, off = BGP_HDR_LEN;
	bool overrun, v4_on;
	bool any_mp;

	memset(upd, 0, sizeof(*upd));
	for (int b = 0; b < BGP_BLOCK_COUNT; b++)
		upd->block[b].af = -1;
	if (len < BGP_HDR_LEN + 4 || len > BGP_MAX_LEN) {
		uint8_t l[2] = {len >> 8, len & 0xff};

		upd->result = BGP_RESULT_SESSION_RESET;
		bgp_error_set(&upd->err, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, l,
			      2);
		return upd->result;
	}
	v4_on = opts->af_mask & BGP_AF_BIT(BGP_AF_IPV4_UNICAST);

	/* Withdrawn Routes and Total Path Attribute Length (RFC 4271 6.3). */
	wlen = bgp_get16(msg + off);
	off += 2;
	if (wlen > len - off - 2)
		return bgp_upd_reset(&x, BGP_UPD_MALFORMED_ATTR_LIST, NULL, 0);
	if (v4_on) {
		if (bgp_nlri_check(v4, msg + off, wlen, true))
			return bgp_upd_reset(&x, BGP_UPD_BAD_NETWORK, NULL, 0);
		upd->block[BGP_BLOCK_WITHDRAWN] =
			(struct bgp_nlri_block){.data = msg + off,
						.len = (uint16_t)wlen,
						.af = BGP_AF_IPV4_UNICAST,
						.withdraw = true};
	} else if (wlen) {
		upd->ignored_af = true;
	}
	off += wlen;
	alen = bgp_get16(msg + off);
	off += 2;
	if (alen > len - off)
		return bgp_upd_reset(&x, BGP_UPD_MALFORMED_ATTR_LIST, NULL, 0);
	nlen = len - off - alen;

	/* The NLRI field first: its syntax decides reset vs withdraw. */
	if (v4_on) {
		if (bgp_nlri_check(v4, msg + off + alen, nlen, false))
			return bgp_upd_reset(&x, BGP_UPD_BAD_NETWORK, NULL, 0);
		upd->block[BGP_BLOCK_NLRI] =
			(struct bgp_nlri_block){.data = msg + off + alen,
						.len = (uint16_t)nlen,
						.af = BGP_AF_IPV4_UNICAST};
	} else if (nlen) {
		upd->ignored_af = true;
	}

	if (bgp_attrs_parse(&x, msg + off, alen, &overrun) ==
	    BGP_RESULT_SESSION_RESET)
		return upd->result;
	any_mp = upd->block[BGP_BLOCK_MP_REACH].af >= 0 ||
		 upd->block[BGP_BLOCK_MP_UNREACH].af >= 0;
	if (overrun) {
		/*
		 * RFC 7606 sec. 4: treat-as-withdraw, relying on the Total
		 * Attribute Length.  Without NLRI found, an MP attribute may
		 * hide in the unread part: nothing safe to withdraw.
		 */
		if (!any_mp && !nlen && !upd->ignored_af && !upd->af_disabled)
			return bgp_upd_reset(&x, BGP_UPD_MALFORMED_ATTR_LIST,
					     NULL, 0);
		x.attr = NULL;
		x.attr_len = 0;
		bgp_upd_withdraw(&x, BGP_UPD_ATTR_LENGTH);
	}

	/* End-of-RIB (RFC 4724 sec. 2). */
	if (!wlen && !nlen && !alen) {
		upd->eor = true;
		upd->eor_af = BGP_AF_IPV4_UNICAST;
	} else if (!wlen && !nlen &&
		   upd->attrs.present == 1ull << BGP_ATTR_MP_UNREACH_NLRI &&
		   upd->block[BGP_BLOCK_MP_UNREACH].len == 0 &&
		   upd->block[BGP_BLOCK_MP_UNREACH].af >= 0) {
		upd->eor = true;
		upd->eor_af = (uint8_t)upd->block[BGP_BLOCK_MP_UNREACH].af;
	}

	/* Mandatory attributes, only needed when something is announced. */
	if (bgp_block_has_nlri(upd, BGP_BLOCK_NLRI) ||
	    bgp_block_has_nlri(upd, BGP_BLOCK_MP_REACH)) {
		uint8_t missing = 0;

		if (!BGP_ATTR_PRESENT(&upd->attrs, BGP_ATTR_ORIGIN))
			missing = BGP_ATTR_ORIGIN;
		else if (!BGP_ATTR_PRESENT(&upd->attrs, BGP_ATTR_AS_PATH))
			missing = BGP_ATTR_AS_PATH;
		else if (bgp_block_has_nlri(upd, BGP_BLOCK_NLRI) &&
			 !BGP_ATTR_PRESENT(&upd->attrs, BGP_ATTR_NEXT_HOP))
			missing = BGP_ATTR_NEXT_HOP;
		if (missing) {
			/* 3(d): treat-as-withdraw; data = the type code */
			x.attr = &missing;
			x.attr_len = 1;
			bgp_upd_withdraw(&x, BGP_UPD_MISSING_WELLKNOWN);
		}
	}
	if (!BGP_ATTR_PRESENT(&upd->attrs, BGP_ATTR_LOCAL_PREF))
		upd->attrs.local_pref = BGP_LOCAL_PREF_DEFAULT;
	return upd->result;
}

int bgp_update_next(const struct bgp_update *upd, struct bgp_update_iter *it,
		    struct bgp_route *route)
{
	if (upd->result == BGP_RESULT_SESSION_RESET)
		return 0;
	for (; it->block < BGP_BLOCK_COUNT; it->block++, it->off = 0) {
		const struct bgp_nlri_block *b = &upd->block[it->block];
		const struct bgp_af_codec *c;
		bool withdraw;
		int n;

		if (b->af < 0 || it->off >= b->len)
			continue;
		c = &bgp_codecs[b->af];
		memset(route, 0, sizeof(*route));
		n = c->decode_nlri(c, b->data + it->off, b->len - it->off,
				   b->withdraw, route);
		if (n < 0) /* checked by the parse: cannot happen */
			return 0;
		it->off += (size_t)n;
		withdraw = b->withdraw ||
			   upd->result == BGP_RESULT_TREAT_AS_WITHDRAW;
		route->af = b->af;
		route->afi = bgp_af_afi(b->af);
		route->safi = bgp_af_safi(b->af);
		route->withdraw = withdraw;
		if (withdraw)
			route->n_labels = 0;
		else
			route->attrs = upd->attrs;
		return 1;
	}
	return 0;
}

/* Attribute header with the extended length bit when needed. */
static size_t bgp_attr_hdr(uint8_t *p, uint8_t flags, uint8_t type, size_t len)
{
	p[1] = type;
	if (len > 255) {
		p[0] = flags | BGP_ATTR_FLAG_EXT_LEN;
		bgp_put16(p + 2, (uint16_t)len);
		return 4;
	}
	p[0] = flags;
	p[2] = (uint8_t)len;
	return 3;
}

static size_t bgp_room(size_t cap)
{
	return cap < BGP_MAX_LEN ? cap : BGP_MAX_LEN;
}

/* What the announce builder encodes from attrs: routes that differ in it
 * cannot share an UPDATE. */
static bool bgp_attrs_same_on_wire(const struct bgp_attrs *a,
				   const struct bgp_attrs *b)
{
	const uint32_t sent =
		(1u << BGP_ATTR_LOCAL_PREF) | (1u << BGP_ATTR_MED);

	return mplsx_addr__equal(&a->next_hop, &b->next_hop) &&
	       (a->present & sent) == (b->present & sent) &&
	       a->local_pref == b->local_pref &&
	       a->n_route_targets == b->n_route_targets &&
	       !memcmp(a->route_targets, b->route_targets,
		       (size_t)a->n_route_targets * BGP_EC_LEN) &&
	       bgp_attrs_customer_eq(a, b);
}

/* Put NLRI of routes[0..n) at p until room runs out, or (announcing) a
 * route's attributes differ from routes[0]'s; count them. */
static int bgp_nlri_pack(const struct bgp_af_codec *c,
			 const struct bgp_route *routes, size_t n,
			 bool withdraw, uint8_t *p, size_t room, size_t *n_done)
{
	size_t off = 0, i;

	for (i = 0; i < n; i++) {
		int w;

		if (routes[i].af != routes[0].af)
			return -EINVAL;
		if (!withdraw && i > 0 &&
		    !bgp_attrs_same_on_wire(&routes[i].attrs, &routes[0].attrs))
			break;
		w = c->encode_nlri(c, &routes[i], withdraw, p + off,
				   room - off);
		if (w == -ENOSPC && i > 0)
			break;
		if (w < 0)
			return w;
		off += (size_t)w;
	}
	*n_done = i;
	return (int)off;
}

int bgp_update_build_announce(const struct bgp_route *routes, size_t n,
			      size_t *n_done, uint8_t *buf, size_t cap)
{
	const struct bgp_attrs *a;
	const struct bgp_af_codec *c;
	size_t room = bgp_room(cap), off, attr_start, ec_len, rt_len;
	uint8_t nh[48];
	int nh_len, w;

	if (n == 0 || routes[0].af >= BGP_AF_COUNT)
		return -EINVAL;
	a = &routes[0].attrs;
	c = &bgp_codecs[routes[0].af];
	nh_len = c->encode_next_hop(c, a, nh, sizeof(nh));
	if (nh_len < 0)
		return nh_len;
	if (a->as_path_wire_len > BGP_MAX_AS_PATH ||
	    a->n_communities > BGP_MAX_COMMUNITIES ||
	    a->n_large > BGP_MAX_LARGE || a->n_ext_other > BGP_MAX_EXT_OTHER)
		return -EINVAL;
	rt_len = (size_t)a->n_route_targets * BGP_EC_LEN;
	ec_len = rt_len + (size_t)a->n_ext_other * BGP_EC_LEN;
	/* header, withdrawn len, attr len, ORIGIN, AS_PATH, NEXT_HOP,
	 * LOCAL_PREF, MED, COMMUNITIES, EXT_COMMUNITIES, LARGE_COMMUNITIES
	 * (headers of 4 at most), MP_REACH head + next hop. */
	if (room < BGP_HDR_LEN + 4 + 4 + 4 + a->as_path_wire_len + 7 + 7 + 7 +
			   4 + (size_t)a->n_communities * 4 + 4 + ec_len + 4 +
			   (size_t)a->n_large * 12 + 4 + 5 + (size_t)nh_len)
		return -ENOSPC;
	off = BGP_HDR_LEN;
	bgp_put16(buf + off, 0); /* no withdrawn routes */
	off += 4;		 /* total attribute length: below */
	attr_start = off;
	off += bgp_attr_hdr(buf + off, WELL_KNOWN, BGP_ATTR_ORIGIN, 1);
	buf[off++] = a->origin <= BGP_ORIGIN_INCOMPLETE ? a->origin
							: BGP_ORIGIN_INCOMPLETE;
	off += bgp_attr_hdr(buf + off, WELL_KNOWN, BGP_ATTR_AS_PATH,
			    a->as_path_wire_len);
	memcpy(buf + off, a->as_path, a->as_path_wire_len);
	off += a->as_path_wire_len;
	if (routes[0].af == BGP_AF_IPV4_UNICAST) {
		off += bgp_attr_hdr(buf + off, WELL_KNOWN, BGP_ATTR_NEXT_HOP,
				    4);
		memcpy(buf + off, nh, 4);
		off += 4;
	}
	if (BGP_ATTR_PRESENT(a, BGP_ATTR_MED)) {
		off += bgp_attr_hdr(buf + off, OPT_NONTR, BGP_ATTR_MED, 4);
		bgp_put32(buf + off, a->med);
		off += 4;
	}
	off += bgp_attr_hdr(buf + off, WELL_KNOWN, BGP_ATTR_LOCAL_PREF, 4);
	bgp_put32(buf + off, BGP_ATTR_PRESENT(a, BGP_ATTR_LOCAL_PREF)
				     ? a->local_pref
				     : BGP_LOCAL_PREF_DEFAULT);
	off += 4;
	if (a->n_communities) {
		off += bgp_attr_hdr(buf + off, OPT_TRANS, BGP_ATTR_COMMUNITIES,
				    (size_t)a->n_communities * 4);
		for (size_t i = 0; i < a->n_communities; i++, off += 4)
			bgp_put32(buf + off, a->communities[i]);
	}
	if (ec_len) {
		off += bgp_attr_hdr(buf + off, OPT_TRANS,
				    BGP_ATTR_EXT_COMMUNITIES, ec_len);
		memcpy(buf + off, a->route_targets, rt_len);
		memcpy(buf + off + rt_len, a->ext_other, ec_len - rt_len);
		off += ec_len;
	}
	if (a->n_large) {
		off += bgp_attr_hdr(buf + off, OPT_TRANS,
				    BGP_ATTR_LARGE_COMMUNITIES,
				    (size_t)a->n_large * 12);
		for (size_t i = 0; i < a->n_large; i++)
			for (int j = 0; j < 3; j++, off += 4)
				bgp_put32(buf + off, a->large[i][j]);
	}
	if (routes[0].af == BGP_AF_IPV4_UNICAST) {
		w = bgp_nlri_pack(c, routes, n, false, buf + off, room - off,
				  n_done);
		if (w < 0)
			return w;
		bgp_put16(buf + BGP_HDR_LEN + 2, (uint16_t)(off - attr_start));
		off += (size_t)w;
	} else {
		size_t mp = off;

		/* Extended length always, so the NLRI may pass 255 bytes. */
		off += 4;
		bgp_put16(buf + off, bgp_af_afi(routes[0].af));
		buf[off + 2] = bgp_af_safi(routes[0].af);
		buf[off + 3] = (uint8_t)nh_len;
		memcpy(buf + off + 4, nh, (size_t)nh_len);
		off += 4 + (size_t)nh_len;
		buf[off++] = 0; /* reserved */
		w = bgp_nlri_pack(c, routes, n, false, buf + off, room - off,
				  n_done);
		if (w < 0)
			return w;
		off += (size_t)w;
		buf[mp] = OPT_NONTR | BGP_ATTR_FLAG_EXT_LEN;
		buf[mp + 1] = BGP_ATTR_MP_REACH_NLRI;
		bgp_put16(buf + mp + 2, (uint16_t)(off - mp - 4));
		bgp_put16(buf + BGP_HDR_LEN + 2, (uint16_t)(off - attr_start));
	}
	bgp_hdr_write(buf, (uint16_t)off, BGP_MSG_UPDATE);
	return (int)off;
}

int bgp_update_build_withdraw(const struct bgp_route *routes, size_t n,
			      size_t *n_done, uint8_t *buf, size_t cap)
{
	const struct bgp_af_codec *c;
	size_t room = bgp_room(cap), off = BGP_HDR_LEN;
	int w;

	if (n == 0 || routes[0].af >= BGP_AF_COUNT)
		return -EINVAL;
	c = &bgp_codecs[routes[0].af];
	if (room < BGP_HDR_LEN + 4 + 7)
		return -ENOSPC;
	if (routes[0].af == BGP_AF_IPV4_UNICAST) {
		w = bgp_nlri_pack(c, routes, n, true, buf + off + 2,
				  room - off - 4, n_done);
		if (w < 0)
			return w;
		bgp_put16(buf + off, (uint16_t)w);
		off += 2 + (size_t)w;
		bgp_put16(buf + off, 0);
		off += 2;
	} else {
		bgp_put16(buf + off, 0);
		/* attr len at off+2; MP_UNREACH header at off+4 */
		buf[off + 4] = OPT_NONTR | BGP_ATTR_FLAG_EXT_LEN;
		buf[off + 5] = BGP_ATTR_MP_UNREACH_NLRI;
		bgp_put16(buf + off + 8, bgp_af_afi(routes[0].af));
		buf[off + 10] = bgp_af_safi(routes[0].af);
		w = bgp_nlri_pack(c, routes, n, true, buf + off + 11,
				  room - off - 11, n_done);
		if (w < 0)
			return w;
		bgp_put16(buf + off + 6, (uint16_t)(3 + w));
		bgp_put16(buf + off + 2, (uint16_t)(7 + w));
		off += 11 + (size_t)w;
	}
	bgp_hdr_write(buf, (uint16_t)off, BGP_MSG_UPDATE);
	return (int)off;
}

int bgp_update_build_eor(enum bgp_af af, uint8_t *buf, size_t cap)
{
	size_t len = af == BGP_AF_IPV4_UNICAST ? BGP_HDR_LEN + 4
					       : BGP_HDR_LEN + 4 + 6;

	if (af >= BGP_AF_COUNT)
		return -EINVAL;
	if (cap < len)
		return -ENOSPC;
	bgp_hdr_write(buf, (uint16_t)len, BGP_MSG_UPDATE);
	bgp_put16(buf + BGP_HDR_LEN, 0);
	bgp_put16(buf + BGP_HDR_LEN + 2, (uint16_t)(len - BGP_HDR_LEN - 4));
	if (af != BGP_AF_IPV4_UNICAST) {
		/* The form BIRD sends: 80 0f 03 AFI SAFI. */
		buf[23] = OPT_NONTR;
		buf[24] = BGP_ATTR_MP_UNREACH_NLRI;
		buf[25] = 3;
		bgp_put16(buf + 26, bgp_af_afi(af));
		buf[28] = bgp_af_safi(af);
	}
	return (int)len;
}
