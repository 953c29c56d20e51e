// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bird_snippet.c - `mplsxctl show bird`: the BIRD 2 config that peers
 * with mplsxd, for the VPN sessions and each VRF's PE-CE session. */
#include "ctl/bird_snippet.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line per interface of VRF ID: PREFIX "interface \"NAME\";". */
static void bird_vrf_ifaces(FILE *f, const struct mplsx_router *r, uint32_t id,
			    const char *prefix)
{
	char ifn[IF_NAMESIZE];
	int p;

	for (p = 0; id && p < MPLSX_MAX_PORTS; p++)
		if (r->ports[p].used && r->ports[p].vrf_id == id &&
		    if_indextoname((unsigned)r->ports[p].kernel_ifindex, ifn))
			fprintf(f, "%sinterface \"%s\";\n", prefix, ifn);
}

/* A CE speaking OSPF (VERSION 2: IPv4 in table T, 3: IPv6) on the VRF's
 * interfaces, protocol mplsx_V's routes to it: an example, like the
 * eBGP one. */
static void bird_vrf_ospf(FILE *f, const struct mplsx_router *r, uint32_t id,
			  const char *v, const char *t, int version)
{
	fprintf(f,
		"# protocol ospf v%d ce%s_%s {\n"
		"#\tipv%d { table %s; import all; "
		"export where proto = \"mplsx_%s\"; };\n"
		"#\tarea 0 {\n",
		version, version == 2 ? "" : "6", v, version == 2 ? 4 : 6, t,
		v);
	bird_vrf_ifaces(f, r, id, "#\t\t");
	fprintf(f, "#\t};\n# }\n");
}

/* A VRF's session: its tables, the PE's addresses on the VRF interfaces
 * (BIRD resolves the next hops mplsxd gives over them) and the session;
 * the CE sessions are the operator's, shown as an example.  The VRF's
 * first session has tables <vrf>4/<vrf>6 and protocol mplsx_<vrf>; each
 * further one (another site: its own options) <vrf>_<port>_4/_6 and
 * mplsx_<vrf>_<port>, so that BIRD keeps the sites' routes apart. */
static void bird_vrf(FILE *f, const struct mplsx_router *r, size_t i)
{
	const struct cfg_bgp *b = &r->cfg->bgp;
	const struct cfg_bgp_neighbor *nb = &b->neighbors[i];
	char la[MPLSX_ADDRSTRLEN], na[MPLSX_ADDRSTRLEN];
	uint32_t id = vrf_id_by_name(&r->vrf, nb->vrf);
	char v[MPLSX_VRF_NAMESIZE + 8], t4[sizeof(v) + 2], t6[sizeof(v) + 2];
	size_t j;

	for (j = 0; j < i && strcmp(b->neighbors[j].vrf, nb->vrf); j++)
		;
	if (j == i) {
		snprintf(v, sizeof(v), "%s", nb->vrf);
		snprintf(t4, sizeof(t4), "%s4", v);
		snprintf(t6, sizeof(t6), "%s6", v);
	} else {
		snprintf(v, sizeof(v), "%s_%u", nb->vrf, nb->port);
		snprintf(t4, sizeof(t4), "%s_4", v);
		snprintf(t6, sizeof(t6), "%s_6", v);
	}
	mplsx_addr__str(&b->listen, la);
	mplsx_addr__str(&nb->address, na);
	fprintf(f,
		"\n# VRF %s (PE-CE): mplsxd port %u; CE routes go in %s/%s.\n"
		"ipv4 table %s;\n"
		"ipv6 table %s;\n"
		"\nprotocol direct mplsx_%s_if {\n"
		"\tipv4 { table %s; };\n"
		"\tipv6 { table %s; };\n",
		nb->vrf, nb->port, t4, t6, t4, t6, v, t4, t6);
	bird_vrf_ifaces(f, r, id, "\t");
	fprintf(f,
		"}\n"
		"\nprotocol bgp mplsx_%s {\n"
		"\tlocal %s as %u;\n"
		"\tneighbor %s port %u as %u;\n"
		"\tgraceful restart on;\n"
		"\tconnect delay time 1;\n"
		"\tconnect retry time 5;\n"
		"\terror wait time 5, 60;\n"
		"%s"
		"\t# Not the subnets of the VRF interfaces: mplsxd has them.\n"
		"\tipv4 { table %s; import all; export where source != "
		"RTS_DEVICE; next hop keep; };\n"
		"\t# OSPFv3 routes go via the CE's link-local address: it is\n"
		"\t# handed on (mplsxd finds the VRF interface it is on), not\n"
		"\t# replaced by BIRD's own (this session has none for IPv6).\n"
		"\tipv6 { table %s; import all; export filter {\n"
		"\t\tif source = RTS_DEVICE then reject;\n"
		"\t\tif dest = RTD_UNICAST && gw ~ fe80::/10 then "
		"bgp_next_hop = gw;\n"
		"\t\taccept;\n"
		"\t}; next hop keep; };\n"
		"}\n"
		"\n# A CE of VRF %s (eBGP; its address and AS are yours):\n"
		"# protocol bgp ce_%s {\n"
		"#\tlocal as %u;\n"
		"#\tneighbor 192.0.2.2 as 65101;\n"
		"#\tipv4 { table %s; import all; export all; };\n"
		"#\tipv6 { table %s; import all; export all; };\n"
		"# }\n"
		"# Or OSPF (the VPN routes go to the CE as externals):\n",
		v, na, nb->asn, la, nb->port, b->asn,
		/* as_override puts our AS in the paths mplsxd sends here */
		nb->as_override ? "\t# as_override: our AS is in the paths "
				  "mplsxd sends.\n\tallow local as;\n"
				: "",
		t4, t6, nb->vrf, v, b->asn, t4, t6);
	bird_vrf_ospf(f, r, id, v, t4, 2);
	bird_vrf_ospf(f, r, id, v, t6, 3);
}

