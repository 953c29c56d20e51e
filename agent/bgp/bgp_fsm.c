// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_fsm.c - RFC 4271 sec. 8 state machine, passive side only. */
#include "bgp/bgp_fsm.h"

#include <errno.h>
#include <string.h>

#include "util/log.h"

const char *bgp_state_str(enum bgp_state state)
{
	switch (state) {
	case BGP_STATE_IDLE:
		return "Idle";
	case BGP_STATE_ACTIVE:
		return "Active";
	case BGP_STATE_OPENSENT:
		return "OpenSent";
	case BGP_STATE_OPENCONFIRM:
		return "OpenConfirm";
	case BGP_STATE_ESTABLISHED:
		return "Established";
	}
	return "?";
}

void bgp_session_init(struct bgp_session *s, const struct bgp_config *cfg,
		      const struct bgp_fsm_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	if (!s->cfg.hold_time)
		s->cfg.hold_time = BGP_HOLD_TIME_DEFAULT;
	s->ops = ops;
	s->ctx = ctx;
	s->state = BGP_STATE_IDLE;
}

static void bgp_set_state(struct bgp_session *s, enum bgp_state st,
			  uint64_t now)
{
	if (s->state == st)
		return;
	pr_debug("bgp: AS%u %s -> %s", s->cfg.peer_as, bgp_state_str(s->state),
		 bgp_state_str(st));
	s->state = st;
	s->state_since_ms = now;
}

static int bgp_send(struct bgp_session *s, uint64_t now, const uint8_t *msg,
		    size_t len)
{
	uint8_t type = msg[18];

	if (s->ops->send(s->ctx, msg, len) < 0)
		return -EIO;
	if (type <= BGP_MSG_TYPE_MAX)
		s->counters.msgs_out[type]++;
	/* RFC 4271 sec. 8.2.2: KEEPALIVE and UPDATE restart the timer. */
	if ((type == BGP_MSG_KEEPALIVE || type == BGP_MSG_UPDATE) &&
	    s->keepalive_time && s->state >= BGP_STATE_OPENCONFIRM)
		s->keepalive_deadline = now + s->keepalive_time * 1000ull;
	return 0;
}

/* Leave the connected states; back to Active (or Idle when stopping). */
static void bgp_drop(struct bgp_session *s, uint64_t now,
		     const struct bgp_error *err, bool sent,
		     enum bgp_state next)
{
	bool was_up = s->state >= BGP_STATE_OPENSENT;

	if (err) {
		s->last_error = *err;
		s->last_error_sent = sent;
		pr_info("bgp: AS%u %s NOTIFICATION %u/%u (%s/%s)",
			s->cfg.peer_as, sent ? "sent" : "received", err->code,
			err->subcode, bgp_error_code_str(err->code),
			bgp_error_subcode_str(err->code, err->subcode));
	}
	s->hold_deadline = s->keepalive_deadline = 0;
	s->rx_len = 0;
	s->af_active = 0;
	s->eor_received = 0;
	bgp_set_state(s, next, now);
	if (was_up && s->ops->down)
		s->ops->down(s->ctx, err, sent);
}

/* Send a NOTIFICATION and go down; always -ECONNRESET for the caller. */
static int bgp_notify(struct bgp_session *s, uint64_t now,
		      const struct bgp_error *err)
{
	uint8_t buf[BGP_HDR_LEN + 2 + BGP_ERR_DATA_MAX];
	int n = bgp_notification_build(err, buf, sizeof(buf));

	if (n > 0)
		bgp_send(s, now, buf, (size_t)n); /* best effort */
	bgp_drop(s, now, err, true, BGP_STATE_ACTIVE);
	return -ECONNRESET;
}

static int bgp_fsm_error(struct bgp_session *s, uint64_t now)
{
	struct bgp_error err;
	uint8_t sub = BGP_FSM_UNSPECIFIC;

	if (s->state == BGP_STATE_OPENSENT)
		sub = BGP_FSM_IN_OPENSENT;
	else if (s->state == BGP_STATE_OPENCONFIRM)
		sub = BGP_FSM_IN_OPENCONFIRM;
	else if (s->state == BGP_STATE_ESTABLISHED)
		sub = BGP_FSM_IN_ESTABLISHED;
	bgp_error_set(&err, BGP_ERR_FSM, sub, NULL, 0);
	return bgp_notify(s, now, &err);
}

void bgp_session_start(struct bgp_session *s, uint64_t now_ms)
{
	if (s->state == BGP_STATE_IDLE)
		bgp_set_state(s, BGP_STATE_ACTIVE, now_ms);
}

