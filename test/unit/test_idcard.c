/* test_idcard.c: the resident identity number kernel, without PostgreSQL. */
#include "idcard.h"
#include "unit.h"

static int64_t
parse_ok(const char *text)
{
	int64_t		body = -1;
	ca_idcard_error err;
	char		reason[CA_IDCARD_REASON_SIZE];

	memset(&err, 0, sizeof(err));
	if (!ca_idcard_parse(text, strlen(text), &body, &err))
	{
		ca_idcard_reason(&err, reason, sizeof(reason));
		UNIT_CHECK(0, "\"%s\" rejected: %s", text, reason);
	}
	else
		UNIT_CHECK(1, "accepted");
	return body;
}

static ca_idcard_error
parse_bad(const char *text, ca_idcard_status expected)
{
	int64_t		body = -1;
	ca_idcard_error err;

	memset(&err, 0, sizeof(err));
	UNIT_CHECK(!ca_idcard_parse(text, strlen(text), &body, &err),
			   "\"%s\" accepted as %" PRId64, text, body);
	UNIT_CHECK(err.status == expected, "\"%s\": status %s, expected %s", text,
			   ca_idcard_status_text(err.status), ca_idcard_status_text(expected));
	UNIT_CHECK(body == -1, "\"%s\": body written on failure", text);
	return err;
}

static const char *
reason_of(const char *text)
{
	static char buf[CA_IDCARD_REASON_SIZE];
	int64_t		body;
	ca_idcard_error err;

	if (ca_idcard_parse(text, strlen(text), &body, &err))
		return "valid";
	ca_idcard_reason(&err, buf, sizeof(buf));
	return buf;
}

static const char *
format(int64_t body)
{
	static char buf[CA_IDCARD_TEXT_SIZE];

	ca_idcard_format(body, buf);
	return buf;
}

static const char *
mask(int64_t body)
{
	static char buf[CA_IDCARD_TEXT_SIZE];

	ca_idcard_mask(body, buf);
	return buf;
}

static const char *
upgrade(const char *text)
{
	static char buf[CA_IDCARD_TEXT_SIZE];
	ca_idcard_error err;

	ca_idcard_upgrade(text, strlen(text), buf, &err);
	return buf;
}

/* A small deterministic generator (xorshift64*), for the property tests. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static void
test_check_character(void)
{
	/* The example of GB 11643-1999 */
	CHECK_INT(ca_idcard_check_char("11010519491231002"), 'X');
	CHECK_INT(ca_idcard_check_value("11010519491231002"), 10);
	/* worked by hand: weighted sum 161, 161 mod 11 = 7, so "5" */
	CHECK_INT(ca_idcard_check_char("45010219800101001"), '5');
	CHECK_INT(ca_idcard_check_char("45012219800101001"), '0');
	CHECK_INT(ca_idcard_check_char("45012719750615002"), '4');
	/* all zeros: sum 0, so "1"; all ones: the weights add up to 100 ≡ 1, so "0" */
	CHECK_INT(ca_idcard_check_char("00000000000000000"), '1');
	CHECK_INT(ca_idcard_check_char("11111111111111111"), '0');
	CHECK_INT(ca_idcard_check_char("1101051949123100a"), '\0');
	CHECK_INT(ca_idcard_check_value("1101051949123100 "), -1);
	CHECK_INT(ca_idcard_body_check_char(INT64_C(11010519491231002)), 'X');
	CHECK_INT(ca_idcard_body_check_char(INT64_C(45010219800101001)), '5');
	CHECK_INT(ca_idcard_body_check_char(-1), '\0');
	CHECK_INT(ca_idcard_body_check_char(CA_IDCARD_BODY_LIMIT), '\0');
}

/*
 * MOD 11-2 catches every single-digit substitution and every transposition
 * of two adjacent digits among the 17: the weights are non-zero and no two
 * neighbours are equal modulo the prime 11.
 */
