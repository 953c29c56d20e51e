// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fib.c - VRF routes: a hash table of desired state, synced to LPM maps. */
#include "dp/fib.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "dp/mplsx_abi.h"

#define FIB_INITIAL_BUCKETS 1024

static uint64_t key_hash(const struct route_key *k)
{
	/* FNV-1a over the key bytes: cheap, and keys are fully zeroed. */
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

int fib__init(struct fib *f, struct nh_table *nh)
{
	memset(f, 0, sizeof(*f));
	f->buckets = calloc(FIB_INITIAL_BUCKETS, sizeof(*f->buckets));
	if (!f->buckets)
		return -ENOMEM;
	f->n_buckets = FIB_INITIAL_BUCKETS;
	f->fd4 = f->fd6 = -1;
	f->nh = nh;
	return 0;
}

void fib__set_maps(struct fib *f, int fd4, int fd6)
{
	f->fd4 = fd4;
	f->fd6 = fd6;
}

void fib__free(struct fib *f)
{
	size_t i;

	for (i = 0; i < f->n_buckets; i++) {
		struct route *r = f->buckets[i], *next;

		for (; r; r = next) {
			next = r->next;
			free(r);
		}
	}
	free(f->buckets);
	memset(f, 0, sizeof(*f));
}

static struct route **slot(const struct fib *f, const struct route_key *key)
{
	struct route **pp = &f->buckets[key_hash(key) & (f->n_buckets - 1)];

	while (*pp && memcmp(&(*pp)->key, key, sizeof(*key)))
		pp = &(*pp)->next;
	return pp;
}

const struct route *fib__lookup(const struct fib *f,
				const struct route_key *key)
{
	return *slot(f, key);
}

static void grow(struct fib *f)
{
	size_t n = f->n_buckets * 2, i;
	struct route **b = calloc(n, sizeof(*b));

	if (!b)
		return; /* longer chains, still correct */
	for (i = 0; i < f->n_buckets; i++) {
		struct route *r = f->buckets[i], *next;

		for (; r; r = next) {
			size_t h = key_hash(&r->key) & (n - 1);

			next = r->next;
			r->next = b[h];
			b[h] = r;
		}
	}
	free(f->buckets);
	f->buckets = b;
	f->n_buckets = n;
}

/* The LPM key: the VRF id always matched in full, then the prefix. */
static void map_key(const struct route_key *k, void *out, int *fd,
		    const struct fib *f)
{
	if (k->family == AF_INET) {
		struct vrf_fib4_key *k4 = out;

		memset(k4, 0, sizeof(*k4));
		k4->prefixlen = 32 + k->prefix_len;
		k4->vrf_id = k->vrf_id;
		memcpy(&k4->addr, k->addr, 4);
		*fd = f->fd4;
	} else {
		struct vrf_fib6_key *k6 = out;

		memset(k6, 0, sizeof(*k6));
		k6->prefixlen = 32 + k->prefix_len;
		k6->vrf_id = k->vrf_id;
		memcpy(k6->addr, k->addr, 16);
		*fd = f->fd6;
	}
}

static bool wants_install(const struct fib *f, const struct route *r)
{
	const struct nh_entry *e;

	if (!r->spec.has_nh)
		return true; /* receive, glean */
	e = nh_table__entry(f->nh, r->nh_id);
	return e && e->value.state == MPLSX_NH_RESOLVED;
}

static void map_write(struct fib *f, struct route *r)
{
	union {
		struct vrf_fib4_key k4;
		struct vrf_fib6_key k6;
	} k;
	struct vrf_route v = {
		.kind = r->spec.kind,
		.nexthop_id = r->nh_id,
	};
	int fd;

	if (r->spec.kind == MPLSX_ROUTE_REMOTE)
		v.vpn_label = htonl((r->spec.vpn_label << MPLS_LS_LABEL_SHIFT) |
				    MPLS_LS_S_MASK);
	map_key(&r->key, &k, &fd, f);
	if (fd < 0)
		return;
	if (wants_install(f, r)) {
		f->writes++;
		if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			pr_warn("vrf %u route: map update failed: %s",
				r->key.vrf_id, strerror(errno));
		else
			r->installed = true;
	} else if (r->installed) {
		f->writes++;
		bpf_map_delete_elem(fd, &k);
		r->installed = false;
	}
}

static void map_delete(struct fib *f, struct route *r)
{
	union {
		struct vrf_fib4_key k4;
		struct vrf_fib6_key k6;
	} k;
	int fd;

	if (!r->installed)
		return;
	map_key(&r->key, &k, &fd, f);
	if (fd >= 0) {
		bpf_map_delete_elem(fd, &k);
		f->writes++;
	}
	r->installed = false;
}

static bool spec_equal(const struct route_spec *a, const struct route_spec *b)
{
	return a->kind == b->kind && a->source == b->source &&
	       a->has_nh == b->has_nh && a->vpn_label == b->vpn_label &&
	       a->ifindex == b->ifindex &&
	       (!a->has_nh ||
		(a->nh.kind == b->nh.kind && a->nh.oif == b->nh.oif &&
		 mplsx_addr__equal(&a->nh.addr, &b->nh.addr)));
}

void fib__begin(struct fib *f)
{
	f->mark++;
}

int fib__desire(struct fib *f, const struct route_key *key,
		const struct route_spec *spec)
{
	struct route **pp = slot(f, key), *r = *pp;
	bool created = !r;
	uint32_t old_nh;

	if (r && spec_equal(&r->spec, spec)) {
		r->mark = f->mark;
		return 0;
	}
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->key = *key;
		*pp = r;
		f->count++;
	}
	f->changes++;
	/* Take the new nexthop before releasing the old one: a shared
	 * nexthop must not be freed and re-created in between. */
	old_nh = r->nh_id;
	r->spec = *spec;
	r->nh_id = spec->has_nh ? nh_table__get(f->nh, &spec->nh) : 0;
	r->mark = f->mark;
	map_write(f, r);
	nh_table__put(f->nh, old_nh);
	/* Only a new route grows the table: a sweep replaces routes in
	 * place while it walks the buckets. */
	if (created && f->count > f->n_buckets)
		grow(f);
	return 0;
}

