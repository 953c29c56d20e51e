// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vrf_bgp.c - PE-CE routes of the per-VRF BGP sessions (vrf_bgp.h).
 *
 * CE routes are kept by {vrf, prefix, peer}; the one chosen for a prefix
 * (fresh before stale, then the lowest peer) reaches the FIB through
 * vpn_rib's best_spec, so precedence and fallbacks are vpn_rib's: a local
 * (connected, static) route wins, and the BGP route comes back after it.
 * What went out to the VRF sessions is remembered per {vrf, prefix} so a
 * sync announces only the difference.
 */
#include "rib/vrf_bgp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "svc/router.h"
#include "rib/vpn_rib.h"

#define CE_BUCKETS 4096

struct ce_entry {
	struct ce_entry *next;
	struct route_key key;
	int peer;
	uint8_t af;
	bool stale;
	struct mplsx_addr next_hop;
};

/* A route announced on a VRF session: withdrawn when it goes. */
struct adv_entry {
	struct adv_entry *next;
	struct route_key key;
	struct mplsx_addr next_hop;
	uint32_t mark;
};

struct vrf_bgp {
	struct ce_entry *ce[CE_BUCKETS];
	struct adv_entry *adv[CE_BUCKETS];
	uint32_t mark;
	bool dirty;
};

static struct vrf_bgp *state(struct mplsx_router *r)
{
	if (!r->ce_rib)
		r->ce_rib = calloc(1, sizeof(*r->ce_rib));
	return r->ce_rib;
}

static size_t bucket(const struct route_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h & (CE_BUCKETS - 1);
}

static void key_of(struct route_key *k, uint32_t vrf_id,
		   const struct bgp_route *rt)
{
	memset(k, 0, sizeof(*k));
	k->vrf_id = vrf_id;
	k->family = (uint8_t)rt->prefix.family;
	k->prefix_len = rt->prefix_len;
	memcpy(k->addr, rt->prefix.bytes, mplsx_addr__len(&rt->prefix));
}

static const struct ce_entry *ce_best(const struct vrf_bgp *v,
				      const struct route_key *k)
{
	const struct ce_entry *e, *best = NULL;

	for (e = v->ce[bucket(k)]; e; e = e->next)
		if (!memcmp(&e->key, k, sizeof(*k)) &&
		    (!best || (best->stale && !e->stale) ||
		     (best->stale == e->stale && e->peer < best->peer)))
			best = e;
	return best;
}

bool vrf_bgp__spec(const struct mplsx_router *r, const struct route_key *k,
		   struct route_spec *spec)
{
	const struct ce_entry *e;
	int oif;

	if (!r->ce_rib || !r->vrf.by_id[k->vrf_id].cfg)
		return false;
	e = ce_best(r->ce_rib, k);
	if (!e)
		return false;
	/* -1: the CE is on no subnet of the VRF; shown, not installed,
	 * until an address makes it resolvable. */
	oif = vrf_subnet_ifindex(&r->vrf, k->vrf_id, &e->next_hop);
	memset(spec, 0, sizeof(*spec));
	spec->kind = MPLSX_ROUTE_LOCAL;
	spec->source = ROUTE_BGP;
	spec->has_nh = true;
	spec->nh.kind = NH_ON_LINK;
	spec->nh.oif = oif ? oif : -1;
	spec->nh.addr = e->next_hop;
	spec->ifindex = spec->nh.oif;
	return true;
}

int vrf_bgp__peer_of(const struct mplsx_router *r, const struct route_key *k)
{
	const struct ce_entry *e = r->ce_rib ? ce_best(r->ce_rib, k) : NULL;

	return e ? e->peer : -1;
}

/* {vrf, prefix} may have a new best route; a local route keeps it. */
static void prefix_update(struct mplsx_router *r, const struct route_key *k)
{
	const struct route *cur = fib__lookup(&r->fib, k);
	struct route_spec spec;

	if (cur && cur->spec.source != ROUTE_BGP)
		return;
	/* vpn_rib's fallback: CE route first, then the VPN routes. */
	if (r->fib.fallback && r->fib.fallback(r->fib.fallback_ctx, k, &spec))
		fib__desire(&r->fib, k, &spec);
	else if (cur)
		fib__remove(&r->fib, k);
}

