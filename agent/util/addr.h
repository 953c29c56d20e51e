/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* addr.h - an IPv4 or IPv6 address, as the agent passes them around. */
#ifndef MPLSX_ADDR_H
#define MPLSX_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#define MPLSX_ADDRSTRLEN INET6_ADDRSTRLEN

struct mplsx_addr {
	int family; /* AF_INET or AF_INET6; 0 = none */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char bytes[16];
	};
};

/* Parse "10.0.0.1" or "2001:db8::1"; 0 on success, -EINVAL otherwise. */
int mplsx_addr__parse(struct mplsx_addr *addr, const char *text);
/* Write the text form into buf (MPLSX_ADDRSTRLEN); returns buf. */
const char *mplsx_addr__str(const struct mplsx_addr *addr, char *buf);
bool mplsx_addr__equal(const struct mplsx_addr *a, const struct mplsx_addr *b);
/* Length in bytes of the address part (4 or 16). */
int mplsx_addr__len(const struct mplsx_addr *addr);
/* Whether A lies in PREFIX/LEN (same family, the first LEN bits equal). */
bool mplsx_addr__in_prefix(const struct mplsx_addr *a,
			   const struct mplsx_addr *prefix, unsigned int len);

#endif
