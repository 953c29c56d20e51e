// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* oam.c - MPLS echo (RFC 8029): responder and sender in mplsxd. */
#include "svc/oam.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "rib/vpn_rib.h"
#include "svc/oam_echo.h"
#include "svc/router.h"
#include "util/log.h"
#include "mplsx.skel.h"

#define PROBE_TIMEOUT_MS 1000
#define TICK_MS		 50
#define FRAME_MAX	 1024
/* Replies per second (and burst): a flood of requests costs the agent a
 * bounded amount of work; the data path is never involved. */
#define REPLY_RATE 200

#define NTP_UNIX_OFFSET 2208988800u

struct session {
	struct session *next;
	int fd; /* the control connection, answered at the end */
	bool trace;
	uint32_t handle;
	struct mplsx_addr pe;
	uint32_t nh_id; /* a reference on the PE's nexthop */
	struct oam_fec fec;
	uint32_t vpn_label; /* ping vrf or pw: bottom of stack; 0: LSP */
	/* ping pw: a VCCV channel header under the PW label (control word
	 * pseudowires), or a router alert label above it (RFC 5085). */
	bool ach, ra;
	char pw_name[32];
	int count;    /* ping: probes; traceroute: max TTL */
	uint32_t seq; /* probes sent */
	bool waiting;
	uint64_t sent_ns, deadline_ns;
	struct oam_ddmap ddmap; /* traceroute: what the next probe carries */
	cJSON *out, *rows;
	int good;
	bool reached;
};

struct mplsx_oam {
	struct mplsx_router *r;
	int ep, tfd, udp4, udp6, pkt;
	struct ring_buffer *rb;
	struct session *sessions;
	uint32_t next_handle;
	uint64_t tokens_ns; /* token bucket: time the next reply may use */
	struct oam_counters c;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void ntp_now(uint32_t *s, uint32_t *f)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*s = (uint32_t)ts.tv_sec + NTP_UNIX_OFFSET;
	*f = (uint32_t)(((uint64_t)ts.tv_nsec << 32) / 1000000000ull);
}

/* ---- what the responder asks of the router ------------------------------ */

