/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vrf.h - VRFs (RFC 4364): ids and VPN labels for a config, per-next-hop
 * labels, and the VRF routes synced from the config and the kernel
 * (addresses, neighbours) into the FIB.
 */
#ifndef MPLSX_VRF_H
#define MPLSX_VRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "dp/dataplane.h"
#include "dp/fib.h"
#include "dp/nexthop.h"
#include "kernel/netlink.h"
#include "rib/rib_env.h"
#include "svc/label_pool.h"
#include "svc/label_stats.h"
#include "svc/port.h"
#include "svc/vrf_ll.h"

struct vrf_state {
	bool used;
	char name[MPLSX_VRF_NAMESIZE];
	const struct cfg_vrf *cfg; /* in the running config */
	uint32_t label; /* per-VRF label: static or from label_range */
	bool label_dynamic;
	uint32_t stats_id;
	struct label_entry written;
};

/* A per-next-hop VPN label (label_mode per-nexthop): one per CE nexthop
 * of the VRF, popped straight to that CE. */
struct pnh_label {
	uint32_t vrf_id;
	struct nh_key nh;
	uint32_t nh_id;
	uint32_t label;
	uint32_t stats_id;
	uint32_t mark;
};

/* A VRF port's address at the last route sync: CE next hops resolve over
 * these. */
struct vrf_addr {
	uint32_t vrf_id;
	int ifindex; /* kernel device */
	struct mplsx_addr addr;
	int prefix_len;
};

struct vrf_table {
	struct vrf_state by_id[MPLSX_MAX_VRFS]; /* index = vrf_id */
	/* The ids in use, in order: per-route loops visit these, not the
	 * 4,095 slots (vrfs_apply keeps it). */
	uint32_t ids[MPLSX_MAX_VRFS];
	size_t n_ids;
	struct pnh_label *pnh;
	size_t n_pnh, cap_pnh;
	uint32_t pnh_mark;
	struct vrf_addr *addrs;
	size_t n_addrs;
	struct vrf_ll_set ll; /* link-local neighbours, at the last sync */

	/* What the VRFs are built on: the router's (vrfs_init). */
	struct mplsx_dataplane *dp;
	struct mplsx_nl *nl;
	struct nh_table *nh;
	struct fib *fib;
	struct label_pool *pool;
	struct label_stats *stats;
	const struct port_state *ports; /* MPLSX_MAX_PORTS */
};

void vrfs_init(struct vrf_table *t, struct mplsx_dataplane *dp,
	       struct mplsx_nl *nl, struct nh_table *nh, struct fib *fib,
	       struct label_pool *pool, struct label_stats *stats,
	       const struct port_state *ports);
/* VRF ids and labels for a new config. */
int vrfs_apply(struct vrf_table *t, const struct mplsx_config *cfg);
/* The routes of every VRF from the config and the kernel, as a
 * difference; the VRF addresses kept for vrf_subnet_ifindex. */
void vrfs_sync_routes(struct vrf_table *t);
/* Per-next-hop labels for the CE next hops now in the FIB. */
void vrfs_sync_pnh(struct vrf_table *t);
uint32_t vrf_id_by_name(const struct vrf_table *t, const char *name);
/* The VPN label a remote PE pushes to reach route RT of ours: the VRF's
 * label, or the per-next-hop label of its CE. */
uint32_t vrf_local_label(const struct vrf_table *t, const struct route *rt);
/* The VRF interface (kernel ifindex) whose subnet holds ADDR (for a
 * link-local ADDR: vrf_ll.h), 0: none. */
int vrf_subnet_ifindex(const struct vrf_table *t, uint32_t vrf_id,
		       const struct mplsx_addr *addr);
/* An address of ours of FAMILY on a VRF interface (a next hop for what
 * the VRF's BGP session hears). */
bool vrf_own_addr(const struct vrf_table *t, uint32_t vrf_id, int family,
		  struct mplsx_addr *out);
void vrfs_free(struct vrf_table *t);

/* The VRFs as the route tables see them (rib_env.vrf; ctx: the table). */
extern const struct rib_vrf_ops vrf_rib_ops;

#endif
