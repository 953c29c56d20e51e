/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * oam_echo.h - MPLS echo request and reply (RFC 8029): the message codec
 * and the responder's decision, both free of sockets and router state
 * (the router is asked through struct oam_view), so that every return
 * code can be tested from bytes.
 *
 * Supported: Target FEC Stack sub-TLVs LDP and Generic IPv4/IPv6 prefix
 * (1, 2, 14, 15) and VPN IPv4/IPv6 prefix (6, 7); the Downstream Detailed
 * Mapping TLV (20) with its Label Stack sub-TLV; Errored TLVs (9) in
 * replies; reply modes 1 (none), 2 (UDP) and 3 (UDP with router alert).
 */
#ifndef MPLSX_OAM_ECHO_H
#define MPLSX_OAM_ECHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/addr.h"

#define OAM_ECHO_VERSION 1
#define OAM_PORT	 3503

enum oam_msg_type {
	OAM_ECHO_REQUEST = 1,
	OAM_ECHO_REPLY = 2,
};

enum oam_reply_mode {
	OAM_REPLY_NONE = 1,
	OAM_REPLY_UDP = 2,
	OAM_REPLY_UDP_RA = 3,
};

/* Return codes (RFC 8029 section 3.1); the subcode is a stack depth. */
enum oam_rc {
	OAM_RC_NONE = 0,
	OAM_RC_MALFORMED = 1,
	OAM_RC_TLV_NOT_UNDERSTOOD = 2,
	OAM_RC_EGRESS = 3,
	OAM_RC_NO_MAPPING = 4,
	OAM_RC_DS_MISMATCH = 5,
	OAM_RC_LABEL_SWITCHED = 8,
	OAM_RC_FEC_MISMATCH = 10, /* mapping for this FEC is not the label */
	OAM_RC_NO_LABEL = 11,
};

const char *oam_rc_text(unsigned int rc);

/* TLV and sub-TLV types */
#define OAM_TLV_FEC_STACK 1
#define OAM_TLV_ERRORED	  9
#define OAM_TLV_DDMAP	  20
#define OAM_FEC_LDP4	  1
#define OAM_FEC_LDP6	  2
#define OAM_FEC_VPN4	  6
#define OAM_FEC_VPN6	  7
#define OAM_FEC_GEN4	  14
#define OAM_FEC_GEN6	  15
#define OAM_FEC_PW128	  10 /* FEC 128 pseudowire, IPv4 (current) */
#define OAM_DDMAP_LABELS  2

#define OAM_MAX_FEC	4
#define OAM_MAX_LABELS	8
#define OAM_MAX_ERRORED 64 /* bytes of not-understood TLVs echoed back */

/* Label Stack sub-TLV protocols */
#define OAM_PROTO_UNKNOWN 0
#define OAM_PROTO_STATIC  1
#define OAM_PROTO_BGP	  2

struct oam_fec {
	uint16_t type; /* OAM_FEC_* */
	struct mplsx_addr prefix;
	uint8_t len;
	uint8_t rd[8]; /* VPN FECs */
	/* FEC 128 pseudowire: sender and remote PE, PW ID, PW type.  Our
	 * pseudowires are provisioned statically, without a PW ID: the
	 * sender puts the PW label it pushes there, which the far PE
	 * checks against the label the request came under. */
	struct mplsx_addr sender, remote;
	uint32_t pw_id;
	uint16_t pw_type;
};

struct oam_ddmap {
	uint16_t mtu;
	struct mplsx_addr ds_addr; /* the downstream router */
	struct mplsx_addr ds_if;   /* its interface address */
	uint8_t rc, rsc;
	uint32_t
		labels[OAM_MAX_LABELS]; /* outermost first; 3 = implicit null */
	uint8_t protos[OAM_MAX_LABELS];
	int n_labels;
};

struct oam_echo {
	uint8_t type; /* enum oam_msg_type */
	uint8_t reply_mode;
	uint8_t rc, rsc;
	uint16_t flags;
	uint32_t handle, seq;
	uint32_t sent_s, sent_f; /* NTP timestamps */
	uint32_t rcvd_s, rcvd_f;
	struct oam_fec fec[OAM_MAX_FEC];
	int n_fec;
	bool has_ddmap;
	struct oam_ddmap ddmap;
	/* Mandatory TLVs (type < 32768) not understood, as received. */
	uint8_t errored[OAM_MAX_ERRORED];
	size_t n_errored;
};

/* Decode the UDP payload BUF.  0, or -1 when it is no echo message at all
 * (too short, wrong version): nothing to answer.  A message whose TLVs
 * are malformed decodes with *malformed set: answer OAM_RC_MALFORMED. */
int oam_echo__parse(const uint8_t *buf, size_t len, struct oam_echo *e,
		    bool *malformed);
/* Encode E into BUF; the length, or 0 when CAP is too small. */
size_t oam_echo__build(const struct oam_echo *e, uint8_t *buf, size_t cap);

/* ---- the responder ----------------------------------------------------- */

enum oam_label_kind {
	OAM_LABEL_NONE = 0, /* no entry */
	OAM_LABEL_SWAP,	    /* forwarded: swap, push, or PHP (no out label) */
	OAM_LABEL_POP,	    /* popped here, what is below processed here */
	OAM_LABEL_VRF,	    /* a VPN label of a local VRF */
	OAM_LABEL_PW,	    /* a pseudowire's label */
};

struct oam_label_info {
	enum oam_label_kind kind;
	/* SWAP: where it goes and what it carries there (the next hop's
	 * transport labels, then out[]), outermost first; none = PHP. */
	struct mplsx_addr via;
	uint16_t mtu;
	uint32_t out[OAM_MAX_LABELS];
	int n_out;
	uint32_t vrf_id;	   /* VRF */
	struct mplsx_addr pw_peer; /* PW: the pseudowire's far PE */
};

/* What the responder asks of the router. */
struct oam_view {
	void *ctx;
	bool (*label)(void *ctx, uint32_t label, struct oam_label_info *out);
	/* An address of this router (a generic or LDP prefix FEC ends here
	 * when its address is one). */
	bool (*local_addr)(void *ctx, const struct mplsx_addr *a);
	/* VRF VRF_ID holds PREFIX/LEN as a route of its own (connected,
	 * local or a CE's): 0, or OAM_RC_NO_MAPPING; OAM_RC_FEC_MISMATCH
	 * when RD is not that VRF's. */
	int (*vpn_prefix)(void *ctx, uint32_t vrf_id, const uint8_t rd[8],
			  const struct mplsx_addr *prefix, uint8_t len);
};

/* The received label stack (outermost first, as on the wire: label, TC,
 * S, TTL) of request REQ; n == 0 when it arrived as IP (after PHP).
 * Fills the reply REP (header, return code, a DDMAP when the label is
 * switched here and the request had one).  Returns false when no reply
 * is to be sent (reply mode "do not reply"). */
bool oam_echo__respond(const struct oam_view *v, const uint32_t *stack, int n,
		       const struct oam_echo *req, struct oam_echo *rep);

#endif
