/*
 * address.h: free-text address → administrative division, plain C kernel.
 *
 * Two halves.  The builder turns the division table, the division changes
 * and a list of street terms into a compact, read-only name
 * index (a code-point trie over every full name, every short name and every
 * retired name).  The matcher finds every indexed name in a normalized
 * address, then picks the best chain of names that nest (province ⊇
 * prefecture ⊇ county ⊇ township ⊇ village, left to right) by a score that
 * grows with the characters the chain explains.  Two chains that tie and
 * disagree make the address ambiguous: the matcher says so instead of
 * guessing.  docs/address.md explains the score.
 *
 * Names and addresses both go through placename_normalize, so width,
 * traditional characters, spaces and punctuation never stop a match.
 *
 * No PostgreSQL headers: linked into the extension, the unit tests and the
 * fuzz target alike.  Memory comes from malloc; every allocation failure is
 * reported as CA_ADDRESS_NO_MEMORY, never a crash.
 */
#ifndef CA_ADDRESS_H
#define CA_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dates are day numbers (any epoch, the caller's); these bound open ranges. */
#define CA_ADDRESS_DAY_MIN INT32_MIN
#define CA_ADDRESS_DAY_MAX INT32_MAX

/* The longest address the matcher takes, in bytes of UTF-8. */
#define CA_ADDRESS_MAX_BYTES 8192

typedef enum ca_address_status
{
	CA_ADDRESS_OK = 0,
	CA_ADDRESS_INVALID_UTF8,	/* the text is not UTF-8 */
	CA_ADDRESS_CONTROL_CHAR,	/* a control character other than tab or line breaks */
	CA_ADDRESS_TOO_LONG,		/* longer than CA_ADDRESS_MAX_BYTES (or a name too long) */
	CA_ADDRESS_BAD_CODE,		/* a division or change with an impossible code */
	CA_ADDRESS_NO_MEMORY
} ca_address_status;

/* What the matcher made of an address. */
typedef enum ca_address_outcome
{
	CA_ADDRESS_NONE = 0,		/* no division named */
	CA_ADDRESS_FOUND,			/* one best reading */
	CA_ADDRESS_AMBIGUOUS		/* two or more best readings that disagree */
} ca_address_outcome;

typedef struct ca_address_builder ca_address_builder;
typedef struct ca_address_index ca_address_index;
typedef struct ca_address_scratch ca_address_scratch;

/* ---- building ---- */

extern ca_address_builder *ca_address_builder_new(void);
extern void ca_address_builder_free(ca_address_builder *builder);

/*
 * A division: 12-digit code, official and short name (UTF-8, not
 * normalized), whether it is an NBS placeholder (indexed by code only, never
 * by name), and its validity [valid_from, valid_to) in day numbers.
 */
extern ca_address_status ca_address_add_division(ca_address_builder *builder, int64_t code,
												 const char *name, size_t name_len,
												 const char *short_name, size_t short_len,
												 bool placeholder,
												 int32_t valid_from, int32_t valid_to);

/*
 * A division change: from effective_on, old_code is replaced by new_code
 * (0 when abolished).  old_name, the name before the change, becomes a
 * retired name that resolves, on any date, to the code in force then.
 */
extern ca_address_status ca_address_add_change(ca_address_builder *builder, int64_t old_code,
											   const char *old_name, size_t old_name_len,
											   int64_t new_code, int32_t effective_on);

/*
 * A street term (路, 大道, 巷, …): a short name directly followed
 * by one is part of a street or place name (中山路, 广西北路), not a division.
 */
extern ca_address_status ca_address_add_term(ca_address_builder *builder,
											 const char *term, size_t term_len);

/* Build the index.  The builder is left as it was and must still be freed. */
extern ca_address_status ca_address_build(ca_address_builder *builder,
										  ca_address_index **index);

extern void ca_address_index_free(ca_address_index *index);

typedef struct ca_address_index_stats
{
	size_t		divisions;		/* rows given, placeholders included */
	size_t		names;			/* names indexed (full, short, retired) */
	size_t		nodes;			/* trie nodes */
	size_t		bytes;			/* memory held by the index */
} ca_address_index_stats;

extern void ca_address_index_get_stats(const ca_address_index *index,
									   ca_address_index_stats *stats);

/* ---- matching ---- */

/* Working memory for ca_address_match, reused from call to call. */
extern ca_address_scratch *ca_address_scratch_new(void);
extern void ca_address_scratch_free(ca_address_scratch *scratch);

typedef struct ca_address_candidate
{
	int64_t		code;
	int32_t		score;
} ca_address_candidate;

/* What to compute beyond the outcome and the code. */
#define CA_ADDRESS_WANT_DETAILS		0x1	/* parts, remainder, confidence */

typedef struct ca_address_result
{
	ca_address_outcome outcome;
	int64_t		code;			/* FOUND: the most specific division named; else 0 */
	int32_t		score;			/* score of the best reading; 0 for NONE */

	/* Best readings, nested ones folded into the shallowest, best first. */
	const ca_address_candidate *candidates;
	size_t		ncandidates;

	/* With CA_ADDRESS_WANT_DETAILS: */
	int64_t		parts[5];		/* province … village of code (FOUND) or of what
								 * all candidates share (AMBIGUOUS); 0 = none */
	const char *remainder;		/* the normalized address without the names read */
	size_t		remainder_len;
	double		confidence;		/* 0 … 1, see docs/address.md */
} ca_address_result;

/*
 * Read an address (UTF-8, not necessarily NUL-terminated) as of a day.
 * The pointers in *result stay valid until the next call with the same
 * scratch.
 */
extern ca_address_status ca_address_match(const ca_address_index *index,
										  ca_address_scratch *scratch,
										  const char *text, size_t len, int32_t as_of,
										  unsigned flags, ca_address_result *result);

/* English text of a status, for error messages and tests. */
extern const char *ca_address_status_text(ca_address_status status);

#endif							/* CA_ADDRESS_H */
