/*
 * address_match.c: read a free-text address against the name index.
 *
 * 1. Normalize the address (placename_normalize) and decode it.
 * 2. From every position, walk the trie; every name that ends on the way is
 *    a mention: a span of the text and the division it names on the day
 *    asked (retired names follow division_change to the code in force).
 * 3. Score chains of mentions that read left to right and nest by code
 *    (each one inside the one before): a chain's score is the sum of its
 *    mentions' weights, which grow with the characters they explain.  The
 *    best chain ending at each mention comes from the best chain ending at
 *    one of the mention's ancestors (at most four codes, found by code
 *    arithmetic) among the mentions that end before it starts, so the whole
 *    search is linear in the number of mentions.
 * 4. The best score wins; when several mentions share it and their codes do
 *    not nest, the address is ambiguous.
 */
#include "address_internal.h"
#include "adcode.h"
#include "placename_normalize.h"

#include <stdlib.h>
#include <string.h>

/*
 * Weights: four points a character, so one more character always beats any
 * difference of kind; then official names over short names, current names
 * over retired ones.
 */
#define WEIGHT_PER_CHAR 4
static const int kind_bonus[4] = {
	[ADDRESS_NAME_FULL] = 2,
	[ADDRESS_NAME_SHORT] = 0,
	[ADDRESS_NAME_RETIRED_FULL] = 1,
	[ADDRESS_NAME_RETIRED_SHORT] = -1,
};

/*
 * Confidence: a rival reading whose score is d points below the best counts
 * as STEP^d of it, so a rival behind by a two-character name (8 points)
 * weighs 0.05 and the answer gets 0.95.  STEP = exp(-3/8).
 */
#define CONFIDENCE_STEP 0.6872892787909722
#define CONFIDENCE_HORIZON 80	/* beyond this many points a rival weighs nothing */

/*
 * Text left unexplained between two names of a chain costs this much a
 * character (less than a character of name earns): 河北承德滦平五道营 must not
 * read as 河北承德 + a 五道营 of another county, skipping 滦平.
 */
#define GAP_PENALTY_PER_CHAR 3

/* Longest retired-name chain followed (as adcode_current does). */
#define MAX_CHANGE_STEPS 32

typedef struct mention
{
	uint32_t	start;			/* code points [start, end) of the text */
	uint32_t	end;
	int64_t		code;
	int32_t		score;			/* best chain ending here */
	int32_t		pred;			/* previous mention of that chain, or -1 */
	int32_t		level;
} mention;

typedef struct map_slot
{
	int64_t		code;
	int32_t		score;			/* a chain's score + GAP_PENALTY_PER_CHAR × its end */
	int32_t		mention;
	uint32_t	stamp;
} map_slot;

typedef struct code_score
{
	int64_t		code;
	int32_t		score;
} code_score;

struct ca_address_scratch
{
	char	   *text;			/* the address with line breaks made spaces */
	size_t		text_size;
	char	   *normalized;
	size_t		normalized_size;
	uint32_t   *cps;			/* code points of the normalized address */
	uint32_t   *offsets;		/* byte offset of each, and one past the end */
	unsigned char *covered;
	size_t		cps_size;
	mention    *mentions;
	size_t		nmentions;
	size_t		mentions_size;
	uint32_t   *pending;		/* mentions not yet usable as predecessors */
	size_t		npending;
	size_t		pending_size;
	map_slot   *map;			/* committed mentions by code */
	size_t		map_size;		/* a power of two */
	size_t		map_used;
	uint32_t	stamp;
	ca_address_candidate *candidates;
	size_t		candidates_size;
	code_score *scores;
	size_t		scores_size;
	char	   *remainder;
	size_t		remainder_size;
};

ca_address_scratch *
ca_address_scratch_new(void)
{
	return calloc(1, sizeof(ca_address_scratch));
}

