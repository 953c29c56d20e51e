/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * port_vlans.h - what the agent (svc/port.c) does beside a VLAN port's
 * port_vlan entry: the interface's port_config entry gets
 * MPLSX_PORT_F_VLANS, without which the data path never asks port_vlan.
 */
#ifndef MPLSX_TEST_PORT_VLANS_H
#define MPLSX_TEST_PORT_VLANS_H

#include <bpf/bpf.h>
#include <stdint.h>

#include "dp/mplsx_abi.h"

/* Set the flag on port_config[ifindex], keeping the rest.  0 or -1. */
static inline int port_vlans_mark(int port_config_fd, uint32_t ifindex)
{
	struct port_config pc = {0};

	if (bpf_map_lookup_elem(port_config_fd, &ifindex, &pc))
		return -1;
	pc.flags |= MPLSX_PORT_F_VLANS;
	return bpf_map_update_elem(port_config_fd, &ifindex, &pc, BPF_ANY);
}

#endif
