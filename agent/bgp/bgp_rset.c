// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_rset.c - the routes learned from one peer (bgp_rset.h). */
#include "bgp/bgp_rset.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define RSET_BUCKETS_MIN 1024

static uint64_t rkey_hash(const struct bgp_rkey *k)
{
	/* af and len, then rd and prefix: the key without its marks. */
	uint64_t h = hash__bytes(HASH_SEED, &k->m.cls, 1);

	h = hash__bytes(h, &k->len, 1);
	h = hash__bytes(h, k->rd, BGP_RD_LEN);
	return hash__bytes(h, k->prefix, 16);
}

static bool rkey_eq(const struct bgp_rkey *a, const struct bgp_rkey *b)
{
	return a->m.cls == b->m.cls && a->len == b->len &&
	       !memcmp(a->rd, b->rd, BGP_RD_LEN) &&
	       !memcmp(a->prefix, b->prefix, 16);
}

static uint64_t node_hash(const struct hash_node *n)
{
	return rkey_hash(hash_entry(n, struct bgp_rkey, node));
}

static bool node_eq(const struct hash_node *n, const void *key)
{
	return rkey_eq(hash_entry(n, struct bgp_rkey, node), key);
}

static const struct hash_ops rkey_ops = {.hash = node_hash, .eq = node_eq};

static void rkey_of(struct bgp_rkey *k, const struct bgp_route *rt)
{
	memset(k, 0, sizeof(*k));
	k->m.cls = (uint8_t)rt->af;
	k->len = rt->prefix_len;
	memcpy(k->rd, rt->rd, BGP_RD_LEN);
	memcpy(k->prefix, rt->prefix.bytes,
	       rt->prefix.family == AF_INET6 ? 16 : 4);
}

static struct bgp_rkey *find(const struct bgp_rset *rs,
			     const struct bgp_rkey *k)
{
	struct hash_node *n;

	if (!rs->keys.buckets)
		return NULL;
	n = hash__find(&rs->keys, rkey_hash(k), k);
	return n ? hash_entry(n, struct bgp_rkey, node) : NULL;
}

void bgp_rset__add(struct bgp_rset *rs, const struct bgp_route *rt)
{
	struct bgp_rkey k, *e;

	rkey_of(&k, rt);
	e = find(rs, &k);
	if (e) {
		if (e->m.stale)
			rs->n_stale--;
		e->m.stale = false;
		return;
	}
	if (!rs->keys.buckets &&
	    hash__init(&rs->keys, &rkey_ops, RSET_BUCKETS_MIN))
		return;
	e = malloc(sizeof(*e));
	if (!e)
		return;
	*e = k;
	hash__insert(&rs->keys, &e->node, rkey_hash(e));
	rs->live++;
	rs->n_af[k.m.cls]++;
}

static void del_entry(struct bgp_rset *rs, struct bgp_rkey *e)
{
	if (e->m.stale)
		rs->n_stale--;
	rs->n_af[e->m.cls]--;
	rs->live--;
	hash__remove(&rs->keys, &e->node);
	free(e);
}

void bgp_rset__del(struct bgp_rset *rs, const struct bgp_route *rt)
{
	struct bgp_rkey k, *e;

	rkey_of(&k, rt);
	e = find(rs, &k);
	if (e)
		del_entry(rs, e);
}

/* Graceful restart: util/stale.c over the keys (all of owner 0). */
static struct stale_mark *key_mark(struct hash_node *n)
{
	return &hash_entry(n, struct bgp_rkey, node)->m;
}

static void key_drop(void *ctx, struct hash_node *n)
{
	del_entry(ctx, hash_entry(n, struct bgp_rkey, node));
}

static const struct stale_ops stale_ops = {.mark = key_mark, .drop = key_drop};

void bgp_rset__mark_stale(struct bgp_rset *rs)
{
	rs->n_stale += stale__begin(&rs->keys, &stale_ops, 0);
}

void bgp_rset__flush_stale(struct bgp_rset *rs, enum bgp_af af)
{
	if (rs->n_stale)
		stale__end(&rs->keys, &stale_ops, rs, 0,
			   af == BGP_AF_COUNT ? STALE_ANY_CLASS : (int)af);
}

void bgp_rset__drop_af(struct bgp_rset *rs, enum bgp_af af)
{
	stale__drop_class(&rs->keys, &stale_ops, rs, 0, (int)af);
}

void bgp_rset__free(struct bgp_rset *rs)
{
	struct hash_node *n, *next;
	size_t i;

	if (rs->keys.buckets)
		for (n = hash__first(&rs->keys, &i); n; n = next) {
			next = hash__next(&rs->keys, n, &i);
			free(hash_entry(n, struct bgp_rkey, node));
		}
	hash__destroy(&rs->keys);
	memset(rs, 0, sizeof(*rs));
}
