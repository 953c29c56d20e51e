// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* oam_echo.c - MPLS echo codec and responder (RFC 8029). */
#include "svc/oam_echo.h"

#include <arpa/inet.h>
#include <string.h>

#define HDR_LEN 32

#define LSE_LABEL(e) ((e) >> 12)
#define LSE_TTL(e)   ((e)&0xffu)

const char *oam_rc_text(unsigned int rc)
{
	switch (rc) {
	case OAM_RC_NONE:
		return "no return code";
	case OAM_RC_MALFORMED:
		return "malformed echo request received";
	case OAM_RC_TLV_NOT_UNDERSTOOD:
		return "one or more of the TLVs was not understood";
	case OAM_RC_EGRESS:
		return "replying router is an egress for the FEC";
	case OAM_RC_NO_MAPPING:
		return "replying router has no mapping for the FEC";
	case OAM_RC_DS_MISMATCH:
		return "downstream mapping mismatch";
	case 6:
		return "upstream interface index unknown";
	case OAM_RC_LABEL_SWITCHED:
		return "label switched";
	case 9:
		return "label switched but no MPLS forwarding";
	case OAM_RC_FEC_MISMATCH:
		return "mapping for this FEC is not the given label";
	case OAM_RC_NO_LABEL:
		return "no label entry";
	case 12:
		return "protocol not associated with interface";
	case 13:
		return "premature termination, label stack shrinking to a "
		       "single label";
	default:
		return "unknown return code";
	}
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static void addr_from(struct mplsx_addr *a, int family, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->bytes, p, family == AF_INET ? 4 : 16);
}

/* ---- decoding ----------------------------------------------------------- */

static int parse_fec_stack(const uint8_t *p, size_t len, struct oam_echo *e)
{
	size_t off = 0;

	while (off + 4 <= len) {
		uint16_t type = get16(p + off), sl = get16(p + off + 2);
		const uint8_t *v = p + off + 4;
		struct oam_fec *f;

		if (off + 4 + sl > len)
			return -1;
		if (e->n_fec == OAM_MAX_FEC)
			return -1;
		f = &e->fec[e->n_fec];
		memset(f, 0, sizeof(*f));
		f->type = type;
		switch (type) {
		case OAM_FEC_LDP4:
		case OAM_FEC_GEN4:
			if (sl < 5 || v[4] > 32)
				return -1;
			addr_from(&f->prefix, AF_INET, v);
			f->len = v[4];
			break;
		case OAM_FEC_LDP6:
		case OAM_FEC_GEN6:
			if (sl < 17 || v[16] > 128)
				return -1;
			addr_from(&f->prefix, AF_INET6, v);
			f->len = v[16];
			break;
		case OAM_FEC_VPN4:
			if (sl < 13 || v[12] > 32)
				return -1;
			memcpy(f->rd, v, 8);
			addr_from(&f->prefix, AF_INET, v + 8);
			f->len = v[12];
			break;
		case OAM_FEC_VPN6:
			if (sl < 25 || v[24] > 128)
				return -1;
			memcpy(f->rd, v, 8);
			addr_from(&f->prefix, AF_INET6, v + 8);
			f->len = v[24];
			break;
		case OAM_FEC_PW128:
			if (sl < 14)
				return -1;
			addr_from(&f->sender, AF_INET, v);
			addr_from(&f->remote, AF_INET, v + 4);
			f->pw_id = get32(v + 8);
			f->pw_type = get16(v + 12);
			break;
		default:
			/* A FEC we cannot check: the whole TLV goes back as
			 * not understood (the caller copies it). */
			return 1;
		}
		e->n_fec++;
		off += 4 + sl;
		if (off < pad4(off) && pad4(off) <= len)
			off = pad4(off);
	}
	return off == len ? 0 : -1;
}