/* An address the kernel lets us send from: one of this namespace's. */
static bool addr_is_mine(const struct mplsx_addr *a)
{
	struct sockaddr_storage ss = {0};
	socklen_t sl;
	bool ok;
	int fd;

	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (void *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = a->v4;
		sl = sizeof(*sin);
	} else if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (void *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->v6;
		sl = sizeof(*sin6);
	} else {
		return false;
	}
	fd = socket(a->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ok = !bind(fd, (struct sockaddr *)&ss, sl);
	close(fd);
	return ok;
}

/* An address of ours for a FEC: the router id (which a P router may
 * carry on no interface), or an interface's. */
static bool view_local_addr(void *ctx, const struct mplsx_addr *a)
{
	struct mplsx_router *r = ctx;

	return mplsx_addr__equal(a, &r->cfg->router_id) || addr_is_mine(a);
}

/* The entry that puts frames on the wire: a group's first member. */
static const struct nh_entry *nh_path(const struct mplsx_router *r, uint32_t id)
{
	const struct nh_entry *e = nh_table__entry(&r->nh, id);

	if (e && e->group_id && e->n_members > 0)
		e = nh_table__entry(&r->nh, e->member[0]);
	return e;
}

/* From the label table the data path uses, not from the config: what is
 * answered is what a packet would meet. */
static bool view_label(void *ctx, uint32_t label, struct oam_label_info *out)
{
	struct mplsx_router *r = ctx;
	struct label_entry le;
	const struct nh_entry *e;
	int fd = dataplane__label_table(&r->dp), i;

	memset(out, 0, sizeof(*out));
	if (fd < 0 || label > MPLS_LABEL_MAX ||
	    bpf_map_lookup_elem(fd, &label, &le))
		return false;
	switch (le.action) {
	case MPLSX_LABEL_FORWARD:
		out->kind = OAM_LABEL_SWAP;
		e = nh_path(r, le.nexthop_id);
		if (e) {
			out->via = e->via;
			out->mtu = e->value.mtu;
			for (i = 0;
			     i < e->n_push && out->n_out < OAM_MAX_LABELS; i++)
				out->out[out->n_out++] = e->push[i];
		}
		for (i = 0; i < le.n_out && i < MPLSX_MAX_PUSH &&
			    out->n_out < OAM_MAX_LABELS;
		     i++)
			out->out[out->n_out++] = ntohl(le.out[i]) >> 12;
		return true;
	case MPLSX_LABEL_POP_LOCAL:
		out->kind = OAM_LABEL_POP;
		return true;
	case MPLSX_LABEL_VRF:
	case MPLSX_LABEL_VRF_NEXTHOP:
		out->kind = OAM_LABEL_VRF;
		out->vrf_id = le.vrf_id;
		return true;
	case MPLSX_LABEL_PW:
		out->kind = OAM_LABEL_PW;
		if (le.pw_id < MPLSX_MAX_PSEUDOWIRES &&
		    r->pw.by_id[le.pw_id].used)
			out->pw_peer = r->pw.by_id[le.pw_id].cfg.peer;
		return true;
	default:
		return false;
	}
}

static int view_vpn_prefix(void *ctx, uint32_t vrf_id, const uint8_t rd[8],
			   const struct mplsx_addr *prefix, uint8_t len)
{
	struct mplsx_router *r = ctx;
	const struct vrf_state *v;
	const struct route *rt;
	struct route_key key;

	if (vrf_id == 0 || vrf_id >= MPLSX_MAX_VRFS)
		return OAM_RC_NO_MAPPING;
	v = &r->vrf.by_id[vrf_id];
	if (!v->used || !v->cfg)
		return OAM_RC_NO_MAPPING;
	if (memcmp(v->cfg->rd.bytes, rd, 8))
		return OAM_RC_FEC_MISMATCH; /* another VRF's prefix */
	memset(&key, 0, sizeof(key));
	key.vrf_id = vrf_id;
	key.family = (uint8_t)prefix->family;
	key.prefix_len = len;
	memcpy(key.addr, prefix->bytes, prefix->family == AF_INET ? 4 : 16);
	rt = fib__lookup(&r->fib, &key);
	/* Ours to end: a route of this site, not one behind another PE. */
	if (!rt || rt->spec.kind == MPLSX_ROUTE_REMOTE)
		return OAM_RC_NO_MAPPING;
	return 0;
}

/* ---- replies to requests the data path handed over ----------------------- */

/* Ethernet, tags, label stack, IP, UDP: the echo payload of FRAME. */
struct punted {
	uint32_t stack[OAM_MAX_LABELS];
	int n;
	struct mplsx_addr src;
	uint16_t sport;
	const uint8_t *payload;
	size_t len;
};

static int parse_frame(const uint8_t *f, size_t len, struct punted *p)
{
	size_t off = 12, l4;
	uint16_t proto;
	int tags = 0;

	memset(p, 0, sizeof(*p));
	if (len < 14)
		return -1;
	proto = (uint16_t)(f[12] << 8 | f[13]);
	off = 14;
	while ((proto == 0x8100 || proto == 0x88a8) && tags++ < 2) {
		if (off + 4 > len)
			return -1;
		proto = (uint16_t)(f[off + 2] << 8 | f[off + 3]);
		off += 4;
	}
	if (proto == 0x8847) {
		for (;;) {
			uint32_t lse;

			if (off + 4 > len || p->n == OAM_MAX_LABELS)
				return -1;
			lse = (uint32_t)f[off] << 24 |
			      (uint32_t)f[off + 1] << 16 |
			      (uint32_t)f[off + 2] << 8 | f[off + 3];
			p->stack[p->n++] = lse;
			off += 4;
			if (lse & 0x100)
				break;
		}
	} else if (proto != 0x0800 && proto != 0x86dd) {
		return -1;
	}
	if (off + 1 > len)
		return -1;
	if ((f[off] >> 4) == 1) { /* a VCCV channel header (PW) */
		if (off + 4 > len)
			return -1;
		off += 4;
		if (off + 1 > len)
			return -1;
	}
	if ((f[off] >> 4) == 4) {
		size_t ihl = (size_t)(f[off] & 0xf) * 4;

		if (ihl < 20 || off + ihl + 8 > len || f[off + 9] != 17)
			return -1;
		p->src.family = AF_INET;
		memcpy(p->src.bytes, f + off + 12, 4);
		l4 = off + ihl;
	} else if ((f[off] >> 4) == 6) {
		uint8_t nh;

		if (off + 40 + 8 > len)
			return -1;
		p->src.family = AF_INET6;
		memcpy(p->src.bytes, f + off + 8, 16);
		nh = f[off + 6];
		l4 = off + 40;
		if (nh == 0) { /* hop-by-hop: the router alert */
			nh = f[l4];
			l4 += ((size_t)f[l4 + 1] + 1) * 8;
		}
		if (nh != 17 || l4 + 8 > len)
			return -1;
	} else {
		return -1;
	}
	p->sport = (uint16_t)(f[l4] << 8 | f[l4 + 1]);
	{
		size_t ulen = (size_t)(f[l4 + 4] << 8 | f[l4 + 5]);

		if (ulen < 8)
			return -1;
		p->payload = f + l4 + 8;
		p->len = ulen - 8;
		if (l4 + ulen > len) /* cut by the copy: what we have */
			p->len = len - l4 - 8;
	}
	return 0;
}

static bool rate_ok(struct mplsx_oam *o)
{
	const uint64_t cost = 1000000000ull / REPLY_RATE;
	uint64_t now = now_ns(), floor = now - 1000000000ull;

	if (o->tokens_ns < floor)
		o->tokens_ns = floor;
	if (o->tokens_ns > now)
		return false;
	o->tokens_ns += cost;
	return true;
}

static void send_reply(struct mplsx_oam *o, const struct punted *p,
		       const struct oam_echo *rep)
{
	uint8_t buf[FRAME_MAX];
	size_t len = oam_echo__build(rep, buf, sizeof(buf));
	struct sockaddr_storage to = {0};
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr msg = {.msg_name = &to, .msg_iov = &iov, .msg_iovlen = 1};
	static const uint8_t ra[4] = {0x94, 0x04, 0, 0}; /* RFC 2113 */
	int fd = p->src.family == AF_INET ? o->udp4 : o->udp6;

	if (!len || fd < 0)
		return;
	if (p->src.family == AF_INET) {
		struct sockaddr_in *sin = (void *)&to;

		sin->sin_family = AF_INET;
		sin->sin_addr = p->src.v4;
		sin->sin_port = htons(p->sport);
		msg.msg_namelen = sizeof(*sin);
		/* From the router id when it is ours, as routers do. */
		if (addr_is_mine(&o->r->cfg->router_id)) {
			struct cmsghdr *cm;
			struct in_pktinfo pi = {
				.ipi_spec_dst = o->r->cfg->router_id.v4};

			memset(&cbuf, 0, sizeof(cbuf));
			msg.msg_control = cbuf.buf;
			msg.msg_controllen = sizeof(cbuf.buf);
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_PKTINFO;
			cm->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		}
		if (rep->reply_mode == OAM_REPLY_UDP_RA)
			setsockopt(fd, IPPROTO_IP, IP_OPTIONS, ra, sizeof(ra));
	} else {
		struct sockaddr_in6 *sin6 = (void *)&to;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = p->src.v6;
		sin6->sin6_port = htons(p->sport);
		msg.msg_namelen = sizeof(*sin6);
	}
	if (sendmsg(fd, &msg, MSG_DONTWAIT) < 0)
		pr_debug("oam: reply: %s", strerror(errno));
	else
		o->c.replies_sent++;
	if (rep->reply_mode == OAM_REPLY_UDP_RA && p->src.family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_OPTIONS, NULL, 0);
}

static int on_request(void *ctx, void *data, size_t size)
{
	struct mplsx_oam *o = ctx;
	const struct oam_event *ev = data;
	struct oam_view v = {.ctx = o->r,
			     .label = view_label,
			     .local_addr = view_local_addr,
			     .vpn_prefix = view_vpn_prefix};
	struct oam_echo req, rep;
	struct punted p;
	bool malformed;

	if (size < sizeof(*ev) - sizeof(ev->frame) ||
	    ev->len > sizeof(ev->frame) ||
	    parse_frame(ev->frame, ev->len, &p) ||
	    oam_echo__parse(p.payload, p.len, &req, &malformed) ||
	    req.type != OAM_ECHO_REQUEST) {
		o->c.bad_requests++;
		return 0;
	}
	o->c.requests++;
	if (malformed) {
		memset(&rep, 0, sizeof(rep));
		rep.type = OAM_ECHO_REPLY;
		rep.reply_mode = req.reply_mode;
		rep.handle = req.handle;
		rep.seq = req.seq;
		rep.sent_s = req.sent_s;
		rep.sent_f = req.sent_f;
		rep.rc = OAM_RC_MALFORMED;
	} else if (!oam_echo__respond(&v, p.stack, p.n, &req, &rep)) {
		return 0; /* "do not reply" */
	}
	if (!rate_ok(o)) {
		o->c.rate_limited++;
		return 0;
	}
	ntp_now(&rep.rcvd_s, &rep.rcvd_f);
	send_reply(o, &p, &rep);
	return 0;
}

/* ---- the sender: ping and traceroute --------------------------------------
 */

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/* Where our probes come from: the router id when it is ours (the egress
 * replies to it), else the kernel's choice towards the PE. */
static bool probe_source(struct mplsx_oam *o, const struct mplsx_addr *pe,
			 struct in_addr *src)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(9)};
	socklen_t sl = sizeof(sin);
	int fd;

	if (addr_is_mine(&o->r->cfg->router_id)) {
		*src = o->r->cfg->router_id.v4;
		return true;
	}
	if (pe->family != AF_INET)
		return false;
	sin.sin_addr = pe->v4;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl)) {
		close(fd);
		return false;
	}
	close(fd);
	*src = sin.sin_addr;
	return true;
}

