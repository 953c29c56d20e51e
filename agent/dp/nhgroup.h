/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * nhgroup.h - equal-cost next-hop groups as the agent keeps them: the
 * via lists of the config, the bucket table of each group in the
 * nexthop_group map, and its per-member counters.
 *
 * A group is written as MPLSX_NHG_BUCKETS buckets, each naming a member
 * slot; members that are up get buckets in proportion to their weight.
 * When the set of members that are up changes, only the buckets of
 * members that went down (or hold more than their share) change hands:
 * the flows of the other members stay where they are (resilient hashing).
 */
#ifndef MPLSX_NHGROUP_H
#define MPLSX_NHGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/addr.h"
#include "dp/mplsx_abi.h"

#define MPLSX_NHG_MAX_WEIGHT 255

/* One "via" of the config: an address and its weight (1 by default). */
struct nhg_via {
	struct mplsx_addr addr;
	uint32_t weight;
};

/* A via list, as the config gives it (n >= 1 when there is one). */
struct nhg_vias {
	int n;
	struct nhg_via v[MPLSX_NHG_MAX_MEMBERS];
};

/* The group ids in use and the last value written for each. */
struct nhg_table {
	struct nexthop_group *groups; /* index = group id; 0 never used */
	bool *used;
	int map_fd;
	int stats_fd;
	int ncpus;
};

int nhg_table__init(struct nhg_table *t);
void nhg_table__set_maps(struct nhg_table *t, int map_fd, int stats_fd,
			 int ncpus);
void nhg_table__free(struct nhg_table *t);

/* A free group id (its counters zeroed), or 0 when all are in use. */
uint32_t nhg_table__alloc(struct nhg_table *t);
/* Return a group id; its map entry is emptied. */
void nhg_table__release(struct nhg_table *t, uint32_t id);

/* Write group ID: member[i] is a nexthop id with weight[i], up[i] says
 * whether it can carry traffic.  Buckets move resiliently from the
 * group's previous value.  Returns 1 when the map entry changed, 0 when
 * not, negative errno on a map error. */
int nhg_table__write(struct nhg_table *t, uint32_t id, const uint32_t *member,
		     const uint32_t *weight, const bool *up, int n);
const struct nexthop_group *nhg_table__get(const struct nhg_table *t,
					   uint32_t id);
/* Packets and bytes each member slot of group ID sent, summed over CPUs
 * (MPLSX_NHG_MAX_MEMBERS entries). */
int nhg_table__stats(const struct nhg_table *t, uint32_t id,
		     struct mplsx_counter *member);

/* The bucket table for n members (weights, up) from PREV, the value
 * before (n_members 0: none).  Pure: the unit tests call it. */
void nhg_buckets(const struct nexthop_group *prev, const uint32_t *weight,
		 const bool *up, int n, struct nexthop_group *out);

/* Two via lists are the same group (order and weights included). */
bool nhg_vias__equal(const struct nhg_vias *a, const struct nhg_vias *b);

#endif
