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

/* The fold entry of a code point (< 0x110000): 0 when it stays as it is. */
static inline uint32_t
hanzi_fold(uint32_t cp)
{
	return hanzi_fold_blocks[hanzi_fold_index[cp >> 8]][cp & 0xFF];
}

#endif