/* The labelled echo request of probe S->seq with outermost TTL TTL. */
static size_t build_probe(struct mplsx_oam *o, struct session *s,
			  const struct nh_entry *e, int ttl, uint8_t *f,
			  size_t cap)
{
	struct oam_echo req = {.type = OAM_ECHO_REQUEST,
			       .reply_mode = OAM_REPLY_UDP,
			       .handle = s->handle,
			       .seq = s->seq};
	uint8_t payload[FRAME_MAX];
	size_t plen, off = 12, ip, udp, i;
	int n_lbl = e->n_push + (s->ra ? 1 : 0) + (s->vpn_label ? 1 : 0);
	int k = 0;
	struct in_addr src;
	uint32_t sum;

	req.fec[0] = s->fec;
	req.n_fec = 1;
	ntp_now(&req.sent_s, &req.sent_f);
	if (s->trace) {
		req.has_ddmap = true;
		req.ddmap = s->ddmap;
	}
	plen = oam_echo__build(&req, payload, sizeof(payload));
	if (!plen || !probe_source(o, &s->pe, &src) ||
	    cap < 14 + 4 + 4 * (size_t)n_lbl + 4 + 24 + 8 + plen)
		return 0;
	memcpy(f, e->value.dmac, 6);
	memcpy(f + 6, e->value.smac, 6);
	if (e->value.vlan_id) {
		f[off++] = 0x81;
		f[off++] = 0x00;
		f[off++] = (uint8_t)(e->value.vlan_id >> 8);
		f[off++] = (uint8_t)e->value.vlan_id;
	}
	f[off++] = n_lbl ? 0x88 : 0x08;
	f[off++] = n_lbl ? 0x47 : 0x00;
	for (k = 0; k < n_lbl; k++) {
		uint32_t label = k < e->n_push		   ? e->push[k]
				 : s->ra && k == e->n_push ? 1
							   : s->vpn_label;
		uint32_t lse = label << 12 | (k == n_lbl - 1 ? 0x100u : 0) |
			       (uint32_t)(k == 0 ? ttl : 255);

		f[off++] = (uint8_t)(lse >> 24);
		f[off++] = (uint8_t)(lse >> 16);
		f[off++] = (uint8_t)(lse >> 8);
		f[off++] = (uint8_t)lse;
	}
	if (s->ach) { /* VCCV type 1: 0001, version 0, IPv4 channel */
		f[off++] = 0x10;
		f[off++] = 0;
		f[off++] = 0x00;
		f[off++] = 0x21;
	}
	/* IPv4 with the router alert option, TTL 1, to 127.0.0.1: no router
	 * forwards it as IP (RFC 8029 section 4.3). */
	ip = off;
	memset(f + ip, 0, 24);
	f[ip] = 0x46;
	f[ip + 2] = (uint8_t)((24 + 8 + plen) >> 8);
	f[ip + 3] = (uint8_t)(24 + 8 + plen);
	f[ip + 4] = (uint8_t)(s->seq >> 8);
	f[ip + 5] = (uint8_t)s->seq;
	f[ip + 8] = 1;
	f[ip + 9] = 17;
	memcpy(f + ip + 12, &src, 4);
	f[ip + 16] = 127;
	f[ip + 19] = 1;
	f[ip + 20] = 0x94;
	f[ip + 21] = 0x04;
	sum = csum_fold(csum_add(0, f + ip, 24));
	f[ip + 10] = (uint8_t)(sum >> 8);
	f[ip + 11] = (uint8_t)sum;
	udp = ip + 24;
	f[udp] = OAM_PORT >> 8;
	f[udp + 1] = OAM_PORT & 0xff;
	f[udp + 2] = OAM_PORT >> 8;
	f[udp + 3] = OAM_PORT & 0xff;
	f[udp + 4] = (uint8_t)((8 + plen) >> 8);
	f[udp + 5] = (uint8_t)(8 + plen);
	f[udp + 6] = f[udp + 7] = 0;
	memcpy(f + udp + 8, payload, plen);
	/* Pseudo header: addresses, protocol, UDP length. */
	sum = csum_add(0, f + ip + 12, 8);
	sum += 17 + (uint32_t)(8 + plen);
	sum = csum_fold(csum_add(sum, f + udp, 8 + plen));
	if (!sum)
		sum = 0xffff;
	f[udp + 6] = (uint8_t)(sum >> 8);
	f[udp + 7] = (uint8_t)sum;
	for (i = udp + 8 + plen; i < 60; i++) /* Ethernet minimum */
		f[i] = 0;
	off = udp + 8 + plen;
	return off < 60 ? 60 : off;
}

