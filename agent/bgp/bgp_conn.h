/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_conn.h - the speaker's sockets: listeners, and one non-blocking TCP
 * connection per session with a write queue (what the peer cannot take
 * yet goes out on EPOLLOUT, so a full table never blocks the daemon).
 * Everything is registered in one epoll set, each fd with a bgp_ep_item
 * that says what it is.
 */
#ifndef MPLSX_BGP_CONN_H
#define MPLSX_BGP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/addr.h"

enum bgp_ep_kind { BGP_EP_LISTENER, BGP_EP_PEER, BGP_EP_TIMER, BGP_EP_SECOND };

/* epoll_event.data.ptr of every fd in the speaker's epoll set. */
struct bgp_ep_item {
	enum bgp_ep_kind kind;
	void *obj;
};

struct bgp_listener {
	struct bgp_ep_item item;
	struct mplsx_addr addr;
	uint16_t port;
	int fd;
};

/* Listen on ADDR:PORT, registered in EP; NULL (logged) on failure. */
struct bgp_listener *bgp_listener__open(int ep, const struct mplsx_addr *addr,
					uint16_t port);
void bgp_listener__close(int ep, struct bgp_listener *l);
/* The next pending connection (non-blocking, close-on-exec): its fd, the
 * peer's address (IPv4-mapped IPv6 as IPv4) and port; -1 when none. */
int bgp_listener__accept(const struct bgp_listener *l, struct mplsx_addr *peer,
			 uint16_t *port);

struct bgp_conn {
	int fd; /* -1: no connection */
	int ep;
	struct bgp_ep_item *item; /* registered with fd */
	bool epollout;
	uint8_t *wbuf;
	size_t wlen, woff, wcap;
	bool broken; /* a write failed: close after the FSM call */
	char name[MPLSX_ADDRSTRLEN + 8]; /* for the log */
};

/* No connection yet; fds go into EP with ITEM. */
void bgp_conn__init(struct bgp_conn *c, int ep, struct bgp_ep_item *item,
		    const char *name);
/* Take over accepted FD (TCP_NODELAY, in the epoll set); -1 on failure,
 * FD closed. */
int bgp_conn__attach(struct bgp_conn *c, int fd);
/* Queue MSG; written at once while the socket takes it.  -EPIPE without
 * a connection, -ENOMEM (and broken) when the queue would grow past its
 * bound. */
int bgp_conn__send(struct bgp_conn *c, const uint8_t *msg, size_t len);
/* Write what is queued; EPOLLOUT while some is left. */
void bgp_conn__flush(struct bgp_conn *c);
/* Read into BUF: bytes read, 0 when the peer closed, -1 with errno. */
ssize_t bgp_conn__recv(struct bgp_conn *c, uint8_t *buf, size_t cap);
/* Flush (a NOTIFICATION, best effort) and close. */
void bgp_conn__close(struct bgp_conn *c);
/* Close, and free the queue. */
void bgp_conn__free(struct bgp_conn *c);

#endif
