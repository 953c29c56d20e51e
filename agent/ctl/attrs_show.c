// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* attrs_show.c - a BGP route's customer attributes (attrs_show.h). */
#include "ctl/attrs_show.h"

#include <stdio.h>
#include <string.h>

#define AS_SET 1 /* RFC 4271 sec. 4.3 path segment types */

static const char *origin_name(uint8_t origin)
{
	switch (origin) {
	case BGP_ORIGIN_IGP:
		return "igp";
	case BGP_ORIGIN_EGP:
		return "egp";
	default:
		return "incomplete";
	}
}

/* The segments (4-octet form) as "65000 65101 {65001 65002}". */
static void as_path_str(const struct bgp_attrs *a, char *buf, size_t len)
{
	size_t off = 0, at = 0;

	buf[0] = 0;
	while (off + 2 <= a->as_path_wire_len && at < len) {
		uint8_t type = a->as_path[off], n = a->as_path[off + 1];

		if (off + 2 + (size_t)n * 4 > a->as_path_wire_len)
			break;
		for (size_t i = 0; i < n && at < len; i++)
			at += (size_t)snprintf(
				buf + at, len - at, "%s%s%u", at ? " " : "",
				type == AS_SET && !i ? "{" : "",
				bgp_get32(a->as_path + off + 2 + i * 4));
		if (type == AS_SET && n && at < len)
			at += (size_t)snprintf(buf + at, len - at, "}");
		off += 2 + (size_t)n * 4;
	}
}

/* An extended community: a Site of Origin (RFC 4360 sec. 5, RFC 5668)
 * by its value, any other in hex. */
static void ext_str(const uint8_t *ec, char *buf, size_t len)
{
	if (ec[1] == 0x03 && ec[0] == 0x00)
		snprintf(buf, len, "soo:%u:%u", bgp_get16(ec + 2),
			 bgp_get32(ec + 4));
	else if (ec[1] == 0x03 && ec[0] == 0x01)
		snprintf(buf, len, "soo:%u.%u.%u.%u:%u", ec[2], ec[3], ec[4],
			 ec[5], bgp_get16(ec + 6));
	else if (ec[1] == 0x03 && ec[0] == 0x02)
		snprintf(buf, len, "soo:%u:%u", bgp_get32(ec + 2),
			 bgp_get16(ec + 6));
	else
		snprintf(buf, len, "0x%02x%02x%02x%02x%02x%02x%02x%02x", ec[0],
			 ec[1], ec[2], ec[3], ec[4], ec[5], ec[6], ec[7]);
}

void attrs_show(cJSON *o, const struct bgp_attrs *a)
{
	char path[BGP_MAX_AS_PATH / 4 * 12 + 8], s[40];
	cJSON *l;
	size_t i;

	cJSON_AddStringToObject(o, "origin", origin_name(a->origin));
	as_path_str(a, path, sizeof(path));
	cJSON_AddStringToObject(o, "as_path", path);
	if (BGP_ATTR_PRESENT(a, BGP_ATTR_MED))
		cJSON_AddNumberToObject(o, "med", a->med);
	l = cJSON_AddArrayToObject(o, "communities");
	for (i = 0; l && i < a->n_communities; i++) {
		snprintf(s, sizeof(s), "%u:%u", a->communities[i] >> 16,
			 a->communities[i] & 0xffff);
		cJSON_AddItemToArray(l, cJSON_CreateString(s));
	}
	l = cJSON_AddArrayToObject(o, "large_communities");
	for (i = 0; l && i < a->n_large; i++) {
		snprintf(s, sizeof(s), "%u:%u:%u", a->large[i][0],
			 a->large[i][1], a->large[i][2]);
		cJSON_AddItemToArray(l, cJSON_CreateString(s));
	}
	l = cJSON_AddArrayToObject(o, "ext_communities");
	for (i = 0; l && i < a->n_ext_other; i++) {
		ext_str(a->ext_other[i], s, sizeof(s));
		cJSON_AddItemToArray(l, cJSON_CreateString(s));
	}
}
