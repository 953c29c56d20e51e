// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_msg.c - BGP framing, OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH. */
#include "bgp/bgp_msg.h"

#include <errno.h>
#include <string.h>

static const struct {
	uint16_t afi;
	uint8_t safi;
	const char *name;
} bgp_afs[BGP_AF_COUNT] = {
	[BGP_AF_IPV4_UNICAST] = {BGP_AFI_IPV4, BGP_SAFI_UNICAST, "ipv4"},
	[BGP_AF_IPV6_UNICAST] = {BGP_AFI_IPV6, BGP_SAFI_UNICAST, "ipv6"},
	[BGP_AF_IPV4_LU] = {BGP_AFI_IPV4, BGP_SAFI_LABELED, "ipv4-lu"},
	[BGP_AF_IPV6_LU] = {BGP_AFI_IPV6, BGP_SAFI_LABELED, "ipv6-lu"},
	[BGP_AF_VPNV4] = {BGP_AFI_IPV4, BGP_SAFI_MPLS_VPN, "vpnv4"},
	[BGP_AF_VPNV6] = {BGP_AFI_IPV6, BGP_SAFI_MPLS_VPN, "vpnv6"},
};

int bgp_af_from_afi_safi(uint16_t afi, uint8_t safi)
{
	for (int i = 0; i < BGP_AF_COUNT; i++)
		if (bgp_afs[i].afi == afi && bgp_afs[i].safi == safi)
			return i;
	return -1;
}

uint16_t bgp_af_afi(enum bgp_af af)
{
	return af < BGP_AF_COUNT ? bgp_afs[af].afi : 0;
}

uint8_t bgp_af_safi(enum bgp_af af)
{
	return af < BGP_AF_COUNT ? bgp_afs[af].safi : 0;
}

const char *bgp_af_name(enum bgp_af af)
{
	return af < BGP_AF_COUNT ? bgp_afs[af].name : "?";
}

void bgp_error_set(struct bgp_error *err, uint8_t code, uint8_t subcode,
		   const void *data, size_t data_len)
{
	if (!err)
		return;
	if (data_len > BGP_ERR_DATA_MAX)
		data_len = BGP_ERR_DATA_MAX;
	err->code = code;
	err->subcode = subcode;
	err->data_len = data ? (uint16_t)data_len : 0;
	if (err->data_len)
		memcpy(err->data, data, err->data_len);
}

