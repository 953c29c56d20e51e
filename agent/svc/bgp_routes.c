// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_routes.c - the BGP speaker's routes in and out (bgp_routes.h). */
#include "svc/bgp_routes.h"

#include "rib/lu_rib.h"
#include "rib/vpn_rib.h"
#include "rib/vrf_bgp.h"
#include "svc/router.h"
#include "svc/vrf.h"

static void route(void *ctx, int peer, const char *vrf,
		  const struct bgp_route *rt)
{
	struct mplsx_router *r = ctx;

	if (vrf[0]) {
		vrf_bgp__route(r->ce_rib, vrf_id_by_name(&r->vrf, vrf), peer,
			       rt);
		return;
	}
	if (rt->af == BGP_AF_IPV4_LU || rt->af == BGP_AF_IPV6_LU) {
		lu_rib__route(r->lu, peer, rt);
		return;
	}
	vpn_rib__route(r->vpn, peer, rt);
	/* The VRF sessions hear of it at the end of the dispatch. */
	vrf_bgp__changed(r->ce_rib);
}

static void peer_down(void *ctx, int peer, const char *vrf, bool graceful)
{
	struct mplsx_router *r = ctx;

	if (vrf[0]) {
		vrf_bgp__peer_down(r->ce_rib, peer, graceful);
		return;
	}
	vpn_rib__peer_down(r->vpn, peer, graceful);
	lu_rib__peer_down(r->lu, peer, graceful);
}

static void flush_stale(void *ctx, int peer, const char *vrf, enum bgp_af af)
{
	struct mplsx_router *r = ctx;

	if (vrf[0]) {
		vrf_bgp__flush_stale(r->ce_rib, peer, af);
		return;
	}
	if (af == BGP_AF_COUNT || af == BGP_AF_VPNV4 || af == BGP_AF_VPNV6)
		vpn_rib__flush_stale(r->vpn, peer, af);
	if (af == BGP_AF_COUNT || af == BGP_AF_IPV4_LU || af == BGP_AF_IPV6_LU)
		lu_rib__flush_stale(r->lu, peer, af);
}

/* AFI/SAFI disable: only labeled unicast is ever disabled (RFC 7606
 * handling in bgp_update.c). */
static void drop_af(void *ctx, int peer, const char *vrf, enum bgp_af af)
{
	struct mplsx_router *r = ctx;

	if (!vrf[0])
		lu_rib__drop_af(r->lu, peer, af);
}

static struct bgp_route *exports(void *ctx, int peer, const char *vrf,
				 enum bgp_af af, size_t *n)
{
	struct mplsx_router *r = ctx;

	if (vrf[0])
		return vrf_bgp__exports(r->ce_rib, vrf_id_by_name(&r->vrf, vrf),
					peer, af, n);
	*n = 0;
	if (af == BGP_AF_IPV4_LU || af == BGP_AF_IPV6_LU)
		return NULL; /* we originate no labeled unicast route */
	return vpn_rib__exports(r->vpn, af, n);
}

/* CE routes in: per-next-hop labels and exports now; VPN routes in: the
 * VRF sessions hear of them. */
static void commit(void *ctx)
{
	struct mplsx_router *r = ctx;

	if (!vrf_bgp__commit(r->ce_rib))
		return;
	vrfs_sync_pnh(&r->vrf);
	router__sync_exports(r);
}

const struct bgp_speaker_ops bgp_routes__ops = {
	.route = route,
	.peer_down = peer_down,
	.flush_stale = flush_stale,
	.drop_af = drop_af,
	.exports = exports,
	.commit = commit,
};
