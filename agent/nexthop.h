/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * nexthop.h - the adjacency table: one entry per "via" address, shared by
 * every label entry (and later every route) that forwards to it.
 *
 * Entries are resolved ahead of time (route + neighbour over netlink) and
 * written to the `nexthop` map; the data path only reads them.  When a MAC
 * changes or a link goes down one entry is rewritten, not every user.
 */
#ifndef MPLSX_NEXTHOP_H
#define MPLSX_NEXTHOP_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "mplsx_abi.h"
#include "netlink.h"

struct nh_entry {
	uint32_t refs; /* 0 = free slot */
	struct mplsx_addr via;
	struct mplsx_adjacency adj; /* last resolution */
	struct nexthop value; /* what the map holds */
	bool written;
	char reason[128]; /* why unresolved; "" when resolved */
};

/* Maps an egress ifindex to a managed port's port_id; false when the
 * interface is not one of ours (we cannot redirect there). */
typedef bool (*nh_port_lookup_fn)(void *ctx, int ifindex, uint32_t *port_id);

struct nh_table {
	struct nh_entry *entries; /* index = nexthop id; id 0 never used */
	uint32_t size;
	uint32_t high; /* ids at and above are unused: scans stop there */
	int map_fd;
	struct mplsx_nl *nl;
	nh_port_lookup_fn port_lookup;
	void *port_ctx;
};

int nh_table__init(struct nh_table *t, struct mplsx_nl *nl,
		   nh_port_lookup_fn port_lookup, void *port_ctx);
void nh_table__set_map(struct nh_table *t, int map_fd);
void nh_table__free(struct nh_table *t);

/* Take a reference on the nexthop for VIA (created and resolved at once
 * when new).  Returns its id, or 0 when the table is full. */
uint32_t nh_table__get(struct nh_table *t, const struct mplsx_addr *via);
/* Drop a reference; the last one marks the map entry unused. */
void nh_table__put(struct nh_table *t, uint32_t id);
const struct nh_entry *nh_table__entry(const struct nh_table *t, uint32_t id);

/* Resolve one / every used entry again and rewrite what changed.
 * Returns the number of map entries rewritten. */
int nh_table__resolve(struct nh_table *t, uint32_t id);
int nh_table__resolve_all(struct nh_table *t);

const char *nh_state_name(uint8_t state);

#endif
