/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_peer.h - one configured neighbour of the speaker: its session
 * (bgp_fsm.h), connection (bgp_conn.h), the routes learned from it
 * (bgp_rset.h) and its graceful-restart state (bgp_gr.h).  Routes go to
 * and come from the speaker's user through the bgp_speaker_ops in env.
 */
#ifndef MPLSX_BGP_PEER_H
#define MPLSX_BGP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_conn.h"
#include "bgp/bgp_fsm.h"
#include "bgp/bgp_gr.h"
#include "bgp/bgp_rset.h"
#include "bgp/bgp_second.h"
#include "bgp/bgp_speaker_ops.h"
#include "config/config.h"

/* What the speaker shares with its peers. */
struct bgp_peer_env {
	const struct bgp_speaker_ops *ops;
	void *ctx;
	int ep;		    /* the speaker's epoll set */
	struct cfg_bgp cfg; /* asn, hold time, GR (neighbors not kept) */
	uint32_t router_id;
};

struct bgp_peer {
	struct bgp_ep_item item;
	const struct bgp_peer_env *env;
	struct cfg_bgp_neighbor cfg;
	int index; /* in cfg->bgp.neighbors: the peer of the route tables */
	struct bgp_session s;
	struct bgp_conn conn;
	bool up; /* Established, routes exchanged */
	struct bgp_gr gr;
	uint64_t advertised[BGP_AF_COUNT];
	struct bgp_rset routes;
	struct bgp_second second; /* a new connection, until its OPEN */
	/* A VPN session's End-of-RIB waits for the VRF sessions' routes
	 * (bgp_peer__eor_release); these families, until eor_deadline. */
	uint32_t eor_deferred;
	uint64_t eor_deadline; /* ms */
};

/* CLOCK_MONOTONIC in ms: the clock of every BGP timer. */
uint64_t bgp_peer__now(void);
/* A peer for neighbour CFG (INDEX in bgp.neighbors), session started
 * (waiting for its connection). */
struct bgp_peer *bgp_peer__new(const struct bgp_peer_env *env,
			       const struct cfg_bgp_neighbor *cfg, int index);
/* Stop the session with a Cease and forget the peer's routes. */
void bgp_peer__stop(struct bgp_peer *p, uint8_t cease);
void bgp_peer__free(struct bgp_peer *p);
/* An accepted connection FD from the peer (from its PORT); refused
 * (closed) when the session is stopped.  While a connection runs, the
 * new one is held aside (bgp_second.h) until its OPEN decides. */
void bgp_peer__accepted(struct bgp_peer *p, int fd, uint16_t port);
/* The held-aside connection is readable. */
void bgp_peer__second_io(struct bgp_peer *p);
/* Epoll said: EPOLLOUT (writable) and/or IN (readable: read, feed the
 * FSM). */
void bgp_peer__io(struct bgp_peer *p, bool writable, bool readable);
/* Timers: the session's and graceful restart's. */
void bgp_peer__tick(struct bgp_peer *p, uint64_t now);
/* The next deadline of either, 0: none. */
uint64_t bgp_peer__deadline(const struct bgp_peer *p);
/* Send the End-of-RIB a VPN session holds back once the VRF sessions
 * have all brought their routes in (VRF_READY) or its deadline is past. */
void bgp_peer__eor_release(struct bgp_peer *p, uint64_t now, bool vrf_ready);
/* Announce (or withdraw) ROUTES, runs of one family, those the session
 * negotiated. */
void bgp_peer__advertise(struct bgp_peer *p, const struct bgp_route *routes,
			 size_t n, bool withdraw);
/* "address:port" into BUF (MPLSX_ADDRSTRLEN + 8). */
const char *bgp_peer__name(const struct bgp_peer *p, char *buf);

#endif
