/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_update.h - the BGP UPDATE codec, organised per address family.
 *
 * Parsing is two steps, because RFC 7606 decides what an UPDATE means only
 * once all of it has been read: bgp_update_parse() checks every attribute
 * and walks every NLRI field once, then bgp_update_next() hands out the
 * routes one by one (announcements turn into withdrawals when the verdict
 * is treat-as-withdraw).  Nothing is allocated; routes are copies.
 *
 * Families: IPv4/IPv6 unicast (SAFI 1), labeled unicast (SAFI 4, RFC
 * 8277) and VPNv4/VPNv6 (SAFI 128, RFC 4364/4659), each a descriptor with
 * NLRI and next hop callbacks in bgp_update.c.
 */
#ifndef MPLSX_BGP_UPDATE_H
#define MPLSX_BGP_UPDATE_H

#include "util/addr.h"
#include "bgp/bgp_msg.h"

#define BGP_MAX_LABELS		4   /* label fields read from one NLRI */
#define BGP_MAX_RTS		32  /* route targets kept per route */
#define BGP_MAX_AS_PATH		256 /* AS_PATH octets kept (4-octet form) */
#define BGP_MAX_COMMUNITIES	32  /* RFC 1997 communities kept */
#define BGP_MAX_LARGE		16  /* RFC 8092 large communities kept */
#define BGP_MAX_EXT_OTHER	8   /* other extended communities (SoO) */
#define BGP_RD_LEN		8
#define BGP_EC_LEN		8
#define BGP_LABEL_WITHDRAW	0x800000 /* RFC 8277 sec. 2.4 label field */
#define BGP_LABEL_IMPLICIT_NULL 3
#define BGP_LOCAL_PREF_DEFAULT	100

/* Path attribute type codes. */
enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32, /* RFC 8092 */
};

#define BGP_ATTR_FLAG_OPTIONAL	 0x80
#define BGP_ATTR_FLAG_TRANSITIVE 0x40
#define BGP_ATTR_FLAG_PARTIAL	 0x20
#define BGP_ATTR_FLAG_EXT_LEN	 0x10

enum bgp_origin {
	BGP_ORIGIN_IGP = 0,
	BGP_ORIGIN_EGP = 1,
	BGP_ORIGIN_INCOMPLETE = 2,
};

/* What the session must do with an UPDATE (RFC 7606 sec. 2). */
enum bgp_result {
	BGP_RESULT_OK = 0,
	BGP_RESULT_TREAT_AS_WITHDRAW, /* announcements become withdrawals */
	BGP_RESULT_SESSION_RESET,     /* send err, close the session */
};

const char *bgp_result_str(enum bgp_result res);

/* Path attributes shared by all routes of one UPDATE. */
struct bgp_attrs {
	uint64_t present; /* 1ull << type for each type 1..63 that was kept */
	uint8_t origin;	  /* enum bgp_origin */
	bool atomic_aggregate;
	uint16_t as_path_len;	/* RFC 4271 9.1.2.2 length: AS_SET counts 1 */
	uint32_t as_path_first; /* leftmost AS of the first AS_SEQUENCE, 0 */
	/*
	 * NEXT_HOP or the MP_REACH next hop.  An IPv4-mapped IPv6 next hop
	 * (RFC 4659 sec. 3.2.1.2, a VPNv6 route from an IPv4 PE) is given
	 * as AF_INET.
	 */
	struct mplsx_addr next_hop;
	struct mplsx_addr next_hop_ll; /* IPv6 link-local, when 32/48 */
	uint32_t med;
	uint32_t local_pref;
	uint32_t originator_id;	    /* host byte order */
	uint16_t cluster_list_len;  /* number of CLUSTER_IDs */
	uint16_t n_ext_communities; /* all of them, route targets or not */
	uint8_t n_route_targets;
	bool route_targets_truncated; /* more than BGP_MAX_RTS */
	uint8_t route_targets[BGP_MAX_RTS][BGP_EC_LEN]; /* wire form */
	/*
	 * What a VPN route carries for the customer (RFC 4364 sec. 7): the
	 * CE's AS_PATH segments as on the wire, always with 4-octet ASes
	 * (a 2-octet session's path is widened), its communities, large
	 * communities and the extended communities that are not route
	 * targets (Site of Origin).  *_truncated: more than was kept.
	 */
	uint16_t as_path_wire_len;
	bool as_path_truncated;
	uint8_t n_communities;
	uint8_t n_large;
	uint8_t n_ext_other;
	bool communities_truncated;
	uint8_t as_path[BGP_MAX_AS_PATH];
	uint32_t communities[BGP_MAX_COMMUNITIES];
	uint32_t large[BGP_MAX_LARGE][3];
	uint8_t ext_other[BGP_MAX_EXT_OTHER][BGP_EC_LEN];
};

#define BGP_ATTR_PRESENT(a, t) (((a)->present >> (t)) & 1)

/* Whether the AS_PATH of A (4-octet form) holds AS; how many times. */
unsigned int bgp_as_path_count(const struct bgp_attrs *a, uint32_t as);
/* Replace every FROM in A's AS_PATH by TO (as_override). */
void bgp_as_path_replace(struct bgp_attrs *a, uint32_t from, uint32_t to);
/*
 * The customer's part of a route (RFC 4364 sec. 7): ORIGIN, AS_PATH, MED,
 * communities, large communities, non-RT extended communities of FROM
 * into TO (the rest of TO kept); its hash, for "did it change".
 */
