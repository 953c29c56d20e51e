// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * netlink.c - links, routes and neighbours over rtnetlink (libmnl).
 *
 * Two sockets: a blocking request socket (one request at a time, matched
 * by sequence number, every request acknowledged) and a non-blocking event
 * socket subscribed to the multicast groups that can change an adjacency.
 */
#include "kernel/netlink.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

/*
 * MNL_SOCKET_BUFFER_SIZE is only a page (4 KiB) on x86; the kernel sizes
 * dump skbs up to 32 KiB, and a short buffer truncates them (ENOSPC).
 * 32 KiB is what newer libmnl calls MNL_SOCKET_DUMP_SIZE.
 */
#define NL_RECV_SIZE 32768
#define NL_SEND_SIZE 1024
/* Event socket receive buffer: a route flap of a full table must fit. */
#define NL_EVENT_RCVBUF (4 * 1024 * 1024)
/* A reply that has not come after this long will not come. */
#define NL_REPLY_TIMEOUT_MS 2000
/* Bounds on reads per call, so a flood cannot pin the daemon here. */
#define NL_MAX_REPLY_READS 65536
#define NL_MAX_EVENT_READS 1024

struct mplsx_nl {
	struct mnl_socket *req;
	struct mnl_socket *ev;
	unsigned int portid;
	unsigned int seq;
	alignas(struct nlmsghdr) char sbuf[NL_SEND_SIZE];
	alignas(struct nlmsghdr) char rbuf[NL_RECV_SIZE];
};

static int set_rcvbuf(struct mnl_socket *sock, int size)
{
	int fd = mnl_socket_get_fd(sock);

	/* FORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)))
		return -errno;
	return 0;
}

static int open_request_socket(struct mplsx_nl *nl)
{
	struct timeval tv = {
		.tv_sec = NL_REPLY_TIMEOUT_MS / 1000,
		.tv_usec = (NL_REPLY_TIMEOUT_MS % 1000) * 1000,
	};
	int one = 1;

	nl->req = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->req)
		return -errno;
	if (mnl_socket_bind(nl->req, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->req);
	if (setsockopt(mnl_socket_get_fd(nl->req), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)))
		return -errno;
	/* Errors without a copy of our request; optional, so ignore. */
	mnl_socket_setsockopt(nl->req, NETLINK_CAP_ACK, &one, sizeof(one));
	/*
	 * Strict checking makes the kernel filter neighbour dumps by
	 * ifindex; it also rejects malformed requests instead of guessing.
	 */
	mnl_socket_setsockopt(nl->req, NETLINK_GET_STRICT_CHK, &one,
			      sizeof(one));
	return 0;
}

static int open_event_socket(struct mplsx_nl *nl)
{
	unsigned int groups = RTMGRP_LINK | RTMGRP_NEIGH | RTMGRP_IPV4_ROUTE |
			      RTMGRP_IPV6_ROUTE | RTMGRP_IPV4_IFADDR |
			      RTMGRP_IPV6_IFADDR;
	int err, group;

	nl->ev = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!nl->ev)
		return -errno;
	/* Set before bind so no burst is lost in a default-sized buffer. */
	err = set_rcvbuf(nl->ev, NL_EVENT_RCVBUF);
	if (err)
		return err;
	if (mnl_socket_bind(nl->ev, groups, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	/* Nexthop objects (`ip nexthop`) have no legacy group bit. */
	group = RTNLGRP_NEXTHOP;
	if (mnl_socket_setsockopt(nl->ev, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}

struct mplsx_nl *mplsx_nl__open(void)
{
	struct mplsx_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return NULL;
	/* Different seq per run, so replies meant for a previous process
	 * that had our portid can never match. */
	nl->seq = (unsigned int)time(NULL);
	err = open_request_socket(nl);
	if (!err)
		err = open_event_socket(nl);
	if (err) {
		mplsx_nl__close(nl);
		errno = -err;
		return NULL;
	}
	return nl;
}

void mplsx_nl__close(struct mplsx_nl *nl)
{
	int saved = errno;

	if (!nl)
		return;
	if (nl->req)
		mnl_socket_close(nl->req);
	if (nl->ev)
		mnl_socket_close(nl->ev);
	free(nl);
	errno = saved;
}

int mplsx_nl__event_fd(const struct mplsx_nl *nl)
{
	return mnl_socket_get_fd(nl->ev);
}

static bool is_adjacency_event(uint16_t type)
{
	switch (type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		return true;
	default:
		return false;
	}
}

int mplsx_nl__drain_events(struct mplsx_nl *nl)
{
	int changed = 0;
	int i;

	/* Bounded: what is left keeps the fd readable for the next epoll. */
	for (i = 0; i < NL_MAX_EVENT_READS; i++) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->ev, nl->rbuf, sizeof(nl->rbuf));
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == EINTR)
				continue;
			/* Events lost (ENOBUFS) or cut (ENOSPC): the caller
			 * must rescan everything; the socket stays usable. */
			if (errno == ENOBUFS || errno == ENOSPC) {
				changed = 1;
				continue;
			}
			return -errno;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->rbuf;
		     mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (is_adjacency_event(nlh->nlmsg_type))
				changed = 1;
		}
	}
	return changed;
}

