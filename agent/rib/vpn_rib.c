// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vpn_rib.c - VPN routes between BGP and the VRFs (RFC 4364).
 *
 * In: every VPN route received is kept, keyed by {peer, family, RD,
 * prefix}, and indexed by prefix.  A route is imported into each VRF whose
 * import targets it carries; when several routes for one prefix reach a
 * VRF (other RDs, other peers) one is chosen: highest LOCAL_PREF, fresh
 * before stale, RFC 4271 sec. 9.1.2.2 (a)-(c) (AS_PATH length, ORIGIN, MED
 * from the same neighbouring AS), then the lowest next hop.  The choice goes
 * into the FIB as a REMOTE route through the next hop's PE nexthop when no CE
 * route of the VRF's sessions has the prefix and no local route (connected,
 * static) holds it (rt_table.c decides among them).
 *
 * Out: each VRF's connected subnets and installed static CE routes, with
 * the VRF's RD, export targets and VPN label, next hop = router_id; the
 * difference since the last sync is sent through the env's advertise.
 */
#include "rib/vpn_rib.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rib/attr_set.h"
#include "rib/rt_table.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/stale.h"

#define RIB_BUCKETS_MIN 1024

struct rib_entry {
	struct hash_node by_key;    /* by {peer, af, rd, prefix} */
	struct hash_node by_prefix; /* by prefix: every peer's, every RD */
	struct stale_mark m;	    /* owner: the peer; cls: enum bgp_af */
	uint8_t family;
	uint8_t prefix_len;
	uint8_t rd[BGP_RD_LEN];
	uint8_t addr[16];
	uint32_t label;
	uint32_t local_pref;
	struct mplsx_addr next_hop;
	uint8_t n_rts;
	/* The CE's attributes it carried (RFC 4364 sec. 7), interned
	 * (rib/attr_set.h): their pointer follows the route targets in
	 * their block, so that a route without them pays nothing more. */
	bool has_cust;
	uint8_t (*rts)[BGP_EC_LEN];
};

static const struct bgp_attrs *entry_cust(const struct rib_entry *e)
{
	const struct bgp_attrs *a = NULL;

	if (e->has_cust)
		memcpy(&a, e->rts + e->n_rts, sizeof(a));
	return a;
}

/* The route targets' block, and the reference to the attributes. */
static void entry_block_free(struct rib_entry *e)
{
	attr_set__put(entry_cust(e));
	free(e->rts);
	e->rts = NULL;
	e->has_cust = false;
}

struct export_entry {
	struct hash_node node; /* by key */
	struct route_key key;  /* vrf and prefix */
	/* What the peers were told: a new label, RD or set of export
	 * targets (a reload) is announced again; a new RD withdraws the
	 * route under the old one first. */
	uint32_t label;
	uint8_t rd[BGP_RD_LEN];
	uint64_t rts_hash;
	uint64_t cust_hash; /* the CE attributes sent (RFC 4364 sec. 7) */
	uint32_t mark;
};

struct vpn_rib {
	const struct rib_env *env;
	uint64_t exported_at; /* fib.changes when exports were last synced */
	struct hash_table by_key, by_prefix; /* struct rib_entry */
	size_t count, stale;
	struct hash_table exports; /* struct export_entry */
	size_t n_exports;
	uint32_t export_mark;
};

/* ---- hashing ---------------------------------------------------------- */

/* What the tables are searched by. */
struct entry_key {
	int peer;
	uint8_t af, family, prefix_len;
	const uint8_t *rd, *addr;
};

struct prefix_key {
	uint8_t family, prefix_len;
	const uint8_t *addr;
};

static uint64_t prefix_hash(uint8_t family, uint8_t len, const uint8_t *addr)
{
	uint64_t h = hash__bytes(HASH_SEED, &family, 1);

	h = hash__bytes(h, &len, 1);
	return hash__bytes(h, addr, 16);
}

