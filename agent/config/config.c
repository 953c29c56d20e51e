// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * config.c - parse and check the config file (README.md "Config").
 *
 * Everything is parsed into a private struct mplsx_config first; the
 * caller's pointer is set only once every value has been checked, and on
 * any error everything allocated so far is freed.  Errors read
 * "KEY: reason" with the full key path ("labels[1].out[0]: ...").
 *
 * This version implements the P, L3 VPN and L2 VPN PE parts of the
 * contract: router_id, label_range, interfaces (MPLS core ports, VRF ports
 * and pseudowire attachment circuits, the last two with an optional VLAN),
 * labels, lsps, vrfs, pseudowires and vpls instances, and bgp with VPN sessions
 * (PE-CE sessions, neighbours with "vrf", are refused).
 */
#include "config/config.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATHLEN	       128
#define NUMLEN	       32
#define LABEL_RANGE_LO 100000
#define LABEL_RANGE_HI 199999
#define VLAN_MAX       4094

struct ctx {
	char *err;
	size_t errlen;
};

/* ---- errors and key paths --------------------------------------------- */

__attribute__((format(printf, 3, 4))) static int
fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	char reason[MPLSX_CONFIG_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "%s: %s", path, reason);
	return -EINVAL;
}

static int fail_nomem(struct ctx *c, const char *path)
{
	fail(c, path, "out of memory");
	return -ENOMEM;
}

/* Key paths are cut short at PATHLEN - 1 characters, on purpose. */
__attribute__((format(printf, 2, 3))) static const char *
path_fmt(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, PATHLEN, fmt, ap);
	va_end(ap);
	return buf;
}

/* "parent.key", or "key" at the top level. */
static const char *key_path(char *buf, const char *parent, const char *key)
{
	return path_fmt(buf, "%s%s%s", parent, *parent ? "." : "", key);
}

static const char *index_path(char *buf, const char *parent, size_t i)
{
	return path_fmt(buf, "%s[%zu]", parent, i);
}

/* OBJ[KEY], with the key's path written to PATH. */
static const cJSON *member(const cJSON *obj, const char *parent,
			   const char *key, char *path)
{
	key_path(path, parent, key);
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A JSON number as the user wrote it, near enough: 1048576, 1.5, 1e+300. */
static const char *num_str(char *buf, double v)
{
	snprintf(buf, NUMLEN, "%.15g", v);
	return buf;
}

/* ---- value helpers ---------------------------------------------------- */

/* An integer in [min, max]. */
static int get_uint(struct ctx *c, const cJSON *item, const char *path,
		    uint32_t min, uint32_t max, uint32_t *out)
{
	char num[NUMLEN];
	double v;

	if (!cJSON_IsNumber(item))
		return fail(c, path, "must be an integer");
	v = item->valuedouble;
	if (!(v >= min && v <= max)) /* also catches inf */
		return fail(c, path, "%s is out of range, must be %u..%u",
			    num_str(num, v), min, max);
	if (v != (double)(uint32_t)v)
		return fail(c, path, "%s is not an integer", num_str(num, v));
	*out = (uint32_t)v;
	return 0;
}

/* An MPLS label.  Pushed labels may be explicit null (0, 2); anything
 * else below 16 is reserved. */
static int get_label(struct ctx *c, const cJSON *item, const char *path,
		     bool push, uint32_t *out)
{
	uint32_t l = 0; /* for the analyzer: fail() is not inlined */
	int r;

	r = get_uint(c, item, path, 0, MPLS_LABEL_MAX, &l);
	if (r)
		return r;
	if (push && l != MPLS_LABEL_IPV4_NULL && l != MPLS_LABEL_IPV6_NULL &&
	    l < MPLS_LABEL_FIRST_UNRESERVED)
		return fail(c, path,
			    "%u is a reserved label (0-15), only 0 and 2 may "
			    "be pushed",
			    l);
	if (!push && l < MPLS_LABEL_FIRST_UNRESERVED)
		return fail(c, path, "%u is a reserved label (0-15)", l);
	*out = l;
	return 0;
}

/* An array of at most MPLSX_MAX_PUSH labels to push. */
static int get_label_stack(struct ctx *c, const cJSON *item, const char *path,
			   uint32_t *out, int *n)
{
	char p[PATHLEN];
	const cJSON *e;
	int i = 0, r;

	if (!cJSON_IsArray(item))
		return fail(c, path, "must be an array of labels");
	if (cJSON_GetArraySize(item) > MPLSX_MAX_PUSH)
		return fail(c, path, "%d labels, at most %d may be pushed",
			    cJSON_GetArraySize(item), MPLSX_MAX_PUSH);
	cJSON_ArrayForEach(e, item)
	{
		r = get_label(c, e, index_path(p, path, i), true, &out[i]);
		if (r)
			return r;
		i++;
	}
	*n = i;
	return 0;
}

/* A statically assigned incoming label (labels[].in, vrfs[].label): not
 * reserved, and outside label_range, which is for dynamic allocation. */
static int get_static_label(struct ctx *c, const cJSON *item, const char *path,
			    const struct mplsx_config *cfg, uint32_t *out)
{
	const uint32_t *lr = cfg->label_range;
	int r;

	r = get_label(c, item, path, false, out);
	if (r)
		return r;
	if (*out >= lr[0] && *out <= lr[1])
		return fail(c, path,
			    "%u is inside label_range [%u, %u], which is "
			    "reserved for dynamic allocation",
			    *out, lr[0], lr[1]);
	return 0;
}

static const char *family_str(int family)
{
	return family == AF_INET    ? "IPv4"
	       : family == AF_INET6 ? "IPv6"
				    : "IPv4 or IPv6";
}

/* An address; FAMILY is AF_INET or AF_INET6, or 0 for either. */
static int get_addr(struct ctx *c, const cJSON *item, const char *path,
		    int family, struct mplsx_addr *out)
{
	struct mplsx_addr a;

	if (!cJSON_IsString(item))
		return fail(c, path, "must be an address string");
	if (mplsx_addr__parse(&a, item->valuestring) ||
	    (family && a.family != family))
		return fail(c, path, "\"%s\" is not an %s address",
			    item->valuestring, family_str(family));
	*out = a;
	return 0;
}

/* "A.B.C.D/N" or "X:X::X/N" with the host bits zero. */
static int get_prefix(struct ctx *c, const cJSON *item, const char *path,
		      struct mplsx_addr *out, uint8_t *out_len)
{
	char text[MPLSX_ADDRSTRLEN], net[MPLSX_ADDRSTRLEN];
	struct mplsx_addr a, masked;
	const char *s, *slash;
	unsigned long len;
	unsigned bits;
	char *end;

	if (!cJSON_IsString(item))
		return fail(c, path, "must be a prefix string");
	s = item->valuestring;
	slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof(text) ||
	    !isdigit((unsigned char)slash[1]))
		goto bad;
	memcpy(text, s, slash - s);
	text[slash - s] = '\0';
	len = strtoul(slash + 1, &end, 10); /* too big: ULONG_MAX */
	if (*end || mplsx_addr__parse(&a, text))
		goto bad;
	bits = mplsx_addr__len(&a) * 8;
	if (len > bits)
		return fail(c, path,
			    "\"%s\": prefix length %lu is out of range, must "
			    "be 0..%u",
			    s, len, bits);
	masked = a;
	for (unsigned i = 0; i < bits / 8; i++) {
		unsigned long keep = len > 8 * i ? len - 8 * i : 0;

		if (keep < 8)
			masked.bytes[i] &= (uint8_t)(0xff00 >> keep);
	}
	if (!mplsx_addr__equal(&a, &masked))
		return fail(c, path,
			    "\"%s\": host bits must be zero (the network is "
			    "%s/%lu)",
			    s, mplsx_addr__str(&masked, net), len);
	*out = a;
	*out_len = (uint8_t)len;
	return 0;
bad:
	return fail(c, path, "\"%s\" is not a prefix (A.B.C.D/N or X:X::X/N)",
		    s);
}

static int get_string(struct ctx *c, const cJSON *item, const char *path,
		      const char **out)
{
	if (!cJSON_IsString(item))
		return fail(c, path, "must be a string");
	*out = item->valuestring;
	return 0;
}