/* Start a request in the send buffer. */
static struct nlmsghdr *nl_msg(struct mplsx_nl *nl, uint16_t type,
			       uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->sbuf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/*
 * Send the request in the send buffer and run CB on every reply until the
 * ACK (or NLMSG_DONE of a dump).  Returns 0, or the kernel's negative
 * errno.  Callbacks report their own errors through DATA and return
 * MNL_CB_OK, so a negative return here always comes from the kernel or
 * the socket.
 */
static int nl_talk(struct mplsx_nl *nl, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *req = (struct nlmsghdr *)nl->sbuf;
	unsigned int seq;
	int i;

	/* 0 would turn mnl_cb_run's sequence check off. */
	if (++nl->seq == 0)
		nl->seq = 1;
	seq = nl->seq;
	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl->req, req, req->nlmsg_len) < 0)
		return -errno;

	for (i = 0; i < NL_MAX_REPLY_READS; i++) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->req, nl->rbuf, sizeof(nl->rbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return -ETIMEDOUT;
			return -errno;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->rbuf;
		     mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			int ret;

			/* Late replies to a request that timed out. */
			if (nlh->nlmsg_seq != seq)
				continue;
			/* A dump that failed says so in NLMSG_DONE, which
			 * mnl_cb_run takes for success. */
			if (nlh->nlmsg_type == NLMSG_DONE &&
			    mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
				int done_err;

				memcpy(&done_err, mnl_nlmsg_get_payload(nlh),
				       sizeof(done_err));
				if (done_err < 0)
					return done_err;
			}
			errno = 0;
			ret = mnl_cb_run(nlh, nlh->nlmsg_len, seq, nl->portid,
					 cb, data);
			if (ret < 0)
				return errno ? -errno : -EIO;
			if (ret == MNL_CB_STOP)
				return 0;
		}
	}
	return -ETIMEDOUT;
}

/* ---- links ---- */

struct link_reply {
	struct mplsx_link *link;
	bool found;
	int err;
};

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_OK;
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_OK;
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_OK;
		break;
	default:
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

/*
 * "Up" means usable for forwarding: administratively up, carrier present
 * (IFF_LOWER_UP) and operationally up.  Oper state UNKNOWN counts as up
 * because drivers without oper state tracking (lo, tun, dummy) report it;
 * DORMANT, TESTING and LOWERLAYERDOWN do not.
 */
static bool link_is_up(unsigned int flags, const struct nlattr *operstate)
{
	uint8_t oper;

	if (!(flags & IFF_UP) || !(flags & IFF_LOWER_UP))
		return false;
	if (!operstate)
		return true;
	oper = mnl_attr_get_u8(operstate);
	return oper == IF_OPER_UP || oper == IF_OPER_UNKNOWN;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	struct link_reply *rep = data;
	struct mplsx_link *link = rep->link;
	const struct ifinfomsg *ifm;
	const char *name;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm)) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	ifm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) < 0 ||
	    !tb[IFLA_IFNAME]) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	memset(link, 0, sizeof(*link));
	link->ifindex = ifm->ifi_index;
	name = mnl_attr_get_str(tb[IFLA_IFNAME]);
	if (strlen(name) >= sizeof(link->name)) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	strcpy(link->name, name);
	/* Non-Ethernet links (lo, tun) have no or other-sized addresses. */
	if (tb[IFLA_ADDRESS] &&
	    mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == sizeof(link->mac))
		memcpy(link->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]),
		       sizeof(link->mac));
	if (tb[IFLA_MTU])
		link->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	link->up = link_is_up(ifm->ifi_flags, tb[IFLA_OPERSTATE]);
	rep->found = true;
	return MNL_CB_OK;
}

