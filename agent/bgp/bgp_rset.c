// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_rset.c - the routes learned from one peer (bgp_rset.h): an open
 * addressing set of route keys, deleted slots kept as tombstones. */
#include "bgp/bgp_rset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static uint64_t rkey_hash(const struct bgp_rkey *k)
{
	const uint8_t *p = &k->af;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	/* af, len, (stale skipped), rd, prefix */
	for (i = 0; i < 2; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	for (i = 0; i < BGP_RD_LEN; i++)
		h = (h ^ k->rd[i]) * 1099511628211ull;
	for (i = 0; i < 16; i++)
		h = (h ^ k->prefix[i]) * 1099511628211ull;
	return h;
}

static bool rkey_eq(const struct bgp_rkey *a, const struct bgp_rkey *b)
{
	return a->af == b->af && a->len == b->len &&
	       !memcmp(a->rd, b->rd, BGP_RD_LEN) &&
	       !memcmp(a->prefix, b->prefix, 16);
}

static void rkey_of(struct bgp_rkey *k, const struct bgp_route *rt)
{
	memset(k, 0, sizeof(*k));
	k->af = (uint8_t)rt->af;
	k->len = rt->prefix_len;
	memcpy(k->rd, rt->rd, BGP_RD_LEN);
	memcpy(k->prefix, rt->prefix.bytes,
	       rt->prefix.family == AF_INET6 ? 16 : 4);
}

/* The slot of K, or of where it would go (a free one); NULL when full. */
static struct bgp_rkey *rset_slot(struct bgp_rset *rs, const struct bgp_rkey *k)
{
	struct bgp_rkey *tomb = NULL;
	size_t i, mask = rs->cap - 1;

	if (!rs->cap)
		return NULL;
	for (i = rkey_hash(k) & mask;; i = (i + 1) & mask) {
		struct bgp_rkey *e = &rs->e[i];

		if (!e->used)
			return tomb ? tomb : e;
		if (e->used == 2 && !tomb)
			tomb = e;
		else if (e->used == 1 && rkey_eq(e, k))
			return e;
	}
}

void bgp_rset__free(struct bgp_rset *rs)
{
	free(rs->e);
	memset(rs, 0, sizeof(*rs));
}

static int rset_grow(struct bgp_rset *rs)
{
	struct bgp_rset n = {0};
	size_t i;

	n.cap = 1024;
	while (n.cap < rs->live * 4)
		n.cap *= 2;
	n.e = calloc(n.cap, sizeof(*n.e));
	if (!n.e)
		return -ENOMEM;
	for (i = 0; i < rs->cap; i++) {
		struct bgp_rkey *e = &rs->e[i];

		if (e->used == 1)
			*rset_slot(&n, e) = *e;
	}
	n.live = rs->live;
	n.n_stale = rs->n_stale;
	memcpy(n.n_af, rs->n_af, sizeof(n.n_af));
	free(rs->e);
	*rs = n;
	return 0;
}

void bgp_rset__add(struct bgp_rset *rs, const struct bgp_route *rt)
{
	struct bgp_rkey k, *e;

	rkey_of(&k, rt);
	if ((rs->live + rs->deleted + 1) * 10 > rs->cap * 7 && rset_grow(rs))
		return;
	e = rset_slot(rs, &k);
	if (e->used == 1) {
		if (e->stale)
			rs->n_stale--;
		e->stale = 0;
		return;
	}
	if (e->used == 2)
		rs->deleted--;
	k.used = 1;
	*e = k;
	rs->live++;
	rs->n_af[k.af]++;
}

static void rset_del_entry(struct bgp_rset *rs, struct bgp_rkey *e)
{
	if (e->stale)
		rs->n_stale--;
	rs->n_af[e->af]--;
	rs->live--;
	rs->deleted++;
	e->used = 2;
	e->stale = 0;
}

void bgp_rset__del(struct bgp_rset *rs, const struct bgp_route *rt)
{
	struct bgp_rkey k, *e;

	rkey_of(&k, rt);
	e = rset_slot(rs, &k);
	if (e && e->used == 1)
		rset_del_entry(rs, e);
}

void bgp_rset__mark_stale(struct bgp_rset *rs)
{
	size_t i;

	for (i = 0; i < rs->cap; i++)
		if (rs->e[i].used == 1 && !rs->e[i].stale) {
			rs->e[i].stale = 1;
			rs->n_stale++;
		}
}

/* Drop the stale routes of AF (BGP_AF_COUNT: all). */
void bgp_rset__flush_stale(struct bgp_rset *rs, enum bgp_af af)
{
	size_t i;

	for (i = 0; i < rs->cap && rs->n_stale; i++) {
		struct bgp_rkey *e = &rs->e[i];

		if (e->used == 1 && e->stale &&
		    (af == BGP_AF_COUNT || e->af == af))
			rset_del_entry(rs, e);
	}
}
