/*
 * adcode.h: administrative-division codes (行政区划代码), plain C kernel.
 *
 * A code is held as the 12-digit NBS statistical number with trailing zero
 * groups filled in: 45 → 450000000000, 450107 → 450107000000,
 * 450107001 → 450107001000.  Numeric order of that form keeps every
 * division's descendants in one contiguous range, which is what makes
 * containment a btree range scan.
 *
 * No PostgreSQL headers here: this file is linked into the extension, the
 * unit tests and the fuzz targets alike.
 */
#ifndef CA_ADCODE_H
#define CA_ADCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CA_ADCODE_LEVEL_PROVINCE	1
#define CA_ADCODE_LEVEL_PREFECTURE	2
#define CA_ADCODE_LEVEL_COUNTY		3
#define CA_ADCODE_LEVEL_TOWNSHIP	4
#define CA_ADCODE_LEVEL_VILLAGE		5

/* The longest canonical text form (12 digits) plus its terminator. */
#define CA_ADCODE_TEXT_SIZE 13

typedef enum ca_adcode_status
{
	CA_ADCODE_OK = 0,
	CA_ADCODE_EMPTY,			/* nothing but spaces */
	CA_ADCODE_NOT_DIGIT,		/* a character other than 0-9 */
	CA_ADCODE_BAD_LENGTH,		/* not 2, 4, 6, 9 or 12 digits */
	CA_ADCODE_BAD_PROVINCE,		/* first two digits name no province */
	CA_ADCODE_ORPHAN_PART,		/* a non-zero part under a zero part */
	CA_ADCODE_OUT_OF_RANGE		/* a number that no 12-digit code gives */
} ca_adcode_status;

typedef struct ca_adcode_error
{
	ca_adcode_status status;
	size_t		position;		/* 0-based offset of the offending character */
	size_t		digits;			/* number of digits seen (BAD_LENGTH) */
	int			level;			/* the level whose part is orphaned */
} ca_adcode_error;

/*
 * Parse text (not necessarily NUL-terminated) into a code.  Leading and
 * trailing ASCII spaces are ignored, because fixed-width CHAR columns from
 * ODBC clients arrive padded.  Returns true on success; on failure fills *err.
 */
extern bool ca_adcode_parse(const char *text, size_t len, int64_t *code,
							ca_adcode_error *err);

/* Check a 12-digit number (from bigint or binary input) the same way. */
extern bool ca_adcode_check(int64_t code, ca_adcode_error *err);

/* Canonical shortest text: 6 digits for levels 1-3, 9 for 4, 12 for 5. */
extern size_t ca_adcode_format(int64_t code, char buf[CA_ADCODE_TEXT_SIZE]);

/* English description of a failed parse, for error details and tests. */
extern const char *ca_adcode_status_text(ca_adcode_status status);

extern bool ca_adcode_is_province_code(int province);

/* 1 province … 5 village: the depth of the deepest non-zero part. */
extern int	ca_adcode_level(int64_t code);

/* The code cut to the given level's digits, or -1 when that part is zero or
 * deeper than the code itself (a township of 东莞 has no county). */
extern int64_t ca_adcode_ancestor(int64_t code, int level);

/* The code with its deepest non-zero part cleared; -1 for a province. */
extern int64_t ca_adcode_parent(int64_t code);

/* True when descendant lies within ancestor's subtree (or equals it). */
extern bool ca_adcode_contains(int64_t ancestor, int64_t descendant);

/* The half-open range [*lower, *upper) of 12-digit numbers in the subtree. */
extern void ca_adcode_subtree(int64_t code, int64_t *lower, int64_t *upper);

#endif							/* CA_ADCODE_H */
