/*
 * test_audit_chain.c: SHA-256 against the FIPS 180-2 / NIST CAVS example
 * vectors, and the audit entry's canonical form and chained hash against
 * values computed independently (Python's hashlib over the netstrings of
 * docs/security.md).
 */
#include <stdlib.h>

#include "audit_chain.h"
#include "sha256.h"
#include "unit.h"

static void
hex(const unsigned char *digest, char out[2 * CA_SHA256_DIGEST_SIZE + 1])
{
	static const char digits[] = "0123456789abcdef";
	int			i;

	for (i = 0; i < CA_SHA256_DIGEST_SIZE; i++)
	{
		out[2 * i] = digits[digest[i] >> 4];
		out[2 * i + 1] = digits[digest[i] & 15];
	}
	out[2 * CA_SHA256_DIGEST_SIZE] = '\0';
}

static void
check_sha256(const char *message, size_t size, const char *expected)
{
	unsigned char digest[CA_SHA256_DIGEST_SIZE];
	char		text[2 * CA_SHA256_DIGEST_SIZE + 1];

	ca_sha256_digest(message, size, digest);
	hex(digest, text);
	CHECK_STR(text, expected);
}

static void
test_published_vectors(void)
{
	char	   *million = malloc(1000000);

	check_sha256("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_sha256("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
				 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
				 "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
				 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	memset(million, 'a', 1000000);
	check_sha256(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* Feeding a message in pieces of any size gives the digest of the whole. */
static void
test_incremental(void)
{
	unsigned char message[300];
	unsigned char whole[CA_SHA256_DIGEST_SIZE];
	size_t		size, piece;
	int			mismatches = 0;

	for (size = 0; size < sizeof(message); size++)
		message[size] = (unsigned char) (size * 7 + 3);
	/* Every length around the padding boundaries (55, 56, 63, 64, 119, 120 ...). */
	for (size = 0; size <= sizeof(message); size++)
	{
		ca_sha256_digest(message, size, whole);
		for (piece = 1; piece <= 65; piece += 16)
		{
			ca_sha256	ctx;
			unsigned char parts[CA_SHA256_DIGEST_SIZE];
			size_t		at;

			ca_sha256_init(&ctx);
			for (at = 0; at < size; at += piece)
				ca_sha256_update(&ctx, message + at, size - at < piece ? size - at : piece);
			ca_sha256_final(&ctx, parts);
			mismatches += memcmp(parts, whole, sizeof(whole)) != 0;
		}
	}
	CHECK_INT(mismatches, 0);
}

static ca_audit_text
text_of(const char *s)
{
	ca_audit_text t = {s, s ? strlen(s) : 0};

	return t;
}

static ca_audit_entry
entry(int64_t seq, int64_t at_us, int64_t xact, const char *session_user, const char *acting_user,
	  const char *table_name, const char *operation, const char *old_row, const char *new_row)
{
	ca_audit_entry e;

	e.seq = seq;
	e.at_us = at_us;
	e.xact = xact;
	e.session_user = text_of(session_user);
	e.acting_user = text_of(acting_user);
	e.table_name = text_of(table_name);
	e.operation = text_of(operation);
	e.old_row = text_of(old_row);
	e.new_row = text_of(new_row);
	return e;
}

static void
check_canonical(const ca_audit_entry *e, const char *expected)
{
	char		buf[512];
	size_t		n = ca_audit_canonical(e, buf, sizeof(buf));

	CHECK_INT(n, strlen(expected));
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
	CHECK_STR(buf, expected);
	/* A short buffer gets a prefix and the full length. */
	CHECK_INT(ca_audit_canonical(e, buf, 5), strlen(expected));
	CHECK_INT(memcmp(buf, expected, 5), 0);
	CHECK_INT(ca_audit_canonical(e, NULL, 0), strlen(expected));
}

static void
test_chain(void)
{
	unsigned char zero[CA_SHA256_DIGEST_SIZE] = {0};
	unsigned char h1[CA_SHA256_DIGEST_SIZE], h2[CA_SHA256_DIGEST_SIZE], h3[CA_SHA256_DIGEST_SIZE];
	char		text[2 * CA_SHA256_DIGEST_SIZE + 1];
	ca_audit_entry e1 = entry(1, INT64_C(1622505600123456), 731, "alice", "alice", "household", "INSERT",
							  NULL, "{\"id\":1,\"residence_division\":\"450107001001\"}");
	ca_audit_entry e2 = entry(2, -5, 732, "postgres", "张伟", "person", "UPDATE",
							  "{\"id\":7,\"name\":\"韦老\"}", "{\"id\":7,\"name\":\"韦小\"}");
	ca_audit_entry e3 = entry(3, 0, 0, "bob", "bob", "payment", "DELETE", "{}", NULL);
	ca_audit_entry extreme = entry(INT64_MAX, INT64_MIN, -1, "", "", "", "", NULL, NULL);

	check_canonical(&e1, "10:ca-audit-1,1:1,16:1622505600123456,3:731,5:alice,5:alice,9:household,6:INSERT,0:,"
					"44:{\"id\":1,\"residence_division\":\"450107001001\"},");
	check_canonical(&e2, "10:ca-audit-1,1:2,2:-5,3:732,8:postgres,6:张伟,6:person,6:UPDATE,"
					"24:{\"id\":7,\"name\":\"韦老\"},24:{\"id\":7,\"name\":\"韦小\"},");
	check_canonical(&e3, "10:ca-audit-1,1:3,1:0,1:0,3:bob,3:bob,7:payment,6:DELETE,2:{},0:,");
	check_canonical(&extreme, "10:ca-audit-1,19:9223372036854775807,20:-9223372036854775808,2:-1,0:,0:,0:,0:,0:,0:,");

	ca_audit_hash(zero, &e1, h1);
	hex(h1, text);
	CHECK_STR(text, "7edf740f0db81f6c86d85a5ce31b6209f27e32bc0a418246b8b32e240f91097d");
	ca_audit_hash(h1, &e2, h2);
	hex(h2, text);
	CHECK_STR(text, "00c9c7a0926f723758f20b241d874bd24be89bf7090642bc355b825ca6109b40");
	ca_audit_hash(h2, &e3, h3);
	hex(h3, text);
	CHECK_STR(text, "7013726a435fccbda30e93bd73ea257a7537043ce23e9267be05d5835b78071f");

	/* The streamed hash is the hash of prev || the canonical text. */
	{
		unsigned char both[CA_SHA256_DIGEST_SIZE + 512];
		unsigned char direct[CA_SHA256_DIGEST_SIZE];
		size_t		n = ca_audit_canonical(&e2, (char *) both + CA_SHA256_DIGEST_SIZE, 512);

		memcpy(both, h1, CA_SHA256_DIGEST_SIZE);
		ca_sha256_digest(both, CA_SHA256_DIGEST_SIZE + n, direct);
		CHECK_INT(memcmp(direct, h2, CA_SHA256_DIGEST_SIZE), 0);
	}
	/* Any change to a field, or to the previous hash, changes the hash. */
	{
		ca_audit_entry changed = e2;
		unsigned char other[CA_SHA256_DIGEST_SIZE];

		changed.new_row = text_of("{\"id\":7,\"name\":\"韦大\"}");
		ca_audit_hash(h1, &changed, other);
		CHECK_INT(memcmp(other, h2, CA_SHA256_DIGEST_SIZE) != 0, 1);
		changed = e2;
		changed.seq = 3;
		ca_audit_hash(h1, &changed, other);
		CHECK_INT(memcmp(other, h2, CA_SHA256_DIGEST_SIZE) != 0, 1);
		ca_audit_hash(zero, &e2, other);
		CHECK_INT(memcmp(other, h2, CA_SHA256_DIGEST_SIZE) != 0, 1);
	}
	/* Moving a byte between adjacent fields changes the form: lengths frame every field. */
	{
		ca_audit_entry a = entry(1, 0, 0, "ab", "c", "t", "INSERT", NULL, "{}");
		ca_audit_entry b = entry(1, 0, 0, "a", "bc", "t", "INSERT", NULL, "{}");
		unsigned char ha[CA_SHA256_DIGEST_SIZE], hb[CA_SHA256_DIGEST_SIZE];

		ca_audit_hash(zero, &a, ha);
		ca_audit_hash(zero, &b, hb);
		CHECK_INT(memcmp(ha, hb, CA_SHA256_DIGEST_SIZE) != 0, 1);
	}
}

/* A naive netstring, for the oracle below. */
static size_t
naive_netstring(char *out, const char *data, size_t size)
{
	int			n = sprintf(out, "%zu:", size);

	memcpy(out + n, data, size);
	out[n + size] = ',';
	return (size_t) n + size + 1;
}

/*
 * Pieces around and past the emitter's staging area (1,024 bytes, pieces
 * over 512 passed straight through): the form is the naive concatenation
 * of netstrings, and the hash is SHA-256 of prev || that form, at every
 * pair of image sizes.
 */
static void
test_staging_boundaries(void)
{
	static const size_t sizes[] = {0, 1, 63, 64, 200, 511, 512, 513, 700, 959, 960, 1000, 1023, 1024, 1025, 2100, 5000};
	const size_t count = sizeof(sizes) / sizeof(sizes[0]);
	char	   *old_image = malloc(5000), *new_image = malloc(5000), *user = malloc(600);
	char	   *naive = malloc(12000), *form = malloc(12000);
	unsigned char prev[CA_SHA256_DIGEST_SIZE], streamed[CA_SHA256_DIGEST_SIZE], direct[CA_SHA256_DIGEST_SIZE];
	unsigned char *both = malloc(CA_SHA256_DIGEST_SIZE + 12000);
	size_t		i, j, k;
	int			form_mismatches = 0, hash_mismatches = 0;

	for (k = 0; k < 5000; k++)
	{
		old_image[k] = (char) ('a' + k % 26);
		new_image[k] = (char) ('A' + k % 23);
	}
	memset(user, 'u', 600);
	memset(prev, 0x5a, sizeof(prev));
	for (i = 0; i < count; i++)
		for (j = 0; j < count; j++)
		{
			ca_audit_entry e;
			size_t		n = 0;
			size_t		user_size = (i * count + j) % 3 == 0 ? 600 : 5;
			char		number[32];

			e.seq = (int64_t) (i * 1000 + j);
			e.at_us = -(int64_t) j * 1000003;
			e.xact = INT64_MAX - (int64_t) i;
			e.session_user.data = user;
			e.session_user.size = user_size;
			e.acting_user = e.session_user;
			e.table_name = text_of("household");
			e.operation = text_of("UPDATE");
			e.old_row.data = sizes[i] ? old_image : NULL;
			e.old_row.size = sizes[i];
			e.new_row.data = sizes[j] ? new_image : NULL;
			e.new_row.size = sizes[j];

			n += naive_netstring(naive + n, CA_AUDIT_FORM, strlen(CA_AUDIT_FORM));
			n += naive_netstring(naive + n, number, (size_t) sprintf(number, "%lld", (long long) e.seq));
			n += naive_netstring(naive + n, number, (size_t) sprintf(number, "%lld", (long long) e.at_us));
			n += naive_netstring(naive + n, number, (size_t) sprintf(number, "%lld", (long long) e.xact));
			n += naive_netstring(naive + n, user, user_size);
			n += naive_netstring(naive + n, user, user_size);
			n += naive_netstring(naive + n, "household", 9);
			n += naive_netstring(naive + n, "UPDATE", 6);
			n += naive_netstring(naive + n, old_image, sizes[i]);
			n += naive_netstring(naive + n, new_image, sizes[j]);

			form_mismatches += ca_audit_canonical(&e, form, 12000) != n || memcmp(form, naive, n) != 0;
			memcpy(both, prev, CA_SHA256_DIGEST_SIZE);
			memcpy(both + CA_SHA256_DIGEST_SIZE, naive, n);
			ca_sha256_digest(both, CA_SHA256_DIGEST_SIZE + n, direct);
			ca_audit_hash(prev, &e, streamed);
			hash_mismatches += memcmp(direct, streamed, sizeof(direct)) != 0;
		}
	CHECK_INT(form_mismatches, 0);
	CHECK_INT(hash_mismatches, 0);
	free(old_image);
	free(new_image);
	free(user);
	free(naive);
	free(form);
	free(both);
}

/* The processor's SHA extensions and the portable code agree on every length. */
static void
test_implementations_agree(void)
{
	unsigned char message[1100];
	size_t		size;
	int			mismatches = 0;
	unsigned int seed = 12345;

	for (size = 0; size < sizeof(message); size++)
	{
		seed = seed * 1103515245u + 12345u;
		message[size] = (unsigned char) (seed >> 16);
	}
	for (size = 0; size <= sizeof(message); size += 1 + size / 64)
	{
		unsigned char portable[CA_SHA256_DIGEST_SIZE], fast[CA_SHA256_DIGEST_SIZE];

		ca_sha256_set_accelerated(0);
		ca_sha256_digest(message, size, portable);
		ca_sha256_set_accelerated(1);
		ca_sha256_digest(message, size, fast);
		mismatches += memcmp(portable, fast, sizeof(fast)) != 0;
	}
	CHECK_INT(mismatches, 0);
}

int
main(void)
{
	int			accelerated = ca_sha256_set_accelerated(1);

	/* Everything once on what the processor offers, once on the portable code. */
	test_published_vectors();
	test_incremental();
	test_chain();
	test_staging_boundaries();
	if (accelerated)
	{
		CHECK_INT(ca_sha256_set_accelerated(0), 0);
		test_published_vectors();
		test_incremental();
		test_chain();
		test_staging_boundaries();
		ca_sha256_set_accelerated(1);
	}
	else
		printf("audit chain kernel: no SHA extensions on this processor; the portable code only\n");
	test_implementations_agree();
	return unit_report("audit chain kernel (SHA-256, canonical form)");
}
