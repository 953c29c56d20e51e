// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fib.c - VRF routes: a hash table of desired state, synced to the stride
 * FIB (fib_stride.c) and, for short prefixes, to LPM tries. */
#include "dp/fib.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "dp/mplsx_abi.h"

#define FIB_INITIAL_BUCKETS 1024
/* Refusals closer together than this are one burst: one log line. */
#define FIB_BURST_NS 10000000000ull /* 10 s */

uint64_t route_key__hash(const struct route_key *k)
{
	/* Over the key bytes: cheap, and keys are fully zeroed. */
	return hash__bytes(HASH_SEED, k, sizeof(*k));
}

static uint64_t route_hash(const struct hash_node *n)
{
	return route_key__hash(&hash_entry(n, struct route, node)->key);
}

static bool route_eq(const struct hash_node *n, const void *key)
{
	return !memcmp(&hash_entry(n, struct route, node)->key, key,
		       sizeof(struct route_key));
}

static const struct hash_ops route_ops = {.hash = route_hash, .eq = route_eq};

int fib__init(struct fib *f, struct nh_table *nh)
{
	memset(f, 0, sizeof(*f));
	if (hash__init(&f->routes, &route_ops, FIB_INITIAL_BUCKETS))
		return -ENOMEM;
	f->lens = calloc(MPLSX_MAX_VRFS * 2, sizeof(*f->lens));
	if (!f->lens) {
		hash__destroy(&f->routes);
		return -ENOMEM;
	}
	f->fd4 = f->fd6 = -1;
	f->maps = (struct fib_maps){-1, -1, -1, -1, -1, -1, -1, -1};
	f->nh = nh;
	return 0;
}

static unsigned top_bits(uint8_t family)
{
	return family == AF_INET ? MPLSX_FIB4_TOP_BITS : MPLSX_FIB6_TOP_BITS;
}

static uint32_t *lens_of(const struct fib *f, uint32_t vrf_id, uint8_t family)
{
	return f->lens[(vrf_id % MPLSX_MAX_VRFS) * 2 + (family != AF_INET)];
}

static void mask_addr(uint8_t *a, unsigned len, unsigned bytes)
{
	unsigned i;

	for (i = 0; i < bytes; i++) {
		if (len >= 8 * (i + 1))
			continue;
		a[i] &= len > 8 * i ? (uint8_t)(0xFF00 >> (len - 8 * i)) : 0;
	}
}

static uint64_t route_word(const struct route *r)
{
	return fib_stride__word(r->spec.kind, r->nh_id, r->spec.vpn_label);
}

static struct route *find(const struct fib *f, const struct route_key *key)
{
	struct hash_node *n = hash__find(&f->routes, route_key__hash(key), key);

	return n ? hash_entry(n, struct route, node) : NULL;
}

/* The longest installed route of the VRF covering addr, shorter than len. */
static const struct route *cover_route(const struct fib *f, uint32_t vrf_id,
				       uint8_t family, const uint8_t *addr,
				       unsigned len)
{
	const uint32_t *lens = lens_of(f, vrf_id, family);
	unsigned bytes = family == AF_INET ? 4 : 16;
	struct route_key k = {.vrf_id = vrf_id, .family = family};
	const struct route *r;

	while (len-- > 0) {
		if (!lens[len])
			continue;
		k.prefix_len = (uint8_t)len;
		memcpy(k.addr, addr, bytes);
		mask_addr(k.addr, len, bytes);
		r = find(f, &k);
		if (r && r->installed)
			return r;
	}
	return NULL;
}

static unsigned cover4(void *ctx, uint32_t vrf_id, const uint8_t *addr,
		       unsigned len, uint64_t *w)
{
	const struct route *r = cover_route(ctx, vrf_id, AF_INET, addr, len);

	if (!r)
		return 0;
	*w = route_word(r);
	return r->key.prefix_len + 1u;
}

static unsigned cover6(void *ctx, uint32_t vrf_id, const uint8_t *addr,
		       unsigned len, uint64_t *w)
{
	const struct route *r = cover_route(ctx, vrf_id, AF_INET6, addr, len);

	if (!r)
		return 0;
	*w = route_word(r);
	return r->key.prefix_len + 1u;
}

