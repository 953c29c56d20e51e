// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* lu_rib.c - labeled unicast routes, transport to the PEs (lu_rib.h). */
#include "rib/lu_rib.h"

#include <stdlib.h>
#include <string.h>

#include "dp/mplsx_abi.h"
#include "util/log.h"

#define LU_BUCKETS_MIN 64
#define LU_MAX_LEN     128

struct lu_rib {
	struct hash_table by_prefix; /* struct lu_route, several per key */
	/* Routes per {IPv4, IPv6} x prefix length: lookups skip absent
	 * lengths. */
	uint32_t n_len[2][LU_MAX_LEN + 1];
	size_t count;
	uint64_t rejected;
	lu_rib_changed_fn changed;
	void *ctx;
};

/* The lookup key: a masked prefix and its length. */
struct lu_key {
	struct mplsx_addr prefix;
	uint8_t len;
};

static int fam_index(int family)
{
	return family == AF_INET6;
}

/* Clear the bits of A past LEN (and the bytes past its family's). */
static void mask(struct mplsx_addr *a, unsigned int len)
{
	unsigned int i, n = (unsigned int)mplsx_addr__len(a);

	for (i = 0; i < n; i++) {
		unsigned int keep = len > 8 * i ? len - 8 * i : 0;

		if (keep < 8)
			a->bytes[i] &= (uint8_t)(0xff00 >> keep);
	}
	memset(a->bytes + n, 0, sizeof(a->bytes) - n);
}

static uint64_t key_hash(const struct lu_key *k)
{
	uint64_t h = hash__bytes(HASH_SEED, &k->prefix.family,
				 sizeof(k->prefix.family));

	h = hash__bytes(h, &k->len, 1);
	return hash__bytes(h, k->prefix.bytes, 16);
}

static bool key_eq(const struct lu_route *r, const struct lu_key *k)
{
	return r->prefix_len == k->len &&
	       mplsx_addr__equal(&r->prefix, &k->prefix);
}

static uint64_t node_hash(const struct hash_node *n)
{
	const struct lu_route *r = hash_entry(n, struct lu_route, node);
	struct lu_key k = {.prefix = r->prefix, .len = r->prefix_len};

	return key_hash(&k);
}

static bool node_eq(const struct hash_node *n, const void *key)
{
	return key_eq(hash_entry(n, struct lu_route, node), key);
}

static const struct hash_ops lu_ops = {.hash = node_hash, .eq = node_eq};

struct lu_rib *lu_rib__new(lu_rib_changed_fn changed, void *ctx)
{
	struct lu_rib *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (hash__init(&t->by_prefix, &lu_ops, LU_BUCKETS_MIN)) {
		free(t);
		return NULL;
	}
	t->changed = changed;
	t->ctx = ctx;
	return t;
}

void lu_rib__free(struct lu_rib *t)
{
	struct hash_node *n, *next;
	size_t i;

	if (!t)
		return;
	for (n = hash__first(&t->by_prefix, &i); n; n = next) {
		next = hash__next(&t->by_prefix, n, &i);
		free(hash_entry(n, struct lu_route, node));
	}
	hash__destroy(&t->by_prefix);
	free(t);
}

/* a better than b: fresh, LOCAL_PREF, peer, next hop. */
static bool better(const struct lu_route *a, const struct lu_route *b)
{
	if (a->m.stale != b->m.stale)
		return !a->m.stale;
	if (a->local_pref != b->local_pref)
		return a->local_pref > b->local_pref;
	if (a->m.owner != b->m.owner)
		return a->m.owner < b->m.owner;
	return memcmp(a->next_hop.bytes, b->next_hop.bytes, 16) < 0;
}

static const struct lu_route *best_of(const struct lu_rib *t,
				      const struct lu_key *k)
{
	const struct hash_node *n = hash__find(&t->by_prefix, key_hash(k), k);
	const struct lu_route *best = NULL;

	for (; n; n = hash__find_next(&t->by_prefix, n, k)) {
		const struct lu_route *r = hash_entry(n, struct lu_route, node);

		if (!best || better(r, best))
			best = r;
	}
	return best;
}

bool lu_rib__is_best(const struct lu_rib *t, const struct lu_route *r)
{
	struct lu_key k = {.prefix = r->prefix, .len = r->prefix_len};

	return best_of(t, &k) == r;
}

