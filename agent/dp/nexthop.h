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

#include "util/addr.h"
#include "dp/mplsx_abi.h"
#include "dp/nhgroup.h"
#include "kernel/netlink.h"

enum nh_kind {
	NH_VIA = 0, /* "via": wherever the kernel routes the address */
	NH_ON_LINK, /* a CE: the address on one given interface (oif) */
	NH_PE, /* a remote PE: its LSP (push + via), or directly connected */
	/* One path of a group: made and resolved by the group's entry
	 * (its parent), never shared, never asked for by a key. */
	NH_MEMBER,
};

/* What a nexthop is; two users with equal keys share one entry. */
struct nh_key {
	enum nh_kind kind;
	int oif; /* NH_ON_LINK: kernel ifindex of the VRF interface */
	struct mplsx_addr addr; /* via, CE or PE address */
	/* NH_VIA / NH_ON_LINK with several addresses: a via list from
	 * nh_table__vias() (addr is its first); 0 for one address. */
	uint32_t vias;
};

struct nh_entry {
	uint32_t refs; /* 0 = free slot */
	struct nh_key key;
	struct mplsx_addr via; /* what was resolved (the LSP's via for PEs) */
	uint32_t push[MPLSX_MAX_PUSH]; /* NH_PE: the LSP's labels */
	int n_push;
	struct mplsx_adjacency adj; /* last resolution */
	struct nexthop value;	    /* what the map holds */
	bool written;
	char reason[128]; /* why unresolved; "" when resolved */
	bool entropy;	  /* NH_PE: the LSP carries entropy labels */
	/* NH_PE: a path was found (static LSP or BGP-LU) but it ends at the
	 * PE itself: usable only when the PE is directly connected. */
	bool path_to_self;
	/* More than one path (a via list, an LSP with several vias, a
	 * kernel multipath route): a group.  Users keep this entry's id;
	 * the paths are member entries of their own. */
	uint32_t group_id; /* nexthop_group id, 0 = not a group */
	int n_members;
	uint32_t member[MPLSX_NHG_MAX_MEMBERS]; /* NH_MEMBER entry ids */
	uint32_t parent; /* NH_MEMBER: the group's entry */
	uint32_t weight; /* NH_MEMBER: its share of the buckets */
};

/* Maps the kernel's egress ifindex to a managed port: its port_id, the
 * ifindex to redirect to and the VLAN to tag with (a VLAN device maps to
 * its parent and id).  False when the interface is not one of ours. */
struct nh_port {
	uint32_t port_id;
	uint32_t tx_ifindex;
	uint16_t vlan_id;
	bool core;
};
typedef bool (*nh_port_lookup_fn)(void *ctx, int ifindex, struct nh_port *p);
/* The LSP towards PE, if the config has one: its labels, its vias (one
 * or more) and whether it carries entropy labels. */
typedef bool (*nh_lsp_lookup_fn)(void *ctx, const struct mplsx_addr *pe,
				 uint32_t *push, int *n_push,
				 struct nhg_vias *vias, bool *entropy);

struct nh_table {
	struct nh_entry *entries; /* index = nexthop id; id 0 never used */
	uint32_t size;
	uint32_t high; /* ids at and above are unused: scans stop there */
	int map_fd;
	struct mplsx_nl *nl;
	nh_port_lookup_fn port_lookup;
	nh_lsp_lookup_fn lsp_lookup;
	void *ctx;
	struct nhg_table groups;
	struct nhg_vias *vias; /* interned via lists: id = index + 1 */
	uint32_t n_vias;
};

int nh_table__init(struct nh_table *t, struct mplsx_nl *nl,
		   nh_port_lookup_fn port_lookup, nh_lsp_lookup_fn lsp_lookup,
		   void *ctx);
void nh_table__set_map(struct nh_table *t, int map_fd);
/* The nexthop_group map and its counters (nhgroup.h). */
void nh_table__set_group_maps(struct nh_table *t, int map_fd, int stats_fd,
			      int ncpus);
/* A stable id for a via list of two or more addresses, for nh_key.vias
 * (equal lists, equal ids); 0 for one address or when out of memory. */
uint32_t nh_table__vias(struct nh_table *t, const struct nhg_vias *vias);
/* Traffic can go: resolved, or a group with a member up. */
bool nh_table__usable(const struct nh_table *t, uint32_t id);
/* The entry itself when resolved, a group's first resolved member (its
 * labels, MTU and MACs stand for the group's), else NULL. */
const struct nh_entry *nh_table__resolved(const struct nh_table *t,
					  uint32_t id);
void nh_table__free(struct nh_table *t);

/* Take a reference on the nexthop for KEY (created and resolved at once
 * when new).  Returns its id, or 0 when the table is full. */
uint32_t nh_table__get(struct nh_table *t, const struct nh_key *key);
/* Shorthand for an NH_VIA key. */
uint32_t nh_table__get_via(struct nh_table *t, const struct mplsx_addr *via);
/* Drop a reference; the last one marks the map entry unused. */
void nh_table__put(struct nh_table *t, uint32_t id);
const struct nh_entry *nh_table__entry(const struct nh_table *t, uint32_t id);

/* Resolve one / every used entry again and rewrite what changed.
 * Returns the number of map entries rewritten. */
int nh_table__resolve(struct nh_table *t, uint32_t id);
int nh_table__resolve_all(struct nh_table *t);
/* Resolve again the remote PEs (NH_PE) whose address lies in PREFIX/LEN:
 * their transport path (a labeled unicast route) changed.  Returns the
 * number of map entries rewritten. */
int nh_table__resolve_pe(struct nh_table *t, const struct mplsx_addr *prefix,
			 unsigned int len);

const char *nh_state_name(uint8_t state);

#endif
