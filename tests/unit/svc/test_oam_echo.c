// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_oam_echo.c - MPLS echo (RFC 8029): the codec round trip, bytes
 * checked against the RFC's layout, and the responder's return code for
 * every case it decides, against a fake router.
 */
#include <arpa/inet.h>
#include <string.h>

#include "svc/oam_echo.h"
#include "testlib.h"

/* ---- a fake router ------------------------------------------------------ */

static bool fake_label(void *ctx, uint32_t label, struct oam_label_info *o)
{
	(void)ctx;
	memset(o, 0, sizeof(*o));
	switch (label) {
	case 16003: /* PHP towards 10.0.23.3 */
		o->kind = OAM_LABEL_SWAP;
		mplsx_addr__parse(&o->via, "10.0.23.3");
		o->mtu = 1500;
		return true;
	case 16004: /* swap to 24004 */
		o->kind = OAM_LABEL_SWAP;
		mplsx_addr__parse(&o->via, "10.0.23.3");
		o->out[0] = 24004;
		o->n_out = 1;
		return true;
	case 16005:
		o->kind = OAM_LABEL_POP;
		return true;
	case 100:
		o->kind = OAM_LABEL_VRF;
		o->vrf_id = 1;
		return true;
	case 5001:
		o->kind = OAM_LABEL_PW;
		mplsx_addr__parse(&o->pw_peer, "10.255.0.1");
		return true;
	default:
		return false;
	}
}

static bool fake_local(void *ctx, const struct mplsx_addr *a)
{
	struct mplsx_addr me, me2;

	(void)ctx;
	mplsx_addr__parse(&me, "10.255.0.3");
	mplsx_addr__parse(&me2, "10.0.12.2");
	return mplsx_addr__equal(a, &me) || mplsx_addr__equal(a, &me2);
}

static const uint8_t rd1[8] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1}; /* 65000:1 */

static int fake_vpn(void *ctx, uint32_t vrf_id, const uint8_t rd[8],
		    const struct mplsx_addr *p, uint8_t len)
{
	struct mplsx_addr want;

	(void)ctx;
	if (vrf_id != 1)
		return OAM_RC_NO_MAPPING;
	if (memcmp(rd, rd1, 8))
		return OAM_RC_FEC_MISMATCH;
	mplsx_addr__parse(&want, "192.168.2.0");
	return len == 24 && mplsx_addr__equal(p, &want) ? 0 : OAM_RC_NO_MAPPING;
}

static const struct oam_view view = {
	.label = fake_label, .local_addr = fake_local, .vpn_prefix = fake_vpn};

static struct oam_echo request(const char *addr, uint16_t fec_type)
{
	struct oam_echo e = {.type = OAM_ECHO_REQUEST,
			     .reply_mode = OAM_REPLY_UDP,
			     .handle = 0xabcd,
			     .seq = 7,
			     .n_fec = 1};

	e.fec[0].type = fec_type;
	mplsx_addr__parse(&e.fec[0].prefix, addr);
	e.fec[0].len = e.fec[0].prefix.family == AF_INET ? 32 : 128;
	return e;
}

static uint32_t lse(uint32_t label, int bos, int ttl)
{
	return label << 12 | (bos ? 0x100u : 0) | (uint32_t)ttl;
}

/* Through the wire format: build, parse, respond. */
static struct oam_echo respond(const struct oam_echo *req,
			       const uint32_t *stack, int n)
{
	uint8_t buf[1024];
	struct oam_echo back, rep;
	bool malformed;
	size_t len = oam_echo__build(req, buf, sizeof(buf));

	CHECK(len > 0, "build");
	CHECK(oam_echo__parse(buf, len, &back, &malformed) == 0 && !malformed,
	      "parse back");
	CHECK(oam_echo__respond(&view, stack, n, &back, &rep), "no reply");
	CHECK(rep.type == OAM_ECHO_REPLY && rep.handle == 0xabcd &&
		      rep.seq == 7,
	      "reply header: handle %x seq %u", rep.handle, rep.seq);
	return rep;
}

/* ---- codec ----------------------------------------------------------------
 */

