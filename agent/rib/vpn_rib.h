/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vpn_rib.h - VPN routes between BGP and the VRFs (RFC 4364 sections 4.3
 * and 9): routes received are imported into every VRF whose import route
 * targets match, and each VRF's local routes are exported with its RD,
 * export route targets and VPN label, next hop = router_id.
 *
 * The router hands it what the BGP speaker learns and asks it what to
 * advertise; the VRFs it sees through its rib_env.
 */
#ifndef MPLSX_VPN_RIB_H
#define MPLSX_VPN_RIB_H

#include <stdbool.h>
#include <stddef.h>

#include "bgp/bgp_update.h"
#include "rib/rib_env.h"

struct vpn_rib;

/* The VPN route table over ENV (which outlives it); a source of ENV's
 * rt_table. */
struct vpn_rib *vpn_rib__new(const struct rib_env *env);
void vpn_rib__free(struct vpn_rib *v);

/* A VPN route learned (route->withdraw false) or withdrawn from PEER (the
 * index of the neighbour in the config's bgp.neighbors).  Imported routes
 * reach the data plane at once when their remote PE resolves. */
void vpn_rib__route(struct vpn_rib *v, int peer, const struct bgp_route *route);
/* PEER's session went down.  graceful: keep its routes, marked stale, so
 * forwarding goes on (RFC 4724); otherwise remove them now. */
void vpn_rib__peer_down(struct vpn_rib *v, int peer, bool graceful);
/* PEER sent End-of-RIB for AF, or its restart time ran out
 * (af == BGP_AF_COUNT: every family): drop its routes still stale. */
void vpn_rib__flush_stale(struct vpn_rib *v, int peer, enum bgp_af af);

/* Everything we advertise in AF, for a session that just came up.  The
 * array is malloc'd (free it); *n set.  NULL with *n == 0 when empty. */
struct bgp_route *vpn_rib__exports(const struct vpn_rib *v, enum bgp_af af,
				   size_t *n);

/* The VPN route chosen for KEY, as a FIB spec (the table's source
 * callback); false when none is imported there. */
bool vpn_rib__best(const struct vpn_rib *v, const struct route_key *key,
		   struct route_spec *spec);
/* The RD of the route chosen for {vrf, prefix} (show routes).  False
 * when no BGP route is chosen there. */
bool vpn_rib__chosen_rd(const struct vpn_rib *v, const struct route_key *key,
			uint8_t rd[BGP_RD_LEN]);

/* The customer attributes of the route chosen for {vrf, prefix}; NULL
 * when none (or a route that carried none). */
const struct bgp_attrs *vpn_rib__chosen_attrs(const struct vpn_rib *v,
					      const struct route_key *key);

/* Import targets may have changed (reload): import everything again. */
void vpn_rib__reimport(struct vpn_rib *v);
/* Local routes may have changed: advertise the difference. */
void vpn_rib__sync_exports(struct vpn_rib *v);
/* The same, skipped when the FIB has not changed since (periodic); true
 * when it ran. */
bool vpn_rib__sync_exports_if_changed(struct vpn_rib *v);

/* Counters for show bgp / show status. */
size_t vpn_rib__received(const struct vpn_rib *v);
size_t vpn_rib__stale(const struct vpn_rib *v);

#endif