void
ca_address_scratch_free(ca_address_scratch *s)
{
	if (s == NULL)
		return;
	free(s->text);
	free(s->normalized);
	free(s->cps);
	free(s->offsets);
	free(s->covered);
	free(s->mentions);
	free(s->pending);
	free(s->map);
	free(s->candidates);
	free(s->scores);
	free(s->remainder);
	free(s);
}

/* Make *buf hold at least n elements of size bytes each. */
static bool
ensure(void **buf, size_t *have, size_t n, size_t size)
{
	size_t		want;
	void	   *p;

	if (n <= *have)
		return true;
	want = *have ? *have : 16;
	while (want < n)
		want *= 2;
	p = realloc(*buf, want * size);
	if (p == NULL)
		return false;
	*buf = p;
	*have = want;
	return true;
}

/* ---- the code map: best committed chain per code ---- */

static size_t
map_hash(int64_t code, size_t size)
{
	uint64_t	h = (uint64_t) code * UINT64_C(0x9E3779B97F4A7C15);

	return (size_t) (h >> 32) & (size - 1);
}

static map_slot *
map_find(ca_address_scratch *s, int64_t code)
{
	size_t		i = map_hash(code, s->map_size);

	while (s->map[i].stamp == s->stamp)
	{
		if (s->map[i].code == code)
			return &s->map[i];
		i = (i + 1) & (s->map_size - 1);
	}
	return NULL;
}

static bool
map_reset(ca_address_scratch *s)
{
	if (s->map == NULL)
	{
		s->map_size = 64;
		s->map = calloc(s->map_size, sizeof(map_slot));
		if (s->map == NULL)
			return false;
	}
	s->map_used = 0;
	if (++s->stamp == 0)
	{
		/* wrapped: stamps from four billion calls ago could look current */
		memset(s->map, 0, s->map_size * sizeof(map_slot));
		s->stamp = 1;
	}
	return true;
}

static bool
map_grow(ca_address_scratch *s)
{
	size_t		old_size = s->map_size;
	map_slot   *old = s->map;
	size_t		i;

	s->map = calloc(old_size * 2, sizeof(map_slot));
	if (s->map == NULL)
	{
		s->map = old;
		return false;
	}
	s->map_size = old_size * 2;
	for (i = 0; i < old_size; i++)
		if (old[i].stamp == s->stamp)
		{
			size_t		j = map_hash(old[i].code, s->map_size);

			while (s->map[j].stamp == s->stamp)
				j = (j + 1) & (s->map_size - 1);
			s->map[j] = old[i];
		}
	free(old);
	return true;
}

static bool
map_offer(ca_address_scratch *s, const mention *m, int32_t index)
{
	map_slot   *slot = map_find(s, m->code);
	int32_t		value = m->score + GAP_PENALTY_PER_CHAR * (int32_t) m->end;
	size_t		i;

	if (slot != NULL)
	{
		if (value > slot->score)
		{
			slot->score = value;
			slot->mention = index;
		}
		return true;
	}
	if ((s->map_used + 1) * 2 > s->map_size && !map_grow(s))
		return false;
	i = map_hash(m->code, s->map_size);
	while (s->map[i].stamp == s->stamp)
		i = (i + 1) & (s->map_size - 1);
	s->map[i].code = m->code;
	s->map[i].score = value;
	s->map[i].mention = index;
	s->map[i].stamp = s->stamp;
	s->map_used++;
	return true;
}

/* ---- reading the text ---- */

