/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ctl.h - the control socket between mplsxd and mplsxctl.
 *
 * One request per connection: the client writes a JSON object
 *   {"command": "show", "object": "labels", "arg": "red"}
 *   {"command": "reload"}
 * and shuts down its write side; the daemon answers with one JSON value
 * (an object with an "error" member on failure) and closes.
 */
#ifndef MPLSX_CTL_H
#define MPLSX_CTL_H

#include <stddef.h>

#define MPLSX_CTL_MAX_REQUEST 4096
/* Clients served at once, and how long one may take to send its request
 * and read its answer: an idle or slow client delays nobody else. */
#define MPLSX_CTL_MAX_CLIENTS	    64
#define MPLSX_CTL_CLIENT_TIMEOUT_MS 5000

struct mplsx_router;
struct bgp_speaker;

/* Bind and listen on PATH (0600, its directory created 0700).  Refuses
 * when another daemon answers on it; removes a stale socket file. */
int ctl__listen(const char *path);
/* The server side: clients are accepted and read without blocking, each
 * with its own buffers; ctl__server_fd() is an epoll fd, readable when
 * ctl__server_dispatch() has work (call it on a timer too: deadlines). */
struct ctl_server;
struct ctl_server *ctl__server_new(int listen_fd, struct mplsx_router *r,
				   const struct bgp_speaker *bgp);
int ctl__server_fd(const struct ctl_server *s);
void ctl__server_dispatch(struct ctl_server *s);
void ctl__server_free(struct ctl_server *s);

/* Client side: send REQUEST (JSON text), return the malloc'd answer or
 * NULL with errno set. */
char *ctl__request(const char *path, const char *request);

#endif
