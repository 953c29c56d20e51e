// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vrf_bgp.c - PE-CE routes of the per-VRF BGP sessions (vrf_bgp.h).
 *
 * CE routes are kept by {vrf, prefix, peer}; the one chosen for a prefix
 * (fresh before stale, then the lowest peer) reaches the FIB through
 * rt_table.c, which asks this table before the VPN routes; a local
 * (connected, static) route wins, and the BGP route comes back after it.
 * A VRF may have several sessions, one per site (each with its options):
 * each hears the VRF's routes from remote PEs and the CE routes of the
 * VRF's other sessions.  What went out is remembered per {session, vrf,
 * prefix} so a sync announces only the difference.
 */
#include "rib/vrf_bgp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rib/attr_set.h"
#include "rib/rt_table.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/stale.h"

#define CE_BUCKETS_MIN 1024

struct ce_entry {
	struct hash_node node; /* by key: one per peer */
	struct route_key key;
	struct stale_mark m; /* owner: the peer; cls: enum bgp_af */
	struct mplsx_addr next_hop;
	/* The CE's, carried in the VPN route: interned (rib/attr_set.h). */
	const struct bgp_attrs *attrs;
};

/* What a session was told of a prefix: one per {session, vrf, prefix}. */
struct adv_key {
	struct route_key key;
	int session; /* index in bgp.neighbors */
};

/* A route announced on a VRF session: withdrawn when it goes. */
struct adv_entry {
	struct hash_node node; /* by ak */
	struct adv_key ak;
	struct mplsx_addr next_hop;
	/* As sent (after the session's options), interned: the same
	 * attributes are the same pointer. */
	const struct bgp_attrs *attrs;
	uint32_t mark;
};

struct vrf_bgp {
	const struct rib_env *env;
	struct hash_table ce, adv;
	uint32_t mark;
	bool dirty;
	/* The first AS of the routes each session brought in: the site's
	 * AS that as_override replaces when ce_asn is not given. */
	uint32_t site_as[MPLSX_MAX_BGP_NEIGHBORS];
};

static uint64_t ce_hash(const struct hash_node *n)
{
	return route_key__hash(&hash_entry(n, struct ce_entry, node)->key);
}

static bool ce_eq(const struct hash_node *n, const void *key)
{
	return !memcmp(&hash_entry(n, struct ce_entry, node)->key, key,
		       sizeof(struct route_key));
}

static uint64_t adv_key_hash(const struct adv_key *ak)
{
	return route_key__hash(&ak->key) ^
	       ((uint64_t)(unsigned)ak->session * 0x9e3779b97f4a7c15ull);
}

static uint64_t adv_hash(const struct hash_node *n)
{
	return adv_key_hash(&hash_entry(n, struct adv_entry, node)->ak);
}

static bool adv_eq(const struct hash_node *n, const void *key)
{
	const struct adv_key *a = &hash_entry(n, struct adv_entry, node)->ak;
	const struct adv_key *b = key;

	return a->session == b->session &&
	       !memcmp(&a->key, &b->key, sizeof(a->key));
}

static const struct hash_ops ce_ops = {.hash = ce_hash, .eq = ce_eq};
static const struct hash_ops adv_ops = {.hash = adv_hash, .eq = adv_eq};

#define CE(n)  hash_entry(n, struct ce_entry, node)
#define ADV(n) hash_entry(n, struct adv_entry, node)

struct vrf_bgp *vrf_bgp__new(const struct rib_env *env)
{
	struct vrf_bgp *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->env = env;
	if (hash__init(&v->ce, &ce_ops, CE_BUCKETS_MIN) ||
	    hash__init(&v->adv, &adv_ops, CE_BUCKETS_MIN)) {
		hash__destroy(&v->ce);
		free(v);
		return NULL;
	}
	return v;
}

static const struct cfg_vrf *vrf_cfg(const struct vrf_bgp *v, uint32_t id)
{
	return v->env->vrf->cfg(v->env->vrf_ctx, id);
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
	const struct hash_node *n;

	for (n = hash__find(&v->ce, route_key__hash(k), k); n;
	     n = hash__find_next(&v->ce, n, k)) {
		e = CE(n);
		if (!best || (best->m.stale && !e->m.stale) ||
		    (best->m.stale == e->m.stale && e->m.owner < best->m.owner))
			best = e;
	}
	return best;
}

bool vrf_bgp__spec(const struct vrf_bgp *v, const struct route_key *k,
		   struct route_spec *spec)
{
	const struct ce_entry *e;
	int oif;