int fib__set_maps(struct fib *f, const struct fib_maps *m)
{
	int err;

	if (f->stride_ready && !memcmp(&f->maps, m, sizeof(*m)))
		return 0;
	if (f->stride_ready) {
		fib_stride__free(&f->s4);
		fib_stride__free(&f->s6);
		f->stride_ready = false;
	}
	f->maps = *m;
	f->fd4 = m->short4;
	f->fd6 = m->short6;
	err = fib_stride__init(&f->s4, AF_INET, m->top4, m->chunk4,
			       m->chunk4 < 0 ? 1024 : 0, cover4, f);
	if (!err && m->dir4 > 0 && m->dir_slot4 > 0) {
		err = fib_stride__set_direct(&f->s4, m->dir4, m->dir_slot4,
					     FIB_DIR_MIN_BLOCKS);
		if (err)
			fib_stride__free(&f->s4);
	}
	if (err)
		return err;
	err = fib_stride__init(&f->s6, AF_INET6, m->top6, m->chunk6,
			       m->chunk6 < 0 ? 1024 : 0, cover6, f);
	if (err) {
		fib_stride__free(&f->s4);
		return err;
	}
	f->stride_ready = true;
	return 0;
}

void fib__free(struct fib *f)
{
	struct hash_node *n, *next;
	size_t i;

	for (n = hash__first(&f->routes, &i); n; n = next) {
		next = hash__next(&f->routes, n, &i);
		free(hash_entry(n, struct route, node));
	}
	hash__destroy(&f->routes);
	free(f->lens);
	free(f->nh_seen);
	if (f->stride_ready) {
		fib_stride__free(&f->s4);
		fib_stride__free(&f->s6);
	}
	memset(f, 0, sizeof(*f));
}

const struct route *fib__lookup(const struct fib *f,
				const struct route_key *key)
{
	return find(f, key);
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
	if (!r->spec.has_nh)
		return true; /* receive, glean */
	return nh_table__usable(f->nh, r->nh_id);
}

