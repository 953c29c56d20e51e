// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* addr.c - IPv4/IPv6 address helpers. */
#include "util/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

int mplsx_addr__parse(struct mplsx_addr *addr, const char *text)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, text, &addr->v4) == 1) {
		addr->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &addr->v6) == 1) {
		addr->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

const char *mplsx_addr__str(const struct mplsx_addr *addr, char *buf)
{
	if (!addr->family ||
	    !inet_ntop(addr->family, addr->bytes, buf, MPLSX_ADDRSTRLEN))
		strcpy(buf, "");
	return buf;
}

int mplsx_addr__len(const struct mplsx_addr *addr)
{
	return addr->family == AF_INET6 ? 16 : 4;
}

bool mplsx_addr__in_prefix(const struct mplsx_addr *a,
			   const struct mplsx_addr *prefix, unsigned int len)
{
	unsigned int whole = len / 8, bits = len % 8;

	if (a->family != prefix->family ||
	    len > 8u * (unsigned int)mplsx_addr__len(a))
		return false;
	if (memcmp(a->bytes, prefix->bytes, whole))
		return false;
	return !bits || !((a->bytes[whole] ^ prefix->bytes[whole]) &
			  (uint8_t)(0xff00 >> bits));
}

bool mplsx_addr__equal(const struct mplsx_addr *a, const struct mplsx_addr *b)
{
	return a->family == b->family &&
	       memcmp(a->bytes, b->bytes, mplsx_addr__len(a)) == 0;
}