static void arm_timer(struct mplsx_oam *o)
{
	struct itimerspec its = {0};

	if (o->sessions) {
		its.it_interval.tv_nsec = TICK_MS * 1000000L;
		its.it_value.tv_nsec = TICK_MS * 1000000L;
	}
	timerfd_settime(o->tfd, 0, &its, NULL);
}

static void finish(struct mplsx_oam *o, struct session *s)
{
	struct session **pp;
	char *text;

	cJSON_AddNumberToObject(s->out, "sent", s->seq);
	cJSON_AddNumberToObject(s->out, s->trace ? "answered" : "received",
				s->good);
	cJSON_AddBoolToObject(s->out, "ok",
			      s->trace ? s->reached : s->good == s->count);
	text = cJSON_Print(s->out);
	if (text) {
		ssize_t n = write(s->fd, text, strlen(text));

		if (n >= 0)
			n = write(s->fd, "\n", 1);
		(void)n; /* a client that went away gets nothing */
	}
	cJSON_free(text);
	cJSON_Delete(s->out);
	close(s->fd);
	if (s->nh_id)
		nh_table__put(&o->r->nh, s->nh_id);
	for (pp = &o->sessions; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	free(s);
	arm_timer(o);
}

static int send_probe(struct mplsx_oam *o, struct session *s)
{
	const struct nh_entry *e = nh_path(o->r, s->nh_id);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET};
	uint8_t frame[FRAME_MAX];
	size_t len;

	s->seq++;
	if (!e || e->value.state != MPLSX_NH_RESOLVED)
		return -1;
	len = build_probe(o, s, e, s->trace ? (int)s->seq : 255, frame,
			  sizeof(frame));
	sll.sll_ifindex = (int)e->value.ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, e->value.dmac, 6);
	/* Before the send: on veth the whole round trip may happen inside
	 * it (softirq), the reply waiting when it returns. */
	s->sent_ns = now_ns();
	if (!len || sendto(o->pkt, frame, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0)
		return -1;
	o->c.probes_sent++;
	s->deadline_ns = s->sent_ns + PROBE_TIMEOUT_MS * 1000000ull;
	s->waiting = true;
	return 0;
}