static int link_get(struct mplsx_nl *nl, int ifindex, const char *name,
		    struct mplsx_link *link)
{
	struct link_reply rep = {.link = link};
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	int err;

	nlh = nl_msg(nl, RTM_GETLINK, NLM_F_ACK);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	/* Counters are not needed and make the reply several times bigger. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);

	err = nl_talk(nl, link_cb, &rep);
	if (err)
		return err;
	if (rep.err)
		return rep.err;
	return rep.found ? 0 : -ENODEV;
}

int mplsx_nl__link_by_name(struct mplsx_nl *nl, const char *name,
			   struct mplsx_link *link)
{
	/* Such a name cannot exist; the kernel would say EINVAL. */
	if (!name || !*name || strlen(name) >= IF_NAMESIZE)
		return -ENODEV;
	return link_get(nl, 0, name, link);
}

int mplsx_nl__link_by_index(struct mplsx_nl *nl, int ifindex,
			    struct mplsx_link *link)
{
	if (ifindex <= 0)
		return -ENODEV;
	return link_get(nl, ifindex, NULL, link);
}

/* ---- routes ---- */

struct route_reply {
	bool found;
	uint8_t type;
	int oif;
	struct mplsx_addr gw; /* family 0 when on-link */
	int err;
};

static int route_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	if (type == RTA_OIF && mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

/* Fill ADDR from LEN raw bytes of family FAMILY; -EBADMSG on mismatch. */
static int addr_from_raw(struct mplsx_addr *addr, int family, const void *raw,
			 size_t len)
{
	memset(addr, 0, sizeof(*addr));
	if ((family == AF_INET && len == 4) ||
	    (family == AF_INET6 && len == 16)) {
		addr->family = family;
		memcpy(addr->bytes, raw, len);
		return 0;
	}
	return -EBADMSG;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	struct route_reply *rep = data;
	const struct rtmsg *rtm;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm)) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	rtm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, tb) < 0) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	rep->found = true;
	rep->type = rtm->rtm_type;
	if (tb[RTA_OIF])
		rep->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_GATEWAY]) {
		rep->err = addr_from_raw(
			&rep->gw, rtm->rtm_family,
			mnl_attr_get_payload(tb[RTA_GATEWAY]),
			mnl_attr_get_payload_len(tb[RTA_GATEWAY]));
	} else if (tb[RTA_VIA]) {
		/* RFC 5549: IPv4 route, IPv6 next hop. */
		const struct rtvia *via = mnl_attr_get_payload(tb[RTA_VIA]);
		size_t len = mnl_attr_get_payload_len(tb[RTA_VIA]);

		if (len < sizeof(*via))
			rep->err = -EBADMSG;
		else
			rep->err = addr_from_raw(&rep->gw, via->rtvia_family,
						 via->rtvia_addr,
						 len - sizeof(*via));
	}
	return MNL_CB_OK;
}

static int route_get(struct mplsx_nl *nl, const struct mplsx_addr *dst, int oif,
		     struct route_reply *rep)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int len = mplsx_addr__len(dst);
	int err;

	nlh = nl_msg(nl, RTM_GETROUTE, NLM_F_ACK);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = dst->family;
	rtm->rtm_dst_len = len * 8;
	mnl_attr_put(nlh, RTA_DST, len, dst->bytes);
	if (oif > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, oif);

	memset(rep, 0, sizeof(*rep));
	err = nl_talk(nl, route_cb, rep);
	switch (err) {
	case 0:
		break;
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -ENETDOWN:
		return -ENETUNREACH;
	default:
		return err;
	}
	if (rep->err)
		return rep->err;
	if (!rep->found)
		return -EBADMSG;

	switch (rep->type) {
	case RTN_UNICAST:
		break;
	case RTN_LOCAL:
		/* The via is one of this router's own addresses. */
		return -EADDRNOTAVAIL;
	case RTN_UNREACHABLE:
	case RTN_BLACKHOLE:
	case RTN_PROHIBIT:
	case RTN_THROW:
		return -ENETUNREACH;
	default:
		/* Broadcast, multicast, anycast: no neighbour to send to. */
		return -EINVAL;
	}
	if (rep->oif <= 0)
		return -ENETUNREACH;
	return 0;
}

