/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * csum.h - incremental Internet checksum update (RFC 1624, eqn. 3).
 * One's complement sums do not depend on byte order, so old, new and the
 * checksum may all stay in network order.
 */
#ifndef MPLSX_CSUM_H
#define MPLSX_CSUM_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xFFFF) + (sum >> 16);
	sum = (sum & 0xFFFF) + (sum >> 16);
	return (__u16)sum;
}

/* HC' = ~(~HC + ~m + m') for one 16-bit word m changed to m'. */
static __always_inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new)
{
	__u32 s = (__u16) ~*sum;

	s += (__u16)~old;
	s += new;
	*sum = (__sum16)~csum_fold(s);
}

#endif /* MPLSX_CSUM_H */