int bgp_session_accepted(struct bgp_session *s, uint64_t now_ms)
{
	struct bgp_open open = {
		.version = BGP_VERSION,
		.as = s->cfg.local_as,
		.hold_time = s->cfg.hold_time,
		.bgp_id = s->cfg.local_id,
		.af_mask = s->cfg.af_mask,
		.as4 = true,
		.route_refresh = true,
	};
	uint8_t buf[BGP_MAX_LEN];
	int n;

	if (s->state != BGP_STATE_ACTIVE)
		return -EBUSY;
	if (s->cfg.gr_time) {
		open.gr = true;
		open.gr_time = s->cfg.gr_time;
		open.gr_af_mask = s->cfg.af_mask;
		open.gr_fwd_mask = s->cfg.gr_forwarding ? s->cfg.af_mask : 0;
	}
	n = bgp_open_build(&open, buf, sizeof(buf));
	if (n < 0)
		return n;
	s->rx_len = 0;
	memset(&s->peer_open, 0, sizeof(s->peer_open));
	bgp_set_state(s, BGP_STATE_OPENSENT, now_ms);
	if (bgp_send(s, now_ms, buf, (size_t)n)) {
		bgp_drop(s, now_ms, NULL, false, BGP_STATE_ACTIVE);
		return -ECONNRESET;
	}
	s->hold_deadline = now_ms + BGP_HOLD_TIME_OPEN * 1000ull;
	return 0;
}

static int bgp_send_keepalive(struct bgp_session *s, uint64_t now)
{
	uint8_t buf[BGP_HDR_LEN];

	bgp_keepalive_build(buf, sizeof(buf));
	if (bgp_send(s, now, buf, sizeof(buf))) {
		bgp_drop(s, now, NULL, false, BGP_STATE_ACTIVE);
		return -ECONNRESET;
	}
	return 0;
}

static int bgp_rx_open(struct bgp_session *s, uint64_t now, const uint8_t *msg,
		       size_t len)
{
	struct bgp_error err;
	struct bgp_open *o = &s->peer_open;

	if (bgp_open_parse(msg, len, o, &err) ||
	    bgp_open_check(o, s->cfg.peer_as, s->cfg.local_as, s->cfg.local_id,
			   &err))
		return bgp_notify(s, now, &err);
	/* No MP capability at all means IPv4 unicast (RFC 4760 sec. 8). */
	s->af_active =
		s->cfg.af_mask &
		(o->af_mask ? o->af_mask : BGP_AF_BIT(BGP_AF_IPV4_UNICAST));
	s->as4 = o->as4;
	s->hold_time = o->hold_time < s->cfg.hold_time ? o->hold_time
						       : s->cfg.hold_time;
	s->keepalive_time = s->hold_time / 3;
	bgp_set_state(s, BGP_STATE_OPENCONFIRM, now);
	if (bgp_send_keepalive(s, now))
		return -ECONNRESET;
	s->hold_deadline = s->hold_time ? now + s->hold_time * 1000ull : 0;
	s->keepalive_deadline =
		s->keepalive_time ? now + s->keepalive_time * 1000ull : 0;
	return 0;
}

/*
 * AFI/SAFI disable (RFC 4760 sec. 7, RFC 7606 sec. 5.3): the peer sent
 * NLRI of these families that cannot be parsed.  For the rest of the
 * session their routes are gone and further ones are ignored; the
 * session and its other families stay.
 */
static void bgp_rx_af_disable(struct bgp_session *s, uint32_t mask)
{
	int af;

	for (af = 0; af < BGP_AF_COUNT; af++) {
		if (!(mask & s->af_active & BGP_AF_BIT(af)))
			continue;
		s->af_active &= ~BGP_AF_BIT(af);
		s->counters.af_disabled[af]++;
		pr_warn("bgp: AS%u sent %s NLRI that cannot be parsed: "
			"family disabled for this session (RFC 7606 5.3)",
			s->cfg.peer_as, bgp_af_name(af));
		if (s->ops->af_disabled)
			s->ops->af_disabled(s->ctx, af);
	}
}

