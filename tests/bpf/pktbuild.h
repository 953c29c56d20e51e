/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pktbuild.h - a small packet builder for the packet tests: Ethernet,
 * VLAN tags, MPLS label stack entries, IPv4 (with its header checksum
 * computed from scratch), IPv6, UDP, ARP; IP headers may be made
 * malformed on purpose.  Frames are described by a
 * struct frame_spec so that a test table can state input and expected
 * output side by side, written without reference to the program's logic.
 */
#ifndef MPLSX_PKTBUILD_H
#define MPLSX_PKTBUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#define PB_MAX_FRAME   512
#define PB_MAX_LSE     12
#define PB_UDP_PAYLOAD 18 /* bytes of UDP payload in IP test packets */

/* Default addresses: frames as received, and as the nexthop writes them. */
static const uint8_t pb_in_dmac[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x01};
static const uint8_t pb_in_smac[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x02};
static const uint8_t pb_nh_dmac[6] = {0x02, 0x00, 0x00, 0x00, 0x02, 0x02};
static const uint8_t pb_nh_smac[6] = {0x02, 0x00, 0x00, 0x00, 0x02, 0x01};

enum pb_macs { PB_MACS_IN = 0, PB_MACS_NH };
enum pb_payload {
	PB_NONE = 0,
	PB_IPV4, /* IPv4 + UDP, ttl = ip_ttl */
	PB_IPV6, /* IPv6 + UDP, hop limit = ip_ttl */
	PB_ARP,	 /* ARP request */
	PB_RAW,	 /* raw[0..n_raw) */
};

struct pb_vlan {
	int set;
	uint16_t tpid, vid;
};

struct pb_lse {
	int set;
	uint32_t label;
	uint8_t tc, s, ttl;
};

struct frame_spec {
	enum pb_macs macs;
	struct pb_vlan vlan[2];
	uint16_t type; /* ethertype after the VLAN tags */
	struct pb_lse lse[PB_MAX_LSE];
	enum pb_payload payload;
	uint8_t ip_ttl;
	uint8_t ip_tos;	    /* IPv4 TOS / IPv6 traffic class */
	const char *ip_dst; /* destination address as text; NULL = default */
	/* Malformed headers (the checksum stays right for what is there):
	 * IPv4 IHL (0 = 5), a version nibble other than the payload's, a
	 * length field (IPv4 total, IPv6 payload) off by ip_len_add. */
	uint8_t ip_ihl, ip_version;
	int ip_len_add;
	uint8_t raw[8];
	int n_raw;
	int trailer; /* zero bytes after the payload (Ethernet padding) */
	int cut;     /* keep only the first cut bytes; 0 = whole frame */
};

#define VLAN(tpid_, vid_)                                \
	{                                                \
		.set = 1, .tpid = (tpid_), .vid = (vid_) \
	}
#define LSE(label_, tc_, s_, ttl_)                                   \
	{                                                            \
		.set = 1, .label = (label_), .tc = (tc_), .s = (s_), \
		.ttl = (ttl_)                                        \
	}

struct frame {
	uint8_t b[PB_MAX_FRAME];
	size_t len;
};

static inline void pb_put(struct frame *f, const void *p, size_t n)
{
	if (f->len + n > sizeof(f->b)) {
		fprintf(stderr, "pktbuild: frame too long\n");
		abort();
	}
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static inline void pb_put16(struct frame *f, uint16_t v)
{
	uint16_t n = htons(v);

	pb_put(f, &n, 2);
}

static inline void pb_put32(struct frame *f, uint32_t v)
{
	uint32_t n = htonl(v);

	pb_put(f, &n, 4);
}

/* The Internet checksum (RFC 1071) over len bytes, plus an initial sum. */
static inline uint16_t pb_csum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void pb_udp(struct frame *f, uint32_t pseudo_sum)
{
	size_t start = f->len;
	uint16_t len = 8 + PB_UDP_PAYLOAD, c;
	int i;

	pb_put16(f, 4000);
	pb_put16(f, 5000);
	pb_put16(f, len);
	pb_put16(f, 0);
	for (i = 0; i < PB_UDP_PAYLOAD; i++) {
		uint8_t v = 0xA0 + i;

		pb_put(f, &v, 1);
	}
	c = pb_csum(f->b + start, len, pseudo_sum + 17 + len);
	if (!c)
		c = 0xFFFF;
	f->b[start + 6] = c >> 8;
	f->b[start + 7] = c & 0xFF;
}

static inline uint32_t pb_sum_words(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	return s;
}

static inline void pb_ipv4(struct frame *f, const struct frame_spec *s)
{
	static const uint8_t src[4] = {192, 0, 2, 1};
	uint8_t dst[4] = {198, 51, 100, 7};
	size_t start = f->len;
	uint8_t ver = s->ip_version ? s->ip_version : 4;
	uint8_t ihl = s->ip_ihl ? s->ip_ihl : 5;
	uint8_t b;
	uint16_t c;

	if (s->ip_dst && inet_pton(AF_INET, s->ip_dst, dst) != 1)
		abort();
	b = ver << 4 | ihl;
	pb_put(f, &b, 1);
	pb_put(f, &s->ip_tos, 1);
	pb_put16(f, 20 + 8 + PB_UDP_PAYLOAD + s->ip_len_add);
	pb_put16(f, 0x1234); /* id */
	pb_put16(f, 0x4000); /* DF */
	pb_put(f, &s->ip_ttl, 1);
	b = 17;
	pb_put(f, &b, 1);
	pb_put16(f, 0); /* checksum, filled below */
	pb_put(f, src, 4);
	pb_put(f, dst, 4);
	c = pb_csum(f->b + start, 20, 0);
	f->b[start + 10] = c >> 8;
	f->b[start + 11] = c & 0xFF;
	pb_udp(f, pb_sum_words(src, 4) + pb_sum_words(dst, 4));
}

static inline void pb_ipv6(struct frame *f, const struct frame_spec *s)
{
	static const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 7};
	uint8_t ver = s->ip_version ? s->ip_version : 6;
	uint8_t b = 17;

	if (s->ip_dst && inet_pton(AF_INET6, s->ip_dst, dst) != 1)
		abort();
	/* flow label 0x12345 */
	pb_put32(f, (uint32_t)ver << 28 | (uint32_t)s->ip_tos << 20 | 0x12345);
	pb_put16(f, 8 + PB_UDP_PAYLOAD + s->ip_len_add);
	pb_put(f, &b, 1);
	pb_put(f, &s->ip_ttl, 1);
	pb_put(f, src, 16);
	pb_put(f, dst, 16);
	pb_udp(f, pb_sum_words(src, 16) + pb_sum_words(dst, 16));
}

