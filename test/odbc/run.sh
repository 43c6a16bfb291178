#!/usr/bin/env bash
# run.sh: the ODBC suite.  Builds test/odbc/odbc_test.c against unixODBC and
# runs it through the psqlODBC Unicode driver, DSN-less, against the database
# that PGHOST, PGPORT, PGUSER and PGDATABASE name (test/harness.sh exports
# them, with CREATE EXTENSION civil_affairs already done there).  PGHOST may
# be a socket directory: psqlODBC hands Servername to libpq as its host.
#
# Then test/odbc/pyodbc_test.py does the same job from Python through pyodbc,
# after loading test/lib/sample_data.sql into the database.
#
# Run from the repository root:  PGDATABASE=odbc_test bash test/odbc/run.sh
# Prints one line per check, each program's tally, then the sum as
# "odbc: N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."

DRIVER="PostgreSQL Unicode"   # as registered in /etc/odbcinst.ini
BIN=build/odbc/odbc_test
OUT=build/odbc/odbc_test.out

# A failure before or around the test program: say why, end with the tally.
give_up() {
    printf 'not ok - %s\n' "$1"
    echo "odbc: ${2:-0} passed, ${3:-1} failed"
    exit 1
}

for var in PGHOST PGPORT PGUSER PGDATABASE; do
    [ -n "${!var:-}" ] || give_up "$var is not set (test/harness.sh exports PGHOST, PGPORT, PGUSER and PGDATABASE)"
done
command -v odbcinst >/dev/null && odbcinst -q -d -n "$DRIVER" >/dev/null 2>&1 \
    || give_up "ODBC driver '$DRIVER' is not registered with unixODBC (as root: apt-get install -y unixodbc odbc-postgresql)"

mkdir -p build/odbc
cc -std=c99 -Wall -Wextra -Werror -O2 -g -o "$BIN" test/odbc/odbc_test.c -lodbc \
    || give_up "cannot compile test/odbc/odbc_test.c (needs unixodbc-dev: apt-get install -y unixodbc-dev)"

CONNECTION="Driver={$DRIVER};Servername=$PGHOST;Port=$PGPORT;Database=$PGDATABASE;Username=$PGUSER;"
echo "# $CONNECTION"

"$BIN" "$CONNECTION" 2>&1 | tee "$OUT"
status=${PIPESTATUS[0]}

# The program prints the tally itself; if it died before that, count here.
if ! grep -qE '^odbc: [0-9]+ passed, [0-9]+ failed$' "$OUT"; then
    passed=$(grep -c '^ok ' "$OUT")
    failed=$(grep -c '^not ok ' "$OUT")
    give_up "odbc_test stopped early (exit status $status)" "$passed" "$((failed + 1))"
fi
c_passed=$(sed -nE 's/^odbc: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$OUT")
c_failed=$(sed -nE 's/^odbc: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$OUT")

# The same through Python's pyodbc (Debian python3-pyodbc, hence Debian's
# python3), on the sample registry paid for June 2021.
PY_OUT=build/odbc/pyodbc_test.out
if ! psql -X -q -v ON_ERROR_STOP=1 -f test/lib/sample_data.sql >build/odbc/sample_data.log 2>&1; then
    cat build/odbc/sample_data.log
    give_up "loading test/lib/sample_data.sql for the pyodbc checks" "$c_passed" "$((c_failed + 1))"
fi
/usr/bin/python3 test/odbc/pyodbc_test.py "$CONNECTION" 2>&1 | tee "$PY_OUT"
py_status=${PIPESTATUS[0]}
py_passed=$(sed -nE 's/^pyodbc: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$PY_OUT")
py_failed=$(sed -nE 's/^pyodbc: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$PY_OUT")
if [ -z "$py_passed" ]; then   # no tally: it did not start (no python3-pyodbc?) or crashed
    py_passed=$(grep -c '^ok ' "$PY_OUT")
    py_failed=$(($(grep -c '^not ok ' "$PY_OUT") + 1))
    echo "not ok - pyodbc_test.py did not finish (exit status $py_status; needs: apt-get install -y python3-pyodbc)"
fi
echo "odbc: $((c_passed + py_passed)) passed, $((c_failed + py_failed)) failed"
[ "$status" -eq 0 ] && [ "$py_status" -eq 0 ]
