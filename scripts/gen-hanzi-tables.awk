# gen-hanzi-tables.awk: the character tables of the place-name kernels, as C.
#
#   awk -v unicode=/usr/share/unicode -f scripts/gen-hanzi-tables.awk > build/hanzi_tables.c
#
# Reads, from Debian's unicode-data package:
#   UnicodeData.txt                compatibility decompositions (full-width forms,
#                                  Kangxi radicals, CJK compatibility ideographs)
#                                  and the space separators (category Zs);
#   Unihan_OtherMappings.txt.bz2   kTGH: the 2013 General Standard Chinese
#                                  Characters list (通用规范汉字表);
#   Unihan_Variants.txt.bz2        kSimplifiedVariant: traditional → simplified.
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
	if (unicode == "")
		unicode = "/usr/share/unicode"
	read_stream("cat " unicode "/UnicodeData.txt", "unicodedata")
	read_stream("bzcat " unicode "/Unihan_OtherMappings.txt.bz2", "tgh")
	read_stream("bzcat " unicode "/Unihan_Variants.txt.bz2", "variants")

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
}
