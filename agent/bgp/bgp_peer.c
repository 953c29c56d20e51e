// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_peer.c - one neighbour of the speaker (bgp_peer.h): the session's
 * callbacks, its connection, its routes and graceful restart.
 *
 * Graceful restart (RFC 4724) in the receiving-speaker role: when a
 * session with a GR capable peer is lost (TCP gone, hold timer), its
 * routes stay in the VRFs marked stale until the peer is back and sends
 * End-of-RIB, or until its restart time runs out.
 */
#include "bgp/bgp_peer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

/* Families offered to every neighbour. */
#define SPEAKER_AF_MASK                                 \
	(BGP_AF_MASK_VPN | BGP_AF_BIT(BGP_AF_IPV4_LU) | \
	 BGP_AF_BIT(BGP_AF_IPV6_LU))
/* ... and to a VRF's session (PE-CE): that VRF's plain unicast routes. */
#define VRF_AF_MASK \
	(BGP_AF_BIT(BGP_AF_IPV4_UNICAST) | BGP_AF_BIT(BGP_AF_IPV6_UNICAST))
#define READ_CHUNK  65536
#define READ_BUDGET 16 /* chunks per wakeup: others get their turn */

uint64_t bgp_peer__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

const char *bgp_peer__name(const struct bgp_peer *p, char *buf)
{
	char a[MPLSX_ADDRSTRLEN];

	snprintf(buf, MPLSX_ADDRSTRLEN + 8, "%s:%u",
		 mplsx_addr__str(&p->cfg.address, a), p->cfg.port);
	return buf;
}

/* After every call into the FSM: a failed write takes the session down,
 * and a session that went down loses its connection. */
static void settle(struct bgp_peer *p)
{
	if (p->conn.broken && p->s.state >= BGP_STATE_OPENSENT)
		bgp_session_closed(&p->s, bgp_peer__now());
	if (p->conn.fd >= 0 && p->s.state < BGP_STATE_OPENSENT)
		bgp_conn__close(&p->conn);
	else
		bgp_conn__flush(&p->conn);
}

/* ---- routes ----------------------------------------------------------- */

/* The families whose routes the session carries into a table. */
static bool af_used(const struct bgp_peer *p, enum bgp_af af)
{
	if (p->cfg.vrf[0])
		return af == BGP_AF_IPV4_UNICAST || af == BGP_AF_IPV6_UNICAST;
	/* Labeled unicast: transport paths to the PEs (RFC 8277). */
	return af == BGP_AF_VPNV4 || af == BGP_AF_VPNV6 ||
	       af == BGP_AF_IPV4_LU || af == BGP_AF_IPV6_LU;
}

/* The peer's stale routes of AF (BGP_AF_COUNT: all) go, here and in the
 * user's tables. */
static void flush_stale(struct bgp_peer *p, enum bgp_af af)
{
	bgp_rset__flush_stale(&p->routes, af);
	p->env->ops->flush_stale(p->env->ctx, p->index, p->cfg.vrf, af);
}

static void no_stale(struct bgp_peer *p)
{
	if (!p->routes.n_stale)
		bgp_gr__clear(&p->gr);
}

static int on_send(void *ctx, const uint8_t *msg, size_t len)
{
	struct bgp_peer *p = ctx;

	return bgp_conn__send(&p->conn, msg, len);
}

static void on_route(void *ctx, const struct bgp_route *route)
{
	struct bgp_peer *p = ctx;

	if (!af_used(p, route->af))
		return;
	if (route->withdraw)
		bgp_rset__del(&p->routes, route);
	else
		bgp_rset__add(&p->routes, route);
	p->env->ops->route(p->env->ctx, p->index, p->cfg.vrf, route);
}

/* AFI/SAFI disable (the FSM says why): the peer's routes of AF go. */
static void on_af_disabled(void *ctx, enum bgp_af af)
{
	struct bgp_peer *p = ctx;

	if (!af_used(p, af))
		return;
	bgp_rset__drop_af(&p->routes, af);
	p->env->ops->drop_af(p->env->ctx, p->index, p->cfg.vrf, af);
	no_stale(p);
}

static void on_end_of_rib(void *ctx, enum bgp_af af)
{
	struct bgp_peer *p = ctx;

	if (!af_used(p, af))
		return;
	flush_stale(p, af);
	no_stale(p);
}

