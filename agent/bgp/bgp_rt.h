/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bgp_rt.h - route distinguishers and route targets as text, in the BGP
 * codec's byte arrays (the one implementation is util/rd.c). */
#ifndef MPLSX_BGP_RT_H
#define MPLSX_BGP_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"

/* Route distinguishers and route targets as text (RFC 4364 sec. 4.2). */
#define BGP_RD_STRLEN 32
/* "65000:1" (type 0), "10.255.0.1:1" (type 1), "4200000000:1" (type 2). */
int bgp_rd_parse(const char *text, uint8_t rd[BGP_RD_LEN]);
const char *bgp_rd_format(const uint8_t rd[BGP_RD_LEN], char *buf, size_t len);
/* Route target extended community (RFC 4360/5668), same three forms. */
int bgp_rt_parse(const char *text, uint8_t ec[BGP_EC_LEN]);
/* -EINVAL when ec is not a route target. */
int bgp_rt_format(const uint8_t ec[BGP_EC_LEN], char *buf, size_t len);
bool bgp_ec_is_route_target(const uint8_t ec[BGP_EC_LEN]);

#endif
