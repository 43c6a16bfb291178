/*
 * placename_pg.c: the SQL functions over the place-name kernels
 * (normalize, pinyin, split, readings, the General Standard character check)
 * and ICU transliteration for tests and benchmarks.
 *
 * The kernels work on UTF-8.  In a UTF8 database the text goes to them as it
 * is; in any other server encoding it is converted first and the result
 * converted back.  In SQL_ASCII nothing is converted, so bytes that are not
 * UTF-8 (a client encoding mix-up) reach the kernel and are refused there.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "../core/hanzi_tables.h"
#include "../core/placename_normalize.h"
#include "../core/placename_pinyin.h"
#include "../core/utf8.h"

PG_FUNCTION_INFO_V1(placename_normalize_text);
PG_FUNCTION_INFO_V1(placename_pinyin_text);
PG_FUNCTION_INFO_V1(placename_split_text);
PG_FUNCTION_INFO_V1(placename_readings_text);
PG_FUNCTION_INFO_V1(placename_nonstandard_chars);
PG_FUNCTION_INFO_V1(placename_transliterate);

/* The argument as UTF-8 bytes (converted when the database is not UTF8). */
static const char *
arg_utf8(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int			n = VARSIZE_ANY_EXHDR(t);
	const char *u;

	if (GetDatabaseEncoding() == PG_UTF8 || GetDatabaseEncoding() == PG_SQL_ASCII)
	{
		*len = n;
		return s;
	}
	u = (const char *) pg_do_encoding_conversion((unsigned char *) s, n,
												 GetDatabaseEncoding(), PG_UTF8);
	*len = (u == s) ? (size_t) n : strlen(u);
	return u;
}

static text *
result_text(const char *utf8, size_t len)
{
	if (GetDatabaseEncoding() != PG_UTF8 && GetDatabaseEncoding() != PG_SQL_ASCII)
	{
		char	   *s = (char *) pg_do_encoding_conversion((unsigned char *) utf8, len,
														   PG_UTF8, GetDatabaseEncoding());

		if (s != utf8)
			return cstring_to_text(s);
	}
	return cstring_to_text_with_len(utf8, len);
}

/* Normalize the argument into palloc'd memory, or raise the kernel's error. */
static char *
normalized_arg(text *t, size_t *out_len)
{
	size_t		len;
	const char *s = arg_utf8(t, &len);
	char	   *out;
	placename_status st;

	if (len > PLACENAME_MAX_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("place name is too long: %zu bytes", len),
				 errdetail("A place name may have at most %d bytes.", PLACENAME_MAX_INPUT)));
	out = palloc(PLACENAME_NORMALIZE_MAX(len));
	st = placename_normalize(s, len, out, out_len);
	if (st == PLACENAME_INVALID_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("place name is not valid UTF-8"),
				 errdetail("The byte at offset %zu does not start a valid UTF-8 character.",
						   placename_first_bad_byte(s, len)),
				 errhint("Check the client encoding (SET client_encoding) the text was sent in.")));
	if (st == PLACENAME_CONTROL_CHAR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("place name contains a control character"),
				 errdetail("The character at byte offset %zu is a control character; only spaces, tabs and line breaks are allowed, and they count as spaces.",
						   placename_first_bad_byte(s, len))));
	return out;
}

Datum
placename_normalize_text(PG_FUNCTION_ARGS)
{
	size_t		n;
	char	   *out = normalized_arg(PG_GETARG_TEXT_PP(0), &n);

	PG_RETURN_TEXT_P(result_text(out, n));
}

Datum
placename_pinyin_text(PG_FUNCTION_ARGS)
{
	size_t		n;
	char	   *norm = normalized_arg(PG_GETARG_TEXT_PP(0), &n);
	bool		tones = PG_GETARG_BOOL(1);
	char	   *out = palloc(PLACENAME_PINYIN_MAX(n));
	size_t		m = placename_pinyin(norm, n, tones, out);

	PG_RETURN_TEXT_P(result_text(out, m));
}

