// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_second.c - a neighbour's second connection, held aside
 * (bgp_second.h). */
#include "bgp/bgp_second.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

void bgp_second__init(struct bgp_second *c, int ep, void *peer)
{
	memset(c, 0, sizeof(*c));
	c->item.kind = BGP_EP_SECOND;
	c->item.obj = peer;
	c->fd = -1;
	c->ep = ep;
}

bool bgp_second__active(const struct bgp_second *c)
{
	return c->fd >= 0;
}

int bgp_second__start(struct bgp_second *c, int fd, uint64_t now)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &c->item};

	if (c->fd >= 0)
		bgp_second__close(c, NULL);
	if (epoll_ctl(c->ep, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return -errno;
	}
	c->fd = fd;
	c->len = 0;
	c->deadline = now + BGP_SECOND_TIMEOUT_MS;
	return 0;
}

enum bgp_second_state bgp_second__read(struct bgp_second *c,
				       struct bgp_open *open,
				       struct bgp_error *err)
{
	uint8_t type;
	int mlen;

	memset(err, 0, sizeof(*err));
	while (c->len < sizeof(c->buf)) {
		ssize_t n = recv(c->fd, c->buf + c->len,
				 sizeof(c->buf) - c->len, MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return BGP_SECOND_BAD; /* closed, nothing to tell */
		c->len += (size_t)n;
	}
	mlen = bgp_hdr_check(c->buf, c->len, &type, err);
	if (mlen < 0)
		return BGP_SECOND_BAD;
	if (mlen == 0)
		return c->len < sizeof(c->buf) ? BGP_SECOND_MORE
					       : BGP_SECOND_BAD;
	if (type != BGP_MSG_OPEN) {
		bgp_error_set(err, BGP_ERR_FSM, 0, NULL, 0);
		return BGP_SECOND_BAD;
	}
	if (bgp_open_parse(c->buf, (size_t)mlen, open, err))
		return BGP_SECOND_BAD;
	return BGP_SECOND_OPEN;
}

int bgp_second__take(struct bgp_second *c)
{
	int fd = c->fd;

	epoll_ctl(c->ep, EPOLL_CTL_DEL, fd, NULL);
	c->fd = -1;
	return fd;
}

void bgp_second__close(struct bgp_second *c, const struct bgp_error *err)
{
	uint8_t msg[BGP_ERR_DATA_MAX + 32];
	int fd, n;

	if (c->fd < 0)
		return;
	fd = bgp_second__take(c);
	if (err && err->code) {
		n = bgp_notification_build(err, msg, sizeof(msg));
		if (n > 0)
			send(fd, msg, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
	}
	close(fd);
	c->len = 0;
}
