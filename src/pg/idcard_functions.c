/*
 * idcard_functions.c: what can be read from a resident identity number
 * (birth date, sex, age, region, masked form), and the non-raising checks
 * of text for cleaning data in bulk.  Pure computation on the number;
 * nothing here reads a table.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "adcode_pg.h"
#include "../core/idcard.h"

/* The Datum is the kernel's body (17 leading digits), as in idcard_io.c. */
#define PG_GETARG_IDCARD(n)		PG_GETARG_INT64(n)

PG_FUNCTION_INFO_V1(idcard_birth_date);
PG_FUNCTION_INFO_V1(idcard_sex);
PG_FUNCTION_INFO_V1(idcard_age);
PG_FUNCTION_INFO_V1(idcard_region);
PG_FUNCTION_INFO_V1(idcard_mask);
PG_FUNCTION_INFO_V1(idcard_is_valid);
PG_FUNCTION_INFO_V1(idcard_check);

Datum
idcard_birth_date(PG_FUNCTION_ARGS)
{
	int			year,
				month,
				day;

	ca_idcard_birth_date(PG_GETARG_IDCARD(0), &year, &month, &day);
	PG_RETURN_DATEADT(date2j(year, month, day) - POSTGRES_EPOCH_JDATE);
}

Datum
idcard_sex(PG_FUNCTION_ARGS)
{
	char		sex = ca_idcard_sex(PG_GETARG_IDCARD(0));

	PG_RETURN_TEXT_P(cstring_to_text_with_len(&sex, 1));
}

/*
 * Whole years on the date.  NULL when the date is before the birth date,
 * or infinite: there is no age to give.
 */
Datum
idcard_age(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_IDCARD(0);
	DateADT		on = PG_GETARG_DATEADT(1);
	int			year,
				month,
				day;
	int			age;

	if (DATE_NOT_FINITE(on))
		PG_RETURN_NULL();
	j2date(on + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	age = ca_idcard_age(body, year, month, day);
	if (age < 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(age);
}

/* The region part as an adcode; NULL when it is no well-formed code. */
Datum
idcard_region(PG_FUNCTION_ARGS)
{
	int64		code = ca_idcard_region(PG_GETARG_IDCARD(0));

	if (code < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(code);
}

Datum
idcard_mask(PG_FUNCTION_ARGS)
{
	char		buf[CA_IDCARD_TEXT_SIZE];
	size_t		len = ca_idcard_mask(PG_GETARG_IDCARD(0), buf);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, len));
}

Datum
idcard_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64		body;

	PG_RETURN_BOOL(ca_idcard_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &body, NULL));
}

/* NULL when the text is a valid number, otherwise why it is not. */
Datum
idcard_check(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64		body;
	ca_idcard_error err;
	char		reason[CA_IDCARD_REASON_SIZE];

	if (ca_idcard_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &body, &err))
		PG_RETURN_NULL();
	ca_idcard_reason(&err, reason, sizeof(reason));
	PG_RETURN_TEXT_P(cstring_to_text(reason));
}
