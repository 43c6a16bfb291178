/*
 * sha256.h: SHA-256 (FIPS 180-4, section 6.2), plain C kernel.
 *
 * The audit chain hashes every entry it appends; having the hash here rather
 * than borrowing the server's lets the unit tests check it against the
 * published test vectors and recompute a whole chain without a server, and
 * gives the same digest whether or not the server was built with OpenSSL.
 *
 * No PostgreSQL headers here: this file is linked into the extension, the
 * unit tests and the fuzz targets alike.
 */
#ifndef CA_SHA256_H
#define CA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CA_SHA256_DIGEST_SIZE 32
#define CA_SHA256_BLOCK_SIZE 64

typedef struct ca_sha256
{
	uint32_t	state[8];
	uint64_t	length;			/* bytes hashed so far */
	unsigned char block[CA_SHA256_BLOCK_SIZE];
	size_t		filled;			/* bytes waiting in block */
} ca_sha256;

void		ca_sha256_init(ca_sha256 *ctx);
void		ca_sha256_update(ca_sha256 *ctx, const void *data, size_t size);
void		ca_sha256_final(ca_sha256 *ctx, unsigned char digest[CA_SHA256_DIGEST_SIZE]);

/*
 * Whether the compression function runs on the processor's SHA extensions
 * (x86-64): chosen on first use, the fastest the processor has.  set asks
 * for them (1) or for the portable code (0), for the tests that compare
 * the two, and returns what is in use.  Not thread-safe; nothing here is.
 */
int			ca_sha256_set_accelerated(int wanted);
int			ca_sha256_accelerated(void);

/* One call for a whole message. */
void		ca_sha256_digest(const void *data, size_t size, unsigned char digest[CA_SHA256_DIGEST_SIZE]);

#endif
