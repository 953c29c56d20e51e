// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* port.c - the managed ports (port.h). */
#include "svc/port.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

bool port__egress(const struct port_state *ports, int ifindex,
		  struct nh_port *np)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		const struct port_state *p = &ports[i];

		if (!p->used || p->kernel_ifindex != ifindex ||
		    p->cfg.pseudowire[0] || p->cfg.vpls[0])
			continue;
		np->port_id = (uint32_t)i;
		np->tx_ifindex = (uint32_t)p->ifindex;
		np->vlan_id = p->cfg.vlan;
		np->core = p->cfg.mpls;
		return true;
	}
	return false;
}

int port__find(const struct port_state *ports, const char *name, uint16_t vlan)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (ports[i].used && !strcmp(ports[i].cfg.name, name) &&
		    ports[i].cfg.vlan == vlan)
			return i;
	return -1;
}

int port__ac(const struct port_state *ports, const char *pw_name)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (ports[i].used && !strcmp(ports[i].cfg.pseudowire, pw_name))
			return i;
	return -1;
}

const struct cfg_interface *port__cfg(const struct mplsx_config *cfg,
				      const struct port_state *p)
{
	size_t i;

	for (i = 0; i < cfg->n_interfaces; i++)
		if (!strcmp(cfg->interfaces[i].name, p->cfg.name) &&
		    cfg->interfaces[i].vlan == p->cfg.vlan)
			return &cfg->interfaces[i];
	return NULL;
}

/* Another port on the same interface (VLANs share their parent's XDP). */
static const struct port_state *sibling(const struct port_state *ports,
					int ifindex, int self)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (i != self && ports[i].used && ports[i].ifindex == ifindex)
			return &ports[i];
	return NULL;
}

static int free_slot(const struct port_state *ports, const bool *taken)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (!ports[i].used && !taken[i])
			return i;
	return -1;
}

/*
 * port_config[ifindex]: the untagged port's entry (none: role 0), with
 * MPLSX_PORT_F_VLANS while VLAN ports of the interface are in port_vlan:
 * a tagged frame costs the port_vlan lookup only then.  Written after
 * every change of the interface's ports; the flag is set before a VLAN
 * port's entry is added (port__write) and cleared after the last one
 * went, so a VLAN port's frames are never taken for the untagged port's.
 */
static void port_parent_write(const struct port_state *ports,
			      const struct mplsx_dataplane *dp, int ifindex)
{
	struct port_key key = {.ifindex = (uint32_t)ifindex};
	struct port_config pc = {0};
	bool vlans = false;
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		const struct port_state *p = &ports[i];

		if (!p->used || p->absent || p->ifindex != ifindex)
			continue;
		if (p->cfg.vlan)
			vlans = true;
		else
			pc = p->written;
	}
	if (vlans)
		pc.flags |= MPLSX_PORT_F_VLANS;
	if (ifindex > 0 && dataplane__port_write(dp, &key, &pc))
		pr_warn("ifindex %d: port_config update failed: %s", ifindex,
			strerror(errno));
}

void port__write(struct port_state *ports, const struct mplsx_dataplane *dp,
		 uint32_t port_id, const struct port_config *pc, bool new)
{
	struct port_state *p = &ports[port_id];
	struct port_key key = {.ifindex = (uint32_t)p->ifindex,
			       .vlan_id = p->cfg.vlan};
	uint32_t ifindex = (uint32_t)p->ifindex;

	if (!new && !memcmp(pc, &p->written, sizeof(*pc)))
		return;
	p->written = *pc;
	if (new)
		dataplane__percpu_zero(dp, dataplane__port_stats(dp), port_id,
				       sizeof(struct port_stats));
	if (bpf_map_update_elem(dataplane__tx_port(dp), &ifindex, &ifindex,
				BPF_ANY))
		pr_warn("%s: tx_port update failed: %s", p->cfg.name,
			strerror(errno));
	/* The untagged port's entry, or the flag its VLAN needs, first. */
	port_parent_write(ports, dp, p->ifindex);
	if (key.vlan_id && dataplane__port_write(dp, &key, pc))
		pr_warn("%s: port_config update failed: %s", p->cfg.name,
			strerror(errno));
}

