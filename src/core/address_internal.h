/*
 * address_internal.h: the layout of the address name index, shared by its
 * builder (address_index.c) and the matcher (address_match.c).  Not part of
 * the kernel's interface.
 *
 * The index is a trie over Unicode code points, stored flat: node i's
 * children are edges[first_edge[i] .. first_edge[i + 1]), sorted by code
 * point, and the names ending at node i are entries[first_entry[i] ..
 * first_entry[i + 1]).  The root's children in the Basic Multilingual Plane
 * (every common Han character) are also in a direct table, so the first
 * step from each position of an address costs one array read.
 */
#ifndef CA_ADDRESS_INTERNAL_H
#define CA_ADDRESS_INTERNAL_H

#include "address.h"
#include "placename_normalize.h"
#include "utf8.h"

/* Shorter names (one character) say too little to be read as a division. */
#define ADDRESS_MIN_NAME_CHARS 2

/* Longest name indexed, in characters; longer rows are refused. */
#define ADDRESS_MAX_NAME_CHARS 64

#define ADDRESS_ROOT_DIRECT 0x10000

/* How a name relates to the division it names. */
typedef enum address_name_kind
{
	ADDRESS_NAME_FULL = 0,		/* official name */
	ADDRESS_NAME_SHORT,			/* generic suffix dropped */
	ADDRESS_NAME_RETIRED_FULL,	/* name before a division change */
	ADDRESS_NAME_RETIRED_SHORT	/* the same, suffix dropped */
} address_name_kind;

typedef struct address_edge
{
	uint32_t	cp;
	uint32_t	child;
} address_edge;

/* A name ending at a trie node: a division, or a retired name. */
typedef struct address_entry
{
	uint32_t	target;			/* index into divisions, or into retired */
	uint8_t		kind;			/* address_name_kind */
	uint8_t		chars;			/* length of the name in code points */
} address_entry;

typedef struct address_division
{
	int64_t		code;
	int32_t		valid_from;
	int32_t		valid_to;
	uint8_t		placeholder;
} address_division;

typedef struct address_retired
{
	int64_t		old_code;
} address_retired;

/* A division change, sorted by (old_code, effective_on, new_code). */
typedef struct address_change
{
	int64_t		old_code;
	int64_t		new_code;		/* 0: abolished */
	int32_t		effective_on;
} address_change;

/* A street term, as code points. */
typedef struct address_term
{
	uint32_t	offset;			/* into term_cps */
	uint32_t	len;
} address_term;

struct ca_address_index
{
	size_t		ndivisions;		/* sorted by code */
	address_division *divisions;
	size_t		nretired;
	address_retired *retired;
	size_t		nchanges;
	address_change *changes;
	size_t		nnodes;
	uint32_t   *first_edge;		/* nnodes + 1 */
	address_edge *edges;
	uint32_t   *first_entry;	/* nnodes + 1 */
	address_entry *entries;
	size_t		nentries;
	uint32_t   *root_direct;	/* ADDRESS_ROOT_DIRECT children of the root, 0 = none */
	size_t		nterms;
	address_term *terms;
	uint32_t   *term_cps;
	size_t		bytes;
};

/* Decode one UTF-8 character at s (n > 0 bytes left); 0 when invalid. */
static inline size_t
address_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80)
	{
		*cp = s[0];
		return 1;
	}
	return (size_t) utf8_decode_multi(s, n, cp);
}

/* The kernel's status for the normalizer's. */
static inline ca_address_status
address_status_of(placename_status status)
{
	switch (status)
	{
		case PLACENAME_OK:
			return CA_ADDRESS_OK;
		case PLACENAME_INVALID_UTF8:
			return CA_ADDRESS_INVALID_UTF8;
		case PLACENAME_CONTROL_CHAR:
			return CA_ADDRESS_CONTROL_CHAR;
		case PLACENAME_TOO_LONG:
			break;
	}
	return CA_ADDRESS_TOO_LONG;
}

/* The division with this code, or NULL. */
extern const address_division *address_find_division(const ca_address_index *index,
													 int64_t code);

#endif							/* CA_ADDRESS_INTERNAL_H */
