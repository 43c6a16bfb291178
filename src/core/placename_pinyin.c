/*
 * placename_pinyin.c: split a normalized place name into its parts and write
 * it in Hanyu Pinyin the way place-name signs and gazetteers do (GB 17733,
 * GB/T 16159-2012): 西乡塘区 → Xixiangtang Qu, 广西壮族自治区 → Guangxi
 * Zhuangzu Zizhiqu, 隆安县 → Long'an Xian.
 *
 * A character's reading is its place-name reading when a word of
 * data/placename_reading.csv starts at it (六安 Lu'an, 蚌埠 Bengbu), else its
 * common Mandarin reading (Unihan kMandarin).  Only characters flagged as the
 * start of such a word cost a binary search.
 */
#include "placename_pinyin.h"

#include <stdint.h>
#include <string.h>

#include "hanzi_tables.h"
#include "utf8.h"

static inline uint32_t
char_at(const unsigned char *s, size_t n, int *len)
{
	uint32_t	cp;

	if (s[0] < 0x80)
	{
		*len = 1;
		return s[0];
	}
	*len = utf8_decode_multi(s, n, &cp);
	if (*len == 0)
	{
		/* not normalized input: take the byte as an unknown character */
		*len = 1;
		return 0xFFFD;
	}
	return cp;
}

