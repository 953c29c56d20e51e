// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* label_stats.c - label_stats slots (label_stats.h). */
#include "svc/label_stats.h"

#include <string.h>

void label_stats__init(struct label_stats *s, const struct mplsx_dataplane *dp)
{
	memset(s, 0, sizeof(*s));
	s->dp = dp;
}

uint32_t label_stats__alloc(struct label_stats *s)
{
	uint32_t i;

	for (i = 0; i < MPLSX_MAX_LABELS; i++) {
		if (s->used[i / 64] & (1ull << (i % 64)))
			continue;
		s->used[i / 64] |= 1ull << (i % 64);
		dataplane__percpu_zero(s->dp, dataplane__label_stats(s->dp), i,
				       sizeof(struct mplsx_counter));
		return i;
	}
	return UINT32_MAX;
}

void label_stats__free(struct label_stats *s, uint32_t id)
{
	if (id < MPLSX_MAX_LABELS)
		s->used[id / 64] &= ~(1ull << (id % 64));
}