void bgp_attrs_customer_copy(struct bgp_attrs *to,
			     const struct bgp_attrs *from);
uint64_t bgp_attrs_customer_hash(const struct bgp_attrs *a);
/* Whether X and Y have the same customer part. */
bool bgp_attrs_customer_eq(const struct bgp_attrs *x,
			   const struct bgp_attrs *y);
/* Whether A carries extended community EC (8 octets, wire form). */
bool bgp_attrs_has_ext(const struct bgp_attrs *a, const uint8_t *ec);

/*
 * One route: the NLRI and, for an announcement, the attributes it came
 * with.  rd is all zero outside VPN families; labels are 20-bit values,
 * outermost first (empty for unicast; a withdrawal's label is not kept).
 */
struct bgp_route {
	enum bgp_af af;
	uint16_t afi;
	uint8_t safi;
	bool withdraw;
	uint8_t rd[BGP_RD_LEN];
	struct mplsx_addr prefix;
	uint8_t prefix_len;
	uint8_t n_labels;
	uint32_t labels[BGP_MAX_LABELS];
	struct bgp_attrs attrs; /* all zero when withdraw */
};

/* Session facts the parser needs. */
struct bgp_update_opts {
	bool as4;	  /* 4-octet AS negotiated: AS_PATH carries 4 octets */
	bool ebgp;	  /* discard LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST */
	uint32_t af_mask; /* negotiated families; others are ignored */
};

/* A run of NLRI of one family, already checked to decode. */
struct bgp_nlri_block {
	const uint8_t *data;
	uint16_t len;
	int8_t af; /* enum bgp_af, -1 = none */
	bool withdraw;
};

enum {
	BGP_BLOCK_WITHDRAWN,  /* IPv4 Withdrawn Routes field */
	BGP_BLOCK_MP_UNREACH, /* MP_UNREACH_NLRI */
	BGP_BLOCK_NLRI,	      /* IPv4 NLRI field */
	BGP_BLOCK_MP_REACH,   /* MP_REACH_NLRI */
	BGP_BLOCK_COUNT,
};

struct bgp_update {
	enum bgp_result result;
	/*
	 * SESSION_RESET: the NOTIFICATION to send.  TREAT_AS_WITHDRAW: the
	 * first reason, in the same form, for logs and counters.
	 */
	struct bgp_error err;
	struct bgp_attrs attrs;
	struct bgp_nlri_block block[BGP_BLOCK_COUNT];
	uint16_t n_discarded; /* attributes dropped (attribute-discard) */
	bool ignored_af;      /* MP attribute of a family not negotiated */
	/* Families whose MP_REACH/MP_UNREACH NLRI could not be parsed:
	 * AFI/SAFI disable (RFC 7606 sec. 5.3, RFC 4760 sec. 7), their
	 * NLRI left out (labeled unicast only; a VPN family resets). */
	uint32_t af_disabled;
	bool eor;	/* End-of-RIB marker (RFC 4724 sec. 2) */
	uint8_t eor_af; /* its enum bgp_af */
};

/*
 * Parse a whole UPDATE message (header included, already checked by
 * bgp_hdr_check()).  Never reads outside msg[0..len).  Returns upd->result.
 */
enum bgp_result bgp_update_parse(const uint8_t *msg, size_t len,
				 const struct bgp_update_opts *opts,
				 struct bgp_update *upd);

/* Walks the routes of a parsed UPDATE: withdrawals first. */
struct bgp_update_iter {
	int block;
	size_t off;
};

/* Fill *route with the next route; 1 when filled, 0 at the end. */
int bgp_update_next(const struct bgp_update *upd, struct bgp_update_iter *it,
		    struct bgp_route *route);

/*
 * Building.  A route to announce: af, rd, prefix/prefix_len, labels (we
 * send one; RFC 8277 without the Multiple Labels capability), and in
 * routes[0].attrs the next hop and route targets that all n routes share.
 * The UPDATE gets ORIGIN (attrs.origin), AS_PATH (attrs.as_path, 4-octet
 * ASes: sessions negotiate AS4; empty for our own routes), LOCAL_PREF
 * (attrs.local_pref when BGP_ATTR_LOCAL_PREF is present, else 100), MED
 * when present, COMMUNITIES, EXTENDED_COMMUNITIES (route targets, then
 * ext_other), LARGE_COMMUNITIES, then MP_REACH_NLRI (or NEXT_HOP and
 * the NLRI field for IPv4 unicast).  All routes must be of one family.
 * Packs as many routes as fit in one message (min(cap, 4096)), at least
 * one, and says how many in *n_done.  Returns the message length or
 * -ENOSPC / -EINVAL.
 */
int bgp_update_build_announce(const struct bgp_route *routes, size_t n,
			      size_t *n_done, uint8_t *buf, size_t cap);
/* Withdrawals, same packing rules (label field 0x800000 for SAFI 4/128). */
int bgp_update_build_withdraw(const struct bgp_route *routes, size_t n,
			      size_t *n_done, uint8_t *buf, size_t cap);
/* End-of-RIB: an empty UPDATE for IPv4 unicast, else an empty MP_UNREACH. */
int bgp_update_build_eor(enum bgp_af af, uint8_t *buf, size_t cap);

#endif