static void test_request_bytes(void)
{
	struct oam_echo e = request("10.255.0.3", OAM_FEC_GEN4);
	uint8_t buf[1024];
	size_t len;
	static const uint8_t want_fec[] = {
		0,  1,	 0, 12,		     /* Target FEC Stack, 12 bytes */
		0,  14,	 0, 5,		     /* Generic IPv4 prefix, 5 bytes */
		10, 255, 0, 3,	32, 0, 0, 0, /* address, length, padding */
	};

	e.sent_s = 0x01020304;
	len = oam_echo__build(&e, buf, sizeof(buf));
	CHECK(len == 32 + sizeof(want_fec), "length %zu", len);
	CHECK(buf[0] == 0 && buf[1] == 1, "version 1");
	CHECK(buf[4] == 1 && buf[5] == 2, "request, reply via UDP");
	CHECK(buf[8] == 0 && buf[9] == 0 && buf[10] == 0xab && buf[11] == 0xcd,
	      "handle");
	CHECK(buf[15] == 7 && buf[16] == 1 && buf[19] == 4, "seq, timestamp");
	CHECK(!memcmp(buf + 32, want_fec, sizeof(want_fec)), "FEC TLV bytes");
}

static void test_ddmap_round_trip(void)
{
	struct oam_echo e = request("10.255.0.3", OAM_FEC_GEN4), back;
	uint8_t buf[1024];
	bool malformed;
	size_t len;

	e.has_ddmap = true;
	e.ddmap.mtu = 1500;
	mplsx_addr__parse(&e.ddmap.ds_addr, "10.0.12.2");
	e.ddmap.ds_if = e.ddmap.ds_addr;
	e.ddmap.labels[0] = 16003;
	e.ddmap.labels[1] = 24001;
	e.ddmap.protos[0] = e.ddmap.protos[1] = OAM_PROTO_STATIC;
	e.ddmap.n_labels = 2;
	len = oam_echo__build(&e, buf, sizeof(buf));
	/* DDMAP: type 20 of 28 bytes, MTU, type IPv4, two addresses, rc, subTLV
	 * length 12, Label Stack sub-TLV of two entries, the last with S. */
	CHECK(buf[48] == 0 && buf[49] == 20 && buf[51] == 28, "DDMAP TLV %u",
	      buf[51]);
	CHECK(buf[52] == 0x05 && buf[53] == 0xdc && buf[54] == 1, "MTU, type");
	CHECK(buf[66] == 0 && buf[67] == 12, "sub-TLV length");
	CHECK(buf[69] == 2 && buf[71] == 8, "label stack sub-TLV");
	CHECK(buf[72] == 0x03 && buf[73] == 0xe8 && buf[74] == 0x30 &&
		      buf[75] == 1,
	      "first entry: no S, static");
	CHECK(buf[78] == 0x11 && buf[79] == 1, "second entry: S");
	CHECK(oam_echo__parse(buf, len, &back, &malformed) == 0 && !malformed,
	      "parse");
	CHECK(back.has_ddmap && back.ddmap.n_labels == 2 &&
		      back.ddmap.labels[1] == 24001 && back.ddmap.mtu == 1500,
	      "DDMAP back");
}

static void test_vpn_fec_round_trip(void)
{
	struct oam_echo e = request("2001:db8:2::", OAM_FEC_VPN6), back;
	uint8_t buf[1024];
	bool malformed;
	size_t len;

	memcpy(e.fec[0].rd, rd1, 8);
	e.fec[0].len = 64;
	len = oam_echo__build(&e, buf, sizeof(buf));
	CHECK(buf[38] == 0 && buf[39] == 25, "VPN IPv6 sub-TLV: 25 bytes");
	CHECK(len == 32 + 4 + 4 + 28, "padded to 28: %zu", len);
	CHECK(oam_echo__parse(buf, len, &back, &malformed) == 0 && !malformed,
	      "parse");
	CHECK(back.n_fec == 1 && back.fec[0].len == 64 &&
		      !memcmp(back.fec[0].rd, rd1, 8),
	      "FEC back");
}

static void test_not_echo(void)
{
	uint8_t buf[64] = {0, 2}; /* version 2 */
	struct oam_echo e;
	bool malformed;

	CHECK(oam_echo__parse(buf, sizeof(buf), &e, &malformed) < 0,
	      "version 2 accepted");
	buf[1] = 1;
	CHECK(oam_echo__parse(buf, 31, &e, &malformed) < 0, "short accepted");
}

/* ---- responder --------------------------------------------------------------
 */

