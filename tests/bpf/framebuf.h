/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * framebuf.h - a frame for the packet tests, written field by field in
 * network byte order or read from hex (Scapy's vectors).  The including
 * file defines MAXF, the largest frame it handles; writing past it aborts
 * the test.
 */
#ifndef MPLSX_FRAMEBUF_H
#define MPLSX_FRAMEBUF_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#ifndef MAXF
#error "define MAXF (the largest frame) before including framebuf.h"
#endif

struct buf {
	uint8_t b[MAXF];
	size_t len;
};

static inline void put(struct buf *f, const void *p, size_t n)
{
	if (f->len + n > sizeof(f->b))
		abort();
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static inline void put16(struct buf *f, uint16_t v)
{
	v = htons(v);
	put(f, &v, 2);
}

static inline void put32(struct buf *f, uint32_t v)
{
	v = htonl(v);
	put(f, &v, 4);
}

/* f = the bytes of s, hex digit pairs; -1 (f->len unchanged) when s has an
 * odd length, more than MAXF bytes or a pair that is not hex. */
static inline int unhex(const char *s, struct buf *f)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > sizeof(f->b))
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		f->b[i] = v;
	}
	f->len = n / 2;
	return 0;
}

#endif