/* ---- neighbours ---- */

struct neigh_reply {
	const struct mplsx_addr *dst; /* to match entries of a dump */
	int ifindex;
	bool found;
	uint16_t state;
	bool have_lladdr;
	uint8_t lladdr[6];
	int err;
};

static int neigh_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, NDA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NDA_MAX + 1] = {0};
	struct neigh_reply *rep = data;
	const struct ndmsg *ndm;
	struct mplsx_addr addr;

	if (nlh->nlmsg_type != RTM_NEWNEIGH)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ndm)) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	ndm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ndm), neigh_attr_cb, tb) < 0 ||
	    !tb[NDA_DST]) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	/* A dump brings many entries; keep ours. */
	if (ndm->ndm_ifindex != rep->ifindex ||
	    addr_from_raw(&addr, ndm->ndm_family,
			  mnl_attr_get_payload(tb[NDA_DST]),
			  mnl_attr_get_payload_len(tb[NDA_DST])) ||
	    !mplsx_addr__equal(&addr, rep->dst))
		return MNL_CB_OK;
	rep->found = true;
	rep->state = ndm->ndm_state;
	rep->have_lladdr = false;
	if (tb[NDA_LLADDR] &&
	    mnl_attr_get_payload_len(tb[NDA_LLADDR]) == sizeof(rep->lladdr)) {
		memcpy(rep->lladdr, mnl_attr_get_payload(tb[NDA_LLADDR]),
		       sizeof(rep->lladdr));
		rep->have_lladdr = true;
	}
	return MNL_CB_OK;
}

static int neigh_get(struct mplsx_nl *nl, int ifindex,
		     const struct mplsx_addr *dst, struct neigh_reply *rep)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	int err;

	memset(rep, 0, sizeof(*rep));
	rep->dst = dst;
	rep->ifindex = ifindex;

	/* One entry by key (kernel 5.0+); the reply is followed by an ACK. */
	nlh = nl_msg(nl, RTM_GETNEIGH, NLM_F_ACK);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = dst->family;
	ndm->ndm_ifindex = ifindex;
	mnl_attr_put(nlh, NDA_DST, mplsx_addr__len(dst), dst->bytes);
	err = nl_talk(nl, neigh_cb, rep);
	if (err == -ENOENT)
		return 0; /* no entry: rep->found false */
	if (err != -EOPNOTSUPP && err != -EINVAL)
		return err ? err : rep->err;

	/* Older kernels: dump the link's entries (filtered by the kernel
	 * with NDA_IFINDEX, by neigh_cb when the kernel ignores it). */
	memset(rep, 0, sizeof(*rep));
	rep->dst = dst;
	rep->ifindex = ifindex;
	nlh = nl_msg(nl, RTM_GETNEIGH, NLM_F_DUMP);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = dst->family;
	mnl_attr_put_u32(nlh, NDA_IFINDEX, ifindex);
	err = nl_talk(nl, neigh_cb, rep);
	return err ? err : rep->err;
}

/* Ask the kernel to resolve DST (ARP / ND), like `ip neigh replace DST dev
 * X use`.  Best effort: the neighbour event says how it went.  An entry
 * still INCOMPLETE (or FAILED) is removed first: the kernel would send its
 * next probe only after retrans_time (1 s), and a first request lost while
 * a link was coming up would hold the next hop that long. */
static void neigh_trigger(struct mplsx_nl *nl, int ifindex,
			  const struct mplsx_addr *dst, bool stuck)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	if (stuck) {
		nlh = nl_msg(nl, RTM_DELNEIGH, NLM_F_ACK);
		ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
		ndm->ndm_family = dst->family;
		ndm->ndm_ifindex = ifindex;
		mnl_attr_put(nlh, NDA_DST, mplsx_addr__len(dst), dst->bytes);
		(void)nl_talk(nl, NULL, NULL);
	}
	nlh = nl_msg(nl, RTM_NEWNEIGH,
		     NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = dst->family;
	ndm->ndm_ifindex = ifindex;
	/* With NTF_USE the kernel only kicks resolution; no state is set. */
	ndm->ndm_state = NUD_NONE;
	ndm->ndm_flags = NTF_USE;
	mnl_attr_put(nlh, NDA_DST, mplsx_addr__len(dst), dst->bytes);
	(void)nl_talk(nl, NULL, NULL);
}

