/*
 * sha256.c: SHA-256 as FIPS 180-4 specifies it: padding (5.1.1), the
 * initial hash value (5.3.3), the constants (4.2.2) and the compression
 * function (6.2.2).  Byte order is fixed (big-endian words), so the code
 * does not depend on the machine's.
 *
 * On x86-64 processors with the SHA extensions (Intel since Goldmont and
 * Ice Lake, AMD since Zen) the compression function runs on them instead:
 * the audit chain hashes every entry it appends, and the instructions do
 * a block in a fraction of the portable code's time.  Both compute the
 * same function; the unit tests run the published vectors and random
 * messages through each, and the fuzz target compares them.
 */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CA_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

/* 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

static void
compress_block(uint32_t state[8], const unsigned char *block)
{
	uint32_t	w[64];
	uint32_t	a, b, c, d, e, f, g, h;
	int			t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t) block[4 * t] << 24 | (uint32_t) block[4 * t + 1] << 16 |
			(uint32_t) block[4 * t + 2] << 8 | (uint32_t) block[4 * t + 3];
	for (t = 16; t < 64; t++)
		w[t] = SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) + w[t - 16];

	a = state[0]; b = state[1]; c = state[2]; d = state[3];
	e = state[4]; f = state[5]; g = state[6]; h = state[7];
	for (t = 0; t < 64; t++)
	{
		uint32_t	t1 = h + BSIG1(e) + CH(e, f, g) + round_constants[t] + w[t];
		uint32_t	t2 = BSIG0(a) + MAJ(a, b, c);

		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	state[0] += a; state[1] += b; state[2] += c; state[3] += d;
	state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void
compress_portable(uint32_t state[8], const unsigned char *blocks, size_t count)
{
	for (; count > 0; count--, blocks += CA_SHA256_BLOCK_SIZE)
		compress_block(state, blocks);
}

#ifdef CA_SHA256_X86
/*
 * The SHA extensions keep the eight working variables as two vectors,
 * (a, b, e, f) and (c, d, g, h), highest lane first; sha256rnds2 does two
 * rounds, sha256msg1 and sha256msg2 the two halves of the message schedule
 * (6.2.2 step 1) four words at a time.
 */
__attribute__((target("sha,ssse3,sse4.1")))
static void
compress_x86(uint32_t state[8], const unsigned char *blocks, size_t count)
{
	/* Each 32-bit lane's bytes reversed: the message words are big-endian. */
	const __m128i big_endian = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i		abcd = _mm_loadu_si128((const __m128i *) &state[0]);
	__m128i		efgh = _mm_loadu_si128((const __m128i *) &state[4]);
	__m128i		abef, cdgh;

	abcd = _mm_shuffle_epi32(abcd, 0xB1);	/* lanes b a d c */
	efgh = _mm_shuffle_epi32(efgh, 0x1B);	/* lanes h g f e */
	abef = _mm_alignr_epi8(abcd, efgh, 8);	/* lanes f e b a */
	cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);	/* lanes h g d c */

	for (; count > 0; count--, blocks += CA_SHA256_BLOCK_SIZE)
	{
		__m128i		abef_before = abef;
		__m128i		cdgh_before = cdgh;
		/* The schedule's last sixteen words, four to a vector, in registers. */
		__m128i		w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (blocks + 0)), big_endian);
		__m128i		w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (blocks + 16)), big_endian);
		__m128i		w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (blocks + 32)), big_endian);
		__m128i		w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (blocks + 48)), big_endian);
		int			group;

/* Four rounds with the words w and the constants of group g. */
#define ROUNDS4(w, g) \
		do { \
			__m128i		wk = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *) &round_constants[4 * (g)])); \
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk); \
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E)); \
		} while (0)
/* The next four words in place of the oldest, a: w[t] = SSIG1(w[t-2]) + w[t-7] + SSIG0(w[t-15]) + w[t-16]. */
#define SCHEDULE(a, b, c, d) \
		(a) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((a), (b)), _mm_alignr_epi8((d), (c), 4)), (d))

		/*
		 * Unrolled, so that the sixteen words stay in registers; with an
		 * array indexed by group & 3 they went through the stack.
		 */
		ROUNDS4(w0, 0);
		ROUNDS4(w1, 1);
		ROUNDS4(w2, 2);
		ROUNDS4(w3, 3);
		for (group = 4; group < 16; group += 4)
		{
			SCHEDULE(w0, w1, w2, w3);
			ROUNDS4(w0, group);
			SCHEDULE(w1, w2, w3, w0);
			ROUNDS4(w1, group + 1);
			SCHEDULE(w2, w3, w0, w1);
			ROUNDS4(w2, group + 2);
			SCHEDULE(w3, w0, w1, w2);
			ROUNDS4(w3, group + 3);
		}