static uint64_t key_hash(const struct entry_key *k)
{
	uint64_t h = prefix_hash(k->family, k->prefix_len, k->addr);

	h = hash__bytes(h, &k->peer, sizeof(k->peer));
	h = hash__bytes(h, &k->af, 1);
	return hash__bytes(h, k->rd, BGP_RD_LEN);
}

static void key_of(struct entry_key *k, const struct rib_entry *e)
{
	*k = (struct entry_key){.peer = e->m.owner,
				.af = e->m.cls,
				.family = e->family,
				.prefix_len = e->prefix_len,
				.rd = e->rd,
				.addr = e->addr};
}

static uint64_t by_key_hash(const struct hash_node *n)
{
	struct entry_key k;

	key_of(&k, hash_entry(n, struct rib_entry, by_key));
	return key_hash(&k);
}

static bool by_key_eq(const struct hash_node *n, const void *key)
{
	const struct rib_entry *e = hash_entry(n, struct rib_entry, by_key);
	const struct entry_key *k = key;

	return e->m.owner == k->peer && e->m.cls == k->af &&
	       e->family == k->family && e->prefix_len == k->prefix_len &&
	       !memcmp(e->rd, k->rd, BGP_RD_LEN) &&
	       !memcmp(e->addr, k->addr, 16);
}

static uint64_t by_prefix_hash(const struct hash_node *n)
{
	const struct rib_entry *e = hash_entry(n, struct rib_entry, by_prefix);

	return prefix_hash(e->family, e->prefix_len, e->addr);
}

static bool by_prefix_eq(const struct hash_node *n, const void *key)
{
	const struct rib_entry *e = hash_entry(n, struct rib_entry, by_prefix);
	const struct prefix_key *k = key;

	return e->family == k->family && e->prefix_len == k->prefix_len &&
	       !memcmp(e->addr, k->addr, 16);
}

static uint64_t export_hash(const struct hash_node *n)
{
	return route_key__hash(&hash_entry(n, struct export_entry, node)->key);
}

static bool export_eq(const struct hash_node *n, const void *key)
{
	return !memcmp(&hash_entry(n, struct export_entry, node)->key, key,
		       sizeof(struct route_key));
}

static const struct hash_ops by_key_ops = {.hash = by_key_hash,
					   .eq = by_key_eq};
static const struct hash_ops by_prefix_ops = {.hash = by_prefix_hash,
					      .eq = by_prefix_eq};
static const struct hash_ops export_ops = {.hash = export_hash,
					   .eq = export_eq};

#define BY_KEY(n)    hash_entry(n, struct rib_entry, by_key)
#define BY_PREFIX(n) hash_entry(n, struct rib_entry, by_prefix)
#define EXPORT(n)    hash_entry(n, struct export_entry, node)

struct vpn_rib *vpn_rib__new(const struct rib_env *env)
{
	struct vpn_rib *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	if (hash__init(&v->by_key, &by_key_ops, RIB_BUCKETS_MIN) ||
	    hash__init(&v->by_prefix, &by_prefix_ops, RIB_BUCKETS_MIN) ||
	    hash__init(&v->exports, &export_ops, RIB_BUCKETS_MIN)) {
		hash__destroy(&v->by_key);
		hash__destroy(&v->by_prefix);
		free(v);
		return NULL;
	}
	v->env = env;
	return v;
}

static const struct cfg_vrf *vrf_cfg(const struct vpn_rib *v, uint32_t id)
{
	return v->env->vrf->cfg(v->env->vrf_ctx, id);
}

static const uint32_t *vrf_ids(const struct vpn_rib *v, size_t *n)
{
	return v->env->vrf->ids(v->env->vrf_ctx, n);
}

void vpn_rib__free(struct vpn_rib *v)
{
	struct hash_node *n, *next;
	size_t i;

	if (!v)
		return;
	for (n = hash__first(&v->by_key, &i); n; n = next) {
		next = hash__next(&v->by_key, n, &i);
		entry_block_free(BY_KEY(n));
		free(BY_KEY(n));
	}
	for (n = hash__first(&v->exports, &i); n; n = next) {
		next = hash__next(&v->exports, n, &i);
		free(EXPORT(n));
	}
	hash__destroy(&v->by_key);
	hash__destroy(&v->by_prefix);
	hash__destroy(&v->exports);
	free(v);
}