/* The probe is answered (REP) or timed out (NULL): a row, then the next
 * probe or the end. */
static void advance(struct mplsx_oam *o, struct session *s,
		    const struct oam_echo *rep, const struct mplsx_addr *from)
{
	cJSON *row = cJSON_CreateObject(), *labels;
	char a[MPLSX_ADDRSTRLEN];
	bool go_on;
	int i;

	s->waiting = false;
	if (s->trace)
		cJSON_AddNumberToObject(row, "hop", s->seq);
	cJSON_AddNumberToObject(row, "seq", s->seq);
	if (!rep) {
		cJSON_AddNullToObject(row, "address");
		cJSON_AddNullToObject(row, "rtt_ms");
		cJSON_AddNullToObject(row, "return_code");
		cJSON_AddStringToObject(row, "result", "timeout");
	} else {
		cJSON_AddStringToObject(row, "address",
					mplsx_addr__str(from, a));
		cJSON_AddNumberToObject(
			row, "rtt_ms",
			(double)((now_ns() - s->sent_ns) / 1000) / 1000.0);
		cJSON_AddNumberToObject(row, "return_code", rep->rc);
		cJSON_AddNumberToObject(row, "return_subcode", rep->rsc);
		cJSON_AddStringToObject(row, "result", oam_rc_text(rep->rc));
	}
	if (s->trace) {
		labels = cJSON_AddArrayToObject(row, "labels");
		if (rep && rep->has_ddmap) {
			for (i = 0; i < rep->ddmap.n_labels; i++)
				cJSON_AddItemToArray(
					labels, cJSON_CreateNumber(
							rep->ddmap.labels[i]));
			cJSON_AddStringToObject(
				row, "downstream",
				mplsx_addr__str(&rep->ddmap.ds_addr, a));
		}
	}
	cJSON_AddItemToArray(s->rows, row);

	if (s->trace) {
		go_on = !rep || rep->rc == OAM_RC_LABEL_SWITCHED;
		if (rep) {
			s->good++;
			s->reached = rep->rc == OAM_RC_EGRESS;
			if (rep->has_ddmap) {
				s->ddmap = rep->ddmap;
				s->ddmap.rc = s->ddmap.rsc = 0;
			}
		}
		go_on = go_on && (int)s->seq < s->count;
	} else {
		if (rep && rep->rc == OAM_RC_EGRESS)
			s->good++;
		go_on = (int)s->seq < s->count;
	}
	if (go_on && !send_probe(o, s))
		return;
	if (go_on) { /* the next hop lost its adjacency meanwhile */
		cJSON_AddStringToObject(s->out, "error",
					"next hop unresolved, probing stopped");
	}
	finish(o, s);
}