static int parse_ddmap(const uint8_t *p, size_t len, struct oam_ddmap *d)
{
	size_t alen, off, sub_len;

	memset(d, 0, sizeof(*d));
	if (len < 4)
		return -1;
	d->mtu = get16(p);
	switch (p[2]) {
	case 1: /* IPv4 numbered */
	case 2: /* IPv4 unnumbered: an interface index, kept as an address */
		alen = 4;
		break;
	case 3:
	case 4:
		alen = 16;
		break;
	case 5: /* non-IP */
		alen = 4;
		break;
	default:
		return -1;
	}
	if (len < 4 + 2 * alen + 4)
		return -1;
	addr_from(&d->ds_addr, alen == 4 ? AF_INET : AF_INET6, p + 4);
	addr_from(&d->ds_if, alen == 4 ? AF_INET : AF_INET6, p + 4 + alen);
	off = 4 + 2 * alen;
	d->rc = p[off];
	d->rsc = p[off + 1];
	sub_len = get16(p + off + 2);
	off += 4;
	if (off + sub_len > len)
		return -1;
	len = off + sub_len;
	while (off + 4 <= len) {
		uint16_t type = get16(p + off), sl = get16(p + off + 2);
		size_t i;

		if (off + 4 + sl > len)
			return -1;
		if (type == OAM_DDMAP_LABELS) {
			if (sl % 4)
				return -1;
			for (i = 0; i < sl / 4 && d->n_labels < OAM_MAX_LABELS;
			     i++) {
				uint32_t x = get32(p + off + 4 + 4 * i);

				d->labels[d->n_labels] = x >> 12;
				d->protos[d->n_labels] = x & 0xff;
				d->n_labels++;
			}
		}
		off += 4 + pad4(sl);
	}
	return 0;
}

static void add_errored(struct oam_echo *e, const uint8_t *tlv, size_t len)
{
	if (e->n_errored + len > sizeof(e->errored))
		return; /* enough to say why */
	memcpy(e->errored + e->n_errored, tlv, len);
	e->n_errored += len;
}

int oam_echo__parse(const uint8_t *buf, size_t len, struct oam_echo *e,
		    bool *malformed)
{
	size_t off = HDR_LEN;

	memset(e, 0, sizeof(*e));
	*malformed = false;
	if (len < HDR_LEN || get16(buf) != OAM_ECHO_VERSION)
		return -1;
	e->flags = get16(buf + 2);
	e->type = buf[4];
	e->reply_mode = buf[5];
	e->rc = buf[6];
	e->rsc = buf[7];
	e->handle = get32(buf + 8);
	e->seq = get32(buf + 12);
	e->sent_s = get32(buf + 16);
	e->sent_f = get32(buf + 20);
	e->rcvd_s = get32(buf + 24);
	e->rcvd_f = get32(buf + 28);
	if (e->type != OAM_ECHO_REQUEST && e->type != OAM_ECHO_REPLY)
		return -1;
	while (off + 4 <= len) {
		uint16_t type = get16(buf + off), tl = get16(buf + off + 2);
		const uint8_t *v = buf + off + 4;
		int r = 0;

		if (off + 4 + tl > len) {
			*malformed = true;
			return 0;
		}
		switch (type) {
		case OAM_TLV_FEC_STACK:
			r = parse_fec_stack(v, tl, e);
			if (r > 0)
				add_errored(e, buf + off, 4 + tl);
			break;
		case OAM_TLV_DDMAP:
			r = parse_ddmap(v, tl, &e->ddmap);
			e->has_ddmap = !r;
			break;
		case OAM_TLV_ERRORED:
			break;
		default:
			/* 32768 and up may be ignored; below, not. */
			if (type < 32768)
				add_errored(e, buf + off, 4 + tl);
			break;
		}
		if (r < 0) {
			*malformed = true;
			return 0;
		}
		off += 4 + tl;
		if (pad4(off) <= len)
			off = pad4(off);
	}
	if (off != len)
		*malformed = true;
	return 0;
}

/* ---- encoding ----------------------------------------------------------- */

static size_t build_fec(const struct oam_fec *f, uint8_t *p)
{
	int alen = f->prefix.family == AF_INET6 ? 16 : 4;
	size_t vl = 0;

	switch (f->type) {
	case OAM_FEC_PW128:
		memcpy(p + 4, f->sender.bytes, 4);
		memcpy(p + 8, f->remote.bytes, 4);
		put32(p + 12, f->pw_id);
		put16(p + 16, f->pw_type);
		put16(p + 18, 0);
		vl = 16;
		break;
	case OAM_FEC_VPN4:
	case OAM_FEC_VPN6:
		memcpy(p + 4, f->rd, 8);
		memcpy(p + 12, f->prefix.bytes, alen);
		p[12 + alen] = f->len;
		vl = 8 + alen + 1;
		break;
	default:
		memcpy(p + 4, f->prefix.bytes, alen);
		p[4 + alen] = f->len;
		vl = alen + 1;
		break;
	}
	put16(p, f->type);
	put16(p + 2, (uint16_t)vl);
	memset(p + 4 + vl, 0, pad4(vl) - vl);
	return 4 + pad4(vl);
}