static void test_egress_after_php(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4);
	struct oam_echo rep = respond(&req, NULL, 0);

	CHECK(rep.rc == OAM_RC_EGRESS && rep.rsc == 1, "rc %u/%u", rep.rc,
	      rep.rsc);
}

static void test_not_ours_after_php(void)
{
	struct oam_echo req = request("10.255.0.9", OAM_FEC_GEN4);
	struct oam_echo rep = respond(&req, NULL, 0);

	CHECK(rep.rc == OAM_RC_NO_MAPPING, "rc %u", rep.rc);
}

static void test_egress_popped(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_LDP4);
	uint32_t st[] = {lse(16005, 1, 255)};
	struct oam_echo rep = respond(&req, st, 1);

	CHECK(rep.rc == OAM_RC_EGRESS, "rc %u", rep.rc);
	req = request("10.255.0.9", OAM_FEC_GEN4);
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_FEC_MISMATCH, "someone else's FEC: rc %u",
	      rep.rc);
}

static void test_no_label(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4);
	uint32_t st[] = {lse(17000, 1, 255)};
	struct oam_echo rep = respond(&req, st, 1);

	CHECK(rep.rc == OAM_RC_NO_LABEL && rep.rsc == 1, "rc %u/%u", rep.rc,
	      rep.rsc);
}

static void test_transit_ddmap(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4), rep;
	uint32_t php[] = {lse(16003, 1, 1)}, swap[] = {lse(16004, 1, 1)};

	rep = respond(&req, php, 1);
	CHECK(rep.rc == OAM_RC_LABEL_SWITCHED && !rep.has_ddmap,
	      "no DDMAP asked: rc %u", rep.rc);
	req.has_ddmap = true;
	mplsx_addr__parse(&req.ddmap.ds_addr, "10.0.12.2");
	req.ddmap.labels[0] = 16003;
	req.ddmap.n_labels = 1;
	rep = respond(&req, php, 1);
	CHECK(rep.rc == OAM_RC_LABEL_SWITCHED && rep.rsc == 1 &&
		      rep.has_ddmap && rep.ddmap.n_labels == 1 &&
		      rep.ddmap.labels[0] == 3 && rep.ddmap.mtu == 1500,
	      "PHP: implicit null downstream");
	req.ddmap.labels[0] = 16004;
	rep = respond(&req, swap, 1);
	CHECK(rep.ddmap.labels[0] == 24004, "swap: %u", rep.ddmap.labels[0]);
}

static void test_ddmap_mismatch(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4), rep;
	uint32_t st[] = {lse(16003, 1, 1)};

	req.has_ddmap = true;
	mplsx_addr__parse(&req.ddmap.ds_addr, "10.0.12.2");
	req.ddmap.labels[0] = 16009;
	req.ddmap.n_labels = 1;
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_DS_MISMATCH, "wrong label: rc %u", rep.rc);
	req.ddmap.labels[0] = 16003;
	mplsx_addr__parse(&req.ddmap.ds_addr, "10.0.99.1");
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_DS_MISMATCH, "not our address: rc %u", rep.rc);
	mplsx_addr__parse(&req.ddmap.ds_addr, "127.0.0.1");
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_LABEL_SWITCHED, "127/8 = unknown: rc %u",
	      rep.rc);
}

static void test_vpn(void)
{
	struct oam_echo req = request("192.168.2.0", OAM_FEC_VPN4), rep;
	uint32_t st[] = {lse(100, 1, 255)};

	req.fec[0].len = 24;
	memcpy(req.fec[0].rd, rd1, 8);
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_EGRESS && rep.rsc == 1, "rc %u", rep.rc);
	req.fec[0].len = 25;
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_NO_MAPPING, "prefix not here: rc %u", rep.rc);
	req.fec[0].len = 24;
	req.fec[0].rd[7] = 2;
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_FEC_MISMATCH, "another RD: rc %u", rep.rc);
	req = request("10.255.0.3", OAM_FEC_GEN4);
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_FEC_MISMATCH, "no VPN FEC: rc %u", rep.rc);
}

