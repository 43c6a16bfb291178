/*
 * idcard.c: parse, check, format and read resident identity numbers.
 *
 * GB 11643-1999 defines the number; ISO 7064 MOD 11-2 the check character:
 * the 17 digits are weighted 2^(18-i) mod 11 (7 9 10 5 8 4 2 1 6 3 7 9 10 5
 * 8 4 2), and the check value is the one that makes the weighted sum,
 * check value included with weight 1, equal 1 modulo 11.  See idcard.h for
 * the internal form.
 */
#include "idcard.h"

#include <stdio.h>
#include <string.h>

#include "adcode.h"

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

/* Check character by weighted sum modulo 11. */
static const char check_chars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

/* Place values inside the body: RRRRRR YYYYMMDD SSS. */
#define REGION_UNIT		INT64_C(100000000000)	/* 10^11 */
#define PROVINCE_UNIT	INT64_C(1000000000000000)	/* 10^15 */
#define DATE_UNIT		INT64_C(1000)
#define ADCODE_COUNTY_UNIT INT64_C(1000000)

static void
set_error(ca_idcard_error *err, ca_idcard_status status)
{
	if (err)
	{
		memset(err, 0, sizeof(*err));
		err->status = status;
	}
}

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool
ca_idcard_date_exists(int year, int month, int day)
{
	return month >= 1 && month <= 12 && day >= 1 &&
		day <= days_in_month(year, month);
}

/*
 * Province-level codes, as a table indexed by the two digits, filled once
 * from ca_adcode_is_province_code() (the one list of GB/T 2260 provinces)
 * on first use.  A PostgreSQL backend and a libFuzzer run are both single
 * threaded; the worst a race could do is fill the table twice, identically.
 */
static bool province_table[100];
static bool province_table_ready;

static bool
is_province(int province)
{
	if (!province_table_ready)
	{
		int			i;

		for (i = 0; i < 100; i++)
			province_table[i] = ca_adcode_is_province_code(i);
		province_table_ready = true;
	}
	return province >= 0 && province < 100 && province_table[province];
}

/* Province, then month, then day, then year: the order of the reasons. */
static bool
check_fields(int province, int year, int month, int day, ca_idcard_error *err)
{
	ca_idcard_status status = CA_IDCARD_OK;

	if (!is_province(province))
	{
		set_error(err, CA_IDCARD_BAD_PROVINCE);
		if (err)
			err->province = province;
		return false;
	}
	if (month < 1 || month > 12)
		status = CA_IDCARD_BAD_MONTH;
	else if (day < 1 || day > days_in_month(year, month))
		status = CA_IDCARD_BAD_DAY;
	else if (year < CA_IDCARD_FIRST_YEAR)
		status = CA_IDCARD_BEFORE_1900;
	if (status != CA_IDCARD_OK)
	{
		set_error(err, status);
		if (err)
		{
			err->year = year;
			err->month = month;
			err->day = day;
		}
		return false;
	}
	return true;
}

static void
not_digit(ca_idcard_error *err, size_t position, unsigned char c)
{
	set_error(err, CA_IDCARD_NOT_DIGIT);
	if (err)
	{
		err->position = position;
		err->character = c;
	}
}

#define DIGIT(c)	((c) - '0')
#define IS_DIGIT(c) ((unsigned) ((c) - '0') <= 9)

/*
 * The hot path of text input: one pass over the characters, the fields read
 * from the characters themselves (no 64-bit division).  The characters are
 * checked first, then the length, so that a length is only ever reported
 * for a string of ASCII characters, whose byte count is its character count.
 */