	if (!v || !vrf_cfg(v, k->vrf_id))
		return false;
	e = ce_best(v, k);
	if (!e)
		return false;
	/* -1: the CE is on no subnet of the VRF; shown, not installed,
	 * until an address makes it resolvable. */
	oif = v->env->vrf->subnet_ifindex(v->env->vrf_ctx, k->vrf_id,
					  &e->next_hop);
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

const struct bgp_attrs *vrf_bgp__attrs(const struct vrf_bgp *v,
				       const struct route_key *k)
{
	const struct ce_entry *e = v ? ce_best(v, k) : NULL;

	return e ? e->attrs : NULL;
}

static const struct cfg_bgp_neighbor *peer_cfg(const struct vrf_bgp *v,
					       int peer)
{
	const struct cfg_bgp *b = &(*v->env->cfg)->bgp;

	return peer >= 0 && (size_t)peer < b->n_neighbors ? &b->neighbors[peer]
							  : NULL;
}

/*
 * What a CE route keeps (RFC 4364 sec. 7) after the session's options:
 * false when it is refused.  Our own AS in its path is a loop (RFC 4271
 * sec. 9.1.2) unless allowas_in lets that many through; a path longer
 * than we carry is refused rather than cut.
 */
static bool ce_accept(struct vrf_bgp *v, int peer, const struct bgp_route *rt,
		      struct bgp_attrs *out)
{
	const struct cfg_bgp_neighbor *nb = peer_cfg(v, peer);
	uint32_t own = (*v->env->cfg)->bgp.asn;

