/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_speaker.h - mplsxd's passive BGP speaker (config key "bgp"): the
 * sockets, clock and timers around the sessions of bgp_fsm.h, one session
 * per configured neighbour.  It knows nothing of VRFs or route tables:
 * routes go in and out through the bgp_speaker_ops of its user.
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

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_speaker_ops.h"
#include "bgp/bgp_update.h"
#include "config/config.h"

struct bgp_speaker;

/* A speaker calling OPS with CTX; nothing listens until
 * bgp_speaker__apply(). */
struct bgp_speaker *bgp_speaker__new(const struct bgp_speaker_ops *ops,
				     void *ctx);
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
/* ... or these unicast routes to PEER (config index), a session of VRF
 * (PE-CE). */
void bgp_speaker__advertise_vrf(struct bgp_speaker *sp, const char *vrf,
				int peer, const struct bgp_route *routes,
				size_t n, bool withdraw);
/* Every neighbour is Established and has sent End-of-RIB for each family
 * it negotiated: the routes it has for us are all in. */
bool bgp_speaker__converged(const struct bgp_speaker *sp);
/* Cease to every peer, close everything. */
void bgp_speaker__free(struct bgp_speaker *sp);

/* A neighbour as `show bgp` shows it (valid until the next call in). */
struct bgp_peer_info {
	const struct cfg_bgp_neighbor *cfg;
	const struct bgp_session *session;
	const uint64_t *advertised; /* [BGP_AF_COUNT] prefixes sent */
	const size_t *routes;	    /* [BGP_AF_COUNT] prefixes held */
	size_t stale;		    /* of them, stale (graceful restart) */
	bool peer_gr;		    /* the peer's OPEN had GR ... */
	uint16_t peer_gr_time;	    /* ... with this restart time */
	uint64_t restart_deadline;  /* ms: stale routes go then; 0: none */
	bool eor_deferred;	    /* our End-of-RIB waits for VRF routes */
	uint64_t now;		    /* ms, the clock of the deadlines */
};

size_t bgp_speaker__n_peers(const struct bgp_speaker *sp);
void bgp_speaker__peer(const struct bgp_speaker *sp, size_t i,
		       struct bgp_peer_info *out);

#endif
