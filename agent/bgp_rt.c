// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_rt.c - route distinguishers and route targets as text.
 *
 * Both share the RFC 4364 sec. 4.2 shapes: "ASN2:N32" (type 0),
 * "IPv4:N16" (type 1) and "ASN4:N16" (type 2).  An RD puts the type in two
 * octets; a route target extended community puts it in the high-order type
 * octet with sub-type 0x02 (RFC 4360 sec. 4, RFC 5668).
 */
#include "bgp_update.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BGP_EC_SUBTYPE_RT 0x02

/* Decimal without sign, spaces or leading garbage; max checked. */
static int bgp_parse_num(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Text to type 0/1/2 and the 6 value octets. */
static int bgp_admin_parse(const char *text, uint8_t *type, uint8_t val[6])
{
	const char *colon;
	uint64_t admin, num;
	char ip[INET_ADDRSTRLEN];
	struct in_addr a;
	size_t alen;

	if (!text)
		return -EINVAL;
	colon = strrchr(text, ':');
	if (!colon || colon == text)
		return -EINVAL;
	alen = (size_t)(colon - text);
	if (memchr(text, '.', alen)) {
		if (alen >= sizeof(ip))
			return -EINVAL;
		memcpy(ip, text, alen);
		ip[alen] = 0;
		if (inet_pton(AF_INET, ip, &a) != 1)
			return -EINVAL;
		if (bgp_parse_num(colon + 1, strlen(colon + 1), 0xffff, &num))
			return -EINVAL;
		*type = 1;
		memcpy(val, &a, 4);
		bgp_put16(val + 4, (uint16_t)num);
		return 0;
	}
	if (bgp_parse_num(text, alen, 0xffffffffu, &admin))
		return -EINVAL;
	if (admin <= 0xffff) {
		if (bgp_parse_num(colon + 1, strlen(colon + 1), 0xffffffffu,
				  &num))
			return -EINVAL;
		*type = 0;
		bgp_put16(val, (uint16_t)admin);
		bgp_put32(val + 2, (uint32_t)num);
		return 0;
	}
	if (bgp_parse_num(colon + 1, strlen(colon + 1), 0xffff, &num))
		return -EINVAL;
	*type = 2;
	bgp_put32(val, (uint32_t)admin);
	bgp_put16(val + 4, (uint16_t)num);
	return 0;
}

static int bgp_admin_format(uint8_t type, const uint8_t val[6], char *buf,
			    size_t len)
{
	char ip[INET_ADDRSTRLEN];
	int n;

	switch (type) {
	case 0:
		n = snprintf(buf, len, "%u:%u", bgp_get16(val),
			     bgp_get32(val + 2));
		break;
	case 1:
		if (!inet_ntop(AF_INET, val, ip, sizeof(ip)))
			return -EINVAL;
		n = snprintf(buf, len, "%s:%u", ip, bgp_get16(val + 4));
		break;
	case 2:
		n = snprintf(buf, len, "%u:%u", bgp_get32(val),
			     bgp_get16(val + 4));
		break;
	default:
		return -EINVAL;
	}
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

int bgp_rd_parse(const char *text, uint8_t rd[BGP_RD_LEN])
{
	uint8_t type;

	if (bgp_admin_parse(text, &type, rd + 2))
		return -EINVAL;
	rd[0] = 0;
	rd[1] = type;
	return 0;
}

const char *bgp_rd_format(const uint8_t rd[BGP_RD_LEN], char *buf, size_t len)
{
	if (rd[0] != 0 || bgp_admin_format(rd[1], rd + 2, buf, len)) {
		/* Unknown types still print, as their raw octets. */
		snprintf(buf, len, "%02x%02x:%02x%02x%02x%02x%02x%02x", rd[0],
			 rd[1], rd[2], rd[3], rd[4], rd[5], rd[6], rd[7]);
	}
	return buf;
}

int bgp_rt_parse(const char *text, uint8_t ec[BGP_EC_LEN])
{
	uint8_t type;

	if (bgp_admin_parse(text, &type, ec + 2))
		return -EINVAL;
	ec[0] = type; /* 0x00, 0x01, 0x02: transitive AS2, IPv4, AS4 */
	ec[1] = BGP_EC_SUBTYPE_RT;
	return 0;
}

bool bgp_ec_is_route_target(const uint8_t ec[BGP_EC_LEN])
{
	return ec[0] <= 0x02 && ec[1] == BGP_EC_SUBTYPE_RT;
}

int bgp_rt_format(const uint8_t ec[BGP_EC_LEN], char *buf, size_t len)
{
	if (!bgp_ec_is_route_target(ec))
		return -EINVAL;
	return bgp_admin_format(ec[0], ec + 2, buf, len);
}