static int bgp_rx_update(struct bgp_session *s, uint64_t now,
			 const uint8_t *msg, size_t len)
{
	struct bgp_update_opts opts = {
		.as4 = s->as4,
		.ebgp = s->peer_open.as != s->cfg.local_as,
		.af_mask = s->af_active,
	};
	struct bgp_update upd;
	struct bgp_update_iter it = {0};
	struct bgp_route r;

	if (bgp_update_parse(msg, len, &opts, &upd) == BGP_RESULT_SESSION_RESET)
		return bgp_notify(s, now, &upd.err);
	if (upd.result == BGP_RESULT_TREAT_AS_WITHDRAW) {
		s->counters.updates_treat_as_withdraw++;
		pr_info("bgp: AS%u UPDATE treated as withdraw (%u/%u %s)",
			s->cfg.peer_as, upd.err.code, upd.err.subcode,
			bgp_error_subcode_str(upd.err.code, upd.err.subcode));
	}
	s->counters.attrs_discarded += upd.n_discarded;
	bgp_rx_af_disable(s, upd.af_disabled);
	while (bgp_update_next(&upd, &it, &r)) {
		bool announced = it.block == BGP_BLOCK_NLRI ||
				 it.block == BGP_BLOCK_MP_REACH;

		if (announced)
			s->counters.prefixes_received[r.af]++;
		if (r.withdraw)
			s->counters.prefixes_withdrawn[r.af]++;
		else
			s->counters.prefixes_accepted[r.af]++;
		if (s->ops->route)
			s->ops->route(s->ctx, &r);
	}
	if (upd.eor) {
		s->eor_received |= BGP_AF_BIT(upd.eor_af);
		if (s->ops->end_of_rib)
			s->ops->end_of_rib(s->ctx, upd.eor_af);
	}
	return 0;
}

int bgp_session_message(struct bgp_session *s, uint64_t now_ms,
			const uint8_t *msg, size_t len)
{
	struct bgp_error err;
	uint8_t type = 0;
	int n;

	if (s->state < BGP_STATE_OPENSENT)
		return -ENOTCONN;
	n = bgp_hdr_check(msg, len, &type, &err);
	if (n < 0)
		return bgp_notify(s, now_ms, &err);
	if (n == 0 || (size_t)n != len) {
		uint8_t l[2] = {len >> 8, len & 0xff};

		bgp_error_set(&err, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, l, 2);
		return bgp_notify(s, now_ms, &err);
	}
	s->counters.msgs_in[type]++;

	if (type == BGP_MSG_NOTIFICATION) {
		bgp_notification_parse(msg, len, &err);
		bgp_drop(s, now_ms, &err, false, BGP_STATE_ACTIVE);
		return -ECONNRESET;
	}
	/* Every message from the peer shows it is alive. */
	if (s->state != BGP_STATE_OPENSENT && s->hold_time)
		s->hold_deadline = now_ms + s->hold_time * 1000ull;

	switch (s->state) {
	case BGP_STATE_OPENSENT:
		if (type != BGP_MSG_OPEN)
			return bgp_fsm_error(s, now_ms);
		return bgp_rx_open(s, now_ms, msg, len);
	case BGP_STATE_OPENCONFIRM:
		if (type != BGP_MSG_KEEPALIVE)
			return bgp_fsm_error(s, now_ms);
		bgp_set_state(s, BGP_STATE_ESTABLISHED, now_ms);
		s->established_ms = now_ms;
		s->counters.established_count++;
		if (s->ops->up)
			s->ops->up(s->ctx, s);
		return 0;
	case BGP_STATE_ESTABLISHED:
		switch (type) {
		case BGP_MSG_KEEPALIVE:
			return 0;
		case BGP_MSG_UPDATE:
			return bgp_rx_update(s, now_ms, msg, len);
		case BGP_MSG_ROUTE_REFRESH: {
			struct bgp_route_refresh rr;
			int af;

			if (bgp_route_refresh_parse(msg, len, &rr, &err))
				return bgp_notify(s, now_ms, &err);
			/* Unknown or inactive families are ignored (2918). */
			af = bgp_af_from_afi_safi(rr.afi, rr.safi);
			if (af >= 0 && (s->af_active & BGP_AF_BIT(af)) &&
			    s->ops->route_refresh)
				s->ops->route_refresh(s->ctx, af);
			return 0;
		}
		default:
			return bgp_fsm_error(s, now_ms);
		}
	default:
		return -ENOTCONN;
	}
}

int bgp_session_input(struct bgp_session *s, uint64_t now_ms,
		      const uint8_t *data, size_t len)
{
	while (len) {
		size_t take = sizeof(s->rx) - s->rx_len;
		struct bgp_error err;
		size_t off = 0;
		int n, rc;

		if (s->state < BGP_STATE_OPENSENT)
			return -ENOTCONN;
		if (take > len)
			take = len;
		memcpy(s->rx + s->rx_len, data, take);
		s->rx_len += take;
		data += take;
		len -= take;
		while ((n = bgp_hdr_check(s->rx + off, s->rx_len - off, NULL,
					  &err)) > 0) {
			rc = bgp_session_message(s, now_ms, s->rx + off,
						 (size_t)n);
			if (rc)
				return rc;
			off += (size_t)n;
		}
		if (n < 0)
			return bgp_notify(s, now_ms, &err);
		memmove(s->rx, s->rx + off, s->rx_len - off);
		s->rx_len -= off;
	}
	return 0;
}

