// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_speaker.c - sockets, time and route plumbing around bgp_fsm.c.
 *
 * We never connect out: BIRD (the configured neighbours) dials us.  An
 * accepted connection is matched to a neighbour by its source address and
 * the local port it reached; anything else is closed.  Graceful restart
 * (RFC 4724) in the receiving-speaker role: when a session with a GR
 * capable peer is lost (TCP gone, hold timer), its routes stay in the VRFs
 * marked stale until the peer is back and sends End-of-RIB, or until its
 * restart time runs out.
 */
#include "bgp/bgp_speaker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "bgp/bgp_fsm.h"
#include "config/config.h"
#include "util/log.h"

/* Families offered to every neighbour. */
#define SPEAKER_AF_MASK                                 \
	(BGP_AF_MASK_VPN | BGP_AF_BIT(BGP_AF_IPV4_LU) | \
	 BGP_AF_BIT(BGP_AF_IPV6_LU))
/* ... and to a VRF's session (PE-CE): that VRF's plain unicast routes. */
#define VRF_AF_MASK \
	(BGP_AF_BIT(BGP_AF_IPV4_UNICAST) | BGP_AF_BIT(BGP_AF_IPV6_UNICAST))
/* After the peer is back, how long its stale routes may wait for its
 * End-of-RIB (RFC 4724 sec. 4.2 leaves it local; BIRD uses 360 s). */
#define STALE_TIME_MS (360 * 1000ull)
#define WBUF_MAX      (256u << 20) /* a peer that reads nothing, ever */
#define READ_CHUNK    65536
#define READ_BUDGET   16 /* chunks per wakeup: others get their turn */

enum item_kind { ITEM_LISTENER, ITEM_NEIGHBOR, ITEM_TIMER };

struct ep_item {
	enum item_kind kind;
	void *obj;
};

struct listener {
	struct ep_item item;
	struct mplsx_addr addr;
	uint16_t port;
	int fd;
};

/* A route key: what a later withdrawal or End-of-RIB refers to. */
struct rkey {
	uint8_t used; /* 0 free, 1 live, 2 deleted */
	uint8_t af;
	uint8_t len;
	uint8_t stale;
	uint8_t rd[BGP_RD_LEN];
	uint8_t prefix[16];
};

/* The routes learned from one peer, for counts and stale marking. */
struct rset {
	struct rkey *e;
	size_t cap, live, deleted;
	size_t n_af[BGP_AF_COUNT];
	size_t n_stale;
};

struct neighbor {
	struct ep_item item;
	struct bgp_speaker *sp;
	struct cfg_bgp_neighbor cfg;
	int index; /* in cfg->bgp.neighbors: the peer of vpn_rib */
	struct bgp_session s;
	int fd;
	bool epollout;
	uint8_t *wbuf;
	size_t wlen, woff, wcap;
	bool broken; /* a write failed: close after the FSM call */

	bool up;      /* Established, routes exchanged */
	bool peer_gr; /* the peer's OPEN had GR; its restart time: */
	uint16_t peer_gr_time;
	uint64_t restart_deadline; /* GR: peer gone, routes stale */
	uint64_t stale_deadline;   /* GR: peer back, waiting for EoR */
	uint64_t advertised[BGP_AF_COUNT];
	uint64_t lu_ignored;
	struct rset routes;
};

