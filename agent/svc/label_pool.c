// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* label_pool.c - a bitmap over label_range; lowest free label first, so
 * allocation is predictable (a restarted agent hands out the same labels
 * for the same config). */
#include "svc/label_pool.h"

#include "dp/mplsx_abi.h"

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

uint64_t label_pool_tag(uint8_t action, uint32_t vrf_id)
{
	return action ? (uint64_t)action << 32 | vrf_id : 0;
}

bool label_pool__held(const struct label_pool *p, uint32_t label)
{
	return p->held_bits && label < MPLSX_LABEL_SPACE &&
	       (p->held_bits[label / 64] >> (label % 64) & 1);
}

uint32_t label_pool__alloc(struct label_pool *p)
{
	size_t w, n = p->used ? words(p->lo, p->hi) : 0;

	for (w = 0; w < n; w++) {
		uint64_t free_bits = ~p->used[w];

		while (free_bits) {
			uint32_t bit = (uint32_t)__builtin_ctzll(free_bits);
			uint32_t l = p->lo + (uint32_t)w * 64 + bit;

			if (l > p->hi)
				return 0;
			free_bits &= free_bits - 1;
			if (label_pool__held(p, l))
				continue;
			p->used[w] |= 1ull << bit;
			return l;
		}
	}
	return 0;
}

static void unhold(struct label_pool *p, size_t i)
{
	uint32_t l = p->held[i].label;

	p->held_bits[l / 64] &= ~(1ull << (l % 64));
	p->held[i] = p->held[--p->n_held];
}

uint32_t label_pool__alloc_tagged(struct label_pool *p, uint64_t tag)
{
	size_t i;

	for (i = 0; tag && p->used && i < p->n_held; i++) {
		uint32_t l = p->held[i].label;

		if (p->held[i].tag != tag || l < p->lo || l > p->hi ||
		    (p->used[(l - p->lo) / 64] >> ((l - p->lo) % 64) & 1))
			continue;
		unhold(p, i);
		p->used[(l - p->lo) / 64] |= 1ull << ((l - p->lo) % 64);
		return l;
	}
	return label_pool__alloc(p);
}

int label_pool__hold(struct label_pool *p, uint32_t label, uint64_t tag)
{
	if (label >= MPLSX_LABEL_SPACE)
		return -ERANGE;
	if (!p->held_bits) {
		p->held_bits = calloc(MPLSX_LABEL_SPACE / 64, sizeof(uint64_t));
		if (!p->held_bits)
			return -ENOMEM;
	}
	if (label_pool__held(p, label))
		return 0;
	if (p->n_held == p->cap_held) {
		size_t cap = p->cap_held ? p->cap_held * 2 : 64;
		struct label_held *n = realloc(p->held, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		p->held = n;
		p->cap_held = cap;
	}
	p->held[p->n_held++] = (struct label_held){label, tag};
	p->held_bits[label / 64] |= 1ull << (label % 64);
	return 0;
}

void label_pool__unhold_all(struct label_pool *p)
{
	free(p->held);
	free(p->held_bits);
	p->held = NULL;
	p->held_bits = NULL;
	p->n_held = p->cap_held = 0;
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
	label_pool__unhold_all(p);
	memset(p, 0, sizeof(*p));
}
