// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_bgp_fsm.c - the passive BGP state machine, driven with byte
 * messages and an explicit clock; the callbacks record what it did.
 */
#include <errno.h>
#include <string.h>

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_rt.h"
#include "testlib.h"

struct rec {
	uint8_t sent[64][BGP_MAX_LEN];
	size_t sent_len[64];
	int n_sent;
	int n_routes, n_withdrawn, n_eor, ups, downs, refreshes, disabled;
	enum bgp_af eor_af;
	struct bgp_route last;
	struct bgp_error down_err;
	bool down_sent, down_had_err;
};

static int rec_send(void *ctx, const uint8_t *msg, size_t len)
{
	struct rec *r = ctx;

	if (r->n_sent < 64) {
		memcpy(r->sent[r->n_sent], msg, len);
		r->sent_len[r->n_sent] = len;
	}
	r->n_sent++;
	return 0;
}

static void rec_route(void *ctx, const struct bgp_route *route)
{
	struct rec *r = ctx;

	if (route->withdraw)
		r->n_withdrawn++;
	else
		r->n_routes++;
	r->last = *route;
}

static void rec_eor(void *ctx, enum bgp_af af)
{
	struct rec *r = ctx;

	r->n_eor++;
	r->eor_af = af;
}

static void rec_disabled(void *ctx, enum bgp_af af)
{
	struct rec *r = ctx;

	r->disabled++;
	r->eor_af = af;
}

static void rec_refresh(void *ctx, enum bgp_af af)
{
	(void)af;
	((struct rec *)ctx)->refreshes++;
}

static void rec_up(void *ctx, const struct bgp_session *s)
{
	(void)s;
	((struct rec *)ctx)->ups++;
}

static void rec_down(void *ctx, const struct bgp_error *err, bool sent)
{
	struct rec *r = ctx;

	r->downs++;
	r->down_had_err = err != NULL;
	if (err)
		r->down_err = *err;
	r->down_sent = sent;
}

static const struct bgp_fsm_ops ops = {
	.send = rec_send,
	.route = rec_route,
	.end_of_rib = rec_eor,
	.af_disabled = rec_disabled,
	.route_refresh = rec_refresh,
	.up = rec_up,
	.down = rec_down,
};

static const struct bgp_config cfg = {
	.local_as = 65000,
	.local_id = 0x0aff0002,
	.peer_as = 65000,
	.hold_time = 90,
	.af_mask = BGP_AF_MASK_VPN | BGP_AF_BIT(BGP_AF_IPV4_LU),
	.gr_time = 120,
	.gr_forwarding = true,
};

/* The peer's OPEN, as BIRD would send it. */
static int peer_open(uint8_t *buf, uint16_t hold, uint32_t as, uint32_t id)
{
	struct bgp_open o = {
		.as = as,
		.hold_time = hold,
		.bgp_id = id,
		.af_mask =
			BGP_AF_BIT(BGP_AF_VPNV4) | BGP_AF_BIT(BGP_AF_IPV4_LU),
		.as4 = true,
		.route_refresh = true,
		.gr = true,
		.gr_time = 180,
		.gr_af_mask = BGP_AF_BIT(BGP_AF_VPNV4),
		.gr_fwd_mask = BGP_AF_BIT(BGP_AF_VPNV4),
	};

	return bgp_open_build(&o, buf, BGP_MAX_LEN);
}

static uint8_t last_type(const struct rec *r)
{
	return r->n_sent ? r->sent[r->n_sent - 1][18] : 0;
}

static bool last_notification(const struct rec *r, uint8_t code,
			      uint8_t subcode)
{
	const uint8_t *m = r->sent[r->n_sent - 1];

	return r->n_sent && m[18] == BGP_MSG_NOTIFICATION && m[19] == code &&
	       m[20] == subcode;
}

/* Up to Established at t = 1000 ms (our KEEPALIVE at 500 ms). */
static void establish(struct bgp_session *s, struct rec *r, uint16_t hold)
{
	uint8_t m[BGP_MAX_LEN], ka[BGP_HDR_LEN];
	int len;

	memset(r, 0, sizeof(*r));
	bgp_session_init(s, &cfg, &ops, r);
	bgp_session_start(s, 0);
	CHECK(s->state == BGP_STATE_ACTIVE, "active");
	CHECK(bgp_session_accepted(s, 0) == 0, "accepted");
	CHECK(s->state == BGP_STATE_OPENSENT && last_type(r) == BGP_MSG_OPEN,
	      "open sent");
	len = peer_open(m, hold, 65000, 0x0aff0001);
	CHECK(bgp_session_input(s, 500, m, (size_t)len) == 0, "open in");
	CHECK(s->state == BGP_STATE_OPENCONFIRM &&
		      last_type(r) == BGP_MSG_KEEPALIVE,
	      "openconfirm");
	bgp_keepalive_build(ka, sizeof(ka));
	CHECK(bgp_session_input(s, 1000, ka, sizeof(ka)) == 0, "ka in");
	CHECK(s->state == BGP_STATE_ESTABLISHED && r->ups == 1, "established");
}

