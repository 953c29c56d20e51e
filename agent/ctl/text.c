// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* text.c - daemon answers as aligned tables (mplsxctl -o text). */
#include "ctl/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MAX 512

/* A column: a member of the row, or a member of an object in the row. */
struct column {
	const char *key, *sub; /* sub NULL: the member itself */
	char title[128];
	size_t width;
};

static void append(char *buf, size_t len, size_t *at, const char *s)
{
	size_t n = strlen(s);

	if (*at + 1 >= len)
		return;
	if (n > len - 1 - *at)
		n = len - 1 - *at;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
}

static void scalar(const cJSON *v, char *buf, size_t len)
{
	if (cJSON_IsString(v))
		snprintf(buf, len, "%s", v->valuestring);
	else if (cJSON_IsBool(v))
		snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v) && v->valuedouble > -1e18 &&
		 v->valuedouble < 1e18 &&
		 v->valuedouble == (double)(long long)v->valuedouble)
		snprintf(buf, len, "%.0f", v->valuedouble);
	else if (cJSON_IsNumber(v))
		snprintf(buf, len, "%.3f", v->valuedouble);
	else
		snprintf(buf, len, "-");
}

const char *text__cell(const cJSON *v, char *buf, size_t len)
{
	char one[CELL_MAX];
	size_t at = 0;
	const cJSON *e;
	bool first = true;

	buf[0] = '\0';
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		scalar(v, buf, len);
		return buf;
	}
	/* Arrays of scalars joined by ","; objects inside as k=v. */
	cJSON_ArrayForEach(e, v)
	{
		if (!first)
			append(buf, len, &at, cJSON_IsObject(v) ? " " : ",");
		first = false;
		if (cJSON_IsObject(v)) {
			append(buf, len, &at, e->string);
			append(buf, len, &at, "=");
		}
		if (cJSON_IsObject(e) || cJSON_IsArray(e)) {
			char *inner = malloc(len);

			if (!inner)
				break;
			text__cell(e, inner, len);
			append(buf, len, &at, cJSON_IsObject(e) ? "{" : "");
			append(buf, len, &at, inner);
			append(buf, len, &at, cJSON_IsObject(e) ? "}" : "");
			free(inner);
		} else {
			scalar(e, one, sizeof(one));
			append(buf, len, &at, one);
		}
	}
	if (first)
		snprintf(buf, len, "-");
	return buf;
}

static const cJSON *column_value(const cJSON *row, const struct column *c)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, c->key);

	if (c->sub)
		v = cJSON_IsObject(v)
			    ? cJSON_GetObjectItemCaseSensitive(v, c->sub)
			    : NULL;
	return v;
}

static bool has_column(const struct column *cols, size_t n, const char *key,
		       const char *sub)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(cols[i].key, key) &&
		    (cols[i].sub == sub ||
		     (cols[i].sub && sub && !strcmp(cols[i].sub, sub))))
			return true;
	return false;
}

static struct column *add_column(struct column **cols, size_t *n, size_t *cap,
				 const char *key, const char *sub)
{
	struct column *c;

	if (has_column(*cols, *n, key, sub))
		return NULL;
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct column *m = realloc(*cols, ncap * sizeof(*m));

		if (!m)
			return NULL;
		*cols = m;
		*cap = ncap;
	}
	c = &(*cols)[(*n)++];
	c->key = key;
	c->sub = sub;
	if (sub)
		snprintf(c->title, sizeof(c->title), "%s.%s", key, sub);
	else
		snprintf(c->title, sizeof(c->title), "%s", key);
	c->width = strlen(c->title);
	return c;
}

