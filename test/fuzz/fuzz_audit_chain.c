/*
 * fuzz_audit_chain.c: libFuzzer target for the audit entry's canonical form.
 *
 * The input is cut into six fields at its 0xFF bytes (the text fields of an
 * entry); whatever the bytes:
 * - the form has the length the kernel reports, and a naive netstring
 *   reader written here splits it back into exactly the fields given;
 * - the streamed hash equals SHA-256 over prev || the form written out, and
 *   the processor's SHA extensions (when present) give the same digest as
 *   the portable code.
 */
#include <stdlib.h>
#include <string.h>

#include "audit_chain.h"
#include "sha256.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Reads one netstring at *p; returns its bytes and advances, or aborts. */
static const char *
naive_netstring(const char **p, const char *end, size_t *len)
{
	size_t		n = 0;
	const char *start;

	if (*p >= end || **p < '0' || **p > '9')
		abort();
	while (*p < end && **p >= '0' && **p <= '9')
		n = n * 10 + (size_t) (*(*p)++ - '0');
	if (*p >= end || *(*p)++ != ':' || (size_t) (end - *p) < n + 1)
		abort();
	start = *p;
	*p += n;
	if (*(*p)++ != ',')
		abort();
	*len = n;
	return start;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	ca_audit_text fields[6];
	ca_audit_entry e;
	const char *p = (const char *) data, *end = p + size;
	int			i;
	char	   *form;
	size_t		length, n;
	unsigned char prev[CA_SHA256_DIGEST_SIZE], streamed[CA_SHA256_DIGEST_SIZE], direct[CA_SHA256_DIGEST_SIZE];
	unsigned char *both;

	for (i = 0; i < 6; i++)
	{
		const char *stop = memchr(p, 0xFF, (size_t) (end - p));

		if (!stop)
			stop = end;
		fields[i].data = p;
		fields[i].size = (size_t) (stop - p);
		p = stop < end ? stop + 1 : end;
	}
	e.seq = (int64_t) size * 977 - 5000;
	e.at_us = size > 0 ? -(int64_t) data[0] * 1000003 : 0;
	e.xact = (int64_t) size;
	e.session_user = fields[0];
	e.acting_user = fields[1];
	e.table_name = fields[2];
	e.operation = fields[3];
	e.old_row = fields[4];
	e.new_row = fields[5];

	length = ca_audit_canonical(&e, NULL, 0);
	form = malloc(length);
	if (ca_audit_canonical(&e, form, length) != length)
		abort();
	p = form;
	end = form + length;
	{
		const char *got = naive_netstring(&p, end, &n);

		if (n != strlen(CA_AUDIT_FORM) || memcmp(got, CA_AUDIT_FORM, n) != 0)
			abort();
	}
	for (i = 0; i < 3; i++)
		naive_netstring(&p, end, &n);
	for (i = 0; i < 6; i++)
	{
		const char *got = naive_netstring(&p, end, &n);

		if (n != fields[i].size || (n > 0 && memcmp(got, fields[i].data, n) != 0))
			abort();
	}
	if (p != end)
		abort();

	memset(prev, size & 0xFF, sizeof(prev));
	ca_audit_hash(prev, &e, streamed);
	both = malloc(CA_SHA256_DIGEST_SIZE + length);
	memcpy(both, prev, CA_SHA256_DIGEST_SIZE);
	memcpy(both + CA_SHA256_DIGEST_SIZE, form, length);
	ca_sha256_digest(both, CA_SHA256_DIGEST_SIZE + length, direct);
	if (memcmp(streamed, direct, CA_SHA256_DIGEST_SIZE) != 0)
		abort();
	/* The processor's SHA extensions, when there are any, and the portable code agree. */
	if (ca_sha256_accelerated())
	{
		unsigned char portable[CA_SHA256_DIGEST_SIZE];

		ca_sha256_set_accelerated(0);
		ca_sha256_digest(both, CA_SHA256_DIGEST_SIZE + length, portable);
		ca_sha256_set_accelerated(1);
		if (memcmp(portable, direct, CA_SHA256_DIGEST_SIZE) != 0)
			abort();
	}
	free(both);
	free(form);
	return 0;
}
