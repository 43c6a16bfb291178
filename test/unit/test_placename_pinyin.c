/* test_placename_pinyin.c: splitting and romanizing place names. */
#include "placename_normalize.h"
#include "placename_pinyin.h"
#include "unit.h"

static char normalized[1024];
static char result[PLACENAME_PINYIN_MAX(1024)];

static size_t
normalize(const char *text)
{
	size_t		n = 0;

	UNIT_CHECK(placename_normalize(text, strlen(text), normalized, &n) == PLACENAME_OK,
			   "\"%s\" does not normalize", text);
	return n;
}

static const char *
pinyin(const char *text, bool tones)
{
	size_t		n = normalize(text);

	result[placename_pinyin(normalized, n, tones, result)] = '\0';
	return result;
}

static const char *
readings(const char *text)
{
	size_t		n = normalize(text);

	result[placename_readings(normalized, n, result)] = '\0';
	return result;
}

static const char *
split(const char *text)
{
	size_t		n = normalize(text);
	placename_parts p;

	placename_split(normalized, n, &p);
	snprintf(result, sizeof(result), "%.*s|%.*s", (int) p.specific_len, normalized,
			 (int) (n - p.specific_len), normalized + p.specific_len);
	return result;
}

static void
test_issue_examples(void)
{
	CHECK_STR(pinyin("西乡塘区", false), "Xixiangtang Qu");
	CHECK_STR(pinyin("隆安县", false), "Long'an Xian");
	CHECK_STR(pinyin("广西壮族自治区", false), "Guangxi Zhuangzu Zizhiqu");
	CHECK_STR(pinyin("民族大道", false), "Minzu Dadao");
	CHECK_STR(pinyin("六安市", false), "Lu'an Shi");
	CHECK_STR(pinyin("蚌埠市", false), "Bengbu Shi");
	CHECK_STR(pinyin("番禺区", false), "Panyu Qu");
	CHECK_STR(pinyin("丽水市", false), "Lishui Shi");
	CHECK_STR(pinyin("乐亭县", false), "Laoting Xian");
	CHECK_STR(pinyin("厦门市", false), "Xiamen Shi");
	CHECK_STR(pinyin("长治市", false), "Changzhi Shi");
	CHECK_STR(pinyin("铅山县", false), "Yanshan Xian");
	CHECK_STR(pinyin("东阿县", false), "Dong'e Xian");
	CHECK_STR(pinyin("尉氏县", false), "Weishi Xian");
	CHECK_STR(pinyin("单县", false), "Shan Xian");
	CHECK_STR(pinyin("六合区", false), "Luhe Qu");
	CHECK_STR(pinyin("涡阳县", false), "Guoyang Xian");
	CHECK_STR(pinyin("台州市", false), "Taizhou Shi");
}

static void
test_words_and_marks(void)
{
	CHECK_STR(pinyin("西乡塘区", true), "X\xc4\xabxi\xc4\x81ngt\xc3\xa1ng Q\xc5\xab");	/* Xīxiāngtáng Qū */
	CHECK_STR(pinyin("隆安县", true), "L\xc3\xb3ng'\xc4\x81n Xi\xc3\xa0n");	/* Lóng'ān Xiàn */
	CHECK_STR(pinyin("鄂尔多斯市", true), "\xc3\x88'\xc4\x9brdu\xc5\x8ds\xc4\xab Sh\xc3\xac");	/* È'ěrduōsī Shì */
	CHECK_STR(pinyin("吕梁市", false), "L\xc3\xbcliang Shi");	/* Lüliang */
	CHECK_STR(pinyin("吕梁市", true), "L\xc7\x9a" "li\xc3\xa1ng Sh\xc3\xac");	/* Lǚliáng Shì */
	CHECK_STR(pinyin("科尔沁左翼中旗", false), "Ke'erqin Zuoyi Zhongqi");
	CHECK_STR(pinyin("双江拉祜族佤族布朗族傣族自治县", false),
			  "Shuangjiang Lahuzu Wazu Bulangzu Daizu Zizhixian");
	CHECK_STR(pinyin("澳门特别行政区", false), "Aomen Tebie Xingzhengqu");
	CHECK_STR(pinyin("万柏林区", false), "Wanbolin Qu");
	CHECK_STR(pinyin("神农架林区", false), "Shennongjia Linqu");
	CHECK_STR(pinyin("金林区", false), "Jinlin Qu");
	CHECK_STR(pinyin("重庆市", false), "Chongqing Shi");
	CHECK_STR(pinyin("乾县", false), "Qian Xian");
	CHECK_STR(pinyin("路", false), "Lu");
	CHECK_STR(pinyin("3号路", false), "3 Hao Lu");
	CHECK_STR(pinyin("阿依·买买提路", false), "Ayi Maimaiti Lu");
	CHECK_STR(pinyin("南宁(本级)", false), "Nanning(Benji)");
	CHECK_STR(pinyin("", false), "");
	CHECK_STR(pinyin("  廣西　壯族自治區 ", false), "Guangxi Zhuangzu Zizhiqu");
	CHECK_STR(pinyin("\xee\x80\x80路", false), "\xee\x80\x80 Lu");	/* U+E000 has no reading */
}

static void
test_split_and_readings(void)
{
	CHECK_STR(split("广西壮族自治区"), "广西|壮族自治区");
	CHECK_STR(split("西乡塘区"), "西乡塘|区");
	CHECK_STR(split("民族大道"), "民族|大道");
	CHECK_STR(split("单县"), "单|县");
	CHECK_STR(split("路"), "路|");
	CHECK_STR(split("南宁"), "南宁|");
	CHECK_STR(split("万柏林区"), "万柏林|区");
	CHECK_STR(readings("六安"), "lu4 an1");
	CHECK_STR(readings("六盘水"), "liu4 pan2 shui3");
	CHECK_STR(readings("长治"), "chang2 zhi4");
	CHECK_STR(readings("吕梁"), "lv3 liang2");
	CHECK_STR(readings("A1"), "A 1");
}

int
main(void)
{
	test_issue_examples();
	test_words_and_marks();
	test_split_and_readings();
	return unit_report("placename_pinyin");
}