struct bgp_speaker {
	const struct bgp_speaker_ops *ops; /* routes in and out */
	void *ctx;
	struct cfg_bgp cfg; /* neighbors not kept: see nb[] */
	uint32_t router_id;
	struct mplsx_addr router_id_addr;
	int ep, tfd;
	struct ep_item timer_item;
	struct listener **ls;
	size_t n_ls;
	struct neighbor **nb;
	size_t n_nb;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *nb_name(const struct neighbor *nb, char *buf)
{
	char a[MPLSX_ADDRSTRLEN];

	snprintf(buf, MPLSX_ADDRSTRLEN + 8, "%s:%u",
		 mplsx_addr__str(&nb->cfg.address, a), nb->cfg.port);
	return buf;
}

/* ---- the routes of a peer --------------------------------------------- */

static uint64_t rkey_hash(const struct rkey *k)
{
	const uint8_t *p = &k->af;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	/* af, len, (stale skipped), rd, prefix */
	for (i = 0; i < 2; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	for (i = 0; i < BGP_RD_LEN; i++)
		h = (h ^ k->rd[i]) * 1099511628211ull;
	for (i = 0; i < 16; i++)
		h = (h ^ k->prefix[i]) * 1099511628211ull;
	return h;
}

static bool rkey_eq(const struct rkey *a, const struct rkey *b)
{
	return a->af == b->af && a->len == b->len &&
	       !memcmp(a->rd, b->rd, BGP_RD_LEN) &&
	       !memcmp(a->prefix, b->prefix, 16);
}

static void rkey_of(struct rkey *k, const struct bgp_route *rt)
{
	memset(k, 0, sizeof(*k));
	k->af = (uint8_t)rt->af;
	k->len = rt->prefix_len;
	memcpy(k->rd, rt->rd, BGP_RD_LEN);
	memcpy(k->prefix, rt->prefix.bytes,
	       rt->prefix.family == AF_INET6 ? 16 : 4);
}

/* The slot of K, or of where it would go (a free one); NULL when full. */
static struct rkey *rset_slot(struct rset *rs, const struct rkey *k)
{
	struct rkey *tomb = NULL;
	size_t i, mask = rs->cap - 1;

	if (!rs->cap)
		return NULL;
	for (i = rkey_hash(k) & mask;; i = (i + 1) & mask) {
		struct rkey *e = &rs->e[i];

		if (!e->used)
			return tomb ? tomb : e;
		if (e->used == 2 && !tomb)
			tomb = e;
		else if (e->used == 1 && rkey_eq(e, k))
			return e;
	}
}

static void rset_free(struct rset *rs)
{
	free(rs->e);
	memset(rs, 0, sizeof(*rs));
}

static int rset_grow(struct rset *rs)
{
	struct rset n = {0};
	size_t i;

	n.cap = 1024;
	while (n.cap < rs->live * 4)
		n.cap *= 2;
	n.e = calloc(n.cap, sizeof(*n.e));
	if (!n.e)
		return -ENOMEM;
	for (i = 0; i < rs->cap; i++) {
		struct rkey *e = &rs->e[i];

		if (e->used == 1)
			*rset_slot(&n, e) = *e;
	}
	n.live = rs->live;
	n.n_stale = rs->n_stale;
	memcpy(n.n_af, rs->n_af, sizeof(n.n_af));
	free(rs->e);
	*rs = n;
	return 0;
}

static void rset_add(struct rset *rs, const struct bgp_route *rt)
{
	struct rkey k, *e;

	rkey_of(&k, rt);
	if ((rs->live + rs->deleted + 1) * 10 > rs->cap * 7 && rset_grow(rs))
		return;
	e = rset_slot(rs, &k);
	if (e->used == 1) {
		if (e->stale)
			rs->n_stale--;
		e->stale = 0;
		return;
	}
	if (e->used == 2)
		rs->deleted--;
	k.used = 1;
	*e = k;
	rs->live++;
	rs->n_af[k.af]++;
}

static void rset_del_entry(struct rset *rs, struct rkey *e)
{
	if (e->stale)
		rs->n_stale--;
	rs->n_af[e->af]--;
	rs->live--;
	rs->deleted++;
	e->used = 2;
	e->stale = 0;
}

static void rset_del(struct rset *rs, const struct bgp_route *rt)
{
	struct rkey k, *e;

	rkey_of(&k, rt);
	e = rset_slot(rs, &k);
	if (e && e->used == 1)
		rset_del_entry(rs, e);
}

static void rset_mark_stale(struct rset *rs)
{
	size_t i;

	for (i = 0; i < rs->cap; i++)
		if (rs->e[i].used == 1 && !rs->e[i].stale) {
			rs->e[i].stale = 1;
			rs->n_stale++;
		}
}

/* Drop the stale routes of AF (BGP_AF_COUNT: all). */
static void rset_flush_stale(struct rset *rs, enum bgp_af af)
{
	size_t i;

	for (i = 0; i < rs->cap && rs->n_stale; i++) {
		struct rkey *e = &rs->e[i];

		if (e->used == 1 && e->stale &&
		    (af == BGP_AF_COUNT || e->af == af))
			rset_del_entry(rs, e);
	}
}

/* ---- connections ------------------------------------------------------ */

static void ep_mod(struct neighbor *nb, bool out)
{
	struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0),
				 .data.ptr = &nb->item};

	if (nb->fd < 0 || nb->epollout == out)
		return;
	nb->epollout = out;
	epoll_ctl(nb->sp->ep, EPOLL_CTL_MOD, nb->fd, &ev);
}