const char *bgp_error_code_str(uint8_t code)
{
	static const char *const names[] = {
		[BGP_ERR_HEADER] = "Message Header Error",
		[BGP_ERR_OPEN] = "OPEN Message Error",
		[BGP_ERR_UPDATE] = "UPDATE Message Error",
		[BGP_ERR_HOLD_TIMER] = "Hold Timer Expired",
		[BGP_ERR_FSM] = "Finite State Machine Error",
		[BGP_ERR_CEASE] = "Cease",
		[BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
	};

	if (code < sizeof(names) / sizeof(names[0]) && names[code])
		return names[code];
	return "Unknown Error";
}

const char *bgp_error_subcode_str(uint8_t code, uint8_t subcode)
{
	static const char *const hdr[] = {
		"Unspecific", "Connection Not Synchronized",
		"Bad Message Length", "Bad Message Type"};
	static const char *const open[] = {"Unspecific",
					   "Unsupported Version Number",
					   "Bad Peer AS",
					   "Bad BGP Identifier",
					   "Unsupported Optional Parameter",
					   "Deprecated",
					   "Unacceptable Hold Time",
					   "Unsupported Capability"};
	static const char *const upd[] = {"Unspecific",
					  "Malformed Attribute List",
					  "Unrecognized Well-known Attribute",
					  "Missing Well-known Attribute",
					  "Attribute Flags Error",
					  "Attribute Length Error",
					  "Invalid ORIGIN Attribute",
					  "Deprecated",
					  "Invalid NEXT_HOP Attribute",
					  "Optional Attribute Error",
					  "Invalid Network Field",
					  "Malformed AS_PATH"};
	static const char *const fsm[] = {"Unspecific",
					  "Unexpected Message in OpenSent",
					  "Unexpected Message in OpenConfirm",
					  "Unexpected Message in Established"};
	static const char *const cease[] = {"Unspecific",
					    "Maximum Prefixes Reached",
					    "Administrative Shutdown",
					    "Peer De-configured",
					    "Administrative Reset",
					    "Connection Rejected",
					    "Other Configuration Change",
					    "Connection Collision Resolution",
					    "Out of Resources"};
#define PICK(tbl) \
	(subcode < sizeof(tbl) / sizeof(tbl[0]) ? tbl[subcode] : "Unknown")
	switch (code) {
	case BGP_ERR_HEADER:
		return PICK(hdr);
	case BGP_ERR_OPEN:
		return PICK(open);
	case BGP_ERR_UPDATE:
		return PICK(upd);
	case BGP_ERR_FSM:
		return PICK(fsm);
	case BGP_ERR_CEASE:
		return PICK(cease);
	case BGP_ERR_ROUTE_REFRESH:
		return subcode == 1 ? "Invalid Message Length" : "Unknown";
	default:
		return subcode ? "Unknown" : "Unspecific";
	}
#undef PICK
}

/* Smallest valid length per type (RFC 4271 sec. 4, RFC 2918). */
static const uint16_t bgp_min_len[BGP_MSG_TYPE_MAX + 1] = {
	[BGP_MSG_OPEN] = BGP_OPEN_MIN,
	[BGP_MSG_UPDATE] = BGP_HDR_LEN + 4,
	[BGP_MSG_NOTIFICATION] = BGP_HDR_LEN + 2,
	[BGP_MSG_KEEPALIVE] = BGP_HDR_LEN,
	[BGP_MSG_ROUTE_REFRESH] = BGP_HDR_LEN,
};

int bgp_hdr_check(const uint8_t *buf, size_t len, uint8_t *type,
		  struct bgp_error *err)
{
	uint16_t mlen;
	uint8_t t;

	if (len < BGP_HDR_LEN)
		return 0;
	for (int i = 0; i < BGP_MARKER_LEN; i++) {
		if (buf[i] != 0xff) {
			bgp_error_set(err, BGP_ERR_HEADER, BGP_HDR_NOT_SYNC,
				      NULL, 0);
			return -EBADMSG;
		}
	}
	mlen = bgp_get16(buf + 16);
	t = buf[18];
	if (mlen < BGP_HDR_LEN || mlen > BGP_MAX_LEN) {
		bgp_error_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, buf + 16,
			      2);
		return -EBADMSG;
	}
	if (t < BGP_MSG_OPEN || t > BGP_MSG_TYPE_MAX) {
		bgp_error_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, buf + 18,
			      1);
		return -EBADMSG;
	}
	if (mlen < bgp_min_len[t] ||
	    (t == BGP_MSG_KEEPALIVE && mlen != BGP_HDR_LEN)) {
		bgp_error_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, buf + 16,
			      2);
		return -EBADMSG;
	}
	if (type)
		*type = t;
	if (len < mlen)
		return 0;
	return mlen;
}

int bgp_hdr_write(uint8_t *buf, uint16_t len, uint8_t type)
{
	memset(buf, 0xff, BGP_MARKER_LEN);
	bgp_put16(buf + 16, len);
	buf[18] = type;
	return BGP_HDR_LEN;
}

static int bgp_open_err(struct bgp_error *err, uint8_t sub, const void *data,
			size_t len)
{
	bgp_error_set(err, BGP_ERR_OPEN, sub, data, len);
	return -EBADMSG;
}

/* Graceful restart (RFC 4724 sec. 3): flags+time, then 4 octets per AF. */
static int bgp_cap_gr(const uint8_t *p, uint8_t len, struct bgp_open *open)
{
	if (len < 2 || (len - 2) % 4)
		return -EBADMSG;
	open->gr = true;
	open->gr_restarting = (p[0] >> 4) & BGP_GR_RESTART_FLAG;
	open->gr_time = bgp_get16(p) & 0x0fff;
	open->gr_af_mask = open->gr_fwd_mask = 0;
	for (int i = 2; i + 4 <= len; i += 4) {
		int af = bgp_af_from_afi_safi(bgp_get16(p + i), p[i + 2]);

		if (af < 0)
			continue;
		open->gr_af_mask |= BGP_AF_BIT(af);
		if (p[i + 3] & BGP_GR_FWD_FLAG)
			open->gr_fwd_mask |= BGP_AF_BIT(af);
	}
	return 0;
}

/* Walk the capabilities of one optional parameter (RFC 5492). */
static int bgp_caps_parse(const uint8_t *p, size_t len, struct bgp_open *open,
			  struct bgp_error *err)
{
	size_t off = 0;