void vrf_bgp__route(struct mplsx_router *r, uint32_t vrf_id, int peer,
		    const struct bgp_route *route)
{
	struct vrf_bgp *v = state(r);
	struct ce_entry **pp, *e;
	struct route_key k;

	if (!v || !vrf_id || !r->vrf.by_id[vrf_id].cfg ||
	    (route->af != BGP_AF_IPV4_UNICAST &&
	     route->af != BGP_AF_IPV6_UNICAST))
		return;
	key_of(&k, vrf_id, route);
	for (pp = &v->ce[bucket(&k)]; *pp; pp = &(*pp)->next)
		if ((*pp)->peer == peer && !memcmp(&(*pp)->key, &k, sizeof(k)))
			break;
	e = *pp;
	if (route->withdraw) {
		if (!e)
			return;
		*pp = e->next;
		free(e);
	} else {
		if (!e) {
			e = calloc(1, sizeof(*e));
			if (!e)
				return;
			e->key = k;
			e->peer = peer;
			e->af = (uint8_t)route->af;
			*pp = e;
		}
		e->stale = false;
		e->next_hop = route->attrs.next_hop;
	}
	v->dirty = true;
	prefix_update(r, &k);
}

enum walk_op { WALK_STALE, WALK_REMOVE, WALK_FLUSH };

static void peer_walk(struct mplsx_router *r, int peer, enum walk_op op,
		      enum bgp_af af)
{
	struct vrf_bgp *v = r->ce_rib;
	size_t i;

	if (!v)
		return;
	for (i = 0; i < CE_BUCKETS; i++) {
		struct ce_entry **pp = &v->ce[i];

		while (*pp) {
			struct ce_entry *e = *pp;
			struct route_key k = e->key;

			if (e->peer != peer ||
			    (af != BGP_AF_COUNT && e->af != af)) {
				pp = &e->next;
				continue;
			}
			if (op == WALK_STALE ||
			    (op == WALK_FLUSH && !e->stale)) {
				e->stale = e->stale || op == WALK_STALE;
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			free(e);
			v->dirty = true;
			prefix_update(r, &k);
		}
	}
}

void vrf_bgp__peer_down(struct mplsx_router *r, int peer, bool graceful)
{
	peer_walk(r, peer, graceful ? WALK_STALE : WALK_REMOVE, BGP_AF_COUNT);
}

void vrf_bgp__flush_stale(struct mplsx_router *r, int peer, enum bgp_af af)
{
	peer_walk(r, peer, WALK_FLUSH, af);
}

void vrf_bgp__resolve(struct mplsx_router *r)
{
	struct vrf_bgp *v = r->ce_rib;
	struct route_key *keys = NULL;
	size_t i, n = 0, cap = 0;

	if (!v)
		return;
	/* Keys first: an update may free nothing here, but stays clear of
	 * the chains it reads. */
	for (i = 0; i < CE_BUCKETS; i++) {
		const struct ce_entry *e;

		for (e = v->ce[i]; e; e = e->next) {
			if (n == cap) {
				size_t c = cap ? cap * 2 : 64;
				struct route_key *x =
					realloc(keys, c * sizeof(*x));

				if (!x)
					goto out;
				keys = x;
				cap = c;
			}
			keys[n++] = e->key;
		}
	}
	for (i = 0; i < n; i++)
		prefix_update(r, &keys[i]);
out:
	free(keys);
}

size_t vrf_bgp__count(const struct mplsx_router *r, int peer)
{
	const struct vrf_bgp *v = r->ce_rib;
	size_t i, n = 0;

	for (i = 0; v && i < CE_BUCKETS; i++) {
		const struct ce_entry *e;

		for (e = v->ce[i]; e; e = e->next)
			n += e->peer == peer;
	}
	return n;
}

/* ---- towards the VRF sessions ----------------------------------------- */

/* The VRFs that have a session, from the config. */
static bool vrf_has_session(const struct mplsx_router *r, uint32_t vrf_id)
{
	const struct cfg_bgp *b = &r->cfg->bgp;
	size_t i;

	for (i = 0; b->enabled && i < b->n_neighbors; i++)
		if (b->neighbors[i].vrf[0] &&
		    !strcmp(b->neighbors[i].vrf, r->vrf.by_id[vrf_id].name))
			return true;
	return false;
}

static void unicast_route(const struct route_key *k,
			  const struct mplsx_addr *nh, struct bgp_route *out)
{
	memset(out, 0, sizeof(*out));
	out->af = k->family == AF_INET ? BGP_AF_IPV4_UNICAST
				       : BGP_AF_IPV6_UNICAST;
	out->prefix.family = k->family;
	memcpy(out->prefix.bytes, k->addr, 16);
	out->prefix_len = k->prefix_len;
	out->attrs.next_hop = *nh;
}

struct out_route {
	uint32_t vrf_id;
	struct bgp_route rt;
};

struct out_list {
	struct out_route *e;
	size_t n, cap;
};

static void out_add(struct out_list *l, uint32_t vrf_id,
		    const struct route_key *k, const struct mplsx_addr *nh)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct out_route *x = realloc(l->e, cap * sizeof(*x));

