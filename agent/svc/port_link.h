/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* port_link.h - ports follow their interfaces by name (port_link.c). */
#ifndef MPLSX_PORT_LINK_H
#define MPLSX_PORT_LINK_H

#include <stdbool.h>

#include "svc/port.h"

/* Ports whose interface went are marked absent (entries removed); absent
 * ports whose interface is there (again) are attached and marked in
 * APPEARED (MPLSX_MAX_PORTS): their map entries are the caller's to
 * write.  Returns how many appeared. */
int port__follow_links(struct port_state *ports, struct mplsx_dataplane *dp,
		       struct mplsx_nl *nl, bool *appeared);

#endif