/* ---- import ----------------------------------------------------------- */

static bool imports(const struct cfg_vrf *c, const struct rib_entry *e)
{
	size_t i, j;

	for (i = 0; i < c->n_import; i++)
		for (j = 0; j < e->n_rts; j++)
			if (!memcmp(c->import[i].bytes, e->rts[j], BGP_EC_LEN))
				return true;
	return false;
}

/*
 * RFC 4271 sec. 9.1.2.2 (a)-(c) between two VPN routes of one prefix (a
 * site reached over two PEs, under two RDs): the shorter AS_PATH, the
 * lower ORIGIN, then, between routes from the same neighbouring AS, the
 * lower MED (none is 0).  What a route did not carry counts as an empty
 * path, IGP, no MED.  <0: A is better, >0: B, 0: a tie.
 */
static int decision(const struct rib_entry *a, const struct rib_entry *b)
{
	const struct bgp_attrs *x = entry_cust(a), *y = entry_cust(b);
	uint32_t xl = x ? x->as_path_len : 0, yl = y ? y->as_path_len : 0;
	uint32_t xo = x ? x->origin : 0, yo = y ? y->origin : 0;
	uint32_t xm = x && BGP_ATTR_PRESENT(x, BGP_ATTR_MED) ? x->med : 0;
	uint32_t ym = y && BGP_ATTR_PRESENT(y, BGP_ATTR_MED) ? y->med : 0;

	if (xl != yl)
		return xl < yl ? -1 : 1;
	if (xo != yo)
		return xo < yo ? -1 : 1;
	if ((x ? x->as_path_first : 0) == (y ? y->as_path_first : 0) &&
	    xm != ym)
		return xm < ym ? -1 : 1;
	return 0;
}

static bool better(const struct rib_entry *a, const struct rib_entry *b)
{
	int c;

	if (!b)
		return true;
	if (a->local_pref != b->local_pref)
		return a->local_pref > b->local_pref;
	if (a->m.stale != b->m.stale)
		return !a->m.stale;
	c = decision(a, b);
	if (c)
		return c < 0;
	c = memcmp(a->next_hop.bytes, b->next_hop.bytes, 16);
	if (c)
		return c < 0;
	if (a->m.owner != b->m.owner)
		return a->m.owner < b->m.owner;
	return memcmp(a->rd, b->rd, BGP_RD_LEN) < 0;
}

static void vrf_key(struct route_key *k, uint32_t vrf_id, uint8_t family,
		    uint8_t len, const uint8_t *addr)
{
	memset(k, 0, sizeof(*k));
	k->vrf_id = vrf_id;
	k->family = family;
	k->prefix_len = len;
	memcpy(k->addr, addr, 16);
}

/* The best BGP route for {vrf, prefix}. */
static const struct rib_entry *best_entry(const struct vpn_rib *v,
					  const struct route_key *k)
{
	const struct cfg_vrf *c = v ? vrf_cfg(v, k->vrf_id) : NULL;
	struct prefix_key pk = {k->family, k->prefix_len, k->addr};
	const struct rib_entry *best = NULL;
	const struct hash_node *n;

	if (!v || !c)
		return NULL;
	for (n = hash__find(&v->by_prefix,
			    prefix_hash(k->family, k->prefix_len, k->addr),
			    &pk);
	     n; n = hash__find_next(&v->by_prefix, n, &pk))
		if (imports(c, BY_PREFIX(n)) && better(BY_PREFIX(n), best))
			best = BY_PREFIX(n);
	return best;
}

bool vpn_rib__best(const struct vpn_rib *v, const struct route_key *k,
		   struct route_spec *spec)
{
	const struct rib_entry *best = best_entry(v, k);

	if (!best)
		return false;
	memset(spec, 0, sizeof(*spec));
	spec->kind = MPLSX_ROUTE_REMOTE;
	spec->source = ROUTE_BGP;
	spec->has_nh = true;
	spec->nh.kind = NH_PE;
	spec->nh.addr = best->next_hop;
	spec->vpn_label = best->label;
	return true;
}

