# placename-data.awk: the shipped rows of the place-name review tables, from
# data/placename_generic.csv (what = generic) and data/placename_word.csv
# (what = word).  '#' lines are comments; no field holds a quote.
BEGIN { FS = "," }
/^#/ || NR == 1 || $0 == "" { next }
what == "generic" && $2 == "generic" {
    term = $1
    gsub(/\//, "", term)
    n = split($3, cls, ";")
    list = ""
    for (i = 1; i <= n; i++)
        list = list (i > 1 ? "," : "") "'" cls[i] "'"
    printf "INSERT INTO civil_affairs.placename_generic_term (term, classes, shipped) VALUES ('%s', ARRAY[%s], true);\n", term, list
}
what == "word" {
    printf "INSERT INTO civil_affairs.placename_word (word, finding, severity, shipped) VALUES ('%s', '%s', '%s', true);\n", $1, $2, $3
}
