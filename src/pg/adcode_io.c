/*
 * adcode_io.c: text and binary input/output of the adcode type, and its
 * casts to and from bigint.  Parsing and checking are the kernel's.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "adcode_pg.h"
#include "../core/adcode.h"

PG_FUNCTION_INFO_V1(adcode_in);
PG_FUNCTION_INFO_V1(adcode_out);
PG_FUNCTION_INFO_V1(adcode_recv);
PG_FUNCTION_INFO_V1(adcode_send);
PG_FUNCTION_INFO_V1(adcode_to_bigint);
PG_FUNCTION_INFO_V1(adcode_from_bigint);

static const char *const level_names[] = {
	"", "province", "prefecture", "county", "township", "village"
};

/* What is wrong with a code the kernel rejected, as an errdetail sentence. */
char *
adcode_invalid_detail(int status, size_t position, size_t digits, int level)
{
	switch ((ca_adcode_status) status)
	{
		case CA_ADCODE_NOT_DIGIT:
			return psprintf("Character %zu is not a digit; a division code contains only the digits 0-9.",
							position + 1);
		case CA_ADCODE_BAD_LENGTH:
			return psprintf("The code has %zu digits; expected 2, 4, 6, 9 or 12.", digits);
		case CA_ADCODE_ORPHAN_PART:
			return psprintf("The %s part is zero but a lower part is not.", level_names[level]);
		default:
			return psprintf("%s.", ca_adcode_status_text((ca_adcode_status) status));
	}
}

void
adcode_report_invalid(const char *input, int status, size_t position,
					  size_t digits, int level)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type adcode: \"%s\"", input),
			 errdetail_internal("%s", adcode_invalid_detail(status, position, digits, level))));
}

Datum
adcode_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int64		code;
	ca_adcode_error err;

	if (!ca_adcode_parse(str, strlen(str), &code, &err))
		adcode_report_invalid(str, err.status, err.position, err.digits,
							  err.level);
	PG_RETURN_ADCODE(code);
}

Datum
adcode_out(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_ADCODE(0);
	char	   *buf = palloc(CA_ADCODE_TEXT_SIZE);

	ca_adcode_format(code, buf);
	PG_RETURN_CSTRING(buf);
}

Datum
adcode_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = pq_getmsgint64(buf);
	ca_adcode_error err;

	if (!ca_adcode_check(value, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type adcode: " INT64_FORMAT, value),
				 errdetail_internal("%s", adcode_invalid_detail(err.status, err.position,
																 err.digits, err.level)),
				 errhint("The binary form is the 12-digit code as an 8-byte integer.")));
	PG_RETURN_ADCODE(value);
}

Datum
adcode_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_ADCODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
adcode_to_bigint(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_ADCODE(0));
}

Datum
adcode_from_bigint(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	ca_adcode_error err;

	if (!ca_adcode_check(value, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bigint " INT64_FORMAT " is not a division code", value),
				 errdetail_internal("%s", adcode_invalid_detail(err.status, err.position,
																 err.digits, err.level)),
				 errhint("Cast the full 12-digit number, such as 450107000000 for 450107.")));
	PG_RETURN_ADCODE(value);
}
