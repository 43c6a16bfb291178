/*
 * placename_normalize.c: the normalized form of a place name.
 *
 * One pass over the bytes.  ASCII goes through a 128-entry class table; any
 * other character is decoded, looked up in the generated two-stage fold table
 * and written back (its original bytes when it is kept as it is, the common
 * case).  Spaces are held back and written only when the next character is
 * known, which is how leading, trailing, doubled and stray spaces disappear.
 */
#include "placename_normalize.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hanzi_tables.h"
#include "utf8.h"

enum ascii_class
{
	A_CTRL = 0,					/* a control character: an error */
	A_SPACE,					/* space, tab, newline: a separator */
	A_OTHER,					/* punctuation and symbols */
	A_ALNUM						/* letters and digits */
};

static const unsigned char ascii_class[128] = {
	/* 0x00-0x08 */ A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL,
	/* \t \n \v \f \r */ A_SPACE, A_SPACE, A_SPACE, A_SPACE, A_SPACE,
	/* 0x0E-0x1F */ A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL,
	A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL, A_CTRL,
	/* space */ A_SPACE,
	/* !"#$%&'()*+,-./ */ A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER,
	A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER,
	/* 0-9 */ A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	/* :;<=>?@ */ A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER,
	/* A-Z */ A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	/* [\]^_` */ A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER, A_OTHER,
	/* a-z */ A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM, A_ALNUM,
	/* {|}~ */ A_OTHER, A_OTHER, A_OTHER, A_OTHER,
	/* DEL */ A_CTRL
};

placename_status
placename_normalize(const char *in, size_t len, char *out, size_t *out_len)
{
	const unsigned char *s = (const unsigned char *) in;
	unsigned char *o = (unsigned char *) out;
	size_t		i = 0;
	bool		space_pending = false;
	bool		prev_alnum = false;

	*out_len = 0;
	if (len > PLACENAME_MAX_INPUT)
		return PLACENAME_TOO_LONG;

	while (i < len)
	{
		unsigned char c = s[i];
		bool		alnum;

		if (c < 0x80)
		{
			unsigned char cls = ascii_class[c];

			if (cls == A_SPACE)
			{
				space_pending = true;
				i++;
				continue;
			}
			if (cls == A_CTRL)
				return PLACENAME_CONTROL_CHAR;
			alnum = (cls == A_ALNUM);
			if (space_pending && prev_alnum && alnum)
				*o++ = ' ';
			space_pending = false;
			*o++ = c;
			i++;
		}
		else
		{
			uint32_t	cp;
			uint32_t	f;
			int			n = utf8_decode_multi(s + i, len - i, &cp);

			if (n == 0)
				return PLACENAME_INVALID_UTF8;
			if (cp < 0xA0)
				return PLACENAME_CONTROL_CHAR;	/* C1 controls */
			f = hanzi_fold(cp);
			if (f == FOLD_DROP)
			{
				i += n;
				continue;
			}
			if (f == FOLD_SPACE)
			{
				space_pending = true;
				i += n;
				continue;
			}
			alnum = (f != 0 && f < 0x80 && ascii_class[f] == A_ALNUM);
			if (space_pending && prev_alnum && alnum)
				*o++ = ' ';
			space_pending = false;
			if (f == 0)
			{
				memcpy(o, s + i, n);
				o += n;
			}
			else
				o += utf8_encode(f, o);
			i += n;
		}
		prev_alnum = alnum;
	}
	*out_len = (size_t) (o - (unsigned char *) out);
	return PLACENAME_OK;
}

const char *
placename_status_text(placename_status status)
{
	switch (status)
	{
		case PLACENAME_OK:
			return "ok";
		case PLACENAME_INVALID_UTF8:
			return "invalid UTF-8 byte sequence";
		case PLACENAME_CONTROL_CHAR:
			return "control character";
		case PLACENAME_TOO_LONG:
			return "longer than the limit of 65536 bytes";
	}
	return "unknown status";
}

size_t
placename_first_bad_byte(const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cp;
		int			n;

		if (s[i] < 0x80)
		{
			if (ascii_class[s[i]] == A_CTRL)
				return i;
			i++;
			continue;
		}
		n = utf8_decode_multi(s + i, len - i, &cp);
		if (n == 0 || cp < 0xA0)
			return i;
		i += n;
	}
	return len;
}
