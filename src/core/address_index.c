/*
 * address_index.c: build the address name index from divisions, division
 * changes and street terms.
 *
 * Every name is normalized (placename_normalize) and decoded to code points;
 * the names are sorted, and the trie is laid out in one pass over the sorted
 * list: each name shares the nodes of its common prefix with the one before,
 * so children of a node are created in code-point order and end up
 * contiguous once counted.  Building is O(n log n) in the number of names,
 * with no per-node allocation.
 */
#include "address_internal.h"
#include "adcode.h"
#include "placename_normalize.h"

#include <stdlib.h>
#include <string.h>

/* A name waiting to be put in the trie. */
typedef struct pending_name
{
	uint32_t	offset;			/* into builder->cps */
	uint8_t		len;
	uint8_t		kind;
	uint32_t	target;			/* division (in order of addition) or retired */
} pending_name;

typedef struct growing
{
	void	   *data;
	size_t		count;
	size_t		capacity;
	size_t		size;			/* of one element */
} growing;

struct ca_address_builder
{
	growing		divisions;		/* address_division, in order of addition */
	growing		retired;		/* address_retired */
	growing		changes;		/* address_change */
	growing		names;			/* pending_name */
	growing		cps;			/* uint32_t: every name's code points */
	growing		retired_names;	/* pending_name: retired full names, for suffixes */
	growing		terms;			/* address_term */
	growing		term_cps;		/* uint32_t */
	growing		suffixes;		/* address_term into suffix_cps */
	growing		suffix_cps;		/* uint32_t */
	char	   *normalized;		/* scratch for placename_normalize */
	size_t		normalized_size;
};

static void
growing_init(growing *g, size_t size)
{
	g->data = NULL;
	g->count = 0;
	g->capacity = 0;
	g->size = size;
}

/* Room for n more elements; returns a pointer to the first, or NULL. */
static void *
growing_reserve(growing *g, size_t n)
{
	if (g->count + n > g->capacity)
	{
		size_t		capacity = g->capacity ? g->capacity : 64;
		void	   *data;

		while (capacity < g->count + n)
			capacity *= 2;
		data = realloc(g->data, capacity * g->size);
		if (data == NULL)
			return NULL;
		g->data = data;
		g->capacity = capacity;
	}
	return (char *) g->data + g->count * g->size;
}

static void *
growing_push(growing *g, size_t n)
{
	void	   *p = growing_reserve(g, n);

	if (p != NULL)
		g->count += n;
	return p;
}

ca_address_builder *
ca_address_builder_new(void)
{
	ca_address_builder *b = calloc(1, sizeof(ca_address_builder));

	if (b == NULL)
		return NULL;
	growing_init(&b->divisions, sizeof(address_division));
	growing_init(&b->retired, sizeof(address_retired));
	growing_init(&b->changes, sizeof(address_change));
	growing_init(&b->names, sizeof(pending_name));
	growing_init(&b->cps, sizeof(uint32_t));
	growing_init(&b->retired_names, sizeof(pending_name));
	growing_init(&b->terms, sizeof(address_term));
	growing_init(&b->term_cps, sizeof(uint32_t));
	growing_init(&b->suffixes, sizeof(address_term));
	growing_init(&b->suffix_cps, sizeof(uint32_t));
	return b;
}

void
ca_address_builder_free(ca_address_builder *b)
{
	if (b == NULL)
		return;
	free(b->divisions.data);
	free(b->retired.data);
	free(b->changes.data);
	free(b->names.data);
	free(b->cps.data);
	free(b->retired_names.data);
	free(b->terms.data);
	free(b->term_cps.data);
	free(b->suffixes.data);
	free(b->suffix_cps.data);
	free(b->normalized);
	free(b);
}

/*
 * Normalize text and append its code points to *into.  *offset and *count
 * say where they went.
 */
