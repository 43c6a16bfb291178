/*
 * audit_chain.c: the canonical form of an audit entry (see audit_chain.h)
 * and its chained hash.  The form is written through one emitter so that the
 * bytes hashed and the bytes shown to an auditor cannot drift apart.
 */
#include <string.h>

#include "audit_chain.h"

/*
 * When hashing, the short pieces of the form (lengths, separators, numbers,
 * names) are gathered in a staging area and handed to SHA-256 together: an
 * entry is about thirty pieces, and one update per piece cost as much as the
 * compression of the row images themselves.
 */
#define STAGING_SIZE 256
#define STAGED_PIECE_MAX 64

typedef struct emitter
{
	char	   *buf;			/* canonical text, or NULL when hashing */
	size_t		bufsize;
	size_t		length;
	ca_sha256  *sha;			/* or NULL when writing text */
	size_t		staged;
	char		staging[STAGING_SIZE];
} emitter;

static void
flush_staging(emitter *out)
{
	if (out->staged > 0)
		ca_sha256_update(out->sha, out->staging, out->staged);
	out->staged = 0;
}

static void
emit(emitter *out, const char *data, size_t size)
{
	if (out->sha)
	{
		if (size > STAGED_PIECE_MAX)
		{
			flush_staging(out);
			ca_sha256_update(out->sha, data, size);
		}
		else
		{
			if (out->staged + size > STAGING_SIZE)
				flush_staging(out);
			memcpy(out->staging + out->staged, data, size);
			out->staged += size;
		}
	}
	else if (out->length < out->bufsize)
	{
		size_t		room = out->bufsize - out->length;

		memcpy(out->buf + out->length, data, size < room ? size : room);
	}
	out->length += size;
}

/* Decimal digits of an unsigned number into the end of a 24-byte buffer. */
static size_t
decimal(uint64_t value, char digits[24], const char **start)
{
	char	   *p = digits + 24;

	do
	{
		*--p = (char) ('0' + value % 10);
		value /= 10;
	} while (value > 0);
	*start = p;
	return (size_t) (digits + 24 - p);
}

static void
emit_netstring(emitter *out, const char *data, size_t size)
{
	char		digits[24];
	const char *start;
	size_t		n = decimal((uint64_t) size, digits, &start);

	emit(out, start, n);
	emit(out, ":", 1);
	if (size > 0)
		emit(out, data, size);
	emit(out, ",", 1);
}

static void
emit_integer(emitter *out, int64_t value)
{
	char		text[24];
	char		digits[24];
	const char *start;
	/* The magnitude of INT64_MIN does not fit in int64_t: negate unsigned. */
	uint64_t	magnitude = value < 0 ? (uint64_t) 0 - (uint64_t) value : (uint64_t) value;
	size_t		n = decimal(magnitude, digits, &start);
	size_t		len = 0;

	if (value < 0)
		text[len++] = '-';
	memcpy(text + len, start, n);
	emit_netstring(out, text, len + n);
}

static void
emit_entry(emitter *out, const ca_audit_entry *e)
{
	emit_netstring(out, CA_AUDIT_FORM, sizeof(CA_AUDIT_FORM) - 1);
	emit_integer(out, e->seq);
	emit_integer(out, e->at_us);
	emit_integer(out, e->xact);
	emit_netstring(out, e->session_user.data, e->session_user.size);
	emit_netstring(out, e->acting_user.data, e->acting_user.size);
	emit_netstring(out, e->table_name.data, e->table_name.size);
	emit_netstring(out, e->operation.data, e->operation.size);
	emit_netstring(out, e->old_row.data, e->old_row.size);
	emit_netstring(out, e->new_row.data, e->new_row.size);
}

size_t
ca_audit_canonical(const ca_audit_entry *entry, char *buf, size_t bufsize)
{
	emitter		out = {buf, bufsize, 0, NULL, 0, {0}};

	emit_entry(&out, entry);
	return out.length;
}

void
ca_audit_hash(const unsigned char prev[CA_SHA256_DIGEST_SIZE], const ca_audit_entry *entry,
			  unsigned char hash[CA_SHA256_DIGEST_SIZE])
{
	ca_sha256	sha;
	emitter		out;

	/* Fields one by one: an initializer would zero the staging area too. */
	out.buf = NULL;
	out.bufsize = 0;
	out.length = 0;
	out.sha = &sha;
	out.staged = 0;
	ca_sha256_init(&sha);
	emit(&out, (const char *) prev, CA_SHA256_DIGEST_SIZE);
	emit_entry(&out, entry);
	flush_staging(&out);
	ca_sha256_final(&sha, hash);
}
