/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_gr.h - graceful restart (RFC 4724) in the receiving-speaker role,
 * per session: whether a lost session keeps its routes (stale), and the
 * two timers that bound how long: the peer's restart time while it is
 * gone, then STALE_TIME_MS for its End-of-RIB once it is back.  The
 * caller holds the routes and flushes what these say.
 */
#ifndef MPLSX_BGP_GR_H
#define MPLSX_BGP_GR_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp/bgp_fsm.h"

/* After the peer is back, how long its stale routes may wait for its
 * End-of-RIB (RFC 4724 sec. 4.2 leaves it local; BIRD uses 360 s). */
#define BGP_GR_STALE_TIME_MS (360 * 1000ull)

struct bgp_gr {
	bool peer_gr; /* the peer's OPEN had GR; its restart time: */
	uint16_t peer_gr_time;
	uint64_t restart_deadline; /* peer gone, routes stale */
	uint64_t stale_deadline;   /* peer back, waiting for EoR */
};

/* The session S came up.  With stale routes left (STALE): the families
 * whose stale routes go now, because the peer keeps no forwarding state
 * for them (sec. 4.2); the others wait for End-of-RIB. */
uint32_t bgp_gr__up(struct bgp_gr *gr, const struct bgp_session *s, bool stale,
		    uint64_t now);
/* Whether losing the session keeps its routes: GR on here (LOCAL), the
 * peer capable, and the connection lost or the peer silent (no
 * NOTIFICATION but our hold timer's). */
bool bgp_gr__graceful(const struct bgp_gr *gr, bool local,
		      const struct bgp_error *err, bool sent);
/* The session went down gracefully: the restart timer runs.  False when
 * the peer gave no restart time: the stale routes go now. */
bool bgp_gr__restart(struct bgp_gr *gr, uint64_t now);
/* No stale routes any more (or none kept): no timer. */
void bgp_gr__clear(struct bgp_gr *gr);
/* A timer ran out: the stale routes go. */
bool bgp_gr__expired(const struct bgp_gr *gr, uint64_t now);
/* The earlier of the timers, 0: none runs. */
uint64_t bgp_gr__deadline(const struct bgp_gr *gr);

#endif
