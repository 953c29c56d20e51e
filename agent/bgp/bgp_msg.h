/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_msg.h - BGP-4 message framing and the non-UPDATE messages (RFC 4271):
 * header check, OPEN with capabilities (RFC 5492, 4760, 6793, 2918, 4724),
 * KEEPALIVE, NOTIFICATION, ROUTE-REFRESH.
 *
 * Parsers take a whole message (header included), never read past the
 * length they are given, and fill a struct bgp_error with the NOTIFICATION
 * that the session must send when they fail.  Builders return the number
 * of bytes written or -ENOSPC.
 */
#ifndef MPLSX_BGP_MSG_H
#define MPLSX_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BGP_MARKER_LEN 16
#define BGP_HDR_LEN    19
#define BGP_MAX_LEN    4096
#define BGP_OPEN_MIN   29 /* header + version..opt param len */
#define BGP_VERSION    4
#define BGP_AS_TRANS   23456
#define BGP_PORT       179

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
	BGP_MSG_TYPE_MAX = 5,
};

/* NOTIFICATION error codes and subcodes (RFC 4271 sec. 4.5, 7313). */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD_TIMER = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
};

enum bgp_err_header_sub {
	BGP_HDR_NOT_SYNC = 1,
	BGP_HDR_BAD_LENGTH = 2,
	BGP_HDR_BAD_TYPE = 3,
};

enum bgp_err_open_sub {
	BGP_OPEN_UNSPECIFIC = 0,
	BGP_OPEN_BAD_VERSION = 1,
	BGP_OPEN_BAD_PEER_AS = 2,
	BGP_OPEN_BAD_BGP_ID = 3,
	BGP_OPEN_BAD_OPT_PARAM = 4,
	BGP_OPEN_BAD_HOLD_TIME = 6,
	BGP_OPEN_BAD_CAPABILITY = 7, /* RFC 5492 */
};

enum bgp_err_update_sub {
	BGP_UPD_MALFORMED_ATTR_LIST = 1,
	BGP_UPD_UNRECOGNIZED_WELLKNOWN = 2,
	BGP_UPD_MISSING_WELLKNOWN = 3,
	BGP_UPD_ATTR_FLAGS = 4,
	BGP_UPD_ATTR_LENGTH = 5,
	BGP_UPD_BAD_ORIGIN = 6,
	BGP_UPD_BAD_NEXT_HOP = 8,
	BGP_UPD_OPT_ATTR = 9,
	BGP_UPD_BAD_NETWORK = 10,
	BGP_UPD_MALFORMED_AS_PATH = 11,
};

/* RFC 6608 subcodes of the FSM error: which state got the message. */
enum bgp_err_fsm_sub {
	BGP_FSM_UNSPECIFIC = 0,
	BGP_FSM_IN_OPENSENT = 1,
	BGP_FSM_IN_OPENCONFIRM = 2,
	BGP_FSM_IN_ESTABLISHED = 3,
};

enum bgp_err_cease_sub {
	BGP_CEASE_MAX_PREFIX = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_DECONFIGURED = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_CONN_REJECTED = 5,
	BGP_CEASE_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7,
	BGP_CEASE_OUT_OF_RESOURCES = 8,
};

#define BGP_ERR_DATA_MAX 64

/* A NOTIFICATION to send (or one received). */
struct bgp_error {
	uint8_t code;
	uint8_t subcode;
	uint16_t data_len;
	uint8_t data[BGP_ERR_DATA_MAX]; /* truncated copy of the data field */
};

void bgp_error_set(struct bgp_error *err, uint8_t code, uint8_t subcode,
		   const void *data, size_t data_len);
/* "OPEN Message Error/Bad Peer AS" style text for logs and `show bgp`. */
const char *bgp_error_code_str(uint8_t code);
const char *bgp_error_subcode_str(uint8_t code, uint8_t subcode);

/*
 * The address families this speaker knows.  The index doubles as a bit
 * number in af masks; every table keyed by family uses it.
 */
enum bgp_af {
	BGP_AF_IPV4_UNICAST,
	BGP_AF_IPV6_UNICAST,
	BGP_AF_IPV4_LU, /* SAFI 4, RFC 8277 */
	BGP_AF_IPV6_LU,
	BGP_AF_VPNV4, /* SAFI 128, RFC 4364 */
	BGP_AF_VPNV6, /* RFC 4659 */
	BGP_AF_COUNT,
};

