# csv2sql.awk: turn one of data/'s plain CSV files into INSERT statements for
# the extension's install script.  The converter guarantees that no field
# holds a comma, a quote or a newline, so a plain split is exact.
#
#   awk -v table=civil_affairs.division -v columns=code,name,... \
#       -v types=t,t,t,n,b ... -v extra=",true" -f scripts/csv2sql.awk file.csv
#
# types: one letter per CSV column: t text (quoted), n number, b boolean,
# d date, r a date range [this column, next column) whose next column is
# typed -, - skip the column.  An empty field becomes NULL (for r: unbounded).
function datearg(v) { return v == "" ? "NULL" : "'" v "'::date" }
BEGIN { FS = ","; ntypes = split(types, type, ","); batch = 0 }
NR == 1 { next }
{
    row = ""
    for (i = 1; i <= ntypes; i++) {
        if (type[i] == "-")
            continue
        v = $i
        if (type[i] == "r") {
            row = row (row == "" ? "" : ",") "daterange(" datearg($i) "," datearg($(i + 1)) ")"
            continue
        }
        if (v == "")
            v = "NULL"
        else if (type[i] == "t" || type[i] == "d") {
            gsub(/'/, "''", v)
            v = "'" v "'"
        }
        else if (type[i] == "b")
            v = (v == "t" || v == "true") ? "true" : "false"
        row = row (row == "" ? "" : ",") v
    }
    if (batch == 0)
        printf "INSERT INTO %s (%s) VALUES\n", table, columns
    else
        printf ",\n"
    printf "(%s%s)", row, extra
    if (++batch == 1000) { printf ";\n"; batch = 0 }
}
END { if (batch > 0) printf ";\n" }
