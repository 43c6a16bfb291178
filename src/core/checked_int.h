/*
 * checked_int.h: int64 arithmetic that reports overflow instead of wrapping,
 * for the money kernels.  Each returns false when the true result does not
 * fit in int64.
 */
#ifndef CA_CHECKED_INT_H
#define CA_CHECKED_INT_H

#include <stdbool.h>
#include <stdint.h>

static inline bool
mul64(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

static inline bool
add64(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

static inline bool
sub64(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_sub_overflow(a, b, out);
}

#endif							/* CA_CHECKED_INT_H */