static uint32_t
child_of(const ca_address_index *index, uint32_t node, uint32_t cp)
{
	uint32_t	lo = index->first_edge[node],
				hi = index->first_edge[node + 1];

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (index->edges[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < index->first_edge[node + 1] && index->edges[lo].cp == cp)
		return index->edges[lo].child;
	return 0;
}

/* The first step from the root: a table read for every common character. */
static uint32_t
root_child(const ca_address_index *index, uint32_t cp)
{
	if (cp < ADDRESS_ROOT_DIRECT)
		return index->root_direct[cp];
	return child_of(index, 0, cp);
}

/* The code a retired name stands for on the day, or 0 when abolished. */
static int64_t
resolve_retired(const ca_address_index *index, int64_t code, int32_t as_of)
{
	int32_t		since = CA_ADDRESS_DAY_MIN;
	int			step;

	for (step = 0; step < MAX_CHANGE_STEPS; step++)
	{
		size_t		lo = 0,
					hi = index->nchanges;
		const address_change *next = NULL;

		while (lo < hi)
		{
			size_t		mid = lo + (hi - lo) / 2;

			if (index->changes[mid].old_code < code)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < index->nchanges && index->changes[lo].old_code == code; lo++)
		{
			const address_change *c = &index->changes[lo];

			if (c->effective_on >= since && c->effective_on <= as_of && c->new_code != code)
			{
				next = c;
				break;
			}
		}
		if (next == NULL)
			return code;
		if (next->new_code == 0)
			return 0;
		code = next->new_code;
		since = next->effective_on;
	}
	return code;
}

/* Does a street term start at position at? */
static bool
term_follows(const ca_address_index *index, const uint32_t *cps, size_t n, size_t at)
{
	size_t		t;

	if (at >= n)
		return false;
	for (t = 0; t < index->nterms; t++)
	{
		const address_term *term = &index->terms[t];
		const uint32_t *tc = index->term_cps + term->offset;

		if (tc[0] == cps[at] && term->len <= n - at &&
			memcmp(tc, cps + at, term->len * sizeof(uint32_t)) == 0)
			return true;
	}
	return false;
}

/* Best chain ending with a mention of code: weight plus the best ancestor. */
static void
score_mention(ca_address_scratch *s, mention *m, int weight)
{
	int			level;

	m->score = weight;
	m->pred = -1;
	for (level = CA_ADCODE_LEVEL_PROVINCE; level < m->level; level++)
	{
		int64_t		ancestor = ca_adcode_ancestor(m->code, level);
		map_slot   *slot;

		if (ancestor < 0 || ancestor == m->code)
			continue;
		slot = map_find(s, ancestor);
		if (slot != NULL)
		{
			int32_t		score = weight + slot->score - GAP_PENALTY_PER_CHAR * (int32_t) m->start;

			if (score > m->score)
			{
				m->score = score;
				m->pred = slot->mention;
			}
		}
	}
}

/* Mentions that ended by position at become possible predecessors. */
static bool
commit_pending(ca_address_scratch *s, size_t at)
{
	size_t		i,
				kept = 0;

	for (i = 0; i < s->npending; i++)
	{
		uint32_t	m = s->pending[i];

		if (s->mentions[m].end <= at)
		{
			if (!map_offer(s, &s->mentions[m], (int32_t) m))
				return false;
		}
		else
			s->pending[kept++] = m;
	}
	s->npending = kept;
	return true;
}

static ca_address_status
add_mention(ca_address_scratch *s, size_t start, size_t end, int64_t code, int weight)
{
	mention    *m;

	if (!ensure((void **) &s->mentions, &s->mentions_size, s->nmentions + 1, sizeof(mention)))
		return CA_ADDRESS_NO_MEMORY;
	m = &s->mentions[s->nmentions];
	m->start = (uint32_t) start;
	m->end = (uint32_t) end;
	m->code = code;
	m->level = ca_adcode_level(code);
	score_mention(s, m, weight);
	/* villages are never anyone's ancestor: no need to keep them for later */
	if (m->level < CA_ADCODE_LEVEL_VILLAGE)
	{
		if (!ensure((void **) &s->pending, &s->pending_size, s->npending + 1, sizeof(uint32_t)))
			return CA_ADDRESS_NO_MEMORY;
		s->pending[s->npending++] = (uint32_t) s->nmentions;
	}
	s->nmentions++;
	return CA_ADDRESS_OK;
}

/* Every name that ends along the trie walk from position start. */
static ca_address_status
find_mentions_at(const ca_address_index *index, ca_address_scratch *s, size_t n,
				 size_t start, int32_t as_of)
{
	const uint32_t *cps = s->cps;
	uint32_t	node = root_child(index, cps[start]);
	size_t		end = start + 1;

	while (node != 0)
	{
		uint32_t	e;

		for (e = index->first_entry[node]; e < index->first_entry[node + 1]; e++)
		{
			const address_entry *entry = &index->entries[e];
			int64_t		code;
			ca_address_status status;

			if (entry->kind == ADDRESS_NAME_FULL || entry->kind == ADDRESS_NAME_SHORT)
			{
				const address_division *d = &index->divisions[entry->target];

				if (as_of < d->valid_from || as_of >= d->valid_to)
					continue;
				code = d->code;
			}
			else
			{
				code = resolve_retired(index, index->retired[entry->target].old_code, as_of);
				if (code == 0)
					continue;
			}
			if ((entry->kind == ADDRESS_NAME_SHORT || entry->kind == ADDRESS_NAME_RETIRED_SHORT) &&
				term_follows(index, cps, n, end))
				continue;
			status = add_mention(s, start, end, code,
								 WEIGHT_PER_CHAR * entry->chars + kind_bonus[entry->kind]);
			if (status != CA_ADDRESS_OK)
				return status;
		}
		if (end >= n)
			break;
		node = child_of(index, node, cps[end]);
		end++;
	}
	return CA_ADDRESS_OK;
}

/* ---- the answer ---- */

static bool
nested(int64_t a, int64_t b)
{
	return ca_adcode_contains(a, b) || ca_adcode_contains(b, a);
}

static int
compare_candidates(const void *a, const void *b)
{
	const ca_address_candidate *x = a,
			   *y = b;

	return x->code < y->code ? -1 : x->code > y->code;
}

/* Distinct codes of the best mentions, each nested group folded into its top. */
static ca_address_status
collect_candidates(ca_address_scratch *s, int32_t best, ca_address_result *r)
{
	size_t		i,
				j,
				n = 0;

	for (i = 0; i < s->nmentions; i++)
	{
		if (s->mentions[i].score != best)
			continue;
		if (!ensure((void **) &s->candidates, &s->candidates_size, n + 1,
					sizeof(ca_address_candidate)))
			return CA_ADDRESS_NO_MEMORY;
		s->candidates[n].code = s->mentions[i].code;
		s->candidates[n].score = best;
		n++;
	}
	/* in code order an ancestor comes before everything it contains */
	qsort(s->candidates, n, sizeof(ca_address_candidate), compare_candidates);
	j = 0;
	for (i = 0; i < n; i++)
	{
		if (j > 0 && ca_adcode_contains(s->candidates[j - 1].code, s->candidates[i].code))
			continue;
		s->candidates[j++] = s->candidates[i];
	}
	r->candidates = s->candidates;
	r->ncandidates = j;
	return CA_ADDRESS_OK;
}

/* Is mention m a shorter reading of words inside one name of the chain? */
static bool
inside_chain(const ca_address_scratch *s, const mention *m, int32_t chain)
{
	for (; chain >= 0; chain = s->mentions[chain].pred)
	{
		const mention *c = &s->mentions[chain];

		if (c->start <= m->start && m->end <= c->end && m->end - m->start < c->end - c->start)
			return true;
	}
	return false;
}

static int
compare_code_scores(const void *a, const void *b)
{
	const code_score *x = a,
			   *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return y->score - x->score;
}

/*
 * 1 / (1 + Σ rivals STEP^(best − rival)), over the best score of each code
 * that does not nest with the answer.  A rival that only reads part of a
 * name the answer read whole (朝阳 in 朝阳区) is no rival.
 */
static ca_address_status
compute_confidence(ca_address_scratch *s, int64_t answer, int32_t best, int32_t chain,
				   double *confidence)
{
	size_t		i,
				n = 0;
	double		rivals = 0;

	if (!ensure((void **) &s->scores, &s->scores_size, s->nmentions ? s->nmentions : 1,
				sizeof(code_score)))
		return CA_ADDRESS_NO_MEMORY;
	for (i = 0; i < s->nmentions; i++)
	{
		const mention *m = &s->mentions[i];

		if (nested(answer, m->code) || best - m->score > CONFIDENCE_HORIZON ||
			inside_chain(s, m, chain))
			continue;
		s->scores[n].code = m->code;
		s->scores[n].score = m->score;
		n++;
	}
	qsort(s->scores, n, sizeof(code_score), compare_code_scores);
	for (i = 0; i < n; i++)
	{
		double		weight = 1;
		int32_t		k;

		if (i > 0 && s->scores[i].code == s->scores[i - 1].code)
			continue;			/* the first of each code is its best */
		for (k = 0; k < best - s->scores[i].score; k++)
			weight *= CONFIDENCE_STEP;
		rivals += weight;
	}
	*confidence = (double) (int) (100.0 / (1.0 + rivals) + 0.5) / 100.0;
	return CA_ADDRESS_OK;
}

/*
 * Province … village of the answer, or of what every candidate shares.
 * Placeholders (Beijing's 市辖区) and zero parts (东莞 has no counties) are
 * left empty.
 */
static void
fill_parts(const ca_address_index *index, const ca_address_result *r, int64_t parts[5])
{
	int			level;

	memset(parts, 0, 5 * sizeof(int64_t));
	if (r->ncandidates == 0)
		return;
	for (level = CA_ADCODE_LEVEL_PROVINCE; level <= CA_ADCODE_LEVEL_VILLAGE; level++)
	{
		int64_t		part = ca_adcode_ancestor(r->candidates[0].code, level);
		const address_division *d;
		size_t		i;

		for (i = 1; i < r->ncandidates; i++)
			if (ca_adcode_ancestor(r->candidates[i].code, level) != part)
				return;
		if (part < 0)
			continue;
		d = address_find_division(index, part);
		if (d == NULL || !d->placeholder)
			parts[level - 1] = part;
	}
}

/* The normalized text without the spans read as names, pieces joined by a space. */
static ca_address_status
build_remainder(ca_address_scratch *s, size_t n, int32_t last, ca_address_result *r)
{
	size_t		i,
				len = 0;
	bool		pending_space = false;

	memset(s->covered, 0, n);
	for (; last >= 0; last = s->mentions[last].pred)
		memset(s->covered + s->mentions[last].start, 1,
			   s->mentions[last].end - s->mentions[last].start);
	if (!ensure((void **) &s->remainder, &s->remainder_size, s->offsets[n] + 1, 1))
		return CA_ADDRESS_NO_MEMORY;
	for (i = 0; i < n; i++)
	{
		bool		space = s->cps[i] == ' ';

		if (s->covered[i] || space)
		{
			if (len > 0)
				pending_space = true;
			continue;
		}
		if (pending_space)
		{
			s->remainder[len++] = ' ';
			pending_space = false;
		}
		memcpy(s->remainder + len, s->normalized + s->offsets[i], s->offsets[i + 1] - s->offsets[i]);
		len += s->offsets[i + 1] - s->offsets[i];
	}
	s->remainder[len] = '\0';
	r->remainder = s->remainder;
	r->remainder_len = len;
	return CA_ADDRESS_OK;
}

/* Copy the text with tabs and line breaks as spaces: addresses span lines. */
static const char *
flatten_lines(ca_address_scratch *s, const char *text, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
			text[i] == '\v' || text[i] == '\f')
			break;
	if (i == len)
		return text;
	if (!ensure((void **) &s->text, &s->text_size, len ? len : 1, 1))
		return NULL;
	for (i = 0; i < len; i++)
	{
		char		c = text[i];

		s->text[i] = (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') ? ' ' : c;
	}
	return s->text;
}

static ca_address_status
normalize_and_decode(ca_address_scratch *s, const char *text, size_t len, size_t *ncps)
{
	size_t		out_len = 0,
				pos = 0,
				n = 0;
	ca_address_status status;

	text = flatten_lines(s, text, len);
	if (text == NULL)
		return CA_ADDRESS_NO_MEMORY;
	if (!ensure((void **) &s->normalized, &s->normalized_size, PLACENAME_NORMALIZE_MAX(len) + 1, 1))
		return CA_ADDRESS_NO_MEMORY;
	status = address_status_of(placename_normalize(text, len, s->normalized, &out_len));
	if (status != CA_ADDRESS_OK)
		return status;
	if (!ensure((void **) &s->cps, &s->cps_size, out_len + 1, sizeof(uint32_t)))
		return CA_ADDRESS_NO_MEMORY;
	/* the same capacity for the arrays indexed alike */
	{
		void	   *offsets = realloc(s->offsets, s->cps_size * sizeof(uint32_t));
		void	   *covered;

		if (offsets == NULL)
			return CA_ADDRESS_NO_MEMORY;
		s->offsets = offsets;
		covered = realloc(s->covered, s->cps_size);
		if (covered == NULL)
			return CA_ADDRESS_NO_MEMORY;
		s->covered = covered;
	}
	while (pos < out_len)
	{
		size_t		step = address_decode((const unsigned char *) s->normalized + pos,
											   out_len - pos, &s->cps[n]);

		if (step == 0)
			return CA_ADDRESS_INVALID_UTF8;
		s->offsets[n++] = (uint32_t) pos;
		pos += step;
	}
	s->offsets[n] = (uint32_t) out_len;
	*ncps = n;
	return CA_ADDRESS_OK;
}

ca_address_status
ca_address_match(const ca_address_index *index, ca_address_scratch *s, const char *text,
				 size_t len, int32_t as_of, unsigned flags, ca_address_result *r)
{
	size_t		n = 0,
				i;
	int32_t		best = 0,
				winner = -1;
	ca_address_status status;

	memset(r, 0, sizeof(*r));
	r->remainder = "";
	if (len > CA_ADDRESS_MAX_BYTES)
		return CA_ADDRESS_TOO_LONG;
	status = normalize_and_decode(s, text, len, &n);
	if (status != CA_ADDRESS_OK)
		return status;
	s->nmentions = 0;
	s->npending = 0;
	if (!map_reset(s))
		return CA_ADDRESS_NO_MEMORY;

	for (i = 0; i < n; i++)
	{
		if (s->npending > 0 && !commit_pending(s, i))
			return CA_ADDRESS_NO_MEMORY;
		status = find_mentions_at(index, s, n, i, as_of);
		if (status != CA_ADDRESS_OK)
			return status;
	}

	for (i = 0; i < s->nmentions; i++)
		if (s->mentions[i].score > best)
			best = s->mentions[i].score;
	if (best > 0)
	{
		status = collect_candidates(s, best, r);
		if (status != CA_ADDRESS_OK)
			return status;
		r->score = best;
		r->outcome = r->ncandidates == 1 ? CA_ADDRESS_FOUND : CA_ADDRESS_AMBIGUOUS;
		if (r->outcome == CA_ADDRESS_FOUND)
			r->code = r->candidates[0].code;
	}
	if (!(flags & CA_ADDRESS_WANT_DETAILS))
		return CA_ADDRESS_OK;

	/* the chain read: the answer's, or the first candidate's for confidence */
	if (r->outcome != CA_ADDRESS_NONE)
		for (i = 0; i < s->nmentions && winner < 0; i++)
			if (s->mentions[i].score == best && s->mentions[i].code == r->candidates[0].code)
				winner = (int32_t) i;
	fill_parts(index, r, r->parts);
	status = build_remainder(s, n, r->outcome == CA_ADDRESS_FOUND ? winner : -1, r);
	if (status == CA_ADDRESS_OK && r->outcome != CA_ADDRESS_NONE)
		status = compute_confidence(s, r->candidates[0].code, best, winner, &r->confidence);
	return status;
}