static bool lladdr_is_zero(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return memcmp(mac, zero, sizeof(zero)) == 0;
}

static int adj_complete(struct mplsx_nl *nl, int oif,
			struct mplsx_adjacency *adj);

static int resolve(struct mplsx_nl *nl, const struct mplsx_addr *via, int oif,
		   struct mplsx_adjacency *adj)
{
	struct route_reply route;
	int err;

	memset(adj, 0, sizeof(*adj));
	if (!via || (via->family != AF_INET && via->family != AF_INET6))
		return -EINVAL;

	err = route_get(nl, via, oif, &route);
	if (err)
		return err;
	adj->neighbor = route.gw.family ? route.gw : *via;
	return adj_complete(nl, route.oif, adj);
}

/* The link and the neighbour of an adjacency whose neighbor address and
 * egress (oif) the route gave. */
static int adj_complete(struct mplsx_nl *nl, int oif,
			struct mplsx_adjacency *adj)
{
	struct neigh_reply neigh;
	bool stuck;
	int err;

	err = mplsx_nl__link_by_index(nl, oif, &adj->link);
	if (err)
		return err == -ENODEV ? -ENETUNREACH : err;
	/* Nothing goes out of a link that is down, not even ARP. */
	if (!adj->link.up)
		return 0;

	err = neigh_get(nl, oif, &adj->neighbor, &neigh);
	if (err)
		return err;
	if (neigh.found && neigh.have_lladdr &&
	    (neigh.state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE |
			    NUD_PERMANENT | NUD_NOARP)) &&
	    !((neigh.state & NUD_NOARP) && lladdr_is_zero(neigh.lladdr))) {
		memcpy(adj->dmac, neigh.lladdr, sizeof(adj->dmac));
		adj->dmac_valid = true;
		return 0;
	}
	/* A NOARP entry without address will never resolve: don't ask. */
	stuck = neigh.found && (neigh.state & (NUD_INCOMPLETE | NUD_FAILED));
	if (!neigh.found || stuck || neigh.state == NUD_NONE)
		neigh_trigger(nl, oif, &adj->neighbor, stuck);
	return 0;
}

int mplsx_nl__resolve(struct mplsx_nl *nl, const struct mplsx_addr *via,
		      struct mplsx_adjacency *adj)
{
	return resolve(nl, via, 0, adj);
}

int mplsx_nl__resolve_on(struct mplsx_nl *nl, const struct mplsx_addr *via,
			 int ifindex, struct mplsx_adjacency *adj)
{
	if (ifindex <= 0)
		return -EINVAL;
	return resolve(nl, via, ifindex, adj);
}

/* ---- multipath routes and nexthop objects ---- */

struct hop {
	struct mplsx_addr gw; /* family 0: on-link */
	int oif;
	unsigned int weight;
	bool dead; /* RTNH_F_DEAD / RTNH_F_LINKDOWN */
};

struct mp_reply {
	struct hop hops[MPLSX_NL_MAX_PATHS];
	int n;
	uint32_t nh_id; /* RTA_NH_ID: a nexthop object */
	bool found;
	uint8_t type;
	int err;
};

static int mp_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* The gateway of one rtnexthop (RTA_GATEWAY, or RTA_VIA for RFC 5549). */
static void hop_gateway(struct hop *h, int family, const struct nlattr *gw,
			const struct nlattr *via)
{
	if (gw) {
		addr_from_raw(&h->gw, family, mnl_attr_get_payload(gw),
			      mnl_attr_get_payload_len(gw));
	} else if (via &&
		   mnl_attr_get_payload_len(via) >= sizeof(struct rtvia)) {
		const struct rtvia *v = mnl_attr_get_payload(via);

		addr_from_raw(&h->gw, v->rtvia_family, v->rtvia_addr,
			      mnl_attr_get_payload_len(via) - sizeof(*v));
	}
}

