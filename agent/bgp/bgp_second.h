/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_second.h - a second connection from a neighbour whose session
 * already has one.  A bare connect changes nothing: the new connection is
 * held aside, read without blocking until it has sent a whole OPEN, and
 * only a valid OPEN lets it replace the running session (RFC 4271 sec.
 * 6.8; a peer that restarted says so with the graceful-restart capability,
 * RFC 4724 sec. 4.2).  Anything else, or nothing within
 * BGP_SECOND_TIMEOUT_MS, closes it.
 */
#ifndef MPLSX_BGP_SECOND_H
#define MPLSX_BGP_SECOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_conn.h"
#include "bgp/bgp_msg.h"

#define BGP_SECOND_TIMEOUT_MS 5000
#define BGP_SECOND_BUF	      4096 /* an OPEN is at most 4096 bytes */

struct bgp_second {
	struct bgp_ep_item item; /* kind BGP_EP_SECOND, obj: the peer */
	int fd;			 /* -1: none */
	int ep;
	uint8_t buf[BGP_SECOND_BUF];
	size_t len;
	uint64_t deadline;
};

enum bgp_second_state {
	BGP_SECOND_MORE, /* no whole message yet */
	BGP_SECOND_OPEN, /* an OPEN, parsed into *open */
	BGP_SECOND_BAD,	 /* gone, not an OPEN, or a malformed one: *err */
};

void bgp_second__init(struct bgp_second *c, int ep, void *peer);
/* Hold accepted FD aside (a previous one is closed). */
int bgp_second__start(struct bgp_second *c, int fd, uint64_t now);
bool bgp_second__active(const struct bgp_second *c);
/* Read what is there. */
enum bgp_second_state bgp_second__read(struct bgp_second *c,
				       struct bgp_open *open,
				       struct bgp_error *err);
/* Hand the fd over (out of our epoll registration): the caller owns it
 * and the bytes in buf[0..len). */
int bgp_second__take(struct bgp_second *c);
/* Close, after a NOTIFICATION when ERR is given. */
void bgp_second__close(struct bgp_second *c, const struct bgp_error *err);

#endif
