/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * icmp.h - ICMP and ICMPv6 errors sent by the data plane itself: time
 * exceeded when a TTL expires here, fragmentation needed (IPv4 with DF)
 * and packet too big (IPv6) when a packet with its labels does not fit
 * the egress MTU.  The frame that caused it becomes the message: its
 * original datagram is cut (or zero padded) to 128 bytes in place, new
 * IP and ICMP headers go in front of it, and the label stack as received
 * goes behind it as an RFC 4950 MPLS label stack object in an RFC 4884
 * extension structure.  Three ways out:
 *
 *   mplsx_icmp_reply()  a packet from a CE on a VRF port: from the port's
 *                       own address back out of the same port;
 *   mplsx_icmp_vrf()    a packet under a VPN label: from the PE's address
 *                       in that VRF, routed in the VRF (usually back into
 *                       the core towards the sender's PE);
 *   mplsx_icmp_tunnel() a labelled packet at a label switch (P router,
 *                       or a PE's core port): from the incoming port's
 *                       address, sent on along the LSP (RFC 3032 section
 *                       2.3.2) under the labels that were below the
 *                       expired one, TTL 255, through the label entry's
 *                       out labels and nexthop, so that the egress PE
 *                       routes it back to the sender in the VRF.
 *
 * Every message is paid for from a per-CPU token bucket (icmp_conf);
 * what the bucket refuses is counted (rate_limited) and the packet
 * dropped with its original reason.  No message is sent about an ICMP
 * error, a non-first fragment or a multicast/broadcast/unspecified
 * source (RFC 1812 section 4.3.2.7, RFC 4443 section 2.4 (e)).
 */
#ifndef MPLSX_ICMP_H
#define MPLSX_ICMP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "stats.h"
#include "label.h"
#include "nexthop.h"
#include "vrf.h"

#define ICMP_QUOTE    128 /* RFC 4884: original datagram field, 128 bytes */
#define ICMP_HLEN     8
#define ICMP_TTL      64   /* IP TTL / hop limit of what we originate */
#define ICMP_TOS      0xC0 /* precedence 6, internetwork control (Linux) */
#define ICMP_MPLS_TTL 255  /* RFC 3032 section 2.3.2 */
/* RFC 4884 extension header + RFC 4950 object header, then the entries */
#define ICMP_EXT_HLEN 8

#define ICMP4_TIME_EXCEEDED 11
#define ICMP4_DEST_UNREACH  3
#define ICMP4_FRAG_NEEDED   4 /* code */
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PKT_TOO_BIG   2
#define IPPROTO_ICMP_	    1
#define IPPROTO_ICMPV6_	    58
#define IP_DF_		    0x4000
#define IP_OFFMASK_	    0x1FFF

/* What the data path asks for (BPF functions take five arguments). */
struct icmp_req {
	__u32 l3_off;  /* reply, vrf: the datagram, from ctx->data */
	__u32 proto;   /* reply, vrf: ETH_P_IP or ETH_P_IPV6 */
	__u32 too_big; /* 0: time exceeded; 1: frag needed / too big */
	__u32 mtu;     /* too big: the MTU the sender may use */
	__u32 reason;  /* the packet's drop reason */
	__u32 idx;     /* tunnel: the entry that expired or did not fit */
	__u32 lse;     /* tunnel: that entry, host order, TTL carried down */
};

/* What is being said, about which datagram. */
struct icmp_msg {
	__u32 l3_off; /* the original datagram, from ctx->data */
	__u32 room;   /* bytes left in front of the new IP header */
	__u32 mtu;    /* frag needed / packet too big */
	__u32 ip_len; /* out: the message, IP header included */
	__u16 proto;  /* ETH_P_IP or ETH_P_IPV6: the datagram's and ours */
	__u8 type;
	__u8 code;
	__u8 n_ext; /* entries of the RFC 4950 object, 0: no extension */
	__u8 stat;  /* enum mplsx_icmp_stat of the message */
	__u16 pad;
	__be32 stack[MPLSX_MAX_LABEL_DEPTH]; /* as received */
	struct icmp_src src;
	union {
		__be32 dst4;
		__u8 dst6[16];
	};
	__u8 l2[24];		/* reply: the received L2 header */
	__u8 quote[ICMP_QUOTE]; /* the datagram's first bytes, zero padded */
};

/* The message being built lives here, not on the stack: the paths that
 * call into icmp.h are already deep in calls. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct icmp_msg);
} icmp_scratch SEC(".maps");

/* This CPU's message, zeroed. */
static __always_inline struct icmp_msg *icmp_msg_get(void)
{
	__u32 zero = 0;
	struct icmp_msg *m = bpf_map_lookup_elem(&icmp_scratch, &zero);

	if (m)
		__builtin_memset(m, 0, sizeof(*m));
	return m;
}

static __always_inline void icmp_count(__u32 stat, __u32 len)
{
	stats_counter_add(&icmp_stats, stat, len);
}

static __always_inline __u16 csum_fold64(__u64 sum)
{
	sum = (sum & 0xFFFFFFFF) + (sum >> 32);
	sum = (sum & 0xFFFFFFFF) + (sum >> 32);
	return csum_fold((__u32)sum);
}

/*
 * The token bucket of this CPU: credit in nanoseconds, a message costs
 * cost_ns, credit builds up with time to at most burst_ns (a full bucket
 * at start).  Per CPU, so no lock and no atomic: the limit is per CPU.
 */
static __always_inline int icmp_rate_ok(const struct icmp_conf *cf)
{
	struct icmp_bucket *b;
	__u32 zero = 0;
	__u64 now, credit, idle;

	if (!cf->cost_ns)
		return 1;
	b = bpf_map_lookup_elem(&icmp_bucket, &zero);
	if (!b)
		return 0;
	now = bpf_ktime_get_ns();
	idle = now - b->last_ns;
	credit = idle >= cf->burst_ns ? cf->burst_ns : b->credit_ns + idle;
	if (credit > cf->burst_ns)
		credit = cf->burst_ns;
	b->last_ns = now;
	if (credit < cf->cost_ns) {
		b->credit_ns = credit;
		return 0;
	}
	b->credit_ns = credit - cf->cost_ns;
	return 1;
}

/*
 * May we send an error about the datagram at m->l3_off, and to whom?
 * Reads the destination of the message (the datagram's source) into m.
 * The payload of a label may be anything: an IPv4 header must also have
 * a good checksum (a pseudowire's Ethernet frame without control word
 * can begin with 0x45), lengths must fit the frame.  0, or the
 * enum mplsx_icmp_stat that says why not.
 */
static __always_inline int icmp_eligible(struct xdp_md *ctx, struct icmp_msg *m)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = m->l3_off, avail;
	__u8 *l4;

	if (off > MPLSX_HDR_MAX || data + off > data_end)
		return MPLSX_ICMP_NOT_ALLOWED;
	avail = data_end - (data + off);
	if (m->proto == ETH_P_IP) {
		struct iphdr *iph = data + off;
		__u32 src, dst, hlen;

		if ((void *)(iph + 1) > data_end || iph->version != 4 ||
		    iph->ihl < 5 || bpf_ntohs(iph->tot_len) > avail ||
		    bpf_ntohs(iph->tot_len) < iph->ihl * 4)
			return MPLSX_ICMP_NOT_ALLOWED;
		if (iph->ihl == 5 &&
		    csum_fold64(bpf_csum_diff(NULL, 0, (void *)iph,
					      sizeof(*iph), 0)) != 0xFFFF)
			return MPLSX_ICMP_NOT_ALLOWED;
		if (iph->frag_off & bpf_htons(IP_OFFMASK_))
			return MPLSX_ICMP_NOT_ALLOWED;
		src = bpf_ntohl(iph->saddr);
		dst = bpf_ntohl(iph->daddr);
		if (!src || (src >> 28) >= 0xE || (src >> 24) == 127 ||
		    (dst >> 28) >= 0xE)
			return MPLSX_ICMP_NOT_ALLOWED;
		if (iph->protocol == IPPROTO_ICMP_) {
			hlen = iph->ihl * 4;
			l4 = (void *)iph + hlen;
			if ((void *)(l4 + 1) > data_end)
				return MPLSX_ICMP_NOT_ALLOWED;
			/* errors: 3, 4, 5, 11, 12 */
			if (*l4 == 3 || *l4 == 4 || *l4 == 5 || *l4 == 11 ||
			    *l4 == 12)
				return MPLSX_ICMP_NOT_ALLOWED;
		}
		m->dst4 = iph->saddr;
		return 0;
	}
	if (m->proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = data + off;
		const __u32 *s;

		if ((void *)(ip6 + 1) > data_end || ip6->version != 6 ||
		    sizeof(*ip6) + bpf_ntohs(ip6->payload_len) > avail)
			return MPLSX_ICMP_NOT_ALLOWED;
		s = (const __u32 *)&ip6->saddr;
		if (ip6->saddr.in6_u.u6_addr8[0] == 0xFF ||
		    ip6->daddr.in6_u.u6_addr8[0] == 0xFF ||
		    !(s[0] | s[1] | s[2] | s[3]))
			return MPLSX_ICMP_NOT_ALLOWED;
		if (ip6->nexthdr == IPPROTO_ICMPV6_) {
			l4 = (void *)(ip6 + 1);
			if ((void *)(l4 + 1) > data_end)
				return MPLSX_ICMP_NOT_ALLOWED;
			if (*l4 < 128) /* errors */
				return MPLSX_ICMP_NOT_ALLOWED;
		}
		__builtin_memcpy(m->dst6, &ip6->saddr, 16);
		return 0;
	}
	return MPLSX_ICMP_NOT_ALLOWED;
}

/* Is the IP packet at ip an ICMP error (what RFC 3032 section 2.3.2
 * tunnels to the egress PE, to be routed back)?  Only errors ride a VPN
 * label back into the core. */
static __always_inline int icmp_is_error(struct xdp_md *ctx,
					 const struct vrf_ip *ip)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = ip->l3_off;
	__u8 *l4;

	if (off > MPLSX_HDR_MAX)
		return 0;
	if (ip->proto == ETH_P_IP) {
		struct iphdr *iph = data + off;

		if ((void *)(iph + 1) > data_end ||
		    iph->protocol != IPPROTO_ICMP_)
			return 0;
		l4 = (void *)iph + iph->ihl * 4;
		if ((void *)(l4 + 1) > data_end)
			return 0;
		return *l4 == 3 || *l4 == 11 || *l4 == 12;
	}
	{
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end ||
		    ip6->nexthdr != IPPROTO_ICMPV6_)
			return 0;
		l4 = (void *)(ip6 + 1);
		if ((void *)(l4 + 1) > data_end)
			return 0;
		return *l4 < 128;
	}
}

