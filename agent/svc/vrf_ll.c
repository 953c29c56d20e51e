// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vrf_ll.c - the VRF interface of an IPv6 link-local next hop (vrf_ll.h). */
#include "svc/vrf_ll.h"

#include <errno.h>
#include <stdlib.h>

bool vrf_ll__is_link_local(const struct mplsx_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe &&
	       (a->bytes[1] & 0xc0) == 0x80;
}

int vrf_ll__add(struct vrf_ll_set *s, uint32_t vrf_id, int ifindex,
		const struct mplsx_addr *addr)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct vrf_ll_nbr *n = realloc(s->e, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->e = n;
		s->cap = cap;
	}
	s->e[s->n++] = (struct vrf_ll_nbr){
		.vrf_id = vrf_id, .ifindex = ifindex, .addr = *addr};
	return 0;
}

int vrf_ll__ifindex(const struct vrf_ll_set *s, const struct port_state *ports,
		    uint32_t vrf_id, const struct mplsx_addr *addr)
{
	int found = 0, only = 0, p;
	size_t i;

	if (!vrf_ll__is_link_local(addr))
		return 0;
	for (i = 0; i < s->n; i++) {
		if (s->e[i].vrf_id != vrf_id ||
		    !mplsx_addr__equal(&s->e[i].addr, addr))
			continue;
		if (found && found != s->e[i].ifindex)
			return 0; /* on two links: which one is a guess */
		found = s->e[i].ifindex;
	}
	if (found)
		return found;
	/* No neighbour yet (none resolved, or flushed): a VRF with one
	 * interface has only one place for it.  Resolving the next hop
	 * there sends the neighbour solicitation. */
	for (p = 0; p < MPLSX_MAX_PORTS; p++) {
		if (!ports[p].used || ports[p].vrf_id != vrf_id ||
		    ports[p].kernel_ifindex <= 0)
			continue;
		if (only && only != ports[p].kernel_ifindex)
			return 0;
		only = ports[p].kernel_ifindex;
	}
	return only;
}

void vrf_ll__free(struct vrf_ll_set *s)
{
	free(s->e);
	s->e = NULL;
	s->n = s->cap = 0;
}