void port__remove(struct port_state *ports, struct mplsx_dataplane *dp,
		  int port_id)
{
	struct port_state *p = &ports[port_id];
	struct port_key key = {.ifindex = (uint32_t)p->ifindex,
			       .vlan_id = p->cfg.vlan};
	uint32_t ifindex = (uint32_t)p->ifindex;

	if (p->absent) {
		memset(p, 0, sizeof(*p));
		return;
	}
	if (key.vlan_id)
		dataplane__port_write(dp, &key, NULL);
	if (!sibling(ports, p->ifindex, port_id)) {
		bpf_map_delete_elem(dataplane__tx_port(dp), &ifindex);
		if (dataplane__detach(dp, p->ifindex, p->mode))
			pr_warn("%s: detach failed", p->cfg.name);
		else
			pr_info("%s: detached", p->cfg.name);
	}
	memset(p, 0, sizeof(*p));
	port_parent_write(ports, dp, (int)ifindex);
}

void port__parent_write(const struct port_state *ports,
			const struct mplsx_dataplane *dp, int ifindex)
{
	port_parent_write(ports, dp, ifindex);
}

int port__attach_new(struct port_state *ports, struct mplsx_dataplane *dp,
		     struct mplsx_nl *nl, const struct mplsx_config *cfg,
		     bool *added, char *err, size_t errlen)
{
	struct mplsx_link link;
	size_t i;
	int slot, rc;

	for (i = 0; i < cfg->n_interfaces; i++) {
		const struct cfg_interface *ci = &cfg->interfaces[i];
		struct port_state *p;

		const struct port_state *sib;
		struct mplsx_link vlan_dev;

		if (port__find(ports, ci->name, ci->vlan) >= 0)
			continue;
		rc = mplsx_nl__link_by_name(nl, ci->name, &link);
		slot = free_slot(ports, added);
		if (slot < 0) {
			snprintf(err, errlen, "interfaces[%zu].name: %s", i,
				 "too many interfaces");
			goto rollback;
		}
		p = &ports[slot];
		if (rc) {
			/* Attached when it appears (port_link.c). */
			memset(p, 0, sizeof(*p));
			p->used = p->absent = true;
			p->cfg = *ci;
			added[slot] = true;
			pr_warn("%s: no such interface: absent, attached when "
				"it appears",
				ci->name);
			continue;
		}
		p->kernel_ifindex = link.ifindex;
		memcpy(p->mac, link.mac, sizeof(p->mac));
		if (ci->vlan && !ci->pseudowire[0] && !ci->vpls[0]) {
			/* The kernel's 802.1Q device holds this router's
			 * addresses on the VLAN and does its ARP/ND.  An
			 * attachment circuit has neither: no device. */
			rc = mplsx_nl__vlan_link(nl, link.ifindex, ci->vlan,
						 &vlan_dev);
			if (rc) {
				snprintf(err, errlen,
					 "interfaces[%zu].vlan: no 802.1Q "
					 "device for VLAN %u on %s (ip link "
					 "add link %s name %s.%u type vlan id "
					 "%u)",
					 i, ci->vlan, ci->name, ci->name,
					 ci->name, ci->vlan, ci->vlan);
				goto rollback;
			}
			p->kernel_ifindex = vlan_dev.ifindex;
			memcpy(p->mac, vlan_dev.mac, sizeof(p->mac));
		}
		sib = sibling(ports, link.ifindex, slot);
		if (sib) {
			/* XDP is on the interface already: share it. */
			p->mode = sib->mode;
			p->used = true;
			p->cfg = *ci;
			p->ifindex = link.ifindex;
			added[slot] = true;
			continue;
		}
		rc = dataplane__attach(dp, link.ifindex, &p->mode);
		if (rc) {
			char buf[128];

			libxdp_strerror(rc, buf, sizeof(buf));
			snprintf(err, errlen,
				 "interfaces[%zu].name: cannot attach XDP to "
				 "%s: %s",
				 i, ci->name, buf);
			goto rollback;
		}
		p->used = true;
		p->cfg = *ci;
		p->ifindex = link.ifindex;
		added[slot] = true;
		pr_info("%s: attached (%s XDP)", ci->name,
			dataplane__mode_name(p->mode));
	}
	return 0;

rollback:
	for (slot = 0; slot < MPLSX_MAX_PORTS; slot++) {
		if (!added[slot])
			continue;
		if (!ports[slot].absent &&
		    !sibling(ports, ports[slot].ifindex, slot))
			dataplane__detach(dp, ports[slot].ifindex,
					  ports[slot].mode);
		memset(&ports[slot], 0, sizeof(ports[slot]));
		added[slot] = false;
	}
	return -EINVAL;
}