/*
 * Turn the frame into the message described by m: a new IP header at
 * m->room, the ICMP header, the datagram at m->l3_off cut to (or, with
 * an extension, padded with zeros to) 128 bytes, the extension behind
 * it.  Bytes 0..room are left for the caller (L2 and labels).  The quote
 * goes through m->quote: the frame is resized first, then rewritten from
 * the front.  0, or -1 with the frame in an unknown state (drop it).
 */
static __always_inline int icmp_build(struct xdp_md *ctx, struct icmp_msg *m)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = m->l3_off, room = m->room, n_ext = m->n_ext, frame, dlen;
	__u32 q, qlen, ext_len, ip_hlen, l4_len, need, i;
	__u8 *icmp, *ext;
	__u64 sum = 0, ext_sum;
	__be32 hdr0, hdr1;
	__u16 ext_csum;
	int delta;

	if (off > MPLSX_HDR_MAX || room > 128 || n_ext > MPLSX_MAX_LABEL_DEPTH)
		return -1;
	frame = data_end - data;
	if (off + sizeof(struct iphdr) > frame)
		return -1;
	if (m->proto == ETH_P_IP) {
		struct iphdr *iph = data + off;

		if ((void *)(iph + 1) > data_end)
			return -1;
		dlen = bpf_ntohs(iph->tot_len);
		ip_hlen = sizeof(struct iphdr);
	} else {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		dlen = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
		ip_hlen = sizeof(struct ipv6hdr);
	}
	if (dlen > frame - off)
		return -1;
	q = dlen < ICMP_QUOTE ? dlen : ICMP_QUOTE;
	/* m->quote is zeroed: a short quote is padded already. */
	if (q < 1 || bpf_xdp_load_bytes(ctx, off, m->quote, q))
		return -1;
	ext_len = n_ext ? ICMP_EXT_HLEN + n_ext * 4 : 0;
	qlen = n_ext ? ICMP_QUOTE : q;
	l4_len = ICMP_HLEN + qlen + ext_len;
	m->ip_len = ip_hlen + l4_len;
	need = room + m->ip_len;

	/* Shrink at the tail, grow at the head: XDP always has headroom,
	 * a driver's tailroom may be small. */
	delta = (int)need - (int)frame;
	if (delta < 0 && bpf_xdp_adjust_tail(ctx, delta))
		return -1;
	if (delta > 0 && bpf_xdp_adjust_head(ctx, -delta))
		return -1;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + need != data_end)
		return -1;

	/* The quote, then the extension (RFC 4884 section 7, RFC 4950):
	 * version 2, one object, class 1 c-type 1, the entries as
	 * received.  Sums are of 32-bit words as they lie in memory: one's
	 * complement sums do not care about byte order. */
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	{
		__u32 *dst = data + room + ip_hlen + ICMP_HLEN;
		const __u32 *src = (const __u32 *)m->quote;

		for (i = 0; i < ICMP_QUOTE / 4; i++) {
			if (i * 4 >= qlen)
				break;
			if ((void *)(dst + i + 1) > data_end)
				break; /* a short quote's last bytes, below */
			dst[i] = src[i];
		}
		for (i = i * 4; i < ICMP_QUOTE; i++) {
			__u8 *d = (void *)dst + i;

			if (i >= qlen || (void *)(d + 1) > data_end)
				break;
			*d = m->quote[i];
		}
	}
	if (n_ext) {
		ext = data + room + ip_hlen + ICMP_HLEN + ICMP_QUOTE;
		if ((void *)(ext + ICMP_EXT_HLEN) > data_end)
			return -1;
		hdr0 = bpf_htonl(2u << 28);
		hdr1 = bpf_htonl((4 + n_ext * 4) << 16 | 1 << 8 | 1);
		*(__be32 *)ext = hdr0;
		*(__be32 *)(ext + 4) = hdr1;
		ext_sum = (__u64)hdr0 + hdr1;
		for (i = 0; i < MPLSX_MAX_LABEL_DEPTH; i++) {
			__be32 *e = (void *)(ext + ICMP_EXT_HLEN) + i * 4;

			if (i >= n_ext)
				break;
			if ((void *)(e + 1) > data_end)
				return -1;
			*e = m->stack[i];
			ext_sum += m->stack[i];
		}
		ext_csum = ~csum_fold64(ext_sum);
		*(__u16 *)(ext + 2) = ext_csum;
		sum = ext_sum + ext_csum; /* part of the ICMP payload */
	}

	if (m->proto == ETH_P_IP) {
		struct iphdr *iph = data + room;

		if ((void *)(iph + 1) > data_end)
			return -1;
		iph->version = 4;
		iph->ihl = 5;
		iph->tos = ICMP_TOS;
		iph->tot_len = bpf_htons(m->ip_len);
		iph->id = 0;
		iph->frag_off = bpf_htons(IP_DF_);
		iph->ttl = ICMP_TTL;
		iph->protocol = IPPROTO_ICMP_;
		iph->check = 0;
		iph->saddr = m->src.v4;
		iph->daddr = m->dst4;
		iph->check = ~csum_fold64(
			bpf_csum_diff(NULL, 0, (void *)iph, sizeof(*iph), 0));
		icmp = (void *)(iph + 1);
	} else {
		struct ipv6hdr *ip6 = data + room;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		*(__be32 *)ip6 = bpf_htonl(6u << 28);
		ip6->payload_len = bpf_htons(l4_len);
		ip6->nexthdr = IPPROTO_ICMPV6_;
		ip6->hop_limit = ICMP_TTL;
		__builtin_memcpy(&ip6->saddr, m->src.v6, 16);
		__builtin_memcpy(&ip6->daddr, m->dst6, 16);
		/* The pseudo-header (RFC 8200 section 8.1). */
		sum += bpf_csum_diff(NULL, 0, (void *)&ip6->saddr, 32, 0);
		sum += bpf_htonl(l4_len);
		sum += bpf_htonl(IPPROTO_ICMPV6_);
		icmp = (void *)(ip6 + 1);
	}

	if ((void *)(icmp + ICMP_HLEN) > data_end)
		return -1;
	icmp[0] = m->type;
	icmp[1] = m->code;
	*(__u16 *)(icmp + 2) = 0;
	*(__be32 *)(icmp + 4) = 0;
	if (m->proto == ETH_P_IP) {
		/* RFC 4884: length of the original datagram in 32-bit
		 * words (byte 5); next-hop MTU in bytes 6-7 (RFC 1191). */
		if (n_ext)
			icmp[5] = ICMP_QUOTE / 4;
		if (m->type == ICMP4_DEST_UNREACH)
			*(__be16 *)(icmp + 6) = bpf_htons(m->mtu);
	} else if (m->type == ICMP6_PKT_TOO_BIG) {
		*(__be32 *)(icmp + 4) = bpf_htonl(m->mtu);
	} else if (n_ext) {
		icmp[4] = ICMP_QUOTE / 8; /* 64-bit words for ICMPv6 */
	}
	/* The header, and the quote as padded with zeros to 128 bytes:
	 * zeros past a short quote add nothing to the sum. */
	sum += bpf_csum_diff(NULL, 0, (void *)icmp, ICMP_HLEN, 0);
	sum += bpf_csum_diff(NULL, 0, (void *)m->quote, ICMP_QUOTE, 0);
	*(__u16 *)(icmp + 2) = ~csum_fold64(sum);
	return 0;
}