bool vpn_rib__chosen_rd(const struct vpn_rib *v, const struct route_key *key,
			uint8_t rd[BGP_RD_LEN])
{
	const struct rib_entry *best = best_entry(v, key);

	if (best)
		memcpy(rd, best->rd, BGP_RD_LEN);
	return best != NULL;
}

const struct bgp_attrs *vpn_rib__chosen_attrs(const struct vpn_rib *v,
					      const struct route_key *key)
{
	const struct rib_entry *best = v ? best_entry(v, key) : NULL;

	return best ? entry_cust(best) : NULL;
}

/* {vrf, prefix} may have a new best route. */
static void vrf_prefix_update(struct vpn_rib *v, uint32_t vrf_id,
			      const struct rib_entry *e)
{
	struct route_key k;

	vrf_key(&k, vrf_id, e->family, e->prefix_len, e->addr);
	rt_table__update(v->env->rt, &k);
}

static void import_entry(struct vpn_rib *v, const struct rib_entry *e)
{
	const uint32_t *ids;
	const struct cfg_vrf *c;
	size_t i, n;

	ids = vrf_ids(v, &n);
	for (i = 0; i < n; i++) {
		c = vrf_cfg(v, ids[i]);
		if (c && imports(c, e))
			vrf_prefix_update(v, ids[i], e);
	}
}

static struct rib_entry *find(const struct vpn_rib *v,
			      const struct entry_key *k)
{
	struct hash_node *n = hash__find(&v->by_key, key_hash(k), k);

	return n ? BY_KEY(n) : NULL;
}

/* Take E out of the RIB and the VRFs that had it. */
static void entry_remove(struct vpn_rib *v, struct rib_entry *e)
{
	hash__remove(&v->by_key, &e->by_key);
	hash__remove(&v->by_prefix, &e->by_prefix);
	v->count--;
	if (e->m.stale)
		v->stale--;
	import_entry(v, e); /* the others for the prefix, or removal */
	entry_block_free(e);
	free(e);
}

/* The fields of E from ROUTE (its prefix and RD are the key). */
static int entry_fill(struct rib_entry *e, int peer,
		      const struct bgp_route *route, uint8_t family,
		      const uint8_t *addr)
{
	size_t n = route->attrs.n_route_targets;
	uint8_t(*rts)[BGP_EC_LEN] = NULL;
	const struct bgp_attrs *set = NULL;
	/* Kept only when there is something: VPN tables can be large. */
	bool cust = route->attrs.as_path_wire_len ||
		    route->attrs.n_communities || route->attrs.n_large ||
		    route->attrs.n_ext_other ||
		    BGP_ATTR_PRESENT(&route->attrs, BGP_ATTR_MED);

	if (cust && !(set = attr_set__get(&route->attrs)))
		return -ENOMEM;
	if (n || cust) {
		rts = malloc(n * BGP_EC_LEN + (cust ? sizeof(set) : 0));
		if (!rts) {
			attr_set__put(set);
			return -ENOMEM;
		}
		memcpy(rts, route->attrs.route_targets, n * BGP_EC_LEN);
		if (cust)
			memcpy(rts + n, &set, sizeof(set));
	}
	entry_block_free(e);
	e->rts = rts;
	e->has_cust = cust;
	e->n_rts = (uint8_t)n;
	e->m.owner = peer;
	e->m.cls = (uint8_t)route->af;
	e->family = family;
	e->prefix_len = route->prefix_len;
	e->m.stale = false;
	memcpy(e->rd, route->rd, BGP_RD_LEN);
	memcpy(e->addr, addr, 16);
	e->label = route->labels[0];
	e->local_pref = (route->attrs.present & (1u << BGP_ATTR_LOCAL_PREF))
				? route->attrs.local_pref
				: 100;
	e->next_hop = route->attrs.next_hop;
	return 0;
}