bool
ca_idcard_parse(const char *text, size_t len, int64_t *body,
				ca_idcard_error *err)
{
	size_t		start = 0;
	size_t		end = len;
	const unsigned char *p;
	size_t		n;
	size_t		i;
	int64_t		value = 0;
	int			sum = 0;
	int			year,
				month,
				day;

	while (start < end && text[start] == ' ')
		start++;
	while (end > start && text[end - 1] == ' ')
		end--;
	if (start == end)
	{
		set_error(err, CA_IDCARD_EMPTY);
		return false;
	}
	p = (const unsigned char *) text + start;
	n = end - start;

	if (n == 18)
	{
		for (i = 0; i < 17; i++)
		{
			int			d = DIGIT(p[i]);

			if (!IS_DIGIT(p[i]))
			{
				not_digit(err, i, p[i]);
				return false;
			}
			value = value * 10 + d;
			sum += d * weights[i];
		}
		if (!IS_DIGIT(p[17]) && p[17] != 'X' && p[17] != 'x')
		{
			not_digit(err, 17, p[17]);
			return false;
		}
		year = DIGIT(p[6]) * 1000 + DIGIT(p[7]) * 100 + DIGIT(p[8]) * 10 + DIGIT(p[9]);
		month = DIGIT(p[10]) * 10 + DIGIT(p[11]);
		day = DIGIT(p[12]) * 10 + DIGIT(p[13]);
	}
	else if (n == 15)
	{
		/* Region, then 19 in front of YYMMDD, then the sequence; no check
		 * character, so a final X is an error like any other letter. */
		for (i = 0; i < 15; i++)
		{
			int			d = DIGIT(p[i]);
			int			at = i < 6 ? (int) i : (int) i + 2;

			if (!IS_DIGIT(p[i]))
			{
				not_digit(err, i, p[i]);
				return false;
			}
			if (i == 6)
			{
				value = value * 100 + 19;
				sum += 1 * weights[6] + 9 * weights[7];
			}
			value = value * 10 + d;
			sum += d * weights[at];
		}
		year = 1900 + DIGIT(p[6]) * 10 + DIGIT(p[7]);
		month = DIGIT(p[8]) * 10 + DIGIT(p[9]);
		day = DIGIT(p[10]) * 10 + DIGIT(p[11]);
	}
	else
	{
		/* Any other length: a bad character, if any, is the first reason. */
		for (i = 0; i < n; i++)
		{
			if (IS_DIGIT(p[i]) || ((p[i] == 'X' || p[i] == 'x') && i == n - 1))
				continue;
			not_digit(err, i, p[i]);
			return false;
		}
		set_error(err, CA_IDCARD_BAD_LENGTH);
		if (err)
			err->length = n;
		return false;
	}

	if (!check_fields(DIGIT(p[0]) * 10 + DIGIT(p[1]), year, month, day, err))
		return false;

	if (n == 18)
	{
		char		expected = check_chars[sum % 11];
		char		got = (char) (p[17] == 'x' ? 'X' : p[17]);

		if (got != expected)
		{
			set_error(err, CA_IDCARD_BAD_CHECK);
			if (err)
			{
				err->expected = expected;
				err->got = got;
			}
			return false;
		}
	}

	set_error(err, CA_IDCARD_OK);
	*body = value;
	return true;
}

void
ca_idcard_birth_date(int64_t body, int *year, int *month, int *day)
{
	int			date = (int) ((body / DATE_UNIT) % 100000000);

	*year = date / 10000;
	*month = date / 100 % 100;
	*day = date % 100;
}

bool
ca_idcard_check_body(int64_t body, ca_idcard_error *err)
{
	int			year,
				month,
				day;

	if (body < 0 || body >= CA_IDCARD_BODY_LIMIT)
	{
		set_error(err, CA_IDCARD_OUT_OF_RANGE);
		return false;
	}
	ca_idcard_birth_date(body, &year, &month, &day);
	if (!check_fields((int) (body / PROVINCE_UNIT), year, month, day, err))
		return false;
	set_error(err, CA_IDCARD_OK);
	return true;
}

int
ca_idcard_check_value(const char digits[17])
{
	int			sum = 0;
	int			i;

	for (i = 0; i < 17; i++)
	{
		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		sum += (digits[i] - '0') * weights[i];
	}
	/* The value v with sum + v ≡ 1 (mod 11). */
	return (12 - sum % 11) % 11;
}

char
ca_idcard_check_char(const char digits[17])
{
	int			v = ca_idcard_check_value(digits);

	if (v < 0)
		return '\0';
	return v == 10 ? 'X' : (char) ('0' + v);
}

/* Write the body's 17 digits into buf and return their weighted sum. */
static int
body_digits(int64_t body, char buf[17])
{
	int			sum = 0;
	int			i;

	for (i = 16; i >= 0; i--)
	{
		int			d = (int) (body % 10);

		buf[i] = (char) ('0' + d);
		sum += d * weights[i];
		body /= 10;
	}
	return sum;
}

char
ca_idcard_body_check_char(int64_t body)
{
	char		buf[17];

	if (body < 0 || body >= CA_IDCARD_BODY_LIMIT)
		return '\0';
	return check_chars[body_digits(body, buf) % 11];
}

size_t
ca_idcard_format(int64_t body, char buf[CA_IDCARD_TEXT_SIZE])
{
	if (body < 0 || body >= CA_IDCARD_BODY_LIMIT)
	{
		/* Not a number of ours; print nothing rather than garbage. */
		buf[0] = '\0';
		return 0;
	}
	buf[17] = check_chars[body_digits(body, buf) % 11];
	buf[18] = '\0';
	return 18;
}

bool
ca_idcard_upgrade(const char *text, size_t len, char out[CA_IDCARD_TEXT_SIZE],
				  ca_idcard_error *err)
{
	int64_t		body;

	if (!ca_idcard_parse(text, len, &body, err))
	{
		out[0] = '\0';
		return false;
	}
	ca_idcard_format(body, out);
	return true;
}

size_t
ca_idcard_mask(int64_t body, char buf[CA_IDCARD_TEXT_SIZE])
{
	size_t		len = ca_idcard_format(body, buf);

	if (len == 18)
		memset(buf + 6, '*', 8);
	return len;
}