static void
test_check_character_properties(void)
{
	int			round;
	int			values[11] = {0};
	int			missed_substitution = 0;
	int			missed_transposition = 0;

	for (round = 0; round < 2000; round++)
	{
		char		digits[18];
		char		check;
		int			i,
					d;

		for (i = 0; i < 17; i++)
			digits[i] = (char) ('0' + rng() % 10);
		digits[17] = '\0';
		check = ca_idcard_check_char(digits);
		values[ca_idcard_check_value(digits)]++;

		for (i = 0; i < 17; i++)
		{
			char		saved = digits[i];

			for (d = 0; d < 10; d++)
			{
				if ('0' + d == saved)
					continue;
				digits[i] = (char) ('0' + d);
				missed_substitution += ca_idcard_check_char(digits) == check;
			}
			digits[i] = saved;
		}
		for (i = 0; i < 16; i++)
		{
			char		a = digits[i],
						b = digits[i + 1];

			if (a == b)
				continue;
			digits[i] = b;
			digits[i + 1] = a;
			missed_transposition += ca_idcard_check_char(digits) == check;
			digits[i] = a;
			digits[i + 1] = b;
		}
	}
	CHECK_INT(missed_substitution, 0);
	CHECK_INT(missed_transposition, 0);
	/* every check value turns up */
	for (round = 0; round < 11; round++)
		UNIT_CHECK(values[round] > 0, "check value %d never seen", round);
}

static void
test_parse_and_format(void)
{
	int64_t		body;

	CHECK_INT(parse_ok("11010519491231002X"), INT64_C(11010519491231002));
	CHECK_INT(parse_ok("11010519491231002x"), INT64_C(11010519491231002));
	CHECK_INT(parse_ok("  11010519491231002x   "), INT64_C(11010519491231002));
	CHECK_INT(parse_ok("450102198001010015"), INT64_C(45010219800101001));
	/* the 15-digit form is the 18-digit number it upgrades to */
	CHECK_INT(parse_ok("450102800101001"), INT64_C(45010219800101001));
	CHECK_INT(parse_ok(" 450102800101001 "), INT64_C(45010219800101001));
	/* retired region codes stay valid: 武鸣县, 横县 */
	CHECK_INT(parse_ok("450122198001010010"), INT64_C(45012219800101001));
	CHECK_INT(parse_ok("450127197506150024"), INT64_C(45012719750615002));
	/* 29 February of a leap year, 1900-01-01, 2000-02-29 */
	CHECK_INT(parse_ok("450102200002290012"), INT64_C(45010220000229001));
	CHECK_INT(parse_ok("450102190001010019"), INT64_C(45010219000101001));
	/* a province-level region, Hong Kong, Taiwan */
	CHECK_INT(parse_ok("460000199001010013"), INT64_C(46000019900101001));
	/* future birth dates are not the kernel's business */
	body = parse_ok("45010220991231001X");
	CHECK_INT(body, INT64_C(45010220991231001));
	/* the length is not NUL-terminated text */
	UNIT_CHECK(ca_idcard_parse("450102198001010015999", 18, &body, NULL) &&
			   body == INT64_C(45010219800101001), "length argument ignored");

	CHECK_STR(format(INT64_C(11010519491231002)), "11010519491231002X");
	CHECK_STR(format(INT64_C(45010219800101001)), "450102198001010015");
	CHECK_STR(format(INT64_C(0)), "000000000000000001");
	CHECK_STR(format(CA_IDCARD_BODY_LIMIT - 1), "999999999999999993");
	CHECK_STR(format(-1), "");
	CHECK_STR(format(CA_IDCARD_BODY_LIMIT), "");

	CHECK_STR(upgrade("450102800101001"), "450102198001010015");
	CHECK_STR(upgrade("110105491231002"), "11010519491231002X");
	CHECK_STR(upgrade("11010519491231002x"), "11010519491231002X");
	CHECK_STR(upgrade("450102801301001"), "");
}