		if (!x)
			return;
		l->e = x;
		l->cap = cap;
	}
	l->e[l->n].vrf_id = vrf_id;
	unicast_route(k, nh, &l->e[l->n].rt);
	l->n++;
}

static int out_cmp(const void *a, const void *b)
{
	const struct out_route *x = a, *y = b;

	if (x->vrf_id != y->vrf_id)
		return x->vrf_id < y->vrf_id ? -1 : 1;
	if (x->rt.af != y->rt.af)
		return x->rt.af - y->rt.af;
	return memcmp(x->rt.attrs.next_hop.bytes, y->rt.attrs.next_hop.bytes,
		      16);
}

/* In runs of one VRF, family and next hop: one UPDATE's worth. */
static void out_send(struct mplsx_router *r, struct out_list *l, bool withdraw)
{
	struct bgp_route *run;
	size_t i = 0, j, m;

	if (!l->n || !r->advertise_vrf)
		return;
	qsort(l->e, l->n, sizeof(*l->e), out_cmp);
	run = malloc(l->n * sizeof(*run));
	if (!run)
		return;
	while (i < l->n) {
		for (j = i; j < l->n && !out_cmp(&l->e[j], &l->e[i]); j++)
			run[j - i] = l->e[j].rt;
		m = j - i;
		r->advertise_vrf(r->advertise_ctx, l->e[i].vrf_id, run, m,
				 withdraw);
		i = j;
	}
	free(run);
}

struct sync_walk {
	struct mplsx_router *r;
	struct vrf_bgp *v;
	bool has[MPLSX_MAX_VRFS];
	struct out_list announce;
};

static struct adv_entry **adv_find(struct vrf_bgp *v, const struct route_key *k)
{
	struct adv_entry **pp = &v->adv[bucket(k)];

	while (*pp && memcmp(&(*pp)->key, k, sizeof(*k)))
		pp = &(*pp)->next;
	return pp;
}

static void sync_cb(void *ctx, const struct route *rt)
{
	struct sync_walk *w = ctx;
	struct adv_entry **pp, *x;
	struct mplsx_addr nh;

	/* Routes from remote PEs only: the CE routes came from BIRD. */
	if (rt->spec.source != ROUTE_BGP ||
	    rt->spec.kind != MPLSX_ROUTE_REMOTE || !rt->installed ||
	    !w->has[rt->key.vrf_id] ||
	    !vrf_own_addr(&w->r->vrf, rt->key.vrf_id, rt->key.family, &nh))
		return;
	pp = adv_find(w->v, &rt->key);
	x = *pp;
	if (x && mplsx_addr__equal(&x->next_hop, &nh)) {
		x->mark = w->v->mark;
		return;
	}
	if (!x) {
		x = calloc(1, sizeof(*x));
		if (!x)
			return;
		x->key = rt->key;
		*pp = x;
	}
	x->next_hop = nh;
	x->mark = w->v->mark;
	out_add(&w->announce, rt->key.vrf_id, &rt->key, &nh);
}