/* Everything we export in AF to the session. */
static void send_exports(struct bgp_peer *p, enum bgp_af af)
{
	size_t n = 0;
	struct bgp_route *routes =
		p->env->ops->exports(p->env->ctx, p->index, p->cfg.vrf, af, &n);

	if (n && !bgp_session_announce(&p->s, bgp_peer__now(), routes, n))
		p->advertised[af] += n;
	free(routes);
}

static void on_route_refresh(void *ctx, enum bgp_af af)
{
	struct bgp_peer *p = ctx;

	if (af_used(p, af))
		send_exports(p, af);
}

static void on_up(void *ctx, const struct bgp_session *s)
{
	struct bgp_peer *p = ctx;
	uint64_t now = bgp_peer__now();
	char n[MPLSX_ADDRSTRLEN + 8];
	uint32_t flush;
	int af;

	p->up = true;
	pr_info("bgp: %s AS%u established (families 0x%x)",
		bgp_peer__name(p, n), s->peer_open.as, s->af_active);
	flush = bgp_gr__up(&p->gr, s, p->routes.n_stale > 0, now);
	if (p->routes.n_stale) {
		/* RFC 4724 sec. 4.2: stale routes of a family the peer no
		 * longer keeps forwarding state for go now; the others wait
		 * for its End-of-RIB. */
		for (af = 0; af < BGP_AF_COUNT; af++)
			if (af_used(p, af) && (flush & BGP_AF_BIT(af)))
				flush_stale(p, af);
		no_stale(p);
	}
	for (af = 0; af < BGP_AF_COUNT; af++)
		if ((s->af_active & BGP_AF_BIT(af)) && af_used(p, af))
			send_exports(p, af);
	/* RFC 4724 sec. 4.1: our End-of-RIB tells the VPN peers that what
	 * we sent is all we have, and they drop what they kept of ours.
	 * It waits for the routes the VRF sessions bring (the speaker
	 * releases it), at most the restart time the peers keep ours. */
	p->eor_deferred = s->af_active;
	p->eor_deadline = now + (uint64_t)p->env->cfg.graceful_restart * 1000;
	if (p->cfg.vrf[0] || !p->env->cfg.graceful_restart)
		bgp_peer__eor_release(p, now, true);
}

void bgp_peer__eor_release(struct bgp_peer *p, uint64_t now, bool vrf_ready)
{
	char n[MPLSX_ADDRSTRLEN + 8];
	int af;

	if (!p->eor_deferred || !p->up || (!vrf_ready && now < p->eor_deadline))
		return;
	if (!vrf_ready)
		pr_info("bgp: %s: End-of-RIB after %u s without all the VRF "
			"sessions' routes",
			bgp_peer__name(p, n), p->env->cfg.graceful_restart);
	for (af = 0; af < BGP_AF_COUNT; af++)
		if (p->eor_deferred & BGP_AF_BIT(af))
			bgp_session_send_eor(&p->s, now, af);
	p->eor_deferred = 0;
	settle(p);
}

static void on_down(void *ctx, const struct bgp_error *err, bool sent)
{
	struct bgp_peer *p = ctx;
	char n[MPLSX_ADDRSTRLEN + 8];
	bool graceful;

	if (!p->up)
		return;
	p->up = false;
	p->eor_deferred = 0;
	graceful = bgp_gr__graceful(&p->gr, p->env->cfg.graceful_restart, err,
				    sent);
	pr_info("bgp: %s down%s (%u routes)", bgp_peer__name(p, n),
		graceful ? ", graceful restart: routes kept as stale" : "",
		(unsigned)p->routes.live);
	p->env->ops->peer_down(p->env->ctx, p->index, p->cfg.vrf, graceful);
	if (!graceful) {
		bgp_rset__free(&p->routes);
		bgp_gr__clear(&p->gr);
		return;
	}
	bgp_rset__mark_stale(&p->routes);
	if (!bgp_gr__restart(&p->gr, bgp_peer__now()) || !p->routes.n_stale) {
		flush_stale(p, BGP_AF_COUNT);
		bgp_gr__clear(&p->gr);
	}
}

static const struct bgp_fsm_ops fsm_ops = {
	.send = on_send,
	.route = on_route,
	.end_of_rib = on_end_of_rib,
	.af_disabled = on_af_disabled,
	.route_refresh = on_route_refresh,
	.up = on_up,
	.down = on_down,
};

/* ---- the peer --------------------------------------------------------- */

