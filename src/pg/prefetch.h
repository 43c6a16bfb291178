/*
 * prefetch.h: asking the processor for a cache line that a later step will
 * need, for the bulk readers whose rows land on random entries of large
 * arrays.  Only a hint: without the compiler's builtin it does nothing.
 */
#ifndef CA_PREFETCH_H
#define CA_PREFETCH_H

#if defined(__GNUC__) || defined(__clang__)
#define ca_prefetch_read(address) __builtin_prefetch((address), 0)
#define ca_prefetch_write(address) __builtin_prefetch((address), 1)
#else
#define ca_prefetch_read(address) ((void) (address))
#define ca_prefetch_write(address) ((void) (address))
#endif

#endif							/* CA_PREFETCH_H */
