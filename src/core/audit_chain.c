/*
 * audit_chain.c: the canonical form of an audit entry (see audit_chain.h)
 * and its chained hash.  The form is written through one emitter so that the
 * bytes hashed and the bytes shown to an auditor cannot drift apart.
 */
#include <string.h>

#include "audit_chain.h"

/*
 * The form goes out through a staging area: the short pieces (lengths,
 * separators, numbers, names) are written into it in place, and it is
 * handed on whole, to SHA-256 or to the caller's buffer, when it fills or
 * at the end.  An entry is about thirty pieces; a call and a copy for each
 * cost as much as compressing the row images.  A typical entry fits, so it
 * reaches SHA-256 in one update; a piece too long to stage goes straight
 * through.
 */
#define STAGING_SIZE 1024
#define STAGED_PIECE_MAX (STAGING_SIZE / 2)
/* The widest number: 20 decimal digits of a 64-bit value, and a sign. */
#define NUMBER_MAX 21

typedef struct emitter
{
	ca_sha256  *sha;			/* the bytes' destination: SHA-256, */
	char	   *buf;			/* or this buffer, cut at bufsize */
	size_t		bufsize;
	size_t		delivered;		/* bytes handed on so far */
	size_t		staged;
	char		staging[STAGING_SIZE];
} emitter;

static void
deliver(emitter *out, const char *data, size_t size)
{
	if (out->sha)
		ca_sha256_update(out->sha, data, size);
	else if (out->delivered < out->bufsize)
	{
		size_t		room = out->bufsize - out->delivered;

		memcpy(out->buf + out->delivered, data, size < room ? size : room);
	}
	out->delivered += size;
}

static void
flush_staging(emitter *out)
{
	if (out->staged > 0)
		deliver(out, out->staging, out->staged);
	out->staged = 0;
}

/* Where the next `size` bytes (at most STAGED_PIECE_MAX) are to be staged. */
static inline char *
staging_room(emitter *out, size_t size)
{
	if (out->staged + size > STAGING_SIZE)
		flush_staging(out);
	return out->staging + out->staged;
}

static inline void
emit(emitter *out, const char *data, size_t size)
{
	if (size > STAGED_PIECE_MAX)
	{
		flush_staging(out);
		deliver(out, data, size);
		return;
	}
	memcpy(staging_room(out, size), data, size);
	out->staged += size;
}

/* An unsigned number's decimal digits at p; returns how many. */
static inline size_t
write_decimal(char *p, uint64_t value)
{
	size_t		n = 1;
	uint64_t	rest;

	for (rest = value / 10; rest > 0; rest /= 10)
		n++;
	p += n;
	do
	{
		*--p = (char) ('0' + value % 10);
		value /= 10;
	} while (value > 0);
	return n;
}

static void
emit_netstring(emitter *out, const char *data, size_t size)
{
	char	   *p = staging_room(out, NUMBER_MAX + 1);
	size_t		n = write_decimal(p, (uint64_t) size);

	p[n] = ':';
	out->staged += n + 1;
	if (size > 0)
		emit(out, data, size);
	*staging_room(out, 1) = ',';
	out->staged++;
}

static void
emit_integer(emitter *out, int64_t value)
{
	char		text[NUMBER_MAX];
	size_t		len = 0;

	/* The magnitude of INT64_MIN does not fit in int64_t: negate unsigned. */
	if (value < 0)
		text[len++] = '-';
	len += write_decimal(text + len, value < 0 ? (uint64_t) 0 - (uint64_t) value : (uint64_t) value);
	emit_netstring(out, text, len);
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
	emitter		out;

	/* Fields one by one: an initializer would zero the staging area too. */
	out.sha = NULL;
	out.buf = buf;
	out.bufsize = bufsize;
	out.delivered = 0;
	out.staged = 0;
	emit_entry(&out, entry);
	flush_staging(&out);
	return out.delivered;
}

void
ca_audit_hash(const unsigned char prev[CA_SHA256_DIGEST_SIZE], const ca_audit_entry *entry,
			  unsigned char hash[CA_SHA256_DIGEST_SIZE])
{
	ca_sha256	sha;
	emitter		out;

	out.sha = &sha;
	out.buf = NULL;
	out.bufsize = 0;
	out.delivered = 0;
	out.staged = 0;
	ca_sha256_init(&sha);
	emit(&out, (const char *) prev, CA_SHA256_DIGEST_SIZE);
	emit_entry(&out, entry);
	flush_staging(&out);
	ca_sha256_final(&sha, hash);
}
