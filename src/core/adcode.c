/*
 * adcode.c: parse, check, format and navigate administrative-division codes.
 *
 * GB/T 2260 gives the first six digits (province, prefecture, county, two
 * digits each); the NBS statistical code adds a 3-digit township and a
 * 3-digit village part.  See adcode.h for the internal form.
 */
#include "adcode.h"

#include <string.h>

/* Place value of the lowest digit of each level's part in the 12-digit form. */
static const int64_t part_unit[6] = {
	0,
	INT64_C(10000000000),		/* province: digits 1-2 */
	INT64_C(100000000),			/* prefecture: digits 3-4 */
	INT64_C(1000000),			/* county: digits 5-6 */
	INT64_C(1000),				/* township: digits 7-9 */
	INT64_C(1)					/* village: digits 10-12 */
};

/* How many values each level's part can take (100 or 1000). */
static const int64_t part_span[6] = {0, 100, 100, 100, 1000, 1000};

#define CODE_LIMIT INT64_C(1000000000000)	/* 10^12: one past the largest */

/*
 * Province-level codes of GB/T 2260 (including 71 Taiwan, 81 Hong Kong,
 * 82 Macao).  This is the code's syntax, not policy: a code whose first two
 * digits are not here cannot be a division code at all.
 */
static const unsigned char province_codes[] = {
	11, 12, 13, 14, 15,
	21, 22, 23,
	31, 32, 33, 34, 35, 36, 37,
	41, 42, 43, 44, 45, 46,
	50, 51, 52, 53, 54,
	61, 62, 63, 64, 65,
	71, 81, 82
};

bool
ca_adcode_is_province_code(int province)
{
	size_t		i;

	for (i = 0; i < sizeof(province_codes); i++)
		if (province_codes[i] == province)
			return true;
	return false;
}

static int
part_of(int64_t code, int level)
{
	return (int) ((code / part_unit[level]) % part_span[level]);
}

int
ca_adcode_level(int64_t code)
{
	int			level;

	for (level = CA_ADCODE_LEVEL_VILLAGE; level > CA_ADCODE_LEVEL_PROVINCE; level--)
		if (part_of(code, level) != 0)
			return level;
	return CA_ADCODE_LEVEL_PROVINCE;
}

static void
set_error(ca_adcode_error *err, ca_adcode_status status)
{
	if (err)
	{
		memset(err, 0, sizeof(*err));
		err->status = status;
	}
}

bool
ca_adcode_check(int64_t code, ca_adcode_error *err)
{
	if (code < 0 || code >= CODE_LIMIT)
	{
		set_error(err, CA_ADCODE_OUT_OF_RANGE);
		return false;
	}
	if (!ca_adcode_is_province_code(part_of(code, CA_ADCODE_LEVEL_PROVINCE)))
	{
		set_error(err, CA_ADCODE_BAD_PROVINCE);
		return false;
	}

	/*
	 * A zero prefecture part cannot have counties below it, and a zero
	 * township part cannot have villages.  A zero county part under a real
	 * prefecture is allowed: 东莞 (4419), 中山 (4420), 儋州 (4604) and 嘉峪关
	 * have townships directly below the prefecture.
	 */
	if (part_of(code, CA_ADCODE_LEVEL_PREFECTURE) == 0 &&
		code % part_unit[CA_ADCODE_LEVEL_PREFECTURE] != 0)
	{
		set_error(err, CA_ADCODE_ORPHAN_PART);
		if (err)
			err->level = CA_ADCODE_LEVEL_PREFECTURE;
		return false;
	}
	if (part_of(code, CA_ADCODE_LEVEL_TOWNSHIP) == 0 &&
		part_of(code, CA_ADCODE_LEVEL_VILLAGE) != 0)
	{
		set_error(err, CA_ADCODE_ORPHAN_PART);
		if (err)
			err->level = CA_ADCODE_LEVEL_TOWNSHIP;
		return false;
	}
	set_error(err, CA_ADCODE_OK);
	return true;
}

