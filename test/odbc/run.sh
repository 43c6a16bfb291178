#!/usr/bin/env bash
# run.sh: the ODBC suite.  Builds test/odbc/odbc_test.c against unixODBC and
# runs it through the psqlODBC Unicode driver, DSN-less, against the database
# that PGHOST, PGPORT, PGUSER and PGDATABASE name (test/harness.sh exports
# them, with CREATE EXTENSION civil_affairs already done there).  PGHOST may
# be a socket directory: psqlODBC hands Servername to libpq as its host.
#
# Run from the repository root:  PGDATABASE=odbc_test bash test/odbc/run.sh
# Prints one line per check, then "odbc: N passed, N failed"; exits non-zero
# if anything failed.
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
exit "$status"
