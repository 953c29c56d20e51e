// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_speaker.c - the speaker (bgp_speaker.h): its peers (bgp_peer.c) made
 * to match the config, the listeners they are reached on, one epoll set
 * and one timerfd for all of them.
 *
 * We never connect out: BIRD (the configured neighbours) dials us.  An
 * accepted connection is matched to a neighbour by its source address and
 * the local port it reached; anything else is closed.
 */
#include "bgp/bgp_speaker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "bgp/bgp_conn.h"
#include "bgp/bgp_peer.h"
#include "util/log.h"

struct bgp_speaker {
	struct bgp_peer_env env; /* ops, epoll set, session parameters */
	int tfd;
	struct bgp_ep_item timer_item;
	struct bgp_listener **ls;
	size_t n_ls;
	struct bgp_peer **nb;
	size_t n_nb;
};

/* ---- events ----------------------------------------------------------- */

static void accept_all(struct bgp_speaker *sp, const struct bgp_listener *l)
{
	for (;;) {
		char a[MPLSX_ADDRSTRLEN];
		struct mplsx_addr peer;
		struct bgp_peer *nb = NULL;
		uint16_t pport;
		size_t i;
		int fd;

		fd = bgp_listener__accept(l, &peer, &pport);
		if (fd < 0)
			return;
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
		bgp_peer__accepted(nb, fd, pport);
	}
}