static void
test_rejections(void)
{
	ca_idcard_error err;

	parse_bad("", CA_IDCARD_EMPTY);
	parse_bad("    ", CA_IDCARD_EMPTY);

	err = parse_bad("45010219800101001", CA_IDCARD_BAD_LENGTH);
	CHECK_INT(err.length, 17);
	err = parse_bad("4501021980010100155", CA_IDCARD_BAD_LENGTH);
	CHECK_INT(err.length, 19);
	err = parse_bad("450102198001010015X", CA_IDCARD_BAD_LENGTH);
	CHECK_INT(err.length, 19);
	err = parse_bad("4501028001010", CA_IDCARD_BAD_LENGTH);
	CHECK_INT(err.length, 13);
	parse_bad("1", CA_IDCARD_BAD_LENGTH);
	parse_bad("X", CA_IDCARD_BAD_LENGTH);

	err = parse_bad("4501O2198001010015", CA_IDCARD_NOT_DIGIT);
	CHECK_INT(err.position, 4);
	CHECK_INT(err.character, 'O');
	err = parse_bad(" 450102 19800101 0015", CA_IDCARD_NOT_DIGIT);
	CHECK_INT(err.position, 6);
	err = parse_bad("45010219800101X015", CA_IDCARD_NOT_DIGIT);
	CHECK_INT(err.position, 14);
	err = parse_bad("45010280010100X", CA_IDCARD_NOT_DIGIT);
	CHECK_INT(err.position, 14);
	err = parse_bad("45010280010100x", CA_IDCARD_NOT_DIGIT);
	CHECK_INT(err.character, 'x');
	parse_bad("-45010219800101001", CA_IDCARD_NOT_DIGIT);
	parse_bad("+45010219800101001", CA_IDCARD_NOT_DIGIT);
	parse_bad("45010219800101001\t", CA_IDCARD_NOT_DIGIT);
	parse_bad("45010219800101001Y", CA_IDCARD_NOT_DIGIT);
	err = parse_bad("\xef\xbc\x94\xef\xbc\x95", CA_IDCARD_NOT_DIGIT);	/* full-width ４５ */
	CHECK_INT(err.position, 0);

	err = parse_bad("470102198001010015", CA_IDCARD_BAD_PROVINCE);
	CHECK_INT(err.province, 47);
	parse_bad("000000198001010010", CA_IDCARD_BAD_PROVINCE);
	parse_bad("990102800101001", CA_IDCARD_BAD_PROVINCE);

	err = parse_bad("450102198013010015", CA_IDCARD_BAD_MONTH);
	CHECK_INT(err.month, 13);
	parse_bad("450102198000010015", CA_IDCARD_BAD_MONTH);
	err = parse_bad("450102198001320015", CA_IDCARD_BAD_DAY);
	CHECK_INT(err.day, 32);
	parse_bad("450102198001000015", CA_IDCARD_BAD_DAY);
	parse_bad("450102198004310015", CA_IDCARD_BAD_DAY);
	err = parse_bad("450102198102290015", CA_IDCARD_BAD_DAY);
	CHECK_INT(err.year, 1981);
	parse_bad("450102190002290015", CA_IDCARD_BAD_DAY);	/* 1900: not leap */
	parse_bad("450102810229001", CA_IDCARD_BAD_DAY);
	parse_bad("450102801301001", CA_IDCARD_BAD_MONTH);

	err = parse_bad("450102189912310015", CA_IDCARD_BEFORE_1900);
	CHECK_INT(err.year, 1899);
	parse_bad("450102000001010015", CA_IDCARD_BEFORE_1900);

	err = parse_bad("450102198001010016", CA_IDCARD_BAD_CHECK);
	CHECK_INT(err.expected, '5');
	CHECK_INT(err.got, '6');
	err = parse_bad("110105194912310025", CA_IDCARD_BAD_CHECK);
	CHECK_INT(err.expected, 'X');
	CHECK_INT(err.got, '5');
	err = parse_bad("45010219800101001x", CA_IDCARD_BAD_CHECK);
	CHECK_INT(err.got, 'X');

	/* order of the reasons: province before date before check character */
	parse_bad("470102198013010016", CA_IDCARD_BAD_PROVINCE);
	parse_bad("450102189913010016", CA_IDCARD_BAD_MONTH);
	parse_bad("450102189902300016", CA_IDCARD_BAD_DAY);
	parse_bad("450102189912310016", CA_IDCARD_BEFORE_1900);

	/* a NULL error pointer is allowed */
	{
		int64_t		body = 7;

		UNIT_CHECK(!ca_idcard_parse("x", 1, &body, NULL) && body == 7, "NULL err");
	}
}