#undef ROUNDS4
#undef SCHEDULE
		abef = _mm_add_epi32(abef, abef_before);
		cdgh = _mm_add_epi32(cdgh, cdgh_before);
	}

	abcd = _mm_shuffle_epi32(abef, 0x1B);	/* lanes a b e f */
	efgh = _mm_shuffle_epi32(cdgh, 0xB1);	/* lanes g h c d */
	_mm_storeu_si128((__m128i *) &state[0], _mm_blend_epi16(abcd, efgh, 0xF0));	/* a b c d */
	_mm_storeu_si128((__m128i *) &state[4], _mm_alignr_epi8(efgh, abcd, 8));	/* e f g h */
}

static int
x86_has_sha(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)
		|| !(ecx & (1u << 9))	/* SSSE3 */
		|| !(ecx & (1u << 19)))	/* SSE4.1 */
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, eax, ebx, ecx, edx);
	return (ebx & (1u << 29)) != 0;	/* SHA */
}
#endif

typedef void (*compress_function) (uint32_t state[8], const unsigned char *blocks, size_t count);

static compress_function compress_chosen;

static compress_function
compress_now(void)
{
	if (compress_chosen == NULL)
		ca_sha256_set_accelerated(1);
	return compress_chosen;
}

int
ca_sha256_set_accelerated(int wanted)
{
	compress_chosen = compress_portable;
#ifdef CA_SHA256_X86
	if (wanted && x86_has_sha())
		compress_chosen = compress_x86;
#endif
	return ca_sha256_accelerated();
}

int
ca_sha256_accelerated(void)
{
	return compress_now() != compress_portable;
}

#define compress(state, blocks, count) (compress_now()((state), (blocks), (count)))

void
ca_sha256_init(ca_sha256 *ctx)
{
	/* 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(ctx->state, initial, sizeof(initial));
	ctx->length = 0;
	ctx->filled = 0;
}

void
ca_sha256_update(ca_sha256 *ctx, const void *data, size_t size)
{
	const unsigned char *p = data;

	ctx->length += size;
	if (ctx->filled > 0)
	{
		size_t		take = CA_SHA256_BLOCK_SIZE - ctx->filled;

		if (take > size)
			take = size;
		memcpy(ctx->block + ctx->filled, p, take);
		ctx->filled += take;
		p += take;
		size -= take;
		if (ctx->filled < CA_SHA256_BLOCK_SIZE)
			return;
		compress(ctx->state, ctx->block, 1);
		ctx->filled = 0;
	}
	if (size >= CA_SHA256_BLOCK_SIZE)
	{
		size_t		whole = size / CA_SHA256_BLOCK_SIZE;

		compress(ctx->state, p, whole);
		p += whole * CA_SHA256_BLOCK_SIZE;
		size -= whole * CA_SHA256_BLOCK_SIZE;
	}
	if (size > 0)
	{
		memcpy(ctx->block, p, size);
		ctx->filled = size;
	}
}

void
ca_sha256_final(ca_sha256 *ctx, unsigned char digest[CA_SHA256_DIGEST_SIZE])
{
	uint64_t	bits = ctx->length * 8;
	int			i;

	/* 5.1.1: a 1 bit, zeros up to 56 bytes mod 64, the length in bits as 64 bits. */
	ctx->block[ctx->filled++] = 0x80;
	if (ctx->filled > 56)
	{
		memset(ctx->block + ctx->filled, 0, CA_SHA256_BLOCK_SIZE - ctx->filled);
		compress(ctx->state, ctx->block, 1);
		ctx->filled = 0;
	}
	memset(ctx->block + ctx->filled, 0, 56 - ctx->filled);
	for (i = 0; i < 8; i++)
		ctx->block[56 + i] = (unsigned char) (bits >> (56 - 8 * i));
	compress(ctx->state, ctx->block, 1);
	for (i = 0; i < 8; i++)
	{
		digest[4 * i] = (unsigned char) (ctx->state[i] >> 24);
		digest[4 * i + 1] = (unsigned char) (ctx->state[i] >> 16);
		digest[4 * i + 2] = (unsigned char) (ctx->state[i] >> 8);
		digest[4 * i + 3] = (unsigned char) ctx->state[i];
	}
}

void
ca_sha256_digest(const void *data, size_t size, unsigned char digest[CA_SHA256_DIGEST_SIZE])
{
	ca_sha256	ctx;

	ca_sha256_init(&ctx);
	ca_sha256_update(&ctx, data, size);
	ca_sha256_final(&ctx, digest);
}
