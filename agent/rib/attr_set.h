/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * attr_set.h - the customer attributes of stored routes (RFC 4364 sec. 7:
 * ORIGIN, AS_PATH, MED, communities, large and other extended
 * communities), interned: routes whose attributes are the same share one
 * refcounted copy, so that a route pays a pointer for them (as BIRD's rta
 * cache and FRR's attribute hash do).  One table for the daemon.
 */
#ifndef MPLSX_ATTR_SET_H
#define MPLSX_ATTR_SET_H

#include <stddef.h>

#include "bgp/bgp_update.h"

/* The shared copy of A's customer part (the rest zero), one reference
 * more; NULL when out of memory. */
const struct bgp_attrs *attr_set__get(const struct bgp_attrs *a);
/* Drop a reference from attr_set__get (NULL: nothing); the last frees. */
void attr_set__put(const struct bgp_attrs *s);
/* Distinct sets held (tests, memory accounting). */
size_t attr_set__count(void);

#endif
