/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * metrics.h - Prometheus metrics at http://ADDR:PORT/metrics (config key
 * "metrics"), served by libmicrohttpd in a thread of its own.
 *
 * The HTTP thread never touches the router: a scrape asks the daemon's
 * event loop for a snapshot (an eventfd the loop polls), the loop renders
 * the exposition text from its own state and publishes it under a mutex,
 * and the HTTP thread copies it out.  A loop that is busy does not make
 * the scrape wait longer than a second (the last snapshot is served), and
 * a scrape never makes the loop wait.  The text has no per-route series:
 * its size follows interfaces, VRFs, labels, pseudowires and peers.
 */
#ifndef MPLSX_METRICS_H
#define MPLSX_METRICS_H

#include <stddef.h>

struct mplsx_router;
struct mplsx_config;
struct metrics;
struct bgp_speaker;

/* Metrics of R and BGP (the speaker; NULL: none). */
struct metrics *metrics__new(const struct mplsx_router *r,
			     const struct bgp_speaker *bgp);
/* Listen where CFG's metrics.listen says (stop when it is gone, restart
 * when it changed); a failure to listen is logged, the daemon runs on. */
void metrics__apply(struct metrics *m, const struct mplsx_config *cfg);
/* Readable when a scrape waits for a snapshot; -1 never. */
int metrics__fd(const struct metrics *m);
void metrics__dispatch(struct metrics *m);
void metrics__free(struct metrics *m);

/* The exposition text (format 0.0.4) of R's and BGP's state, malloc'd;
 * NULL on allocation failure. */
char *metrics__render(const struct mplsx_router *r,
		      const struct bgp_speaker *bgp, size_t *len);

#endif