void vpn_rib__route(struct vpn_rib *v, int peer, const struct bgp_route *route)
{
	uint8_t addr[16] = {0};
	uint8_t family = (uint8_t)route->prefix.family;
	struct entry_key k = {.peer = peer,
			      .af = (uint8_t)route->af,
			      .family = family,
			      .prefix_len = route->prefix_len,
			      .rd = route->rd,
			      .addr = addr};
	struct rib_entry *e;
	size_t i, n;

	if (!v || (route->af != BGP_AF_VPNV4 && route->af != BGP_AF_VPNV6))
		return;
	memcpy(addr, route->prefix.bytes, mplsx_addr__len(&route->prefix));
	e = find(v, &k);
	if (route->withdraw) {
		if (e)
			entry_remove(v, e);
		return;
	}
	/* A VPN label is one we can push (not reserved), and a route that
	 * points at ourselves is our own, reflected back. */
	if (!route->n_labels ||
	    route->labels[0] < MPLS_LABEL_FIRST_UNRESERVED ||
	    mplsx_addr__equal(&route->attrs.next_hop,
			      &(*v->env->cfg)->router_id)) {
		if (e)
			entry_remove(v, e);
		return;
	}
	if (e) {
		/* Replaced in place: the VRFs that imported the old version
		 * are updated too, without a gap in forwarding. */
		uint64_t was[MPLSX_MAX_VRFS / 64] = {0};
		const uint32_t *ids = vrf_ids(v, &n);
		const struct cfg_vrf *c;
		uint32_t id;

		for (i = 0; i < n; i++) {
			id = ids[i];
			c = vrf_cfg(v, id);
			if (c && imports(c, e))
				was[id / 64] |= 1ull << (id % 64);
		}
		if (e->m.stale)
			v->stale--;
		entry_fill(e, peer, route, family, addr);
		for (i = 0; i < n; i++) {
			id = ids[i];
			c = vrf_cfg(v, id);
			if (c &&
			    ((was[id / 64] >> (id % 64)) & 1 || imports(c, e)))
				vrf_prefix_update(v, id, e);
		}
		return;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return;
	if (entry_fill(e, peer, route, family, addr)) {
		free(e);
		return;
	}
	hash__insert(&v->by_key, &e->by_key, key_hash(&k));
	hash__insert(&v->by_prefix, &e->by_prefix,
		     prefix_hash(family, e->prefix_len, addr));
	v->count++;
	import_entry(v, e);
}

/* Graceful restart and route refresh: util/stale.c over by_key. */
static struct stale_mark *entry_mark(struct hash_node *n)
{
	return &BY_KEY(n)->m;
}

static void entry_drop(void *ctx, struct hash_node *n)
{
	entry_remove(ctx, BY_KEY(n));
}

static const struct stale_ops stale_ops = {.mark = entry_mark,
					   .drop = entry_drop};

void vpn_rib__peer_down(struct vpn_rib *v, int peer, bool graceful)
{
	/* Graceful: still forwarded on; fresh when the peer sends them
	 * again, gone at End-of-RIB. */
	if (v)
		v->stale += stale__owner_down(&v->by_key, &stale_ops, v, peer,
					      graceful);
}

void vpn_rib__flush_stale(struct vpn_rib *v, int peer, enum bgp_af af)
{
	if (v)
		stale__end(&v->by_key, &stale_ops, v, peer,
			   af == BGP_AF_COUNT ? STALE_ANY_CLASS : (int)af);
}

void vpn_rib__reimport(struct vpn_rib *v)
{
	struct hash_node *n;
	size_t i;

	if (!v)
		return;
	/* BGP routes no VRF imports any more (or whose VRF went) leave. */
	rt_table__prune(v->env->rt);
	for (n = hash__first(&v->by_key, &i); n;
	     n = hash__next(&v->by_key, n, &i))
		import_entry(v, BY_KEY(n));
}

size_t vpn_rib__received(const struct vpn_rib *v)
{
	return v ? v->count : 0;
}

size_t vpn_rib__stale(const struct vpn_rib *v)
{
	return v ? v->stale : 0;
}

/* ---- export ----------------------------------------------------------- */

static bool exported(const struct route *rt)
{
	/* CE routes: static, or learned on the VRF's BGP session. */
	return rt->spec.source == ROUTE_CONNECTED ||
	       ((rt->spec.source == ROUTE_STATIC ||
		 rt->spec.source == ROUTE_BGP) &&
		rt->spec.kind == MPLSX_ROUTE_LOCAL && rt->installed);
}

static uint64_t export_rts_hash(const struct cfg_vrf *c)
{
	return hash__bytes(HASH_SEED, c->export,
			   c->n_export * sizeof(c->export[0]));
}

/* The attributes of the CE route for K, if a VRF session brought it. */
static const struct bgp_attrs *ce_attrs(const struct vpn_rib *v,
					const struct route_key *k)
{
	return v->env->ce_attrs ? v->env->ce_attrs(v->env->ce_attrs_ctx, k)
				: NULL;
}

/* The route as advertised: RD as given (the one the peers know), the
 * VRF's export targets. */
static void export_route(const struct vpn_rib *v, const struct route_key *k,
			 uint32_t label, const uint8_t *rd,
			 struct bgp_route *out)
{
	const struct cfg_vrf *c = vrf_cfg(v, k->vrf_id);
	const struct bgp_attrs *cust;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->af = k->family == AF_INET ? BGP_AF_VPNV4 : BGP_AF_VPNV6;
	memcpy(out->rd, rd, BGP_RD_LEN);
	out->prefix.family = k->family;
	memcpy(out->prefix.bytes, k->addr, 16);
	out->prefix_len = k->prefix_len;
	out->n_labels = 1;
	out->labels[0] = label;
	out->attrs.next_hop = (*v->env->cfg)->router_id;
	for (i = 0; c && i < c->n_export && i < BGP_MAX_RTS; i++)
		memcpy(out->attrs.route_targets[i], c->export[i].bytes,
		       BGP_EC_LEN);
	out->attrs.n_route_targets = (uint8_t)i;
	/* A CE's route carries what the CE said (RFC 4364 sec. 7). */
	cust = ce_attrs(v, k);
	if (cust)
		bgp_attrs_customer_copy(&out->attrs, cust);
}

static struct export_entry *export_find(const struct vpn_rib *v,
					const struct route_key *k)
{
	struct hash_node *n = hash__find(&v->exports, route_key__hash(k), k);

	return n ? EXPORT(n) : NULL;
}

/* Routes to send, grouped so that one batch shares its attributes. */
struct batch {
	struct bgp_route *routes;
	size_t n, cap;
};

static void batch_add(struct batch *b, const struct bgp_route *route)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct bgp_route *n = realloc(b->routes, cap * sizeof(*n));

		if (!n)
			return;
		b->routes = n;
		b->cap = cap;
	}
	b->routes[b->n++] = *route;
}