static void test_open_exchange(void)
{
	struct bgp_session s;
	struct rec r;
	struct bgp_open mine;
	struct bgp_error err;

	establish(&s, &r, 30);
	CHECK(s.hold_time == 30 && s.keepalive_time == 10, "hold %u ka %u",
	      s.hold_time, s.keepalive_time);
	CHECK(s.af_active ==
		      (BGP_AF_BIT(BGP_AF_VPNV4) | BGP_AF_BIT(BGP_AF_IPV4_LU)),
	      "afs %x", s.af_active);
	CHECK(s.as4 && s.peer_open.gr && s.peer_open.gr_time == 180 &&
		      s.peer_open.gr_fwd_mask == BGP_AF_BIT(BGP_AF_VPNV4),
	      "peer gr");
	CHECK(s.counters.msgs_in[BGP_MSG_OPEN] == 1 &&
		      s.counters.msgs_out[BGP_MSG_OPEN] == 1 &&
		      s.counters.msgs_out[BGP_MSG_KEEPALIVE] == 1 &&
		      s.counters.established_count == 1 &&
		      s.established_ms == 1000,
	      "counters");
	/* Our OPEN offered what the config says. */
	CHECK(!bgp_open_parse(r.sent[0], r.sent_len[0], &mine, &err),
	      "our open parses");
	CHECK(mine.as == 65000 && mine.hold_time == 90 &&
		      mine.af_mask == cfg.af_mask && mine.as4 && mine.gr &&
		      mine.gr_time == 120 && mine.gr_fwd_mask == cfg.af_mask,
	      "our open");
	CHECK(bgp_session_accepted(&s, 1000) == -EBUSY, "second connection");
}

static void test_input_split_bytes(void)
{
	struct bgp_session s;
	struct rec r = {0};
	uint8_t m[BGP_MAX_LEN * 2];
	int len;

	bgp_session_init(&s, &cfg, &ops, &r);
	bgp_session_start(&s, 0);
	bgp_session_accepted(&s, 0);
	len = peer_open(m, 90, 65000, 1);
	len += bgp_keepalive_build(m + len, BGP_HDR_LEN);
	/* One byte at a time: OPEN and KEEPALIVE reassembled. */
	for (int i = 0; i < len; i++)
		CHECK(bgp_session_input(&s, 10, m + i, 1) == 0, "byte %d", i);
	CHECK(s.state == BGP_STATE_ESTABLISHED, "state %s",
	      bgp_state_str(s.state));
}

static void test_hold_timer_expiry(void)
{
	struct bgp_session s;
	struct rec r;

	establish(&s, &r, 30);
	CHECK(bgp_session_next_deadline(&s) == 500 + 10000,
	      "keepalive first: %llu",
	      (unsigned long long)bgp_session_next_deadline(&s));
	CHECK(bgp_session_tick(&s, 30999) == 0 ||
		      s.state == BGP_STATE_ESTABLISHED,
	      "alive at 30.999 s");
	CHECK(s.state == BGP_STATE_ESTABLISHED, "still up");
	CHECK(bgp_session_tick(&s, 31000) == -ECONNRESET, "expired");
	CHECK(last_notification(&r, BGP_ERR_HOLD_TIMER, 0), "4/0 sent");
	CHECK(s.state == BGP_STATE_ACTIVE && r.downs == 1 && r.down_sent &&
		      r.down_err.code == 4,
	      "down");
	CHECK(s.last_error.code == 4 && s.last_error_sent, "last error");
}

static void test_hold_timer_in_opensent(void)
{
	struct bgp_session s;
	struct rec r = {0};

	bgp_session_init(&s, &cfg, &ops, &r);
	bgp_session_start(&s, 0);
	bgp_session_accepted(&s, 0);
	CHECK(bgp_session_tick(&s, 239999) == 0, "before 240 s");
	CHECK(bgp_session_tick(&s, 240000) == -ECONNRESET &&
		      last_notification(&r, 4, 0),
	      "240 s in OpenSent");
}

