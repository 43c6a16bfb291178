/*
 * idcard_io.c: text and binary input/output of the idcard type.  The casts
 * to and from text and varchar are I/O conversions through these functions.
 * Parsing and checking are the kernel's.
 *
 * The Datum is the kernel's body, the 17 leading digits as an int64, passed
 * by value; see src/core/idcard.h.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "../core/idcard.h"

#define PG_GETARG_IDCARD(n)		PG_GETARG_INT64(n)
#define PG_RETURN_IDCARD(b)		PG_RETURN_INT64(b)

PG_FUNCTION_INFO_V1(idcard_in);
PG_FUNCTION_INFO_V1(idcard_out);
PG_FUNCTION_INFO_V1(idcard_recv);
PG_FUNCTION_INFO_V1(idcard_send);

/* The kernel's reason as an error detail: a sentence, capitalised. */
static void
reason_sentence(const ca_idcard_error *err, char *buf, size_t size)
{
	ca_idcard_reason(err, buf, size);
	buf[0] = pg_toupper((unsigned char) buf[0]);
}

Datum
idcard_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int64		body;
	ca_idcard_error err;

	if (!ca_idcard_parse(str, strlen(str), &body, &err))
	{
		char		reason[CA_IDCARD_REASON_SIZE];

		reason_sentence(&err, reason, sizeof(reason));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type idcard: \"%s\"", str),
				 errdetail("%s.", reason)));
	}
	PG_RETURN_IDCARD(body);
}

Datum
idcard_out(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_IDCARD(0);
	char	   *buf = palloc(CA_IDCARD_TEXT_SIZE);

	ca_idcard_format(body, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary input is the body as 8 bytes, checked like text input: the check
 * character cannot be wrong (it is derived), but the range, province and
 * birth date can.  22P03 (invalid_binary_representation), as adcode's and
 * PostgreSQL's own binary input functions report.
 */
Datum
idcard_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		body = pq_getmsgint64(buf);
	ca_idcard_error err;

	if (!ca_idcard_check_body(body, &err))
	{
		char		reason[CA_IDCARD_REASON_SIZE];

		reason_sentence(&err, reason, sizeof(reason));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for type idcard: " INT64_FORMAT, body),
				 errdetail("%s.", reason)));
	}
	PG_RETURN_IDCARD(body);
}

Datum
idcard_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_IDCARD(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