int bgp_session_tick(struct bgp_session *s, uint64_t now_ms)
{
	if (s->state < BGP_STATE_OPENSENT)
		return 0;
	if (s->hold_deadline && now_ms >= s->hold_deadline) {
		struct bgp_error err;

		bgp_error_set(&err, BGP_ERR_HOLD_TIMER, 0, NULL, 0);
		return bgp_notify(s, now_ms, &err);
	}
	if (s->keepalive_deadline && now_ms >= s->keepalive_deadline)
		return bgp_send_keepalive(s, now_ms);
	return 0;
}

uint64_t bgp_session_next_deadline(const struct bgp_session *s)
{
	uint64_t a = s->hold_deadline, b = s->keepalive_deadline;

	if (!a || (b && b < a))
		return b;
	return a;
}

void bgp_session_stop(struct bgp_session *s, uint64_t now_ms,
		      uint8_t cease_subcode)
{
	struct bgp_error err;

	if (s->state >= BGP_STATE_OPENSENT) {
		uint8_t buf[BGP_HDR_LEN + 2];

		bgp_error_set(&err, BGP_ERR_CEASE, cease_subcode, NULL, 0);
		if (bgp_notification_build(&err, buf, sizeof(buf)) > 0)
			bgp_send(s, now_ms, buf, sizeof(buf));
		bgp_drop(s, now_ms, &err, true, BGP_STATE_IDLE);
		return;
	}
	bgp_set_state(s, BGP_STATE_IDLE, now_ms);
}

void bgp_session_closed(struct bgp_session *s, uint64_t now_ms)
{
	if (s->state >= BGP_STATE_OPENSENT)
		bgp_drop(s, now_ms, NULL, false, BGP_STATE_ACTIVE);
}

static int bgp_check_af(const struct bgp_session *s, enum bgp_af af)
{
	if (s->state != BGP_STATE_ESTABLISHED)
		return -ENOTCONN;
	if (af >= BGP_AF_COUNT || !(s->af_active & BGP_AF_BIT(af)))
		return -EAFNOSUPPORT;
	return 0;
}

typedef int (*bgp_build_fn)(const struct bgp_route *routes, size_t n,
			    size_t *n_done, uint8_t *buf, size_t cap);

static int bgp_send_routes(struct bgp_session *s, uint64_t now,
			   const struct bgp_route *routes, size_t n,
			   bgp_build_fn build)
{
	uint8_t buf[BGP_MAX_LEN];
	int rc;

	if (n == 0)
		return 0;
	rc = bgp_check_af(s, routes[0].af);
	if (rc)
		return rc;
	while (n) {
		size_t done = 0;
		int len = build(routes, n, &done, buf, sizeof(buf));

		if (len < 0)
			return len;
		if (bgp_send(s, now, buf, (size_t)len)) {
			bgp_drop(s, now, NULL, false, BGP_STATE_ACTIVE);
			return -ECONNRESET;
		}
		routes += done;
		n -= done;
	}
	return 0;
}

int bgp_session_announce(struct bgp_session *s, uint64_t now_ms,
			 const struct bgp_route *routes, size_t n)
{
	return bgp_send_routes(s, now_ms, routes, n, bgp_update_build_announce);
}

int bgp_session_withdraw(struct bgp_session *s, uint64_t now_ms,
			 const struct bgp_route *routes, size_t n)
{
	return bgp_send_routes(s, now_ms, routes, n, bgp_update_build_withdraw);
}

int bgp_session_send_eor(struct bgp_session *s, uint64_t now_ms, enum bgp_af af)
{
	uint8_t buf[BGP_HDR_LEN + 10];
	int rc = bgp_check_af(s, af), len;

	if (rc)
		return rc;
	len = bgp_update_build_eor(af, buf, sizeof(buf));
	if (len < 0)
		return len;
	if (bgp_send(s, now_ms, buf, (size_t)len)) {
		bgp_drop(s, now_ms, NULL, false, BGP_STATE_ACTIVE);
		return -ECONNRESET;
	}
	return 0;
}

int bgp_session_send_route_refresh(struct bgp_session *s, uint64_t now_ms,
				   enum bgp_af af)
{
	uint8_t buf[BGP_HDR_LEN + 4];
	int rc = bgp_check_af(s, af), len;

	if (rc)
		return rc;
	if (!s->peer_open.route_refresh)
		return -EOPNOTSUPP;
	len = bgp_route_refresh_build(bgp_af_afi(af), bgp_af_safi(af), buf,
				      sizeof(buf));
	if (len < 0)
		return len;
	if (bgp_send(s, now_ms, buf, (size_t)len)) {
		bgp_drop(s, now_ms, NULL, false, BGP_STATE_ACTIVE);
		return -ECONNRESET;
	}
	return 0;
}
