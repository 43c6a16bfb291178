/*
 * fuzz_input.h: how the libFuzzer targets of the money kernels read their
 * bytes: one byte chooses between the edges of a figure's range (0, -1,
 * INT64_MAX, INT64_MIN, out-of-range units and enumeration values) and an
 * ordinary range, so that most inputs are valid and reach the arithmetic;
 * a short input reads as zeros.  Also the exact rounding the targets check
 * the kernels against.
 */
#ifndef CA_FUZZ_INPUT_H
#define CA_FUZZ_INPUT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "assessment.h"			/* CA_PPM, ca_rounding_mode */

typedef __int128 i128;

typedef struct input
{
	const unsigned char *p;
	size_t		left;
} input;

static inline unsigned
byte(input *in)
{
	if (in->left == 0)
		return 0;
	in->left--;
	return *in->p++;
}

static inline uint64_t
bytes(input *in, int n)
{
	uint64_t	v = 0;

	while (n-- > 0)
		v = v << 8 | byte(in);
	return v;
}

/* An amount in fen: an edge, or up to a few million yuan. */
static inline int64_t
take_fen(input *in)
{
	switch (byte(in) % 16)
	{
		case 0:
			return 0;
		case 1:
			return -1 - (int64_t) byte(in);
		case 2:
			return INT64_MAX - (int64_t) byte(in);
		case 3:
			return INT64_MIN;
		case 4:
			return INT64_MAX / CA_PPM + 1 - (int64_t) byte(in);
		case 5:
		case 6:
		case 7:
			return (int64_t) byte(in);
		case 8:
		case 9:
		case 10:
		case 11:
			return (int64_t) bytes(in, 2) * 10;
		case 12:
		case 13:
			return (int64_t) bytes(in, 3) * 100;
		case 14:
			return (int64_t) bytes(in, 4);
		default:
			return (int64_t) bytes(in, 8);
	}
}

/*
 * A rate or multiple in ppm: 0, 100%, an edge, or up to 16.7 times.  1 and
 * 10^6 - 1 leave an amount a micro-fen off a whole fen, which is what
 * rounding up must notice.
 */
static inline int64_t
take_ppm(input *in)
{
	switch (byte(in) % 12)
	{
		case 10:
			return CA_PPM - 1;
		case 11:
			return 1;
		case 0:
			return 0;
		case 1:
			return CA_PPM;
		case 2:
			return -1;
		case 3:
			return INT64_MAX;
		case 4:
			return (int64_t) bytes(in, 8);
		case 5:
			return (int64_t) byte(in);
		default:
			return (int64_t) bytes(in, 3);
	}
}

/* An age: an edge, or 0..120. */
static inline int
take_age(input *in)
{
	switch (byte(in) % 16)
	{
		case 0:
			return 0;
		case 1:
			return -1;
		case 2:
			return INT_MAX;
		case 3:
			return INT_MIN;
		default:
			return (int) (byte(in) % 121);
	}
}

/* An enumeration value: mostly 0..count-1, one time in eight count or -1. */
static inline int
take_enum(input *in, int count)
{
	unsigned	b = byte(in);

	if (b >= 224)
		return b & 1 ? count : -1;
	return (int) (b % (unsigned) count);
}

/* n / d rounded by the mode, for n >= 0 and d > 0. */
static inline i128
round_div(i128 n, i128 d, ca_rounding_mode mode)
{
	switch (mode)
	{
		case CA_ROUND_DOWN:
			return n / d;
		case CA_ROUND_UP:
			return (n + d - 1) / d;
		default:
			return (2 * n + d) / (2 * d);
	}
}

/* A rounding unit: mostly 1, 10 or 100 fen, sometimes one no policy may have. */
static inline int64_t
take_unit(input *in)
{
	static const int64_t units[] = {1, 10, 100, 1, 10, 100, 1, 10, 100, 0, -1, 1000, 3, INT64_MAX};

	return units[byte(in) % (sizeof(units) / sizeof(units[0]))];
}

#endif							/* CA_FUZZ_INPUT_H */
