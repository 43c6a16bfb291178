/*
 * audit_chain.h: the canonical form of an audit-log entry and the hash that
 * links it to the entry before, plain C kernel.
 *
 * An entry's canonical form is the concatenation of ten netstrings, each
 * "<length in bytes, decimal>:<bytes>,":
 *
 *     "ca-audit-1"          the form's name and version
 *     seq                   decimal, no leading zeros
 *     at                    microseconds since 1970-01-01 00:00:00 UTC, decimal
 *     xact                  the transaction id (txid), decimal
 *     session user          UTF-8
 *     acting user           UTF-8 (current_user outside SECURITY DEFINER functions)
 *     table                 the table's name, UTF-8
 *     operation             "INSERT", "UPDATE" or "DELETE"
 *     old row               the stored json text; absent (INSERT) is the empty string
 *     new row               the stored json text; absent (DELETE) is the empty string
 *
 * and the entry's hash is SHA-256(previous hash || canonical form), where
 * the previous hash of the first entry is 32 zero bytes.  A row image is
 * never empty (at least "{}"), so the empty string cannot be mistaken for
 * one.  docs/security.md gives the same definition for outside auditors.
 *
 * No PostgreSQL headers here: this file is linked into the extension, the
 * unit tests and the fuzz targets alike.
 */
#ifndef CA_AUDIT_CHAIN_H
#define CA_AUDIT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#define CA_AUDIT_FORM "ca-audit-1"

typedef struct ca_audit_text
{
	const char *data;			/* NULL with size 0: absent */
	size_t		size;
} ca_audit_text;

typedef struct ca_audit_entry
{
	int64_t		seq;
	int64_t		at_us;
	int64_t		xact;
	ca_audit_text session_user;
	ca_audit_text acting_user;
	ca_audit_text table_name;
	ca_audit_text operation;
	ca_audit_text old_row;
	ca_audit_text new_row;
} ca_audit_entry;

/*
 * Writes the canonical form into buf (at most bufsize bytes) and returns its
 * full length, as snprintf does: call with bufsize 0 to learn the size.
 */
size_t		ca_audit_canonical(const ca_audit_entry *entry, char *buf, size_t bufsize);

/* hash = SHA-256(prev || canonical form), without building the form in memory. */
void		ca_audit_hash(const unsigned char prev[CA_SHA256_DIGEST_SIZE], const ca_audit_entry *entry,
						  unsigned char hash[CA_SHA256_DIGEST_SIZE]);

#endif
