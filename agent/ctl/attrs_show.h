/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* attrs_show.h - a BGP route's customer attributes in `show routes` rows. */
#ifndef MPLSX_ATTRS_SHOW_H
#define MPLSX_ATTRS_SHOW_H

#include <cjson/cJSON.h>

#include "bgp/bgp_update.h"

/*
 * Add to O what a route carries for the customer (RFC 4364 sec. 7):
 * "origin" (igp, egp, incomplete), "as_path" (as BIRD writes it: ASes
 * left to right, an AS_SET in braces), "med" (only when the route has
 * one), "communities" ("AS:N"), "large_communities" ("G:L1:L2") and
 * "ext_communities" (a Site of Origin as "soo:ASN:N" or "soo:A.B.C.D:N",
 * others in hex).
 */
void attrs_show(cJSON *o, const struct bgp_attrs *a);

#endif
