/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vrf_bgp.h - PE-CE routing: the plain IPv4/IPv6 unicast routes of one
 * VRF exchanged with BIRD over a per-VRF session (bgp.neighbors[].vrf).
 *
 * In: what BIRD learned from the VRF's CEs becomes a LOCAL route of the
 * VRF (source bgp) towards the BGP next hop, the CE, on the VRF interface
 * whose subnet holds it; vpn_rib exports it to the remote PEs like a
 * static CE route.  Connected and static routes of the same prefix win.
 *
 * Out: every route the VRF imported from remote PEs is announced on the
 * VRF's session, next hop = this PE's address on a VRF interface, so that
 * BIRD can tell the CEs.
 */
#ifndef MPLSX_VRF_BGP_H
#define MPLSX_VRF_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"
#include "rib/rib_env.h"

struct vrf_bgp;

/* The CE route table over ENV (kept by the caller as long as the table). */
struct vrf_bgp *vrf_bgp__new(const struct rib_env *env);
void vrf_bgp__free(struct vrf_bgp *v);
/* A unicast route learned (or withdrawn) on PEER, the session of VRF_ID
 * (PEER: index in bgp.neighbors). */
void vrf_bgp__route(struct vrf_bgp *v, uint32_t vrf_id, int peer,
		    const struct bgp_route *route);
/* As vpn_rib__peer_down / vpn_rib__flush_stale, for a VRF session. */
void vrf_bgp__peer_down(struct vrf_bgp *v, int peer, bool graceful);
void vrf_bgp__flush_stale(struct vrf_bgp *v, int peer, enum bgp_af af);

/* The CE route chosen for KEY, as a FIB spec (a source of the env's
 * rt_table, asked before the VPN routes: a route from the site beats one
 * from a remote PE). */
bool vrf_bgp__spec(const struct vrf_bgp *v, const struct route_key *k,
		   struct route_spec *spec);
/* The CE attributes (AS_PATH, MED, communities, SoO) of the CE route
 * chosen for KEY, carried in its VPN route; NULL when none. */
const struct bgp_attrs *vrf_bgp__attrs(const struct vrf_bgp *v,
				       const struct route_key *k);
/* The session a CE route came from (show routes); -1 when none. */
int vrf_bgp__peer_of(const struct vrf_bgp *v, const struct route_key *k);
/* VRF addresses changed (route sync): CE next hops resolve again. */
void vrf_bgp__resolve(struct vrf_bgp *v);
/* Announce / withdraw the difference of what the VRF sessions should
 * hear (after the VPN exports are synced). */
void vrf_bgp__sync(struct vrf_bgp *v);
/* Everything PEER, a session of VRF_ID, gets in AF, for a session that
 * just came up.  malloc'd, *n set; NULL when empty. */
struct bgp_route *vrf_bgp__exports(const struct vrf_bgp *v, uint32_t vrf_id,
				   int peer, enum bgp_af af, size_t *n);
/* VPN routes changed: the VRF sessions hear of it at the next commit. */
void vrf_bgp__changed(struct vrf_bgp *v);
/* Whether routes changed since the last call: then labels and
 * advertisements follow now instead of at the next periodic sync. */
bool vrf_bgp__commit(struct vrf_bgp *v);
/* Number of CE routes held (show bgp). */
size_t vrf_bgp__count(const struct vrf_bgp *v, int peer);

#endif