static inline void pb_arp(struct frame *f)
{
	static const uint8_t spa[4] = {10, 0, 12, 2}, tpa[4] = {10, 0, 12, 1};
	static const uint8_t zero[6];

	pb_put16(f, 1); /* Ethernet */
	pb_put16(f, 0x0800);
	pb_put16(f, 0x0604); /* hlen 6, plen 4 */
	pb_put16(f, 1);	     /* request */
	pb_put(f, pb_in_smac, 6);
	pb_put(f, spa, 4);
	pb_put(f, zero, 6);
	pb_put(f, tpa, 4);
}

static inline void pb_build(struct frame *f, const struct frame_spec *s)
{
	int i;

	f->len = 0;
	pb_put(f, s->macs == PB_MACS_NH ? pb_nh_dmac : pb_in_dmac, 6);
	pb_put(f, s->macs == PB_MACS_NH ? pb_nh_smac : pb_in_smac, 6);
	for (i = 0; i < 2 && s->vlan[i].set; i++) {
		pb_put16(f, s->vlan[i].tpid);
		pb_put16(f, s->vlan[i].vid);
	}
	pb_put16(f, s->type);
	for (i = 0; i < PB_MAX_LSE && s->lse[i].set; i++)
		pb_put32(f, s->lse[i].label << 12 |
				    (uint32_t)s->lse[i].tc << 9 |
				    (uint32_t)s->lse[i].s << 8 | s->lse[i].ttl);
	switch (s->payload) {
	case PB_IPV4:
		pb_ipv4(f, s);
		break;
	case PB_IPV6:
		pb_ipv6(f, s);
		break;
	case PB_ARP:
		pb_arp(f);
		break;
	case PB_RAW:
		pb_put(f, s->raw, s->n_raw);
		break;
	case PB_NONE:
		break;
	}
	for (i = 0; i < s->trailer; i++) {
		uint8_t z = 0;

		pb_put(f, &z, 1);
	}
	if (s->cut && (size_t)s->cut < f->len)
		f->len = s->cut;
}

/* Print expected and actual 16 bytes a line, '^' under each difference. */
static inline void pb_hexdiff(FILE *out, const uint8_t *exp, size_t exp_len,
			      const uint8_t *got, size_t got_len)
{
	size_t max = exp_len > got_len ? exp_len : got_len, off, i;

	fprintf(out, "    expected %zu bytes, got %zu bytes\n", exp_len,
		got_len);
	for (off = 0; off < max; off += 16) {
		char mark[16 * 3 + 1];
		int diff = 0;

		fprintf(out, "    %04zx exp:", off);
		for (i = off; i < off + 16 && i < max; i++) {
			if (i < exp_len)
				fprintf(out, " %02x", exp[i]);
			else
				fprintf(out, " --");
		}
		fprintf(out, "\n         got:");
		for (i = off; i < off + 16 && i < max; i++) {
			int d = i >= exp_len || i >= got_len ||
				exp[i] != got[i];

			if (i < got_len)
				fprintf(out, " %02x", got[i]);
			else
				fprintf(out, " --");
			memcpy(mark + (i - off) * 3, d ? " ^^" : "   ", 3);
			diff |= d;
		}
		mark[(i - off) * 3] = '\0';
		fprintf(out, "\n");
		if (diff)
			fprintf(out, "             %s\n", mark);
	}
}

#endif /* MPLSX_PKTBUILD_H */