void vrf_bgp__sync(struct mplsx_router *r)
{
	struct out_list withdraw = {0};
	struct sync_walk *w;
	struct vrf_bgp *v;
	bool any = false;
	size_t i;

	if (!r->cfg)
		return;
	w = calloc(1, sizeof(*w));
	if (!w)
		return;
	for (i = 0; i < r->vrf.n_ids; i++) {
		uint32_t id = r->vrf.ids[i];

		w->has[id] = r->vrf.by_id[id].cfg && vrf_has_session(r, id);
		any |= w->has[id];
	}
	/* Nothing to tell and nothing told before: no state needed. */
	v = any ? state(r) : r->ce_rib;
	if (!v) {
		free(w);
		return;
	}
	w->r = r;
	w->v = v;
	v->mark++;
	if (any)
		fib__for_each(&r->fib, sync_cb, w);
	for (i = 0; i < CE_BUCKETS; i++) {
		struct adv_entry **pp = &v->adv[i];

		while (*pp) {
			struct adv_entry *x = *pp;

			if (x->mark == v->mark) {
				pp = &x->next;
				continue;
			}
			out_add(&withdraw, x->key.vrf_id, &x->key,
				&x->next_hop);
			*pp = x->next;
			free(x);
		}
	}
	out_send(r, &withdraw, true);
	out_send(r, &w->announce, false);
	free(withdraw.e);
	free(w->announce.e);
	free(w);
}

struct bgp_route *vrf_bgp__exports(struct mplsx_router *r, uint32_t vrf_id,
				   enum bgp_af af, size_t *n)
{
	struct vrf_bgp *v = r->ce_rib;
	struct bgp_route *out = NULL;
	size_t i, cap = 0;

	*n = 0;
	for (i = 0; v && i < CE_BUCKETS; i++) {
		const struct adv_entry *x;

		for (x = v->adv[i]; x; x = x->next) {
			struct bgp_route rt;

			if (x->key.vrf_id != vrf_id)
				continue;
			unicast_route(&x->key, &x->next_hop, &rt);
			if (rt.af != af)
				continue;
			if (*n == cap) {
				size_t c = cap ? cap * 2 : 64;
				struct bgp_route *y =
					realloc(out, c * sizeof(*y));

				if (!y)
					return out;
				out = y;
				cap = c;
			}
			out[(*n)++] = rt;
		}
	}
	return out;
}

void vrf_bgp__changed(struct mplsx_router *r)
{
	const struct cfg_bgp *b = &r->cfg->bgp;
	size_t i;

	/* Only when some VRF has a session: VPN tables can be large. */
	for (i = 0; i < b->n_neighbors; i++)
		if (b->neighbors[i].vrf[0]) {
			if (state(r))
				r->ce_rib->dirty = true;
			return;
		}
}

void vrf_bgp__commit(struct mplsx_router *r)
{
	if (!r->ce_rib || !r->ce_rib->dirty)
		return;
	r->ce_rib->dirty = false;
	/* Per-next-hop labels for new CE next hops, then the exports. */
	vrfs_sync_pnh(&r->vrf);
	vpn_rib__sync_exports(r);
}

void vrf_bgp__free(struct mplsx_router *r)
{
	struct vrf_bgp *v = r->ce_rib;
	size_t i;

	if (!v)
		return;
	for (i = 0; i < CE_BUCKETS; i++) {
		while (v->ce[i]) {
			struct ce_entry *e = v->ce[i];

			v->ce[i] = e->next;
			free(e);
		}
		while (v->adv[i]) {
			struct adv_entry *x = v->adv[i];

			v->adv[i] = x->next;
			free(x);
		}
	}
	free(v);
	r->ce_rib = NULL;
}