	while (off < len) {
		uint8_t code, clen;
		const uint8_t *v;

		if (len - off < 2)
			return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, NULL, 0);
		code = p[off];
		clen = p[off + 1];
		v = p + off + 2;
		if (clen > len - off - 2)
			return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, NULL, 0);
		switch (code) {
		case BGP_CAP_MP: {
			int af;

			if (clen != 4)
				goto bad_cap;
			af = bgp_af_from_afi_safi(bgp_get16(v), v[3]);
			if (af >= 0)
				open->af_mask |= BGP_AF_BIT(af);
			break;
		}
		case BGP_CAP_ROUTE_REFRESH:
			if (clen != 0)
				goto bad_cap;
			open->route_refresh = true;
			break;
		case BGP_CAP_AS4:
			if (clen != 4)
				goto bad_cap;
			open->as4 = true;
			open->as = bgp_get32(v);
			break;
		case BGP_CAP_GRACEFUL_RESTART:
			if (bgp_cap_gr(v, clen, open))
				goto bad_cap;
			break;
		default:
			/* Unknown capabilities are ignored (RFC 5492 sec. 3).
			 */
			break;
		}
		off += 2 + clen;
		continue;
	bad_cap:
		/* A known capability we cannot read: say which one. */
		return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, p + off,
				    2 + (size_t)clen);
	}
	return 0;
}

int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *open,
		   struct bgp_error *err)
{
	const uint8_t *p = msg + BGP_HDR_LEN;
	size_t opt_len, off;
	uint8_t max_ver[2] = {0, BGP_VERSION};

	memset(open, 0, sizeof(*open));
	if (len < BGP_OPEN_MIN) {
		uint8_t l[2] = {len >> 8, len & 0xff};

		bgp_error_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, l, 2);
		return -EBADMSG;
	}
	open->version = p[0];
	if (open->version != BGP_VERSION)
		return bgp_open_err(err, BGP_OPEN_BAD_VERSION, max_ver, 2);
	open->my_as = bgp_get16(p + 1);
	open->hold_time = bgp_get16(p + 3);
	open->bgp_id = bgp_get32(p + 5);
	opt_len = p[9];
	if (opt_len != len - BGP_OPEN_MIN)
		/* RFC 4271 names no subcode for this; 2/0 as FRR and BIRD. */
		return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, NULL, 0);
	p += 10;
	for (off = 0; off < opt_len;) {
		uint8_t type, plen;

		if (opt_len - off < 2)
			return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, NULL, 0);
		type = p[off];
		plen = p[off + 1];
		if (plen > opt_len - off - 2)
			return bgp_open_err(err, BGP_OPEN_UNSPECIFIC, NULL, 0);
		/* Type 255 is RFC 9072's extended form: not spoken here. */
		if (type != 2)
			return bgp_open_err(err, BGP_OPEN_BAD_OPT_PARAM, NULL,
					    0);
		if (bgp_caps_parse(p + off + 2, plen, open, err))
			return -EBADMSG;
		off += 2 + (size_t)plen;
	}
	if (!open->as4)
		open->as = open->my_as;
	return 0;
}

int bgp_open_check(const struct bgp_open *open, uint32_t expect_as,
		   uint32_t local_as, uint32_t local_id, struct bgp_error *err)
{
	uint8_t as_data[2];

	bgp_put16(as_data, open->my_as);
	/*
	 * RFC 6793 sec. 4.1: a 4-octet speaker with a big AS puts AS_TRANS
	 * in My AS; a 2-octet field naming AS_TRANS without the capability
	 * is no real AS.
	 */
	if (!open->as4 && open->my_as == BGP_AS_TRANS)
		return bgp_open_err(err, BGP_OPEN_BAD_PEER_AS, as_data, 2);
	if (open->as4 && open->as > 0xffff && open->my_as != BGP_AS_TRANS)
		return bgp_open_err(err, BGP_OPEN_BAD_PEER_AS, as_data, 2);
	if (open->as == 0 || (expect_as && open->as != expect_as))
		return bgp_open_err(err, BGP_OPEN_BAD_PEER_AS, as_data, 2);
	/* RFC 6286: non-zero; equal to ours only matters within an AS. */
	if (open->bgp_id == 0 ||
	    (open->as == local_as && open->bgp_id == local_id)) {
		uint8_t id[4];

		bgp_put32(id, open->bgp_id);
		return bgp_open_err(err, BGP_OPEN_BAD_BGP_ID, id, 4);
	}
	if (open->hold_time == 1 || open->hold_time == 2) {
		uint8_t ht[2];

		bgp_put16(ht, open->hold_time);
		return bgp_open_err(err, BGP_OPEN_BAD_HOLD_TIME, ht, 2);
	}
	return 0;
}

/* Append one capability; returns its length or -ENOSPC. */
static int bgp_cap_put(uint8_t *p, size_t room, uint8_t code,
		       const uint8_t *val, uint8_t len)
{
	if (room < 2u + len)
		return -ENOSPC;
	p[0] = code;
	p[1] = len;
	if (len)
		memcpy(p + 2, val, len);
	return 2 + len;
}

