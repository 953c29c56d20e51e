// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_bgp_update.c - libFuzzer harness for the UPDATE parser.
 *
 * Input: one octet of session options (bit 0: 4-octet AS, bit 1: eBGP,
 * bits 2..7: which families are negotiated), then the UPDATE body after
 * the 19-octet header, which the harness writes so that the fuzzer's
 * effort goes into attributes and NLRI.  Routes that parse are rebuilt
 * and must parse again into the same route (NLRI, labels, next hop, route
 * targets, MED, LOCAL_PREF: what the builder encodes).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_rt.h"
#include "bgp/bgp_update.h"

static bool addr_same(const struct mplsx_addr *a, const struct mplsx_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* What the builder encodes (bgp_update.h, "Building") must come back. */
static bool same_route(const struct bgp_route *a, const struct bgp_route *b)
{
	const struct bgp_attrs *x = &a->attrs, *y = &b->attrs;

	if (a->af != b->af || a->withdraw != b->withdraw ||
	    memcmp(a->rd, b->rd, BGP_RD_LEN) ||
	    !addr_same(&a->prefix, &b->prefix) ||
	    a->prefix_len != b->prefix_len)
		return false;
	if (a->withdraw)
		return true;
	if (a->n_labels != b->n_labels ||
	    memcmp(a->labels, b->labels, a->n_labels * sizeof(a->labels[0])))
		return false;
	if (!addr_same(&x->next_hop, &y->next_hop) ||
	    (a->prefix.family == AF_INET6 &&
	     !addr_same(&x->next_hop_ll, &y->next_hop_ll)))
		return false;
	if (x->n_route_targets != y->n_route_targets ||
	    memcmp(x->route_targets, y->route_targets,
		   x->n_route_targets * (size_t)BGP_EC_LEN))
		return false;
	if (BGP_ATTR_PRESENT(x, BGP_ATTR_MED) !=
		    BGP_ATTR_PRESENT(y, BGP_ATTR_MED) ||
	    (BGP_ATTR_PRESENT(x, BGP_ATTR_MED) && x->med != y->med))
		return false;
	if (BGP_ATTR_PRESENT(x, BGP_ATTR_LOCAL_PREF) &&
	    x->local_pref != y->local_pref)
		return false;
	return true;
}

static void rebuild(const struct bgp_route *r)
{
	uint8_t buf[BGP_MAX_LEN];
	struct bgp_update_opts o = {.as4 = true, .af_mask = ~0u};
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route again;
	size_t done;
	int len;

	len = r->withdraw
		      ? bgp_update_build_withdraw(r, 1, &done, buf, sizeof(buf))
		      : bgp_update_build_announce(r, 1, &done, buf,
						  sizeof(buf));
	if (len <= 0)
		return;
	if (bgp_update_parse(buf, (size_t)len, &o, &upd) != BGP_RESULT_OK)
		abort(); /* what we build, we must read */
	/* ... as the same route, and only that one. */
	if (bgp_update_next(&upd, &it, &again) != 1 || !same_route(r, &again) ||
	    bgp_update_next(&upd, &it, &again) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_update_opts o;
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;
	char text[BGP_RD_STRLEN];
	uint8_t *exact;
	size_t len;

	if (size < 1 || size - 1 > BGP_MAX_LEN - BGP_HDR_LEN)
		return 0;
	o.as4 = data[0] & 1;
	o.ebgp = data[0] & 2;
	o.af_mask = data[0] >> 2 ? (uint32_t)(data[0] >> 2) : ~0u;
	len = BGP_HDR_LEN + size - 1;
	bgp_hdr_write(msg, (uint16_t)len, BGP_MSG_UPDATE);
	memcpy(msg + BGP_HDR_LEN, data + 1, size - 1);
	/* An exact-size copy, so ASan catches any read past the end. */
	exact = malloc(len);
	if (!exact)
		return 0;
	memcpy(exact, msg, len);
	bgp_update_parse(exact, len, &o, &upd);
	while (bgp_update_next(&upd, &it, &r)) {
		bgp_rd_format(r.rd, text, sizeof(text));
		for (int i = 0; i < r.attrs.n_route_targets; i++)
			bgp_rt_format(r.attrs.route_targets[i], text,
				      sizeof(text));
		rebuild(&r);
	}
	free(exact);
	return 0;
}