struct export_walk {
	struct vpn_rib *v;
	struct batch announce, withdraw;
};

static void export_cb(void *ctx, const struct route *rt)
{
	struct export_walk *w = ctx;
	struct vpn_rib *v = w->v;
	struct export_entry *x;
	const struct cfg_vrf *c;
	struct bgp_route out;
	const struct bgp_attrs *cust;
	uint64_t rts, cust_hash;
	uint32_t label;

	c = exported(rt) ? vrf_cfg(v, rt->key.vrf_id) : NULL;
	if (!c)
		return;
	label = v->env->vrf->local_label(v->env->vrf_ctx, rt);
	if (!label)
		return;
	rts = export_rts_hash(c);
	cust = ce_attrs(v, &rt->key);
	cust_hash = cust ? bgp_attrs_customer_hash(cust) : 0;
	x = export_find(v, &rt->key);
	if (x && x->label == label && x->rts_hash == rts &&
	    x->cust_hash == cust_hash &&
	    !memcmp(x->rd, c->rd.bytes, BGP_RD_LEN)) {
		x->mark = v->export_mark;
		return;
	}
	if (!x) {
		x = calloc(1, sizeof(*x));
		if (!x)
			return;
		x->key = rt->key;
		memcpy(x->rd, c->rd.bytes, BGP_RD_LEN);
		hash__insert(&v->exports, &x->node, route_key__hash(&rt->key));
		v->n_exports++;
	} else if (memcmp(x->rd, c->rd.bytes, BGP_RD_LEN)) {
		export_route(v, &rt->key, x->label, x->rd, &out);
		batch_add(&w->withdraw, &out);
		memcpy(x->rd, c->rd.bytes, BGP_RD_LEN);
	}
	x->label = label;
	x->rts_hash = rts;
	x->cust_hash = cust_hash;
	x->mark = v->export_mark;
	export_route(v, &rt->key, label, x->rd, &out);
	batch_add(&w->announce, &out);
}

