/* test_adcode.c: the adcode kernel, without PostgreSQL. */
#include "adcode.h"
#include "unit.h"

static int64_t
parse_ok(const char *text)
{
	int64_t		code = -1;
	ca_adcode_error err;

	UNIT_CHECK(ca_adcode_parse(text, strlen(text), &code, &err),
			   "\"%s\" rejected: %s", text, ca_adcode_status_text(err.status));
	return code;
}

static ca_adcode_error
parse_bad(const char *text, ca_adcode_status expected)
{
	int64_t		code = -1;
	ca_adcode_error err;

	memset(&err, 0, sizeof(err));
	UNIT_CHECK(!ca_adcode_parse(text, strlen(text), &code, &err),
			   "\"%s\" accepted as %" PRId64, text, code);
	UNIT_CHECK(err.status == expected, "\"%s\": status %d, expected %d",
			   text, (int) err.status, (int) expected);
	return err;
}

static const char *
format(int64_t code)
{
	static char buf[CA_ADCODE_TEXT_SIZE];

	ca_adcode_format(code, buf);
	return buf;
}

static void
test_parse_and_format(void)
{
	/* every accepted length, padded to 12 digits */
	CHECK_INT(parse_ok("45"), INT64_C(450000000000));
	CHECK_INT(parse_ok("4501"), INT64_C(450100000000));
	CHECK_INT(parse_ok("450107"), INT64_C(450107000000));
	CHECK_INT(parse_ok("450107001"), INT64_C(450107001000));
	CHECK_INT(parse_ok("450107001001"), INT64_C(450107001001));
	/* trailing zero groups are the same division */
	CHECK_INT(parse_ok("450107000000"), INT64_C(450107000000));
	CHECK_INT(parse_ok("4500"), INT64_C(450000000000));
	CHECK_INT(parse_ok("  450107 "), INT64_C(450107000000));
	/* townships directly under a prefecture without counties (东莞) */
	CHECK_INT(parse_ok("441900003"), INT64_C(441900003000));
	CHECK_INT(parse_ok("82"), INT64_C(820000000000));

	CHECK_STR(format(INT64_C(450000000000)), "450000");
	CHECK_STR(format(INT64_C(450100000000)), "450100");
	CHECK_STR(format(INT64_C(450107000000)), "450107");
	CHECK_STR(format(INT64_C(450107001000)), "450107001");
	CHECK_STR(format(INT64_C(450107001001)), "450107001001");
	CHECK_STR(format(INT64_C(110101001010)), "110101001010");
	CHECK_STR(format(INT64_C(441900003000)), "441900003");
	CHECK_STR(format(INT64_C(-1)), "");
	CHECK_STR(format(INT64_C(1000000000000)), "");
	CHECK_STR(format(INT64_C(0)), "000000");
	CHECK_STR(format(INT64_C(999999999999)), "999999999999");
	CHECK_STR(format(INT64_C(820000000001)), "820000000001");
	CHECK_STR(format(INT64_C(820000001000)), "820000001");
}

/*
 * The width printed is the width of the code's level (6 digits up to a
 * county, 9 for a township, 12 for a village), for codes with every
 * combination of zero and non-zero parts, each part at its smallest and
 * largest value.
 */
static void
test_format_width_is_level(void)
{
	static const int64_t province[] = {10, 45, 99};
	static const int64_t two_digit[] = {0, 1, 7, 99};
	static const int64_t three_digit[] = {0, 1, 100, 999};
	int			mismatches = 0, checked = 0;
	size_t		a, b, c, d, e;

	for (a = 0; a < 3; a++)
		for (b = 0; b < 4; b++)
			for (c = 0; c < 4; c++)
				for (d = 0; d < 4; d++)
					for (e = 0; e < 4; e++)
					{
						int64_t		code = province[a] * INT64_C(10000000000) + two_digit[b] * INT64_C(100000000)
							+ two_digit[c] * INT64_C(1000000) + three_digit[d] * INT64_C(1000) + three_digit[e];
						int			level = ca_adcode_level(code);
						size_t		width = level <= CA_ADCODE_LEVEL_COUNTY ? 6 : level == CA_ADCODE_LEVEL_TOWNSHIP ? 9 : 12;
						char		all[32];
						char		got[CA_ADCODE_TEXT_SIZE];

						snprintf(all, sizeof(all), "%012lld", (long long) code);
						all[width] = '\0';
						mismatches += ca_adcode_format(code, got) != width || strcmp(got, all) != 0;
						checked++;
					}
	CHECK_INT(checked, 768);
	CHECK_INT(mismatches, 0);
}

static void
test_rejections(void)
{
	ca_adcode_error err;

	err = parse_bad("4501x", CA_ADCODE_NOT_DIGIT);
	CHECK_INT(err.position, 4);
	parse_bad("", CA_ADCODE_EMPTY);
	parse_bad("   ", CA_ADCODE_EMPTY);
	err = parse_bad("45010", CA_ADCODE_BAD_LENGTH);
	CHECK_INT(err.digits, 5);
	err = parse_bad("1234567", CA_ADCODE_BAD_LENGTH);
	CHECK_INT(err.digits, 7);
	parse_bad("4501070010011", CA_ADCODE_BAD_LENGTH);
	parse_bad("45010700100112345678901234567890", CA_ADCODE_BAD_LENGTH);
	parse_bad("4", CA_ADCODE_BAD_LENGTH);
	parse_bad("-45", CA_ADCODE_NOT_DIGIT);
	parse_bad("45 01", CA_ADCODE_NOT_DIGIT);
	parse_bad("+450107", CA_ADCODE_NOT_DIGIT);
	parse_bad("\xef\xbc\x94\xef\xbc\x95", CA_ADCODE_NOT_DIGIT);	/* full-width ４５ */
	/* province parts that GB/T 2260 does not have */
	parse_bad("00", CA_ADCODE_BAD_PROVINCE);
	parse_bad("10", CA_ADCODE_BAD_PROVINCE);
	parse_bad("990000", CA_ADCODE_BAD_PROVINCE);
	parse_bad("473456", CA_ADCODE_BAD_PROVINCE);
	/* 12 is Tianjin: syntactically a code, whether or not it exists */
	CHECK_INT(parse_ok("123456"), INT64_C(123456000000));
	/* a village under a zero township, a county under a zero prefecture */
	err = parse_bad("450107000001", CA_ADCODE_ORPHAN_PART);
	CHECK_INT(err.level, CA_ADCODE_LEVEL_TOWNSHIP);
	err = parse_bad("450007", CA_ADCODE_ORPHAN_PART);
	CHECK_INT(err.level, CA_ADCODE_LEVEL_PREFECTURE);
	parse_bad("450000001", CA_ADCODE_ORPHAN_PART);
}

