/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bgp_speaker_ops.h - how the BGP speaker hands routes to its user (the
 * router: svc/bgp_routes.c) and asks it what to announce. */
#ifndef MPLSX_BGP_SPEAKER_OPS_H
#define MPLSX_BGP_SPEAKER_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "bgp/bgp_update.h"

/*
 * What the speaker's user does with routes.  PEER is the neighbour's index
 * in the config's bgp.neighbors, VRF its "vrf" ("" for a VPN session).
 * Only the families of the session's table arrive: VPNv4/VPNv6 and
 * IPv4/IPv6 labeled unicast on a VPN session, IPv4/IPv6 unicast on a
 * VRF's.
 */
struct bgp_speaker_ops {
	/* A route learned (route->withdraw false) or withdrawn. */
	void (*route)(void *ctx, int peer, const char *vrf,
		      const struct bgp_route *route);
	/* The session went down; graceful: keep its routes, stale. */
	void (*peer_down)(void *ctx, int peer, const char *vrf, bool graceful);
	/* End-of-RIB for AF, or the restart time ran out (BGP_AF_COUNT:
	 * every family): the peer's routes still stale go. */
	void (*flush_stale)(void *ctx, int peer, const char *vrf,
			    enum bgp_af af);
	/* AFI/SAFI disable (RFC 7606): the peer's routes of AF go now. */
	void (*drop_af)(void *ctx, int peer, const char *vrf, enum bgp_af af);
	/* Everything to announce in AF to a session that just came up or
	 * asked for a route refresh: malloc'd, *n set. */
	struct bgp_route *(*exports)(void *ctx, int peer, const char *vrf,
				     enum bgp_af af, size_t *n);
	/* End of a dispatch: what the routes that came in imply goes out. */
	void (*commit)(void *ctx);
};

#endif