static void test_pw(void)
{
	struct oam_echo req = {.type = OAM_ECHO_REQUEST,
			       .reply_mode = OAM_REPLY_UDP,
			       .handle = 0xabcd,
			       .seq = 7,
			       .n_fec = 1},
			rep;
	uint32_t st[] = {lse(5001, 1, 255)};

	req.fec[0].type = OAM_FEC_PW128;
	mplsx_addr__parse(&req.fec[0].sender, "10.255.0.1");
	mplsx_addr__parse(&req.fec[0].remote, "10.255.0.3");
	req.fec[0].pw_id = 5001;
	req.fec[0].pw_type = 5;
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_EGRESS, "rc %u", rep.rc);
	req.fec[0].pw_id = 5009;
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_FEC_MISMATCH, "another PW ID: rc %u", rep.rc);
	req.fec[0].pw_id = 5001;
	mplsx_addr__parse(&req.fec[0].sender, "10.255.0.7");
	rep = respond(&req, st, 1);
	CHECK(rep.rc == OAM_RC_FEC_MISMATCH, "not the peer: rc %u", rep.rc);
}

static void test_router_alert_label(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4);
	uint32_t st[] = {lse(1, 0, 255), lse(16005, 1, 255)};
	struct oam_echo rep = respond(&req, st, 2);

	CHECK(rep.rc == OAM_RC_EGRESS && rep.rsc == 1, "rc %u/%u", rep.rc,
	      rep.rsc);
}

static void test_unknown_tlv(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4), back, rep;
	uint8_t buf[1024], out[1024];
	bool malformed;
	size_t len = oam_echo__build(&req, buf, sizeof(buf)), olen;
	static const uint8_t unknown[] = {0, 77, 0, 4, 1, 2, 3, 4};
	static const uint8_t optional[] = {0x80, 1, 0, 4, 1, 2, 3, 4};

	memcpy(buf + len, optional, sizeof(optional));
	CHECK(oam_echo__parse(buf, len + 8, &back, &malformed) == 0 &&
		      !malformed && !back.n_errored,
	      "an optional TLV (>= 32768) is ignored");
	memcpy(buf + len, unknown, sizeof(unknown));
	CHECK(oam_echo__parse(buf, len + 8, &back, &malformed) == 0 &&
		      !malformed && back.n_errored == 8,
	      "errored %zu", back.n_errored);
	CHECK(oam_echo__respond(&view, NULL, 0, &back, &rep) &&
		      rep.rc == OAM_RC_TLV_NOT_UNDERSTOOD,
	      "rc %u", rep.rc);
	olen = oam_echo__build(&rep, out, sizeof(out));
	CHECK(olen == 32 + 4 + 8 && out[33] == OAM_TLV_ERRORED &&
		      !memcmp(out + 36, unknown, 8),
	      "Errored TLVs carries it back");
}

static void test_malformed(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4), back;
	uint8_t buf[1024];
	bool malformed;
	size_t len = oam_echo__build(&req, buf, sizeof(buf));

	buf[35] = 200; /* the FEC TLV claims more than there is */
	CHECK(oam_echo__parse(buf, len, &back, &malformed) == 0 && malformed,
	      "not flagged");
	buf[35] = 12;
	buf[39] = 3; /* an IPv4 prefix sub-TLV of 3 bytes */
	CHECK(oam_echo__parse(buf, len, &back, &malformed) == 0 && malformed,
	      "short sub-TLV not flagged");
}

static void test_no_reply_mode(void)
{
	struct oam_echo req = request("10.255.0.3", OAM_FEC_GEN4), rep;

	req.reply_mode = OAM_REPLY_NONE;
	CHECK(!oam_echo__respond(&view, NULL, 0, &req, &rep), "replied");
	req.reply_mode = OAM_REPLY_UDP;
	req.n_fec = 0;
	CHECK(oam_echo__respond(&view, NULL, 0, &req, &rep) &&
		      rep.rc == OAM_RC_MALFORMED,
	      "no FEC stack: rc %u", rep.rc);
}

int main(void)
{
	tl_plan(16);
	RUN(test_request_bytes);
	RUN(test_ddmap_round_trip);
	RUN(test_vpn_fec_round_trip);
	RUN(test_not_echo);
	RUN(test_egress_after_php);
	RUN(test_not_ours_after_php);
	RUN(test_egress_popped);
	RUN(test_no_label);
	RUN(test_transit_ddmap);
	RUN(test_ddmap_mismatch);
	RUN(test_vpn);
	RUN(test_pw);
	RUN(test_router_alert_label);
	RUN(test_unknown_tlv);
	RUN(test_malformed);
	RUN(test_no_reply_mode);
	return tl_summary();
}
