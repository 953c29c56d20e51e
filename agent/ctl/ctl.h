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

#define MPLSX_DEFAULT_SOCKET  "/run/mplsx/mplsxd.sock"
#define MPLSX_CTL_MAX_REQUEST 4096

struct mplsx_router;
struct bgp_speaker;

/* Bind and listen on PATH (0600, its directory created 0700).  Refuses
 * when another daemon answers on it; removes a stale socket file. */
int ctl__listen(const char *path);
/* Accept one client and answer it about R and BGP (NULL: no speaker). */
void ctl__serve(int listen_fd, struct mplsx_router *r,
		const struct bgp_speaker *bgp);

/* Client side: send REQUEST (JSON text), return the malloc'd answer or
 * NULL with errno set. */
char *ctl__request(const char *path, const char *request);

#endif