/* A string of 1..SIZE - 1 characters, copied into BUF. */
static int get_name(struct ctx *c, const cJSON *item, const char *path,
		    size_t size, char *buf)
{
	const char *s = NULL;
	size_t len;
	int r;

	r = get_string(c, item, path, &s);
	if (r)
		return r;
	len = strlen(s);
	if (len < 1 || len >= size)
		return fail(c, path, "\"%s\" must be 1..%zu characters long", s,
			    size - 1);
	memcpy(buf, s, len + 1);
	return 0;
}

/* One of the strings in NAMES (NULL-terminated); *OUT is its index. */
static int get_enum(struct ctx *c, const cJSON *item, const char *path,
		    const char *const *names, int *out)
{
	char list[PATHLEN];
	const char *s = NULL;
	size_t len = 0;
	int i, r;

	r = get_string(c, item, path, &s);
	if (r)
		return r;
	for (i = 0; names[i]; i++) {
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
		len += snprintf(list + len, sizeof(list) - len, "%s\"%s\"",
				i ? " or " : "", names[i]);
	}
	return fail(c, path, "\"%s\" must be %s", s, list);
}

/* An array of route target strings into a new array (NULL when empty). */
static int get_rts(struct ctx *c, const cJSON *item, const char *path,
		   struct mplsx_rt **out, size_t *n)
{
	char p[PATHLEN], reason[MPLSX_CONFIG_ERRLEN];
	const cJSON *e;
	const char *s = NULL;
	size_t i = 0;
	int r;

	if (!cJSON_IsArray(item))
		return fail(c, path, "must be an array of route targets");
	if (!cJSON_GetArraySize(item))
		return 0;
	*out = calloc(cJSON_GetArraySize(item), sizeof(**out));
	if (!*out)
		return fail_nomem(c, path);
	cJSON_ArrayForEach(e, item)
	{
		r = get_string(c, e, index_path(p, path, i), &s);
		if (r)
			return r;
		if (mplsx_rt__parse(s, &(*out)[i], reason, sizeof(reason)))
			return fail(c, p, "%s", reason);
		*n = ++i;
	}
	return 0;
}

/* ---- objects and arrays ----------------------------------------------- */

enum key_rule {
	KEY_OK,
	KEY_UNSUPPORTED,       /* refused whenever present */
	KEY_UNSUPPORTED_ITEMS, /* an array; refused unless empty */
};

struct key {
	const char *name;
	enum key_rule rule;
};

/* OBJ must be an object whose keys are all in KEYS, each at most once. */
static int check_object(struct ctx *c, const cJSON *obj, const char *path,
			const struct key *keys)
{
	char p[PATHLEN];
	const cJSON *e, *prev;
	const struct key *k;

	if (!cJSON_IsObject(obj) && !*path)
		return fail(c, "json", "top level must be an object");
	if (!cJSON_IsObject(obj))
		return fail(c, path, "must be an object");
	cJSON_ArrayForEach(e, obj)
	{
		key_path(p, path, e->string);
		for (k = keys; k->name && strcmp(k->name, e->string); k++)
			;
		if (!k->name)
			return fail(c, p, "unknown key");
		for (prev = obj->child; prev != e; prev = prev->next)
			if (!strcmp(prev->string, e->string))
				return fail(c, p, "duplicate key");
		if (k->rule == KEY_UNSUPPORTED_ITEMS && !cJSON_IsArray(e))
			return fail(c, p, "must be an array");
		if (k->rule == KEY_UNSUPPORTED ||
		    (k->rule == KEY_UNSUPPORTED_ITEMS && cJSON_GetArraySize(e)))
			return fail(c, p, "not supported by this version");
	}
	return 0;
}

/* Parses one array element into BASE[I]; earlier elements are BASE[0..I). */
typedef int (*elem_fn)(struct ctx *c, const cJSON *item, const char *path,
		       void *base, size_t i, const struct mplsx_config *cfg);
/* Frees what elements BASE[0..N) point to (not BASE itself). */
typedef void (*elem_free_fn)(void *base, size_t n);

/* OBJ[KEY] (OBJ at PARENT), an array of at most MAX objects, each parsed by
 * FN into a new array of SIZE-byte elements; on error FREE_FN (if any)
 * cleans the elements up.  Absent: *ARR = NULL, *N = 0. */
static int parse_list(struct ctx *c, const cJSON *obj, const char *parent,
		      const char *key, bool required, size_t max, size_t size,
		      elem_fn fn, elem_free_fn free_fn,
		      const struct mplsx_config *cfg, void **arr, size_t *n)
{
	char path[PATHLEN], p[PATHLEN];
	const cJSON *list, *e;
	size_t i = 0, count;
	void *base;
	int r;

	*arr = NULL;
	*n = 0;
	list = member(obj, parent, key, path);
	if (!list && !required)
		return 0;
	if (!list)
		return fail(c, path, "required");
	if (!cJSON_IsArray(list))
		return fail(c, path, "must be an array");
	count = cJSON_GetArraySize(list);
	if (!count && required)
		return fail(c, path, "must not be empty");
	if (count > max)
		return fail(c, path, "%zu entries, at most %zu", count, max);
	if (!count)
		return 0;
	base = calloc(count, size);
	if (!base)
		return fail_nomem(c, path);
	cJSON_ArrayForEach(e, list)
	{
		r = fn(c, e, index_path(p, path, i), base, i, cfg);
		if (r) {
			if (free_fn)
				free_fn(base, count);
			free(base);
			return r;
		}
		i++;
	}
	*arr = base;
	*n = count;
	return 0;
}

static const struct key via_keys[] = {
	{"address", KEY_OK},
	{"weight", KEY_OK},
	{NULL, KEY_OK},
};

/* One member of a via list: "ADDR" or {"address": ADDR, "weight": N}. */
static int get_via(struct ctx *c, const cJSON *item, const char *path,
		   int family, struct nhg_via *out)
{
	char p[PATHLEN];
	const cJSON *v;
	int r;

	out->weight = 1;
	if (!cJSON_IsObject(item))
		return get_addr(c, item, path, family, &out->addr);
	r = check_object(c, item, path, via_keys);
	if (r)
		return r;
	v = member(item, path, "address", p);
	if (!v)
		return fail(c, p, "required");
	r = get_addr(c, v, p, family, &out->addr);
	if (r)
		return r;
	v = member(item, path, "weight", p);
	return v ? get_uint(c, v, p, 1, MPLSX_NHG_MAX_WEIGHT, &out->weight) : 0;
}

/* "via": an address, or a list of them (an equal-cost group, members
 * weighted); *first is the first address. */
static int get_vias(struct ctx *c, const cJSON *item, const char *path,
		    int family, struct nhg_vias *out, struct mplsx_addr *first)
{
	char p[PATHLEN], a[MPLSX_ADDRSTRLEN];
	const cJSON *e;
	int r, i, j;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsArray(item)) {
		out->n = 1;
		out->v[0].weight = 1;
		r = get_addr(c, item, path, family, &out->v[0].addr);
		*first = out->v[0].addr;
		return r;
	}
	if (cJSON_GetArraySize(item) < 1)
		return fail(c, path, "an empty list has no next hop");
	if (cJSON_GetArraySize(item) > MPLSX_NHG_MAX_MEMBERS)
		return fail(c, path, "%d addresses, a group has at most %d",
			    cJSON_GetArraySize(item), MPLSX_NHG_MAX_MEMBERS);
	i = 0;
	cJSON_ArrayForEach(e, item)
	{
		r = get_via(c, e, index_path(p, path, (size_t)i), family,
			    &out->v[i]);
		if (r)
			return r;
		for (j = 0; j < i; j++)
			if (mplsx_addr__equal(&out->v[j].addr, &out->v[i].addr))
				return fail(c, p, "duplicate %s (also %s[%d])",
					    mplsx_addr__str(&out->v[i].addr, a),
					    path, j);
		i++;
	}
	out->n = i;
	*first = out->v[0].addr;
	return 0;
}

static const struct key interface_keys[] = {
	{"name", KEY_OK}, {"mpls", KEY_OK},	  {"vrf", KEY_OK},
	{"vlan", KEY_OK}, {"pseudowire", KEY_OK}, {"vpls", KEY_OK},
	{NULL, KEY_OK},
};

/* " VLAN N", or "" for the whole port. */
static const char *vlan_str(char *buf, uint16_t vlan)
{
	if (vlan)
		snprintf(buf, NUMLEN, " VLAN %u", vlan);
	else
		buf[0] = '\0';
	return buf;
}