struct bgp_peer *bgp_peer__new(const struct bgp_peer_env *env,
			       const struct cfg_bgp_neighbor *cfg, int index)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));
	char n[MPLSX_ADDRSTRLEN + 8];
	struct bgp_config bc = {
		.local_as = env->cfg.asn,
		.local_id = env->router_id,
		.peer_as = cfg->asn,
		.hold_time = env->cfg.hold_time,
		.af_mask = cfg->vrf[0] ? VRF_AF_MASK : SPEAKER_AF_MASK,
		.gr_time = env->cfg.graceful_restart,
		.gr_forwarding = true, /* XDP forwards on while we restart */
	};

	if (!p)
		return NULL;
	p->item.kind = BGP_EP_PEER;
	p->item.obj = p;
	p->env = env;
	p->cfg = *cfg;
	p->index = index;
	bgp_conn__init(&p->conn, env->ep, &p->item, bgp_peer__name(p, n));
	bgp_second__init(&p->second, env->ep, p);
	bgp_session_init(&p->s, &bc, &fsm_ops, p);
	p->s.cfg.hold_time = env->cfg.hold_time; /* 0 = none, not default */
	bgp_session_start(&p->s, bgp_peer__now());
	return p;
}

void bgp_peer__stop(struct bgp_peer *p, uint8_t cease)
{
	/* on_down runs when it was up: a Cease is not graceful. */
	bgp_session_stop(&p->s, bgp_peer__now(), cease);
	bgp_conn__close(&p->conn);
	bgp_second__close(&p->second, NULL);
	if (p->routes.live) {
		/* Stale routes from an earlier graceful down go too. */
		p->env->ops->peer_down(p->env->ctx, p->index, p->cfg.vrf,
				       false);
		bgp_rset__free(&p->routes);
	}
	bgp_gr__clear(&p->gr);
}

void bgp_peer__free(struct bgp_peer *p)
{
	bgp_second__close(&p->second, NULL);
	bgp_conn__free(&p->conn);
	bgp_rset__free(&p->routes);
	free(p);
}

void bgp_peer__accepted(struct bgp_peer *p, int fd, uint16_t port)
{
	char a[MPLSX_ADDRSTRLEN];

	/* A connection runs: the new one proves itself with an OPEN
	 * first (bgp_peer__second_io); a bare connect changes nothing. */
	if (p->conn.fd >= 0 && p->s.state >= BGP_STATE_OPENSENT) {
		pr_info("bgp: %s connects again: held aside until it sends a "
			"valid OPEN",
			mplsx_addr__str(&p->cfg.address, a));
		bgp_second__start(&p->second, fd, bgp_peer__now());
		return;
	}
	if (p->conn.fd >= 0) {
		bgp_session_closed(&p->s, bgp_peer__now());
		bgp_conn__close(&p->conn);
	}
	if (p->s.state != BGP_STATE_ACTIVE) {
		pr_info("bgp: %s: session stopped, connection refused",
			mplsx_addr__str(&p->cfg.address, a));
		close(fd);
		return;
	}
	if (bgp_conn__attach(&p->conn, fd))
		return;
	pr_debug("bgp: accepted %s port %u",
		 mplsx_addr__str(&p->cfg.address, a), port);
	bgp_session_accepted(&p->s, bgp_peer__now());
	settle(p); /* closes it when the FSM said no */
}

/* RFC 4271 sec. 6.8 with RFC 4724 sec. 4.2: a valid OPEN on the new
 * connection replaces the running session unless that one is Established
 * and the peer does not say it restarted (no graceful-restart capability):
 * then the Established session stays and the new one gets a Cease
 * (connection collision resolution). */