/* The message's type and code and counter, from what went wrong. */
static __always_inline void icmp_set_kind(struct icmp_msg *m, int too_big)
{
	if (m->proto == ETH_P_IP) {
		m->type = too_big ? ICMP4_DEST_UNREACH : ICMP4_TIME_EXCEEDED;
		m->code = too_big ? ICMP4_FRAG_NEEDED : 0;
		m->stat = too_big ? MPLSX_ICMP_FRAG_NEEDED
				  : MPLSX_ICMP_TIME_EXCEEDED;
	} else {
		m->type = too_big ? ICMP6_PKT_TOO_BIG : ICMP6_TIME_EXCEEDED;
		m->code = 0;
		m->stat = too_big ? MPLSX_ICMP_PACKET_TOO_BIG
				  : MPLSX_ICMP_TIME_EXCEEDED6;
	}
}

/*
 * Everything before the first write: ICMP on, the bucket, the datagram,
 * a source address of the family.  0 to go on, or -1 (counted).
 */
static __always_inline int icmp_prepare(struct xdp_md *ctx, struct icmp_msg *m,
					const struct icmp_src *src)
{
	__u32 zero = 0, *v6;
	const struct icmp_conf *cf = bpf_map_lookup_elem(&icmp_conf, &zero);
	int why;

	if (!cf || !(cf->flags & MPLSX_ICMP_F_ENABLED))
		return -1;
	why = icmp_eligible(ctx, m);
	if (why) {
		icmp_count(why, 0);
		return -1;
	}
	if (!src) {
		icmp_count(MPLSX_ICMP_NO_SOURCE, 0);
		return -1;
	}
	v6 = (__u32 *)src->v6;
	if (m->proto == ETH_P_IP ? !src->v4
				 : !(v6[0] | v6[1] | v6[2] | v6[3])) {
		icmp_count(MPLSX_ICMP_NO_SOURCE, 0);
		return -1;
	}
	if (!icmp_rate_ok(cf)) {
		icmp_count(MPLSX_ICMP_RATE_LIMITED, 0);
		return -1;
	}
	m->src = *src;
	return 0;
}