static void
test_reasons(void)
{
	CHECK_STR(reason_of("11010519491231002X"), "valid");
	CHECK_STR(reason_of(" "), "the number is empty");
	CHECK_STR(reason_of("45010219800101001"),
			  "the number has 17 characters; expected 18, or 15 for a first-generation number");
	CHECK_STR(reason_of("4501O2198001010015"), "character 5 is \"O\", not a digit");
	CHECK_STR(reason_of("45010280010100x"),
			  "character 15 is \"x\"; only the 18th character of an 18-character number may be X");
	CHECK_STR(reason_of("\xef\xbc\x94"), "character 1 is not an ASCII digit");
	CHECK_STR(reason_of("4501\t2198001010015"), "character 5 is a control character, not a digit");
	CHECK_STR(reason_of("470102198001010015"),
			  "the first two digits, \"47\", are not a province-level code of GB/T 2260");
	CHECK_STR(reason_of("050102198001010015"),
			  "the first two digits, \"05\", are not a province-level code of GB/T 2260");
	CHECK_STR(reason_of("450102198013010015"),
			  "birth date 1980-13-01 does not exist: there is no month 13");
	CHECK_STR(reason_of("450102198001320015"),
			  "birth date 1980-01-32 does not exist: month 01 has 31 days");
	CHECK_STR(reason_of("450102198004310015"),
			  "birth date 1980-04-31 does not exist: month 04 has 30 days");
	CHECK_STR(reason_of("450102198001000015"),
			  "birth date 1980-01-00 does not exist: there is no day 00");
	CHECK_STR(reason_of("450102198102290015"),
			  "birth date 1981-02-29 does not exist: 1981 is not a leap year");
	CHECK_STR(reason_of("450102198102300015"),
			  "birth date 1981-02-30 does not exist: month 02 has 28 days");
	CHECK_STR(reason_of("450102198002300015"),
			  "birth date 1980-02-30 does not exist: month 02 has 29 days");
	CHECK_STR(reason_of("450102189912310015"), "birth date 1899-12-31 is before 1900");
	CHECK_STR(reason_of("110105194912310025"), "check character is \"5\", expected \"X\"");

	{
		ca_idcard_error err;
		char		small[8];
		size_t		wanted;

		UNIT_CHECK(!ca_idcard_check_body(-5, &err), "-5 accepted");
		wanted = ca_idcard_reason(&err, small, sizeof(small));
		UNIT_CHECK(wanted > sizeof(small) && strlen(small) == sizeof(small) - 1,
				   "reason not truncated safely");
	}
}

static void
test_check_body(void)
{
	ca_idcard_error err;

	UNIT_CHECK(ca_idcard_check_body(INT64_C(11010519491231002), &err), "GB example rejected");
	UNIT_CHECK(ca_idcard_check_body(INT64_C(45012719750615002), &err), "横县 rejected");
	UNIT_CHECK(!ca_idcard_check_body(-1, &err) && err.status == CA_IDCARD_OUT_OF_RANGE, "-1");
	UNIT_CHECK(!ca_idcard_check_body(CA_IDCARD_BODY_LIMIT, &err) &&
			   err.status == CA_IDCARD_OUT_OF_RANGE, "10^17");
	UNIT_CHECK(!ca_idcard_check_body(INT64_C(450107), &err) &&
			   err.status == CA_IDCARD_BAD_PROVINCE, "450107");
	UNIT_CHECK(!ca_idcard_check_body(INT64_C(45010219801301001), &err) &&
			   err.status == CA_IDCARD_BAD_MONTH, "month 13");
	UNIT_CHECK(!ca_idcard_check_body(INT64_C(45010218991231001), &err) &&
			   err.status == CA_IDCARD_BEFORE_1900, "1899");
	UNIT_CHECK(ca_idcard_check_body(CA_IDCARD_BODY_LIMIT - 1, &err) == false, "99...9");
}

/* Parsing agrees with checking the body, on many random numbers. */
static void
test_parse_matches_check_body(void)
{
	int			round;
	int			disagreements = 0;
	int			accepted = 0;

	for (round = 0; round < 100000; round++)
	{
		int64_t		body = (int64_t) (rng() % (uint64_t) CA_IDCARD_BODY_LIMIT);
		char		text[CA_IDCARD_TEXT_SIZE];
		int64_t		parsed = -1;
		bool		ok;

		/* half the time, province 45 and a plausible date, so many pass */
		if (round % 2)
			body = (INT64_C(450000) + (int64_t) (rng() % 10000)) * INT64_C(100000000000) +
				((int64_t) (1890 + rng() % 200) * 10000 +
				 (int64_t) (rng() % 14) * 100 +
				 (int64_t) (rng() % 33)) * 1000 +
				(int64_t) (rng() % 1000);
		if (body < 0 || body >= CA_IDCARD_BODY_LIMIT)
			continue;
		ca_idcard_format(body, text);
		ok = ca_idcard_parse(text, 18, &parsed, NULL);
		disagreements += ok != ca_idcard_check_body(body, NULL);
		disagreements += ok && parsed != body;
		accepted += ok;
	}
	CHECK_INT(disagreements, 0);
	UNIT_CHECK(accepted > 10000, "only %d random numbers accepted", accepted);
}

