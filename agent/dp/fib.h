/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fib.h - the VRF routes the agent holds, mirrored into the data path's
 * stride FIB (fib_stride.h: fib4_top/fib4_chunk, fib6_top/fib6_chunk) and,
 * for prefixes shorter than its top stride, the tries vrf_fib4/vrf_fib6.
 *
 * Routes are keyed by {vrf_id, prefix}; each points at a shared nexthop.
 * A sync is "begin, desire every route that should exist, sweep": routes
 * desired again unchanged are not rewritten, the others are written, and
 * the ones not desired are deleted.  A LOCAL or REMOTE route is in the
 * data path only while its nexthop is resolved (DESIGN: unresolved routes
 * are shown, not installed), so the next shorter prefix applies meanwhile.
 */
#ifndef MPLSX_FIB_H
#define MPLSX_FIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/fib_stride.h"
#include "dp/nexthop.h"
#include "util/hash.h"

enum route_source {
	ROUTE_CONNECTED = 0, /* a VRF interface's subnet (glean) */
	ROUTE_LOCAL,	     /* this PE's own address in the VRF (receive) */
	ROUTE_ADJACENCY,     /* a neighbour on a VRF interface (host route) */
	ROUTE_STATIC,	     /* the config's vrfs[].routes */
	ROUTE_BGP,
};

struct route_key {
	uint32_t vrf_id;
	uint8_t family; /* AF_INET, AF_INET6 */
	uint8_t prefix_len;
	uint8_t pad[2];
	uint8_t addr[16];
};

struct route_spec {
	uint8_t kind;	/* enum mplsx_route_kind */
	uint8_t source; /* enum route_source */
	bool has_nh;
	struct nh_key nh;
	uint32_t vpn_label; /* REMOTE: the label the remote PE gave */
	int ifindex;	    /* CONNECTED/LOCAL/ADJACENCY: the VRF interface */
};

struct route {
	struct hash_node node; /* in fib.routes, by key */
	struct route_key key;
	struct route_spec spec;
	uint32_t nh_id;
	bool installed;
	bool refused; /* the FIB had no room for it (installed: its old
		       * entries still are): retried when room is freed */
	uint32_t mark;
};

/* The data path's maps; -1 where absent. */
struct fib_maps {
	int short4, short6; /* LPM tries: prefixes below the top stride */
	int top4, top6;	    /* stride FIB top hashes */
	int chunk4, chunk6; /* stride FIB chunk arrays (mmapped) */
	/* IPv4 direct top arrays of the big VRFs (fib4_dir, fib4_vrf_dir):
	 * used when both are > 0 (left out of an initializer: not used). */
	int dir4, dir_slot4;
};

struct fib {
	struct hash_table routes; /* struct route by key */
	size_t count;
	uint32_t mark;
	int fd4, fd6;
	struct fib_maps maps;
	bool stride_ready;
	struct fib_stride s4, s6;
	/* Installed routes per {vrf_id, family} and prefix length: which
	 * lengths to try when looking for the route covering another. */
	uint32_t (*lens)[129];
	/* nh_table__usable() of every nexthop at the last sync_installed */
	uint8_t *nh_seen;
	uint32_t nh_seen_n;
	struct nh_table *nh;
	uint64_t writes;  /* map writes + deletes, for tests and stats */
	uint64_t changes; /* routes added, changed, removed, (un)installed:
			   * work that depends on the FIB skips when equal */
	/* BGP routes are added and removed one by one (fib__desire,
	 * fib__remove), never swept.  A local route that goes away may
	 * uncover a BGP route for the same key: fallback says which. */
	bool (*fallback)(void *ctx, const struct route_key *key,
			 struct route_spec *spec);
	void *fallback_ctx;
	/* Per family ([0] IPv4, [1] IPv6): routes refused now (a chunk pool
	 * or the top hash full), and every update refused.  The first
	 * refusal of a burst is logged, the rest counted. */
	uint32_t refused[2];
	uint64_t refusals[2];
	uint64_t burst;		  /* refusals since the last log line */
	uint64_t last_refusal_ns; /* a burst ends after FIB_BURST_NS */
	uint64_t room_seen;	  /* chunks + tops in use at the last one */
};

/* The hash of a (fully zeroed, then filled) key, for tables by key. */
uint64_t route_key__hash(const struct route_key *k);

int fib__init(struct fib *f, struct nh_table *nh);
/* Maps to write (again the same ones: no-op).  0 or -errno. */
int fib__set_maps(struct fib *f, const struct fib_maps *m);
void fib__free(struct fib *f);

void fib__begin(struct fib *f);
/* Add or keep a route.  -ENOMEM, or 0. */
int fib__desire(struct fib *f, const struct route_key *key,
		const struct route_spec *spec);
/* Remove every route not desired since fib__begin (BGP routes excepted;
 * a removed route is replaced by its fallback when there is one). */
void fib__sweep(struct fib *f);
/* Remove one route now (a BGP withdrawal). */
void fib__remove(struct fib *f, const struct route_key *key);
/* Install / uninstall routes whose nexthop changed state. */
void fib__sync_installed(struct fib *f);

/* Install the refused routes again once withdrawals freed room, and
 * close a burst of refusals with a count in the log (every tick). */
void fib__retry_refused(struct fib *f);

const struct route *fib__lookup(const struct fib *f,
				const struct route_key *key);
/* What the data path's stride FIB holds for addr in vrf_id (the short
 * prefixes when its top has no entry): 1 with the route's kind, nexthop
 * and label (vpn_label as the label value, not encoded), or 0: no route. */
int fib__lookup_addr(const struct fib *f, uint32_t vrf_id, uint8_t family,
		     const uint8_t *addr, struct vrf_route *out);

/* Calls CB for every route (in no particular order). */
void fib__for_each(const struct fib *f,
		   void (*cb)(void *ctx, const struct route *r), void *ctx);

const char *route_source_name(uint8_t source);

#endif