#define BGP_AFI_IPV4	  1
#define BGP_AFI_IPV6	  2
#define BGP_SAFI_UNICAST  1
#define BGP_SAFI_LABELED  4
#define BGP_SAFI_MPLS_VPN 128
#define BGP_AF_BIT(af)	  (1u << (af))
#define BGP_AF_MASK_VPN	  (BGP_AF_BIT(BGP_AF_VPNV4) | BGP_AF_BIT(BGP_AF_VPNV6))

/* The index of (afi, safi), or -1 when we do not speak it. */
int bgp_af_from_afi_safi(uint16_t afi, uint8_t safi);
uint16_t bgp_af_afi(enum bgp_af af);
uint8_t bgp_af_safi(enum bgp_af af);
const char *bgp_af_name(enum bgp_af af); /* "vpnv4", "ipv4-lu", ... */

/* Capability codes (IANA). */
enum bgp_cap_code {
	BGP_CAP_MP = 1,
	BGP_CAP_ROUTE_REFRESH = 2,
	BGP_CAP_GRACEFUL_RESTART = 64,
	BGP_CAP_AS4 = 65,
};

#define BGP_GR_RESTART_FLAG 0x8 /* R bit, high nibble of the flags octet */
#define BGP_GR_FWD_FLAG	    0x80
#define BGP_GR_TIME_MAX	    4095

/* An OPEN, parsed or to be built. */
struct bgp_open {
	uint8_t version;
	uint16_t my_as;	    /* the 2-octet field: AS_TRANS for big ASes */
	uint32_t as;	    /* the speaker's AS: 4-octet capability or my_as */
	uint16_t hold_time; /* seconds; 0 or >= 3 */
	uint32_t bgp_id;    /* host byte order */
	uint32_t af_mask;   /* BGP_AF_BIT()s announced in MP capabilities */
	bool as4;	    /* 4-octet AS capability present */
	bool route_refresh;
	bool gr;	      /* graceful restart capability present */
	bool gr_restarting;   /* R bit */
	uint16_t gr_time;     /* restart time, seconds */
	uint32_t gr_af_mask;  /* families listed in the GR capability */
	uint32_t gr_fwd_mask; /* ... of those, forwarding state preserved */
};

/*
 * Check the header of the message at buf.  Returns the message length
 * when a whole valid message is there, 0 when more bytes are needed, or
 * -EBADMSG with err set to the NOTIFICATION 1/x to send.  Also checks the
 * minimum length of each type (RFC 4271 sec. 6.1).
 */
int bgp_hdr_check(const uint8_t *buf, size_t len, uint8_t *type,
		  struct bgp_error *err);
/* Write a header for a message of total length len; returns 19. */
int bgp_hdr_write(uint8_t *buf, uint16_t len, uint8_t type);

/*
 * Parse a whole OPEN (header included, already bgp_hdr_check()ed).
 * Syntax only; bgp_open_check() judges the values against the config.
 * 0 or -EBADMSG with err set (2/x).
 */
int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *open,
		   struct bgp_error *err);
/*
 * Semantic checks of a received OPEN (RFC 4271 sec. 6.2, RFC 6286):
 * peer AS as configured (0 = accept any), BGP identifier non-zero and,
 * for iBGP, not ours, hold time 0 or >= 3.  0 or -EINVAL with err set.
 */
int bgp_open_check(const struct bgp_open *open, uint32_t expect_as,
		   uint32_t local_as, uint32_t local_id, struct bgp_error *err);
int bgp_open_build(const struct bgp_open *open, uint8_t *buf, size_t cap);

int bgp_keepalive_build(uint8_t *buf, size_t cap);

int bgp_notification_build(const struct bgp_error *err, uint8_t *buf,
			   size_t cap);
int bgp_notification_parse(const uint8_t *msg, size_t len,
			   struct bgp_error *out);

/* ROUTE-REFRESH (RFC 2918): one AFI/SAFI; subtype 0 (RFC 7313 aside). */
struct bgp_route_refresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};

int bgp_route_refresh_build(uint16_t afi, uint8_t safi, uint8_t *buf,
			    size_t cap);
/* -EBADMSG with err 7/1 when the length is not 23 (RFC 7313 sec. 5). */
int bgp_route_refresh_parse(const uint8_t *msg, size_t len,
			    struct bgp_route_refresh *rr,
			    struct bgp_error *err);

/* Big-endian helpers shared by the codec files. */
static inline uint16_t bgp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t bgp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void bgp_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void bgp_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

#endif
