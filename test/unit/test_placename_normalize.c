/* test_placename_normalize.c: the place-name normalization kernel. */
#include <stdlib.h>

#include "placename_normalize.h"
#include "unit.h"

static char result[PLACENAME_NORMALIZE_MAX(4096)];

static const char *
norm(const char *text)
{
	size_t		n;
	placename_status st = placename_normalize(text, strlen(text), result, &n);

	UNIT_CHECK(st == PLACENAME_OK, "\"%s\": %s", text, placename_status_text(st));
	result[st == PLACENAME_OK ? n : 0] = '\0';
	return result;
}

static void
norm_bad(const char *text, size_t len, placename_status expected, size_t bad_at)
{
	size_t		n = 99;
	placename_status st = placename_normalize(text, len, result, &n);

	UNIT_CHECK(st == expected, "status %d (%s), expected %d", (int) st,
			   placename_status_text(st), (int) expected);
	CHECK_INT(n, 0);
	if (expected != PLACENAME_TOO_LONG)
		CHECK_INT(placename_first_bad_byte(text, len), bad_at);
}

static void
test_width_and_spaces(void)
{
	CHECK_STR(norm("南宁市"), "南宁市");
	CHECK_STR(norm(""), "");
	CHECK_STR(norm("   "), "");
	CHECK_STR(norm("  南宁市 "), "南宁市");
	CHECK_STR(norm("南 宁　市"), "南宁市");
	CHECK_STR(norm("民族大道１２３号"), "民族大道123号");
	CHECK_STR(norm("Ａ座　ＢＣ"), "A座BC");
	CHECK_STR(norm("Wanda   Plaza"), "Wanda Plaza");
	CHECK_STR(norm("Ｗａｎｄａ　Ｐｌａｚａ"), "Wanda Plaza");
	CHECK_STR(norm("3 号楼"), "3号楼");
	CHECK_STR(norm("12\t34"), "12 34");
	CHECK_STR(norm("南宁\n市"), "南宁市");
	CHECK_STR(norm("\xc2\xa0南宁\xe2\x80\x8b市\xef\xbb\xbf"), "南宁市");	/* NBSP, ZWSP, BOM */
	CHECK_STR(norm("A\xe2\x80\x8b" "B"), "AB");
	CHECK_STR(norm("ｓｈｏｐ　（一）"), "shop(一)");
}

static void
test_punctuation(void)
{
	CHECK_STR(norm("阿依・买买提路"), "阿依·买买提路");
	CHECK_STR(norm("阿依•买买提路"), "阿依·买买提路");
	CHECK_STR(norm("阿依·买买提路"), "阿依·买买提路");
	CHECK_STR(norm("南宁市（本级）"), "南宁市(本级)");
	CHECK_STR(norm("南宁市〔本级〕"), "南宁市(本级)");
	CHECK_STR(norm("南宁市【本级】"), "南宁市(本级)");
	CHECK_STR(norm("1—2号"), "1-2号");
	CHECK_STR(norm("1–2号"), "1-2号");
	CHECK_STR(norm("1－2号"), "1-2号");
	CHECK_STR(norm("《南宁》"), "《南宁》");
	CHECK_STR(norm("五一路、七一路"), "五一路、七一路");
}

static void
test_traditional(void)
{
	CHECK_STR(norm("廣西壯族自治區"), "广西壮族自治区");
	CHECK_STR(norm("南寧市"), "南宁市");
	CHECK_STR(norm("烏魯木齊市"), "乌鲁木齐市");
	CHECK_STR(norm("臺灣"), "台湾");
	CHECK_STR(norm("長治"), "长治");
	/* Standard simplified characters stay as written. */
	CHECK_STR(norm("乾县"), "乾县");
	CHECK_STR(norm("乾縣"), "乾县");
	CHECK_STR(norm("著"), "著");
	/* Kangxi radical ⾧ (U+2FA7) and a compatibility ideograph (U+F9B2 零). */
	CHECK_STR(norm("\xe2\xbe\xa7沙"), "长沙");
	CHECK_STR(norm("\xef\xa6\xb2陵县"), "零陵县");
}

static void
test_idempotent(void)
{
	static const char *samples[] = {
		"  廣西 壯族　自治區 ", "Ａ　Ｂ", "1——2", "（　）", "a \xe3\x80\x80 b", "乾縣",
		"\xe2\xbe\xa7 \xe2\xbe\xa7", "x\xc2\xa0\xc2\xa0y"
	};
	size_t		i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
	{
		char		once[64];

		snprintf(once, sizeof(once), "%s", norm(samples[i]));
		CHECK_STR(norm(once), once);
	}
}

static void
test_bad_input(void)
{
	char	   *big;

	norm_bad("南宁\x01", 7, PLACENAME_CONTROL_CHAR, 6);
	norm_bad("a\x7f", 2, PLACENAME_CONTROL_CHAR, 1);
	norm_bad("a\xc2\x85", 3, PLACENAME_CONTROL_CHAR, 1);	/* NEL, a C1 control */
	norm_bad("南\0宁", 7, PLACENAME_CONTROL_CHAR, 3);
	norm_bad("\xc4\xcf\xc4\xfe", 4, PLACENAME_INVALID_UTF8, 0);	/* GBK 南宁 */
	norm_bad("南\xe5\xae", 5, PLACENAME_INVALID_UTF8, 3);	/* cut short */
	norm_bad("\xc0\xaf", 2, PLACENAME_INVALID_UTF8, 0);	/* overlong */
	norm_bad("\xed\xa0\x80", 3, PLACENAME_INVALID_UTF8, 0);	/* a surrogate */
	norm_bad("\xf4\x90\x80\x80", 4, PLACENAME_INVALID_UTF8, 0);	/* above U+10FFFF */

	big = malloc(PLACENAME_MAX_INPUT + 1);
	memset(big, 'a', PLACENAME_MAX_INPUT + 1);
	norm_bad(big, PLACENAME_MAX_INPUT + 1, PLACENAME_TOO_LONG, 0);
	{
		char	   *out = malloc(PLACENAME_NORMALIZE_MAX(PLACENAME_MAX_INPUT));
		size_t		n;

		CHECK_INT(placename_normalize(big, PLACENAME_MAX_INPUT, out, &n), PLACENAME_OK);
		CHECK_INT(n, PLACENAME_MAX_INPUT);
		free(out);
	}
	free(big);
}

int
main(void)
{
	test_width_and_spaces();
	test_punctuation();
	test_traditional();
	test_idempotent();
	test_bad_input();
	return unit_report("placename_normalize");
}
