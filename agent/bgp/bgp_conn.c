// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_conn.c - listeners and connections of the BGP speaker (bgp_conn.h). */
#include "bgp/bgp_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/log.h"

#define WBUF_MAX (256u << 20) /* a peer that reads nothing, ever */

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

struct bgp_listener *bgp_listener__open(int ep, const struct mplsx_addr *addr,
					uint16_t port)
{
	struct bgp_listener *l = calloc(1, sizeof(*l));
	struct epoll_event ev = {.events = EPOLLIN};
	char a[MPLSX_ADDRSTRLEN];
	struct sockaddr_storage ss;
	int one = 1, len;

	if (!l)
		return NULL;
	l->item.kind = BGP_EP_LISTENER;
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
	    listen(l->fd, 16) || epoll_ctl(ep, EPOLL_CTL_ADD, l->fd, &ev)) {
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

void bgp_listener__close(int ep, struct bgp_listener *l)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, l->fd, NULL);
	close(l->fd);
	free(l);
}

int bgp_listener__accept(const struct bgp_listener *l, struct mplsx_addr *peer,
			 uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl,
			 SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd >= 0)
		addr_of(&ss, peer, port);
	return fd;
}

/* ---- connections ------------------------------------------------------ */

void bgp_conn__init(struct bgp_conn *c, int ep, struct bgp_ep_item *item,
		    const char *name)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->ep = ep;
	c->item = item;
	snprintf(c->name, sizeof(c->name), "%s", name);
}

int bgp_conn__attach(struct bgp_conn *c, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c->item};
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	c->broken = false;
	c->epollout = false;
	if (epoll_ctl(c->ep, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

static void ep_mod(struct bgp_conn *c, bool out)
{
	struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0),
				 .data.ptr = c->item};

	if (c->fd < 0 || c->epollout == out)
		return;
	c->epollout = out;
	epoll_ctl(c->ep, EPOLL_CTL_MOD, c->fd, &ev);
}

void bgp_conn__flush(struct bgp_conn *c)
{
	while (c->fd >= 0 && !c->broken && c->woff < c->wlen) {
		ssize_t w = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff,
				 MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0) {
			pr_info("bgp: %s: send: %s", c->name, strerror(errno));
			c->broken = true;
			break;
		}
		c->woff += (size_t)w;
	}
	if (c->woff == c->wlen)
		c->woff = c->wlen = 0;
	ep_mod(c, c->wlen > 0 && !c->broken);
}

int bgp_conn__send(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	if (c->fd < 0 || c->broken)
		return -EPIPE;
	if (c->woff && c->woff >= c->wlen / 2) {
		memmove(c->wbuf, c->wbuf + c->woff, c->wlen - c->woff);
		c->wlen -= c->woff;
		c->woff = 0;
	}
	if (c->wlen + len > c->wcap) {
		size_t cap = c->wcap ? c->wcap : 65536;
		uint8_t *b;

		while (cap < c->wlen + len)
			cap *= 2;
		b = cap <= WBUF_MAX ? realloc(c->wbuf, cap) : NULL;
		if (!b) {
			pr_warn("bgp: write queue of %zu bytes: dropping "
				"the session",
				c->wlen);
			c->broken = true;
			return -ENOMEM;
		}
		c->wbuf = b;
		c->wcap = cap;
	}
	memcpy(c->wbuf + c->wlen, msg, len);
	c->wlen += len;
	/* Keep the queue short when a whole table goes out. */
	if (c->wlen - c->woff >= 65536)
		bgp_conn__flush(c);
	return 0;
}

ssize_t bgp_conn__recv(struct bgp_conn *c, uint8_t *buf, size_t cap)
{
	return recv(c->fd, buf, cap, 0);
}

void bgp_conn__close(struct bgp_conn *c)
{
	if (c->fd < 0)
		return;
	bgp_conn__flush(c); /* a NOTIFICATION, best effort */
	epoll_ctl(c->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	c->epollout = false;
	c->broken = false;
	c->wlen = c->woff = 0;
}

void bgp_conn__free(struct bgp_conn *c)
{
	bgp_conn__close(c);
	free(c->wbuf);
	c->wbuf = NULL;
	c->wcap = 0;
}
