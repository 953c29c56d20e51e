// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* label_pool.c - a bitmap over label_range; lowest free label first, so
 * allocation is predictable (a restarted agent hands out the same labels
 * for the same config). */
#include "svc/label_pool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t words(uint32_t lo, uint32_t hi)
{
	return ((size_t)(hi - lo) + 1 + 63) / 64;
}

int label_pool__set_range(struct label_pool *p, uint32_t lo, uint32_t hi)
{
	uint64_t *used;
	uint32_t l;

	if (p->used && p->lo == lo && p->hi == hi)
		return 0;
	used = calloc(words(lo, hi), sizeof(*used));
	if (!used)
		return -ENOMEM;
	if (p->used)
		for (l = p->lo; l <= p->hi; l++)
			if ((p->used[(l - p->lo) / 64] >> ((l - p->lo) % 64) &
			     1) &&
			    l >= lo && l <= hi)
				used[(l - lo) / 64] |= 1ull << ((l - lo) % 64);
	free(p->used);
	p->used = used;
	p->lo = lo;
	p->hi = hi;
	return 0;
}

uint32_t label_pool__alloc(struct label_pool *p)
{
	size_t w, n = words(p->lo, p->hi);

	for (w = 0; w < n; w++) {
		uint32_t bit, l;

		if (p->used[w] == ~0ull)
			continue;
		bit = (uint32_t)__builtin_ctzll(~p->used[w]);
		l = p->lo + (uint32_t)w * 64 + bit;
		if (l > p->hi)
			return 0;
		p->used[w] |= 1ull << bit;
		return l;
	}
	return 0;
}

void label_pool__free(struct label_pool *p, uint32_t label)
{
	if (p->used && label >= p->lo && label <= p->hi)
		p->used[(label - p->lo) / 64] &=
			~(1ull << ((label - p->lo) % 64));
}

void label_pool__destroy(struct label_pool *p)
{
	free(p->used);
	memset(p, 0, sizeof(*p));
}
