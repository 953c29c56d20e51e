// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * config.c - parse and check the config file (DESIGN.md "Config file").
 *
 * Everything is parsed into a private struct mplsx_config first; the
 * caller's pointer is set only once every value has been checked, and on
 * any error everything allocated so far is freed.  Errors read
 * "KEY: reason" with the full key path ("labels[1].out[0]: ...").
 *
 * This version implements the P-router part of the contract: router_id,
 * label_range, interfaces (MPLS core ports), labels and lsps.  vrfs,
 * pseudowires and bgp are recognised and refused.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATHLEN	       128
#define NUMLEN	       32
#define LABEL_RANGE_LO 100000
#define LABEL_RANGE_HI 199999

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

/* An address; FAMILY is AF_INET, or 0 for IPv4 or IPv6. */
static int get_addr(struct ctx *c, const cJSON *item, const char *path,
		    int family, struct mplsx_addr *out)
{
	struct mplsx_addr a;

	if (!cJSON_IsString(item))
		return fail(c, path, "must be an address string");
	if (mplsx_addr__parse(&a, item->valuestring) ||
	    (family && a.family != family))
		return fail(c, path, "\"%s\" is not an %s address",
			    item->valuestring,
			    family == AF_INET ? "IPv4" : "IPv4 or IPv6");
	*out = a;
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

/* ROOT[KEY], an array of at most MAX objects, each parsed by FN into a new
 * array of SIZE-byte elements.  Absent: *ARR = NULL, *N = 0. */
static int parse_list(struct ctx *c, const cJSON *root, const char *key,
		      bool required, size_t max, size_t size, elem_fn fn,
		      const struct mplsx_config *cfg, void **arr, size_t *n)
{
	char path[PATHLEN], p[PATHLEN];
	const cJSON *list, *e;
	size_t i = 0, count;
	void *base;
	int r;

	*arr = NULL;
	*n = 0;
	list = member(root, "", key, path);
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
			free(base);
			return r;
		}
		i++;
	}
	*arr = base;
	*n = count;
	return 0;
}

static const struct key interface_keys[] = {
	{"name", KEY_OK},
	{"mpls", KEY_OK},
	{"vrf", KEY_UNSUPPORTED},
	{"vlan", KEY_UNSUPPORTED},
	{"pseudowire", KEY_UNSUPPORTED},
	{NULL, KEY_OK},
};

static int parse_interface(struct ctx *c, const cJSON *item, const char *path,
			   void *base, size_t i, const struct mplsx_config *cfg)
{
	struct cfg_interface *ifs = base, *ifc = &ifs[i];
	const cJSON *name, *mpls;
	char p[PATHLEN];
	size_t j, len;
	int r;

	(void)cfg;
	r = check_object(c, item, path, interface_keys);
	if (r)
		return r;

	name = member(item, path, "name", p);
	if (!name)
		return fail(c, p, "required");
	if (!cJSON_IsString(name))
		return fail(c, p, "must be a string");
	len = strlen(name->valuestring);
	if (len < 1 || len >= IF_NAMESIZE)
		return fail(c, p, "\"%s\" must be 1..%d characters long",
			    name->valuestring, IF_NAMESIZE - 1);
	for (j = 0; j < i; j++)
		if (!strcmp(ifs[j].name, name->valuestring))
			return fail(c, p, "duplicate interface \"%s\"",
				    name->valuestring);
	if (!if_nametoindex(name->valuestring))
		return fail(c, p, "no such interface \"%s\"",
			    name->valuestring);
	memcpy(ifc->name, name->valuestring, len + 1);

	mpls = member(item, path, "mpls", p);
	if (!mpls)
		return fail(c, p,
			    "required (this version supports MPLS core "
			    "interfaces only)");
	if (!cJSON_IsBool(mpls))
		return fail(c, p, "must be true or false");
	if (!cJSON_IsTrue(mpls))
		return fail(c, p,
			    "must be true (this version supports MPLS core "
			    "interfaces only)");
	ifc->mpls = true;
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
	r = get_label(c, v, p, false, &l->in);
	if (r)
		return r;
	if (l->in >= cfg->label_range[0] && l->in <= cfg->label_range[1])
		return fail(c, p,
			    "%u is inside label_range [%u, %u], which is "
			    "reserved for dynamic allocation",
			    l->in, cfg->label_range[0], cfg->label_range[1]);
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
		r = get_addr(c, v, p, 0, &l->via);
		if (r)
			return r;
		l->has_via = true;
	} else if (l->n_out) {
		return fail(c, p, "required when out is not empty");
	}
	return 0;
}

static const struct key lsp_keys[] = {
	{"to", KEY_OK},
	{"push", KEY_OK},
	{"via", KEY_OK},
	{NULL, KEY_OK},
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

	v = member(item, path, "via", p);
	if (!v)
		return fail(c, p, "required");
	return get_addr(c, v, p, 0, &lsp->via);
}

/* ---- top level -------------------------------------------------------- */

static const struct key top_keys[] = {
	{"router_id", KEY_OK},
	{"label_range", KEY_OK},
	{"interfaces", KEY_OK},
	{"labels", KEY_OK},
	{"lsps", KEY_OK},
	{"vrfs", KEY_UNSUPPORTED_ITEMS},
	{"pseudowires", KEY_UNSUPPORTED_ITEMS},
	{"bgp", KEY_UNSUPPORTED},
	{NULL, KEY_OK},
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

	r = parse_list(c, root, "interfaces", true, MPLSX_MAX_PORTS,
		       sizeof(struct cfg_interface), parse_interface, cfg, &arr,
		       &cfg->n_interfaces);
	if (r)
		return r;
	cfg->interfaces = arr;

	r = parse_list(c, root, "labels", false, MPLSX_MAX_LABELS,
		       sizeof(struct cfg_label), parse_label, cfg, &arr,
		       &cfg->n_labels);
	if (r)
		return r;
	cfg->labels = arr;

	r = parse_list(c, root, "lsps", false, MPLSX_MAX_NEXTHOPS,
		       sizeof(struct cfg_lsp), parse_lsp, cfg, &arr,
		       &cfg->n_lsps);
	if (r)
		return r;
	cfg->lsps = arr;
	return 0;
}

static void free_members(struct mplsx_config *cfg)
{
	free(cfg->interfaces);
	free(cfg->labels);
	free(cfg->lsps);
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
