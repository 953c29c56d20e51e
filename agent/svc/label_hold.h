/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * label_hold.h - the labels an adopted label_table holds from the previous
 * mplsxd (stopped with persist, or crashed).
 *
 * They keep forwarding while this daemon rebuilds its state: a remote PE
 * pushes the VPN labels it learnt from the old daemon until it hears the
 * new ones.  Meanwhile none of them is handed out again (label_pool), so
 * no label takes a new meaning while peers still use the old one, except
 * a VRF's own label, which goes back to the same VRF.  When the hold ends,
 * every one of them that this daemon did not write again is removed: a
 * label deleted from the config while no daemon ran stops forwarding.
 *
 * The hold ends at the first refresh after the config is applied when
 * there are no BGP neighbours (everything comes from the config), else
 * bgp.graceful_restart seconds later (30 with graceful restart off): the
 * time the peers keep our old routes, and their labels.
 */
#ifndef MPLSX_LABEL_HOLD_H
#define MPLSX_LABEL_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/dataplane.h"
#include "svc/label_pool.h"

#define LABEL_HOLD_NO_GR 30 /* s, when graceful restart is off */

struct label_hold {
	size_t found;	   /* labels in the adopted table */
	size_t removed;	   /* ... removed when the hold ended */
	bool armed;	   /* the end is set */
	bool done;	   /* the hold is over (or never began) */
	uint64_t end_s;	   /* CLOCK_MONOTONIC seconds */
	unsigned int secs; /* how long it was set to last */
};

/* Hold every label DP's adopted label_table holds (DP_ADOPT only). */
int label_hold__begin(struct label_hold *h, const struct mplsx_dataplane *dp,
		      struct label_pool *pool);
/* The config is applied: the hold ends SECS seconds from now (the first
 * call sets it; later ones change nothing). */
void label_hold__arm(struct label_hold *h, unsigned int secs);
/* End the hold when its time has come; true when it ended now. */
bool label_hold__tick(struct label_hold *h, const struct mplsx_dataplane *dp,
		      struct label_pool *pool);
/* Labels still held that this daemon has not written again (show status). */
size_t label_hold__held(const struct label_hold *h,
			const struct mplsx_dataplane *dp,
			const struct label_pool *pool);

#endif