static void
test_check_numbers(void)
{
	ca_adcode_error err;

	UNIT_CHECK(ca_adcode_check(INT64_C(450107000000), &err), "450107000000 rejected");
	UNIT_CHECK(!ca_adcode_check(INT64_C(-1), &err) && err.status == CA_ADCODE_OUT_OF_RANGE,
			   "-1 accepted");
	UNIT_CHECK(!ca_adcode_check(INT64_C(1000000000000), &err) &&
			   err.status == CA_ADCODE_OUT_OF_RANGE, "10^12 accepted");
	UNIT_CHECK(!ca_adcode_check(INT64_C(450107), &err) && err.status == CA_ADCODE_BAD_PROVINCE,
			   "450107 as a 12-digit number accepted");
}

static void
test_navigation(void)
{
	int64_t		village = INT64_C(450107001001);
	int64_t		lower,
				upper;

	CHECK_INT(ca_adcode_level(INT64_C(450000000000)), 1);
	CHECK_INT(ca_adcode_level(INT64_C(450100000000)), 2);
	CHECK_INT(ca_adcode_level(INT64_C(450107000000)), 3);
	CHECK_INT(ca_adcode_level(INT64_C(450107001000)), 4);
	CHECK_INT(ca_adcode_level(village), 5);
	CHECK_INT(ca_adcode_level(INT64_C(441900003000)), 4);

	CHECK_INT(ca_adcode_parent(village), INT64_C(450107001000));
	CHECK_INT(ca_adcode_parent(INT64_C(450107001000)), INT64_C(450107000000));
	CHECK_INT(ca_adcode_parent(INT64_C(450107000000)), INT64_C(450100000000));
	CHECK_INT(ca_adcode_parent(INT64_C(450100000000)), INT64_C(450000000000));
	CHECK_INT(ca_adcode_parent(INT64_C(450000000000)), -1);
	/* 东莞's towns hang directly from the prefecture */
	CHECK_INT(ca_adcode_parent(INT64_C(441900003000)), INT64_C(441900000000));

	CHECK_INT(ca_adcode_ancestor(village, 1), INT64_C(450000000000));
	CHECK_INT(ca_adcode_ancestor(village, 2), INT64_C(450100000000));
	CHECK_INT(ca_adcode_ancestor(village, 3), INT64_C(450107000000));
	CHECK_INT(ca_adcode_ancestor(village, 4), INT64_C(450107001000));
	CHECK_INT(ca_adcode_ancestor(village, 5), village);
	CHECK_INT(ca_adcode_ancestor(INT64_C(450107000000), 4), -1);
	CHECK_INT(ca_adcode_ancestor(INT64_C(441900003000), 3), -1);
	CHECK_INT(ca_adcode_ancestor(village, 0), -1);
	CHECK_INT(ca_adcode_ancestor(village, 6), -1);

	ca_adcode_subtree(INT64_C(450000000000), &lower, &upper);
	CHECK_INT(lower, INT64_C(450000000000));
	CHECK_INT(upper, INT64_C(460000000000));
	ca_adcode_subtree(INT64_C(450100000000), &lower, &upper);
	CHECK_INT(upper, INT64_C(450200000000));
	ca_adcode_subtree(INT64_C(450107001000), &lower, &upper);
	CHECK_INT(upper, INT64_C(450107002000));
	ca_adcode_subtree(village, &lower, &upper);
	CHECK_INT(upper, village + 1);

	UNIT_CHECK(ca_adcode_contains(INT64_C(450000000000), village), "45 @> village");
	UNIT_CHECK(ca_adcode_contains(INT64_C(450100000000), village), "4501 @> village");
	UNIT_CHECK(ca_adcode_contains(village, village), "village @> itself");
	UNIT_CHECK(!ca_adcode_contains(village, INT64_C(450107000000)), "village @> county");
	UNIT_CHECK(!ca_adcode_contains(INT64_C(450100000000), INT64_C(450200000000)), "4501 @> 4502");
	UNIT_CHECK(!ca_adcode_contains(INT64_C(450107000000), INT64_C(450108001000)), "450107 @> 450108001");
}

static void
test_province_codes(void)
{
	int			p,
				count = 0;

	for (p = 0; p < 100; p++)
		count += ca_adcode_is_province_code(p);
	CHECK_INT(count, 34);
	UNIT_CHECK(ca_adcode_is_province_code(71), "71 Taiwan");
	UNIT_CHECK(!ca_adcode_is_province_code(47), "47");
}

int
main(void)
{
	test_parse_and_format();
	test_format_width_is_level();
	test_rejections();
	test_check_numbers();
	test_navigation();
	test_province_codes();
	return unit_report("adcode kernel");
}