static void test_keepalive_timing(void)
{
	struct bgp_session s;
	struct rec r;
	uint8_t ka[BGP_HDR_LEN];
	int sent;

	establish(&s, &r, 30);
	sent = r.n_sent;
	bgp_session_tick(&s, 10499);
	CHECK(r.n_sent == sent, "nothing before 10.5 s");
	bgp_session_tick(&s, 10500);
	CHECK(r.n_sent == sent + 1 && last_type(&r) == BGP_MSG_KEEPALIVE,
	      "keepalive at hold/3");
	CHECK(s.keepalive_deadline == 20500, "next at 20.5 s");
	/* A keepalive from the peer pushes the hold timer. */
	bgp_keepalive_build(ka, sizeof(ka));
	bgp_session_input(&s, 25000, ka, sizeof(ka));
	CHECK(s.hold_deadline == 55000, "hold %llu",
	      (unsigned long long)s.hold_deadline);
	bgp_session_tick(&s, 54999);
	CHECK(s.state == BGP_STATE_ESTABLISHED, "up at 54.999 s");
}

static void test_hold_time_zero(void)
{
	struct bgp_session s;
	struct rec r;

	establish(&s, &r, 0);
	CHECK(s.hold_time == 0 && s.keepalive_time == 0, "no timers");
	CHECK(bgp_session_next_deadline(&s) == 0, "no deadline");
	CHECK(bgp_session_tick(&s, 1000000000ull) == 0 &&
		      s.state == BGP_STATE_ESTABLISHED,
	      "never expires");
}

static void test_unexpected_in_opensent(void)
{
	struct bgp_session s;
	struct rec r = {0};
	uint8_t ka[BGP_HDR_LEN];

	bgp_session_init(&s, &cfg, &ops, &r);
	bgp_session_start(&s, 0);
	bgp_session_accepted(&s, 0);
	bgp_keepalive_build(ka, sizeof(ka));
	CHECK(bgp_session_input(&s, 1, ka, sizeof(ka)) == -ECONNRESET, "reset");
	CHECK(last_notification(&r, BGP_ERR_FSM, BGP_FSM_IN_OPENSENT),
	      "5/1 sent");
	CHECK(s.state == BGP_STATE_ACTIVE && r.downs == 1, "down");
}

static void test_unexpected_in_openconfirm(void)
{
	struct bgp_session s;
	struct rec r = {0};
	uint8_t m[BGP_MAX_LEN];
	int len;

	bgp_session_init(&s, &cfg, &ops, &r);
	bgp_session_start(&s, 0);
	bgp_session_accepted(&s, 0);
	len = peer_open(m, 90, 65000, 1);
	bgp_session_input(&s, 1, m, (size_t)len);
	len = bgp_update_build_eor(BGP_AF_VPNV4, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2, m, (size_t)len) == -ECONNRESET &&
		      last_notification(&r, BGP_ERR_FSM,
					BGP_FSM_IN_OPENCONFIRM),
	      "5/2");
}

static void test_open_in_established(void)
{
	struct bgp_session s;
	struct rec r;
	uint8_t m[BGP_MAX_LEN];
	int len;

	establish(&s, &r, 90);
	len = peer_open(m, 90, 65000, 1);
	CHECK(bgp_session_input(&s, 2000, m, (size_t)len) == -ECONNRESET &&
		      last_notification(&r, BGP_ERR_FSM,
					BGP_FSM_IN_ESTABLISHED),
	      "5/3");
}

static void bad_open_case(uint16_t hold, uint32_t as, uint32_t id,
			  uint8_t subcode)
{
	struct bgp_session s;
	struct rec r = {0};
	uint8_t m[BGP_MAX_LEN];
	int len;

	bgp_session_init(&s, &cfg, &ops, &r);
	bgp_session_start(&s, 0);
	bgp_session_accepted(&s, 0);
	len = peer_open(m, hold, as, id);
	CHECK(bgp_session_input(&s, 1, m, (size_t)len) == -ECONNRESET,
	      "reset for 2/%u", subcode);
	CHECK(last_notification(&r, BGP_ERR_OPEN, subcode), "2/%u sent",
	      subcode);
	CHECK(s.state == BGP_STATE_ACTIVE, "back to active");
}