static int mp_route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	struct mp_reply *rep = data;
	const struct rtnexthop *rtnh;
	const struct rtmsg *rtm;
	int left;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return MNL_CB_OK;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*rtm), mp_attr_cb, tb) < 0) {
		rep->err = -EBADMSG;
		return MNL_CB_OK;
	}
	rep->found = true;
	rep->type = rtm->rtm_type;
	if (tb[RTA_NH_ID] && mnl_attr_get_payload_len(tb[RTA_NH_ID]) == 4)
		rep->nh_id = mnl_attr_get_u32(tb[RTA_NH_ID]);
	if (!tb[RTA_MULTIPATH])
		return MNL_CB_OK;
	rtnh = mnl_attr_get_payload(tb[RTA_MULTIPATH]);
	left = (int)mnl_attr_get_payload_len(tb[RTA_MULTIPATH]);
	while (left >= (int)sizeof(*rtnh) && rtnh->rtnh_len >= sizeof(*rtnh) &&
	       rtnh->rtnh_len <= left && rep->n < MPLSX_NL_MAX_PATHS) {
		const struct nlattr *gw = NULL, *via = NULL, *a;
		struct hop *h = &rep->hops[rep->n++];
		int alen = rtnh->rtnh_len - (int)sizeof(*rtnh);

		memset(h, 0, sizeof(*h));
		h->oif = rtnh->rtnh_ifindex;
		h->weight = rtnh->rtnh_hops + 1u;
		h->dead = rtnh->rtnh_flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN);
		for (a = (const struct nlattr *)RTNH_DATA(rtnh);
		     mnl_attr_ok(a, alen); a = mnl_attr_next(a)) {
			if (mnl_attr_get_type(a) == RTA_GATEWAY)
				gw = a;
			else if (mnl_attr_get_type(a) == RTA_VIA)
				via = a;
		}
		hop_gateway(h, rtm->rtm_family, gw, via);
		left -= RTNH_ALIGN(rtnh->rtnh_len);
		rtnh = RTNH_NEXT(rtnh);
	}
	return MNL_CB_OK;
}

struct nh_obj_reply {
	struct hop hop; /* a single nexthop */
	struct nexthop_grp grp[MPLSX_NL_MAX_PATHS];
	int n_grp; /* a group's members */
	bool found;
};

static int nh_obj_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, NHA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int nh_obj_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NHA_MAX + 1] = {0};
	struct nh_obj_reply *rep = data;
	const struct nhmsg *nhm;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*nhm))
		return MNL_CB_OK;
	nhm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*nhm), nh_obj_attr_cb, tb) < 0)
		return MNL_CB_OK;
	rep->found = true;
	if (tb[NHA_GROUP]) {
		len = mnl_attr_get_payload_len(tb[NHA_GROUP]) /
		      sizeof(struct nexthop_grp);
		if (len > MPLSX_NL_MAX_PATHS)
			len = MPLSX_NL_MAX_PATHS;
		memcpy(rep->grp, mnl_attr_get_payload(tb[NHA_GROUP]),
		       len * sizeof(struct nexthop_grp));
		rep->n_grp = (int)len;
		return MNL_CB_OK;
	}
	if (tb[NHA_OIF] && mnl_attr_get_payload_len(tb[NHA_OIF]) == 4)
		rep->hop.oif = (int)mnl_attr_get_u32(tb[NHA_OIF]);
	rep->hop.weight = 1;
	rep->hop.dead = nhm->nh_flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN);
	hop_gateway(&rep->hop, nhm->nh_family, tb[NHA_GATEWAY], NULL);
	return MNL_CB_OK;
}

static int nh_obj_get(struct mplsx_nl *nl, uint32_t id,
		      struct nh_obj_reply *rep)
{
	struct nlmsghdr *nlh;
	struct nhmsg *nhm;
	int err;

	memset(rep, 0, sizeof(*rep));
	nlh = nl_msg(nl, RTM_GETNEXTHOP, NLM_F_ACK);
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	err = nl_talk(nl, nh_obj_cb, rep);
	if (err)
		return err;
	return rep->found ? 0 : -ENOENT;
}

