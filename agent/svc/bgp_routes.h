/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_routes.h - the router as the BGP speaker's user: routes of the VPN
 * sessions go to the VPN route table, those of a VRF's session to the CE
 * route table, and what to announce comes back from them.
 */
#ifndef MPLSX_BGP_ROUTES_H
#define MPLSX_BGP_ROUTES_H

#include "bgp/bgp_speaker.h"

/* ctx: the struct mplsx_router. */
extern const struct bgp_speaker_ops bgp_routes__ops;

#endif