static ca_address_status
normalized_code_points(ca_address_builder *b, const char *text, size_t len, growing *into,
					   uint32_t *offset, size_t *count)
{
	size_t		need = PLACENAME_NORMALIZE_MAX(len);
	size_t		out_len = 0;
	size_t		pos = 0;
	uint32_t   *cps;
	ca_address_status status;

	if (need > b->normalized_size)
	{
		char	   *p = realloc(b->normalized, need);

		if (p == NULL)
			return CA_ADDRESS_NO_MEMORY;
		b->normalized = p;
		b->normalized_size = need;
	}
	status = address_status_of(placename_normalize(text, len, b->normalized, &out_len));
	if (status != CA_ADDRESS_OK)
		return status;
	*offset = (uint32_t) into->count;
	*count = 0;
	/* at most one code point per byte */
	if (growing_reserve(into, out_len) == NULL)
		return CA_ADDRESS_NO_MEMORY;
	cps = (uint32_t *) into->data + into->count;
	while (pos < out_len)
	{
		size_t		n = address_decode((const unsigned char *) b->normalized + pos,
											out_len - pos, &cps[*count]);

		if (n == 0)
			return CA_ADDRESS_INVALID_UTF8;
		pos += n;
		(*count)++;
	}
	into->count += *count;
	return CA_ADDRESS_OK;
}

/* Queue a normalized name for the trie; names too short are left out. */
static ca_address_status
add_name(ca_address_builder *b, const char *text, size_t len, address_name_kind kind,
		 uint32_t target, growing *also)
{
	uint32_t	offset;
	size_t		count;
	pending_name *name;
	ca_address_status status;

	status = normalized_code_points(b, text, len, &b->cps, &offset, &count);
	if (status != CA_ADDRESS_OK)
		return status;
	/* too short to say anything, or too long to be a name anyone writes */
	if (count < ADDRESS_MIN_NAME_CHARS || count > ADDRESS_MAX_NAME_CHARS)
	{
		b->cps.count = offset;
		return CA_ADDRESS_OK;
	}
	name = growing_push(&b->names, 1);
	if (name == NULL)
		return CA_ADDRESS_NO_MEMORY;
	name->offset = offset;
	name->len = (uint8_t) count;
	name->kind = (uint8_t) kind;
	name->target = target;
	if (also != NULL)
	{
		pending_name *copy = growing_push(also, 1);

		if (copy == NULL)
			return CA_ADDRESS_NO_MEMORY;
		*copy = *name;
	}
	return CA_ADDRESS_OK;
}

static bool
code_is_valid(int64_t code)
{
	ca_adcode_error err;

	return code > 0 && ca_adcode_check(code, &err);
}

/*
 * Record the generic suffix of a county-or-higher name (西乡塘区 − 西乡塘 =
 * 区, 广西壮族自治区 − 广西 = 壮族自治区): the data itself says which suffixes
 * exist, and retired names lose them the same way to get their short form.
 */
static ca_address_status
learn_suffix(ca_address_builder *b, uint32_t full_offset, size_t full_len,
			 uint32_t short_offset, size_t short_len)
{
	const uint32_t *full = (const uint32_t *) b->cps.data + full_offset;
	const uint32_t *shrt = (const uint32_t *) b->cps.data + short_offset;
	size_t		suffix_len = full_len - short_len;
	size_t		i;
	address_term *suffix;
	uint32_t   *cps;

	if (short_len >= full_len || memcmp(full, shrt, short_len * sizeof(uint32_t)) != 0)
		return CA_ADDRESS_OK;
	for (i = 0; i < b->suffixes.count; i++)
	{
		const address_term *known = (const address_term *) b->suffixes.data + i;

		if (known->len == suffix_len &&
			memcmp((const uint32_t *) b->suffix_cps.data + known->offset, full + short_len,
				   suffix_len * sizeof(uint32_t)) == 0)
			return CA_ADDRESS_OK;
	}
	cps = growing_push(&b->suffix_cps, suffix_len);
	suffix = growing_push(&b->suffixes, 1);
	if (cps == NULL || suffix == NULL)
		return CA_ADDRESS_NO_MEMORY;
	/* b->cps did not move: suffix_cps is another array */
	memcpy(cps, full + short_len, suffix_len * sizeof(uint32_t));
	suffix->offset = (uint32_t) (b->suffix_cps.count - suffix_len);
	suffix->len = (uint32_t) suffix_len;
	return CA_ADDRESS_OK;
}