/* Write what is queued; EPOLLOUT while some is left. */
static void nb_flush(struct neighbor *nb)
{
	while (nb->fd >= 0 && !nb->broken && nb->woff < nb->wlen) {
		ssize_t w = send(nb->fd, nb->wbuf + nb->woff,
				 nb->wlen - nb->woff, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0) {
			char n[MPLSX_ADDRSTRLEN + 8];

			pr_info("bgp: %s: send: %s", nb_name(nb, n),
				strerror(errno));
			nb->broken = true;
			break;
		}
		nb->woff += (size_t)w;
	}
	if (nb->woff == nb->wlen)
		nb->woff = nb->wlen = 0;
	ep_mod(nb, nb->wlen > 0 && !nb->broken);
}

static int nb_send(void *ctx, const uint8_t *msg, size_t len)
{
	struct neighbor *nb = ctx;

	if (nb->fd < 0 || nb->broken)
		return -EPIPE;
	if (nb->woff && nb->woff >= nb->wlen / 2) {
		memmove(nb->wbuf, nb->wbuf + nb->woff, nb->wlen - nb->woff);
		nb->wlen -= nb->woff;
		nb->woff = 0;
	}
	if (nb->wlen + len > nb->wcap) {
		size_t cap = nb->wcap ? nb->wcap : 65536;
		uint8_t *b;

		while (cap < nb->wlen + len)
			cap *= 2;
		b = cap <= WBUF_MAX ? realloc(nb->wbuf, cap) : NULL;
		if (!b) {
			pr_warn("bgp: write queue of %zu bytes: dropping "
				"the session",
				nb->wlen);
			nb->broken = true;
			return -ENOMEM;
		}
		nb->wbuf = b;
		nb->wcap = cap;
	}
	memcpy(nb->wbuf + nb->wlen, msg, len);
	nb->wlen += len;
	/* Keep the queue short when a whole table goes out. */
	if (nb->wlen - nb->woff >= 65536)
		nb_flush(nb);
	return 0;
}

static void nb_close_fd(struct neighbor *nb)
{
	if (nb->fd < 0)
		return;
	nb_flush(nb); /* a NOTIFICATION, best effort */
	epoll_ctl(nb->sp->ep, EPOLL_CTL_DEL, nb->fd, NULL);
	close(nb->fd);
	nb->fd = -1;
	nb->epollout = false;
	nb->broken = false;
	nb->wlen = nb->woff = 0;
}

/* After every call into the FSM: a failed write takes the session down,
 * and a session that went down loses its connection. */
static void nb_settle(struct neighbor *nb)
{
	if (nb->broken && nb->s.state >= BGP_STATE_OPENSENT)
		bgp_session_closed(&nb->s, now_ms());
	if (nb->fd >= 0 && nb->s.state < BGP_STATE_OPENSENT)
		nb_close_fd(nb);
	else
		nb_flush(nb);
}

/* ---- session callbacks ------------------------------------------------ */

/* The families whose routes the session carries into a RIB. */
static bool nb_af_used(const struct neighbor *nb, enum bgp_af af)
{
	if (nb->cfg.vrf[0])
		return af == BGP_AF_IPV4_UNICAST || af == BGP_AF_IPV6_UNICAST;
	return af == BGP_AF_VPNV4 || af == BGP_AF_VPNV6;
}

static void nb_rib_down(struct neighbor *nb, bool graceful)
{
	nb->sp->ops->peer_down(nb->sp->ctx, nb->index, nb->cfg.vrf, graceful);
}

static void nb_rib_flush(struct neighbor *nb, enum bgp_af af)
{
	nb->sp->ops->flush_stale(nb->sp->ctx, nb->index, nb->cfg.vrf, af);
}

static void nb_route(void *ctx, const struct bgp_route *route)
{
	struct neighbor *nb = ctx;

	if (nb->cfg.vrf[0]) {
		if (!nb_af_used(nb, route->af))
			return;
		if (route->withdraw)
			rset_del(&nb->routes, route);
		else
			rset_add(&nb->routes, route);
		nb->sp->ops->route(nb->sp->ctx, nb->index, nb->cfg.vrf, route);
		return;
	}
	if (route->af != BGP_AF_VPNV4 && route->af != BGP_AF_VPNV6) {
		/* Labeled unicast is negotiated but its routes do not yet
		 * feed PE nexthops (issue 5's note): said once, counted. */
		if (!nb->lu_ignored++)
			pr_info("bgp: labeled unicast routes are not used "
				"yet; ignored");
		return;
	}
	if (route->withdraw)
		rset_del(&nb->routes, route);
	else
		rset_add(&nb->routes, route);
	nb->sp->ops->route(nb->sp->ctx, nb->index, "", route);
}

