/*
 * test_address.c: the address matcher kernel, without PostgreSQL: a small
 * hand-made index first (every rule on its own), then the shipped reference
 * data (data/division.csv, data/division_change.csv), read from the
 * repository the tests run in.
 */
#include "address.h"
#include "adcode.h"
#include "unit.h"

#include <stdlib.h>
#include <time.h>

#define DAY(y, m, d) ((int32_t) ((y) * 372 + (m) * 31 + (d)))	/* ordered, not calendar-exact */
#define TODAY DAY(2026, 11, 28)

static int64_t
code12(const char *text)
{
	int64_t		code = 0;
	ca_adcode_error err;

	if (!ca_adcode_parse(text, strlen(text), &code, &err))
	{
		printf("bad code in test: %s\n", text);
		exit(2);
	}
	return code;
}

static void
division(ca_address_builder *b, const char *code, const char *name, const char *short_name)
{
	ca_address_status status = ca_address_add_division(b, code12(code), name, strlen(name),
													   short_name, strlen(short_name),
													   strcmp(name, "市辖区") == 0,
													   CA_ADDRESS_DAY_MIN, CA_ADDRESS_DAY_MAX);

	UNIT_CHECK(status == CA_ADDRESS_OK, "adding %s: %s", code, ca_address_status_text(status));
}

static void
change(ca_address_builder *b, const char *old_code, const char *old_name, const char *new_code,
	   int32_t on)
{
	ca_address_status status = ca_address_add_change(b, code12(old_code), old_name,
													 strlen(old_name),
													 new_code ? code12(new_code) : 0, on);

	UNIT_CHECK(status == CA_ADDRESS_OK, "change %s: %s", old_code, ca_address_status_text(status));
}

static const char *const street_terms[] = {"路", "街", "大道", "巷", "东路", "西路", "南路", "北路"};

static void
terms(ca_address_builder *b)
{
	size_t		i;

	for (i = 0; i < sizeof(street_terms) / sizeof(street_terms[0]); i++)
		CHECK_INT(ca_address_add_term(b, street_terms[i], strlen(street_terms[i])), CA_ADDRESS_OK);
}

static ca_address_index *
small_index(void)
{
	ca_address_builder *b = ca_address_builder_new();
	ca_address_index *index = NULL;

	division(b, "110000", "北京市", "北京");
	division(b, "110100", "市辖区", "市辖区");
	division(b, "110105", "朝阳区", "朝阳");
	division(b, "110105001", "建外街道", "建外");
	division(b, "220000", "吉林省", "吉林");
	division(b, "220100", "长春市", "长春");
	division(b, "220104", "朝阳区", "朝阳");
	division(b, "220200", "吉林市", "吉林");
	division(b, "450000", "广西壮族自治区", "广西");
	division(b, "450100", "南宁市", "南宁");
	division(b, "450102", "兴宁区", "兴宁");
	division(b, "450102001", "民生街道", "民生");
	division(b, "450105", "江南区", "江南");
	division(b, "450107", "西乡塘区", "西乡塘");
	division(b, "450107003", "西乡塘街道", "西乡塘");
	division(b, "450107005", "华强街道", "华强");
	division(b, "450110", "武鸣区", "武鸣");
	division(b, "450181", "横州市", "横州");
	division(b, "450181100", "横州镇", "横州");
	division(b, "450181101", "百合镇", "百合");
	division(b, "450181101001", "百合社区居委会", "百合社区");
	division(b, "440000", "广东省", "广东");
	division(b, "440700", "江门市", "江门");
	division(b, "440783", "开平市", "开平");
	division(b, "440783110", "百合镇", "百合");
	division(b, "441900", "东莞市", "东莞");
	division(b, "441900003", "东城街道", "东城");
	change(b, "450122", "武鸣县", "450110", DAY(2015, 2, 16));
	change(b, "450127", "横县", "450181", DAY(2021, 2, 3));
	change(b, "450199", "旧城区", NULL, DAY(2016, 7, 31));
	terms(b);
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	ca_address_builder_free(b);
	return index;
}

static ca_address_result
match(const ca_address_index *index, ca_address_scratch *s, const char *text, int32_t as_of)
{
	ca_address_result r;
	ca_address_status status = ca_address_match(index, s, text, strlen(text), as_of,
												CA_ADDRESS_WANT_DETAILS, &r);

	UNIT_CHECK(status == CA_ADDRESS_OK, "\"%s\": %s", text, ca_address_status_text(status));
	return r;
}

static void
check_found(const ca_address_index *index, ca_address_scratch *s, const char *text,
			const char *expected)
{
	ca_address_result r = match(index, s, text, TODAY);

	UNIT_CHECK(r.outcome == CA_ADDRESS_FOUND && r.code == code12(expected),
			   "\"%s\": outcome %d code %" PRId64 ", expected %s", text, (int) r.outcome,
			   r.code, expected);
}