static void unlink_route(struct fib *f, struct route **pp)
{
	struct route *r = *pp;

	f->changes++;
	*pp = r->next;
	map_delete(f, r);
	nh_table__put(f->nh, r->nh_id);
	free(r);
	f->count--;
}

void fib__sweep(struct fib *f)
{
	struct route_spec spec;
	size_t i;

	for (i = 0; i < f->n_buckets; i++) {
		struct route **pp = &f->buckets[i];

		while (*pp) {
			struct route *r = *pp;

			if (r->mark == f->mark || r->spec.source == ROUTE_BGP) {
				pp = &r->next;
				continue;
			}
			if (f->fallback &&
			    f->fallback(f->fallback_ctx, &r->key, &spec)) {
				fib__desire(f, &r->key, &spec);
				pp = &r->next;
				continue;
			}
			unlink_route(f, pp);
		}
	}
}

void fib__remove(struct fib *f, const struct route_key *key)
{
	struct route **pp = slot(f, key);

	if (*pp)
		unlink_route(f, pp);
}

void fib__sync_installed(struct fib *f)
{
	size_t i;

	for (i = 0; i < f->n_buckets; i++) {
		struct route *r;

		for (r = f->buckets[i]; r; r = r->next)
			if (r->spec.has_nh &&
			    r->installed != wants_install(f, r)) {
				f->changes++;
				map_write(f, r);
			}
	}
}

void fib__for_each(const struct fib *f,
		   void (*cb)(void *ctx, const struct route *r), void *ctx)
{
	size_t i;

	for (i = 0; i < f->n_buckets; i++) {
		const struct route *r;

		for (r = f->buckets[i]; r; r = r->next)
			cb(ctx, r);
	}
}

const char *route_source_name(uint8_t source)
{
	static const char *const names[] = {"connected", "local", "adjacency",
					    "static", "bgp"};

	return source < sizeof(names) / sizeof(names[0]) ? names[source] : "?";
}