static void nb_no_stale(struct neighbor *nb)
{
	if (!nb->routes.n_stale)
		nb->stale_deadline = nb->restart_deadline = 0;
}

static void nb_end_of_rib(void *ctx, enum bgp_af af)
{
	struct neighbor *nb = ctx;

	if (!nb_af_used(nb, af))
		return;
	rset_flush_stale(&nb->routes, af);
	nb_rib_flush(nb, af);
	nb_no_stale(nb);
}

/* Everything we export in AF to one session. */
static void nb_send_exports(struct neighbor *nb, enum bgp_af af)
{
	size_t n = 0;
	struct bgp_route *routes =
		nb->sp->ops->exports(nb->sp->ctx, nb->cfg.vrf, af, &n);

	if (n && !bgp_session_announce(&nb->s, now_ms(), routes, n))
		nb->advertised[af] += n;
	free(routes);
}

static void nb_route_refresh(void *ctx, enum bgp_af af)
{
	struct neighbor *nb = ctx;

	if (nb_af_used(nb, af))
		nb_send_exports(nb, af);
}

static void nb_up(void *ctx, const struct bgp_session *s)
{
	struct neighbor *nb = ctx;
	uint64_t now = now_ms();
	char n[MPLSX_ADDRSTRLEN + 8];
	int af;

	nb->up = true;
	nb->peer_gr = s->peer_open.gr;
	nb->peer_gr_time = s->peer_open.gr_time;
	pr_info("bgp: %s AS%u established (families 0x%x)", nb_name(nb, n),
		s->peer_open.as, s->af_active);
	if (nb->routes.n_stale) {
		/* RFC 4724 sec. 4.2: stale routes of a family the peer no
		 * longer keeps forwarding state for go now; the others wait
		 * for its End-of-RIB. */
		nb->restart_deadline = 0;
		nb->stale_deadline = now + STALE_TIME_MS;
		for (af = 0; af < BGP_AF_COUNT; af++)
			if (nb_af_used(nb, af) &&
			    (!s->peer_open.gr ||
			     !(s->af_active & BGP_AF_BIT(af)) ||
			     !(s->peer_open.gr_fwd_mask & BGP_AF_BIT(af)))) {
				rset_flush_stale(&nb->routes, af);
				nb_rib_flush(nb, af);
			}
		nb_no_stale(nb);
	}
	for (af = 0; af < BGP_AF_COUNT; af++) {
		if (!(s->af_active & BGP_AF_BIT(af)))
			continue;
		if (nb_af_used(nb, af))
			nb_send_exports(nb, af);
		bgp_session_send_eor(&nb->s, now, af);
	}
}

static void nb_down(void *ctx, const struct bgp_error *err, bool sent)
{
	struct neighbor *nb = ctx;
	struct bgp_speaker *sp = nb->sp;
	char n[MPLSX_ADDRSTRLEN + 8];
	bool graceful;

	if (!nb->up)
		return;
	nb->up = false;
	/* RFC 4724: the connection was lost (or the peer went silent),
	 * not closed with a NOTIFICATION. */
	graceful = sp->cfg.graceful_restart && nb->peer_gr &&
		   (!err || (sent && err->code == BGP_ERR_HOLD_TIMER));
	pr_info("bgp: %s down%s (%u routes)", nb_name(nb, n),
		graceful ? ", graceful restart: routes kept as stale" : "",
		(unsigned)nb->routes.live);
	nb_rib_down(nb, graceful);
	if (!graceful) {
		rset_free(&nb->routes);
		nb->restart_deadline = nb->stale_deadline = 0;
		return;
	}
	rset_mark_stale(&nb->routes);
	nb->stale_deadline = 0;
	nb->restart_deadline = now_ms() + nb->peer_gr_time * 1000ull;
	if (!nb->peer_gr_time || !nb->routes.n_stale) {
		rset_flush_stale(&nb->routes, BGP_AF_COUNT);
		nb_rib_flush(nb, BGP_AF_COUNT);
		nb->restart_deadline = 0;
	}
}

static const struct bgp_fsm_ops nb_ops = {
	.send = nb_send,
	.route = nb_route,
	.end_of_rib = nb_end_of_rib,
	.route_refresh = nb_route_refresh,
	.up = nb_up,
	.down = nb_down,
};

/* ---- neighbours ------------------------------------------------------- */