/* The message went: counted as sent, and the datagram that caused it as
 * dropped for its reason, like any other drop. */
static __always_inline void icmp_sent(struct mplsx_pkt *pkt,
				      const struct icmp_msg *m, __u32 reason,
				      __u32 orig_len)
{
	icmp_count(m->stat, m->ip_len);
	stats_counter_add(&drop_stats, reason, orig_len);
}

/* The received label stack into m, for the RFC 4950 object. */
static __always_inline int icmp_stack_read(struct xdp_md *ctx,
					   const struct mplsx_pkt *pkt,
					   struct icmp_msg *m)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 n = pkt->n_lse, off = pkt->l2_len, i;
	__be32 *e;

	if (n > MPLSX_MAX_LABEL_DEPTH || off > MPLSX_HDR_MAX)
		return -1;
	e = data + off;
	for (i = 0; i < MPLSX_MAX_LABEL_DEPTH; i++) {
		if (i >= n)
			break;
		if ((void *)(e + i + 1) > data_end)
			return -1;
		m->stack[i] = e[i];
	}
	m->n_ext = n;
	return 0;
}

/*
 * The front of the message: nh's L2 header, its transport labels, the
 * n_out labels of out, then entries first..first+n_below of the received
 * stack (their TC and S kept), all with TTL ttl; the pushed ones get TC
 * tc.  The caller left exactly that much room.
 */