ca_address_status
ca_address_add_division(ca_address_builder *b, int64_t code, const char *name, size_t name_len,
						const char *short_name, size_t short_len, bool placeholder,
						int32_t valid_from, int32_t valid_to)
{
	address_division *d;
	uint32_t	target;
	ca_address_status status;
	size_t		full_names;

	if (!code_is_valid(code))
		return CA_ADDRESS_BAD_CODE;
	target = (uint32_t) b->divisions.count;
	d = growing_push(&b->divisions, 1);
	if (d == NULL)
		return CA_ADDRESS_NO_MEMORY;
	d->code = code;
	d->valid_from = valid_from;
	d->valid_to = valid_to;
	d->placeholder = placeholder;
	if (placeholder)
		return CA_ADDRESS_OK;	/* 市辖区, 县: names of no place */

	full_names = b->names.count;
	status = add_name(b, name, name_len, ADDRESS_NAME_FULL, target, NULL);
	if (status != CA_ADDRESS_OK)
		return status;
	if (short_name != NULL && short_len > 0)
	{
		size_t		short_names = b->names.count;
		const pending_name *full,
				   *shrt;

		status = add_name(b, short_name, short_len, ADDRESS_NAME_SHORT, target, NULL);
		if (status != CA_ADDRESS_OK || b->names.count == short_names)
			return status;
		shrt = (const pending_name *) b->names.data + short_names;
		if (b->names.count - full_names < 2)
			return CA_ADDRESS_OK;	/* the full name was too short to index */
		full = (const pending_name *) b->names.data + full_names;
		if (full->len == shrt->len &&
			memcmp((const uint32_t *) b->cps.data + full->offset,
				   (const uint32_t *) b->cps.data + shrt->offset,
				   full->len * sizeof(uint32_t)) == 0)
		{
			b->names.count--;	/* short name = full name: index it once */
			return CA_ADDRESS_OK;
		}
		if (ca_adcode_level(code) <= CA_ADCODE_LEVEL_COUNTY)
			return learn_suffix(b, full->offset, full->len, shrt->offset, shrt->len);
	}
	return CA_ADDRESS_OK;
}

ca_address_status
ca_address_add_change(ca_address_builder *b, int64_t old_code, const char *old_name,
					  size_t old_name_len, int64_t new_code, int32_t effective_on)
{
	address_change *c;

	if (!code_is_valid(old_code) || (new_code != 0 && !code_is_valid(new_code)))
		return CA_ADDRESS_BAD_CODE;
	c = growing_push(&b->changes, 1);
	if (c == NULL)
		return CA_ADDRESS_NO_MEMORY;
	c->old_code = old_code;
	c->new_code = new_code;
	c->effective_on = effective_on;
	if (old_name != NULL && old_name_len > 0)
	{
		address_retired *r = growing_push(&b->retired, 1);

		if (r == NULL)
			return CA_ADDRESS_NO_MEMORY;
		r->old_code = old_code;
		return add_name(b, old_name, old_name_len, ADDRESS_NAME_RETIRED_FULL,
						(uint32_t) (b->retired.count - 1), &b->retired_names);
	}
	return CA_ADDRESS_OK;
}

ca_address_status
ca_address_add_term(ca_address_builder *b, const char *term, size_t term_len)
{
	uint32_t	offset;
	size_t		count;
	address_term *t;
	ca_address_status status;

	status = normalized_code_points(b, term, term_len, &b->term_cps, &offset, &count);
	if (status != CA_ADDRESS_OK || count == 0)
		return status;
	t = growing_push(&b->terms, 1);
	if (t == NULL)
		return CA_ADDRESS_NO_MEMORY;
	t->offset = offset;
	t->len = (uint32_t) count;
	return CA_ADDRESS_OK;
}

