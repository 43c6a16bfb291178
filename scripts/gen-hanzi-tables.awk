# gen-hanzi-tables.awk: the character tables of the place-name kernels, as C.
#
#   LC_ALL=C awk -v unicode=/usr/share/unicode -v data=data \
#       -f scripts/gen-hanzi-tables.awk > build/hanzi_tables.c
#
# Reads, from Debian's unicode-data package:
#   UnicodeData.txt                compatibility decompositions (full-width forms,
#                                  Kangxi radicals, CJK compatibility ideographs)
#                                  and the space separators (category Zs);
#   Unihan_OtherMappings.txt.bz2   kTGH: the 2013 General Standard Chinese
#                                  Characters list (通用规范汉字表);
#   Unihan_Variants.txt.bz2        kSimplifiedVariant: traditional → simplified;
#   Unihan_Readings.txt.bz2        kMandarin: the common Mandarin reading;
# and from the project's data/:
#   placename_reading.csv          readings of words in place names that differ
#                                  from the characters' common readings (六安 Lu'an);
#   hanzi_variant.csv              variant forms Unihan does not simplify;
#   placename_generic.csv          generic parts (通名) and the attributes written
#                                  as words of their own (壮族 in 广西壮族自治区).
#
# The fold table maps a code point to the one code point that replaces it
# (0 = kept as it is, FOLD_SPACE = a space, FOLD_DROP = removed).  It is a
# two-stage table: fold_index[cp >> 8] names a 256-entry block of fold_blocks,
# block 0 being all zeros, so a lookup is two loads and most blocks are shared.
#
# A character of the General Standard list is never folded even when Unihan
# names it the traditional form of another (乾 of 干, 著 of 着, 於 of 于): it is
# a correct simplified character in its own right, and 乾县 must stay 乾县.
#
# Every target is folded again until it is stable, so normalizing is idempotent.
# Works with any POSIX awk (no gawk extensions).

function hex(s,    i, n, c) {
	n = 0
	s = toupper(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789ABCDEF", substr(s, i, 1))
		if (c == 0)
			return -1
		n = n * 16 + c - 1
	}
	return n
}

# "U+4E7E" → 20094
function ucp(s) {
	sub(/^U\+/, "", s)
	sub(/<.*/, "", s)
	return hex(s)
}