/* BIRD's side of the peering, as in README.md "BGP (VPNv4/VPNv6 with BIRD)". */
cJSON *show_bird(const struct mplsx_router *r, char *err, size_t errlen)
{
	const struct cfg_bgp *b = &r->cfg->bgp;
	char *text = NULL, la[MPLSX_ADDRSTRLEN], na[MPLSX_ADDRSTRLEN];
	char rid[MPLSX_ADDRSTRLEN];
	size_t len = 0, i;
	FILE *f;
	cJSON *o;

	if (!b->enabled) {
		snprintf(err, errlen, "show bird: no \"bgp\" in the config");
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f) {
		snprintf(err, errlen, "show bird: out of memory");
		return NULL;
	}
	mplsx_addr__str(&b->listen, la);
	fprintf(f,
		"# BIRD 2 peering with mplsxd (AS %u, %s port %u).\n"
		"# BIRD's router id must differ from mplsxd's (%s).\n"
		"vpn4 table vpntab;\n"
		"vpn6 table vpntab6;\n"
		"# Labeled unicast (RFC 8277): transport paths to the PEs.\n"
		"ipv4 table lutab;\n"
		"ipv6 table lutab6;\n",
		b->asn, la, b->port, mplsx_addr__str(&r->cfg->router_id, rid));
	for (i = 0; i < b->n_neighbors; i++) {
		const struct cfg_bgp_neighbor *nb = &b->neighbors[i];

		if (nb->vrf[0])
			continue; /* below */
		mplsx_addr__str(&nb->address, na);
		fprintf(f,
			"\nprotocol bgp mplsx%zu {\n"
			"\tlocal %s as %u;\n"
			"\tneighbor %s port %u as %u;\n"
			"%s"
			"\tgraceful restart on;\n"
			"\t# mplsxd only listens: find it again soon.\n"
			"\tconnect delay time 1;\n"
			"\tconnect retry time 5;\n"
			"\terror wait time 5, 60;\n"
			"\tvpn4 mpls { table vpntab; import all; export all; "
			"};\n"
			"\t# 6VPE: IPv4 next hops (RFC 4659 sec. 3.2.1.2).\n"
			"\tvpn6 mpls { table vpntab6; import all; export all; "
			"extended next hop on; };\n"
			"\t# Labeled unicast: PE loopbacks without a static "
			"LSP.\n"
			"\tipv4 mpls { table lutab; import all; export all; "
			"};\n"
			"\tipv6 mpls { table lutab6; import all; export all; "
			"extended next hop on; };\n"
			"}\n",
			i + 1, na, nb->asn, la, nb->port, b->asn,
			nb->asn == b->asn ? "\trr client;\n" : "");
	}
	for (i = 0; i < b->n_neighbors; i++)
		if (b->neighbors[i].vrf[0])
			bird_vrf(f, r, i);
	fclose(f);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "bird_config", text ? text : "");
	free(text);
	return o;
}