/* Retired names lose their longest known suffix, keeping two characters. */
static ca_address_status
add_retired_short_names(ca_address_builder *b)
{
	size_t		i,
				j;

	for (i = 0; i < b->retired_names.count; i++)
	{
		pending_name r = ((const pending_name *) b->retired_names.data)[i];
		size_t		best = 0;
		pending_name *name;

		for (j = 0; j < b->suffixes.count; j++)
		{
			const address_term *s = (const address_term *) b->suffixes.data + j;

			if (s->len > best && s->len + ADDRESS_MIN_NAME_CHARS <= r.len &&
				memcmp((const uint32_t *) b->cps.data + r.offset + r.len - s->len,
					   (const uint32_t *) b->suffix_cps.data + s->offset,
					   s->len * sizeof(uint32_t)) == 0)
				best = s->len;
		}
		if (best == 0)
			continue;
		name = growing_push(&b->names, 1);
		if (name == NULL)
			return CA_ADDRESS_NO_MEMORY;
		*name = r;
		name->len = (uint8_t) (r.len - best);
		name->kind = ADDRESS_NAME_RETIRED_SHORT;
	}
	return CA_ADDRESS_OK;
}

/* qsort needs the code points; a static is the price of plain C qsort. */
static const uint32_t *sort_cps;

static int
compare_names(const void *a, const void *b)
{
	const pending_name *x = a,
			   *y = b;
	size_t		n = x->len < y->len ? x->len : y->len;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint32_t	cx = sort_cps[x->offset + i],
					cy = sort_cps[y->offset + i];

		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return 0;
}

typedef struct numbered_division
{
	address_division d;
	uint32_t	added;			/* position in order of addition */
} numbered_division;

static int
compare_divisions(const void *a, const void *b)
{
	const numbered_division *x = a,
			   *y = b;

	if (x->d.code != y->d.code)
		return x->d.code < y->d.code ? -1 : 1;
	return x->added < y->added ? -1 : x->added > y->added;
}

static int
compare_changes(const void *a, const void *b)
{
	const address_change *x = a,
			   *y = b;

	if (x->old_code != y->old_code)
		return x->old_code < y->old_code ? -1 : 1;
	if (x->effective_on != y->effective_on)
		return x->effective_on < y->effective_on ? -1 : 1;
	if (x->new_code != y->new_code)
		return x->new_code < y->new_code ? -1 : 1;
	return 0;
}

static void *
copy_out(const void *data, size_t bytes, size_t *total)
{
	void	   *p = malloc(bytes ? bytes : 1);

	if (p != NULL && bytes)
		memcpy(p, data, bytes);
	*total += bytes;
	return p;
}

void
ca_address_index_free(ca_address_index *index)
{
	if (index == NULL)
		return;
	free(index->divisions);
	free(index->retired);
	free(index->changes);
	free(index->first_edge);
	free(index->edges);
	free(index->first_entry);
	free(index->entries);
	free(index->root_direct);
	free(index->terms);
	free(index->term_cps);
	free(index);
}

/* Sort the divisions by code; remap[added] gives each one's new position. */
static ca_address_status
place_divisions(ca_address_builder *b, ca_address_index *index, uint32_t **remap)
{
	size_t		n = b->divisions.count;
	numbered_division *sorted = malloc((n ? n : 1) * sizeof(numbered_division));
	size_t		i;

	*remap = malloc((n ? n : 1) * sizeof(uint32_t));
	index->divisions = malloc((n ? n : 1) * sizeof(address_division));
	if (sorted == NULL || *remap == NULL || index->divisions == NULL)
	{
		free(sorted);
		return CA_ADDRESS_NO_MEMORY;
	}
	for (i = 0; i < n; i++)
	{
		sorted[i].d = ((const address_division *) b->divisions.data)[i];
		sorted[i].added = (uint32_t) i;
	}
	qsort(sorted, n, sizeof(numbered_division), compare_divisions);
	for (i = 0; i < n; i++)
	{
		index->divisions[i] = sorted[i].d;
		(*remap)[sorted[i].added] = (uint32_t) i;
	}
	index->ndivisions = n;
	index->bytes += n * sizeof(address_division);
	free(sorted);
	return CA_ADDRESS_OK;
}

/*
 * A township's or village's short name that ends in a street term (学院路 of
 * 学院路街道, 南京东路 of 南京东路街道) reads as the street in nearly every
 * address: only the full name (…街道) is taken as the division.  Counties
 * keep theirs (上街 is how 上街区 is written).
 */