/* "pseudowire": an attachment circuit, at most one per pseudowire. */
static int parse_interface_pw(struct ctx *c, const cJSON *item,
			      const char *path, struct cfg_interface *ifs,
			      size_t i, const struct mplsx_config *cfg)
{
	struct cfg_interface *ifc = &ifs[i];
	const struct cfg_pw *pw;
	const char *s = NULL;
	const cJSON *v;
	char p[PATHLEN];
	size_t j;
	int r;

	v = member(item, path, "pseudowire", p);
	if (!v)
		return 0;
	if (ifc->mpls)
		return fail(c, p, "not allowed with \"mpls\": true");
	r = get_string(c, v, p, &s);
	if (r)
		return r;
	pw = mplsx_config__pw(cfg, s);
	if (!pw)
		return fail(c, p, "no pseudowire named \"%s\"", s);
	for (j = 0; j < i; j++)
		if (!strcmp(ifs[j].pseudowire, pw->name))
			return fail(c, p,
				    "pseudowire \"%s\" has an attachment "
				    "circuit already (interfaces[%zu])",
				    pw->name, j);
	memcpy(ifc->pseudowire, pw->name, sizeof(ifc->pseudowire));
	return 0;
}

/* "vpls": an attachment circuit of that instance; the instance's ACs and
 * peers together are at most MPLSX_VPLS_MAX_MEMBERS (its flood list). */
static int parse_interface_vpls(struct ctx *c, const cJSON *item,
				const char *path, struct cfg_interface *ifs,
				size_t i, const struct mplsx_config *cfg)
{
	struct cfg_interface *ifc = &ifs[i];
	const struct cfg_vpls *vp;
	const char *s = NULL;
	const cJSON *v;
	char p[PATHLEN];
	size_t j, n = 1;
	int r;

	v = member(item, path, "vpls", p);
	if (!v)
		return 0;
	if (ifc->mpls)
		return fail(c, p, "not allowed with \"mpls\": true");
	if (ifc->pseudowire[0])
		return fail(c, p, "not allowed with \"pseudowire\"");
	r = get_string(c, v, p, &s);
	if (r)
		return r;
	vp = mplsx_config__vpls(cfg, s);
	if (!vp)
		return fail(c, p, "no VPLS instance named \"%s\"", s);
	for (j = 0; j < i; j++)
		n += !strcmp(ifs[j].vpls, vp->name);
	if (n + vp->n_peers > MPLSX_VPLS_MAX_MEMBERS)
		return fail(c, p,
			    "VPLS \"%s\" has %zu peers and %zu attachment "
			    "circuits with this one: at most %d members",
			    vp->name, vp->n_peers, n, MPLSX_VPLS_MAX_MEMBERS);
	memcpy(ifc->vpls, vp->name, sizeof(ifc->vpls));
	return 0;
}