static size_t build_ddmap(const struct oam_ddmap *d, uint8_t *p)
{
	int v6 = d->ds_addr.family == AF_INET6;
	size_t alen = v6 ? 16 : 4, off;
	int i;

	put16(p + 4, d->mtu);
	p[6] = v6 ? 3 : 1;
	p[7] = 0; /* DS flags */
	memcpy(p + 8, d->ds_addr.bytes, alen);
	memcpy(p + 8 + alen, d->ds_if.bytes, alen);
	off = 8 + 2 * alen;
	p[off] = d->rc;
	p[off + 1] = d->rsc;
	put16(p + off + 2, (uint16_t)(d->n_labels ? 4 + 4 * d->n_labels : 0));
	off += 4;
	if (d->n_labels) {
		put16(p + off, OAM_DDMAP_LABELS);
		put16(p + off + 2, (uint16_t)(4 * d->n_labels));
		off += 4;
		for (i = 0; i < d->n_labels; i++, off += 4)
			put32(p + off,
			      d->labels[i] << 12 |
				      (i == d->n_labels - 1 ? 0x100u : 0) |
				      d->protos[i]);
	}
	put16(p, OAM_TLV_DDMAP);
	put16(p + 2, (uint16_t)(off - 4));
	return off;
}

size_t oam_echo__build(const struct oam_echo *e, uint8_t *buf, size_t cap)
{
	/* Header, four FECs of at most 32 bytes, a DDMAP with every label,
	 * the errored TLVs: an upper bound checked once. */
	size_t need = HDR_LEN + 4 + OAM_MAX_FEC * 32 + 48 + 8 +
		      4 * OAM_MAX_LABELS + 4 + pad4(OAM_MAX_ERRORED);
	size_t off = HDR_LEN, start;
	int i;

	if (cap < need)
		return 0;
	memset(buf, 0, need);
	put16(buf, OAM_ECHO_VERSION);
	put16(buf + 2, e->flags);
	buf[4] = e->type;
	buf[5] = e->reply_mode;
	buf[6] = e->rc;
	buf[7] = e->rsc;
	put32(buf + 8, e->handle);
	put32(buf + 12, e->seq);
	put32(buf + 16, e->sent_s);
	put32(buf + 20, e->sent_f);
	put32(buf + 24, e->rcvd_s);
	put32(buf + 28, e->rcvd_f);
	if (e->n_fec) {
		start = off;
		off += 4;
		for (i = 0; i < e->n_fec && i < OAM_MAX_FEC; i++)
			off += build_fec(&e->fec[i], buf + off);
		put16(buf + start, OAM_TLV_FEC_STACK);
		put16(buf + start + 2, (uint16_t)(off - start - 4));
	}
	if (e->has_ddmap)
		off += build_ddmap(&e->ddmap, buf + off);
	if (e->n_errored) {
		put16(buf + off, OAM_TLV_ERRORED);
		put16(buf + off + 2, (uint16_t)pad4(e->n_errored));
		memcpy(buf + off + 4, e->errored, e->n_errored);
		off += 4 + pad4(e->n_errored);
	}
	return off;
}

/* ---- the responder ------------------------------------------------------ */

/* The request's DDMAP describes us (RFC 8029 section 4.4): its label is
 * the one we received, its address one of ours or a "don't know" one. */
static bool ddmap_matches(const struct oam_view *v, const struct oam_ddmap *d,
			  uint32_t label)
{
	static const uint8_t zero[16];
	const struct mplsx_addr *a = &d->ds_addr;
	bool dont_know = !memcmp(a->bytes, zero, 16) ||
			 (a->family == AF_INET &&
			  (a->bytes[0] == 127 ||
			   ntohl(a->v4.s_addr) == 0xe0000002u)); /* 224.0.0.2 */

	if (d->n_labels && d->labels[0] != label && d->labels[0] != 3)
		return false;
	return dont_know || v->local_addr(v->ctx, a);
}

/* FEC element FI ends here (a popped label, or IP after PHP). */
static void egress(const struct oam_view *v, const struct oam_echo *req, int fi,
		   bool labelled, struct oam_echo *rep)
{
	const struct oam_fec *f = &req->fec[fi];

	rep->rsc = (uint8_t)(fi + 1);
	switch (f->type) {
	case OAM_FEC_LDP4:
	case OAM_FEC_LDP6:
	case OAM_FEC_GEN4:
	case OAM_FEC_GEN6:
		if (v->local_addr(v->ctx, &f->prefix))
			rep->rc = OAM_RC_EGRESS;
		else
			rep->rc = labelled ? OAM_RC_FEC_MISMATCH
					   : OAM_RC_NO_MAPPING;
		return;
	default: /* a VPN FEC needs its VPN label */
		rep->rc = labelled ? OAM_RC_FEC_MISMATCH : OAM_RC_NO_MAPPING;
	}
}