/* Start of the last character of name[0, len). */
static size_t
last_char_start(const unsigned char *name, size_t len)
{
	size_t		i = len;

	while (i > 0 && (name[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 ? i - 1 : 0;
}

/*
 * The longest term of the given kind that is a proper suffix of name[0, len)
 * (leaving at least one character before it); 0 when none.
 */
static size_t
generic_suffix(const unsigned char *name, size_t len, hanzi_generic_kind kind,
			   size_t *inner_break)
{
	size_t		last;
	size_t		last_len;
	int			lo = 0;
	int			hi = hanzi_generic_count;
	int			i;

	if (len == 0)
		return 0;
	last = last_char_start(name, len);
	last_len = len - last;
	/* lower bound of the group whose last character is name's */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const hanzi_generic *g = &hanzi_generics[mid];
		const unsigned char *gl = (const unsigned char *) g->text + g->len - g->last_len;
		size_t		n = g->last_len < last_len ? g->last_len : last_len;
		int			c = memcmp(gl, name + last, n);

		if (c < 0 || (c == 0 && g->last_len < last_len))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < hanzi_generic_count; i++)
	{
		const hanzi_generic *g = &hanzi_generics[i];

		if (g->last_len != last_len ||
			memcmp(g->text + g->len - g->last_len, name + last, last_len) != 0)
			break;
		if (kind == GENERIC_GENERIC && g->kind == GENERIC_EXCEPTION &&
			g->len <= len && memcmp(g->text, name + len - g->len, g->len) == 0)
			return g->generic_len;
		if (g->kind == kind && g->len < len &&
			memcmp(g->text, name + len - g->len, g->len) == 0)
		{
			*inner_break = g->inner_break;
			return g->len;
		}
	}
	return 0;
}

void
placename_split(const char *name, size_t len, placename_parts *parts)
{
	const unsigned char *s = (const unsigned char *) name;
	size_t		inner = 0;
	size_t		g = generic_suffix(s, len, GENERIC_GENERIC, &inner);
	size_t		end;
	size_t		stack[8];
	int			n = 0;

	parts->specific_len = len;
	parts->generic_start = len;
	parts->nbreaks = 0;
	if (g == 0)
		return;
	end = len - g;
	parts->generic_start = end;
	if (inner)
		stack[n++] = end + inner;
	stack[n++] = end;
	while (n < 8)
	{
		size_t		a = generic_suffix(s, end, GENERIC_ATTRIBUTE, &inner);

		if (a == 0)
			break;
		end -= a;
		stack[n++] = end;
	}
	parts->specific_len = end;
	parts->nbreaks = n;
	while (n > 0)
	{
		parts->breaks[parts->nbreaks - n] = stack[n - 1];
		n--;
	}
}

/*
 * The place-name reading that starts at s (the longest), or NULL.  The
 * phrases are sorted by bytes, so those beginning with s's first character
 * form one run.
 */
static const hanzi_phrase *
phrase_at(const unsigned char *s, size_t n, int first_len)
{
	int			lo = 0;
	int			hi = hanzi_phrase_count;
	const hanzi_phrase *best = NULL;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (memcmp(hanzi_phrases[mid].text, s, first_len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < hanzi_phrase_count; lo++)
	{
		const hanzi_phrase *p = &hanzi_phrases[lo];

		if (memcmp(p->text, s, first_len) != 0)
			break;
		if (p->len <= n && memcmp(p->text, s, p->len) == 0 &&
			(best == NULL || p->len > best->len))
			best = p;
	}
	return best;
}

/*
 * Walks the Han characters of a name with their readings, place-name
 * readings taking precedence.
 */
typedef struct reading_walker
{
	const hanzi_phrase *phrase;	/* the place-name reading in progress */
	int			phrase_pos;
} reading_walker;

static inline uint16_t
next_reading(reading_walker *w, const unsigned char *s, size_t n, uint32_t cp, int len)
{
	uint16_t	code;

	if (w->phrase)
	{
		code = w->phrase->codes[w->phrase_pos++];
		if (w->phrase_pos == w->phrase->nsyllables)
			w->phrase = NULL;
		return code;
	}
	code = cp >= 0x2E80 && cp < 0x110000 ? hanzi_reading(cp) : 0;
	if (code & HANZI_PHRASE_START)
	{
		const hanzi_phrase *p = phrase_at(s, n, len);

		if (p)
		{
			w->phrase = p->nsyllables > 1 ? p : NULL;
			w->phrase_pos = 1;
			return p->codes[0];
		}
	}
	return code & 0x7FFF;
}

/* The vowel of a syllable that carries the tone mark (index into sy). */
static int
tone_vowel(const char *sy)
{
	const char *a = strchr(sy, 'a');
	const char *e = strchr(sy, 'e');
	const char *ou = strstr(sy, "ou");
	int			i;
	int			last = -1;

	if (a)
		return (int) (a - sy);
	if (e)
		return (int) (e - sy);
	if (ou)
		return (int) (ou - sy);
	for (i = 0; sy[i]; i++)
		if (strchr("iouv", sy[i]))
			last = i;
	return last;
}

/* UTF-8 of a vowel (a e i o u v) with tone 1-4, lower or upper case. */
static const char *const marked[6][4] = {
	{"\xc4\x81", "\xc3\xa1", "\xc7\x8e", "\xc3\xa0"},	/* ā á ǎ à */
	{"\xc4\x93", "\xc3\xa9", "\xc4\x9b", "\xc3\xa8"},	/* ē é ě è */
	{"\xc4\xab", "\xc3\xad", "\xc7\x90", "\xc3\xac"},	/* ī í ǐ ì */
	{"\xc5\x8d", "\xc3\xb3", "\xc7\x92", "\xc3\xb2"},	/* ō ó ǒ ò */
	{"\xc5\xab", "\xc3\xba", "\xc7\x94", "\xc3\xb9"},	/* ū ú ǔ ù */
	{"\xc7\x96", "\xc7\x98", "\xc7\x9a", "\xc7\x9c"}	/* ǖ ǘ ǚ ǜ */
};
static const char *const marked_upper[3][4] = {
	{"\xc4\x80", "\xc3\x81", "\xc7\x8d", "\xc3\x80"},	/* Ā Á Ǎ À */
	{"\xc4\x92", "\xc3\x89", "\xc4\x9a", "\xc3\x88"},	/* Ē É Ě È */
	{"\xc5\x8c", "\xc3\x93", "\xc7\x91", "\xc3\x92"}	/* Ō Ó Ǒ Ò */
};

static inline char *
put(char *o, const char *s)
{
	while (*s)
		*o++ = *s++;
	return o;
}

/* Write one syllable; capital first letter when it starts a word. */
static char *
write_syllable(char *o, uint16_t code, bool capital, bool tones)
{
	const char *sy = hanzi_syllables[HANZI_SYLLABLE(code)];
	int			tone = HANZI_TONE(code);
	int			mark = (tones && tone >= 1 && tone <= 4) ? tone_vowel(sy) : -1;
	int			i;

	for (i = 0; sy[i]; i++)
	{
		char		c = sy[i];

		if (i == mark)
		{
			const char *v = strchr("aeiouv", c);
			int			k = v ? (int) (v - "aeiouv") : -1;

			if (k >= 0 && capital && i == 0 && k != 2 && k != 4 && k != 5)
				o = put(o, marked_upper[k == 0 ? 0 : k == 1 ? 1 : 2][tone - 1]);
			else if (k >= 0)
				o = put(o, marked[k][tone - 1]);
			else
				*o++ = c;
		}
		else if (c == 'v')
			o = put(o, "\xc3\xbc");	/* ü */
		else
			*o++ = (capital && i == 0) ? (char) (c - 'a' + 'A') : c;
	}
	return o;
}

size_t
placename_pinyin(const char *name, size_t len, bool tones, char *out)
{
	const unsigned char *s = (const unsigned char *) name;
	char	   *o = out;
	placename_parts parts;
	reading_walker w = {NULL, 0};
	int			next_break = 0;
	bool		new_word = true;	/* the next syllable starts a word */
	bool		after_syllable = false;
	bool		after_alnum = false;
	size_t		i = 0;

	placename_split(name, len, &parts);
	while (i < len)
	{
		int			n;
		uint32_t	cp;

		if (next_break < parts.nbreaks && i >= parts.breaks[next_break])
		{
			next_break++;
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			new_word = true;
			after_syllable = after_alnum = false;
		}
		cp = char_at(s + i, len - i, &n);
		if (cp >= 0x80)
		{
			uint16_t	code = next_reading(&w, s + i, len - i, cp, n);

			if (HANZI_SYLLABLE(code) != 0)
			{
				const char *sy = hanzi_syllables[HANZI_SYLLABLE(code)];

				if (after_alnum)
				{
					*o++ = ' ';
					new_word = true;
				}
				else if (after_syllable && !new_word &&
						 (sy[0] == 'a' || sy[0] == 'o' || sy[0] == 'e'))
					*o++ = '\'';
				o = write_syllable(o, code, new_word, tones);
				new_word = false;
				after_syllable = true;
				after_alnum = false;
			}
			else if (cp == 0xB7)
			{
				/* the middle dot of transcribed names separates words */
				if (o > out && o[-1] != ' ')
					*o++ = ' ';
				new_word = true;
				after_syllable = after_alnum = false;
			}
			else
			{
				/* a character without a reading is kept as it is */
				memcpy(o, s + i, n);
				o += n;
				new_word = true;
				after_syllable = after_alnum = false;
			}
		}
		else if ((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
		{
			if (after_syllable)
				*o++ = ' ';
			*o++ = (char) cp;
			after_alnum = true;
			after_syllable = false;
			new_word = true;
		}
		else if (cp == ' ')
		{
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			new_word = true;
			after_syllable = after_alnum = false;
		}
		else
		{
			*o++ = (char) cp;
			new_word = true;
			after_syllable = after_alnum = false;
		}
		i += n;
	}
	while (o > out && o[-1] == ' ')
		o--;
	return (size_t) (o - out);
}

size_t
placename_readings(const char *name, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *) name;
	char	   *o = out;
	reading_walker w = {NULL, 0};
	size_t		i = 0;

	while (i < len)
	{
		int			n;
		uint32_t	cp = char_at(s + i, len - i, &n);

		if (o > out)
			*o++ = ' ';
		if (cp >= 0x80)
		{
			uint16_t	code = next_reading(&w, s + i, len - i, cp, n);

			if (HANZI_SYLLABLE(code) != 0)
			{
				o = put(o, hanzi_syllables[HANZI_SYLLABLE(code)]);
				*o++ = (char) ('0' + HANZI_TONE(code));
			}
			else
			{
				memcpy(o, s + i, n);
				o += n;
			}
		}
		else
			*o++ = (char) cp;
		i += n;
	}
	return (size_t) (o - out);
}
