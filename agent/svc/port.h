/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * port.h - the managed ports: the interfaces (or interface+VLAN) of the
 * config that XDP runs on, index = port_id.  Attaching, the port_config
 * and tx_port entries, and the lookups the other services make (which
 * port a next hop leaves by, a pseudowire's attachment circuit).
 */
#ifndef MPLSX_PORT_H
#define MPLSX_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "dp/dataplane.h"
#include "dp/nexthop.h"
#include "kernel/netlink.h"

struct port_state {
	bool used;
	bool absent; /* the interface is not there (yet): port_link.c */
	struct cfg_interface cfg;
	int ifindex;	    /* the port XDP runs on (a VLAN's parent) */
	int kernel_ifindex; /* the device with the addresses: ifindex, or
			     * the 802.1Q device of cfg.vlan */
	uint32_t vrf_id;    /* VRF ports */
	uint8_t mac[6];	    /* the kernel device's MAC: frames for it */
	enum xdp_attach_mode mode;
	struct port_config written; /* what port_config holds */
};

/* PORTS is an array of MPLSX_MAX_PORTS, index = port_id. */

/* The port a next hop through kernel device IFINDEX leaves by (a port
 * itself, or the 802.1Q device of a VLAN port); attachment circuits are
 * nobody's next hop. */
bool port__egress(const struct port_state *ports, int ifindex,
		  struct nh_port *np);
/* The port of NAME and VLAN; -1 when none. */
int port__find(const struct port_state *ports, const char *name, uint16_t vlan);
/* The attachment circuit of pseudowire PW_NAME; -1 when none. */
int port__ac(const struct port_state *ports, const char *pw_name);
/* The config entry of a running port (same name and VLAN), or NULL. */
const struct cfg_interface *port__cfg(const struct mplsx_config *cfg,
				      const struct port_state *p);
/* Attach every interface of CFG that is not attached yet, marking them in
 * ADDED.  All or none: on a failure (err says which key) the ones
 * attached here are detached again. */
int port__attach_new(struct port_state *ports, struct mplsx_dataplane *dp,
		     struct mplsx_nl *nl, const struct mplsx_config *cfg,
		     bool *added, char *err, size_t errlen);
/* Write port_config PC of PORT_ID when it changed and, for a new port,
 * its tx_port entry and zeroed counters. */
void port__write(struct port_state *ports, const struct mplsx_dataplane *dp,
		 uint32_t port_id, const struct port_config *pc, bool new);
/* port_config[IFINDEX] again from the ports on it: the untagged port's
 * entry (or none) and whether VLAN ports are there (MPLSX_PORT_F_VLANS). */
void port__parent_write(const struct port_state *ports,
			const struct mplsx_dataplane *dp, int ifindex);
/* Remove the port's entries; detach when no VLAN shares the interface. */
void port__remove(struct port_state *ports, struct mplsx_dataplane *dp,
		  int port_id);

#endif