static __always_inline int
icmp_write_front(struct xdp_md *ctx, const struct nexthop *nh,
		 const __be32 *out, __u32 n_out, const struct icmp_msg *m,
		 __u32 first, __u32 n_below, __u32 tc, __u32 ttl)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 n_push = nh->n_push, tc_ttl = tc << MPLS_LS_TC_SHIFT | ttl;
	__u32 i, j;
	struct mpls_lse *lse;
	void *pos;

	if (n_push > MPLSX_MAX_PUSH || n_out > MPLSX_MAX_PUSH)
		return -1;
	pos = nexthop_write_l2(data, data_end, nh,
			       n_push + n_out + n_below ? ETH_P_MPLS_UC
							: m->proto);
	if (pos)
		pos = label_push(pos, data_end, nh->push, n_push, tc_ttl,
				 !n_out && !n_below);
	if (pos)
		pos = label_push(pos, data_end, out, n_out, tc_ttl, !n_below);
	if (!pos)
		return -1;
	lse = pos;
	for (j = 0; j < MPLSX_MAX_LABEL_DEPTH; j++) {
		if (j >= n_below)
			break;
		i = first + j;
		if (i >= MPLSX_MAX_LABEL_DEPTH)
			return -1;
		if ((void *)(lse + j + 1) > data_end)
			return -1;
		lse[j].entry = (m->stack[i] & ~bpf_htonl(MPLS_LS_TTL_MASK)) |
			       bpf_htonl(ttl);
	}
	return 0;
}

