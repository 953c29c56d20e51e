/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * l2vpn.h - L2 MPLS VPN pieces: Ethernet pseudowires (RFC 4448) and the
 * generic PW MPLS control word (RFC 4385).  The two paths that use them,
 * imposition on an attachment circuit and disposition of a PW label, are
 * in mplsx.bpf.c.
 *
 * Raw mode only (RFC 4448 section 4.4.1, PW type 0x0005, the one every
 * implementation must support): a VLAN attachment circuit's
 * service-delimiting tag is stripped before the frame enters the
 * pseudowire and the far AC pushes its own, so the two ends may use
 * different VLAN ids, or one may be a whole port.
 */
#ifndef MPLSX_L2VPN_H
#define MPLSX_L2VPN_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "label.h"

/* TTL of every entry an AC pushes (PW and transport labels): the frame
 * has no TTL to copy, so the stack starts at the maximum (RFC 4448
 * recommends 255 for the PW label; transport labels follow the pipe
 * model of RFC 3443). */
#define L2VPN_TTL 255

#define L2VPN_CW_LEN sizeof(__be32)

/* Control word fields, host order (RFC 4385 section 3):
 * 0000 | flags(4) | FRG(2) | length(6) | sequence number(16). */
#define L2VPN_CW_NIBBLE_MASK 0xF0000000u
#define L2VPN_CW_FRG_MASK    0x00C00000u
#define L2VPN_CW_LEN_SHIFT   16
#define L2VPN_CW_LEN_MASK    0x3Fu
/* Below this many bytes of payload + control word the length field is
 * set, so the receiver can strip Ethernet padding the core added. */
#define L2VPN_CW_MIN_PAYLOAD 64

/* The pseudowire if it is up, else NULL: an unused id, a down AC or an
 * unresolved peer PE all drop as pw_down. */
static __always_inline const struct pseudowire *l2vpn_pw_get(__u32 id)
{
	const struct pseudowire *pw = bpf_map_lookup_elem(&pseudowire, &id);

	if (!pw || pw->state != MPLSX_PW_UP)
		return NULL;
	return pw;
}

static __always_inline __u32 l2vpn_cw_len(const struct pseudowire *pw)
{
	return pw->flags & MPLSX_PW_F_CW ? L2VPN_CW_LEN : 0;
}

/* The control word for a frame of len bytes: flags, FRG and sequence
 * number 0 (sequencing not used), length set only for a short payload. */
static __always_inline __be32 l2vpn_cw_encode(__u32 len)
{
	__u32 total = len + L2VPN_CW_LEN;

	if (total >= L2VPN_CW_MIN_PAYLOAD)
		return 0;
	return bpf_htonl(total << L2VPN_CW_LEN_SHIFT);
}

/*
 * Check a received control word (host order) in front of avail bytes of
 * frame.  Returns how many of them are the frame (the rest is padding,
 * when the length field says so), or -1 for a control word we must not
 * accept: a first nibble other than 0 (that is no control word: RFC 4385
 * section 2 keeps 0001 for the associated channel, and IP would be 4 or
 * 6), a fragment (FRG, RFC 4623: no reassembly here), or a length the
 * packet does not have.  Flags and the sequence number are ignored.
 */
static __always_inline int l2vpn_cw_check(__u32 cw, __u32 avail)
{
	__u32 len = (cw >> L2VPN_CW_LEN_SHIFT) & L2VPN_CW_LEN_MASK;

	if (cw & (L2VPN_CW_NIBBLE_MASK | L2VPN_CW_FRG_MASK))
		return -1;
	if (!len)
		return avail;
	if (len < L2VPN_CW_LEN || len - L2VPN_CW_LEN > avail)
		return -1;
	return len - L2VPN_CW_LEN;
}

/*
 * The Ethernet frame under a PW label that ends here (it must be the
 * bottom of stack): after the n_pop label entries and, with cw non-zero,
 * behind the control word, checked and stripped of the padding its length
 * points out (RFC 4385).  0 when found: *off is where the frame starts,
 * *len the bytes from there to the end of the packet and *keep the frame's
 * own length; otherwise the verdict of mplsx_drop(), the reason in pkt.
 * Shared by point-to-point pseudowire and VPLS disposition.
 */
static __always_inline int l2vpn_pw_frame(struct mplsx_pkt *pkt, void *data,
					  void *data_end, __u32 lse,
					  __u32 n_pop, int cw, __u32 *off,
					  __u32 *len, int *keep)
{
	/* Locals, stored once at the end: the verifier keeps the bound on
	 * o that the packet access needs, which a reload would lose. */
	__u32 o, l;
	__be32 *w;
	int k;

	if (!lse_bos(lse))
		return mplsx_drop(pkt, MPLSX_DROP_BAD_PAYLOAD);
	o = pkt->l2_len + n_pop * sizeof(struct mpls_lse);
	if (o > MPLSX_HDR_MAX || o > pkt->len)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	l = pkt->len - o;
	k = l;
	if (cw) {
		w = data + o;
		if ((void *)(w + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
		l -= L2VPN_CW_LEN;
		k = l2vpn_cw_check(bpf_ntohl(*w), l);
		if (k < 0)
			return mplsx_drop(pkt, MPLSX_DROP_BAD_CONTROL_WORD);
		o += L2VPN_CW_LEN;
	}
	if ((__u32)k < sizeof(struct ethhdr))
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	*off = o;
	*len = l;
	*keep = k;
	return 0;
}

#endif /* MPLSX_L2VPN_H */
