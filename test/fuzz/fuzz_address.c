/*
 * fuzz_address.c: libFuzzer target for the address matcher.  Whatever the
 * bytes, matching must not crash, and what it answers must hold together:
 * one candidate when found and the code is it, two or more when ambiguous,
 * parts that contain the answer, a remainder no longer than the text,
 * a confidence between 0 and 1, and the same answer without details.
 */
#include <stdlib.h>
#include <string.h>

#include "adcode.h"
#include "address.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A few divisions with shared, nested and retired names. */
static const char *const divisions[][3] = {
	{"110000", "北京市", "北京"}, {"110100", "市辖区", "市辖区"}, {"110105", "朝阳区", "朝阳"},
	{"110105001", "建外街道", "建外"}, {"220000", "吉林省", "吉林"}, {"220100", "长春市", "长春"},
	{"220104", "朝阳区", "朝阳"}, {"220200", "吉林市", "吉林"}, {"231282001", "朝阳区街道", "朝阳区"},
	{"450000", "广西壮族自治区", "广西"}, {"450100", "南宁市", "南宁"}, {"450107", "西乡塘区", "西乡塘"},
	{"450107003", "西乡塘街道", "西乡塘"}, {"450181", "横州市", "横州"}, {"450181100", "横州镇", "横州"},
	{"450181101", "百合镇", "百合"}, {"450181101001", "百合社区居委会", "百合社区"},
	{"441900", "东莞市", "东莞"}, {"441900003", "东城街道", "东城"}, {"440783110", "百合镇", "百合"},
};

static ca_address_index *index_;
static ca_address_scratch *scratch;

static void
setup(void)
{
	ca_address_builder *b = ca_address_builder_new();
	size_t		i;
	int64_t		code;
	ca_adcode_error err;

	for (i = 0; i < sizeof(divisions) / sizeof(divisions[0]); i++)
	{
		if (!ca_adcode_parse(divisions[i][0], strlen(divisions[i][0]), &code, &err))
			abort();
		if (ca_address_add_division(b, code, divisions[i][1], strlen(divisions[i][1]),
									divisions[i][2], strlen(divisions[i][2]),
									strcmp(divisions[i][1], "市辖区") == 0,
									CA_ADDRESS_DAY_MIN, CA_ADDRESS_DAY_MAX) != CA_ADDRESS_OK)
			abort();
	}
	if (ca_address_add_change(b, INT64_C(450127000000), "横县", strlen("横县"),
							  INT64_C(450181000000), 100) != CA_ADDRESS_OK ||
		ca_address_add_change(b, INT64_C(450122000000), "武鸣县", strlen("武鸣县"), 0, 50) != CA_ADDRESS_OK ||
		ca_address_add_term(b, "路", strlen("路")) != CA_ADDRESS_OK ||
		ca_address_build(b, &index_) != CA_ADDRESS_OK)
		abort();
	ca_address_builder_free(b);
	scratch = ca_address_scratch_new();
	if (scratch == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	ca_address_result r;
	int64_t		code;
	ca_address_outcome outcome;
	int32_t		as_of = size > 0 ? (int32_t) (data[0] % 4) * 50 : 0;
	int			level;

	if (index_ == NULL)
		setup();
	if (ca_address_match(index_, scratch, (const char *) data, size, as_of,
						 CA_ADDRESS_WANT_DETAILS, &r) != CA_ADDRESS_OK)
		return 0;
	if (r.remainder == NULL || strlen(r.remainder) != r.remainder_len ||
		r.remainder_len > 2 * size + 4 || r.confidence < 0 || r.confidence > 1)
		abort();
	switch (r.outcome)
	{
		case CA_ADDRESS_NONE:
			if (r.ncandidates != 0 || r.code != 0 || r.confidence != 0)
				abort();
			break;
		case CA_ADDRESS_FOUND:
			if (r.ncandidates != 1 || r.code != r.candidates[0].code)
				abort();
			level = ca_adcode_level(r.code);
			if (r.parts[level - 1] != r.code)
				abort();
			for (level = 0; level < 5; level++)
				if (r.parts[level] != 0 && !ca_adcode_contains(r.parts[level], r.code))
					abort();
			break;
		case CA_ADDRESS_AMBIGUOUS:
			if (r.ncandidates < 2 || r.code != 0 || r.confidence > 0.5)
				abort();
			break;
	}
	code = r.code;
	outcome = r.outcome;
	if (ca_address_match(index_, scratch, (const char *) data, size, as_of, 0, &r) != CA_ADDRESS_OK ||
		r.code != code || r.outcome != outcome)
		abort();
	return 0;
}