/* The members of a nexthop object group, as hops (weights kept). */
static void nh_obj_hops(struct mplsx_nl *nl, struct mp_reply *mp)
{
	struct nh_obj_reply top, member;
	int i;

	if (nh_obj_get(nl, mp->nh_id, &top) || !top.n_grp)
		return;
	for (i = 0; i < top.n_grp && mp->n < MPLSX_NL_MAX_PATHS; i++) {
		if (nh_obj_get(nl, top.grp[i].id, &member) || member.n_grp)
			continue; /* groups hold plain nexthops only */
		member.hop.weight = top.grp[i].weight + 1u;
		mp->hops[mp->n++] = member.hop;
	}
}

int mplsx_nl__resolve_paths(struct mplsx_nl *nl, const struct mplsx_addr *via,
			    struct mplsx_path *paths, int max)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct mp_reply *mp;
	int i, n = 0, err;

	if (max < 1)
		return -EINVAL;
	if (!via || (via->family != AF_INET && via->family != AF_INET6))
		return -EINVAL;
	mp = calloc(1, sizeof(*mp));
	if (!mp)
		return -ENOMEM;
	/* The route itself, every next hop of it (RTM_F_FIB_MATCH), not
	 * the one path the kernel would pick for this one address. */
	nlh = nl_msg(nl, RTM_GETROUTE, NLM_F_ACK);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = via->family;
	rtm->rtm_dst_len = mplsx_addr__len(via) * 8;
	rtm->rtm_flags = RTM_F_FIB_MATCH;
	mnl_attr_put(nlh, RTA_DST, mplsx_addr__len(via), via->bytes);
	err = nl_talk(nl, mp_route_cb, mp);
	if (!err && !mp->err && mp->found && mp->type == RTN_UNICAST &&
	    mp->nh_id && !mp->n)
		nh_obj_hops(nl, mp);
	if (err || mp->err || !mp->found || mp->type != RTN_UNICAST ||
	    mp->n < 2) {
		/* One path (or an error to report): as the kernel would
		 * forward to this address. */
		free(mp);
		memset(&paths[0], 0, sizeof(paths[0]));
		paths[0].weight = 1;
		paths[0].err = resolve(nl, via, 0, &paths[0].adj);
		return 1;
	}
	for (i = 0; i < mp->n && n < max; i++) {
		struct mplsx_path *p = &paths[n++];

		memset(p, 0, sizeof(*p));
		p->weight = mp->hops[i].weight;
		p->adj.neighbor = mp->hops[i].gw.family ? mp->hops[i].gw : *via;
		if (mp->hops[i].oif <= 0) {
			p->err = -ENETUNREACH;
			continue;
		}
		p->err = adj_complete(nl, mp->hops[i].oif, &p->adj);
		if (!p->err && mp->hops[i].dead) {
			p->adj.link.up = false;
			p->adj.dmac_valid = false;
		}
	}
	free(mp);
	return n;
}

/* ---- dumps: addresses, neighbours, VLAN devices ---- */

struct addr_dump {
	int ifindex;
	mplsx_nl_addr_cb cb;
	void *ctx;
};

static int ifa_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int addr_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFA_MAX + 1] = {0};
	struct addr_dump *d = data;
	const struct ifaddrmsg *ifa;
	const struct nlattr *a;
	struct mplsx_addr addr;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return MNL_CB_OK;
	ifa = mnl_nlmsg_get_payload(nlh);
	if ((int)ifa->ifa_index != d->ifindex ||
	    mnl_attr_parse(nlh, sizeof(*ifa), ifa_attr_cb, tb) < 0)
		return MNL_CB_OK;
	/* IFA_LOCAL is the address on point-to-point links; IFA_ADDRESS
	 * the peer there and the address everywhere else. */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || addr_from_raw(&addr, ifa->ifa_family, mnl_attr_get_payload(a),
				mnl_attr_get_payload_len(a)))
		return MNL_CB_OK;
	/* Not yet usable (duplicate address detection running or failed). */
	if (ifa->ifa_flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return MNL_CB_OK;
	d->cb(d->ctx, &addr, ifa->ifa_prefixlen);
	return MNL_CB_OK;
}