static void
test_small_index(void)
{
	ca_address_index *index = small_index();
	ca_address_scratch *s = ca_address_scratch_new();
	ca_address_result r;
	ca_address_index_stats stats;

	if (index == NULL || s == NULL)
		return;
	ca_address_index_get_stats(index, &stats);
	CHECK_INT(stats.divisions, 27);
	/* 26 real divisions, full and short; retired: 3 full names, and 旧城 only:
	 * no current name here ends in 县, so 武鸣县 keeps its suffix, and 横 would
	 * be one character */
	CHECK_INT(stats.names, 26 * 2 + 4);

	/* the full chain, and what is left of the address */
	r = match(index, s, "广西南宁西乡塘区大学东路100号", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_FOUND);
	CHECK_INT(r.code, code12("450107"));
	CHECK_INT(r.parts[0], code12("450000"));
	CHECK_INT(r.parts[1], code12("450100"));
	CHECK_INT(r.parts[2], code12("450107"));
	CHECK_INT(r.parts[3], 0);
	CHECK_STR(r.remainder, "大学东路100号");
	CHECK_INT(r.score, 4 * 2 + 4 * 2 + 4 * 4 + 2);
	UNIT_CHECK(r.confidence == 1.0, "confidence %g", r.confidence);

	/* traditional characters and full-width spaces go through the normalizer */
	check_found(index, s, "南寧市興寧區民主路", "450102");
	check_found(index, s, "广西\u3000南宁　江南区 ", "450105");
	/* retired names follow division_change to the code in force */
	check_found(index, s, "横县百合镇", "450181101");
	check_found(index, s, "武鸣县", "450110");
	r = match(index, s, "武鸣县", DAY(2010, 1, 1));
	CHECK_INT(r.code, code12("450122"));
	r = match(index, s, "横县", DAY(2020, 1, 1));
	CHECK_INT(r.code, code12("450127"));
	CHECK_INT(r.parts[1], code12("450100"));
	/* an abolished name names nothing after its date, its code before */
	r = match(index, s, "旧城区", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	r = match(index, s, "旧城区", DAY(2016, 1, 1));
	CHECK_INT(r.code, code12("450199"));

	/* a shared name: the other parts decide, alone it is ambiguous */
	check_found(index, s, "北京朝阳区建国路", "110105");
	check_found(index, s, "长春市朝阳区", "220104");
	check_found(index, s, "吉林省长春市朝阳区", "220104");
	r = match(index, s, "朝阳区", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_AMBIGUOUS);
	CHECK_INT(r.code, 0);
	CHECK_INT(r.ncandidates, 2);
	CHECK_INT(r.candidates[0].code, code12("110105"));
	CHECK_INT(r.candidates[1].code, code12("220104"));
	UNIT_CHECK(r.confidence == 0.5, "confidence %g", r.confidence);
	CHECK_INT(r.parts[0], 0);
	CHECK_STR(r.remainder, "朝阳区");
	/* 百合镇 alone: two townships of that name */
	r = match(index, s, "百合镇", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_AMBIGUOUS);
	/* ...and what they share, when they share something */
	r = match(index, s, "广东百合镇", TODAY);
	CHECK_INT(r.code, code12("440783110"));

	/* placeholders are never named, and are left out of the parts */
	r = match(index, s, "市辖区", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	r = match(index, s, "北京市朝阳区建外街道1号", TODAY);
	CHECK_INT(r.code, code12("110105001"));
	CHECK_INT(r.parts[0], code12("110000"));
	CHECK_INT(r.parts[1], 0);
	CHECK_INT(r.parts[2], code12("110105"));
	CHECK_INT(r.parts[3], code12("110105001"));
	CHECK_STR(r.remainder, "1号");
	/* a township directly under its prefecture */
	r = match(index, s, "东莞东城街道", TODAY);
	CHECK_INT(r.code, code12("441900003"));
	CHECK_INT(r.parts[2], 0);
	CHECK_INT(r.parts[3], code12("441900003"));

	/* the same text as county and as township: the county, which contains both */
	check_found(index, s, "横州", "450181");
	check_found(index, s, "南宁横州镇", "450181100");
	/* a village under its township */
	check_found(index, s, "横州市百合镇百合社区", "450181101001");

	/* a short name followed by a street term is a street, not a division */
	r = match(index, s, "南宁市华强路", TODAY);
	CHECK_INT(r.code, code12("450100"));
	CHECK_STR(r.remainder, "华强路");
	r = match(index, s, "南宁市华强街道", TODAY);
	CHECK_INT(r.code, code12("450107005"));
	r = match(index, s, "广西北路", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	/* order matters: a name before the address is not a part of it */
	r = match(index, s, "张华强 13800138000 南宁市西乡塘区", TODAY);
	CHECK_INT(r.code, code12("450107"));
	CHECK_STR(r.remainder, "张华强13800138000");	/* the normalizer drops spaces */
	UNIT_CHECK(r.confidence == 1.0, "confidence %g", r.confidence);
	/* a rival behind by a two-character name leaves 5% doubt */
	r = match(index, s, "吉林朝阳区", TODAY);
	CHECK_INT(r.code, code12("220104"));
	UNIT_CHECK(r.confidence == 0.95, "confidence %g", r.confidence);

	/* nothing, empty, line breaks, and bad input */
	r = match(index, s, "", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	CHECK_STR(r.remainder, "");
	r = match(index, s, "hello world", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	CHECK_STR(r.remainder, "hello world");
	check_found(index, s, "广西南宁\n江南区", "450105");
	CHECK_INT(ca_address_match(index, s, "南宁\x01", strlen("南宁\x01"), TODAY, 0, &r),
			  CA_ADDRESS_CONTROL_CHAR);
	CHECK_INT(ca_address_match(index, s, "南\xff宁", strlen("南\xff宁"), TODAY, 0, &r),
			  CA_ADDRESS_INVALID_UTF8);
	CHECK_INT(ca_address_match(index, s, "南宁", 4, TODAY, 0, &r), CA_ADDRESS_INVALID_UTF8);
	{
		size_t		len = CA_ADDRESS_MAX_BYTES + 1;
		char	   *big = malloc(len);

		memset(big, 'a', len);
		CHECK_INT(ca_address_match(index, s, big, len, TODAY, 0, &r), CA_ADDRESS_TOO_LONG);
		CHECK_INT(ca_address_match(index, s, big, len - 1, TODAY, 0, &r), CA_ADDRESS_OK);
		free(big);
	}

	/* without details, the same answer */
	CHECK_INT(ca_address_match(index, s, "北京朝阳区", 15, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.code, code12("110105"));

	ca_address_scratch_free(s);
	ca_address_index_free(index);
}

static void
test_builder_errors(void)
{
	ca_address_builder *b = ca_address_builder_new();
	ca_address_index *index = NULL;
	ca_address_result r;
	ca_address_scratch *s = ca_address_scratch_new();

	CHECK_INT(ca_address_add_division(b, 0, "x", 1, "x", 1, false, 0, 1), CA_ADDRESS_BAD_CODE);
	CHECK_INT(ca_address_add_division(b, INT64_C(990000000000), "x", 1, "x", 1, false, 0, 1),
			  CA_ADDRESS_BAD_CODE);
	CHECK_INT(ca_address_add_division(b, code12("450100"), "南\xff", 4, "南", 3, false, 0, 1),
			  CA_ADDRESS_INVALID_UTF8);
	CHECK_INT(ca_address_add_change(b, code12("450127"), "横县", 6, 1, 0), CA_ADDRESS_BAD_CODE);
	/* a valid period: only on the days it covers */
	CHECK_INT(ca_address_add_division(b, code12("450100"), "南宁市", 9, "南宁", 6, false,
									  DAY(2000, 1, 1), DAY(2030, 1, 1)), CA_ADDRESS_OK);
	/* an empty index reads nothing, a built one reads within the period */
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	CHECK_INT(ca_address_match(index, s, "南宁市", 9, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.code, code12("450100"));
	CHECK_INT(ca_address_match(index, s, "南宁市", 9, DAY(1999, 1, 1), 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	CHECK_INT(ca_address_match(index, s, "南宁市", 9, DAY(2030, 1, 1), 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	ca_address_index_free(index);
	/* building twice from one builder gives the same index */
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	CHECK_INT(ca_address_match(index, s, "南宁", 6, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.code, code12("450100"));
	ca_address_index_free(index);
	ca_address_builder_free(b);

	/* names beyond the Basic Multilingual Plane (CJK extension B) */
	b = ca_address_builder_new();
	CHECK_INT(ca_address_add_division(b, code12("450199"), "\U00020000\U00020001区", 11,
									  "\U00020000\U00020001", 8, false,
									  CA_ADDRESS_DAY_MIN, CA_ADDRESS_DAY_MAX), CA_ADDRESS_OK);
	terms(b);
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	CHECK_INT(ca_address_match(index, s, "南宁\U00020000\U00020001路", 17, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);	/* a street */
	CHECK_INT(ca_address_match(index, s, "\U00020000\U00020001区", 11, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.code, code12("450199"));
	ca_address_index_free(index);
	ca_address_builder_free(b);

	b = ca_address_builder_new();
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	CHECK_INT(ca_address_match(index, s, "南宁", 6, TODAY, 0, &r), CA_ADDRESS_OK);
	CHECK_INT(r.outcome, CA_ADDRESS_NONE);
	ca_address_index_free(index);
	ca_address_builder_free(b);
	ca_address_scratch_free(s);
}

/* ---- the shipped reference data ---- */

static char *
next_field(char **line)
{
	char	   *start = *line;
	char	   *comma = strchr(start, ',');

	if (comma != NULL)
	{
		*comma = '\0';
		*line = comma + 1;
	}
	else
		*line = start + strlen(start);
	return start;
}

static int32_t
parse_day(const char *text)
{
	int			y,
				m,
				d;

	if (sscanf(text, "%d-%d-%d", &y, &m, &d) != 3)
		return CA_ADDRESS_DAY_MIN;
	return DAY(y, m, d);
}

static ca_address_index *
reference_index(double *seconds)
{
	FILE	   *f = fopen("data/division.csv", "r");
	FILE	   *g = fopen("data/division_change.csv", "r");
	ca_address_builder *b = ca_address_builder_new();
	ca_address_index *index = NULL;
	char		line[1024];
	clock_t		started;

	UNIT_CHECK(f != NULL && g != NULL, "data/division.csv or data/division_change.csv not found");
	if (f == NULL || g == NULL)
		return NULL;
	started = clock();
	if (fgets(line, sizeof(line), f) == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f))
	{
		char	   *p = line;
		char	   *code,
				   *name,
				   *short_name,
				   *placeholder;

		line[strcspn(line, "\n")] = '\0';
		code = next_field(&p);
		name = next_field(&p);
		short_name = next_field(&p);
		next_field(&p);			/* level */
		next_field(&p);			/* kind */
		next_field(&p);			/* urban */
		placeholder = next_field(&p);
		if (ca_address_add_division(b, code12(code), name, strlen(name), short_name,
									strlen(short_name), placeholder[0] == 't',
									CA_ADDRESS_DAY_MIN, CA_ADDRESS_DAY_MAX) != CA_ADDRESS_OK)
			UNIT_CHECK(0, "division %s refused", code);
	}
	if (fgets(line, sizeof(line), g) == NULL)
		return NULL;
	while (fgets(line, sizeof(line), g))
	{
		char	   *p = line;
		char	   *old_code = next_field(&p);
		char	   *old_name = next_field(&p);
		char	   *new_code = next_field(&p);
		char	   *effective_on;

		next_field(&p);			/* new_name */
		effective_on = next_field(&p);
		if (ca_address_add_change(b, code12(old_code), old_name, strlen(old_name),
								  new_code[0] ? code12(new_code) : 0,
								  parse_day(effective_on)) != CA_ADDRESS_OK)
			UNIT_CHECK(0, "change %s refused", old_code);
	}
	fclose(f);
	fclose(g);
	terms(b);
	CHECK_INT(ca_address_build(b, &index), CA_ADDRESS_OK);
	*seconds = (double) (clock() - started) / CLOCKS_PER_SEC;
	ca_address_builder_free(b);
	return index;
}

static void
test_reference_data(void)
{
	double		seconds = 0;
	ca_address_index *index = reference_index(&seconds);
	ca_address_scratch *s = ca_address_scratch_new();
	ca_address_index_stats stats;
	ca_address_result r;

	if (index == NULL)
		return;
	ca_address_index_get_stats(index, &stats);
	CHECK_INT(stats.divisions, 46558);
	UNIT_CHECK(stats.bytes < 64 * 1024 * 1024, "index of %zu bytes", stats.bytes);
	printf("reference index: %zu divisions, %zu names, %zu nodes, %.1f MB, built in %.0f ms\n",
		   stats.divisions, stats.names, stats.nodes, stats.bytes / 1048576.0, seconds * 1000);

	check_found(index, s, "广西南宁西乡塘区大学东路100号", "450107");
	check_found(index, s, "南寧市興寧區民主路", "450102");
	check_found(index, s, "横县百合镇", "450181101");
	check_found(index, s, "武鸣县", "450110");
	check_found(index, s, "广西 南宁 江南区 ", "450105");
	check_found(index, s, "北京市朝阳区", "110105");
	check_found(index, s, "长春朝阳区", "220104");
	r = match(index, s, "朝阳区", TODAY);
	CHECK_INT(r.outcome, CA_ADDRESS_AMBIGUOUS);
	CHECK_INT(r.ncandidates, 2);
	ca_address_scratch_free(s);
	ca_address_index_free(index);
}

int
main(void)
{
	test_small_index();
	test_builder_errors();
	test_reference_data();
	return unit_report("address");
}
