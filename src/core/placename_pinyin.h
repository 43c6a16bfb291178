/*
 * placename_pinyin.h: splitting and romanizing normalized place names,
 * plain C, no PostgreSQL headers.
 *
 * Both take the output of placename_normalize(): valid UTF-8 without control
 * characters.  Allocation-free and thread-agnostic; the tables are generated
 * at build time (build/hanzi_tables.c) from Unihan and data/.
 */
#ifndef CA_PLACENAME_PINYIN_H
#define CA_PLACENAME_PINYIN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The parts of a name: specific = name[0, specific_len), then the attributes
 * (ethnic names, 左翼) and the generic part = name[generic_start, len), both
 * empty when no generic part is found.  A name that is nothing but a generic
 * term (路) is all specific: a name needs a specific part.
 */
typedef struct placename_parts
{
	size_t		specific_len;
	size_t		generic_start;	/* start of the last word, the generic part */
	int			nbreaks;		/* word breaks between specific and end */
	size_t		breaks[8];		/* their byte offsets, ascending */
} placename_parts;

void		placename_split(const char *name, size_t len, placename_parts *parts);

/*
 * Room the romanization of len normalized bytes needs: a Han character of 3
 * or 4 bytes gives at most 9 (zhuāng, an apostrophe, a space), any other
 * character at most itself and a space.
 */
#define PLACENAME_PINYIN_MAX(len) (4 * (size_t) (len) + 8)

/*
 * Romanize a normalized name in the national style for place names: the
 * specific part one word, each attribute and the generic part words of their
 * own, each capitalized; an apostrophe before a, o, e starting a syllable
 * inside a word; tone marks when tones is true.  Returns the length written.
 */
size_t		placename_pinyin(const char *name, size_t len, bool tones, char *out);

/* The reading of each Han character in order, as "lu4 an1" (tone numbers,
 * v for ü, 5 for the neutral tone), for tests and for checking the table. */
size_t		placename_readings(const char *name, size_t len, char *out);

#endif