static int parse_interface(struct ctx *c, const cJSON *item, const char *path,
			   void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_interface *ifs = base, *ifc = &ifs[i];
	char p[PATHLEN], name_path[PATHLEN], vlan[NUMLEN];
	const struct cfg_vrf *vrf;
	const char *s = NULL;
	const cJSON *v;
	uint32_t id = 0;
	size_t j;
	int r;

	r = check_object(c, item, path, interface_keys);
	if (r)
		return r;

	v = member(item, path, "name", name_path);
	if (!v)
		return fail(c, name_path, "required");
	r = get_name(c, v, name_path, sizeof(ifc->name), ifc->name);
	if (r)
		return r;
	/* A missing interface is no error: mplsxd attaches it when it
	 * appears (shown "absent" meanwhile). */

	v = member(item, path, "mpls", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	ifc->mpls = cJSON_IsTrue(v);

	r = parse_interface_pw(c, item, path, ifs, i, cfg);
	if (!r)
		r = parse_interface_vpls(c, item, path, ifs, i, cfg);
	if (r)
		return r;

	v = member(item, path, "vrf", p);
	if (v && ifc->mpls)
		return fail(c, p, "not allowed with \"mpls\": true");
	if (v && ifc->pseudowire[0])
		return fail(c, p, "not allowed with \"pseudowire\"");
	if (v && ifc->vpls[0])
		return fail(c, p, "not allowed with \"vpls\"");
	if (!v && !ifc->mpls && !ifc->pseudowire[0] && !ifc->vpls[0])
		return fail(c, path,
			    "needs \"mpls\": true or \"vrf\" or "
			    "\"pseudowire\" or \"vpls\"");
	if (v) {
		r = get_string(c, v, p, &s);
		if (r)
			return r;
		vrf = mplsx_config__vrf(cfg, s);
		if (!vrf)
			return fail(c, p, "no VRF named \"%s\"", s);
		memcpy(ifc->vrf, vrf->name, sizeof(ifc->vrf));
	}

	v = member(item, path, "vlan", p);
	if (v && ifc->mpls)
		return fail(c, p,
			    "only VRF, pseudowire and VPLS interfaces take a "
			    "VLAN "
			    "in this version");
	if (v) {
		r = get_uint(c, v, p, 1, VLAN_MAX, &id);
		if (r)
			return r;
		ifc->vlan = (uint16_t)id;
	}

	/* A port is used whole, or once per VLAN. */
	for (j = 0; j < i; j++) {
		if (strcmp(ifs[j].name, ifc->name))
			continue;
		if (ifs[j].vlan == ifc->vlan)
			return fail(c, name_path,
				    "duplicate interface \"%s\"%s (also "
				    "interfaces[%zu])",
				    ifc->name, vlan_str(vlan, ifc->vlan), j);
		if (!ifs[j].vlan || !ifc->vlan)
			return fail(c, name_path,
				    "\"%s\" is used both untagged and with%s "
				    "(also interfaces[%zu])",
				    ifc->name,
				    /* the one that is not 0 */
				    vlan_str(vlan, ifs[j].vlan + ifc->vlan), j);
	}
	return 0;
}

static const struct key label_keys[] = {
	{"in", KEY_OK},
	{"out", KEY_OK},
	{"via", KEY_OK},
	{NULL, KEY_OK},
};

static int parse_label(struct ctx *c, const cJSON *item, const char *path,
		       void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_label *labels = base, *l = &labels[i];
	const cJSON *v;
	char p[PATHLEN];
	size_t j;
	int r;

	r = check_object(c, item, path, label_keys);
	if (r)
		return r;

	v = member(item, path, "in", p);
	if (!v)
		return fail(c, p, "required");
	r = get_static_label(c, v, p, cfg, &l->in);
	if (r)
		return r;
	for (j = 0; j < i; j++)
		if (labels[j].in == l->in)
			return fail(c, p,
				    "duplicate label %u (also labels[%zu])",
				    l->in, j);

	v = member(item, path, "out", p);
	if (v) {
		r = get_label_stack(c, v, p, l->out, &l->n_out);
		if (r)
			return r;
	}

	v = member(item, path, "via", p);
	if (v) {
		r = get_vias(c, v, p, 0, &l->vias, &l->via);
		if (r)
			return r;
		l->has_via = true;
	} else if (l->n_out) {
		return fail(c, p, "required when out is not empty");
	}
	return 0;
}

static const struct key lsp_keys[] = {
	{"to", KEY_OK},	     {"push", KEY_OK}, {"via", KEY_OK},
	{"entropy", KEY_OK}, {NULL, KEY_OK},
};

static int parse_lsp(struct ctx *c, const cJSON *item, const char *path,
		     void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_lsp *lsps = base, *lsp = &lsps[i];
	char p[PATHLEN], addr[MPLSX_ADDRSTRLEN];
	const cJSON *v;
	size_t j;
	int r;

	(void)cfg;
	r = check_object(c, item, path, lsp_keys);
	if (r)
		return r;

	v = member(item, path, "to", p);
	if (!v)
		return fail(c, p, "required");
	r = get_addr(c, v, p, 0, &lsp->to);
	if (r)
		return r;
	for (j = 0; j < i; j++)
		if (mplsx_addr__equal(&lsps[j].to, &lsp->to))
			return fail(c, p,
				    "duplicate LSP to %s (also lsps[%zu])",
				    mplsx_addr__str(&lsp->to, addr), j);

	v = member(item, path, "push", p);
	if (v) {
		r = get_label_stack(c, v, p, lsp->push, &lsp->n_push);
		if (r)
			return r;
	}

	v = member(item, path, "entropy", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	lsp->entropy = cJSON_IsTrue(v);

	v = member(item, path, "via", p);
	if (!v)
		return fail(c, p, "required");
	return get_vias(c, v, p, 0, &lsp->vias, &lsp->via);
}

static const struct key route_keys[] = {
	{"prefix", KEY_OK}, {"via", KEY_OK}, {"pe", KEY_OK},
	{"label", KEY_OK},  {NULL, KEY_OK},
};

/* Route i of a sorted index: by prefix, then by position in the list. */
static int route_order(const void *a, const void *b, void *arg)
{
	const struct cfg_route *routes = arg;
	const struct cfg_route *x = &routes[*(const size_t *)a],
			       *y = &routes[*(const size_t *)b];
	int d;

	if (x->prefix.family != y->prefix.family)
		return x->prefix.family < y->prefix.family ? -1 : 1;
	if (x->prefix_len != y->prefix_len)
		return x->prefix_len < y->prefix_len ? -1 : 1;
	d = memcmp(x->prefix.bytes, y->prefix.bytes, sizeof(x->prefix.bytes));
	if (d)
		return d;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The first route (in list order) whose prefix an earlier one has: sorted,
 * not pairwise, so that a million routes take a fraction of a second. */
static int route_dups(struct ctx *c, const char *path,
		      const struct cfg_route *routes, size_t n)
{
	char rp[PATHLEN], ip[PATHLEN], p[PATHLEN], addr[MPLSX_ADDRSTRLEN];
	size_t *idx, k, bad = n, first = 0;

	if (n < 2)
		return 0;
	idx = malloc(n * sizeof(*idx));
	if (!idx)
		return fail_nomem(c, path);
	for (k = 0; k < n; k++)
		idx[k] = k;
	qsort_r(idx, n, sizeof(*idx), route_order, (void *)routes);
	for (k = 1; k < n; k++) {
		const struct cfg_route *a = &routes[idx[k - 1]],
				       *b = &routes[idx[k]];

		if (a->prefix_len != b->prefix_len ||
		    !mplsx_addr__equal(&a->prefix, &b->prefix))
			continue;
		/* idx[k-1] is the earliest of its run only at the run's
		 * start; keep the run's first. */
		if (k < 2 || routes[idx[k - 2]].prefix_len != a->prefix_len ||
		    !mplsx_addr__equal(&routes[idx[k - 2]].prefix,
				       &a->prefix)) {
			if (idx[k] < bad) {
				bad = idx[k];
				first = idx[k - 1];
			}
		}
	}
	free(idx);
	if (bad == n)
		return 0;
	key_path(rp, path, "routes");
	index_path(ip, rp, bad);
	key_path(p, ip, "prefix");
	return fail(c, p, "duplicate prefix %s/%u (also routes[%zu])",
		    mplsx_addr__str(&routes[bad].prefix, addr),
		    routes[bad].prefix_len, first);
}

static int parse_route(struct ctx *c, const cJSON *item, const char *path,
		       void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_route *routes = base, *rt = &routes[i];
	char p[PATHLEN];
	const cJSON *via, *pe, *v;
	int r;

	(void)cfg;
	r = check_object(c, item, path, route_keys);
	if (r)
		return r;

	v = member(item, path, "prefix", p);
	if (!v)
		return fail(c, p, "required");
	r = get_prefix(c, v, p, &rt->prefix, &rt->prefix_len);
	if (r)
		return r;
	/* Duplicates: route_dups(), once the list is read. */

	via = member(item, path, "via", p);
	if (via) {
		r = get_vias(c, via, p, rt->prefix.family, &rt->vias, &rt->via);
		if (r)
			return r;
		rt->has_via = true;
	}
	pe = member(item, path, "pe", p);
	if (pe && via)
		return fail(c, p,
			    "not allowed with \"via\" (a route has one "
			    "or the other)");
	if (!pe && !via)
		return fail(c, path,
			    "needs \"via\" (a CE next hop) or \"pe\" (a "
			    "remote PE)");
	if (pe) {
		r = get_addr(c, pe, p, 0, &rt->pe);
		if (r)
			return r;
		rt->has_pe = true;
	}

	v = member(item, path, "label", p);
	if (v && !pe)
		return fail(c, p, "only routes with \"pe\" take a label");
	if (!v && pe)
		return fail(c, p, "required with \"pe\"");
	return v ? get_label(c, v, p, false, &rt->label) : 0;
}

static const struct key vrf_keys[] = {
	{"name", KEY_OK},     {"rd", KEY_OK},	  {"import", KEY_OK},
	{"export", KEY_OK},   {"label", KEY_OK},  {"label_mode", KEY_OK},
	{"ttl_mode", KEY_OK}, {"routes", KEY_OK}, {NULL, KEY_OK},
};

static const char *const label_mode_names[] = {
	[CFG_LABEL_PER_VRF] = "per-vrf",
	[CFG_LABEL_PER_NEXTHOP] = "per-nexthop",
	NULL,
};

static const char *const ttl_mode_names[] = {
	[CFG_TTL_UNIFORM] = "uniform",
	[CFG_TTL_PIPE] = "pipe",
	NULL,
};

static void free_vrfs(void *base, size_t n)
{
	struct cfg_vrf *vrfs = base;

	for (size_t i = 0; i < n; i++) {
		free(vrfs[i].import);
		free(vrfs[i].export);
		free(vrfs[i].routes);
	}
}

static int parse_vrf(struct ctx *c, const cJSON *item, const char *path,
		     void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_vrf *vrfs = base, *vrf = &vrfs[i];
	const struct cfg_label *l;
	char p[PATHLEN], reason[MPLSX_CONFIG_ERRLEN], rd[MPLSX_RD_STRLEN];
	const char *s = NULL;
	const cJSON *v;
	void *arr;
	int r, mode = 0;
	size_t j;

	r = check_object(c, item, path, vrf_keys);
	if (r)
		return r;

	v = member(item, path, "name", p);
	if (!v)
		return fail(c, p, "required");
	r = get_name(c, v, p, sizeof(vrf->name), vrf->name);
	if (r)
		return r;
	for (s = vrf->name; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return fail(c, p,
				    "\"%s\" may contain only letters, digits, "
				    "'_' and '-'",
				    vrf->name);
	for (j = 0; j < i; j++)
		if (!strcmp(vrfs[j].name, vrf->name))
			return fail(c, p,
				    "duplicate VRF \"%s\" (also vrfs[%zu])",
				    vrf->name, j);

	v = member(item, path, "rd", p);
	if (!v)
		return fail(c, p, "required");
	r = get_string(c, v, p, &s);
	if (r)
		return r;
	if (mplsx_rd__parse(s, &vrf->rd, reason, sizeof(reason)))
		return fail(c, p, "%s", reason);
	for (j = 0; j < i; j++)
		if (!memcmp(&vrfs[j].rd, &vrf->rd, sizeof(vrf->rd)))
			return fail(c, p,
				    "duplicate rd %s (also vrfs[%zu], \"%s\")",
				    mplsx_rd__str(&vrf->rd, rd), j,
				    vrfs[j].name);

	v = member(item, path, "import", p);
	if (v) {
		r = get_rts(c, v, p, &vrf->import, &vrf->n_import);
		if (r)
			return r;
	}
	v = member(item, path, "export", p);
	if (v) {
		r = get_rts(c, v, p, &vrf->export, &vrf->n_export);
		if (r)
			return r;
	}

	v = member(item, path, "label", p);
	if (v) {
		r = get_static_label(c, v, p, cfg, &vrf->label);
		if (r)
			return r;
		l = mplsx_config__label(cfg, vrf->label);
		if (l)
			return fail(c, p,
				    "duplicate label %u (also labels[%zu])",
				    vrf->label, (size_t)(l - cfg->labels));
		for (j = 0; j < i; j++)
			if (vrfs[j].has_label && vrfs[j].label == vrf->label)
				return fail(c, p,
					    "duplicate label %u (also "
					    "vrfs[%zu], \"%s\")",
					    vrf->label, j, vrfs[j].name);
		vrf->has_label = true;
	}

	v = member(item, path, "label_mode", p);
	if (v) {
		r = get_enum(c, v, p, label_mode_names, &mode);
		if (r)
			return r;
		vrf->label_mode = (enum cfg_label_mode)mode;
	}
	v = member(item, path, "ttl_mode", p);
	if (v) {
		r = get_enum(c, v, p, ttl_mode_names, &mode);
		if (r)
			return r;
		vrf->ttl_mode = (enum cfg_ttl_mode)mode;
	}

	r = parse_list(c, item, path, "routes", false, MPLSX_MAX_ROUTES,
		       sizeof(struct cfg_route), parse_route, NULL, cfg, &arr,
		       &vrf->n_routes);
	vrf->routes = arr;
	if (!r)
		r = route_dups(c, path, vrf->routes, vrf->n_routes);
	return r;
}

static const struct key pw_keys[] = {
	{"name", KEY_OK},	  {"peer", KEY_OK},
	{"local_label", KEY_OK},  {"remote_label", KEY_OK},
	{"control_word", KEY_OK}, {NULL, KEY_OK},
};

/* A name of letters, digits, '_' and '-' (VRFs, pseudowires). */
static int check_name_chars(struct ctx *c, const char *path, const char *name)
{
	const char *s;

	for (s = name; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return fail(c, path,
				    "\"%s\" may contain only letters, digits, "
				    "'_' and '-'",
				    name);
	return 0;
}

/* A pseudowire's local label is popped by this router like labels[].in
 * and VRF labels: it must be none of theirs. */
static int check_pw_label(struct ctx *c, const char *path,
			  const struct cfg_pw *pws, size_t i,
			  const struct mplsx_config *cfg)
{
	uint32_t in = pws[i].local_label;
	const struct cfg_label *l = mplsx_config__label(cfg, in);
	size_t j;

	if (l)
		return fail(c, path, "duplicate label %u (also labels[%zu])",
			    in, (size_t)(l - cfg->labels));
	for (j = 0; j < cfg->n_vrfs; j++)
		if (cfg->vrfs[j].has_label && cfg->vrfs[j].label == in)
			return fail(c, path,
				    "duplicate label %u (also vrfs[%zu], "
				    "\"%s\")",
				    in, j, cfg->vrfs[j].name);
	for (j = 0; j < i; j++)
		if (pws[j].local_label == in)
			return fail(c, path,
				    "duplicate label %u (also "
				    "pseudowires[%zu], \"%s\")",
				    in, j, pws[j].name);
	return 0;
}

static int parse_pw(struct ctx *c, const cJSON *item, const char *path,
		    void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_pw *pws = base, *pw = &pws[i];
	const cJSON *v;
	char p[PATHLEN];
	size_t j;
	int r;

	r = check_object(c, item, path, pw_keys);
	if (r)
		return r;

	v = member(item, path, "name", p);
	if (!v)
		return fail(c, p, "required");
	r = get_name(c, v, p, sizeof(pw->name), pw->name);
	if (!r)
		r = check_name_chars(c, p, pw->name);
	if (r)
		return r;
	for (j = 0; j < i; j++)
		if (!strcmp(pws[j].name, pw->name))
			return fail(c, p,
				    "duplicate pseudowire \"%s\" (also "
				    "pseudowires[%zu])",
				    pw->name, j);

	v = member(item, path, "peer", p);
	if (!v)
		return fail(c, p, "required");
	r = get_addr(c, v, p, 0, &pw->peer);
	if (r)
		return r;

	v = member(item, path, "local_label", p);
	if (!v)
		return fail(c, p, "required");
	r = get_static_label(c, v, p, cfg, &pw->local_label);
	if (!r)
		r = check_pw_label(c, p, pws, i, cfg);
	if (r)
		return r;

	v = member(item, path, "remote_label", p);
	if (!v)
		return fail(c, p, "required");
	r = get_label(c, v, p, false, &pw->remote_label);
	if (r)
		return r;

	/* On unless switched off: RFC 4448 section 4.6 makes it optional,
	 * but without it a P router's ECMP hash may take a frame whose
	 * destination MAC starts with 4 or 6 for IP (RFC 4928). */
	pw->control_word = true;
	v = member(item, path, "control_word", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	if (v)
		pw->control_word = cJSON_IsTrue(v);
	return 0;
}

/* Every pseudowire has exactly one attachment circuit: interfaces took
 * care of "at most", this is "at least". */
static int check_pws_attached(struct ctx *c, const struct mplsx_config *cfg)
{
	char p[PATHLEN];
	size_t i, j;

	for (i = 0; i < cfg->n_pws; i++) {
		for (j = 0; j < cfg->n_interfaces; j++)
			if (!strcmp(cfg->interfaces[j].pseudowire,
				    cfg->pws[i].name))
				break;
		if (j == cfg->n_interfaces)
			return fail(c, index_path(p, "pseudowires", i),
				    "\"%s\" is the pseudowire of no interface "
				    "(it needs one attachment circuit)",
				    cfg->pws[i].name);
	}
	return 0;
}

/* ---- vpls ------------------------------------------------------------- */

static const struct key vpls_keys[] = {
	{"name", KEY_OK},      {"control_word", KEY_OK}, {"mac_age", KEY_OK},
	{"mac_limit", KEY_OK}, {"peers", KEY_OK},	 {NULL, KEY_OK},
};

static const struct key vpls_peer_keys[] = {
	{"pe", KEY_OK},
	{"local_label", KEY_OK},
	{"remote_label", KEY_OK},
	{NULL, KEY_OK},
};

/* A VPLS peer's local label is popped here like every other local label:
 * labels[].in, VRF labels, pseudowires', other peers' (of any instance). */
static int check_vpls_label(struct ctx *c, const char *path, uint32_t in,
			    const struct mplsx_config *cfg,
			    const struct cfg_vpls *done, size_t n_done,
			    const struct cfg_vpls_peer *peers, size_t n_peers)
{
	const struct cfg_label *l = mplsx_config__label(cfg, in);
	size_t j, k;

	if (l)
		return fail(c, path, "duplicate label %u (also labels[%zu])",
			    in, (size_t)(l - cfg->labels));
	for (j = 0; j < cfg->n_vrfs; j++)
		if (cfg->vrfs[j].has_label && cfg->vrfs[j].label == in)
			return fail(c, path,
				    "duplicate label %u (also vrfs[%zu], "
				    "\"%s\")",
				    in, j, cfg->vrfs[j].name);
	for (j = 0; j < cfg->n_pws; j++)
		if (cfg->pws[j].local_label == in)
			return fail(c, path,
				    "duplicate label %u (also "
				    "pseudowires[%zu], \"%s\")",
				    in, j, cfg->pws[j].name);
	for (j = 0; j < n_done; j++)
		for (k = 0; k < done[j].n_peers; k++)
			if (done[j].peers[k].local_label == in)
				return fail(c, path,
					    "duplicate label %u (also "
					    "vpls[%zu].peers[%zu])",
					    in, j, k);
	for (k = 0; k < n_peers; k++)
		if (peers[k].local_label == in)
			return fail(c, path,
				    "duplicate label %u (also peers[%zu])", in,
				    k);
	return 0;
}

static int parse_vpls_peers(struct ctx *c, const cJSON *item, const char *path,
			    struct cfg_vpls *vps, size_t i,
			    const struct mplsx_config *cfg)
{
	struct cfg_vpls *vp = &vps[i];
	char lpath[PATHLEN], p[PATHLEN], q[PATHLEN];
	const cJSON *list, *e, *v;
	size_t n = 0, j;
	int r;

	list = member(item, path, "peers", lpath);
	if (!list)
		return 0;
	if (!cJSON_IsArray(list))
		return fail(c, lpath, "must be an array");
	if ((size_t)cJSON_GetArraySize(list) > MPLSX_VPLS_MAX_MEMBERS - 1)
		return fail(c, lpath, "%d entries, at most %d",
			    cJSON_GetArraySize(list),
			    MPLSX_VPLS_MAX_MEMBERS - 1);
	if (!cJSON_GetArraySize(list))
		return 0;
	vp->peers =
		calloc((size_t)cJSON_GetArraySize(list), sizeof(*vp->peers));
	if (!vp->peers)
		return fail_nomem(c, lpath);
	cJSON_ArrayForEach(e, list)
	{
		struct cfg_vpls_peer *pr = &vp->peers[n];

		index_path(p, lpath, n);
		r = check_object(c, e, p, vpls_peer_keys);
		if (r)
			return r;
		v = member(e, p, "pe", q);
		if (!v)
			return fail(c, q, "required");
		r = get_addr(c, v, q, 0, &pr->pe);
		if (r)
			return r;
		if (mplsx_addr__equal(&pr->pe, &cfg->router_id))
			return fail(c, q, "is this router's router_id");
		for (j = 0; j < n; j++)
			if (mplsx_addr__equal(&vp->peers[j].pe, &pr->pe))
				return fail(c, q,
					    "duplicate PE (also peers[%zu])",
					    j);
		v = member(e, p, "local_label", q);
		if (!v)
			return fail(c, q, "required");
		r = get_static_label(c, v, q, cfg, &pr->local_label);
		if (!r)
			r = check_vpls_label(c, q, pr->local_label, cfg, vps, i,
					     vp->peers, n);
		if (r)
			return r;
		v = member(e, p, "remote_label", q);
		if (!v)
			return fail(c, q, "required");
		r = get_label(c, v, q, false, &pr->remote_label);
		if (r)
			return r;
		n++;
		vp->n_peers = n;
	}
	return 0;
}

static void free_vpls(void *base, size_t n)
{
	struct cfg_vpls *vps = base;
	size_t i;

	for (i = 0; vps && i < n; i++)
		free(vps[i].peers);
}

static int parse_vpls(struct ctx *c, const cJSON *item, const char *path,
		      void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_vpls *vps = base, *vp = &vps[i];
	const cJSON *v;
	char p[PATHLEN];
	size_t j;
	int r;

	r = check_object(c, item, path, vpls_keys);
	if (r)
		return r;
	v = member(item, path, "name", p);
	if (!v)
		return fail(c, p, "required");
	r = get_name(c, v, p, sizeof(vp->name), vp->name);
	if (!r)
		r = check_name_chars(c, p, vp->name);
	if (r)
		return r;
	for (j = 0; j < i; j++)
		if (!strcmp(vps[j].name, vp->name))
			return fail(c, p,
				    "duplicate VPLS \"%s\" (also vpls[%zu])",
				    vp->name, j);

	vp->control_word = true; /* as for pseudowires (RFC 4385, 4928) */
	v = member(item, path, "control_word", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	if (v)
		vp->control_word = cJSON_IsTrue(v);

	vp->mac_age = MPLSX_VPLS_MAC_AGE_DEFAULT;
	v = member(item, path, "mac_age", p);
	if (v) {
		r = get_uint(c, v, p, 1, 1000000, &vp->mac_age);
		if (r)
			return r;
	}
	vp->mac_limit = MPLSX_VPLS_MAC_LIMIT_DEFAULT;
	v = member(item, path, "mac_limit", p);
	if (v) {
		r = get_uint(c, v, p, 1, MPLSX_MAX_VPLS_MACS, &vp->mac_limit);
		if (r)
			return r;
	}
	return parse_vpls_peers(c, item, path, vps, i, cfg);
}

/* Every instance has an attachment circuit: a VPLS with none would only
 * relay between pseudowires, which split horizon forbids. */
static int check_vpls_attached(struct ctx *c, const struct mplsx_config *cfg)
{
	char p[PATHLEN];
	size_t i, j;

	for (i = 0; i < cfg->n_vpls; i++) {
		for (j = 0; j < cfg->n_interfaces; j++)
			if (!strcmp(cfg->interfaces[j].vpls, cfg->vpls[i].name))
				break;
		if (j == cfg->n_interfaces)
			return fail(c, index_path(p, "vpls", i),
				    "\"%s\" has no interface (it needs at "
				    "least one attachment circuit)",
				    cfg->vpls[i].name);
	}
	return 0;
}

/* ---- bgp ---------------------------------------------------------------- */

static const struct key bgp_keys[] = {
	{"asn", KEY_OK},
	{"listen", KEY_OK},
	{"port", KEY_OK},
	{"hold_time", KEY_OK},
	{"graceful_restart", KEY_OK},
	{"neighbors", KEY_OK},
	{NULL, KEY_OK},
};

static const struct key bgp_neighbor_keys[] = {
	{"address", KEY_OK}, {"asn", KEY_OK},	      {"port", KEY_OK},
	{"vrf", KEY_OK},     {"as_override", KEY_OK}, {"allowas_in", KEY_OK},
	{"soo", KEY_OK},     {"ce_asn", KEY_OK},      {NULL, KEY_OK},
};

/* The PE-CE options of a neighbour with a "vrf" (config.h). */
static int parse_bgp_ce_options(struct ctx *c, const cJSON *item,
				const char *path, struct cfg_bgp_neighbor *nb)
{
	static const char *const ce_only[] = {"as_override", "allowas_in",
					      "soo", "ce_asn"};
	char p[PATHLEN], reason[MPLSX_CONFIG_ERRLEN];
	const cJSON *v;
	uint32_t x;
	int r;

	for (size_t k = 0; !nb->vrf[0] && k < 4; k++)
		if (member(item, path, ce_only[k], p))
			return fail(c, p, "only for a neighbor with a vrf");
	v = member(item, path, "as_override", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	nb->as_override = cJSON_IsTrue(v);
	v = member(item, path, "allowas_in", p);
	if (v) {
		r = get_uint(c, v, p, 0, 10, &x);
		if (r)
			return r;
		nb->allowas_in = (uint8_t)x;
	}
	v = member(item, path, "ce_asn", p);
	if (v) {
		r = get_uint(c, v, p, 1, UINT32_MAX, &nb->ce_asn);
		if (r)
			return r;
	}
	v = member(item, path, "soo", p);
	if (v) {
		const char *s = NULL;
		struct mplsx_rt rt;

		r = get_string(c, v, p, &s);
		if (r)
			return r;
		/* Same text forms as a route target; subtype 0x03 (RFC
		 * 4360 sec. 5, RFC 5668). */
		if (mplsx_rt__parse(s, &rt, reason, sizeof(reason)))
			return fail(c, p, "%s", reason);
		memcpy(nb->soo, rt.bytes, 8);
		nb->soo[1] = 0x03;
		nb->has_soo = true;
	}
	return 0;
}

/* OBJ[KEY] as a uint16 in [MIN, MAX], or DEF when absent. */
static int get_opt_u16(struct ctx *c, const cJSON *obj, const char *parent,
		       const char *key, uint32_t min, uint32_t max,
		       uint16_t def, uint16_t *out)
{
	char p[PATHLEN];
	const cJSON *v = member(obj, parent, key, p);
	uint32_t x = def;
	int r;

	if (v) {
		r = get_uint(c, v, p, min, max, &x);
		if (r)
			return r;
	}
	*out = (uint16_t)x;
	return 0;
}

static int parse_bgp_neighbor(struct ctx *c, const cJSON *item,
			      const char *path, void *base, size_t i,
			      const struct mplsx_config *cfg)
{
	struct cfg_bgp_neighbor *nbs = base, *nb = &nbs[i];
	char p[PATHLEN], a[MPLSX_ADDRSTRLEN];
	const cJSON *v;
	size_t j;
	int r;

	r = check_object(c, item, path, bgp_neighbor_keys);
	if (r)
		return r;
	v = member(item, path, "address", p);
	if (!v)
		return fail(c, p, "required");
	r = get_addr(c, v, p, 0, &nb->address);
	if (r)
		return r;
	v = member(item, path, "asn", p);
	if (!v)
		return fail(c, p, "required");
	r = get_uint(c, v, p, 1, UINT32_MAX, &nb->asn);
	if (r)
		return r;
	r = get_opt_u16(c, item, path, "port", 1, 65535, cfg->bgp.port,
			&nb->port);
	if (r)
		return r;
	v = member(item, path, "vrf", p);
	if (v) {
		const char *s = NULL;

		r = get_string(c, v, p, &s);
		if (r)
			return r;
		if (!mplsx_config__vrf(cfg, s))
			return fail(c, p, "no VRF named \"%s\"", s);
		snprintf(nb->vrf, sizeof(nb->vrf), "%s", s);
	}
	r = parse_bgp_ce_options(c, item, path, nb);
	if (r)
		return r;
	/* The peer is told apart by its address and the port it dials. */
	for (j = 0; j < i; j++)
		if (mplsx_addr__equal(&nbs[j].address, &nb->address) &&
		    nbs[j].port == nb->port)
			return fail(c, path,
				    "duplicate neighbor %s port %u (also "
				    "bgp.neighbors[%zu])",
				    mplsx_addr__str(&nb->address, a), nb->port,
				    j);
	return 0;
}

static int parse_bgp(struct ctx *c, const cJSON *root, struct mplsx_config *cfg)
{
	struct cfg_bgp *b = &cfg->bgp;
	char path[PATHLEN], p[PATHLEN];
	const cJSON *obj, *v;
	void *arr;
	int r;

	obj = member(root, "", "bgp", path);
	if (!obj)
		return 0;
	r = check_object(c, obj, path, bgp_keys);
	if (r)
		return r;
	b->enabled = true;
	v = member(obj, path, "asn", p);
	if (!v)
		return fail(c, p, "required");
	r = get_uint(c, v, p, 1, UINT32_MAX, &b->asn);
	if (r)
		return r;
	mplsx_addr__parse(&b->listen, MPLSX_BGP_LISTEN_DEFAULT);
	v = member(obj, path, "listen", p);
	if (v) {
		r = get_addr(c, v, p, 0, &b->listen);
		if (r)
			return r;
	}
	r = get_opt_u16(c, obj, path, "port", 1, 65535, MPLSX_BGP_PORT_DEFAULT,
			&b->port);
	if (!r)
		r = get_opt_u16(c, obj, path, "hold_time", 0, 65535,
				MPLSX_BGP_HOLD_DEFAULT, &b->hold_time);
	if (r)
		return r;
	if (b->hold_time == 1 || b->hold_time == 2)
		return fail(c, key_path(p, path, "hold_time"),
			    "%u: must be 0 or 3..65535 (RFC 4271)",
			    b->hold_time);
	r = get_opt_u16(c, obj, path, "graceful_restart", 0, 4095,
			MPLSX_BGP_GR_DEFAULT, &b->graceful_restart);
	if (r)
		return r;
	r = parse_list(c, obj, path, "neighbors", false,
		       MPLSX_MAX_BGP_NEIGHBORS, sizeof(struct cfg_bgp_neighbor),
		       parse_bgp_neighbor, NULL, cfg, &arr, &b->n_neighbors);
	if (r)
		return r;
	b->neighbors = arr;
	return 0;
}

/* ---- metrics ---------------------------------------------------------- */

static const struct key metrics_keys[] = {
	{"listen", KEY_OK},
	{NULL, KEY_OK},
};

static bool addr_is_any(const struct mplsx_addr *a)
{
	static const unsigned char zero[16];

	return !memcmp(a->bytes, zero, (size_t)mplsx_addr__len(a));
}

static const struct key icmp_keys[] = {
	{"enabled", KEY_OK},
	{"rate", KEY_OK},
	{"burst", KEY_OK},
	{NULL, KEY_OK},
};

/* "icmp": {"enabled": true, "rate": N, "burst": M}: rate 0 is no limit;
 * a burst is at least one message. */
static int parse_icmp(struct ctx *c, const cJSON *root,
		      struct mplsx_config *cfg)
{
	struct cfg_icmp *ic = &cfg->icmp;
	char path[PATHLEN], p[PATHLEN];
	const cJSON *obj, *v;
	int r;

	ic->enabled = true;
	ic->rate = MPLSX_ICMP_RATE_DEFAULT;
	ic->burst = MPLSX_ICMP_BURST_DEFAULT;
	obj = member(root, "", "icmp", path);
	if (!obj)
		return 0;
	r = check_object(c, obj, path, icmp_keys);
	if (r)
		return r;
	v = member(obj, path, "enabled", p);
	if (v && !cJSON_IsBool(v))
		return fail(c, p, "must be true or false");
	if (v)
		ic->enabled = cJSON_IsTrue(v);
	v = member(obj, path, "rate", p);
	if (v) {
		r = get_uint(c, v, p, 0, MPLSX_ICMP_RATE_MAX, &ic->rate);
		if (r)
			return r;
	}
	v = member(obj, path, "burst", p);
	if (v) {
		r = get_uint(c, v, p, 1, MPLSX_ICMP_BURST_MAX, &ic->burst);
		if (r)
			return r;
	}
	return 0;
}

/* "metrics": {"listen": "A.B.C.D:PORT" or "[X:X::X]:PORT"}; after bgp (a
 * port of its own). */
static int parse_metrics(struct ctx *c, const cJSON *root,
			 struct mplsx_config *cfg)
{
	struct cfg_metrics *m = &cfg->metrics;
	char path[PATHLEN], p[PATHLEN], host[64];
	const cJSON *obj, *v;
	const char *s, *colon;
	char *end;
	unsigned long port;
	int r;

	obj = member(root, "", "metrics", path);
	if (!obj)
		return 0;
	r = check_object(c, obj, path, metrics_keys);
	if (r)
		return r;
	v = member(obj, path, "listen", p);
	if (!v)
		return fail(c, p, "required");
	if (!cJSON_IsString(v))
		return fail(c, p, "must be a string \"ADDR:PORT\"");
	s = v->valuestring;
	colon = strrchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(host))
		return fail(c, p,
			    "\"%.64s\" is not ADDR:PORT (A.B.C.D:PORT or "
			    "[X:X::X]:PORT)",
			    s);
	if (s[0] == '[') {
		if (colon[-1] != ']')
			return fail(c, p,
				    "\"%.64s\": an IPv6 address goes "
				    "in brackets, [X:X::X]:PORT",
				    s);
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s - 2),
			 s + 1);
	} else {
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	}
	if (mplsx_addr__parse(&m->addr, host) ||
	    (s[0] == '[') != (m->addr.family == AF_INET6))
		return fail(c, p, "\"%s\" is not an IPv4 or [IPv6] address",
			    host);
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 1 || port > 65535)
		return fail(c, p, "port \"%.16s\" must be 1..65535", colon + 1);
	m->port = (uint16_t)port;
	if (cfg->bgp.enabled && cfg->bgp.port == m->port &&
	    (mplsx_addr__equal(&cfg->bgp.listen, &m->addr) ||
	     addr_is_any(&m->addr) || addr_is_any(&cfg->bgp.listen)))
		return fail(c, p, "port %u is bgp.port on the same address",
			    m->port);
	m->enabled = true;
	return 0;
}

static const struct key fib_keys[] = {
	{"chunks_v4", KEY_OK},
	{"chunks_v6", KEY_OK},
	{"direct_v4", KEY_OK},
	{NULL, KEY_OK},
};

/* "fib": {"chunks_v4": N, "chunks_v6": M, "direct_v4": D}: the chunk
 * pools' sizes and the number of direct top arrays. */
static int parse_fib(struct ctx *c, const cJSON *root, struct mplsx_config *cfg)
{
	struct cfg_fib *fc = &cfg->fib;
	char path[PATHLEN], p[PATHLEN];
	const cJSON *obj, *v;
	int r;

	fc->chunks_v4 = MPLSX_FIB4_CHUNKS;
	fc->chunks_v6 = MPLSX_FIB6_CHUNKS;
	fc->direct_v4 = MPLSX_FIB4_DIRECT;
	obj = member(root, "", "fib", path);
	if (!obj)
		return 0;
	r = check_object(c, obj, path, fib_keys);
	if (r)
		return r;
	v = member(obj, path, "chunks_v4", p);
	if (v) {
		r = get_uint(c, v, p, MPLSX_FIB_CHUNKS_MIN,
			     MPLSX_FIB_CHUNKS_MAX, &fc->chunks_v4);
		if (r)
			return r;
	}
	v = member(obj, path, "chunks_v6", p);
	if (v) {
		r = get_uint(c, v, p, MPLSX_FIB_CHUNKS_MIN,
			     MPLSX_FIB_CHUNKS_MAX, &fc->chunks_v6);
		if (r)
			return r;
	}
	v = member(obj, path, "direct_v4", p);
	if (v)
		return get_uint(c, v, p, 0, MPLSX_FIB4_DIRECT_MAX,
				&fc->direct_v4);
	return 0;
}

/* ---- top level -------------------------------------------------------- */

static const struct key top_keys[] = {
	{"router_id", KEY_OK},	 {"label_range", KEY_OK},
	{"interfaces", KEY_OK},	 {"labels", KEY_OK},
	{"lsps", KEY_OK},	 {"vrfs", KEY_OK},
	{"pseudowires", KEY_OK}, {"bgp", KEY_OK},
	{"metrics", KEY_OK},	 {"vpls", KEY_OK},
	{"icmp", KEY_OK},	 {"persist", KEY_OK},
	{"fib", KEY_OK},	 {NULL, KEY_OK},
};

static int parse_label_range(struct ctx *c, const cJSON *root,
			     struct mplsx_config *cfg)
{
	char path[PATHLEN], p[PATHLEN];
	const cJSON *range;
	uint32_t *lr = cfg->label_range;
	int r;

	lr[0] = LABEL_RANGE_LO;
	lr[1] = LABEL_RANGE_HI;
	range = member(root, "", "label_range", path);
	if (!range)
		return 0;
	if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2)
		return fail(c, path, "must be an array [lo, hi]");
	for (int i = 0; i < 2; i++) {
		r = get_uint(
			c, cJSON_GetArrayItem(range, i), index_path(p, path, i),
			MPLS_LABEL_FIRST_UNRESERVED, MPLS_LABEL_MAX, &lr[i]);
		if (r)
			return r;
	}
	if (lr[0] > lr[1])
		return fail(c, path, "lo %u is above hi %u", lr[0], lr[1]);
	return 0;
}

static int parse_root(struct ctx *c, const cJSON *root,
		      struct mplsx_config *cfg)
{
	char path[PATHLEN];
	const cJSON *v;
	void *arr;
	int r;

	r = check_object(c, root, "", top_keys);
	if (r)
		return r;

	v = member(root, "", "router_id", path);
	if (!v)
		return fail(c, path, "required");
	r = get_addr(c, v, path, AF_INET, &cfg->router_id);
	if (r)
		return r;

	r = parse_label_range(c, root, cfg);
	if (r)
		return r;

	v = member(root, "", "persist", path);
	if (v && !cJSON_IsBool(v))
		return fail(c, path, "must be true or false");
	cfg->persist = cJSON_IsTrue(v);

	r = parse_list(c, root, "", "labels", false, MPLSX_MAX_LABELS,
		       sizeof(struct cfg_label), parse_label, NULL, cfg, &arr,
		       &cfg->n_labels);
	if (r)
		return r;
	cfg->labels = arr;

	r = parse_list(c, root, "", "lsps", false, MPLSX_MAX_NEXTHOPS,
		       sizeof(struct cfg_lsp), parse_lsp, NULL, cfg, &arr,
		       &cfg->n_lsps);
	if (r)
		return r;
	cfg->lsps = arr;

	/* After labels (a VRF's label must differ) and before interfaces
	 * (which name VRFs). */
	r = parse_list(c, root, "", "vrfs", false, MPLSX_MAX_VRFS - 1,
		       sizeof(struct cfg_vrf), parse_vrf, free_vrfs, cfg, &arr,
		       &cfg->n_vrfs);
	if (r)
		return r;
	cfg->vrfs = arr;

	/* After labels and vrfs (local labels must differ), before
	 * interfaces (which name pseudowires). */
	r = parse_list(c, root, "", "pseudowires", false,
		       MPLSX_MAX_PSEUDOWIRES - 1, sizeof(struct cfg_pw),
		       parse_pw, NULL, cfg, &arr, &cfg->n_pws);
	if (r)
		return r;
	cfg->pws = arr;

	/* After pseudowires (local labels), before interfaces. */
	r = parse_list(c, root, "", "vpls", false, MPLSX_MAX_VPLS - 1,
		       sizeof(struct cfg_vpls), parse_vpls, free_vpls, cfg,
		       &arr, &cfg->n_vpls);
	if (r)
		return r;
	cfg->vpls = arr;

	r = parse_list(c, root, "", "interfaces", true, MPLSX_MAX_PORTS,
		       sizeof(struct cfg_interface), parse_interface, NULL, cfg,
		       &arr, &cfg->n_interfaces);
	if (r)
		return r;
	cfg->interfaces = arr;
	r = check_pws_attached(c, cfg);
	if (!r)
		r = check_vpls_attached(c, cfg);
	if (r)
		return r;
	r = parse_bgp(c, root, cfg);
	if (r)
		return r;
	r = parse_metrics(c, root, cfg);
	if (r)
		return r;
	r = parse_icmp(c, root, cfg);
	if (r)
		return r;
	return parse_fib(c, root, cfg);
}

static void free_members(struct mplsx_config *cfg)
{
	free(cfg->interfaces);
	free(cfg->labels);
	free(cfg->lsps);
	free_vrfs(cfg->vrfs, cfg->n_vrfs);
	free(cfg->vrfs);
	free(cfg->pws);
	free_vpls(cfg->vpls, cfg->n_vpls);
	free(cfg->vpls);
	free(cfg->bgp.neighbors);
}

int mplsx_config__parse(const char *json, struct mplsx_config **out, char *err,
			size_t errlen)
{
	struct ctx c = {.err = err, .errlen = errlen};
	struct mplsx_config cfg = {0};
	const char *end = NULL, *s;
	cJSON *root;
	int r, line = 1;

	if (!json)
		return fail(&c, "json", "no input");
	root = cJSON_ParseWithOpts(json, &end, true);
	if (!root) {
		if (!end)
			end = json;
		for (s = json; s < end && *s; s++)
			line += *s == '\n';
		return fail(&c, "json", "parse error near line %d", line);
	}
	r = parse_root(&c, root, &cfg);
	cJSON_Delete(root);
	if (!r) {
		*out = malloc(sizeof(**out));
		if (!*out)
			r = fail_nomem(&c, "config");
	}
	if (r) {
		free_members(&cfg);
		return r;
	}
	**out = cfg;
	return 0;
}

/* The whole of FILE as a string. */
static char *read_file(const char *path)
{
	size_t len = 0, cap = 4096, got;
	char *buf = NULL, *nbuf;
	FILE *f;
	int saved;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	for (;;) {
		nbuf = realloc(buf, cap + 1);
		if (!nbuf) {
			errno = ENOMEM;
			break;
		}
		buf = nbuf;
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (len < cap) {
			if (ferror(f))
				break;
			buf[len] = '\0';
			fclose(f);
			return buf;
		}
		cap *= 2;
	}
	saved = errno ? errno : EIO;
	free(buf);
	fclose(f);
	errno = saved;
	return NULL;
}

int mplsx_config__load(const char *path, struct mplsx_config **out, char *err,
		       size_t errlen)
{
	struct ctx c = {.err = err, .errlen = errlen};
	char *json;
	int r;

	errno = 0;
	json = read_file(path);
	if (!json) {
		r = errno ? errno : EIO;
		fail(&c, path, "%s", strerror(r));
		return -r;
	}
	r = mplsx_config__parse(json, out, err, errlen);
	free(json);
	return r;
}

void mplsx_config__free(struct mplsx_config *cfg)
{
	if (!cfg)
		return;
	free_members(cfg);
	free(cfg);
}

const struct cfg_interface *
mplsx_config__interface(const struct mplsx_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_interfaces; i++)
		if (!strcmp(cfg->interfaces[i].name, name))
			return &cfg->interfaces[i];
	return NULL;
}

const struct cfg_label *mplsx_config__label(const struct mplsx_config *cfg,
					    uint32_t in)
{
	for (size_t i = 0; i < cfg->n_labels; i++)
		if (cfg->labels[i].in == in)
			return &cfg->labels[i];
	return NULL;
}

const struct cfg_vrf *mplsx_config__vrf(const struct mplsx_config *cfg,
					const char *name)
{
	for (size_t i = 0; i < cfg->n_vrfs; i++)
		if (!strcmp(cfg->vrfs[i].name, name))
			return &cfg->vrfs[i];
	return NULL;
}

const struct cfg_pw *mplsx_config__pw(const struct mplsx_config *cfg,
				      const char *name)
{
	for (size_t i = 0; i < cfg->n_pws; i++)
		if (!strcmp(cfg->pws[i].name, name))
			return &cfg->pws[i];
	return NULL;
}

const struct cfg_vpls *mplsx_config__vpls(const struct mplsx_config *cfg,
					  const char *name)
{
	for (size_t i = 0; i < cfg->n_vpls; i++)
		if (!strcmp(cfg->vpls[i].name, name))
			return &cfg->vpls[i];
	return NULL;
}

const struct cfg_lsp *mplsx_config__lsp(const struct mplsx_config *cfg,
					const struct mplsx_addr *to)
{
	for (size_t i = 0; i < cfg->n_lsps; i++)
		if (mplsx_addr__equal(&cfg->lsps[i].to, to))
			return &cfg->lsps[i];
	return NULL;
}