Datum
placename_readings_text(PG_FUNCTION_ARGS)
{
	size_t		n;
	char	   *norm = normalized_arg(PG_GETARG_TEXT_PP(0), &n);
	char	   *out = palloc(PLACENAME_PINYIN_MAX(n));
	size_t		m = placename_readings(norm, n, out);

	PG_RETURN_TEXT_P(result_text(out, m));
}

/* (specific, generic) of the normalized name; generic is '' when none. */
Datum
placename_split_text(PG_FUNCTION_ARGS)
{
	size_t		n;
	char	   *norm = normalized_arg(PG_GETARG_TEXT_PP(0), &n);
	placename_parts parts;
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "placename_split must return a composite type");
	placename_split(norm, n, &parts);
	values[0] = PointerGetDatum(result_text(norm, parts.specific_len));
	values[1] = PointerGetDatum(result_text(norm + parts.specific_len, n - parts.specific_len));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * The distinct Han characters of the normalized name that are not on the
 * 2013 General Standard list (怪), in order of appearance; '' when none.
 */
Datum
placename_nonstandard_chars(PG_FUNCTION_ARGS)
{
	size_t		n;
	char	   *norm = normalized_arg(PG_GETARG_TEXT_PP(0), &n);
	char	   *out = palloc(n + 1);
	size_t		m = 0;
	size_t		i = 0;

	while (i < n)
	{
		const unsigned char *s = (const unsigned char *) norm + i;
		uint32_t	cp = s[0];
		int			k = 1;

		if (cp >= 0x80)
			k = utf8_decode_multi(s, n - i, &cp);
		/* Han: a character with a Mandarin reading */
		if (cp >= 0x2E80 && HANZI_SYLLABLE(hanzi_reading(cp)) != 0 &&
			!hanzi_is_standard(cp))
		{
			bool		seen = false;
			size_t		j;

			for (j = 0; j + k <= m && !seen; j++)
				seen = memcmp(out + j, s, k) == 0;
			if (!seen)
			{
				memcpy(out + m, s, k);
				m += k;
			}
		}
		i += k;
	}
	PG_RETURN_TEXT_P(result_text(out, m));
}

/*
 * ICU transliteration, one cached transliterator per backend (the last id
 * used), for the tests' traditional round trip and the benchmarks.
 */
static UTransliterator *cached_trans;
static char cached_id[128];

Datum
placename_transliterate(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *s = arg_utf8(PG_GETARG_TEXT_PP(0), &len);
	char	   *id = text_to_cstring(PG_GETARG_TEXT_PP(1));
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *buf;
	int32_t		ulen;
	int32_t		limit;
	int32_t		capacity;
	char	   *out;
	int32_t		outlen;

	if (len > PLACENAME_MAX_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text is too long to transliterate: %zu bytes", len),
				 errdetail("The limit is %d bytes.", PLACENAME_MAX_INPUT)));
	if (cached_trans == NULL || strcmp(cached_id, id) != 0)
	{
		UChar		uid[128];
		UTransliterator *t;

		if (strlen(id) >= sizeof(cached_id))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("transliterator id is too long")));
		u_uastrcpy(uid, id);
		t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		if (U_FAILURE(status))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ICU has no transliterator \"%s\"", id),
					 errdetail("%s", u_errorName(status))));
		if (cached_trans)
			utrans_close(cached_trans);
		cached_trans = t;
		strlcpy(cached_id, id, sizeof(cached_id));
	}

	/* Transliteration may grow the text (Han-Latin does): leave room. */
	capacity = (int32_t) (len * 8 + 16);
	buf = palloc(capacity * sizeof(UChar));
	u_strFromUTF8(buf, capacity, &ulen, s, (int32_t) len, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("text is not valid UTF-8")));
	limit = ulen;
	utrans_transUChars(cached_trans, buf, &ulen, capacity, 0, &limit, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("ICU transliteration failed: %s", u_errorName(status))));
	out = palloc(ulen * 4 + 1);
	u_strToUTF8(out, ulen * 4 + 1, &outlen, buf, ulen, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("ICU could not convert the transliteration: %s", u_errorName(status))));
	PG_RETURN_TEXT_P(result_text(out, outlen));
}
