/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xdp_live.h - run one frame through the XDP program in live-frame mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES): its verdict acts for real, so an XDP_PASS
 * frame goes up the stack of the ingress device, through its TC hook, and
 * a redirect leaves by the target device.  Include after framebuf.h.
 */
#ifndef MPLSX_XDP_LIVE_H
#define MPLSX_XDP_LIVE_H

#include <stdint.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "mplsx.skel.h"

/* 0, or a negative error (errno set) from BPF_PROG_TEST_RUN. */
static inline int run_live(const struct mplsx_bpf *skel, const struct buf *in,
			   int ifindex)
{
	struct xdp_md ctx = {.data_end = (uint32_t)in->len,
			     .ingress_ifindex = (uint32_t)ifindex};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in->b,
		    .data_size_in = (uint32_t)in->len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	return bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				      &opts);
}

#endif
