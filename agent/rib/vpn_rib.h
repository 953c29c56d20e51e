/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vpn_rib.h - VPN routes between BGP and the VRFs (RFC 4364 sections 4.3
 * and 9): routes received are imported into every VRF whose import route
 * targets match, and each VRF's local routes are exported with its RD,
 * export route targets and VPN label, next hop = router_id.
 *
 * The BGP speaker (bgp_speaker.c) calls in with what it learns and asks
 * what to advertise; it does not know about VRFs.
 */
#ifndef MPLSX_VPN_RIB_H
#define MPLSX_VPN_RIB_H

#include <stdbool.h>
#include <stddef.h>

#include "bgp/bgp_update.h"

struct mplsx_router;

/* A VPN route learned (route->withdraw false) or withdrawn from PEER (the
 * index of the neighbour in the config's bgp.neighbors).  Imported routes
 * reach the data plane at once when their remote PE resolves. */
void vpn_rib__route(struct mplsx_router *r, int peer,
		    const struct bgp_route *route);
/* PEER's session went down.  graceful: keep its routes, marked stale, so
 * forwarding goes on (RFC 4724); otherwise remove them now. */
void vpn_rib__peer_down(struct mplsx_router *r, int peer, bool graceful);
/* PEER sent End-of-RIB for AF, or its restart time ran out
 * (af == BGP_AF_COUNT: every family): drop its routes still stale. */
void vpn_rib__flush_stale(struct mplsx_router *r, int peer, enum bgp_af af);

/* Everything we advertise in AF, for a session that just came up.  The
 * array is malloc'd (free it); *n set.  NULL with *n == 0 when empty. */
struct bgp_route *vpn_rib__exports(struct mplsx_router *r, enum bgp_af af,
				   size_t *n);

/* The RD of the route chosen for {vrf, prefix} (show routes).  False
 * when no BGP route is chosen there. */
struct route_key;
bool vpn_rib__chosen_rd(const struct mplsx_router *r,
			const struct route_key *key, uint8_t rd[BGP_RD_LEN]);

int vpn_rib__init(struct mplsx_router *r);
void vpn_rib__free(struct mplsx_router *r);
/* Import targets may have changed (reload): import everything again. */
void vpn_rib__reimport(struct mplsx_router *r);
/* Local routes may have changed: advertise the difference. */
void vpn_rib__sync_exports(struct mplsx_router *r);
/* The same, skipped when the FIB has not changed since (periodic). */
void vpn_rib__sync_exports_if_changed(struct mplsx_router *r);

/* Counters for show bgp / show status. */
size_t vpn_rib__received(const struct mplsx_router *r);
size_t vpn_rib__stale(const struct mplsx_router *r);

#endif