/*
 * A CE's packet at l3_off on a VRF port: the error goes back out of the
 * port from the port's own address, the received L2 header reused with
 * its MACs swapped (and its VLAN tags kept), redirected to the ingress
 * interface.  Verdict XDP_REDIRECT, or XDP_DROP
 * with reason when no message is sent.
 */
__noinline int mplsx_icmp_reply(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				const struct icmp_req *rq)
{
	const __u32 l2_max =
		sizeof(struct ethhdr) + 2 * sizeof(struct vlan_hdr);
	struct icmp_msg *m = icmp_msg_get();
	__u32 port, l2_len, len, reason;
	__u8 *l2;
	void *data, *data_end;

	if (!pkt || !rq)
		return XDP_ABORTED;
	reason = rq->reason;
	if (reason >= MPLSX_DROP__MAX)
		reason = MPLSX_DROP_INTERNAL;
	if (!m)
		return mplsx_drop(pkt, reason);
	l2 = m->l2;
	l2_len = pkt->l2_len;
	if (l2_len > l2_max || l2_len != rq->l3_off)
		return mplsx_drop(pkt, reason);
	m->l3_off = rq->l3_off;
	m->proto = rq->proto;
	m->mtu = rq->mtu;
	icmp_set_kind(m, rq->too_big);
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + l2_max > data_end)
		return mplsx_drop(pkt, reason);
	__builtin_memcpy(l2, data, l2_max);
	if (l2[0] & 1) /* sent to a group address: no MAC of ours to use */
		return mplsx_drop(pkt, reason);
	port = pkt->port_id;
	if (icmp_prepare(ctx, m, bpf_map_lookup_elem(&icmp_src, &port)))
		return mplsx_drop(pkt, reason);

	/* Out of the ingress interface through tx_port, like every other
	 * frame: an XDP_TX frame on veth waits for the next flush. */
	if (!nexthop_tx_select(ctx->ingress_ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);
	m->room = l2_len;
	len = pkt->len;
	if (icmp_build(ctx, m))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + l2_max > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	__builtin_memcpy(data, l2 + ETH_ALEN, ETH_ALEN);
	__builtin_memcpy(data + ETH_ALEN, l2, ETH_ALEN);
	/* The tags and the ethertype, as received: the family is the same. */
	if (l2_len == sizeof(struct ethhdr))
		__builtin_memcpy(data + 2 * ETH_ALEN, l2 + 2 * ETH_ALEN, 2);
	else if (l2_len == sizeof(struct ethhdr) + sizeof(struct vlan_hdr))
		__builtin_memcpy(data + 2 * ETH_ALEN, l2 + 2 * ETH_ALEN, 6);
	else
		__builtin_memcpy(data + 2 * ETH_ALEN, l2 + 2 * ETH_ALEN, 10);
	icmp_sent(pkt, m, reason, len);
	pkt->tx_port_id = pkt->port_id;
	pkt->tx_len = l2_len + m->ip_len;
	pkt->vrf_op = MPLSX_VRF_OP_NONE;
	return XDP_REDIRECT;
}

/*
 * A packet under a VPN label of pkt->vrf_id, its datagram at l3_off:
 * the error comes from the PE's own address in the VRF, with the label
 * stack as received, and is routed in the VRF like a CE's packet: to a
 * local CE, or under the remote PE's VPN and transport labels.
 */