bool
ca_adcode_parse(const char *text, size_t len, int64_t *code,
				ca_adcode_error *err)
{
	size_t		start = 0;
	size_t		end = len;
	size_t		i;
	int64_t		value = 0;
	size_t		digits;

	while (start < end && text[start] == ' ')
		start++;
	while (end > start && text[end - 1] == ' ')
		end--;
	if (start == end)
	{
		set_error(err, CA_ADCODE_EMPTY);
		return false;
	}

	digits = end - start;
	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) text[i];

		if (c < '0' || c > '9')
		{
			set_error(err, CA_ADCODE_NOT_DIGIT);
			if (err)
				err->position = i;
			return false;
		}
		/* Stop accumulating past 12 digits; the length check rejects it. */
		if (i - start < 12)
			value = value * 10 + (c - '0');
	}

	switch (digits)
	{
		case 2:
		case 4:
		case 6:
		case 9:
		case 12:
			break;
		default:
			set_error(err, CA_ADCODE_BAD_LENGTH);
			if (err)
				err->digits = digits;
			return false;
	}

	/* Pad to 12 digits: trailing zero groups name the same division. */
	for (i = digits; i < 12; i++)
		value *= 10;

	if (!ca_adcode_check(value, err))
		return false;
	*code = value;
	return true;
}

size_t
ca_adcode_format(int64_t code, char buf[CA_ADCODE_TEXT_SIZE])
{
	int64_t		value = code;
	size_t		width;
	int			i;

	if (code < 0 || code >= CODE_LIMIT)
	{
		/* Not a code; print nothing rather than garbage. */
		buf[0] = '\0';
		return 0;
	}

	/*
	 * All twelve digits, then cut after the last non-zero part: the width
	 * of the code's level (ca_adcode_level), found from the digits rather
	 * than by dividing by each part's unit (a division by a value the
	 * compiler cannot see, several for each code printed).
	 */
	for (i = 11; i >= 0; i--)
	{
		buf[i] = (char) ('0' + value % 10);
		value /= 10;
	}
	if (memcmp(buf + 9, "000", 3) != 0)
		width = 12;
	else if (memcmp(buf + 6, "000", 3) != 0)
		width = 9;
	else
		width = 6;
	buf[width] = '\0';
	return width;
}

const char *
ca_adcode_status_text(ca_adcode_status status)
{
	switch (status)
	{
		case CA_ADCODE_OK:
			return "valid";
		case CA_ADCODE_EMPTY:
			return "The code is empty";
		case CA_ADCODE_NOT_DIGIT:
			return "A division code contains only the digits 0-9";
		case CA_ADCODE_BAD_LENGTH:
			return "A division code has 2, 4, 6, 9 or 12 digits";
		case CA_ADCODE_BAD_PROVINCE:
			return "The first two digits are not a province-level code of GB/T 2260";
		case CA_ADCODE_ORPHAN_PART:
			return "A lower-level part cannot be non-zero under a zero part";
		case CA_ADCODE_OUT_OF_RANGE:
			return "The number has more than 12 digits or is negative";
	}
	return "Unknown error";
}

int64_t
ca_adcode_ancestor(int64_t code, int level)
{
	int64_t		unit;

	if (level < CA_ADCODE_LEVEL_PROVINCE || level > CA_ADCODE_LEVEL_VILLAGE)
		return -1;
	if (level > ca_adcode_level(code) || part_of(code, level) == 0)
		return -1;
	unit = part_unit[level];
	return code - code % unit;
}

int64_t
ca_adcode_parent(int64_t code)
{
	int			level = ca_adcode_level(code);

	if (level == CA_ADCODE_LEVEL_PROVINCE)
		return -1;
	return code - (code % part_unit[level - 1]);
}

void
ca_adcode_subtree(int64_t code, int64_t *lower, int64_t *upper)
{
	int			level = ca_adcode_level(code);
	int64_t		width = part_unit[level];

	*lower = code;
	*upper = code + width;
}

bool
ca_adcode_contains(int64_t ancestor, int64_t descendant)
{
	int64_t		lower,
				upper;

	ca_adcode_subtree(ancestor, &lower, &upper);
	return descendant >= lower && descendant < upper;
}
