/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* label_pool.h - dynamic labels from the config's label_range. */
#ifndef MPLSX_LABEL_POOL_H
#define MPLSX_LABEL_POOL_H

#include <stdint.h>

struct label_pool {
	uint32_t lo, hi; /* inclusive */
	uint64_t *used;	 /* one bit per label of the range */
};

/* (Re)size to [lo, hi], keeping the labels in use that still fit.  Labels
 * that no longer fit stay allocated to their users until released. */
int label_pool__set_range(struct label_pool *p, uint32_t lo, uint32_t hi);
/* Lowest free label, or 0 when the range is exhausted. */
uint32_t label_pool__alloc(struct label_pool *p);
void label_pool__free(struct label_pool *p, uint32_t label);
void label_pool__destroy(struct label_pool *p);

#endif
