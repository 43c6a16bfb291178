/*
 * hanzi_tables.h: the character tables generated at build time by
 * scripts/gen-hanzi-tables.awk from the Unicode Character Database and Unihan
 * (build/hanzi_tables.c).  Plain C, no PostgreSQL headers.
 */
#ifndef CA_HANZI_TABLES_H
#define CA_HANZI_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* One index entry per 256 code points, up to U+10FFFF. */
#define HANZI_FOLD_INDEX_SIZE 4352

/* Values of a fold entry other than a replacement code point. */
#define FOLD_SPACE 0xFFFFFFFEu		/* a space separator */
#define FOLD_DROP  0xFFFFFFFFu		/* an invisible character, removed */

extern const uint16_t hanzi_fold_index[HANZI_FOLD_INDEX_SIZE];
extern const uint32_t hanzi_fold_blocks[][256];
extern const size_t hanzi_standard_count;

/*
 * Readings.  A reading code is syllable * 8 + tone: syllable numbers index
 * hanzi_syllables (ASCII, v for ü, sorted, 0 unused); tone is 1-4, or 5 for
 * the neutral tone.  Syllable 0 means no reading is known.
 */
#define HANZI_SYLLABLE(code) (((code) & 0x7FFF) >> 3)
#define HANZI_TONE(code) ((code) & 7)
#define HANZI_PHRASE_START 0x8000	/* a place-name reading begins here */
#define HANZI_PHRASE_MAX 12

extern const int hanzi_syllable_count;
extern const char *const hanzi_syllables[];
extern const uint16_t hanzi_reading_index[HANZI_FOLD_INDEX_SIZE];
extern const uint16_t hanzi_reading_blocks[][256];

static inline uint16_t
hanzi_reading(uint32_t cp)
{
	return hanzi_reading_blocks[hanzi_reading_index[cp >> 8]][cp & 0xFF];
}

/* The 2013 General Standard Chinese Characters list, as a bitmap. */
#define HANZI_STANDARD_WORDS 8192
extern const uint32_t hanzi_standard_bits[HANZI_STANDARD_WORDS];

static inline int
hanzi_is_standard(uint32_t cp)
{
	return cp < 32 * HANZI_STANDARD_WORDS &&
		(hanzi_standard_bits[cp >> 5] >> (cp & 31)) & 1;
}

/* A word of a place name read otherwise than its characters (六安 lu4 an1),
 * from data/placename_reading.csv; sorted by bytes. */
typedef struct hanzi_phrase
{
	const char *text;
	unsigned char len;			/* bytes */
	unsigned char nsyllables;	/* = characters */
	uint16_t	codes[HANZI_PHRASE_MAX];
} hanzi_phrase;

extern const int hanzi_phrase_count;
extern const hanzi_phrase hanzi_phrases[];

/* Generic parts and attributes, from data/placename_generic.csv, grouped by
 * their last character (sorted by its bytes), longest first in a group. */
typedef enum
{
	GENERIC_GENERIC = 1,		/* 县, 自治区, 路: the generic part */
	GENERIC_ATTRIBUTE,			/* 壮族, 左翼: a word of its own before it */
	GENERIC_EXCEPTION			/* 万柏林区: a name that splits otherwise */
} hanzi_generic_kind;

typedef struct hanzi_generic
{
	const char *text;
	unsigned char len;			/* bytes */
	unsigned char last_len;		/* bytes of the last character */
	unsigned char generic_len;	/* EXCEPTION: bytes of its generic part */
	unsigned char inner_break;	/* a word break this many bytes in, or 0 */
	hanzi_generic_kind kind;
} hanzi_generic;

extern const int hanzi_generic_count;
extern const hanzi_generic hanzi_generics[];

/* The fold entry of a code point (< 0x110000): 0 when it stays as it is. */
static inline uint32_t
hanzi_fold(uint32_t cp)
{
	return hanzi_fold_blocks[hanzi_fold_index[cp >> 8]][cp & 0xFF];
}

#endif
