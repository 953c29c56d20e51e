/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * framebuf.h - a frame written field by field in network byte order, for
 * the packet tests that build frames by hand.  The including file defines
 * MAXF, the largest frame it builds; writing past it aborts the test.
 */
#ifndef MPLSX_FRAMEBUF_H
#define MPLSX_FRAMEBUF_H

#include <stdint.h>
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

#endif
