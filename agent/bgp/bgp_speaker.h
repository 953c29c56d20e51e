/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_speaker.h - mplsxd's passive BGP speaker (config key "bgp"): the
 * sockets, clock and timers around the sessions of bgp_fsm.h, one session
 * per configured neighbour, routes in and out through vpn_rib.h.
 *
 * The speaker owns an epoll fd of its own (listeners, connections, one
 * timerfd), so the daemon adds a single fd to its loop and calls
 * bgp_speaker__dispatch() when it is readable.  Sockets are non-blocking;
 * what the peer cannot take yet is queued and sent on EPOLLOUT, so a full
 * table never blocks the daemon.
 */
#ifndef MPLSX_BGP_SPEAKER_H
#define MPLSX_BGP_SPEAKER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"

struct mplsx_router;
struct mplsx_config;
struct bgp_speaker;

/* A speaker for R; nothing listens until bgp_speaker__apply(). */
struct bgp_speaker *bgp_speaker__new(struct mplsx_router *r);
/*
 * Make neighbours and listeners match CFG (CFG's bgp, router_id): new
 * neighbours start listening, removed ones are stopped with a Cease, a
 * neighbour whose session parameters changed is reset with a Cease, and
 * unchanged sessions are left alone.
 */
void bgp_speaker__apply(struct bgp_speaker *sp, const struct mplsx_config *cfg);
/* Readable when bgp_speaker__dispatch() has work. */
int bgp_speaker__fd(const struct bgp_speaker *sp);
void bgp_speaker__dispatch(struct bgp_speaker *sp);
/* Announce (or withdraw) ROUTES to every Established session, each
 * family to the sessions that negotiated it. */
void bgp_speaker__advertise(struct bgp_speaker *sp,
			    const struct bgp_route *routes, size_t n,
			    bool withdraw);
/* ... or these unicast routes to the sessions of VRF VRF_ID (PE-CE). */
void bgp_speaker__advertise_vrf(struct bgp_speaker *sp, uint32_t vrf_id,
				const struct bgp_route *routes, size_t n,
				bool withdraw);
/* Cease to every peer, close everything. */
void bgp_speaker__free(struct bgp_speaker *sp);

/* `show bgp` and `show bird` (the BIRD 2 side of the peering); NULL with
 * err set when there is nothing to show. */
cJSON *bgp_speaker__show(const struct mplsx_router *r, char *err,
			 size_t errlen);
cJSON *bgp_speaker__show_bird(const struct mplsx_router *r, char *err,
			      size_t errlen);

#endif