const struct lu_route *lu_rib__lookup(const struct lu_rib *t,
				      const struct mplsx_addr *addr)
{
	int f, len;

	if (!t || (addr->family != AF_INET && addr->family != AF_INET6))
		return NULL;
	f = fam_index(addr->family);
	for (len = mplsx_addr__len(addr) * 8; len >= 0; len--) {
		struct lu_key k = {.prefix = *addr, .len = (uint8_t)len};
		const struct lu_route *r;

		if (!t->n_len[f][len])
			continue;
		mask(&k.prefix, (unsigned int)len);
		r = best_of(t, &k);
		if (r)
			return r;
	}
	return NULL;
}

int lu_route__push(const struct lu_route *r, uint32_t *push)
{
	int i, n = 0;

	for (i = 0; i < r->n_labels; i++)
		if (r->labels[i] != BGP_LABEL_IMPLICIT_NULL)
			push[n++] = r->labels[i];
	return n;
}

/* What a best route says, to tell whether it changed. */
struct lu_say {
	bool any;
	uint8_t n_labels;
	uint32_t labels[BGP_MAX_LABELS];
	struct mplsx_addr next_hop;
};

static void say(const struct lu_route *r, struct lu_say *s)
{
	memset(s, 0, sizeof(*s));
	if (!r)
		return;
	s->any = true;
	s->n_labels = r->n_labels;
	memcpy(s->labels, r->labels, sizeof(s->labels));
	s->next_hop = r->next_hop;
}

static void notify_if(struct lu_rib *t, const struct lu_key *k,
		      const struct lu_say *before)
{
	struct lu_say after;

	say(best_of(t, k), &after);
	if (memcmp(before, &after, sizeof(after)) && t->changed)
		t->changed(t->ctx, &k->prefix, k->len);
}

static struct lu_route *find_peer(struct lu_rib *t, const struct lu_key *k,
				  int peer)
{
	struct hash_node *n = hash__find(&t->by_prefix, key_hash(k), k);

	for (; n; n = hash__find_next(&t->by_prefix, n, k)) {
		struct lu_route *r = hash_entry(n, struct lu_route, node);

		if (r->m.owner == peer)
			return r;
	}
	return NULL;
}

static void drop(struct lu_rib *t, struct lu_route *r)
{
	t->n_len[fam_index(r->prefix.family)][r->prefix_len]--;
	t->count--;
	hash__remove(&t->by_prefix, &r->node);
	free(r);
}

/* Labels a PE can push: 0 and 2 (explicit null) and 16 up; 3 (implicit
 * null) means none.  At most what one next hop pushes. */
static bool labels_usable(const struct bgp_route *rt)
{
	int i;

	if (!rt->n_labels || rt->n_labels > MPLSX_MAX_PUSH)
		return false;
	for (i = 0; i < rt->n_labels; i++) {
		uint32_t l = rt->labels[i];

		if (l == 1 || (l > 3 && l < 16))
			return false;
		if (l == BGP_LABEL_IMPLICIT_NULL && rt->n_labels > 1)
			return false;
	}
	return true;
}

void lu_rib__route(struct lu_rib *t, int peer, const struct bgp_route *rt)
{
	struct lu_key k = {.prefix = rt->prefix, .len = rt->prefix_len};
	struct lu_say before;
	struct lu_route *r;
	bool usable;

	if (rt->af != BGP_AF_IPV4_LU && rt->af != BGP_AF_IPV6_LU)
		return;
	if (k.len > mplsx_addr__len(&k.prefix) * 8)
		return;
	mask(&k.prefix, k.len);
	usable = rt->withdraw || labels_usable(rt);
	if (!usable) {
		char a[MPLSX_ADDRSTRLEN];

		if (!t->rejected++)
			pr_warn("bgp-lu: %s/%u from peer %d: a label that "
				"cannot be pushed (reserved, or more than %d): "
				"taken as withdrawn",
				mplsx_addr__str(&k.prefix, a), k.len, peer,
				MPLSX_MAX_PUSH);
	}
	say(best_of(t, &k), &before);
	r = find_peer(t, &k, peer);
	if (rt->withdraw || !usable) {
		if (!r)
			return;
		drop(t, r);
		notify_if(t, &k, &before);
		return;
	}
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return;
		r->prefix = k.prefix;
		r->prefix_len = k.len;
		r->m.owner = peer;
		hash__insert(&t->by_prefix, &r->node, key_hash(&k));
		t->n_len[fam_index(k.prefix.family)][k.len]++;
		t->count++;
	}
	r->m.cls = (uint8_t)rt->af;
	r->m.stale = false;
	r->n_labels = rt->n_labels;
	memcpy(r->labels, rt->labels, sizeof(r->labels));
	r->next_hop = rt->attrs.next_hop;
	r->local_pref = BGP_ATTR_PRESENT(&rt->attrs, BGP_ATTR_LOCAL_PREF)
				? rt->attrs.local_pref
				: BGP_LOCAL_PREF_DEFAULT;
	notify_if(t, &k, &before);
}

