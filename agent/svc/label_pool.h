/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* label_pool.h - dynamic labels from the config's label_range. */
#ifndef MPLSX_LABEL_POOL_H
#define MPLSX_LABEL_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A label the previous mplsxd left in an adopted label_table: not handed
 * out while held, except to the user whose TAG matches (the same VRF gets
 * its label back); svc/label_hold.c ends the hold. */
struct label_held {
	uint32_t label;
	uint64_t tag; /* label_pool_tag() of the entry found there */
};

struct label_pool {
	uint32_t lo, hi; /* inclusive */
	uint64_t *used;	 /* one bit per label of the range */
	struct label_held *held;
	size_t n_held, cap_held;
	uint64_t *held_bits; /* one bit per label of the label space */
};

/* What a label entry is for, as far as it can be re-claimed: its action
 * and VRF (0: not re-claimable). */
uint64_t label_pool_tag(uint8_t action, uint32_t vrf_id);

/* (Re)size to [lo, hi], keeping the labels in use that still fit.  Labels
 * that no longer fit stay allocated to their users until released. */
int label_pool__set_range(struct label_pool *p, uint32_t lo, uint32_t hi);
/* Lowest free label not held, or 0 when the range is exhausted. */
uint32_t label_pool__alloc(struct label_pool *p);
/* A held label of the range tagged TAG (it stops being held), else as
 * label_pool__alloc. */
uint32_t label_pool__alloc_tagged(struct label_pool *p, uint64_t tag);
/* Hold LABEL (any label, in the range or not). */
int label_pool__hold(struct label_pool *p, uint32_t label, uint64_t tag);
bool label_pool__held(const struct label_pool *p, uint32_t label);
/* End every hold: the labels become free (those in use stay in use). */
void label_pool__unhold_all(struct label_pool *p);
void label_pool__free(struct label_pool *p, uint32_t label);
void label_pool__destroy(struct label_pool *p);

#endif