__noinline int mplsx_icmp_vrf(struct xdp_md *ctx, struct mplsx_pkt *pkt,
			      const struct icmp_req *rq)
{
	struct icmp_msg *m = icmp_msg_get();
	struct vrf_ip ip = {};
	const struct vrf_route *rt;
	const struct nexthop *nh;
	__u32 vrf, nh_id, n_lbl, len, reason;
	__be32 vpn = 0;

	if (!pkt || !rq)
		return XDP_ABORTED;
	reason = rq->reason;
	if (reason >= MPLSX_DROP__MAX)
		reason = MPLSX_DROP_INTERNAL;
	if (!m)
		return mplsx_drop(pkt, reason);
	vrf = pkt->vrf_id;
	m->l3_off = rq->l3_off;
	m->proto = rq->proto;
	m->mtu = rq->mtu;
	icmp_set_kind(m, rq->too_big);
	if (icmp_stack_read(ctx, pkt, m))
		return mplsx_drop(pkt, reason);
	if (icmp_prepare(ctx, m, bpf_map_lookup_elem(&icmp_vrf_src, &vrf)))
		return mplsx_drop(pkt, reason);

	ip.proto = m->proto;
	if (m->proto == ETH_P_IP)
		ip.k4.addr = m->dst4;
	else
		__builtin_memcpy(ip.k6.addr, m->dst6, 16);
	rt = vrf_lookup(&ip, vrf);
	if (!rt)
		return mplsx_drop(pkt, reason);
	nh_id = rt->nexthop_id;
	if (rt->kind == MPLSX_ROUTE_REMOTE)
		vpn = rt->vpn_label | bpf_htonl(MPLS_LS_S_MASK);
	else if (rt->kind != MPLSX_ROUTE_LOCAL)
		return mplsx_drop(pkt, reason);
	nh = nexthop_get(nh_id);
	if (!nh || nh->n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, reason);
	n_lbl = nh->n_push + (vpn ? 1 : 0);
	m->room = nexthop_l2_len(nh) + n_lbl * sizeof(struct mpls_lse);
	if (!nexthop_tx_select(nh->ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	len = pkt->len;
	if (icmp_build(ctx, m) ||
	    icmp_write_front(ctx, nh, &vpn, vpn ? 1 : 0, m, 0, 0, ICMP_TOS >> 5,
			     ICMP_TTL))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	icmp_sent(pkt, m, reason, len);
	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = m->room + m->ip_len;
	pkt->vrf_op = vpn ? MPLSX_VRF_OP_IMPOSE : MPLSX_VRF_OP_DISPOSE;
	return XDP_REDIRECT;
}

/*
 * A labelled packet whose entry idx (le, lse in host order with the TTL
 * carried down) expired or would not fit: the error, from the incoming
 * port's address, follows the LSP (RFC 3032 section 2.3.2): the entries
 * below idx as received but with TTL 255, under le's out labels and
 * nexthop, the way the packet itself would have gone.  The payload must
 * look like IP; a pseudowire's frame gets no message.
 */
__noinline int mplsx_icmp_tunnel(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				 const struct label_entry *le,
				 const struct icmp_req *rq)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct icmp_msg *m = icmp_msg_get();
	const struct nexthop *nh;
	__u32 n_lse, n_out, n_below, port, len, reason, idx, lse;
	__u8 *ver;

	if (!pkt || !le || !rq)
		return XDP_ABORTED;
	reason = rq->reason;
	if (reason >= MPLSX_DROP__MAX)
		reason = MPLSX_DROP_INTERNAL;
	if (!m)
		return mplsx_drop(pkt, reason);
	idx = rq->idx;
	lse = rq->lse;
	n_lse = pkt->n_lse;
	if (n_lse > MPLSX_MAX_LABEL_DEPTH || idx >= n_lse)
		return mplsx_drop(pkt, reason);
	m->l3_off = pkt->l2_len + n_lse * sizeof(struct mpls_lse);
	if (m->l3_off > MPLSX_HDR_MAX)
		return mplsx_drop(pkt, reason);
	ver = data + m->l3_off;
	if ((void *)(ver + 1) > data_end)
		return mplsx_drop(pkt, reason);
	if (*ver >> 4 == 4) {
		m->proto = ETH_P_IP;
	} else if (*ver >> 4 == 6) {
		m->proto = ETH_P_IPV6;
	} else {
		icmp_count(MPLSX_ICMP_NOT_ALLOWED, 0);
		return mplsx_drop(pkt, reason);
	}
	m->mtu = rq->mtu;
	icmp_set_kind(m, rq->too_big);
	if (icmp_stack_read(ctx, pkt, m))
		return mplsx_drop(pkt, reason);
	/* IPv4 without DF is for fragmenting, which a label switch here
	 * does not do (README, "ICMP"): no message. */
	if (rq->too_big && m->proto == ETH_P_IP) {
		struct iphdr *iph = data + m->l3_off;

		if ((void *)(iph + 1) > data_end ||
		    !(iph->frag_off & bpf_htons(IP_DF_)))
			return mplsx_drop(pkt, reason);
	}

	nh = nexthop_get(le->nexthop_id);
	if (!nh)
		return mplsx_drop(pkt, reason);
	n_out = le->n_out;
	n_below = n_lse - idx - 1;
	if (n_out > MPLSX_MAX_PUSH || nh->n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	port = pkt->port_id;
	if (icmp_prepare(ctx, m, bpf_map_lookup_elem(&icmp_src, &port)))
		return mplsx_drop(pkt, reason);
	m->room = nexthop_l2_len(nh) +
		  (nh->n_push + n_out + n_below) * sizeof(struct mpls_lse);
	if (!nexthop_tx_select(nh->ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	len = pkt->len;
	if (icmp_build(ctx, m) ||
	    icmp_write_front(ctx, nh, le->out, n_out, m, idx + 1, n_below,
			     (lse & MPLS_LS_TC_MASK) >> MPLS_LS_TC_SHIFT,
			     ICMP_MPLS_TTL))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	icmp_sent(pkt, m, reason, len);
	icmp_count(MPLSX_ICMP_TUNNELLED, m->ip_len);
	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = m->room + m->ip_len;
	return XDP_REDIRECT;
}

/*
 * IPv4 without DF from a CE, too big: to the TC fragmenter (frag.h),
 * through the kernel's ingress hook with a frag_meta saying where the
 * fragments go.  Only when the agent says the fragmenter is on every VRF
 * port: else a packet for the kernel's own routing table.
 */
static __always_inline int icmp_to_fragmenter(struct xdp_md *ctx,
					      struct mplsx_pkt *pkt,
					      const struct vrf_ip *ip,
					      __u32 mtu, __u32 nh_id,
					      __be32 vpn_label)
{
	__u32 zero = 0;
	const struct icmp_conf *cf = bpf_map_lookup_elem(&icmp_conf, &zero);
	struct frag_meta *fm;
	void *data;

	if (!cf || !(cf->flags & MPLSX_ICMP_F_FRAGMENT) || mtu > 0xFFFF)
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*fm)))
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	data = (void *)(long)ctx->data;
	fm = (void *)(long)ctx->data_meta;
	if ((void *)(fm + 1) > data)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	fm->magic = MPLSX_FRAG_META_MAGIC;
	fm->nh_id = nh_id;
	fm->vpn_label = vpn_label;
	fm->mtu = mtu;
	fm->ttl = ip->ttl;
	fm->mpls_ttl = ip->mpls_ttl;
	fm->tc = ip->tc;
	fm->pad[0] = fm->pad[1] = fm->pad[2] = 0;
	return XDP_PASS;
}

/*
 * Too big for the egress with its labels: the MTU the sender may use is
 * mtu.  IPv6 and IPv4 with DF get packet too big / fragmentation needed
 * (from_core: the packet came under a VPN label, the message goes back
 * through the VRF; else back out of the CE's port).  IPv4 without DF from
 * a CE is fragmented (frag.h); from the core it is dropped, counted as
 * mtu_exceeded.
 */
static __always_inline int
icmp_too_big(struct xdp_md *ctx, struct mplsx_pkt *pkt, const struct vrf_ip *ip,
	     __u32 mtu, int from_core, __u32 nh_id, __be32 vpn_label)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct icmp_req rq = {.l3_off = ip->l3_off,
			      .proto = ip->proto,
			      .too_big = 1,
			      .mtu = mtu,
			      .reason = MPLSX_DROP_MTU_EXCEEDED};

	if (ip->proto == ETH_P_IP) {
		struct iphdr *iph = data + rq.l3_off;

		if (rq.l3_off > MPLSX_HDR_MAX || (void *)(iph + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		if (!(iph->frag_off & bpf_htons(IP_DF_)))
			return from_core ? mplsx_drop(pkt,
						      MPLSX_DROP_MTU_EXCEEDED)
					 : icmp_to_fragmenter(ctx, pkt, ip, mtu,
							      nh_id, vpn_label);
	}
	if (from_core)
		return mplsx_icmp_vrf(ctx, pkt, &rq);
	return mplsx_icmp_reply(ctx, pkt, &rq);
}

#endif /* MPLSX_ICMP_H */
