/*
 * idcard.h: resident identity numbers (居民身份证号码, GB 11643), plain C
 * kernel.
 *
 * A number has 18 characters: a 6-digit region code (GB/T 2260), an 8-digit
 * birth date YYYYMMDD, a 3-digit sequence (odd for men, even for women) and
 * a check character computed from the 17 digits by ISO 7064 MOD 11-2, where
 * the value 10 is written X.  First-generation cards carry 15 digits: the
 * region, the birth date as YYMMDD in the 1900s, the sequence, and no check
 * character; they are read as the 18-character number they upgrade to.
 *
 * Internal form: the 17 leading digits as one number, the "body"
 * (0 <= body < 10^17).  The check character follows from the body, so it is
 * not stored; and because every canonical text has the same length, numeric
 * order of the body is the order of the canonical text.
 *
 * The kernel does not reject birth dates in the future: whether a date is
 * in the future depends on the day the number is read, which a kernel
 * without a clock cannot know.
 *
 * No PostgreSQL headers here: this file is linked into the extension, the
 * unit tests and the fuzz targets alike.
 */
#ifndef CA_IDCARD_H
#define CA_IDCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The canonical text (18 characters) plus its terminator. */
#define CA_IDCARD_TEXT_SIZE 19

/* Room for any reason text that ca_idcard_reason() writes. */
#define CA_IDCARD_REASON_SIZE 128

/* One past the largest body: 10^17. */
#define CA_IDCARD_BODY_LIMIT INT64_C(100000000000000000)

/* Birth dates before this year are rejected. */
#define CA_IDCARD_FIRST_YEAR 1900

typedef enum ca_idcard_status
{
	CA_IDCARD_OK = 0,
	CA_IDCARD_EMPTY,			/* nothing but spaces */
	CA_IDCARD_NOT_DIGIT,		/* a character other than 0-9 (or a final X) */
	CA_IDCARD_BAD_LENGTH,		/* not 18 characters, nor 15 */
	CA_IDCARD_BAD_PROVINCE,		/* first two digits name no province */
	CA_IDCARD_BAD_MONTH,		/* birth month not 01-12 */
	CA_IDCARD_BAD_DAY,			/* birth day not in the month */
	CA_IDCARD_BEFORE_1900,		/* birth year before 1900 */
	CA_IDCARD_BAD_CHECK,		/* check character does not match */
	CA_IDCARD_OUT_OF_RANGE		/* a body outside 0 .. 10^17 - 1 */
} ca_idcard_status;

typedef struct ca_idcard_error
{
	ca_idcard_status status;
	size_t		position;		/* NOT_DIGIT: 0-based offset in the trimmed
								 * number; every character before it is an
								 * ASCII digit, so it is also the character
								 * index in any server encoding */
	unsigned char character;	/* NOT_DIGIT: the offending byte */
	size_t		length;			/* BAD_LENGTH: characters after trimming */
	int			province;		/* BAD_PROVINCE: the first two digits */
	int			year;			/* BAD_MONTH, BAD_DAY, BEFORE_1900: the */
	int			month;			/* birth date as read (the year of a */
	int			day;			/* 15-digit number is 19YY) */
	char		expected;		/* BAD_CHECK: the right check character */
	char		got;			/* BAD_CHECK: the one given, upper-cased */
} ca_idcard_error;

/*
 * Parse text (not necessarily NUL-terminated) into a body.  Leading and
 * trailing ASCII spaces are ignored; a final lowercase x is read as X; a
 * 15-digit number is upgraded.  The checks run in this order, and the first
 * failure is reported: characters, length, province, month, day, year, check
 * character.  Returns true on success; on failure fills *err (if not NULL)
 * and leaves *body alone.
 */
extern bool ca_idcard_parse(const char *text, size_t len, int64_t *body,
							ca_idcard_error *err);

/* Check a body from outside (binary input): range, province, date. */
extern bool ca_idcard_check_body(int64_t body, ca_idcard_error *err);

/*
 * The check value (0-10, 10 meaning X) and character of 17 ASCII digits;
 * -1 and '\0' when one of the 17 is not a digit.
 */
extern int	ca_idcard_check_value(const char digits[17]);
extern char ca_idcard_check_char(const char digits[17]);

/* The check character of a body (which must be in range). */
extern char ca_idcard_body_check_char(int64_t body);

/* The 18-character canonical text, with X upper-case; "" and 0 for a body
 * out of range. */
extern size_t ca_idcard_format(int64_t body, char buf[CA_IDCARD_TEXT_SIZE]);

/*
 * Upgrade a 15-digit number to its 18-character form (an 18-character
 * number comes back in canonical form).  Validates like ca_idcard_parse.
 */
extern bool ca_idcard_upgrade(const char *text, size_t len,
							  char out[CA_IDCARD_TEXT_SIZE],
							  ca_idcard_error *err);

/* The masked form used on printed lists: 450102********001X. */
extern size_t ca_idcard_mask(int64_t body, char buf[CA_IDCARD_TEXT_SIZE]);

/* The birth date of a (checked) body. */
extern void ca_idcard_birth_date(int64_t body, int *year, int *month, int *day);

/* 'M' when the 17th digit is odd, 'F' when it is even. */
extern char ca_idcard_sex(int64_t body);

/*
 * Age in whole years on the given date, or -1 when the date is before the
 * birth date.  A birthday counts once the date reaches its month and day,
 * so someone born on 29 February turns a year older on 1 March in years
 * without one.
 */
extern int	ca_idcard_age(int64_t body, int year, int month, int day);

/* The 6-digit region code as the 12-digit adcode number (region × 10^6),
 * or -1 when those digits are not a well-formed division code. */
extern int64_t ca_idcard_region(int64_t body);

/* Whether a date exists in the proleptic Gregorian calendar. */
extern bool ca_idcard_date_exists(int year, int month, int day);

/*
 * Why a parse or check failed, as a lowercase English phrase without a
 * final period ('check character is "5", expected "X"').  Writes at most
 * size bytes including the terminator; returns the length it wanted.
 */
extern size_t ca_idcard_reason(const ca_idcard_error *err, char *buf, size_t size);

/* A short English name of a status, for tests and logs. */
extern const char *ca_idcard_status_text(ca_idcard_status status);

#endif							/* CA_IDCARD_H */