int bgp_open_build(const struct bgp_open *open, uint8_t *buf, size_t cap)
{
	uint8_t caps[255], v[4 + 4 * BGP_AF_COUNT];
	size_t clen = 0, len;
	int n;

	for (int af = 0; af < BGP_AF_COUNT; af++) {
		if (!(open->af_mask & BGP_AF_BIT(af)))
			continue;
		bgp_put16(v, bgp_af_afi(af));
		v[2] = 0;
		v[3] = bgp_af_safi(af);
		n = bgp_cap_put(caps + clen, sizeof(caps) - clen, BGP_CAP_MP, v,
				4);
		if (n < 0)
			return n;
		clen += n;
	}
	if (open->route_refresh) {
		n = bgp_cap_put(caps + clen, sizeof(caps) - clen,
				BGP_CAP_ROUTE_REFRESH, NULL, 0);
		if (n < 0)
			return n;
		clen += n;
	}
	if (open->gr) {
		uint8_t g = 2;
		uint16_t t = open->gr_time & 0x0fff;

		if (open->gr_restarting)
			t |= BGP_GR_RESTART_FLAG << 12;
		bgp_put16(v, t);
		for (int af = 0; af < BGP_AF_COUNT; af++) {
			if (!(open->gr_af_mask & BGP_AF_BIT(af)))
				continue;
			bgp_put16(v + g, bgp_af_afi(af));
			v[g + 2] = bgp_af_safi(af);
			v[g + 3] = open->gr_fwd_mask & BGP_AF_BIT(af)
					   ? BGP_GR_FWD_FLAG
					   : 0;
			g += 4;
		}
		n = bgp_cap_put(caps + clen, sizeof(caps) - clen,
				BGP_CAP_GRACEFUL_RESTART, v, g);
		if (n < 0)
			return n;
		clen += n;
	}
	if (open->as4) {
		bgp_put32(v, open->as);
		n = bgp_cap_put(caps + clen, sizeof(caps) - clen, BGP_CAP_AS4,
				v, 4);
		if (n < 0)
			return n;
		clen += n;
	}
	if (clen > 253)
		return -ENOSPC;
	len = BGP_OPEN_MIN + (clen ? 2 + clen : 0);
	if (cap < len)
		return -ENOSPC;
	bgp_hdr_write(buf, len, BGP_MSG_OPEN);
	buf[19] = BGP_VERSION;
	bgp_put16(buf + 20, open->as > 0xffff ? BGP_AS_TRANS : open->as);
	bgp_put16(buf + 22, open->hold_time);
	bgp_put32(buf + 24, open->bgp_id);
	buf[28] = clen ? clen + 2 : 0;
	if (clen) {
		/* All capabilities in one optional parameter, as BIRD does. */
		buf[29] = 2;
		buf[30] = clen;
		memcpy(buf + 31, caps, clen);
	}
	return len;
}

int bgp_keepalive_build(uint8_t *buf, size_t cap)
{
	if (cap < BGP_HDR_LEN)
		return -ENOSPC;
	return bgp_hdr_write(buf, BGP_HDR_LEN, BGP_MSG_KEEPALIVE);
}

int bgp_notification_build(const struct bgp_error *err, uint8_t *buf,
			   size_t cap)
{
	size_t len = BGP_HDR_LEN + 2 + err->data_len;

	if (err->data_len > BGP_ERR_DATA_MAX || cap < len)
		return -ENOSPC;
	bgp_hdr_write(buf, len, BGP_MSG_NOTIFICATION);
	buf[19] = err->code;
	buf[20] = err->subcode;
	if (err->data_len)
		memcpy(buf + 21, err->data, err->data_len);
	return len;
}

int bgp_notification_parse(const uint8_t *msg, size_t len,
			   struct bgp_error *out)
{
	if (len < BGP_HDR_LEN + 2)
		return -EBADMSG;
	bgp_error_set(out, msg[19], msg[20], msg + 21, len - 21);
	return 0;
}

int bgp_route_refresh_build(uint16_t afi, uint8_t safi, uint8_t *buf,
			    size_t cap)
{
	if (cap < BGP_HDR_LEN + 4)
		return -ENOSPC;
	bgp_hdr_write(buf, BGP_HDR_LEN + 4, BGP_MSG_ROUTE_REFRESH);
	bgp_put16(buf + 19, afi);
	buf[21] = 0;
	buf[22] = safi;
	return BGP_HDR_LEN + 4;
}

int bgp_route_refresh_parse(const uint8_t *msg, size_t len,
			    struct bgp_route_refresh *rr, struct bgp_error *err)
{
	if (len != BGP_HDR_LEN + 4) {
		/* RFC 7313 sec. 5: the data is the whole message. */
		bgp_error_set(err, BGP_ERR_ROUTE_REFRESH, 1, msg, len);
		return -EBADMSG;
	}
	rr->afi = bgp_get16(msg + 19);
	rr->subtype = msg[21];
	rr->safi = msg[22];
	return 0;
}