static void on_reply(struct mplsx_oam *o, int fd)
{
	uint8_t buf[FRAME_MAX];
	struct sockaddr_storage from = {0};
	socklen_t fl = sizeof(from);
	struct mplsx_addr a = {0};
	struct oam_echo rep;
	struct session *s;
	bool malformed;
	ssize_t n;

	while ((n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl)) >= 0) {
		fl = sizeof(from);
		if (oam_echo__parse(buf, (size_t)n, &rep, &malformed) ||
		    malformed || rep.type != OAM_ECHO_REPLY)
			continue; /* requests come through the data path */
		if (from.ss_family == AF_INET) {
			a.family = AF_INET;
			a.v4 = ((struct sockaddr_in *)&from)->sin_addr;
		} else {
			a.family = AF_INET6;
			a.v6 = ((struct sockaddr_in6 *)&from)->sin6_addr;
		}
		for (s = o->sessions; s; s = s->next)
			if (s->handle == rep.handle && s->waiting &&
			    s->seq == rep.seq)
				break;
		if (!s)
			continue; /* late, or someone else's */
		o->c.replies_received++;
		advance(o, s, &rep, &a);
	}
}

static void on_tick(struct mplsx_oam *o)
{
	struct session *s, *next;
	uint64_t ticks, now = now_ns();

	if (read(o->tfd, &ticks, sizeof(ticks)) < 0)
		return;
	for (s = o->sessions; s; s = next) {
		next = s->next; /* advance() may free s */
		if (s->waiting && now >= s->deadline_ns)
			advance(o, s, NULL, NULL);
	}
}

/* ---- control requests ------------------------------------------------------
 */

static bool answer_error(int fd, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(o, "error", msg);
	text = cJSON_Print(o);
	if (text && write(fd, text, strlen(text)) > 0 && write(fd, "\n", 1) < 0)
		pr_debug("oam: the client went away");
	cJSON_free(text);
	cJSON_Delete(o);
	close(fd);
	return true;
}

static int parse_prefix(const char *s, struct mplsx_addr *a, uint8_t *len)
{
	char buf[64], *slash;
	long l;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (mplsx_addr__parse(a, buf))
		return -1;
	l = a->family == AF_INET ? 32 : 128;
	if (slash) {
		char *end;
		long v = strtol(slash + 1, &end, 10);

		if (!slash[1] || *end || v < 0 || v > l)
			return -1;
		l = v;
	}
	*len = (uint8_t)l;
	return 0;
}

/* ping vrf VRF PREFIX: the route's PE, VPN label and RD. */
static const char *setup_vrf(struct mplsx_oam *o, struct session *s,
			     const char *vrf, const char *prefix, char *err,
			     size_t errlen)
{
	struct mplsx_router *r = o->r;
	struct route_key key = {0};
	const struct route *rt;
	uint32_t id;

	id = vrf_id_by_name(&r->vrf, vrf);
	if (!id) {
		snprintf(err, errlen, "ping vrf: no VRF named \"%s\"", vrf);
		return err;
	}
	if (parse_prefix(prefix, &s->fec.prefix, &s->fec.len)) {
		snprintf(err, errlen, "ping vrf: \"%s\" is not a prefix",
			 prefix);
		return err;
	}
	key.vrf_id = id;
	key.family = (uint8_t)s->fec.prefix.family;
	key.prefix_len = s->fec.len;
	memcpy(key.addr, s->fec.prefix.bytes, key.family == AF_INET ? 4 : 16);
	rt = fib__lookup(&r->fib, &key);
	if (!rt || rt->spec.kind != MPLSX_ROUTE_REMOTE) {
		snprintf(err, errlen,
			 "ping vrf: %s has no route %s behind a remote PE", vrf,
			 prefix);
		return err;
	}
	s->fec.type = key.family == AF_INET ? OAM_FEC_VPN4 : OAM_FEC_VPN6;
	if (!(rt->spec.source == ROUTE_BGP &&
	      vpn_rib__chosen_rd(r->vpn, &rt->key, s->fec.rd)))
		memcpy(s->fec.rd, r->vrf.by_id[id].cfg->rd.bytes, 8);
	s->pe = rt->spec.nh.addr;
	s->vpn_label = rt->spec.vpn_label;
	return NULL;
}

/* ping pw NAME: the pseudowire's peer and PW label, VCCV by its control
 * word; the FEC 128 names us as sender and the label as PW ID. */
static const char *setup_pw(struct mplsx_oam *o, struct session *s,
			    const char *name, char *err, size_t errlen)
{
	struct mplsx_router *r = o->r;
	uint32_t id = name ? pw_id_by_name(&r->pw, name) : 0;
	const struct cfg_pw *pw;

	if (!id) {
		snprintf(err, errlen, "ping pw: no pseudowire named \"%s\"",
			 name ? name : "");
		return err;
	}
	pw = &r->pw.by_id[id].cfg;
	snprintf(s->pw_name, sizeof(s->pw_name), "%s", pw->name);
	s->pe = pw->peer;
	s->vpn_label = pw->remote_label;
	s->ach = pw->control_word;
	s->ra = !pw->control_word;
	s->fec.type = OAM_FEC_PW128;
	s->fec.sender = r->cfg->router_id;
	s->fec.remote = pw->peer;
	s->fec.pw_id = pw->remote_label;
	s->fec.pw_type = 5; /* Ethernet (raw mode) */
	return NULL;
}

