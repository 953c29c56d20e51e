// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_rt.c - route distinguishers and route targets as text, for the BGP
 * codec's users.  The one implementation is rd.c (shared with the config);
 * these keep the codec's byte-array interface.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bgp/bgp_rt.h"
#include "util/rd.h"

int bgp_rd_parse(const char *text, uint8_t rd[BGP_RD_LEN])
{
	struct mplsx_rd v;
	char err[128];

	if (mplsx_rd__parse(text, &v, err, sizeof(err)))
		return -EINVAL;
	memcpy(rd, v.bytes, BGP_RD_LEN);
	return 0;
}

const char *bgp_rd_format(const uint8_t rd[BGP_RD_LEN], char *buf, size_t len)
{
	char tmp[MPLSX_RD_STRLEN];
	struct mplsx_rd v;

	memcpy(v.bytes, rd, BGP_RD_LEN);
	snprintf(buf, len, "%s", mplsx_rd__str(&v, tmp));
	return buf;
}

int bgp_rt_parse(const char *text, uint8_t ec[BGP_EC_LEN])
{
	struct mplsx_rt v;
	char err[128];

	if (mplsx_rt__parse(text, &v, err, sizeof(err)))
		return -EINVAL;
	memcpy(ec, v.bytes, BGP_EC_LEN);
	return 0;
}

int bgp_rt_format(const uint8_t ec[BGP_EC_LEN], char *buf, size_t len)
{
	char tmp[MPLSX_RD_STRLEN];
	struct mplsx_rt v;

	if (!bgp_ec_is_route_target(ec))
		return -EINVAL;
	memcpy(v.bytes, ec, BGP_EC_LEN);
	snprintf(buf, len, "%s", mplsx_rt__str(&v, tmp));
	return 0;
}

bool bgp_ec_is_route_target(const uint8_t ec[BGP_EC_LEN])
{
	return mplsx_rt__is_route_target(ec);
}
