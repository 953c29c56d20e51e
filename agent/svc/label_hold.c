// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* label_hold.c - the previous daemon's labels: held, then swept. */
#include "svc/label_hold.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"

#define SCAN_BATCH 4096 /* label entries read per syscall */

static uint64_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

int label_hold__begin(struct label_hold *h, const struct mplsx_dataplane *dp,
		      struct label_pool *pool)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	int fd = dataplane__label_table(dp);
	struct label_entry *vals;
	uint32_t *keys, batch = 0;
	bool first = true;
	int err = 0;

	h->found = h->removed = 0;
	h->armed = false;
	h->done = dp->start != DP_ADOPT;
	if (h->done)
		return 0;
	keys = calloc(SCAN_BATCH, sizeof(*keys));
	vals = calloc(SCAN_BATCH, sizeof(*vals));
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	/* The whole label space, in batches (an array: every key is there). */
	while (!err) {
		__u32 count = SCAN_BATCH, i;
		int rc = bpf_map_lookup_batch(fd, first ? NULL : &batch, &batch,
					      keys, vals, &count, &opts);

		if (rc && errno != ENOENT) {
			err = -errno;
			break;
		}
		first = false;
		for (i = 0; i < count && !err; i++) {
			uint64_t tag = 0;

			if (!vals[i].action)
				continue;
			if (vals[i].action == MPLSX_LABEL_VRF)
				tag = label_pool_tag(vals[i].action,
						     vals[i].vrf_id);
			err = label_pool__hold(pool, keys[i], tag);
			h->found++;
		}
		if (rc) /* ENOENT: that was the last batch */
			break;
	}
out:
	free(keys);
	free(vals);
	if (err) {
		pr_warn("label_table: cannot read the adopted entries: %s",
			strerror(-err));
		label_pool__unhold_all(pool);
		h->done = true;
		return err;
	}
	if (h->found)
		pr_info("label_table: %zu labels from the previous mplsxd, "
			"held until this one has written its own",
			h->found);
	else
		h->done = true;
	return 0;
}

void label_hold__arm(struct label_hold *h, unsigned int secs)
{
	if (h->done || h->armed)
		return;
	h->armed = true;
	h->secs = secs;
	h->end_s = now_s() + secs;
}

bool label_hold__tick(struct label_hold *h, const struct mplsx_dataplane *dp,
		      struct label_pool *pool)
{
	size_t i;

	if (h->done || !h->armed || now_s() < h->end_s)
		return false;
	/* What is still held was not given back to its VRF; what we did not
	 * write again since is the previous daemon's alone. */
	for (i = 0; i < pool->n_held; i++) {
		uint32_t l = pool->held[i].label;

		if (dataplane__label_owned(dp, l))
			continue;
		if (dataplane__label_clear(dp, l))
			pr_warn("label %u: cannot remove it: %s", l,
				strerror(errno));
		else
			h->removed++;
	}
	label_pool__unhold_all(pool);
	h->done = true;
	pr_info("label_table: hold over after %u s: %zu of the %zu labels "
		"from the previous mplsxd removed, the others written again",
		h->secs, h->removed, h->found);
	return true;
}

size_t label_hold__held(const struct label_hold *h,
			const struct mplsx_dataplane *dp,
			const struct label_pool *pool)
{
	size_t i, n = 0;

	for (i = 0; !h->done && i < pool->n_held; i++)
		n += !dataplane__label_owned(dp, pool->held[i].label);
	return n;
}