	memset(out, 0, sizeof(*out));
	bgp_attrs_customer_copy(out, &rt->attrs);
	if (rt->attrs.as_path_truncated)
		return false;
	if (bgp_as_path_count(out, own) > (nb ? nb->allowas_in : 0u))
		return false;
	if (nb && nb->has_soo && !bgp_attrs_has_ext(out, nb->soo) &&
	    out->n_ext_other < BGP_MAX_EXT_OTHER)
		memcpy(out->ext_other[out->n_ext_other++], nb->soo, BGP_EC_LEN);
	if (peer >= 0 && peer < MPLSX_MAX_BGP_NEIGHBORS && out->as_path_first)
		v->site_as[peer] = out->as_path_first;
	return true;
}

int vrf_bgp__peer_of(const struct vrf_bgp *v, const struct route_key *k)
{
	const struct ce_entry *e = v ? ce_best(v, k) : NULL;

	return e ? e->m.owner : -1;
}

/* {vrf, prefix} may have a new best route. */
static void prefix_update(struct vrf_bgp *v, const struct route_key *k)
{
	rt_table__update(v->env->rt, k);
}

void vrf_bgp__route(struct vrf_bgp *v, uint32_t vrf_id, int peer,
		    const struct bgp_route *route)
{
	struct ce_entry *e = NULL;
	struct hash_node *n;
	struct route_key k;
	const struct bgp_attrs *set;
	struct bgp_attrs a;
	bool withdraw;

	if (!v || !vrf_id || !vrf_cfg(v, vrf_id) ||
	    (route->af != BGP_AF_IPV4_UNICAST &&
	     route->af != BGP_AF_IPV6_UNICAST))
		return;
	key_of(&k, vrf_id, route);
	for (n = hash__find(&v->ce, route_key__hash(&k), &k); n && !e;
	     n = hash__find_next(&v->ce, n, &k))
		if (CE(n)->m.owner == peer)
			e = CE(n);
	withdraw = route->withdraw || !ce_accept(v, peer, route, &a);
	if (withdraw) {
		if (!e)
			return;
		hash__remove(&v->ce, &e->node);
		attr_set__put(e->attrs);
		free(e);
	} else {
		if (!e) {
			e = calloc(1, sizeof(*e));
			if (!e)
				return;
			e->key = k;
			e->m.owner = peer;
			e->m.cls = (uint8_t)route->af;
			hash__insert(&v->ce, &e->node, route_key__hash(&k));
		}
		e->m.stale = false;
		e->next_hop = route->attrs.next_hop;
		set = attr_set__get(&a); /* NULL (no memory): none carried */
		attr_set__put(e->attrs);
		e->attrs = set;
	}
	v->dirty = true;
	prefix_update(v, &k);
}

/* Graceful restart and route refresh: util/stale.c over the CE routes. */
static struct stale_mark *ce_mark(struct hash_node *n)
{
	return &CE(n)->m;
}

static void ce_drop(void *ctx, struct hash_node *n)
{
	struct vrf_bgp *v = ctx;
	struct route_key k = CE(n)->key;

	hash__remove(&v->ce, n);
	attr_set__put(CE(n)->attrs);
	free(CE(n));
	v->dirty = true;
	prefix_update(v, &k);
}

static const struct stale_ops stale_ops = {.mark = ce_mark, .drop = ce_drop};

void vrf_bgp__peer_down(struct vrf_bgp *v, int peer, bool graceful)
{
	if (v)
		stale__owner_down(&v->ce, &stale_ops, v, peer, graceful);
}

void vrf_bgp__flush_stale(struct vrf_bgp *v, int peer, enum bgp_af af)
{
	if (v)
		stale__end(&v->ce, &stale_ops, v, peer,
			   af == BGP_AF_COUNT ? STALE_ANY_CLASS : (int)af);
}

void vrf_bgp__resolve(struct vrf_bgp *v)
{
	struct route_key *keys = NULL;
	size_t i, n = 0, cap = 0;
	struct hash_node *e;

	if (!v)
		return;
	/* Keys first: an update may free nothing here, but stays clear of
	 * the chains it reads. */
	for (e = hash__first(&v->ce, &i); e; e = hash__next(&v->ce, e, &i)) {
		if (n == cap) {
			size_t c = cap ? cap * 2 : 64;
			struct route_key *x = realloc(keys, c * sizeof(*x));

			if (!x)
				goto out;
			keys = x;
			cap = c;
		}
		keys[n++] = CE(e)->key;
	}
	for (i = 0; i < n; i++)
		prefix_update(v, &keys[i]);
out:
	free(keys);
}

size_t vrf_bgp__count(const struct vrf_bgp *v, int peer)
{
	const struct hash_node *e;
	size_t i, n = 0;

	if (!v)
		return 0;
	for (e = hash__first(&v->ce, &i); e; e = hash__next(&v->ce, e, &i))
		n += CE(e)->m.owner == peer;
	return n;
}

/* ---- towards the VRF sessions ----------------------------------------- */

/*
 * A route towards the VRF's session PEER, in A: false when it must not go
 * (it carries the session's Site of Origin: it came from this site).
 * as_override puts our AS where the site's is, so that a CE of the same
 * AS does not see its own AS as a loop.
 */
static bool ce_send(const struct vrf_bgp *v, int peer, struct bgp_attrs *a)
{
	const struct cfg_bgp_neighbor *nb = peer_cfg(v, peer);
	uint32_t site;

	if (!nb)
		return true;
	if (nb->has_soo && bgp_attrs_has_ext(a, nb->soo))
		return false;
	site = nb->ce_asn			? nb->ce_asn
	       : peer < MPLSX_MAX_BGP_NEIGHBORS ? v->site_as[peer]
						: 0;
	if (nb->as_override && site)
		bgp_as_path_replace(a, site, (*v->env->cfg)->bgp.asn);
	return true;
}

static void unicast_route(const struct route_key *k,
			  const struct mplsx_addr *nh,
			  const struct bgp_attrs *attrs, struct bgp_route *out)
{
	memset(out, 0, sizeof(*out));
	out->af = k->family == AF_INET ? BGP_AF_IPV4_UNICAST
				       : BGP_AF_IPV6_UNICAST;
	out->prefix.family = k->family;
	memcpy(out->prefix.bytes, k->addr, 16);
	out->prefix_len = k->prefix_len;
	if (attrs)
		bgp_attrs_customer_copy(&out->attrs, attrs);
	out->attrs.next_hop = *nh;
}

struct out_route {
	int session;
	uint32_t vrf_id;
	struct bgp_route rt;
};

struct out_list {
	struct out_route *e;
	size_t n, cap;
};

static void out_add(struct out_list *l, const struct adv_key *ak,
		    const struct mplsx_addr *nh, const struct bgp_attrs *attrs)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct out_route *x = realloc(l->e, cap * sizeof(*x));

		if (!x)
			return;
		l->e = x;
		l->cap = cap;
	}
	l->e[l->n].session = ak->session;
	l->e[l->n].vrf_id = ak->key.vrf_id;
	unicast_route(&ak->key, nh, attrs, &l->e[l->n].rt);
	l->n++;
}