static int vpn_fec_index(const struct oam_echo *req)
{
	int i;

	for (i = req->n_fec - 1; i >= 0; i--)
		if (req->fec[i].type == OAM_FEC_VPN4 ||
		    req->fec[i].type == OAM_FEC_VPN6)
			return i;
	return -1;
}

bool oam_echo__respond(const struct oam_view *v, const uint32_t *stack, int n,
		       const struct oam_echo *req, struct oam_echo *rep)
{
	struct oam_label_info li;
	int i = 0, fi = 0, k;

	memset(rep, 0, sizeof(*rep));
	rep->type = OAM_ECHO_REPLY;
	rep->reply_mode = req->reply_mode;
	rep->handle = req->handle;
	rep->seq = req->seq;
	rep->sent_s = req->sent_s;
	rep->sent_f = req->sent_f;
	if (req->reply_mode == OAM_REPLY_NONE)
		return false;
	if (req->n_errored) {
		rep->rc = OAM_RC_TLV_NOT_UNDERSTOOD;
		memcpy(rep->errored, req->errored, req->n_errored);
		rep->n_errored = req->n_errored;
		return true;
	}
	if (!req->n_fec) { /* the Target FEC Stack is mandatory */
		rep->rc = OAM_RC_MALFORMED;
		return true;
	}
	/* A router alert label on top only says "look at me". */
	if (n > 0 && LSE_LABEL(stack[0]) == 1)
		i = 1;
	for (; i < n; i++) {
		uint32_t label = LSE_LABEL(stack[i]);
		bool bottom = i == n - 1;

		rep->rsc = (uint8_t)(i + 1);
		if (!v->label(v->ctx, label, &li) ||
		    li.kind == OAM_LABEL_NONE) {
			rep->rc = OAM_RC_NO_LABEL;
			return true;
		}
		if (i == 0 && req->has_ddmap &&
		    !ddmap_matches(v, &req->ddmap, label)) {
			rep->rc = OAM_RC_DS_MISMATCH;
			return true;
		}
		switch (li.kind) {
		case OAM_LABEL_SWAP:
			rep->rc = OAM_RC_LABEL_SWITCHED;
			if (!req->has_ddmap)
				return true;
			/* Where the request would have gone on: the next
			 * hop and the labels it gets there (3: PHP). */
			rep->has_ddmap = true;
			rep->ddmap.mtu = li.mtu;
			rep->ddmap.ds_addr = li.via;
			rep->ddmap.ds_if = li.via;
			for (k = 0; k < li.n_out && k < OAM_MAX_LABELS; k++) {
				rep->ddmap.labels[k] = li.out[k];
				rep->ddmap.protos[k] = OAM_PROTO_STATIC;
			}
			rep->ddmap.n_labels = k;
			if (!k) {
				rep->ddmap.labels[0] = 3;
				rep->ddmap.protos[0] = OAM_PROTO_STATIC;
				rep->ddmap.n_labels = 1;
			}
			return true;
		case OAM_LABEL_POP:
			if (bottom) {
				egress(v, req, fi < req->n_fec ? fi : 0, true,
				       rep);
				return true;
			}
			fi++; /* the next label is the next FEC's */
			continue;
		case OAM_LABEL_VRF:
			k = vpn_fec_index(req);
			if (k < 0) {
				rep->rc = OAM_RC_FEC_MISMATCH;
				return true;
			}
			rep->rsc = (uint8_t)(k + 1);
			rep->rc = (uint8_t)v->vpn_prefix(
				v->ctx, li.vrf_id, req->fec[k].rd,
				&req->fec[k].prefix, req->fec[k].len);
			if (!rep->rc)
				rep->rc = OAM_RC_EGRESS;
			return true;
		case OAM_LABEL_PW:
			/* The PW FEC: from the pseudowire's peer, to us, under
			 * the label it names (see struct oam_fec). */
			for (k = 0; k < req->n_fec; k++)
				if (req->fec[k].type == OAM_FEC_PW128)
					break;
			rep->rsc = (uint8_t)(k + 1);
			if (k == req->n_fec || !bottom) {
				rep->rc = OAM_RC_FEC_MISMATCH;
				return true;
			}
			rep->rc =
				mplsx_addr__equal(&req->fec[k].sender,
						  &li.pw_peer) &&
						v->local_addr(
							v->ctx,
							&req->fec[k].remote) &&
						req->fec[k].pw_id == label
					? OAM_RC_EGRESS
					: OAM_RC_FEC_MISMATCH;
			return true;
		default:
			rep->rc = OAM_RC_FEC_MISMATCH;
			return true;
		}
	}
	/* No label left (PHP took it): IP to us, the first FEC ends here. */
	egress(v, req, fi < req->n_fec ? fi : 0, false, rep);
	return true;
}