int mplsx_nl__addrs(struct mplsx_nl *nl, int ifindex, mplsx_nl_addr_cb cb,
		    void *ctx)
{
	struct addr_dump d = {.ifindex = ifindex, .cb = cb, .ctx = ctx};
	struct ifaddrmsg *ifa;
	struct nlmsghdr *nlh;

	nlh = nl_msg(nl, RTM_GETADDR, NLM_F_DUMP);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	ifa->ifa_index = (unsigned int)ifindex;
	return nl_talk(nl, addr_dump_cb, &d);
}

struct neigh_dump {
	int ifindex;
	mplsx_nl_neigh_cb cb;
	void *ctx;
};

static int neigh_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NDA_MAX + 1] = {0};
	struct neigh_dump *d = data;
	const struct ndmsg *ndm;
	struct mplsx_addr addr;

	if (nlh->nlmsg_type != RTM_NEWNEIGH ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ndm))
		return MNL_CB_OK;
	ndm = mnl_nlmsg_get_payload(nlh);
	if (ndm->ndm_ifindex != d->ifindex ||
	    !(ndm->ndm_state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY |
				NUD_PROBE | NUD_PERMANENT)) ||
	    mnl_attr_parse(nlh, sizeof(*ndm), neigh_attr_cb, tb) < 0 ||
	    !tb[NDA_DST] || !tb[NDA_LLADDR] ||
	    mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6 ||
	    lladdr_is_zero(mnl_attr_get_payload(tb[NDA_LLADDR])) ||
	    addr_from_raw(&addr, ndm->ndm_family,
			  mnl_attr_get_payload(tb[NDA_DST]),
			  mnl_attr_get_payload_len(tb[NDA_DST])))
		return MNL_CB_OK;
	d->cb(d->ctx, &addr, mnl_attr_get_payload(tb[NDA_LLADDR]));
	return MNL_CB_OK;
}

int mplsx_nl__neighbors(struct mplsx_nl *nl, int ifindex, mplsx_nl_neigh_cb cb,
			void *ctx)
{
	struct neigh_dump d = {.ifindex = ifindex, .cb = cb, .ctx = ctx};
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nl_msg(nl, RTM_GETNEIGH, NLM_F_DUMP);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NDA_IFINDEX, (uint32_t)ifindex);
	return nl_talk(nl, neigh_dump_cb, &d);
}

struct vlan_dump {
	int parent;
	uint16_t vlan;
	int found;
};

static int linkinfo_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFLA_INFO_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int vlan_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFLA_VLAN_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int vlan_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
	const struct nlattr *vtb[IFLA_VLAN_MAX + 1] = {0};
	struct vlan_dump *d = data;
	const struct ifinfomsg *ifm;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return MNL_CB_OK;
	ifm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) < 0 ||
	    !tb[IFLA_LINK] || !tb[IFLA_LINKINFO] ||
	    mnl_attr_get_payload_len(tb[IFLA_LINK]) != 4 ||
	    (int)mnl_attr_get_u32(tb[IFLA_LINK]) != d->parent ||
	    mnl_attr_parse_nested(tb[IFLA_LINKINFO], linkinfo_attr_cb, info) <
		    0 ||
	    !info[IFLA_INFO_KIND] || !info[IFLA_INFO_DATA] ||
	    strcmp(mnl_attr_get_str(info[IFLA_INFO_KIND]), "vlan") ||
	    mnl_attr_parse_nested(info[IFLA_INFO_DATA], vlan_attr_cb, vtb) <
		    0 ||
	    !vtb[IFLA_VLAN_ID] ||
	    mnl_attr_get_payload_len(vtb[IFLA_VLAN_ID]) != 2 ||
	    mnl_attr_get_u16(vtb[IFLA_VLAN_ID]) != d->vlan)
		return MNL_CB_OK;
	d->found = ifm->ifi_index;
	return MNL_CB_OK;
}

int mplsx_nl__vlan_link(struct mplsx_nl *nl, int parent, uint16_t vlan,
			struct mplsx_link *link)
{
	struct vlan_dump d = {.parent = parent, .vlan = vlan};
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	int err;

	nlh = nl_msg(nl, RTM_GETLINK, NLM_F_DUMP);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = nl_talk(nl, vlan_dump_cb, &d);
	if (err)
		return err;
	if (!d.found)
		return -ENODEV;
	return mplsx_nl__link_by_index(nl, d.found, link);
}