/* Send a batch in runs of one VRF and family: the speaker packs routes
 * with equal attributes into one UPDATE. */
static void send_batch(const struct vpn_rib *v, struct batch *b, bool withdraw)
{
	size_t i = 0;

	while (i < b->n) {
		size_t j = i + 1;

		while (j < b->n && b->routes[j].af == b->routes[i].af &&
		       !memcmp(b->routes[j].rd, b->routes[i].rd, BGP_RD_LEN))
			j++;
		v->env->advertise(v->env->advertise_ctx, b->routes + i, j - i,
				  withdraw);
		i = j;
	}
}

static int export_cmp(const void *a, const void *b)
{
	const struct bgp_route *x = a, *y = b;

	if (x->af != y->af)
		return x->af - y->af;
	return memcmp(x->rd, y->rd, BGP_RD_LEN);
}

bool vpn_rib__sync_exports_if_changed(struct vpn_rib *v)
{
	/* The periodic refresh: with a full table, walking the FIB every
	 * second for nothing costs more than the rest of the tick. */
	if (!v || v->exported_at == v->env->fib->changes)
		return false;
	vpn_rib__sync_exports(v);
	return true;
}

void vpn_rib__sync_exports(struct vpn_rib *v)
{
	struct export_walk w = {.v = v};
	struct hash_node *n, *next;
	struct bgp_route out;
	size_t i;

	if (!v)
		return;
	v->exported_at = v->env->fib->changes;
	v->export_mark++;
	fib__for_each(v->env->fib, export_cb, &w);
	for (n = hash__first(&v->exports, &i); n; n = next) {
		struct export_entry *x = EXPORT(n);

		next = hash__next(&v->exports, n, &i);
		if (x->mark == v->export_mark)
			continue;
		/* A withdrawal needs only the RD and prefix the peers
		 * know: routes of a removed VRF go too. */
		export_route(v, &x->key, x->label, x->rd, &out);
		batch_add(&w.withdraw, &out);
		hash__remove(&v->exports, n);
		free(x);
		v->n_exports--;
	}
	if (v->env->advertise) {
		if (w.announce.n)
			qsort(w.announce.routes, w.announce.n, sizeof(out),
			      export_cmp);
		if (w.withdraw.n)
			qsort(w.withdraw.routes, w.withdraw.n, sizeof(out),
			      export_cmp);
		send_batch(v, &w.withdraw, true);
		send_batch(v, &w.announce, false);
	}
	free(w.announce.routes);
	free(w.withdraw.routes);
}

struct bgp_route *vpn_rib__exports(const struct vpn_rib *v, enum bgp_af af,
				   size_t *n)
{
	const struct hash_node *e;
	struct batch b = {0};
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	for (e = hash__first(&v->exports, &i); e;
	     e = hash__next(&v->exports, e, &i)) {
		const struct export_entry *x = EXPORT(e);
		struct bgp_route out;

		if (!vrf_cfg(v, x->key.vrf_id))
			continue;
		export_route(v, &x->key, x->label, x->rd, &out);
		if (out.af == af)
			batch_add(&b, &out);
	}
	if (b.n)
		qsort(b.routes, b.n, sizeof(*b.routes), export_cmp);
	*n = b.n;
	return b.routes;
}