static void nb_session_init(struct neighbor *nb)
{
	const struct bgp_speaker *sp = nb->sp;
	struct bgp_config bc = {
		.local_as = sp->cfg.asn,
		.local_id = sp->router_id,
		.peer_as = nb->cfg.asn,
		.hold_time = sp->cfg.hold_time,
		.af_mask = nb->cfg.vrf[0] ? VRF_AF_MASK : SPEAKER_AF_MASK,
		.gr_time = sp->cfg.graceful_restart,
		.gr_forwarding = true, /* XDP forwards on while we restart */
	};

	bgp_session_init(&nb->s, &bc, &nb_ops, nb);
	nb->s.cfg.hold_time = sp->cfg.hold_time; /* 0 = none, not default */
	bgp_session_start(&nb->s, now_ms());
}

static struct neighbor *nb_new(struct bgp_speaker *sp,
			       const struct cfg_bgp_neighbor *cfg, int index)
{
	struct neighbor *nb = calloc(1, sizeof(*nb));

	if (!nb)
		return NULL;
	nb->item.kind = ITEM_NEIGHBOR;
	nb->item.obj = nb;
	nb->sp = sp;
	nb->cfg = *cfg;
	nb->index = index;
	nb->fd = -1;
	nb_session_init(nb);
	return nb;
}

/* Stop the session with a Cease and forget the peer's routes. */
static void nb_stop(struct neighbor *nb, uint8_t cease)
{
	/* nb_down runs when it was up: a Cease is not graceful. */
	bgp_session_stop(&nb->s, now_ms(), cease);
	nb_close_fd(nb);
	if (nb->routes.live) {
		/* Stale routes from an earlier graceful down go too. */
		nb_rib_down(nb, false);
		rset_free(&nb->routes);
	}
	nb->restart_deadline = nb->stale_deadline = 0;
}

static void nb_free(struct neighbor *nb)
{
	nb_close_fd(nb);
	rset_free(&nb->routes);
	free(nb->wbuf);
	free(nb);
}

/* ---- listeners -------------------------------------------------------- */

static int sockaddr_of(const struct mplsx_addr *a, uint16_t port,
		       struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->v4;
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = a->v6;
	return sizeof(*sin6);
}

/* An accepted peer's address; IPv4-mapped IPv6 (a "::" listener) as IPv4. */
static void addr_of(const struct sockaddr_storage *ss, struct mplsx_addr *a,
		    uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		a->family = AF_INET;
		a->v4 = sin->sin_addr;
		*port = ntohs(sin->sin_port);
		return;
	}
	const struct sockaddr_in6 *sin6 = (const void *)ss;

	*port = ntohs(sin6->sin6_port);
	if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		a->family = AF_INET;
		memcpy(&a->v4, &sin6->sin6_addr.s6_addr[12], 4);
	} else {
		a->family = AF_INET6;
		a->v6 = sin6->sin6_addr;
	}
}

static struct listener *ls_open(struct bgp_speaker *sp,
				const struct mplsx_addr *addr, uint16_t port)
{
	struct listener *l = calloc(1, sizeof(*l));
	struct epoll_event ev = {.events = EPOLLIN};
	char a[MPLSX_ADDRSTRLEN];
	struct sockaddr_storage ss;
	int one = 1, len;

	if (!l)
		return NULL;
	l->item.kind = ITEM_LISTENER;
	l->item.obj = l;
	l->addr = *addr;
	l->port = port;
	ev.data.ptr = &l->item;
	len = sockaddr_of(addr, port, &ss);
	l->fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0);
	if (l->fd < 0 ||
	    setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l->fd, (struct sockaddr *)&ss, (socklen_t)len) ||
	    listen(l->fd, 16) || epoll_ctl(sp->ep, EPOLL_CTL_ADD, l->fd, &ev)) {
		pr_warn("bgp: listen on %s port %u: %s",
			mplsx_addr__str(addr, a), port, strerror(errno));
		if (l->fd >= 0)
			close(l->fd);
		free(l);
		return NULL;
	}
	pr_info("bgp: listening on %s port %u", mplsx_addr__str(addr, a), port);
	return l;
}

static void ls_close(struct bgp_speaker *sp, struct listener *l)
{
	epoll_ctl(sp->ep, EPOLL_CTL_DEL, l->fd, NULL);
	close(l->fd);
	free(l);
}

