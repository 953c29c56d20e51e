// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fib_show.c - the VRF FIB's room for `show status` (fib_show.h). */
#include "ctl/fib_show.h"

#include <sys/socket.h>

static cJSON *family_status(const struct fib_stride *s, uint32_t refused,
			    uint64_t refusals)
{
	cJSON *o = cJSON_CreateObject();

	/* Chunk 0 is never handed out. */
	cJSON_AddNumberToObject(o, "chunks", s->chunks_used);
	cJSON_AddNumberToObject(o, "chunks_max",
				s->n_chunks ? s->n_chunks - 1 : 0);
	cJSON_AddNumberToObject(o, "tops", (double)s->n_blocks);
	cJSON_AddNumberToObject(o, "tops_max", MPLSX_FIB_TOPS);
	if (s->top_bits == MPLSX_FIB4_TOP_BITS) { /* IPv4: big VRFs */
		cJSON_AddNumberToObject(o, "direct", s->dir_used);
		cJSON_AddNumberToObject(o, "direct_max", s->n_dir);
	}
	cJSON_AddNumberToObject(o, "refused", refused);
	cJSON_AddNumberToObject(o, "refusals", (double)refusals);
	return o;
}

cJSON *fib_show__status(const struct mplsx_router *r)
{
	const struct fib *f = &r->fib;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(
		o, "ipv4",
		family_status(&f->s4, f->refused[0], f->refusals[0]));
	cJSON_AddItemToObject(
		o, "ipv6",
		family_status(&f->s6, f->refused[1], f->refusals[1]));
	return o;
}

const char *fib_show__refused_reason(const struct route *rt)
{
	if (rt->installed)
		return rt->key.family == AF_INET
			       ? "change not installed: the IPv4 FIB is full "
				 "(fib.chunks_v4), the old entries forward"
			       : "change not installed: the IPv6 FIB is full "
				 "(fib.chunks_v6), the old entries forward";
	return rt->key.family == AF_INET
		       ? "the IPv4 FIB is full (fib.chunks_v4, or the top "
			 "hash): installed when room is freed"
		       : "the IPv6 FIB is full (fib.chunks_v6, or the top "
			 "hash): installed when room is freed";
}