static void rearm(struct bgp_speaker *sp)
{
	struct itimerspec its = {0};
	uint64_t d = 0;
	size_t i;

	for (i = 0; i < sp->n_nb; i++) {
		uint64_t x = bgp_peer__deadline(sp->nb[i]);

		d = !d || (x && x < d) ? x : d;
	}
	if (d) {
		its.it_value.tv_sec = (time_t)(d / 1000);
		its.it_value.tv_nsec = (long)(d % 1000) * 1000000;
	}
	timerfd_settime(sp->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* Every VRF (PE-CE) session is up and has sent its End-of-RIB: the VRF
 * routes are all in, the VPN sessions may say they have sent theirs. */
static bool vrf_sessions_ready(const struct bgp_speaker *sp)
{
	size_t i;

	for (i = 0; i < sp->n_nb; i++) {
		const struct bgp_peer *nb = sp->nb[i];

		if (nb->cfg.vrf[0] &&
		    (!nb->up || (nb->s.af_active & ~nb->s.eor_received)))
			return false;
	}
	return true;
}

void bgp_speaker__dispatch(struct bgp_speaker *sp)
{
	struct epoll_event evs[32];
	bool vrf_ready;
	uint64_t now;
	size_t j;
	int i, n;

	n = epoll_wait(sp->env.ep, evs, 32, 0);
	for (i = 0; i < n; i++) {
		struct bgp_ep_item *it = evs[i].data.ptr;

		if (it->kind == BGP_EP_LISTENER) {
			accept_all(sp, it->obj);
		} else if (it->kind == BGP_EP_SECOND) {
			bgp_peer__second_io(it->obj);
		} else if (it->kind == BGP_EP_PEER) {
			bgp_peer__io(it->obj, evs[i].events & EPOLLOUT,
				     evs[i].events &
					     (EPOLLIN | EPOLLERR | EPOLLHUP));
		} else {
			uint64_t ticks;
			ssize_t rd = read(sp->tfd, &ticks, sizeof(ticks));

			(void)rd; /* the ticks below do the work */
		}
	}
	now = bgp_peer__now();
	for (j = 0; j < sp->n_nb; j++)
		bgp_peer__tick(sp->nb[j], now);
	/* Routes came in: what follows from them goes out now, once. */
	sp->env.ops->commit(sp->env.ctx);
	/* ... and only then a VPN session's End-of-RIB after them. */
	vrf_ready = vrf_sessions_ready(sp);
	for (j = 0; j < sp->n_nb; j++)
		bgp_peer__eor_release(sp->nb[j], now, vrf_ready);
	rearm(sp);
}

int bgp_speaker__fd(const struct bgp_speaker *sp)
{
	return sp->env.ep;
}

/* To the sessions of VRF ("": the VPN sessions); PEER >= 0: that one
 * only (still of VRF: a reload may have moved it). */
static void advertise_to(struct bgp_speaker *sp, const char *vrf, int peer,
			 const struct bgp_route *routes, size_t n,
			 bool withdraw)
{
	size_t i;

	if (!sp || !n)
		return;
	for (i = 0; i < sp->n_nb; i++)
		if (sp->nb[i]->up && !strcmp(sp->nb[i]->cfg.vrf, vrf) &&
		    (peer < 0 || sp->nb[i]->index == peer))
			bgp_peer__advertise(sp->nb[i], routes, n, withdraw);
	rearm(sp);
}

void bgp_speaker__advertise(struct bgp_speaker *sp,
			    const struct bgp_route *routes, size_t n,
			    bool withdraw)
{
	advertise_to(sp, "", -1, routes, n, withdraw);
}

void bgp_speaker__advertise_vrf(struct bgp_speaker *sp, const char *vrf,
				int peer, const struct bgp_route *routes,
				size_t n, bool withdraw)
{
	if (vrf[0])
		advertise_to(sp, vrf, peer, routes, n, withdraw);
}

/* ---- configuration ---------------------------------------------------- */

struct bgp_speaker *bgp_speaker__new(const struct bgp_speaker_ops *ops,
				     void *ctx)
{
	struct bgp_speaker *sp = calloc(1, sizeof(*sp));
	struct epoll_event ev = {.events = EPOLLIN};

	if (!sp)
		return NULL;
	sp->env.ops = ops;
	sp->env.ctx = ctx;
	sp->env.ep = epoll_create1(EPOLL_CLOEXEC);
	sp->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	sp->timer_item.kind = BGP_EP_TIMER;
	ev.data.ptr = &sp->timer_item;
	if (sp->env.ep < 0 || sp->tfd < 0 ||
	    epoll_ctl(sp->env.ep, EPOLL_CTL_ADD, sp->tfd, &ev)) {
		pr_warn("bgp: speaker setup: %s", strerror(errno));
		if (sp->env.ep >= 0)
			close(sp->env.ep);
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
	return sp->env.cfg.asn == b->asn &&
	       sp->env.cfg.hold_time == b->hold_time &&
	       sp->env.cfg.graceful_restart == b->graceful_restart &&
	       mplsx_addr__equal(&sp->env.cfg.listen, &b->listen) &&
	       sp->env.router_id == router_id;
}

/* The PE-CE options that act on routes coming in (allowas_in, soo): a
 * change takes the session down, so that its routes come again under
 * them.  as_override acts on what goes out: the next sync applies it. */
static bool bgp_ce_in_same(const struct cfg_bgp_neighbor *a,
			   const struct cfg_bgp_neighbor *b)
{
	return a->allowas_in == b->allowas_in && a->has_soo == b->has_soo &&
	       !memcmp(a->soo, b->soo, sizeof(a->soo));
}

void bgp_speaker__apply(struct bgp_speaker *sp, const struct mplsx_config *cfg)
{
	const struct cfg_bgp *b = &cfg->bgp;
	uint32_t rid = ntohl(cfg->router_id.v4.s_addr);
	bool same = sp->env.cfg.enabled && b->enabled &&
		    session_params_same(sp, b, rid);
	struct bgp_peer **nbs = NULL;
	struct bgp_listener **ls = NULL;
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
		struct bgp_peer *nb = sp->nb[i];
		bool keep = false;

		for (j = 0; j < b->n_neighbors && same; j++) {
			const struct cfg_bgp_neighbor *c = &b->neighbors[j];

			/* The tables know peers by config index: a moved
			 * neighbour starts over under its new one. */
			if (mplsx_addr__equal(&c->address, &nb->cfg.address) &&
			    c->port == nb->cfg.port && c->asn == nb->cfg.asn &&
			    !strcmp(c->vrf, nb->cfg.vrf) &&
			    bgp_ce_in_same(c, &nb->cfg) &&
			    (size_t)nb->index == j) {
				nbs[j] = nb;
				keep = true;
				break;
			}
		}
		if (keep)
			continue;
		pr_info("bgp: %s: %s", bgp_peer__name(nb, n),
			"configuration changed, session reset");
		bgp_peer__stop(nb, BGP_CEASE_CONFIG_CHANGE);
		bgp_peer__free(nb);
	}
	free(sp->nb);
	sp->env.cfg = *b;
	sp->env.cfg.neighbors = NULL;
	sp->env.cfg.n_neighbors = 0;
	sp->env.router_id = rid;
	for (j = 0; j < b->n_neighbors; j++)
		if (!nbs[j]) {
			nbs[j] = bgp_peer__new(&sp->env, &b->neighbors[j],
					       (int)j);
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
		struct bgp_listener *l = sp->ls[i];
		bool keep = false;

		for (j = 0; j < sp->n_nb && !keep; j++)
			keep = sp->nb[j]->cfg.port == l->port &&
			       mplsx_addr__equal(&l->addr, &b->listen);
		for (j = 0; j < n_ls && keep; j++)
			keep = ls[j]->port != l->port;
		if (keep)
			ls[n_ls++] = l;
		else
			bgp_listener__close(sp->env.ep, l);
	}
	for (j = 0; j < sp->n_nb; j++) {
		uint16_t port = sp->nb[j]->cfg.port;
		struct bgp_listener *l;

		for (i = 0; i < n_ls && ls[i]->port != port; i++)
			;
		if (i < n_ls)
			continue;
		l = bgp_listener__open(sp->env.ep, &b->listen, port);
		if (l)
			ls[n_ls++] = l;
	}
	free(sp->ls);
	sp->ls = ls;
	sp->n_ls = n_ls;
	rearm(sp);
}

bool bgp_speaker__converged(const struct bgp_speaker *sp)
{
	size_t i;

	for (i = 0; sp && i < sp->n_nb; i++) {
		const struct bgp_peer *nb = sp->nb[i];

		if (!nb->up || (nb->s.af_active & ~nb->s.eor_received))
			return false;
	}
	return true;
}

void bgp_speaker__free(struct bgp_speaker *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->n_nb; i++) {
		/* Shutting down: a peer with GR keeps our routes; a Cease
		 * would make it drop them (RFC 4724 sec. 4). */
		if (!sp->env.cfg.graceful_restart)
			bgp_session_stop(&sp->nb[i]->s, bgp_peer__now(),
					 BGP_CEASE_ADMIN_SHUTDOWN);
		bgp_peer__free(sp->nb[i]);
	}
	for (i = 0; i < sp->n_ls; i++)
		bgp_listener__close(sp->env.ep, sp->ls[i]);
	free(sp->nb);
	free(sp->ls);
	close(sp->tfd);
	close(sp->env.ep);
	free(sp);
}

size_t bgp_speaker__n_peers(const struct bgp_speaker *sp)
{
	return sp ? sp->n_nb : 0;
}

void bgp_speaker__peer(const struct bgp_speaker *sp, size_t i,
		       struct bgp_peer_info *out)
{
	const struct bgp_peer *nb = sp->nb[i];

	out->cfg = &nb->cfg;
	out->session = &nb->s;
	out->advertised = nb->advertised;
	out->routes = nb->routes.n_af;
	out->stale = nb->routes.n_stale;
	out->peer_gr = nb->gr.peer_gr;
	out->peer_gr_time = nb->gr.peer_gr_time;
	out->restart_deadline = nb->gr.restart_deadline;
	out->eor_deferred = nb->eor_deferred != 0;
	out->now = bgp_peer__now();
}
