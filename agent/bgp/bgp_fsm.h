/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_fsm.h - the RFC 4271 sec. 8 state machine of a passive BGP speaker.
 *
 * Pure logic: the daemon owns the socket and the clock.  It feeds events
 * (connection accepted, bytes received, time passed, stop, connection
 * lost) with the current time in milliseconds, and the session answers
 * through the callbacks in struct bgp_fsm_ops: bytes to send, routes
 * learned, End-of-RIB, session up and down.  When ops->down is called the
 * daemon closes the connection; the session is back in Active, waiting
 * for the next one (or Idle after bgp_session_stop()).
 *
 * We never connect out, so there is no Connect state: Idle -> Active
 * (listening) -> OpenSent (connection accepted, our OPEN sent) ->
 * OpenConfirm (their OPEN good, KEEPALIVE sent) -> Established.
 */
#ifndef MPLSX_BGP_FSM_H
#define MPLSX_BGP_FSM_H

#include "bgp/bgp_update.h"

#define BGP_HOLD_TIME_DEFAULT 90
#define BGP_HOLD_TIME_OPEN    240 /* RFC 4271 sec. 8: "a large value" */

enum bgp_state {
	BGP_STATE_IDLE,
	BGP_STATE_ACTIVE,
	BGP_STATE_OPENSENT,
	BGP_STATE_OPENCONFIRM,
	BGP_STATE_ESTABLISHED,
};

const char *bgp_state_str(enum bgp_state state);

struct bgp_config {
	uint32_t local_as;
	uint32_t local_id;  /* BGP identifier = router id, host order */
	uint32_t peer_as;   /* 0 = accept any */
	uint16_t hold_time; /* ours, 0 or >= 3; 0 in the struct = default */
	uint32_t af_mask;   /* families we offer (BGP_AF_BIT) */
	uint16_t gr_time;   /* > 0: send the graceful restart capability */
	bool gr_forwarding; /* data plane kept forwarding across a restart */
};

struct bgp_session;

/* Callbacks; ctx is the daemon's.  Any may be NULL but send. */
struct bgp_fsm_ops {
	/* Write a whole message; < 0 on failure (the session goes down). */
	int (*send)(void *ctx, const uint8_t *msg, size_t len);
	/* A route learned or withdrawn (route->withdraw). */
	void (*route)(void *ctx, const struct bgp_route *route);
	void (*end_of_rib)(void *ctx, enum bgp_af af);
	/* AFI/SAFI disable: the peer's routes of af go, more are ignored
	 * until the session restarts. */
	void (*af_disabled)(void *ctx, enum bgp_af af);
	/* The peer asked for our routes of af again (RFC 2918). */
	void (*route_refresh)(void *ctx, enum bgp_af af);
	void (*up)(void *ctx, const struct bgp_session *s);
	/*
	 * The session left Established/OpenSent/OpenConfirm.  err is the
	 * NOTIFICATION sent (sent = true) or received (false), or NULL when
	 * the connection just went away.
	 */
	void (*down)(void *ctx, const struct bgp_error *err, bool sent);
};

/* For `show bgp`. */
struct bgp_counters {
	uint64_t msgs_in[BGP_MSG_TYPE_MAX + 1]; /* by message type */
	uint64_t msgs_out[BGP_MSG_TYPE_MAX + 1];
	uint64_t prefixes_received[BGP_AF_COUNT]; /* NLRI announced */
	uint64_t prefixes_accepted[BGP_AF_COUNT]; /* ... delivered as adds */
	uint64_t prefixes_withdrawn[BGP_AF_COUNT];
	uint64_t updates_treat_as_withdraw;
	uint64_t attrs_discarded;
	uint64_t af_disabled[BGP_AF_COUNT]; /* AFI/SAFI disable, by family */
	uint32_t established_count;	    /* transitions into Established */
};

struct bgp_session {
	struct bgp_config cfg;
	const struct bgp_fsm_ops *ops;
	void *ctx;
	enum bgp_state state;

	/* Negotiated when the peer's OPEN is accepted. */
	struct bgp_open peer_open;
	uint16_t hold_time;	 /* seconds, 0 = no hold timer */
	uint16_t keepalive_time; /* hold_time / 3 */
	uint32_t af_active;	 /* ours & theirs */
	bool as4;
	uint32_t eor_received; /* BGP_AF_BIT()s */

	/* Timers as absolute deadlines in ms; 0 = not running. */
	uint64_t hold_deadline;
	uint64_t keepalive_deadline;

	uint64_t state_since_ms; /* last state change */
	uint64_t established_ms; /* when it last came up; 0 = never */
	struct bgp_error last_error;
	bool last_error_sent; /* we sent it, or the peer did */
	struct bgp_counters counters;

	/* Stream reassembly for bgp_session_input(). */
	size_t rx_len;
	uint8_t rx[BGP_MAX_LEN];
};

void bgp_session_init(struct bgp_session *s, const struct bgp_config *cfg,
		      const struct bgp_fsm_ops *ops, void *ctx);
/* Idle -> Active: start listening for this peer. */
void bgp_session_start(struct bgp_session *s, uint64_t now_ms);
/*
 * A connection from the peer was accepted: sends our OPEN.  -EBUSY when
 * the session is not waiting for one (the daemon refuses the connection).
 */
int bgp_session_accepted(struct bgp_session *s, uint64_t now_ms);
/*
 * Bytes from the connection, any split.  Complete messages are handled in
 * order.  Returns 0, or -ECONNRESET when the session went down (the
 * daemon closes the connection).
 */
int bgp_session_input(struct bgp_session *s, uint64_t now_ms,
		      const uint8_t *data, size_t len);
/* One whole message (header included); same return as above. */
int bgp_session_message(struct bgp_session *s, uint64_t now_ms,
			const uint8_t *msg, size_t len);
/* Time passed: hold timer expiry, keepalives due.  Same return. */
int bgp_session_tick(struct bgp_session *s, uint64_t now_ms);
/* The earliest deadline to wake up for (ms), 0 when none. */
uint64_t bgp_session_next_deadline(const struct bgp_session *s);
/* Administrative stop: Cease (subcode e.g. BGP_CEASE_ADMIN_SHUTDOWN). */
void bgp_session_stop(struct bgp_session *s, uint64_t now_ms,
		      uint8_t cease_subcode);
/* The connection went away under us (EOF, error). */
void bgp_session_closed(struct bgp_session *s, uint64_t now_ms);

/*
 * Sending routes while Established: builds as many UPDATEs as needed.
 * Routes of one family; see bgp_update_build_announce() for attributes.
 * -ENOTCONN when not Established, -EAFNOSUPPORT when the family is not
 * negotiated.
 */
int bgp_session_announce(struct bgp_session *s, uint64_t now_ms,
			 const struct bgp_route *routes, size_t n);
int bgp_session_withdraw(struct bgp_session *s, uint64_t now_ms,
			 const struct bgp_route *routes, size_t n);
int bgp_session_send_eor(struct bgp_session *s, uint64_t now_ms,
			 enum bgp_af af);
int bgp_session_send_route_refresh(struct bgp_session *s, uint64_t now_ms,
				   enum bgp_af af);

#endif