static bool
is_street_like(const ca_address_builder *b, const pending_name *name)
{
	size_t		t;

	if (name->kind != ADDRESS_NAME_SHORT ||
		ca_adcode_level(((const address_division *) b->divisions.data)[name->target].code) <
		CA_ADCODE_LEVEL_TOWNSHIP)
		return false;
	for (t = 0; t < b->terms.count; t++)
	{
		const address_term *term = (const address_term *) b->terms.data + t;

		if (term->len < name->len &&
			memcmp((const uint32_t *) b->cps.data + name->offset + name->len - term->len,
				   (const uint32_t *) b->term_cps.data + term->offset,
				   term->len * sizeof(uint32_t)) == 0)
			return true;
	}
	return false;
}

/* Lay the sorted names out as a flat trie (see address_internal.h). */
static ca_address_status
build_trie(ca_address_builder *b, ca_address_index *index, const uint32_t *remap)
{
	size_t		nnames = 0;
	pending_name *names = malloc((b->names.count ? b->names.count : 1) * sizeof(pending_name));
	const uint32_t *cps = b->cps.data;
	uint32_t	path[ADDRESS_MAX_NAME_CHARS + 1];	/* the previous name's nodes */
	growing		parent,
				node_cp;
	uint32_t   *terminal;
	uint32_t   *fill;
	size_t		nnodes,
				i;
	ca_address_status status = CA_ADDRESS_NO_MEMORY;

	growing_init(&parent, sizeof(uint32_t));
	growing_init(&node_cp, sizeof(uint32_t));
	if (names == NULL)
		return CA_ADDRESS_NO_MEMORY;
	for (i = 0; i < b->names.count; i++)
	{
		const pending_name *name = (const pending_name *) b->names.data + i;

		if (!is_street_like(b, name))
			names[nnames++] = *name;
	}
	terminal = malloc((nnames ? nnames : 1) * sizeof(uint32_t));
	if (terminal == NULL || growing_push(&parent, 1) == NULL || growing_push(&node_cp, 1) == NULL)
		goto done;
	((uint32_t *) parent.data)[0] = 0;
	((uint32_t *) node_cp.data)[0] = 0;
	path[0] = 0;

	sort_cps = cps;
	qsort(names, nnames, sizeof(pending_name), compare_names);
	for (i = 0; i < nnames; i++)
	{
		size_t		lcp = 0,
					k;

		if (i > 0)
		{
			const pending_name *prev = &names[i - 1];

			while (lcp < prev->len && lcp < names[i].len &&
				   cps[prev->offset + lcp] == cps[names[i].offset + lcp])
				lcp++;
		}
		for (k = lcp; k < names[i].len; k++)
		{
			uint32_t   *p = growing_push(&parent, 1);
			uint32_t   *c = growing_push(&node_cp, 1);

			if (p == NULL || c == NULL)
				goto done;
			*p = path[k];
			*c = cps[names[i].offset + k];
			path[k + 1] = (uint32_t) (parent.count - 1);
		}
		terminal[i] = path[names[i].len];
	}

	nnodes = parent.count;
	index->nnodes = nnodes;
	index->first_edge = calloc(nnodes + 1, sizeof(uint32_t));
	index->edges = malloc((nnodes ? nnodes : 1) * sizeof(address_edge));
	index->first_entry = calloc(nnodes + 1, sizeof(uint32_t));
	index->entries = malloc((nnames ? nnames : 1) * sizeof(address_entry));
	index->root_direct = calloc(ADDRESS_ROOT_DIRECT, sizeof(uint32_t));
	fill = malloc((nnodes + 1) * sizeof(uint32_t));
	if (!index->first_edge || !index->edges || !index->first_entry || !index->entries ||
		!index->root_direct || !fill)
	{
		free(fill);
		goto done;
	}
	index->bytes += 2 * (nnodes + 1) * sizeof(uint32_t) + nnodes * sizeof(address_edge) +
		nnames * sizeof(address_entry) + ADDRESS_ROOT_DIRECT * sizeof(uint32_t);

	/* Children: count per parent, then place in creation order. */
	for (i = 1; i < nnodes; i++)
		index->first_edge[((uint32_t *) parent.data)[i] + 1]++;
	for (i = 0; i < nnodes; i++)
		index->first_edge[i + 1] += index->first_edge[i];
	memcpy(fill, index->first_edge, (nnodes + 1) * sizeof(uint32_t));
	for (i = 1; i < nnodes; i++)
	{
		uint32_t	p = ((uint32_t *) parent.data)[i];
		uint32_t	cp = ((uint32_t *) node_cp.data)[i];

		index->edges[fill[p]].cp = cp;
		index->edges[fill[p]].child = (uint32_t) i;
		fill[p]++;
		if (p == 0 && cp < ADDRESS_ROOT_DIRECT)
			index->root_direct[cp] = (uint32_t) i;
	}
	free(fill);

	/* Entries: terminal nodes come in non-decreasing order. */
	for (i = 0; i < nnames; i++)
	{
		address_entry *e = &index->entries[i];
		bool		retired = names[i].kind == ADDRESS_NAME_RETIRED_FULL ||
			names[i].kind == ADDRESS_NAME_RETIRED_SHORT;

		e->target = retired ? names[i].target : remap[names[i].target];
		e->kind = names[i].kind;
		e->chars = names[i].len;
		index->first_entry[terminal[i] + 1]++;
	}
	for (i = 0; i < nnodes; i++)
		index->first_entry[i + 1] += index->first_entry[i];
	index->nentries = nnames;
	status = CA_ADDRESS_OK;

done:
	free(names);
	free(parent.data);
	free(node_cp.data);
	free(terminal);
	return status;
}