function read_stream(cmd, what,    line, f, n, cp, d, k, targets, t, i) {
	while ((cmd | getline line) > 0) {
		if (line ~ /^#/ || line == "")
			continue
		if (what == "unicodedata") {
			n = split(line, f, ";")
			cp = hex(f[1])
			if (f[3] == "Zs" && cp != 32)
				fold[cp] = "SPACE"
			d = f[6]
			if (d == "")
				continue
			# Only the forms a place name meets through input methods and PDFs.
			if ((cp >= 65281 && cp <= 65374 && d ~ /^<wide> /) ||	# FF01-FF5E full-width ASCII
			    (cp >= 65504 && cp <= 65510 && d ~ /^<wide> /) ||	# FFE0-FFE6 full-width signs
			    (cp >= 12032 && cp <= 12245 && d ~ /^<compat> /) ||	# 2F00-2FD5 Kangxi radicals
			    (cp >= 11904 && cp <= 12031 && d ~ /^<compat> /) ||	# 2E80-2EFF radicals supplement
			    (cp >= 63744 && cp <= 64255 && d !~ /^</) ||		# F900-FAFF compatibility ideographs
			    (cp >= 194560 && cp <= 195103 && d !~ /^</)) {		# 2F800-2FA1F their supplement
				sub(/^<[a-z]+> /, "", d)
				if (d !~ / /)
					fold[cp] = hex(d)
			}
		} else {
			split(line, f, "\t")
			cp = ucp(f[1])
			if (what == "tgh" && f[2] == "kTGH")
				standard[cp] = 1
			else if (what == "readings" && f[2] == "kMandarin") {
				split(f[3], targets, " ")
				reading[cp] = syllable_code(targets[1], cp)
			}
			else if (what == "variants" && f[2] == "kSimplifiedVariant") {
				k = split(f[3], targets, " ")
				simplified_count[cp] = k
				for (i = 1; i <= k; i++)
					simplified[cp, i] = ucp(targets[i])
			}
		}
	}
	close(cmd)
}

# "zhōng" → the code syllable_index * 8 + tone (tone 5 for the neutral one).
# Syllables are kept in ASCII with v for ü, numbered as first seen and sorted
# when written out.
function syllable_code(p, cp,    tone, base) {
	tone = 5
	if (gsub(/ā|ē|ī|ō|ū|ǖ/, "&", p)) tone = 1
	else if (gsub(/á|é|í|ó|ú|ǘ|ḿ|ń/, "&", p)) tone = 2
	else if (gsub(/ǎ|ě|ǐ|ǒ|ǔ|ǚ|ň/, "&", p)) tone = 3
	else if (gsub(/à|è|ì|ò|ù|ǜ|ǹ/, "&", p)) tone = 4
	gsub(/ā|á|ǎ|à/, "a", p); gsub(/ē|é|ě|è/, "e", p); gsub(/ī|í|ǐ|ì/, "i", p)
	gsub(/ō|ó|ǒ|ò/, "o", p); gsub(/ū|ú|ǔ|ù/, "u", p); gsub(/ǖ|ǘ|ǚ|ǜ|ü/, "v", p)
	gsub(/ḿ/, "m", p); gsub(/ń|ň|ǹ/, "n", p)
	if (p !~ /^[a-z]+$/) {
		print "gen-hanzi-tables: unreadable reading \"" p "\" of U+" cp > "/dev/stderr"
		exit 1
	}
	return syllable_index(p) * 8 + tone
}

function syllable_index(p) {
	if (!(p in syllable_id)) {
		syllable_id[p] = ++nsyllables
		syllable_name[nsyllables] = p
	}
	return syllable_id[p]
}

# "lu4 an1" → the list of codes, separated by commas, for the phrase table.
function numbered_codes(r, phrase,    k, t, i, tone, base, out) {
	k = split(r, t, " ")
	out = ""
	for (i = 1; i <= k; i++) {
		base = t[i]
		tone = 5
		if (base ~ /[1-5]$/) {
			tone = substr(base, length(base)) + 0
			base = substr(base, 1, length(base) - 1)
		}
		gsub(/ü/, "v", base)
		if (!(base in syllable_id)) {
			print "gen-hanzi-tables: " phrase ": \"" t[i] "\" is no Mandarin syllable" > "/dev/stderr"
			exit 1
		}
		out = out (i > 1 ? ", " : "") (syllable_id[base] * 8 + tone)
	}
	phrase_syllables = k
	return out
}

# Number of characters in a UTF-8 string (bytes that do not continue one).
function utf8_length(s) {
	return gsub(/[^\200-\277]/, "&", s)
}

# A data/ CSV file: header line skipped, '#' lines are comments.
function read_csv(file, what,    line, f, n, key) {
	getline line < file	# the header
	while ((getline line < file) > 0) {
		if (line ~ /^#/ || line == "")
			continue
		n = split(line, f, ",")
		if (what == "reading") {
			if (f[1] in phrase_reading) {
				print "gen-hanzi-tables: " f[1] " twice in " file > "/dev/stderr"
				exit 1
			}
			phrase_reading[f[1]] = f[2]
		} else if (what == "variant") {
			variant_to[first_code_point(f[1])] = first_code_point(f[2])
		} else if (what == "generic") {
			generic_kind[f[1]] = f[2]
		}
	}
	close(file)
}

# A traditional character's simplified form: the first listed target that
# differs from it, preferring one on the General Standard list.
function simplified_of(cp,    i, t, first) {
	first = -1
	for (i = 1; i <= simplified_count[cp]; i++) {
		t = simplified[cp, i]
		if (t == cp)
			continue
		if (t in standard)
			return t
		if (first < 0)
			first = t
	}
	return first
}

function final_target(cp,    t, steps) {
	t = cp
	for (steps = 0; steps < 8 && (t in fold) && fold[t] != "SPACE" && fold[t] != "DROP"; steps++)
		t = fold[t]
	if (steps == 8) {
		print "gen-hanzi-tables: fold cycle at " cp > "/dev/stderr"
		exit 1
	}
	return t
}

BEGIN {
	HANZI_PHRASE_MAX = 12
	for (i = 1; i < 256; i++)
		byte_value[sprintf("%c", i)] = i
	if (unicode == "")
		unicode = "/usr/share/unicode"
	read_stream("cat " unicode "/UnicodeData.txt", "unicodedata")
	read_stream("bzcat " unicode "/Unihan_OtherMappings.txt.bz2", "tgh")
	read_stream("bzcat " unicode "/Unihan_Variants.txt.bz2", "variants")
	read_stream("bzcat " unicode "/Unihan_Readings.txt.bz2", "readings")
	if (data == "")
		data = "data"
	read_csv(data "/placename_reading.csv", "reading")
	read_csv(data "/placename_generic.csv", "generic")
	read_csv(data "/hanzi_variant.csv", "variant")

	nstandard = 0
	for (cp in standard)
		nstandard++
	if (nstandard < 8000) {
		print "gen-hanzi-tables: only " nstandard " kTGH characters in " unicode > "/dev/stderr"
		exit 1
	}

	for (cp in simplified_count) {
		cp += 0
		if (cp in standard)
			continue
		t = simplified_of(cp)
		if (t >= 0)
			fold[cp] = t
	}

	for (cp in variant_to) {
		if ((cp in standard) || !(variant_to[cp] in standard)) {
			print "gen-hanzi-tables: hanzi_variant.csv: U+" cp " is standard or its target is not" > "/dev/stderr"
			exit 1
		}
		fold[cp] = variant_to[cp]
	}

	# Unified punctuation.  Middle dots (names of ethnic-minority origin,
	# 阿依·买买提) become U+00B7; dashes become the hyphen-minus; the bracket
	# pairs of Chinese typesetting become ASCII parentheses.
	split("30FB FF65 2022 2027 2219 22C5 0387 2E31", dots, " ")
	for (i in dots)
		fold[hex(dots[i])] = 183
	split("2010 2011 2012 2013 2014 2015 2212 FE58 FE63 FF0D", dashes, " ")
	for (i in dashes)
		fold[hex(dashes[i])] = 45
	split("3014 3010 3016 3018 FF5F", opening, " ")
	for (i in opening)
		fold[hex(opening[i])] = 40
	split("3015 3011 3017 3019 FF60", closing, " ")
	for (i in closing)
		fold[hex(closing[i])] = 41
	fold[hex("301C")] = 126		# 〜 wave dash, as the full-width tilde folds
	# Invisible characters that copy and paste brings along.
	split("200B 200C 200D 2060 FEFF 00AD", invisible, " ")
	for (i in invisible)
		fold[hex(invisible[i])] = "DROP"
	fold[hex("3000")] = "SPACE"

	nblocks = 1
	for (cp in fold) {
		v = fold[cp]
		if (v == "SPACE")
			code = "FOLD_SPACE"
		else if (v == "DROP")
			code = "FOLD_DROP"
		else {
			t = final_target(v)
			if (t == cp + 0)
				continue
			if (t < 128 && cp + 0 >= 128 && t != 32 && (t < 33 || t > 126)) {
				print "gen-hanzi-tables: " cp " folds to a control character" > "/dev/stderr"
				exit 1
			}
			code = sprintf("0x%X", t)
		}
		b = int(cp / 256)
		if (!(b in block_of)) {
			block_of[b] = nblocks
			block_cp[nblocks] = b
			nblocks++
		}
		entry[block_of[b], cp % 256] = code
		nfold++
	}

	print "/* hanzi_tables.c: generated by scripts/gen-hanzi-tables.awk from the Unicode"
	print " * Character Database and Unihan (Debian unicode-data).  Do not edit. */"
	print "#include \"hanzi_tables.h\""
	print ""
	printf "/* %d folded code points in %d blocks */\n", nfold, nblocks - 1
	print "const uint16_t hanzi_fold_index[HANZI_FOLD_INDEX_SIZE] = {"
	for (b = 0; b < 4352; b++) {
		printf "%s%d", (b % 16 == 0 ? "\t" : ", "), ((b in block_of) ? block_of[b] : 0)
		if (b % 16 == 15)
			printf ",\n"
	}
	print "};"
	print ""
	printf "const uint32_t hanzi_fold_blocks[%d][256] = {\n", nblocks
	print "\t{0},"
	for (k = 1; k < nblocks; k++) {
		printf "\t{ /* U+%04X */\n", block_cp[k] * 256
		for (i = 0; i < 256; i++) {
			v = ((k, i) in entry) ? entry[k, i] : "0"
			printf "%s%s", (i % 8 == 0 ? "\t\t" : ", "), v
			if (i % 8 == 7)
				printf ",\n"
		}
		print "\t},"
	}
	print "};"
	printf "\nconst size_t hanzi_standard_count = %d;\n", nstandard
	write_readings()
	write_standard()
	write_phrases()
	write_generics()
}

# Syllables, sorted, so a syllable's number orders like its spelling.
function write_readings(    i, j, t, n, sorted, renum, cp, b, nb, block_of2, block_cp2, e, code) {
	n = nsyllables
	for (i = 1; i <= n; i++)
		sorted[i] = syllable_name[i]
	for (i = 2; i <= n; i++) {		# insertion sort: a few hundred names
		t = sorted[i]
		for (j = i - 1; j >= 1 && sorted[j] > t; j--)
			sorted[j + 1] = sorted[j]
		sorted[j + 1] = t
	}
	for (i = 1; i <= n; i++)
		renum[syllable_id[sorted[i]]] = i
	print ""
	printf "const int hanzi_syllable_count = %d;\n", n
	print "const char *const hanzi_syllables[] = {"
	print "\t\"\","
	for (i = 1; i <= n; i++)
		printf "\t\"%s\",\n", sorted[i]
	print "};"
	# renumber the codes of the characters and of the phrases
	for (cp in reading)
		reading[cp] = renum[int(reading[cp] / 8)] * 8 + reading[cp] % 8
	for (i = 1; i <= n; i++)
		syllable_id[sorted[i]] = i

	# Bit 15 marks the characters that begin a place-name reading.
	for (p in phrase_reading) {
		cp = first_code_point(p)
		if (!(cp in reading))
			reading[cp] = 0
		if (reading[cp] < 32768)
			reading[cp] += 32768
	}

	nb = 1
	for (cp in reading) {
		b = int(cp / 256)
		if (!(b in block_of2)) {
			block_of2[b] = nb
			block_cp2[nb] = b
			nb++
		}
		rentry[block_of2[b], cp % 256] = reading[cp]
		nreadings++
	}
	print ""
	printf "/* %d characters with a reading, in %d blocks */\n", nreadings, nb - 1
	print "const uint16_t hanzi_reading_index[HANZI_FOLD_INDEX_SIZE] = {"
	for (b = 0; b < 4352; b++) {
		printf "%s%d", (b % 16 == 0 ? "\t" : ", "), ((b in block_of2) ? block_of2[b] : 0)
		if (b % 16 == 15)
			printf ",\n"
	}
	print "};"
	printf "const uint16_t hanzi_reading_blocks[%d][256] = {\n", nb
	print "\t{0},"
	for (k = 1; k < nb; k++) {
		printf "\t{ /* U+%04X */\n", block_cp2[k] * 256
		for (i = 0; i < 256; i++) {
			e = ((k, i) in rentry) ? rentry[k, i] : 0
			printf "%s%d", (i % 12 == 0 ? "\t\t" : ", "), e
			if (i % 12 == 11 || i == 255)
				printf ",\n"
		}
		print "\t},"
	}
	print "};"
}

# The General Standard list as a bitmap over U+0000..U+3FFFF.
function write_standard(    cp, w, word, i) {
	for (cp in standard) {
		w = int(cp / 32)
		if (cp + 0 < 262144)
			bits[w] = bits[w] + 0
		stdbit[w, cp % 32] = 1
	}
	print ""
	print "const uint32_t hanzi_standard_bits[HANZI_STANDARD_WORDS] = {"
	for (w = 0; w < 8192; w++) {
		word = 0
		if (w in bits)
			for (i = 31; i >= 0; i--)
				word = word * 2 + (((w, i) in stdbit) ? 1 : 0)
		if (word != 0)
			printf "\t[%d] = 0x%08Xu,\n", w, word
	}
	print "};"
}

function sort_keys(arr, keys,    n, k, i, j, t) {
	n = 0
	for (k in arr)
		keys[++n] = k
	for (i = 2; i <= n; i++) {
		t = keys[i]
		for (j = i - 1; j >= 1 && keys[j] > t; j--)
			keys[j + 1] = keys[j]
		keys[j + 1] = t
	}
	return n
}

# Place-name readings, sorted by their bytes for a binary search.
function write_phrases(    keys, n, i, codes) {
	n = sort_keys(phrase_reading, keys)
	print ""
	printf "const int hanzi_phrase_count = %d;\n", n
	print "const hanzi_phrase hanzi_phrases[] = {"
	for (i = 1; i <= n; i++) {
		codes = numbered_codes(phrase_reading[keys[i]], keys[i])
		if (phrase_syllables != utf8_length(keys[i]) || phrase_syllables > HANZI_PHRASE_MAX) {
			print "gen-hanzi-tables: " keys[i] ": " phrase_syllables " syllables for " utf8_length(keys[i]) " characters" > "/dev/stderr"
			exit 1
		}
		printf "\t{\"%s\", %d, %d, {%s}},\n", keys[i], length(keys[i]), phrase_syllables, codes
	}
	print "};"
}

# Generic parts grouped by their last character, longest first in a group, so
# the longest generic suffix of a name is the first match in its group.
function write_generics(    keys, n, i, term, last, sortkey, bykey, bar, glen, slash, inner, plain) {
	for (term in generic_kind) {
		plain = term
		gsub(/[|\/]/, "", plain)
		last = last_char(plain)
		sortkey = last "\001" sprintf("%03d", 999 - length(plain)) plain
		bykey[sortkey] = term
	}
	n = sort_keys(bykey, keys)
	print ""
	printf "const int hanzi_generic_count = %d;\n", n
	print "const hanzi_generic hanzi_generics[] = {"
	for (i = 1; i <= n; i++) {
		term = bykey[keys[i]]
		if (generic_kind[term] !~ /^(generic|attribute|exception)$/ ||
		    (generic_kind[term] == "exception") != (index(term, "|") > 0)) {
			print "gen-hanzi-tables: " term ": kind " generic_kind[term] " is not generic, attribute or exception with a '|'" > "/dev/stderr"
			exit 1
		}
		bar = index(term, "|")
		glen = bar ? length(term) - bar : 0
		sub(/\|/, "", term)
		slash = index(term, "/")
		inner = slash ? slash - 1 : 0
		sub(/\//, "", term)
		printf "\t{\"%s\", %d, %d, %d, %d, GENERIC_%s},\n", term, length(term), length(last_char(term)), glen, inner, toupper(generic_kind[bykey[keys[i]]])
	}
	print "};"
}

function last_char(s,    i) {
	for (i = length(s); i > 1 && substr(s, i, 1) ~ /[\200-\277]/; i--)
		;
	return substr(s, i)
}

# The code point of the first character of a UTF-8 string.
function first_code_point(s,    b0, n, cp, i) {
	b0 = byte_value[substr(s, 1, 1)]
	if (b0 < 128)
		return b0
	n = (b0 >= 240) ? 4 : (b0 >= 224) ? 3 : 2
	cp = b0 % (n == 4 ? 8 : n == 3 ? 16 : 32)
	for (i = 2; i <= n; i++)
		cp = cp * 64 + byte_value[substr(s, i, 1)] % 64
	return cp
}