void bgp_peer__second_io(struct bgp_peer *p)
{
	char a[MPLSX_ADDRSTRLEN];
	struct bgp_error err;
	struct bgp_open open;
	uint64_t now = bgp_peer__now();
	int fd;

	switch (bgp_second__read(&p->second, &open, &err)) {
	case BGP_SECOND_MORE:
		return;
	case BGP_SECOND_BAD:
		pr_info("bgp: %s: second connection closed before a valid "
			"OPEN: the session goes on",
			mplsx_addr__str(&p->cfg.address, a));
		bgp_second__close(&p->second, &err);
		return;
	case BGP_SECOND_OPEN:
		break;
	}
	if (bgp_open_check(&open, p->cfg.asn, p->env->cfg.asn,
			   p->env->router_id, &err)) {
		pr_info("bgp: %s: second connection's OPEN refused: the "
			"session "
			"goes on",
			mplsx_addr__str(&p->cfg.address, a));
		bgp_second__close(&p->second, &err);
		return;
	}
	if (p->s.state == BGP_STATE_ESTABLISHED && !open.gr) {
		pr_info("bgp: %s: connection collision, the Established "
			"session "
			"stays",
			mplsx_addr__str(&p->cfg.address, a));
		bgp_error_set(&err, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL,
			      0);
		bgp_second__close(&p->second, &err);
		return;
	}
	pr_info("bgp: %s: a valid OPEN on a new connection%s: it replaces the "
		"old one",
		mplsx_addr__str(&p->cfg.address, a),
		open.gr ? " (graceful restart)" : "");
	bgp_session_closed(&p->s, now);
	bgp_conn__close(&p->conn);
	fd = bgp_second__take(&p->second);
	if (p->s.state != BGP_STATE_ACTIVE || bgp_conn__attach(&p->conn, fd)) {
		if (p->s.state != BGP_STATE_ACTIVE)
			close(fd);
		return;
	}
	bgp_session_accepted(&p->s, now);
	bgp_session_input(&p->s, now, p->second.buf, p->second.len);
	p->second.len = 0;
	settle(p);
}

static void readable(struct bgp_peer *p)
{
	uint8_t buf[READ_CHUNK];
	int i;

	for (i = 0; i < READ_BUDGET && p->conn.fd >= 0; i++) {
		ssize_t n = bgp_conn__recv(&p->conn, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			char name[MPLSX_ADDRSTRLEN + 8];

			pr_info("bgp: %s: connection %s",
				bgp_peer__name(p, name),
				n ? strerror(errno) : "closed by the peer");
			bgp_session_closed(&p->s, bgp_peer__now());
			p->conn.broken = true;
			break;
		}
		bgp_session_input(&p->s, bgp_peer__now(), buf, (size_t)n);
		if (p->s.state < BGP_STATE_OPENSENT)
			break;
	}
	settle(p);
}

void bgp_peer__io(struct bgp_peer *p, bool writable, bool readable_)
{
	if (writable)
		bgp_conn__flush(&p->conn);
	if (readable_)
		readable(p);
	else
		settle(p);
}

void bgp_peer__tick(struct bgp_peer *p, uint64_t now)
{
	char n[MPLSX_ADDRSTRLEN + 8];

	bgp_session_tick(&p->s, now);
	settle(p);
	if (bgp_second__active(&p->second) && now >= p->second.deadline) {
		pr_info("bgp: %s: second connection sent no OPEN in time, "
			"closed",
			bgp_peer__name(p, n));
		bgp_second__close(&p->second, NULL);
	}
	if (bgp_gr__expired(&p->gr, now)) {
		pr_info("bgp: %s: %zu stale routes timed out",
			bgp_peer__name(p, n), p->routes.n_stale);
		flush_stale(p, BGP_AF_COUNT);
		bgp_gr__clear(&p->gr);
	}
}

uint64_t bgp_peer__deadline(const struct bgp_peer *p)
{
	uint64_t a = bgp_session_next_deadline(&p->s),
		 b = bgp_gr__deadline(&p->gr);

	a = !a || (b && b < a) ? b : a;
	b = bgp_second__active(&p->second) ? p->second.deadline : 0;
	a = !a || (b && b < a) ? b : a;
	b = p->eor_deferred ? p->eor_deadline : 0;
	return !a || (b && b < a) ? b : a;
}

void bgp_peer__advertise(struct bgp_peer *p, const struct bgp_route *routes,
			 size_t n, bool withdraw)
{
	size_t start, j;

	/* Runs of one family: an UPDATE carries one. */
	for (start = 0; start < n && p->up; start = j) {
		enum bgp_af af = routes[start].af;
		int rc;

		for (j = start; j < n && routes[j].af == af; j++)
			;
		if (af >= BGP_AF_COUNT || !(p->s.af_active & BGP_AF_BIT(af)))
			continue;
		rc = withdraw ? bgp_session_withdraw(&p->s, bgp_peer__now(),
						     routes + start, j - start)
			      : bgp_session_announce(&p->s, bgp_peer__now(),
						     routes + start, j - start);
		if (!rc && !withdraw)
			p->advertised[af] += j - start;
	}
	settle(p);
}
