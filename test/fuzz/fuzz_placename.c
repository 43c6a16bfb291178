/*
 * fuzz_placename.c: libFuzzer target for the place-name kernels.  Whatever
 * the bytes, normalizing must not crash, must stay within the bound the
 * header promises, must give valid UTF-8 without control characters, and
 * must be idempotent; romanizing the result must stay within its bound and
 * give valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "placename_normalize.h"
#include "placename_pinyin.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char	   *once;
	char	   *twice;
	size_t		n1;
	size_t		n2;
	placename_status st;

	/* Exact-size buffers, so AddressSanitizer sees any write past the bound. */
	once = malloc(PLACENAME_NORMALIZE_MAX(size));
	st = placename_normalize((const char *) data, size, once, &n1);
	if (st != PLACENAME_OK)
	{
		if (n1 != 0 || placename_first_bad_byte((const char *) data, size) >= size)
			abort();
		free(once);
		return 0;
	}
	if (n1 > PLACENAME_NORMALIZE_MAX(size))
		abort();
	twice = malloc(PLACENAME_NORMALIZE_MAX(n1));
	if (placename_normalize(once, n1, twice, &n2) != PLACENAME_OK)
		abort();
	if (n2 != n1 || memcmp(once, twice, n1) != 0)
		abort();
	free(twice);
	for (int tones = 0; tones <= 1; tones++)
	{
		char	   *py = malloc(PLACENAME_PINYIN_MAX(n1));
		size_t		n = placename_pinyin(once, n1, tones, py);
		size_t		i = 0;

		if (n > PLACENAME_PINYIN_MAX(n1))
			abort();
		while (i < n)
		{
			uint32_t	cp;
			int			k = (unsigned char) py[i] < 0x80 ? 1 :
				utf8_decode_multi((const unsigned char *) py + i, n - i, &cp);

			if (k == 0)
				abort();
			i += k;
		}
		free(py);
	}
	{
		char	   *rd = malloc(PLACENAME_PINYIN_MAX(n1));

		if (placename_readings(once, n1, rd) > PLACENAME_PINYIN_MAX(n1))
			abort();
		free(rd);
	}
	free(once);
	return 0;
}