static int out_cmp(const void *a, const void *b)
{
	const struct out_route *x = a, *y = b;

	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if (x->vrf_id != y->vrf_id)
		return x->vrf_id < y->vrf_id ? -1 : 1;
	if (x->rt.af != y->rt.af)
		return x->rt.af - y->rt.af;
	return memcmp(x->rt.attrs.next_hop.bytes, y->rt.attrs.next_hop.bytes,
		      16);
}

/* In runs of one session, family and next hop: one UPDATE's worth. */
static void out_send(struct vrf_bgp *v, struct out_list *l, bool withdraw)
{
	const struct rib_env *env = v->env;
	const struct cfg_vrf *c;
	struct bgp_route *run;
	size_t i = 0, j, m;

	if (!l->n || !env->advertise_vrf)
		return;
	qsort(l->e, l->n, sizeof(*l->e), out_cmp);
	run = malloc(l->n * sizeof(*run));
	if (!run)
		return;
	while (i < l->n) {
		for (j = i; j < l->n && !out_cmp(&l->e[j], &l->e[i]); j++)
			run[j - i] = l->e[j].rt;
		m = j - i;
		c = vrf_cfg(v, l->e[i].vrf_id);
		env->advertise_vrf(env->advertise_ctx, c ? c->name : "",
				   l->e[i].session, run, m, withdraw);
		i = j;
	}
	free(run);
}

/*
 * Each VRF session is a site (its options: soo, as_override): it hears
 * the routes of the VRF from remote PEs and those that the VRF's other
 * sessions brought in, never its own.
 */
struct sync_walk {
	struct vrf_bgp *v;
	bool has[MPLSX_MAX_VRFS];
	uint32_t nb_vrf[MPLSX_MAX_BGP_NEIGHBORS]; /* by session; 0: none */
	size_t n_nb;
	struct out_list announce;
};

static struct adv_entry *adv_find(struct vrf_bgp *v, const struct adv_key *ak)
{
	struct hash_node *n = hash__find(&v->adv, adv_key_hash(ak), ak);

	return n ? ADV(n) : NULL;
}

/* Session AK.session should hear A for AK.key: remembered, and queued
 * unless it was told exactly that already. */
static void adv_put(struct sync_walk *w, const struct adv_key *ak,
		    const struct mplsx_addr *nh, const struct bgp_attrs *a)
{
	const struct bgp_attrs *set = attr_set__get(a);
	struct adv_entry *x = adv_find(w->v, ak);

	if (!set)
		return; /* no memory: not marked, withdrawn if it was sent */
	if (x && mplsx_addr__equal(&x->next_hop, nh) && x->attrs == set) {
		attr_set__put(set);
		x->mark = w->v->mark;
		return;
	}
	if (!x) {
		x = calloc(1, sizeof(*x));
		if (!x) {
			attr_set__put(set);
			return;
		}
		x->ak = *ak;
		hash__insert(&w->v->adv, &x->node, adv_key_hash(ak));
	}
	x->next_hop = *nh;
	attr_set__put(x->attrs);
	x->attrs = set;
	x->mark = w->v->mark;
	out_add(&w->announce, ak, nh, x->attrs);
}

static void sync_cb(void *ctx, const struct route *rt)
{
	struct sync_walk *w = ctx;
	const struct rib_env *env = w->v->env;
	const struct bgp_attrs *src = NULL;
	const struct ce_entry *e;
	struct mplsx_addr nh;
	struct adv_key ak;
	struct bgp_attrs a;
	int from = -1;

	if (rt->spec.source != ROUTE_BGP || !rt->installed ||
	    !w->has[rt->key.vrf_id] ||
	    !env->vrf->own_addr(env->vrf_ctx, rt->key.vrf_id, rt->key.family,
				&nh))
		return;
	if (rt->spec.kind == MPLSX_ROUTE_REMOTE) {
		src = env->vpn_attrs
			      ? env->vpn_attrs(env->vpn_attrs_ctx, &rt->key)
			      : NULL;
	} else {
		/* A CE route: to the VRF's other sessions (sites). */
		e = ce_best(w->v, &rt->key);
		if (!e)
			return;
		src = e->attrs;
		from = e->m.owner;
	}
	memset(&ak, 0, sizeof(ak));
	ak.key = rt->key;
	for (ak.session = 0; (size_t)ak.session < w->n_nb; ak.session++) {
		if (w->nb_vrf[ak.session] != rt->key.vrf_id ||
		    ak.session == from)
			continue;
		if (src)
			a = *src;
		else
			memset(&a, 0, sizeof(a));
		if (ce_send(w->v, ak.session, &a)) /* else withdrawn if sent */
			adv_put(w, &ak, &nh, &a);
	}
}