static void test_bad_open(void)
{
	bad_open_case(90, 65001, 1, BGP_OPEN_BAD_PEER_AS);
	bad_open_case(90, 65000, 0, BGP_OPEN_BAD_BGP_ID);
	bad_open_case(90, 65000, cfg.local_id, BGP_OPEN_BAD_BGP_ID);
	bad_open_case(2, 65000, 1, BGP_OPEN_BAD_HOLD_TIME);
	bad_open_case(1, 65000, 1, BGP_OPEN_BAD_HOLD_TIME);
}

static void test_bad_header(void)
{
	struct bgp_session s;
	struct rec r;
	uint8_t m[BGP_HDR_LEN];

	establish(&s, &r, 90);
	bgp_keepalive_build(m, sizeof(m));
	m[0] = 0;
	CHECK(bgp_session_input(&s, 2000, m, sizeof(m)) == -ECONNRESET &&
		      last_notification(&r, BGP_ERR_HEADER, BGP_HDR_NOT_SYNC),
	      "1/1");
}

/* Labeled unicast NLRI that cannot be parsed: AFI/SAFI disable (RFC 7606
 * sec. 5.3), the session and its VPN routes stay, later LU is ignored. */
static void test_lu_af_disable(void)
{
	struct bgp_session s;
	struct rec r;
	struct bgp_route lu = {.af = BGP_AF_IPV4_LU,
			       .prefix_len = 32,
			       .n_labels = 2,
			       .labels = {16004, 16005}};
	struct bgp_route vpn = {.af = BGP_AF_VPNV4,
				.prefix_len = 24,
				.n_labels = 1,
				.labels = {300}};
	uint8_t m[BGP_MAX_LEN];
	size_t done;
	int len, sent;

	establish(&s, &r, 90);
	mplsx_addr__parse(&lu.prefix, "10.255.0.4");
	mplsx_addr__parse(&lu.attrs.next_hop, "10.0.23.2");
	len = bgp_update_build_announce(&lu, 1, &done, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2000, m, (size_t)len) == 0 &&
		      r.n_routes == 1 && r.last.n_labels == 2,
	      "a good LU route first");
	m[len - 5] &= 0xfe; /* the second label loses bottom of stack */
	sent = r.n_sent;
	CHECK(bgp_session_input(&s, 2001, m, (size_t)len) == 0 &&
		      s.state == BGP_STATE_ESTABLISHED && r.n_sent == sent,
	      "no NOTIFICATION, still Established");
	CHECK(r.disabled == 1 && r.eor_af == BGP_AF_IPV4_LU &&
		      !(s.af_active & BGP_AF_BIT(BGP_AF_IPV4_LU)) &&
		      (s.af_active & BGP_AF_BIT(BGP_AF_VPNV4)) &&
		      s.counters.af_disabled[BGP_AF_IPV4_LU] == 1,
	      "ipv4-lu disabled, vpnv4 kept (%x)", s.af_active);
	len = bgp_update_build_announce(&lu, 1, &done, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2002, m, (size_t)len) == 0 &&
		      r.n_routes == 1 && r.disabled == 1,
	      "a later LU route is ignored");
	bgp_rd_parse("65000:1", vpn.rd);
	mplsx_addr__parse(&vpn.prefix, "192.168.9.0");
	mplsx_addr__parse(&vpn.attrs.next_hop, "10.255.0.3");
	len = bgp_update_build_announce(&vpn, 1, &done, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2003, m, (size_t)len) == 0 &&
		      r.n_routes == 2 && r.last.af == BGP_AF_VPNV4,
	      "VPN routes still come in");
}

