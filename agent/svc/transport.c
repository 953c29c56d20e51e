// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* transport.c - a remote PE's transport path: static, else BGP-LU. */
#include "svc/transport.h"

#include <string.h>

struct transport_path transport__find(const struct mplsx_config *cfg,
				      const struct lu_rib *lu,
				      const struct mplsx_addr *pe)
{
	struct transport_path p = {.source = TRANSPORT_NONE};

	p.lsp = cfg ? mplsx_config__lsp(cfg, pe) : NULL;
	if (p.lsp) {
		p.source = TRANSPORT_STATIC;
		return p;
	}
	p.lu = lu_rib__lookup(lu, pe);
	if (p.lu)
		p.source = TRANSPORT_BGP_LU;
	return p;
}

bool transport__lookup(const struct mplsx_config *cfg, const struct lu_rib *lu,
		       const struct mplsx_addr *pe, uint32_t *push, int *n_push,
		       struct nhg_vias *vias, bool *entropy)
{
	struct transport_path p = transport__find(cfg, lu, pe);

	switch (p.source) {
	case TRANSPORT_STATIC:
		memcpy(push, p.lsp->push,
		       sizeof(p.lsp->push[0]) * (size_t)p.lsp->n_push);
		*n_push = p.lsp->n_push;
		*vias = p.lsp->vias;
		*entropy = p.lsp->entropy;
		return true;
	case TRANSPORT_BGP_LU:
		*n_push = lu_route__push(p.lu, push);
		memset(vias, 0, sizeof(*vias));
		vias->n = 1;
		vias->v[0].addr = p.lu->next_hop;
		vias->v[0].weight = 1;
		*entropy = false;
		return true;
	case TRANSPORT_NONE:
		break;
	}
	return false;
}

const char *transport__source_name(enum transport_source s)
{
	switch (s) {
	case TRANSPORT_STATIC:
		return "static";
	case TRANSPORT_BGP_LU:
		return "bgp-lu";
	case TRANSPORT_NONE:
		break;
	}
	return "none";
}
