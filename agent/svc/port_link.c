// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * port_link.c - ports follow their interfaces by name: one deleted and
 * created again, or renamed away and back, is attached again with the
 * role the config gives it; one that is not there is shown "absent" and
 * attached when it appears (netlink link events bring us here at once).
 */
#include "svc/port_link.h"

#include <bpf/bpf.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

static bool shares_ifindex(const struct port_state *ports, int ifindex,
			   int self)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (i != self && ports[i].used && !ports[i].absent &&
		    ports[i].ifindex == ifindex)
			return true;
	return false;
}

/* Where the port's name points now: 0 and the devices, or -1: absent. */
static int port_locate(struct mplsx_nl *nl, const struct port_state *p,
		       struct mplsx_link *link, struct mplsx_link *kernel)
{
	if (mplsx_nl__link_by_name(nl, p->cfg.name, link))
		return -1;
	*kernel = *link;
	if (p->cfg.vlan && !p->cfg.pseudowire[0] &&
	    mplsx_nl__vlan_link(nl, link->ifindex, p->cfg.vlan, kernel))
		return -1;
	return 0;
}

/* The interface went (or is another one now): its entries go, and the
 * program leaves it when it still exists under another name. */
static void port_lost(struct port_state *ports, struct mplsx_dataplane *dp,
		      int id)
{
	struct port_state *p = &ports[id];
	struct port_key key = {.ifindex = (uint32_t)p->ifindex,
			       .vlan_id = p->cfg.vlan};
	uint32_t ifindex = (uint32_t)p->ifindex;

	if (key.vlan_id)
		dataplane__port_write(dp, &key, NULL);
	if (!shares_ifindex(ports, p->ifindex, id)) {
		bpf_map_delete_elem(dataplane__tx_port(dp), &ifindex);
		dataplane__detach(dp, p->ifindex, p->mode);
	}
	pr_info("%s: gone (ifindex %d), waiting for it to come back",
		p->cfg.name, p->ifindex);
	p->absent = true;
	p->ifindex = p->kernel_ifindex = 0;
	memset(&p->written, 0, sizeof(p->written));
	port__parent_write(ports, dp, (int)ifindex);
}

static bool port_found(struct port_state *ports, struct mplsx_dataplane *dp,
		       int id, const struct mplsx_link *link,
		       const struct mplsx_link *kernel)
{
	struct port_state *p = &ports[id];
	int rc = dataplane__attach(dp, link->ifindex, &p->mode);

	if (rc) {
		pr_warn("%s: cannot attach XDP (ifindex %d): %s", p->cfg.name,
			link->ifindex, strerror(-rc));
		return false;
	}
	p->absent = false;
	p->ifindex = link->ifindex;
	p->kernel_ifindex = kernel->ifindex;
	memcpy(p->mac, kernel->mac, sizeof(p->mac));
	pr_info("%s: attached (ifindex %d, %s XDP)", p->cfg.name, p->ifindex,
		dataplane__mode_name(p->mode));
	return true;
}

int port__follow_links(struct port_state *ports, struct mplsx_dataplane *dp,
		       struct mplsx_nl *nl, bool *appeared)
{
	struct mplsx_link link, kernel;
	int i, n = 0;

	/* Lost first: a name that moved to another device frees its old
	 * ifindex before anything attaches. */
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		struct port_state *p = &ports[i];

		if (!p->used || p->absent)
			continue;
		if (port_locate(nl, p, &link, &kernel) ||
		    link.ifindex != p->ifindex ||
		    kernel.ifindex != p->kernel_ifindex)
			port_lost(ports, dp, i);
	}
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		struct port_state *p = &ports[i];

		appeared[i] = false;
		if (!p->used || !p->absent ||
		    port_locate(nl, p, &link, &kernel))
			continue;
		if (port_found(ports, dp, i, &link, &kernel)) {
			appeared[i] = true;
			n++;
		}
	}
	return n;
}