static void test_updates_and_eor(void)
{
	struct bgp_session s;
	struct rec r;
	struct bgp_route rt = {0};
	uint8_t m[BGP_MAX_LEN];
	size_t done;
	int len;

	establish(&s, &r, 90);
	rt.af = BGP_AF_VPNV4;
	bgp_rd_parse("65000:1", rt.rd);
	mplsx_addr__parse(&rt.prefix, "192.168.9.0");
	rt.prefix_len = 24;
	rt.n_labels = 1;
	rt.labels[0] = 200;
	mplsx_addr__parse(&rt.attrs.next_hop, "10.255.0.3");
	len = bgp_update_build_announce(&rt, 1, &done, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2000, m, (size_t)len) == 0, "update");
	CHECK(r.n_routes == 1 && r.last.labels[0] == 200 &&
		      r.last.prefix_len == 24,
	      "route delivered");
	len = bgp_update_build_withdraw(&rt, 1, &done, m, sizeof(m));
	bgp_session_input(&s, 2001, m, (size_t)len);
	CHECK(r.n_withdrawn == 1 && r.last.withdraw, "withdraw delivered");
	len = bgp_update_build_eor(BGP_AF_VPNV4, m, sizeof(m));
	bgp_session_input(&s, 2002, m, (size_t)len);
	CHECK(r.n_eor == 1 && r.eor_af == BGP_AF_VPNV4 &&
		      (s.eor_received & BGP_AF_BIT(BGP_AF_VPNV4)),
	      "End-of-RIB");
	CHECK(s.counters.prefixes_received[BGP_AF_VPNV4] == 1 &&
		      s.counters.prefixes_accepted[BGP_AF_VPNV4] == 1 &&
		      s.counters.prefixes_withdrawn[BGP_AF_VPNV4] == 1 &&
		      s.counters.msgs_in[BGP_MSG_UPDATE] == 3,
	      "counters");
	/* A malformed attribute: treat-as-withdraw, the session stays. */
	len = bgp_update_build_announce(&rt, 1, &done, m, sizeof(m));
	m[BGP_HDR_LEN + 4 + 3] = 7; /* ORIGIN value 7 */
	CHECK(bgp_session_input(&s, 2003, m, (size_t)len) == 0 &&
		      s.state == BGP_STATE_ESTABLISHED,
	      "still up");
	CHECK(r.n_withdrawn == 2 && s.counters.updates_treat_as_withdraw == 1,
	      "treated as withdraw");
	/* Route refresh request from the peer. */
	len = bgp_route_refresh_build(1, 128, m, sizeof(m));
	bgp_session_input(&s, 2004, m, (size_t)len);
	CHECK(r.refreshes == 1, "route refresh");
	/* Sending: announce, EoR; a family not negotiated is refused. */
	CHECK(bgp_session_announce(&s, 3000, &rt, 1) == 0 &&
		      last_type(&r) == BGP_MSG_UPDATE,
	      "announce");
	CHECK(s.keepalive_deadline == 3000 + 30000, "update restarts ka");
	CHECK(bgp_session_send_eor(&s, 3000, BGP_AF_VPNV4) == 0, "eor");
	CHECK(bgp_session_send_eor(&s, 3000, BGP_AF_VPNV6) == -EAFNOSUPPORT,
	      "vpnv6 not negotiated");
	/* A broken MP_REACH resets the session with 3/9. */
	len = bgp_update_build_announce(&rt, 1, &done, m, sizeof(m));
	m[len - 15] = 0xff; /* NLRI length byte: 255 bits */
	CHECK(bgp_session_input(&s, 4000, m, (size_t)len) == -ECONNRESET &&
		      last_notification(&r, BGP_ERR_UPDATE, BGP_UPD_OPT_ATTR),
	      "3/9");
}

static void test_notification_and_stop(void)
{
	struct bgp_session s;
	struct rec r;
	struct bgp_error e;
	uint8_t m[64];
	int len;

	establish(&s, &r, 90);
	bgp_error_set(&e, BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, NULL, 0);
	len = bgp_notification_build(&e, m, sizeof(m));
	CHECK(bgp_session_input(&s, 2000, m, (size_t)len) == -ECONNRESET &&
		      r.downs == 1 && !r.down_sent && r.down_err.code == 6,
	      "notification received");
	CHECK(s.state == BGP_STATE_ACTIVE && !s.last_error_sent, "active");

	establish(&s, &r, 90);
	bgp_session_stop(&s, 3000, BGP_CEASE_ADMIN_SHUTDOWN);
	CHECK(last_notification(&r, 6, 2) && s.state == BGP_STATE_IDLE &&
		      r.downs == 1,
	      "stop: cease sent, idle");
	CHECK(bgp_session_accepted(&s, 3001) == -EBUSY, "idle refuses");

	establish(&s, &r, 90);
	bgp_session_closed(&s, 4000);
	CHECK(s.state == BGP_STATE_ACTIVE && r.downs == 1 && !r.down_had_err,
	      "connection lost");
}

int main(void)
{
	tl_plan(14);
	RUN(test_open_exchange);
	RUN(test_input_split_bytes);
	RUN(test_hold_timer_expiry);
	RUN(test_hold_timer_in_opensent);
	RUN(test_keepalive_timing);
	RUN(test_hold_time_zero);
	RUN(test_unexpected_in_opensent);
	RUN(test_unexpected_in_openconfirm);
	RUN(test_open_in_established);
	RUN(test_bad_open);
	RUN(test_bad_header);
	RUN(test_updates_and_eor);
	RUN(test_lu_af_disable);
	RUN(test_notification_and_stop);
	return tl_summary();
}