bool oam__ctl(struct mplsx_oam *o, int fd, const char *request)
{
	cJSON *req = cJSON_Parse(request);
	const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(req, "command");
	const char *fec, *pe, *what;
	char err[256], a[MPLSX_ADDRSTRLEN];
	const struct nh_entry *e;
	struct nh_key key = {.kind = NH_PE};
	struct session *s;
	cJSON *labels;
	int i;

	if (!cJSON_IsString(cmd) || (strcmp(cmd->valuestring, "ping") &&
				     strcmp(cmd->valuestring, "traceroute"))) {
		cJSON_Delete(req);
		return false;
	}
	what = cmd->valuestring;
	s = calloc(1, sizeof(*s));
	if (!s) {
		cJSON_Delete(req);
		return answer_error(fd, "out of memory");
	}
	s->fd = fd;
	s->trace = !strcmp(what, "traceroute");
	fec = cJSON_GetStringValue(cJSON_GetObjectItem(req, "fec"));
	pe = cJSON_GetStringValue(cJSON_GetObjectItem(req, "pe"));
	s->count = (int)cJSON_GetNumberValue(
		cJSON_GetObjectItem(req, s->trace ? "max_ttl" : "count"));
	if (s->count < 1 || s->count > 255)
		s->count = s->trace ? 8 : 3;
	err[0] = '\0';
	if (fec && !strcmp(fec, "lsp") && pe) {
		if (mplsx_addr__parse(&s->pe, pe))
			snprintf(err, sizeof(err),
				 "%s lsp: \"%s\" is not an address", what, pe);
		s->fec.type =
			s->pe.family == AF_INET6 ? OAM_FEC_GEN6 : OAM_FEC_GEN4;
		s->fec.prefix = s->pe;
		s->fec.len = s->pe.family == AF_INET6 ? 128 : 32;
	} else if (fec && !strcmp(fec, "pw") && !s->trace) {
		setup_pw(o, s,
			 cJSON_GetStringValue(cJSON_GetObjectItem(req, "pw")),
			 err, sizeof(err));
	} else if (fec && !strcmp(fec, "vrf") && !s->trace) {
		const char *vrf =
			cJSON_GetStringValue(cJSON_GetObjectItem(req, "vrf"));
		const char *prefix = cJSON_GetStringValue(
			cJSON_GetObjectItem(req, "prefix"));

		setup_vrf(o, s, vrf ? vrf : "", prefix ? prefix : "", err,
			  sizeof(err));
	} else {
		snprintf(err, sizeof(err), "%s: expected lsp PE%s", what,
			 s->trace ? "" : ", vrf VRF PREFIX or pw NAME");
	}
	cJSON_Delete(req);
	if (err[0]) {
		free(s);
		return answer_error(fd, err);
	}
	/* The PE's nexthop: its LSP (transport labels) or a connected
	 * address, shared with whoever else uses it. */
	key.addr = s->pe;
	s->nh_id = nh_table__get(&o->r->nh, &key);
	e = nh_path(o->r, s->nh_id);
	if (!e || e->value.state != MPLSX_NH_RESOLVED) {
		snprintf(err, sizeof(err), "%s: PE %s is not reachable: %s",
			 what, mplsx_addr__str(&s->pe, a),
			 e ? e->reason : "nexthop table full");
		if (s->nh_id)
			nh_table__put(&o->r->nh, s->nh_id);
		free(s);
		return answer_error(fd, err);
	}
	s->handle = ++o->next_handle;
	s->out = cJSON_CreateObject();
	cJSON_AddStringToObject(s->out, s->trace ? "traceroute" : "ping",
				s->pw_name[0]  ? "pw"
				: s->vpn_label ? "vrf"
					       : "lsp");
	cJSON_AddStringToObject(s->out, "pe", mplsx_addr__str(&s->pe, a));
	if (s->pw_name[0]) {
		cJSON_AddStringToObject(s->out, "pseudowire", s->pw_name);
	} else if (s->vpn_label) {
		char p[MPLSX_ADDRSTRLEN + 8];

		snprintf(p, sizeof(p), "%s/%u",
			 mplsx_addr__str(&s->fec.prefix, a), s->fec.len);
		cJSON_AddStringToObject(s->out, "prefix", p);
	}
	labels = cJSON_AddArrayToObject(s->out, "labels");
	for (i = 0; i < e->n_push; i++)
		cJSON_AddItemToArray(labels, cJSON_CreateNumber(e->push[i]));
	if (s->ra)
		cJSON_AddItemToArray(labels, cJSON_CreateNumber(1));
	if (s->vpn_label)
		cJSON_AddItemToArray(labels, cJSON_CreateNumber(s->vpn_label));
	cJSON_AddStringToObject(s->out, "interface", e->adj.link.name);
	s->rows = cJSON_AddArrayToObject(s->out, s->trace ? "hops" : "probes");
	if (s->trace) { /* what we know of the first hop */
		s->ddmap.mtu = e->value.mtu;
		s->ddmap.ds_addr = e->via;
		s->ddmap.ds_if = e->via;
		for (i = 0; i < e->n_push && i < OAM_MAX_LABELS; i++) {
			s->ddmap.labels[i] = e->push[i];
			s->ddmap.protos[i] = OAM_PROTO_STATIC;
		}
		s->ddmap.n_labels = i;
		if (!i) {
			s->ddmap.labels[0] = 3;
			s->ddmap.n_labels = 1;
		}
	}
	s->next = o->sessions;
	o->sessions = s;
	arm_timer(o);
	if (send_probe(o, s)) {
		cJSON_AddStringToObject(s->out, "error",
					"cannot send on the core port");
		finish(o, s);
	}
	return true;
}

