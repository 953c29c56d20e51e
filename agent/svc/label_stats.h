/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * label_stats.h - slots of the label_stats map, shared by every user of a
 * label (static labels, VRF and per-next-hop labels, pseudowires): a slot
 * is zeroed when handed out, so a reused one starts counting from 0.
 */
#ifndef MPLSX_LABEL_STATS_H
#define MPLSX_LABEL_STATS_H

#include <stdint.h>

#include "dp/dataplane.h"

struct label_stats {
	uint64_t used[MPLSX_MAX_LABELS / 64];
	const struct mplsx_dataplane *dp; /* where the counters are */
};

void label_stats__init(struct label_stats *s, const struct mplsx_dataplane *dp);
/* A free slot, its counters zeroed; UINT32_MAX when none is left. */
uint32_t label_stats__alloc(struct label_stats *s);
void label_stats__free(struct label_stats *s, uint32_t id);

#endif