static void ls_accept(struct bgp_speaker *sp, struct listener *l)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct epoll_event ev = {.events = EPOLLIN};
		char a[MPLSX_ADDRSTRLEN];
		struct mplsx_addr peer;
		struct neighbor *nb = NULL;
		uint16_t pport;
		int fd, one = 1;
		size_t i;

		fd = accept4(l->fd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		addr_of(&ss, &peer, &pport);
		for (i = 0; i < sp->n_nb; i++)
			if (sp->nb[i]->cfg.port == l->port &&
			    mplsx_addr__equal(&sp->nb[i]->cfg.address, &peer))
				nb = sp->nb[i];
		if (!nb) {
			pr_info("bgp: connection from %s to port %u: not a "
				"neighbor, closed",
				mplsx_addr__str(&peer, a), l->port);
			close(fd);
			continue;
		}
		/* We only listen: a new connection from the peer means it
		 * gave up the old one (RFC 4724 sec. 4.2 for a restart). */
		if (nb->fd >= 0) {
			pr_info("bgp: %s connects again: old connection "
				"dropped",
				mplsx_addr__str(&peer, a));
			bgp_session_closed(&nb->s, now_ms());
			nb_close_fd(nb);
		}
		if (nb->s.state != BGP_STATE_ACTIVE) {
			pr_info("bgp: %s: session stopped, connection "
				"refused",
				mplsx_addr__str(&peer, a));
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		nb->fd = fd;
		nb->broken = false;
		nb->epollout = false;
		ev.data.ptr = &nb->item;
		if (epoll_ctl(sp->ep, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			nb->fd = -1;
			continue;
		}
		pr_debug("bgp: accepted %s port %u", mplsx_addr__str(&peer, a),
			 pport);
		bgp_session_accepted(&nb->s, now_ms());
		nb_settle(nb); /* closes it when the FSM said no */
	}
}

/* ---- events ----------------------------------------------------------- */

static void nb_readable(struct neighbor *nb)
{
	uint8_t buf[READ_CHUNK];
	int i;

	for (i = 0; i < READ_BUDGET && nb->fd >= 0; i++) {
		ssize_t n = recv(nb->fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			char name[MPLSX_ADDRSTRLEN + 8];

			pr_info("bgp: %s: connection %s", nb_name(nb, name),
				n ? strerror(errno) : "closed by the peer");
			bgp_session_closed(&nb->s, now_ms());
			nb->broken = true;
			break;
		}
		bgp_session_input(&nb->s, now_ms(), buf, (size_t)n);
		if (nb->s.state < BGP_STATE_OPENSENT)
			break;
	}
	nb_settle(nb);
}

static void gr_timers(struct neighbor *nb, uint64_t now)
{
	char n[MPLSX_ADDRSTRLEN + 8];

	if ((nb->restart_deadline && now >= nb->restart_deadline) ||
	    (nb->stale_deadline && now >= nb->stale_deadline)) {
		pr_info("bgp: %s: %zu stale routes timed out", nb_name(nb, n),
			nb->routes.n_stale);
		rset_flush_stale(&nb->routes, BGP_AF_COUNT);
		nb_rib_flush(nb, BGP_AF_COUNT);
		nb->restart_deadline = nb->stale_deadline = 0;
	}
}

static uint64_t min_deadline(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

static void rearm(struct bgp_speaker *sp)
{
	struct itimerspec its = {0};
	uint64_t d = 0;
	size_t i;

	for (i = 0; i < sp->n_nb; i++) {
		const struct neighbor *nb = sp->nb[i];

		d = min_deadline(d, bgp_session_next_deadline(&nb->s));
		d = min_deadline(d, nb->restart_deadline);
		d = min_deadline(d, nb->stale_deadline);
	}
	if (d) {
		its.it_value.tv_sec = (time_t)(d / 1000);
		its.it_value.tv_nsec = (long)(d % 1000) * 1000000;
	}
	timerfd_settime(sp->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void tick_all(struct bgp_speaker *sp)
{
	uint64_t now = now_ms();
	size_t i;

	for (i = 0; i < sp->n_nb; i++) {
		struct neighbor *nb = sp->nb[i];

		bgp_session_tick(&nb->s, now);
		nb_settle(nb);
		gr_timers(nb, now);
	}
}

void bgp_speaker__dispatch(struct bgp_speaker *sp)
{
	struct epoll_event evs[32];
	int i, n;

	n = epoll_wait(sp->ep, evs, 32, 0);
	for (i = 0; i < n; i++) {
		struct ep_item *it = evs[i].data.ptr;

		if (it->kind == ITEM_LISTENER) {
			ls_accept(sp, it->obj);
		} else if (it->kind == ITEM_NEIGHBOR) {
			struct neighbor *nb = it->obj;

			if (evs[i].events & EPOLLOUT)
				nb_flush(nb);
			if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				nb_readable(nb);
			else
				nb_settle(nb);
		} else {
			uint64_t ticks;
			ssize_t rd = read(sp->tfd, &ticks, sizeof(ticks));

			(void)rd; /* tick_all() below does the work */
		}
	}
	tick_all(sp);
	/* Routes came in: what follows from them goes out now, once. */
	sp->ops->commit(sp->ctx);
	rearm(sp);
}

int bgp_speaker__fd(const struct bgp_speaker *sp)
{
	return sp->ep;
}

/* To the sessions of VRF ("": the VPN sessions). */
static void advertise_to(struct bgp_speaker *sp, const char *vrf,
			 const struct bgp_route *routes, size_t n,
			 bool withdraw)
{
	size_t i, j, start;

	if (!sp || !n)
		return;
	for (i = 0; i < sp->n_nb; i++) {
		struct neighbor *nb = sp->nb[i];

		if (!nb->up || strcmp(nb->cfg.vrf, vrf))
			continue;
		/* Runs of one family: an UPDATE carries one. */
		for (start = 0; start < n && nb->up; start = j) {
			enum bgp_af af = routes[start].af;
			int rc;

			for (j = start; j < n && routes[j].af == af; j++)
				;
			if (af >= BGP_AF_COUNT ||
			    !(nb->s.af_active & BGP_AF_BIT(af)))
				continue;
			rc = withdraw ? bgp_session_withdraw(&nb->s, now_ms(),
							     routes + start,
							     j - start)
				      : bgp_session_announce(&nb->s, now_ms(),
							     routes + start,
							     j - start);
			if (!rc && !withdraw)
				nb->advertised[af] += j - start;
		}
		nb_settle(nb);
	}
	rearm(sp);
}

void bgp_speaker__advertise(struct bgp_speaker *sp,
			    const struct bgp_route *routes, size_t n,
			    bool withdraw)
{
	advertise_to(sp, "", routes, n, withdraw);
}

void bgp_speaker__advertise_vrf(struct bgp_speaker *sp, const char *vrf,
				const struct bgp_route *routes, size_t n,
				bool withdraw)
{
	if (vrf[0])
		advertise_to(sp, vrf, routes, n, withdraw);
}

/* ---- configuration ---------------------------------------------------- */

struct bgp_speaker *bgp_speaker__new(const struct bgp_speaker_ops *ops,
				     void *ctx)
{
	struct bgp_speaker *sp = calloc(1, sizeof(*sp));
	struct epoll_event ev = {.events = EPOLLIN};

	if (!sp)
		return NULL;
	sp->ops = ops;
	sp->ctx = ctx;
	sp->ep = epoll_create1(EPOLL_CLOEXEC);
	sp->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	sp->timer_item.kind = ITEM_TIMER;
	ev.data.ptr = &sp->timer_item;
	if (sp->ep < 0 || sp->tfd < 0 ||
	    epoll_ctl(sp->ep, EPOLL_CTL_ADD, sp->tfd, &ev)) {
		pr_warn("bgp: speaker setup: %s", strerror(errno));
		if (sp->ep >= 0)
			close(sp->ep);
		if (sp->tfd >= 0)
			close(sp->tfd);
		free(sp);
		return NULL;
	}
	return sp;
}

static bool session_params_same(const struct bgp_speaker *sp,
				const struct cfg_bgp *b, uint32_t router_id)
{
	return sp->cfg.asn == b->asn && sp->cfg.hold_time == b->hold_time &&
	       sp->cfg.graceful_restart == b->graceful_restart &&
	       mplsx_addr__equal(&sp->cfg.listen, &b->listen) &&
	       sp->router_id == router_id;
}

void bgp_speaker__apply(struct bgp_speaker *sp, const struct mplsx_config *cfg)
{
	const struct cfg_bgp *b = &cfg->bgp;
	uint32_t rid = ntohl(cfg->router_id.v4.s_addr);
	bool same = sp->cfg.enabled && b->enabled &&
		    session_params_same(sp, b, rid);
	struct neighbor **nbs = NULL;
	struct listener **ls = NULL;
	size_t i, j, n_ls = 0;
	char n[MPLSX_ADDRSTRLEN + 8];

	if (b->n_neighbors) {
		nbs = calloc(b->n_neighbors, sizeof(*nbs));
		ls = calloc(b->n_neighbors, sizeof(*ls));
		if (!nbs || !ls) {
			pr_warn("bgp: out of memory: config not applied");
			free(nbs);
			free(ls);
			return;
		}
	}
	/* Keep the sessions that nothing changed for; the others stop. */
	for (i = 0; i < sp->n_nb; i++) {
		struct neighbor *nb = sp->nb[i];
		bool keep = false;

		for (j = 0; j < b->n_neighbors && same; j++) {
			const struct cfg_bgp_neighbor *c = &b->neighbors[j];

			/* vpn_rib knows peers by config index: a moved
			 * neighbour starts over under its new one. */
			if (mplsx_addr__equal(&c->address, &nb->cfg.address) &&
			    c->port == nb->cfg.port && c->asn == nb->cfg.asn &&
			    !strcmp(c->vrf, nb->cfg.vrf) &&
			    (size_t)nb->index == j) {
				nbs[j] = nb;
				keep = true;
				break;
			}
		}
		if (keep)
			continue;
		pr_info("bgp: %s: %s", nb_name(nb, n),
			"configuration changed, session reset");
		nb_stop(nb, BGP_CEASE_CONFIG_CHANGE);
		nb_free(nb);
	}
	free(sp->nb);
	sp->cfg = *b;
	sp->cfg.neighbors = NULL;
	sp->cfg.n_neighbors = 0;
	sp->router_id = rid;
	sp->router_id_addr = cfg->router_id;
	for (j = 0; j < b->n_neighbors; j++)
		if (!nbs[j]) {
			nbs[j] = nb_new(sp, &b->neighbors[j], (int)j);
			if (!nbs[j])
				pr_warn("bgp: out of memory for neighbor %zu",
					j);
		}
	/* Drop failed allocations, keeping indices as they are. */
	sp->n_nb = 0;
	for (j = 0; j < b->n_neighbors; j++)
		if (nbs[j])
			nbs[sp->n_nb++] = nbs[j];
	sp->nb = nbs;

	/* One listener per port (the listen address is global).  Unneeded
	 * ones close first: a new one may want the same port. */
	for (i = 0; i < sp->n_ls; i++) {
		struct listener *l = sp->ls[i];
		bool keep = false;

		for (j = 0; j < sp->n_nb && !keep; j++)
			keep = sp->nb[j]->cfg.port == l->port &&
			       mplsx_addr__equal(&l->addr, &b->listen);
		for (j = 0; j < n_ls && keep; j++)
			keep = ls[j]->port != l->port;
		if (keep)
			ls[n_ls++] = l;
		else
			ls_close(sp, l);
	}
	for (j = 0; j < sp->n_nb; j++) {
		uint16_t port = sp->nb[j]->cfg.port;
		struct listener *l;

		for (i = 0; i < n_ls && ls[i]->port != port; i++)
			;
		if (i < n_ls)
			continue;
		l = ls_open(sp, &b->listen, port);
		if (l)
			ls[n_ls++] = l;
	}
	free(sp->ls);
	sp->ls = ls;
	sp->n_ls = n_ls;
	rearm(sp);
}

void bgp_speaker__free(struct bgp_speaker *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->n_nb; i++) {
		/* Shutting down: a peer with GR keeps our routes; a Cease
		 * would make it drop them (RFC 4724 sec. 4). */
		if (!sp->cfg.graceful_restart)
			bgp_session_stop(&sp->nb[i]->s, now_ms(),
					 BGP_CEASE_ADMIN_SHUTDOWN);
		nb_free(sp->nb[i]);
	}
	for (i = 0; i < sp->n_ls; i++)
		ls_close(sp, sp->ls[i]);
	free(sp->nb);
	free(sp->ls);
	close(sp->tfd);
	close(sp->ep);
	free(sp);
}

size_t bgp_speaker__n_peers(const struct bgp_speaker *sp)
{
	return sp ? sp->n_nb : 0;
}

void bgp_speaker__peer(const struct bgp_speaker *sp, size_t i,
		       struct bgp_peer_info *out)
{
	const struct neighbor *nb = sp->nb[i];

	out->cfg = &nb->cfg;
	out->session = &nb->s;
	out->advertised = nb->advertised;
	out->routes = nb->routes.n_af;
	out->stale = nb->routes.n_stale;
	out->lu_ignored = nb->lu_ignored;
	out->peer_gr = nb->peer_gr;
	out->peer_gr_time = nb->peer_gr_time;
	out->restart_deadline = nb->restart_deadline;
	out->now = now_ms();
}