/* ---- graceful restart: util/stale.c over by_prefix --------------------- */

static struct stale_mark *route_mark(struct hash_node *n)
{
	return &hash_entry(n, struct lu_route, node)->m;
}

/* A drop tells the router: the best of that prefix may have moved. */
static void route_drop(void *ctx, struct hash_node *n)
{
	struct lu_rib *t = ctx;
	struct lu_route *r = hash_entry(n, struct lu_route, node);
	struct lu_key k = {.prefix = r->prefix, .len = r->prefix_len};
	struct lu_say before;

	say(best_of(t, &k), &before);
	drop(t, r);
	notify_if(t, &k, &before);
}

static const struct stale_ops stale_ops = {.mark = route_mark,
					   .drop = route_drop};

/* Stale routes lose to fresh ones: every prefix of PEER is looked at
 * again (a re-resolution that finds the same path writes nothing). */
static void notify_peer(struct lu_rib *t, int peer)
{
	struct hash_node *n;
	size_t i;

	for (n = hash__first(&t->by_prefix, &i); n;
	     n = hash__next(&t->by_prefix, n, &i)) {
		struct lu_route *r = hash_entry(n, struct lu_route, node);

		if (r->m.owner == peer && t->changed)
			t->changed(t->ctx, &r->prefix, r->prefix_len);
	}
}

void lu_rib__peer_down(struct lu_rib *t, int peer, bool graceful)
{
	if (!t)
		return;
	if (!graceful) {
		stale__drop_all(&t->by_prefix, &stale_ops, t, peer);
		return;
	}
	if (stale__begin(&t->by_prefix, &stale_ops, peer))
		notify_peer(t, peer);
}

void lu_rib__flush_stale(struct lu_rib *t, int peer, enum bgp_af af)
{
	if (t)
		stale__end(&t->by_prefix, &stale_ops, t, peer,
			   af == BGP_AF_COUNT ? STALE_ANY_CLASS : (int)af);
}

void lu_rib__drop_af(struct lu_rib *t, int peer, enum bgp_af af)
{
	if (t)
		stale__drop_class(&t->by_prefix, &stale_ops, t, peer, (int)af);
}

/* ---- show ---------------------------------------------------------------- */

static int cmp_route(const void *pa, const void *pb)
{
	const struct lu_route *a = *(const struct lu_route *const *)pa;
	const struct lu_route *b = *(const struct lu_route *const *)pb;
	int c;

	if (a->prefix.family != b->prefix.family)
		return a->prefix.family < b->prefix.family ? -1 : 1;
	c = memcmp(a->prefix.bytes, b->prefix.bytes, 16);
	if (c)
		return c;
	if (a->prefix_len != b->prefix_len)
		return a->prefix_len < b->prefix_len ? -1 : 1;
	if (better(a, b))
		return -1;
	return better(b, a) ? 1 : 0;
}

const struct lu_route **lu_rib__list(const struct lu_rib *t, size_t *n)
{
	const struct lu_route **v;
	struct hash_node *h;
	size_t i, k = 0;

	*n = 0;
	if (!t || !t->count)
		return NULL;
	v = malloc(t->count * sizeof(*v));
	if (!v)
		return NULL;
	for (h = hash__first(&t->by_prefix, &i); h && k < t->count;
	     h = hash__next(&t->by_prefix, h, &i))
		v[k++] = hash_entry(h, struct lu_route, node);
	qsort(v, k, sizeof(*v), cmp_route);
	*n = k;
	return v;
}

size_t lu_rib__count(const struct lu_rib *t)
{
	return t ? t->count : 0;
}

uint64_t lu_rib__rejected(const struct lu_rib *t)
{
	return t ? t->rejected : 0;
}