/* The VRF of each per-VRF session (by config index). */
static bool sessions_of(struct sync_walk *w)
{
	const struct cfg_bgp *b = &(*w->v->env->cfg)->bgp;
	const uint32_t *ids;
	size_t i, j, n_ids;
	bool any = false;

	ids = w->v->env->vrf->ids(w->v->env->vrf_ctx, &n_ids);
	w->n_nb = b->enabled ? b->n_neighbors : 0;
	if (w->n_nb > MPLSX_MAX_BGP_NEIGHBORS)
		w->n_nb = MPLSX_MAX_BGP_NEIGHBORS;
	for (j = 0; j < w->n_nb; j++) {
		if (!b->neighbors[j].vrf[0])
			continue;
		for (i = 0; i < n_ids; i++) {
			const struct cfg_vrf *c = vrf_cfg(w->v, ids[i]);

			if (c && !strcmp(c->name, b->neighbors[j].vrf)) {
				w->nb_vrf[j] = ids[i];
				w->has[ids[i]] = true;
				any = true;
				break;
			}
		}
	}
	return any;
}

void vrf_bgp__sync(struct vrf_bgp *v)
{
	struct out_list withdraw = {0};
	struct hash_node *n, *next;
	struct sync_walk *w;
	size_t i;

	if (!v || !*v->env->cfg)
		return;
	w = calloc(1, sizeof(*w));
	if (!w)
		return;
	w->v = v;
	v->mark++;
	if (sessions_of(w))
		fib__for_each(v->env->fib, sync_cb, w);
	for (n = hash__first(&v->adv, &i); n; n = next) {
		struct adv_entry *x = ADV(n);

		next = hash__next(&v->adv, n, &i);
		if (x->mark == v->mark)
			continue;
		out_add(&withdraw, &x->ak, &x->next_hop, NULL);
		hash__remove(&v->adv, n);
		attr_set__put(x->attrs);
		free(x);
	}
	out_send(v, &withdraw, true);
	out_send(v, &w->announce, false);
	free(withdraw.e);
	free(w->announce.e);
	free(w);
}

struct bgp_route *vrf_bgp__exports(const struct vrf_bgp *v, uint32_t vrf_id,
				   int peer, enum bgp_af af, size_t *n)
{
	struct bgp_route *out = NULL;
	const struct hash_node *e;
	size_t i, cap = 0;

	*n = 0;
	if (!v)
		return NULL;
	for (e = hash__first(&v->adv, &i); e; e = hash__next(&v->adv, e, &i)) {
		const struct adv_entry *x = ADV(e);
		struct bgp_route rt;

		if (x->ak.key.vrf_id != vrf_id || x->ak.session != peer)
			continue;
		unicast_route(&x->ak.key, &x->next_hop, x->attrs, &rt);
		if (rt.af != af)
			continue;
		if (*n == cap) {
			size_t c = cap ? cap * 2 : 64;
			struct bgp_route *y = realloc(out, c * sizeof(*y));

			if (!y)
				return out;
			out = y;
			cap = c;
		}
		out[(*n)++] = rt;
	}
	return out;
}

void vrf_bgp__changed(struct vrf_bgp *v)
{
	const struct cfg_bgp *b = &(*v->env->cfg)->bgp;
	size_t i;

	/* Only when some VRF has a session: VPN tables can be large. */
	for (i = 0; i < b->n_neighbors; i++)
		if (b->neighbors[i].vrf[0]) {
			v->dirty = true;
			return;
		}
}

bool vrf_bgp__commit(struct vrf_bgp *v)
{
	bool dirty = v && v->dirty;

	if (v)
		v->dirty = false;
	return dirty;
}

void vrf_bgp__free(struct vrf_bgp *v)
{
	struct hash_node *n, *next;
	size_t i;

	if (!v)
		return;
	for (n = hash__first(&v->ce, &i); n; n = next) {
		next = hash__next(&v->ce, n, &i);
		attr_set__put(CE(n)->attrs);
		free(CE(n));
	}
	for (n = hash__first(&v->adv, &i); n; n = next) {
		next = hash__next(&v->adv, n, &i);
		attr_set__put(ADV(n)->attrs);
		free(ADV(n));
	}
	hash__destroy(&v->ce);
	hash__destroy(&v->adv);
	free(v);
}
