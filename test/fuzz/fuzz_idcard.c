/*
 * fuzz_idcard.c: libFuzzer target for the resident identity number kernel.
 *
 * Whatever the bytes:
 * - parsing must not crash, and must agree with a second, deliberately
 *   naive validator written here from the rules of GB 11643;
 * - an accepted number prints back to 18 characters that parse to the same
 *   body, pass the body check, mask and read back consistently;
 * - a rejected number has a reason that fits its buffer;
 * - eight bytes read as a body (what binary input receives) are accepted
 *   exactly when the body check says so, and then round-trip through text.
 */
#include <stdlib.h>
#include <string.h>

#include "adcode.h"
#include "idcard.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* The naive validator: copy out the number, then test each rule. */
static int
naive_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
naive_number(const char *s, int from, int count)
{
	int			v = 0;
	int			i;

	for (i = from; i < from + count; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int
naive_valid(const unsigned char *data, size_t size, char canonical[19])
{
	char		s[19];
	size_t		first = 0,
				last = size;
	size_t		n,
				i;
	int			year,
				month,
				day,
				mdays;
	long		sum = 0;
	static const int mdays_table[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	while (first < size && data[first] == ' ')
		first++;
	while (last > first && data[last - 1] == ' ')
		last--;
	n = last - first;
	if (n == 15)
	{
		for (i = 0; i < 15; i++)
			if (!naive_digit((char) data[first + i]))
				return 0;
		memcpy(s, data + first, 6);
		s[6] = '1';
		s[7] = '9';
		memcpy(s + 8, data + first + 6, 9);
	}
	else if (n == 18)
	{
		for (i = 0; i < 17; i++)
			if (!naive_digit((char) data[first + i]))
				return 0;
		memcpy(s, data + first, 17);
	}
	else
		return 0;

	if (!ca_adcode_is_province_code(naive_number(s, 0, 2)))
		return 0;
	year = naive_number(s, 6, 4);
	month = naive_number(s, 10, 2);
	day = naive_number(s, 12, 2);
	if (year < 1900 || month < 1 || month > 12 || day < 1)
		return 0;
	mdays = mdays_table[month];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		mdays = 29;
	if (day > mdays)
		return 0;

	/* weight of position i (1-based) is 2^(18-i) mod 11 */
	for (i = 0; i < 17; i++)
	{
		long		w = 1;
		size_t		k;

		for (k = 0; k < 17 - i; k++)
			w = w * 2 % 11;
		sum += (s[i] - '0') * w;
	}
	s[17] = "10X98765432"[sum % 11];
	s[18] = '\0';
	if (n == 18)
	{
		char		c = (char) data[first + 17];

		if (c == 'x')
			c = 'X';
		if (c != s[17])
			return 0;
	}
	memcpy(canonical, s, 19);
	return 1;
}

static void
check_accepted(int64_t body)
{
	char		text[CA_IDCARD_TEXT_SIZE];
	char		masked[CA_IDCARD_TEXT_SIZE];
	int64_t		again = -1;
	int			year,
				month,
				day;
	int64_t		region;

	if (ca_idcard_format(body, text) != 18 || strlen(text) != 18)
		abort();
	if (!ca_idcard_parse(text, 18, &again, NULL) || again != body)
		abort();
	if (!ca_idcard_check_body(body, NULL))
		abort();
	if (ca_idcard_body_check_char(body) != text[17] ||
		ca_idcard_check_char(text) != text[17])
		abort();
	if (ca_idcard_mask(body, masked) != 18 || memcmp(masked, text, 6) != 0 ||
		memcmp(masked + 14, text + 14, 4) != 0 || strspn(masked + 6, "*") != 8)
		abort();
	ca_idcard_birth_date(body, &year, &month, &day);
	if (year < CA_IDCARD_FIRST_YEAR || !ca_idcard_date_exists(year, month, day))
		abort();
	if (ca_idcard_age(body, year, month, day) != 0 ||
		ca_idcard_age(body, year + 1, month, day) != 1 ||
		ca_idcard_age(body, year, month, day - 1) != -1)
		abort();
	if (ca_idcard_sex(body) != ((text[16] - '0') % 2 ? 'M' : 'F'))
		abort();
	region = ca_idcard_region(body);
	if (region != -1 && (region / 1000000 != body / INT64_C(100000000000) ||
						 !ca_adcode_check(region, NULL)))
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	int64_t		body = -1;
	ca_idcard_error err;
	char		reason[CA_IDCARD_REASON_SIZE];
	char		canonical[19];
	char		text[CA_IDCARD_TEXT_SIZE];
	int			ok;

	ok = ca_idcard_parse((const char *) data, size, &body, &err);
	if (ok != naive_valid(data, size, canonical))
		abort();
	if (ok)
	{
		check_accepted(body);
		ca_idcard_format(body, text);
		if (strcmp(text, canonical) != 0)
			abort();
	}
	else
	{
		if (err.status == CA_IDCARD_OK ||
			ca_idcard_reason(&err, reason, sizeof(reason)) >= sizeof(reason))
			abort();
	}

	/* The same bytes as binary input: a native-endian 64-bit body. */
	if (size == 8)
	{
		int64_t		raw;

		memcpy(&raw, data, 8);
		if (ca_idcard_check_body(raw, &err))
			check_accepted(raw);
		else if (ca_idcard_reason(&err, reason, sizeof(reason)) >= sizeof(reason))
			abort();
	}
	return 0;
}
