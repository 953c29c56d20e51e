/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * oam.h - MPLS OAM (RFC 8029) in mplsxd: the responder for echo requests
 * the data path hands over (oam_events, bpf/lib/oam.h), and the sender of
 * `mplsxctl ping lsp|vrf` and `traceroute lsp`, whose labelled frames it
 * builds from the next hop's adjacency and puts on the core port itself
 * (AF_PACKET), the kernel having no MPLS.  Replies travel as plain UDP
 * (port 3503) through the kernel's IP routing.
 *
 * Like the BGP speaker it owns an epoll fd (ring buffer, UDP sockets, a
 * timer): the daemon adds one fd to its loop.  Nothing in it blocks: a
 * ping answers its control connection when its last probe is answered or
 * timed out.
 */
#ifndef MPLSX_OAM_H
#define MPLSX_OAM_H

#include <stdbool.h>
#include <cjson/cJSON.h>
#include <stdint.h>

struct mplsx_router;
struct mplsx_oam;

/* After the data plane is loaded (its oam_events map). */
struct mplsx_oam *oam__new(struct mplsx_router *r);
void oam__free(struct mplsx_oam *o);
int oam__fd(const struct mplsx_oam *o);
void oam__dispatch(struct mplsx_oam *o);

/* A control request REQUEST (JSON text) on connection FD: a ping or a
 * traceroute takes FD (answered and closed later) and returns true;
 * anything else returns false and leaves FD to the caller. */
bool oam__ctl(struct mplsx_oam *o, int fd, const char *request);

struct oam_counters {
	uint64_t requests, replies_sent, rate_limited, bad_requests;
	uint64_t probes_sent, replies_received;
};
/* The counters, for show stats ("oam"). */
cJSON *oam__show(const struct mplsx_oam *o);

#endif