ca_address_status
ca_address_build(ca_address_builder *b, ca_address_index **out)
{
	ca_address_index *index;
	uint32_t   *remap = NULL;
	ca_address_status status;
	size_t		names_before = b->names.count;

	*out = NULL;
	index = calloc(1, sizeof(ca_address_index));
	if (index == NULL)
		return CA_ADDRESS_NO_MEMORY;
	index->bytes = sizeof(ca_address_index);

	status = add_retired_short_names(b);
	if (status == CA_ADDRESS_OK)
		status = place_divisions(b, index, &remap);
	if (status == CA_ADDRESS_OK)
		status = build_trie(b, index, remap);
	free(remap);
	/* leave the builder as it was given: drop the retired short names added */
	b->names.count = names_before;
	if (status != CA_ADDRESS_OK)
	{
		ca_address_index_free(index);
		return status;
	}

	qsort(b->changes.data, b->changes.count, sizeof(address_change), compare_changes);
	index->nchanges = b->changes.count;
	index->changes = copy_out(b->changes.data, b->changes.count * sizeof(address_change),
							  &index->bytes);
	index->nretired = b->retired.count;
	index->retired = copy_out(b->retired.data, b->retired.count * sizeof(address_retired),
							  &index->bytes);
	index->nterms = b->terms.count;
	index->terms = copy_out(b->terms.data, b->terms.count * sizeof(address_term), &index->bytes);
	index->term_cps = copy_out(b->term_cps.data, b->term_cps.count * sizeof(uint32_t),
							   &index->bytes);
	if (!index->changes || !index->retired || !index->terms || !index->term_cps)
	{
		ca_address_index_free(index);
		return CA_ADDRESS_NO_MEMORY;
	}
	*out = index;
	return CA_ADDRESS_OK;
}

void
ca_address_index_get_stats(const ca_address_index *index, ca_address_index_stats *stats)
{
	stats->divisions = index->ndivisions;
	stats->names = index->nentries;
	stats->nodes = index->nnodes;
	stats->bytes = index->bytes;
}

const address_division *
address_find_division(const ca_address_index *index, int64_t code)
{
	size_t		lo = 0,
				hi = index->ndivisions;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (index->divisions[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < index->ndivisions && index->divisions[lo].code == code)
		return &index->divisions[lo];
	return NULL;
}

const char *
ca_address_status_text(ca_address_status status)
{
	switch (status)
	{
		case CA_ADDRESS_OK:
			return "ok";
		case CA_ADDRESS_INVALID_UTF8:
			return "the text is not valid UTF-8";
		case CA_ADDRESS_CONTROL_CHAR:
			return "the text contains a control character";
		case CA_ADDRESS_TOO_LONG:
			return "the text is too long";
		case CA_ADDRESS_BAD_CODE:
			return "a division code is not a valid code";
		case CA_ADDRESS_NO_MEMORY:
			return "out of memory";
	}
	return "unknown status";
}