/* ---- setup ------------------------------------------------------------------
 */

static int udp_socket(int family)
{
	struct sockaddr_storage ss = {0};
	socklen_t sl;
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;

	if (fd < 0)
		return -1;
	if (family == AF_INET) {
		struct sockaddr_in *sin = (void *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(OAM_PORT);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (void *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(OAM_PORT);
		sl = sizeof(*sin6);
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	if (bind(fd, (struct sockaddr *)&ss, sl)) {
		pr_warn("oam: UDP port %u (%s): %s", OAM_PORT,
			family == AF_INET ? "IPv4" : "IPv6", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int ep_add(int ep, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return fd < 0 ? 0 : epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

struct mplsx_oam *oam__new(struct mplsx_router *r)
{
	struct mplsx_oam *o = calloc(1, sizeof(*o));
	struct bpf_map *map;

	if (!o)
		return NULL;
	o->r = r;
	o->ep = epoll_create1(EPOLL_CLOEXEC);
	o->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	o->udp4 = udp_socket(AF_INET);
	o->udp6 = udp_socket(AF_INET6);
	/* Protocol 0: this socket sends and never receives. */
	o->pkt = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	map = r->dp.skel ? bpf_object__find_map_by_name(r->dp.skel->obj,
							"oam_events")
			 : NULL;
	if (map && bpf_map__fd(map) >= 0)
		o->rb = ring_buffer__new(bpf_map__fd(map), on_request, o, NULL);
	if (o->ep < 0 || o->tfd < 0 || o->pkt < 0 || !o->rb ||
	    ep_add(o->ep, o->tfd) || ep_add(o->ep, o->udp4) ||
	    ep_add(o->ep, o->udp6) ||
	    ep_add(o->ep, ring_buffer__epoll_fd(o->rb))) {
		pr_warn("oam: setup: %s", strerror(errno));
		oam__free(o);
		return NULL;
	}
	return o;
}

void oam__free(struct mplsx_oam *o)
{
	if (!o)
		return;
	while (o->sessions) {
		cJSON_AddStringToObject(o->sessions->out, "error",
					"mplsxd is stopping");
		finish(o, o->sessions);
	}
	if (o->rb)
		ring_buffer__free(o->rb);
	if (o->udp4 >= 0)
		close(o->udp4);
	if (o->udp6 >= 0)
		close(o->udp6);
	if (o->pkt >= 0)
		close(o->pkt);
	if (o->tfd >= 0)
		close(o->tfd);
	if (o->ep >= 0)
		close(o->ep);
	free(o);
}

int oam__fd(const struct mplsx_oam *o)
{
	return o ? o->ep : -1;
}

void oam__dispatch(struct mplsx_oam *o)
{
	struct epoll_event evs[8];
	int i, n = epoll_wait(o->ep, evs, 8, 0);

	for (i = 0; i < n; i++) {
		int fd = evs[i].data.fd;

		if (fd == o->tfd)
			on_tick(o);
		else if (fd == o->udp4 || fd == o->udp6)
			on_reply(o, fd);
		else
			ring_buffer__consume(o->rb);
	}
}

cJSON *oam__show(const struct mplsx_oam *o)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "requests", (double)o->c.requests);
	cJSON_AddNumberToObject(j, "replies_sent", (double)o->c.replies_sent);
	cJSON_AddNumberToObject(j, "rate_limited", (double)o->c.rate_limited);
	cJSON_AddNumberToObject(j, "bad_requests", (double)o->c.bad_requests);
	cJSON_AddNumberToObject(j, "probes_sent", (double)o->c.probes_sent);
	cJSON_AddNumberToObject(j, "replies_received",
				(double)o->c.replies_received);
	return j;
}
