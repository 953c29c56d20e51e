/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * rib_env.h - what the route tables (vpn_rib, vrf_bgp) need from above
 * them: the VRFs (their config, labels and addresses live in svc/vrf.c),
 * the running config, the FIB they install into, and where advertisements
 * go (the BGP speaker).  The router fills one in; the tables never call
 * up by name, so rib/ depends on nothing above it.
 */
#ifndef MPLSX_RIB_ENV_H
#define MPLSX_RIB_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"
#include "config/config.h"
#include "dp/fib.h"
#include "rib/rt_table.h"

struct rib_vrf_ops {
	/* The config of VRF_ID; NULL when it is not a running VRF. */
	const struct cfg_vrf *(*cfg)(const void *ctx, uint32_t vrf_id);
	/* The VRF ids in use, in order (*n set). */
	const uint32_t *(*ids)(const void *ctx, size_t *n);
	/* The VPN label a remote PE pushes to reach route RT of ours. */
	uint32_t (*local_label)(const void *ctx, const struct route *rt);
	/* The VRF interface (kernel ifindex) whose subnet holds ADDR; 0:
	 * none. */
	int (*subnet_ifindex)(const void *ctx, uint32_t vrf_id,
			      const struct mplsx_addr *addr);
	/* An address of ours of FAMILY on a VRF interface. */
	bool (*own_addr)(const void *ctx, uint32_t vrf_id, int family,
			 struct mplsx_addr *out);
};

struct rib_env {
	const struct rib_vrf_ops *vrf;
	const void *vrf_ctx;
	/* The running config (router_id, bgp.neighbors); never NULL once
	 * routes flow. */
	const struct mplsx_config *const *cfg;
	struct fib *fib;
	/* Where the tables' routes for a prefix meet (over fib). */
	struct rt_table *rt;
	/* Send these VPN routes to every VPN peer ... */
	void (*advertise)(void *ctx, const struct bgp_route *routes, size_t n,
			  bool withdraw);
	/* ... and these unicast routes to PEER, a session of VRF (PE-CE). */
	void (*advertise_vrf)(void *ctx, const char *vrf, int peer,
			      const struct bgp_route *routes, size_t n,
			      bool withdraw);
	void *advertise_ctx;
	/* The customer attributes (RFC 4364 sec. 7) of the VPN route chosen
	 * for K, told to the CE sessions; NULL when none or unknown. */
	const struct bgp_attrs *(*vpn_attrs)(const void *ctx,
					     const struct route_key *k);
	const void *vpn_attrs_ctx;
	/* The same for the CE route chosen for K (vrf_bgp), carried in the
	 * VPN route exported for it. */
	const struct bgp_attrs *(*ce_attrs)(const void *ctx,
					    const struct route_key *k);
	const void *ce_attrs_ctx;
};

#endif
