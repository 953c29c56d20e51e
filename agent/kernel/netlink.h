/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * netlink.h - what the agent asks the kernel (libmnl, rtnetlink): links,
 * routes and neighbours, and the events that say one of them changed.
 *
 * The kernel holds the IGP routes and the ARP/ND cache; the agent turns a
 * "via" address into an adjacency (egress port, source and destination
 * MAC, MTU) before it writes a map entry.
 */
#ifndef MPLSX_NETLINK_H
#define MPLSX_NETLINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/addr.h"

struct mplsx_nl;

struct mplsx_link {
	int ifindex;
	char name[IF_NAMESIZE];
	uint8_t mac[6];
	unsigned int mtu;
	bool up; /* IFF_UP and carrier (IFF_LOWER_UP / oper state up) */
};

struct mplsx_adjacency {
	struct mplsx_link link;	    /* egress interface */
	struct mplsx_addr neighbor; /* route gateway, or via when on-link */
	uint8_t dmac[6];
	bool dmac_valid; /* neighbour entry usable (REACHABLE/STALE/...) */
};

/* Open a request socket and an event socket subscribed to link, address,
 * IPv4/IPv6 route and neighbour changes.  NULL and errno on failure. */
struct mplsx_nl *mplsx_nl__open(void);
void mplsx_nl__close(struct mplsx_nl *nl);

/* The event socket, for epoll; non-blocking. */
int mplsx_nl__event_fd(const struct mplsx_nl *nl);
/* Read every pending event.  Returns 1 when something that can change an
 * adjacency arrived (link, address, route, neighbour), 0 when nothing did,
 * negative errno on error.  On ENOBUFS (events lost) it returns 1 so the
 * caller re-resolves everything. */
int mplsx_nl__drain_events(struct mplsx_nl *nl);

/* Link by name or index; 0, or -ENODEV when there is no such link. */
int mplsx_nl__link_by_name(struct mplsx_nl *nl, const char *name,
			   struct mplsx_link *link);
int mplsx_nl__link_by_index(struct mplsx_nl *nl, int ifindex,
			    struct mplsx_link *link);

/* Resolve VIA as the kernel would forward to it (RTM_GETROUTE, like
 * `ip route get`), then look the neighbour up on the egress link.
 * Returns 0 with *adj filled (dmac_valid says whether the MAC is known);
 * -ENETUNREACH when there is no route; other negative errno on error.
 * When the neighbour is missing, incomplete or failed, asks the kernel to
 * resolve it (RTM_NEWNEIGH with NTF_USE sends ARP / ND) and returns 0 with
 * dmac_valid false: the neighbour event that follows triggers a retry. */
int mplsx_nl__resolve(struct mplsx_nl *nl, const struct mplsx_addr *via,
		      struct mplsx_adjacency *adj);

/* Like mplsx_nl__resolve, with the route lookup bound to IFINDEX (RTA_OIF,
 * like `ip route get VIA oif DEV`).  Needed for IPv6 link-local vias,
 * which are ambiguous without an interface.  -EINVAL when ifindex <= 0.
 *
 * Both: RTN_LOCAL routes (via is one of our own addresses) give
 * -EADDRNOTAVAIL; broadcast/multicast/anycast give -EINVAL.  When the
 * egress link is not up, they return 0 with adj->link.up false and
 * dmac_valid false (no ARP is sent); dmac_valid true implies link.up. */
int mplsx_nl__resolve_on(struct mplsx_nl *nl, const struct mplsx_addr *via,
			 int ifindex, struct mplsx_adjacency *adj);

/* One path of a route: its adjacency, how it resolved (as
 * mplsx_nl__resolve returns), and its weight (1..256). */
#define MPLSX_NL_MAX_PATHS 16
struct mplsx_path {
	struct mplsx_adjacency adj;
	int err;
	unsigned int weight;
};

/* Every path the kernel's route to VIA has: each next hop of a multipath
 * route (RTA_MULTIPATH), or of a nexthop object group (RTA_NH_ID), as an
 * adjacency of its own (a dead or link-down next hop has link.up false).
 * A route with one next hop gives one path, exactly what
 * mplsx_nl__resolve gives.  Returns the number of paths written (1..max),
 * or negative errno when none can be (max < 1, bad address). */
int mplsx_nl__resolve_paths(struct mplsx_nl *nl, const struct mplsx_addr *via,
			    struct mplsx_path *paths, int max);

/* Every IPv4/IPv6 address of IFINDEX (link-local IPv6 and host-scope
 * addresses included; the caller decides); CB is called once per address
 * with its prefix length.  0 or negative errno. */
typedef void (*mplsx_nl_addr_cb)(void *ctx, const struct mplsx_addr *addr,
				 int prefix_len);
int mplsx_nl__addrs(struct mplsx_nl *nl, int ifindex, mplsx_nl_addr_cb cb,
		    void *ctx);

/* Every usable neighbour (REACHABLE/STALE/DELAY/PROBE/PERMANENT, with a
 * MAC) on IFINDEX, both families. */
typedef void (*mplsx_nl_neigh_cb)(void *ctx, const struct mplsx_addr *addr,
				  const uint8_t mac[6]);
int mplsx_nl__neighbors(struct mplsx_nl *nl, int ifindex, mplsx_nl_neigh_cb cb,
			void *ctx);

/* The 802.1Q device with id VLAN whose lower link is PARENT (the device
 * that holds this router's addresses for that VLAN); -ENODEV if none. */
int mplsx_nl__vlan_link(struct mplsx_nl *nl, int parent, uint16_t vlan,
			struct mplsx_link *link);

#endif