static void print_table(FILE *f, const cJSON *rows)
{
	struct column *cols = NULL;
	size_t n = 0, cap = 0, i;
	char cell[CELL_MAX];
	const cJSON *row, *m, *s;

	cJSON_ArrayForEach(row, rows)
	{
		cJSON_ArrayForEach(m, row)
		{
			if (!cJSON_IsObject(m) || !m->child) {
				add_column(&cols, &n, &cap, m->string, NULL);
				continue;
			}
			cJSON_ArrayForEach(s, m) add_column(
				&cols, &n, &cap, m->string, s->string);
		}
	}
	cJSON_ArrayForEach(row, rows) for (i = 0; i < n; i++)
	{
		size_t w = strlen(text__cell(column_value(row, &cols[i]), cell,
					     sizeof(cell)));

		if (w > cols[i].width)
			cols[i].width = w;
	}
	for (i = 0; i < n; i++)
		fprintf(f, i + 1 < n ? "%-*s  " : "%-*s\n",
			i + 1 < n ? (int)cols[i].width : 0, cols[i].title);
	cJSON_ArrayForEach(row, rows) for (i = 0; i < n; i++) fprintf(
		f, i + 1 < n ? "%-*s  " : "%-*s\n",
		i + 1 < n ? (int)cols[i].width : 0,
		text__cell(column_value(row, &cols[i]), cell, sizeof(cell)));
	free(cols);
}

static bool rows_of_objects(const cJSON *a)
{
	const cJSON *e;

	if (!cJSON_IsArray(a) || !a->child)
		return false;
	cJSON_ArrayForEach(e, a) if (!cJSON_IsObject(e)) return false;
	return true;
}

/* Scalars (and objects of scalars, flattened) as "key  value" lines. */
static void print_pairs(FILE *f, const cJSON *o, const char *prefix)
{
	char cell[CELL_MAX], key[256];
	size_t width = 0;
	const cJSON *m;
	int pass;

	/* Two passes: the widest key first, then the lines. */
	for (pass = 0; pass < 2; pass++) {
		cJSON_ArrayForEach(m, o)
		{
			if (rows_of_objects(m))
				continue;
			if (cJSON_IsString(m) && strchr(m->valuestring, '\n'))
				continue;
			snprintf(key, sizeof(key), "%s%s", prefix, m->string);
			if (cJSON_IsObject(m) && m->child) {
				const cJSON *s;

				cJSON_ArrayForEach(s, m)
				{
					size_t w = strlen(key) + 1 +
						   strlen(s->string);

					if (!pass) {
						if (w > width)
							width = w;
						continue;
					}
					fprintf(f, "%s.%-*s  %s\n", key,
						(int)(width - strlen(key) - 1),
						s->string,
						text__cell(s, cell,
							   sizeof(cell)));
				}
				continue;
			}
			if (!pass) {
				if (strlen(key) > width)
					width = strlen(key);
				continue;
			}
			fprintf(f, "%-*s  %s\n", (int)width, key,
				text__cell(m, cell, sizeof(cell)));
		}
	}
}

void text__print(FILE *f, const cJSON *answer)
{
	const cJSON *m;

	if (cJSON_IsArray(answer)) {
		if (rows_of_objects(answer))
			print_table(f, answer);
		else if (answer->child) {
			char cell[CELL_MAX];

			fprintf(f, "%s\n",
				text__cell(answer, cell, sizeof(cell)));
		}
		return;
	}
	if (!cJSON_IsObject(answer)) {
		char cell[CELL_MAX];

		fprintf(f, "%s\n", text__cell(answer, cell, sizeof(cell)));
		return;
	}
	print_pairs(f, answer, "");
	cJSON_ArrayForEach(m, answer)
	{
		if (cJSON_IsString(m) && strchr(m->valuestring, '\n')) {
			/* Text meant to be pasted (show bird): as it is. */
			fputs(m->valuestring, f);
			if (m->valuestring[strlen(m->valuestring) - 1] != '\n')
				fputc('\n', f);
		} else if (rows_of_objects(m)) {
			fprintf(f, "\n%s:\n", m->string);
			print_table(f, m);
		}
	}
}