char
ca_idcard_sex(int64_t body)
{
	return (body % 10) % 2 == 1 ? 'M' : 'F';
}

int
ca_idcard_age(int64_t body, int year, int month, int day)
{
	int			by,
				bm,
				bd;
	int			age;

	ca_idcard_birth_date(body, &by, &bm, &bd);
	if (year < by ||
		(year == by && (month < bm || (month == bm && day < bd))))
		return -1;
	age = year - by;
	if (month < bm || (month == bm && day < bd))
		age--;
	return age;
}

int64_t
ca_idcard_region(int64_t body)
{
	int64_t		code;

	if (body < 0 || body >= CA_IDCARD_BODY_LIMIT)
		return -1;
	code = (body / REGION_UNIT) * ADCODE_COUNTY_UNIT;
	if (!ca_adcode_check(code, NULL))
		return -1;
	return code;
}

size_t
ca_idcard_reason(const ca_idcard_error *err, char *buf, size_t size)
{
	int			n = 0;

	switch (err->status)
	{
		case CA_IDCARD_OK:
			n = snprintf(buf, size, "valid");
			break;
		case CA_IDCARD_EMPTY:
			n = snprintf(buf, size, "the number is empty");
			break;
		case CA_IDCARD_NOT_DIGIT:
			if (err->character == 'X' || err->character == 'x')
				n = snprintf(buf, size,
							 "character %zu is \"%c\"; only the 18th character of an 18-character number may be X",
							 err->position + 1, (char) err->character);
			else if (err->character >= 0x80)
				n = snprintf(buf, size, "character %zu is not an ASCII digit",
							 err->position + 1);
			else if (err->character < 0x20 || err->character == 0x7f)
				n = snprintf(buf, size, "character %zu is a control character, not a digit",
							 err->position + 1);
			else
				n = snprintf(buf, size, "character %zu is \"%c\", not a digit",
							 err->position + 1, (char) err->character);
			break;
		case CA_IDCARD_BAD_LENGTH:
			n = snprintf(buf, size,
						 "the number has %zu characters; expected 18, or 15 for a first-generation number",
						 err->length);
			break;
		case CA_IDCARD_BAD_PROVINCE:
			n = snprintf(buf, size,
						 "the first two digits, \"%02d\", are not a province-level code of GB/T 2260",
						 err->province);
			break;
		case CA_IDCARD_BAD_MONTH:
			n = snprintf(buf, size,
						 "birth date %04d-%02d-%02d does not exist: there is no month %02d",
						 err->year, err->month, err->day, err->month);
			break;
		case CA_IDCARD_BAD_DAY:
			if (err->day == 0)
				n = snprintf(buf, size,
							 "birth date %04d-%02d-%02d does not exist: there is no day 00",
							 err->year, err->month, err->day);
			else if (err->month == 2 && err->day == 29)
				n = snprintf(buf, size,
							 "birth date %04d-%02d-%02d does not exist: %04d is not a leap year",
							 err->year, err->month, err->day, err->year);
			else
				n = snprintf(buf, size,
							 "birth date %04d-%02d-%02d does not exist: month %02d has %d days",
							 err->year, err->month, err->day, err->month,
							 days_in_month(err->year, err->month));
			break;
		case CA_IDCARD_BEFORE_1900:
			n = snprintf(buf, size, "birth date %04d-%02d-%02d is before 1900",
						 err->year, err->month, err->day);
			break;
		case CA_IDCARD_BAD_CHECK:
			n = snprintf(buf, size, "check character is \"%c\", expected \"%c\"",
						 err->got, err->expected);
			break;
		case CA_IDCARD_OUT_OF_RANGE:
			n = snprintf(buf, size,
						 "the value is not the 17 leading digits of a number (0 to 99999999999999999)");
			break;
		default:
			n = snprintf(buf, size, "unknown error");
			break;
	}
	return n < 0 ? 0 : (size_t) n;
}

const char *
ca_idcard_status_text(ca_idcard_status status)
{
	switch (status)
	{
		case CA_IDCARD_OK:
			return "valid";
		case CA_IDCARD_EMPTY:
			return "empty";
		case CA_IDCARD_NOT_DIGIT:
			return "not a digit";
		case CA_IDCARD_BAD_LENGTH:
			return "wrong length";
		case CA_IDCARD_BAD_PROVINCE:
			return "not a province code";
		case CA_IDCARD_BAD_MONTH:
			return "impossible birth month";
		case CA_IDCARD_BAD_DAY:
			return "impossible birth day";
		case CA_IDCARD_BEFORE_1900:
			return "birth date before 1900";
		case CA_IDCARD_BAD_CHECK:
			return "wrong check character";
		case CA_IDCARD_OUT_OF_RANGE:
			return "out of range";
	}
	return "unknown error";
}
