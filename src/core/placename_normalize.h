/*
 * placename_normalize.h: the normalized form of a place name, plain C.
 *
 * Normalizing folds full-width forms, Kangxi radicals and compatibility
 * ideographs to their ordinary characters, traditional characters to
 * simplified ones (never a character of the 2013 General Standard list, so
 * 乾县 stays 乾县), unifies middle dots, dashes and brackets, removes
 * invisible characters, and drops spaces except a single one between two
 * ASCII letters or digits.  The result is idempotent.
 *
 * Allocation-free and thread-agnostic: the tables are constant, generated at
 * build time (build/hanzi_tables.c).  No PostgreSQL headers here.
 */
#ifndef CA_PLACENAME_NORMALIZE_H
#define CA_PLACENAME_NORMALIZE_H

#include <stddef.h>

typedef enum
{
	PLACENAME_OK = 0,
	PLACENAME_INVALID_UTF8,
	PLACENAME_CONTROL_CHAR,
	PLACENAME_TOO_LONG
} placename_status;

/*
 * The longest input accepted, in bytes.  A technical bound, far above any
 * place name or postal address, that keeps output buffers small and sizes
 * far from overflow.
 */
#define PLACENAME_MAX_INPUT 65536

/*
 * Room the output needs for len input bytes.  Each input character becomes
 * at most one character: ASCII stays ASCII, and a 2-byte character becomes
 * at most 4 bytes, so the output is never more than twice the input.
 */
#define PLACENAME_NORMALIZE_MAX(len) (2 * (size_t) (len) + 4)

/* out must have room for PLACENAME_NORMALIZE_MAX(len) bytes; *out_len
 * receives the normalized length (no NUL added) */
placename_status placename_normalize(const char *in, size_t len, char *out, size_t *out_len);

/* English description of a status, for error details and tests. */
const char *placename_status_text(placename_status status);

/* Where the first bad byte was found by the last failing call is not kept
 * (the kernel has no state); this gives it on demand, for error messages. */
size_t		placename_first_bad_byte(const char *in, size_t len);

#endif