static void
test_accessors(void)
{
	int			y,
				m,
				d;
	int64_t		leap = INT64_C(45010220000229001);

	ca_idcard_birth_date(INT64_C(11010519491231002), &y, &m, &d);
	CHECK_INT(y, 1949);
	CHECK_INT(m, 12);
	CHECK_INT(d, 31);

	CHECK_INT(ca_idcard_sex(INT64_C(11010519491231002)), 'F');
	CHECK_INT(ca_idcard_sex(INT64_C(45010219800101001)), 'M');
	CHECK_INT(ca_idcard_sex(INT64_C(45010219800101000)), 'F');
	CHECK_INT(ca_idcard_sex(INT64_C(45010219800101009)), 'M');

	/* born 2000-02-29 */
	CHECK_INT(ca_idcard_age(leap, 2000, 2, 29), 0);
	CHECK_INT(ca_idcard_age(leap, 2000, 2, 28), -1);
	CHECK_INT(ca_idcard_age(leap, 1999, 12, 31), -1);
	CHECK_INT(ca_idcard_age(leap, 2001, 2, 28), 0);
	CHECK_INT(ca_idcard_age(leap, 2001, 3, 1), 1);
	CHECK_INT(ca_idcard_age(leap, 2004, 2, 28), 3);
	CHECK_INT(ca_idcard_age(leap, 2004, 2, 29), 4);
	CHECK_INT(ca_idcard_age(leap, 2026, 11, 28), 26);
	/* born 1949-12-31 */
	CHECK_INT(ca_idcard_age(INT64_C(11010519491231002), 2026, 11, 28), 76);
	CHECK_INT(ca_idcard_age(INT64_C(11010519491231002), 2026, 12, 30), 76);
	CHECK_INT(ca_idcard_age(INT64_C(11010519491231002), 2026, 12, 31), 77);
	CHECK_INT(ca_idcard_age(INT64_C(11010519491231002), 1950, 1, 1), 0);

	CHECK_INT(ca_idcard_region(INT64_C(45010219800101001)), INT64_C(450102000000));
	CHECK_INT(ca_idcard_region(INT64_C(45012719750615002)), INT64_C(450127000000));
	CHECK_INT(ca_idcard_region(INT64_C(46000019900101001)), INT64_C(460000000000));
	CHECK_INT(ca_idcard_region(INT64_C(45010019900101001)), INT64_C(450100000000));
	/* a county part under a zero prefecture part is no division code */
	CHECK_INT(ca_idcard_region(INT64_C(45000719900101001)), -1);
	CHECK_INT(ca_idcard_region(-1), -1);

	CHECK_STR(mask(INT64_C(45010219800101001)), "450102********0015");
	CHECK_STR(mask(INT64_C(11010519491231002)), "110105********002X");
	CHECK_STR(mask(-1), "");

	UNIT_CHECK(ca_idcard_date_exists(2000, 2, 29), "2000-02-29");
	UNIT_CHECK(!ca_idcard_date_exists(1900, 2, 29), "1900-02-29");
	UNIT_CHECK(!ca_idcard_date_exists(2100, 2, 29), "2100-02-29");
	UNIT_CHECK(ca_idcard_date_exists(2024, 2, 29), "2024-02-29");
	UNIT_CHECK(!ca_idcard_date_exists(2023, 0, 1), "month 0");
	UNIT_CHECK(!ca_idcard_date_exists(2023, 12, 32), "day 32");
}

/* Body order is the order of the canonical text ('X' sorts after '9'). */
static void
test_order(void)
{
	int			round;
	int			misordered = 0;

	for (round = 0; round < 10000; round++)
	{
		int64_t		a = (int64_t) (rng() % (uint64_t) CA_IDCARD_BODY_LIMIT);
		int64_t		b = round % 3 ? (int64_t) (rng() % (uint64_t) CA_IDCARD_BODY_LIMIT)
			: a + (int64_t) (rng() % 3);
		char		ta[CA_IDCARD_TEXT_SIZE],
					tb[CA_IDCARD_TEXT_SIZE];
		int			c;

		if (b >= CA_IDCARD_BODY_LIMIT)
			continue;
		ca_idcard_format(a, ta);
		ca_idcard_format(b, tb);
		c = strcmp(ta, tb);
		misordered += (a < b) != (c < 0) || (a == b) != (c == 0);
	}
	CHECK_INT(misordered, 0);
}

int
main(void)
{
	test_check_character();
	test_check_character_properties();
	test_parse_and_format();
	test_rejections();
	test_reasons();
	test_check_body();
	test_parse_matches_check_body();
	test_accessors();
	test_order();
	return unit_report("idcard kernel");
}
