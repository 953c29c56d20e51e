/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vrf_ll.h - which VRF interface an IPv6 link-local next hop is on.
 *
 * A link-local address names no link by itself (RFC 4007 sec. 6): the
 * same fe80:: address may sit on every interface.  An OSPFv3 route's next
 * hop is the CE's link-local address (RFC 5340 sec. 2.5), and BIRD
 * hands it to mplsxd over the VRF's BGP session without the interface.
 * It is resolved on the VRF interface where the kernel knows it as a
 * neighbour (OSPFv3 has talked to it there), or, when none does, on the
 * VRF's only interface; never on an interface of another VRF or of the
 * core, and not at all when two interfaces of the VRF claim it.
 */
#ifndef MPLSX_VRF_LL_H
#define MPLSX_VRF_LL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svc/port.h"
#include "util/addr.h"

/* A link-local neighbour the kernel knows on a VRF interface. */
struct vrf_ll_nbr {
	uint32_t vrf_id;
	int ifindex; /* kernel device */
	struct mplsx_addr addr;
};

struct vrf_ll_set {
	struct vrf_ll_nbr *e;
	size_t n, cap;
};

/* fe80::/10. */
bool vrf_ll__is_link_local(const struct mplsx_addr *a);
/* Remember ADDR as a neighbour on IFINDEX of VRF_ID; 0 or -ENOMEM. */
int vrf_ll__add(struct vrf_ll_set *s, uint32_t vrf_id, int ifindex,
		const struct mplsx_addr *addr);
/* The kernel ifindex link-local ADDR of VRF_ID is on; 0: none or
 * ambiguous.  PORTS: MPLSX_MAX_PORTS of them. */
int vrf_ll__ifindex(const struct vrf_ll_set *s, const struct port_state *ports,
		    uint32_t vrf_id, const struct mplsx_addr *addr);
void vrf_ll__free(struct vrf_ll_set *s);

#endif