static struct fib_stride *stride_of(struct fib *f, const struct route *r)
{
	return r->key.family == AF_INET ? &f->s4 : &f->s6;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t fib_room_used(const struct fib *f)
{
	return (uint64_t)f->s4.chunks_used + f->s4.n_blocks +
	       f->s6.chunks_used + f->s6.n_blocks;
}

static void refused_set(struct fib *f, struct route *r, bool on)
{
	if (r->refused == on)
		return;
	r->refused = on;
	if (on)
		f->refused[r->key.family != AF_INET]++;
	else
		f->refused[r->key.family != AF_INET]--;
}

/* An update the FIB had no room for: counted, the first of a burst
 * logged with what is full and which key sizes it. */
static void refusal(struct fib *f, const struct route_key *k, int err,
		    const char *what)
{
	bool v4 = k->family == AF_INET;
	const struct fib_stride *s = v4 ? &f->s4 : &f->s6;
	char a[INET6_ADDRSTRLEN];
	uint64_t now = mono_ns();

	f->refusals[!v4]++;
	f->room_seen = fib_room_used(f);
	if (!f->burst || now - f->last_refusal_ns > FIB_BURST_NS) {
		inet_ntop(k->family, k->addr, a, sizeof(a));
		if (err == -ENOSPC)
			pr_warn("vrf %u route %s/%u %s: the IPv%c chunk pool "
				"is full (%u chunks, fib.chunks_v%c); further "
				"refusals are counted (show status: fib)",
				k->vrf_id, a, k->prefix_len, what,
				v4 ? '4' : '6', s->n_chunks, v4 ? '4' : '6');
		else
			pr_warn("vrf %u route %s/%u %s: the IPv%c top hash is "
				"full (%s); further refusals are counted (show "
				"status: fib)",
				k->vrf_id, a, k->prefix_len, what,
				v4 ? '4' : '6', strerror(-err));
		f->burst = 0;
	}
	f->burst++;
	f->last_refusal_ns = now;
}

/* Into the data path: the trie first for a short prefix (lookups outside
 * every top entry), then the stride FIB. */
static void install(struct fib *f, struct route *r)
{
	union {
		struct vrf_fib4_key k4;
		struct vrf_fib6_key k6;
	} k;
	struct vrf_route v = {
		.kind = r->spec.kind,
		.nexthop_id = r->nh_id,
	};
	bool added = !r->installed;
	int fd, err;

	if (r->spec.kind == MPLSX_ROUTE_REMOTE)
		v.vpn_label = htonl((r->spec.vpn_label << MPLS_LS_LABEL_SHIFT) |
				    MPLS_LS_S_MASK);
	f->writes++;
	if (r->key.prefix_len < top_bits(r->key.family)) {
		map_key(&r->key, &k, &fd, f);
		if (fd >= 0 && bpf_map_update_elem(fd, &k, &v, BPF_ANY)) {
			pr_warn("vrf %u route: map update failed: %s",
				r->key.vrf_id, strerror(errno));
			return;
		}
	}
	err = fib_stride__set(stride_of(f, r), r->key.vrf_id, r->key.addr,
			      r->key.prefix_len, route_word(r), added);
	refused_set(f, r, err == -ENOSPC || err == -E2BIG);
	if (r->refused)
		refusal(f, &r->key, err, "not installed");
	else if (err)
		pr_warn("vrf %u route /%u: FIB update failed: %s",
			r->key.vrf_id, r->key.prefix_len, strerror(-err));
	if (err) {
		if (!added || r->key.prefix_len < top_bits(r->key.family))
			r->installed = true; /* the old entries, or the trie */
		else
			return;
	}
	r->installed = true;
	if (added)
		lens_of(f, r->key.vrf_id, r->key.family)[r->key.prefix_len]++;
}

/* Out of the data path: the entries of r get the route covering it. */
static void uninstall(struct fib *f, struct route *r)
{
	union {
		struct vrf_fib4_key k4;
		struct vrf_fib6_key k6;
	} k;
	int fd, err;

	refused_set(f, r, false);
	if (!r->installed)
		return;
	r->installed = false;
	lens_of(f, r->key.vrf_id, r->key.family)[r->key.prefix_len]--;
	f->writes++;
	err = fib_stride__clear(stride_of(f, r), r->key.vrf_id, r->key.addr,
				r->key.prefix_len);
	if (err == -ENOSPC)
		refusal(f, &r->key, err, "withdrawal (it still forwards)");
	else if (err)
		pr_warn("vrf %u route /%u: FIB withdrawal failed: %s",
			r->key.vrf_id, r->key.prefix_len, strerror(-err));
	if (r->key.prefix_len < top_bits(r->key.family)) {
		map_key(&r->key, &k, &fd, f);
		if (fd >= 0)
			bpf_map_delete_elem(fd, &k);
	}
}

static void map_write(struct fib *f, struct route *r)
{
	if (!f->stride_ready)
		return;
	if (wants_install(f, r))
		install(f, r);
	else
		uninstall(f, r);
}

static void map_delete(struct fib *f, struct route *r)
{
	if (f->stride_ready)
		uninstall(f, r);
}

int fib__lookup_addr(const struct fib *f, uint32_t vrf_id, uint8_t family,
		     const uint8_t *addr, struct vrf_route *out)
{
	const struct fib_stride *s = family == AF_INET ? &f->s4 : &f->s6;
	union {
		uint64_t w;
		struct fib_entry e;
	} u = {0};
	const struct route *r;

	memset(out, 0, sizeof(*out));
	if (!f->stride_ready)
		return 0;
	if (!fib_stride__lookup(s, vrf_id, addr, &u.w)) {
		r = cover_route(f, vrf_id, family, addr, top_bits(family));
		if (!r)
			return 0;
		u.w = route_word(r);
	}
	out->kind = ntohl(u.e.label_kind) & 0xFF;
	out->nexthop_id = u.e.id;
	out->vpn_label = ntohl(u.e.label_kind) >> MPLS_LS_LABEL_SHIFT;
	return out->kind != 0;
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
	struct route *r = find(f, key);
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
		/* Only a new route grows the table: a sweep replaces
		 * routes in place while it walks them. */
		hash__insert(&f->routes, &r->node, route_key__hash(key));
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
	return 0;
}

static void unlink_route(struct fib *f, struct route *r)
{
	f->changes++;
	hash__remove(&f->routes, &r->node);
	map_delete(f, r);
	nh_table__put(f->nh, r->nh_id);
	free(r);
	f->count--;
}

void fib__sweep(struct fib *f)
{
	struct hash_node *n, *next;
	struct route_spec spec;
	size_t i;

	for (n = hash__first(&f->routes, &i); n; n = next) {
		struct route *r = hash_entry(n, struct route, node);

		next = hash__next(&f->routes, n, &i);
		if (r->mark == f->mark || r->spec.source == ROUTE_BGP)
			continue;
		if (f->fallback && f->fallback(f->fallback_ctx, &r->key, &spec))
			fib__desire(f, &r->key, &spec);
		else
			unlink_route(f, r);
	}
}

void fib__remove(struct fib *f, const struct route_key *key)
{
	struct route *r = find(f, key);

	if (r)
		unlink_route(f, r);
}

/* Whether any nexthop became usable or unusable since the last call:
 * the routes are walked only then (a million of them, every tick, would
 * cost the agent more than the rest of its work). */
static bool nh_usable_changed(struct fib *f)
{
	uint32_t n = f->nh->high, id;
	bool changed = false;

	if (n > f->nh_seen_n) {
		uint8_t *p = realloc(f->nh_seen, n);

		if (!p)
			return true;
		memset(p + f->nh_seen_n, 0xFF, n - f->nh_seen_n);
		f->nh_seen = p;
		f->nh_seen_n = n;
	}
	for (id = 0; id < n; id++) {
		uint8_t u = nh_table__usable(f->nh, id);

		if (f->nh_seen[id] != u) {
			f->nh_seen[id] = u;
			changed = true;
		}
	}
	return changed;
}

void fib__sync_installed(struct fib *f)
{
	struct hash_node *n;
	size_t i;

	if (!nh_usable_changed(f))
		return;
	for (n = hash__first(&f->routes, &i); n;
	     n = hash__next(&f->routes, n, &i)) {
		struct route *r = hash_entry(n, struct route, node);

		if (r->spec.has_nh && r->installed != wants_install(f, r)) {
			f->changes++;
			map_write(f, r);
		}
	}
}

void fib__retry_refused(struct fib *f)
{
	struct hash_node *n;
	size_t i;

	if (f->burst > 1 && mono_ns() - f->last_refusal_ns > FIB_BURST_NS) {
		pr_warn("FIB: %lu more updates refused in that burst; %u IPv4 "
			"and %u IPv6 routes wait for room",
			(unsigned long)(f->burst - 1), f->refused[0],
			f->refused[1]);
		f->burst = 0;
	}
	if (!f->stride_ready || !(f->refused[0] + f->refused[1]) ||
	    fib_room_used(f) >= f->room_seen)
		return;
	f->room_seen = fib_room_used(f);
	for (n = hash__first(&f->routes, &i); n;
	     n = hash__next(&f->routes, n, &i)) {
		struct route *r = hash_entry(n, struct route, node);

		if (r->refused && wants_install(f, r)) {
			f->changes++;
			install(f, r);
		}
	}
}

void fib__for_each(const struct fib *f,
		   void (*cb)(void *ctx, const struct route *r), void *ctx)
{
	struct hash_node *n;
	size_t i;

	for (n = hash__first(&f->routes, &i); n;
	     n = hash__next(&f->routes, n, &i))
		cb(ctx, hash_entry(n, struct route, node));
}

const char *route_source_name(uint8_t source)
{
	static const char *const names[] = {"connected", "local", "adjacency",
					    "static", "bgp"};

	return source < sizeof(names) / sizeof(names[0]) ? names[source] : "?";
}
