/*
 * fuzz_adcode.c: libFuzzer target for the adcode parser.  Whatever the
 * bytes, parsing must not crash, and an accepted code must print back to a
 * form that parses to the same number at the same level.
 */
#include <stdlib.h>
#include <string.h>

#include "adcode.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	int64_t		code;
	int64_t		again;
	ca_adcode_error err;
	char		text[CA_ADCODE_TEXT_SIZE];
	size_t		len;
	int			level;

	if (!ca_adcode_parse((const char *) data, size, &code, &err))
		return 0;
	len = ca_adcode_format(code, text);
	if (len == 0 || !ca_adcode_parse(text, len, &again, &err) || again != code)
		abort();
	level = ca_adcode_level(code);
	if (ca_adcode_ancestor(code, level) != code)
		abort();
	if (level > 1 && !ca_adcode_contains(ca_adcode_parent(code), code))
		abort();
	return 0;
}
