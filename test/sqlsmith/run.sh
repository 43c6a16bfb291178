#!/usr/bin/env bash
# run.sh [QUERIES [SEED]]: random queries with sqlsmith (Debian package)
# against a database with the extension and the sample registry, as an
# ordinary role that may read and write the extension's tables.  The
# extension's types, operators, functions, tables and views are all in the
# schema sqlsmith draws from.  The run fails if a backend crashes: sqlsmith
# loses its connection, or the server log (SERVER_LOG, when given) shows a
# process terminated by a signal.  Errors of the queries themselves (bad
# casts, division by zero, permission denied, timeouts) are expected and only
# counted.
#
# make check runs 3000 queries with seed 1; `make sqlsmith` runs longer
# (SQLSMITH_QUERIES, SQLSMITH_SEED).  Needs PGHOST/PGPORT/PGUSER.
# Prints "sqlsmith: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
queries=${1:-3000}
seed=${2:-1}
OUT=build/sqlsmith
mkdir -p "$OUT"
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "sqlsmith: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

command -v sqlsmith >/dev/null || { not_ok "sqlsmith is not installed (apt-get install -y sqlsmith)"; finish; }
db=ca_sqlsmith
dropdb --if-exists "$db" >/dev/null 2>&1
if createdb "$db" \
    && psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null \
    && psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v households=100 -f test/lib/sample_data.sql \
    && psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'civil_affairs_sqlsmith') THEN
        CREATE ROLE civil_affairs_sqlsmith LOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA civil_affairs TO civil_affairs_sqlsmith;
GRANT ALL ON ALL TABLES IN SCHEMA civil_affairs TO civil_affairs_sqlsmith;
GRANT ALL ON ALL SEQUENCES IN SCHEMA civil_affairs TO civil_affairs_sqlsmith;
ALTER ROLE civil_affairs_sqlsmith SET statement_timeout = '5s';
ALTER ROLE civil_affairs_sqlsmith SET search_path = civil_affairs, public;
SQL
then
    ok "database $db: extension, 100 sample households, role civil_affairs_sqlsmith"
else
    not_ok "preparing the database $db"; finish
fi

log_start=0
[ -n "${SERVER_LOG:-}" ] && [ -r "$SERVER_LOG" ] && log_start=$(wc -c <"$SERVER_LOG")
started=$(date +%s)
# --dump-all-queries: the query that crashed a backend is the last one printed.
sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$db user=civil_affairs_sqlsmith" \
    --seed="$seed" --max-queries="$queries" --exclude-catalog --verbose --dump-all-queries \
    >"$OUT/queries.sql" 2>"$OUT/sqlsmith.log"
status=$?
seconds=$(($(date +%s) - started))
generated=$(grep -c ';$' "$OUT/queries.sql")
errors=$(grep -oE 'error rate: [0-9.]+' "$OUT/sqlsmith.log" | tail -n 1)
ours=$(grep -c 'civil_affairs\.' "$OUT/queries.sql")
echo "# $generated queries in ${seconds}s, seed $seed, ${errors:-error rate: ?}; $ours use the extension's objects"
# sqlsmith prints its error counts cumulatively: the last block is the total.
echo "# errors raised by the extension's own code, last summary (all are expected errors):"
awk '/^error rate:/ {last = block; block = ""; next} /^[0-9]+\t/ {block = block $0 "\n"} END {printf "%s", last}' "$OUT/sqlsmith.log" \
    | grep -E 'adcode|idcard|division|policy|household|income|append-only|dibao|payroll' | sort -rn | head -n 12 \
    | cut -c 1-150 | sed 's/^/#   /' || true

crash_lines=
if [ -n "${SERVER_LOG:-}" ] && [ -r "$SERVER_LOG" ]; then
    crash_lines=$(tail -c +"$((log_start + 1))" "$SERVER_LOG" | grep -E 'terminated by signal|server process .* was terminated|PANIC|TRAP:' || true)
fi
if [ "$status" -eq 0 ] && [ -z "$crash_lines" ] && psql -X -At -d "$db" -c 'SELECT 1' >/dev/null 2>&1; then
    ok "$generated random queries (seed $seed): no backend crash, the server is up"
else
    not_ok "sqlsmith exit status $status; the server log says:"
    printf '%s\n' "${crash_lines:-(nothing)}"
    echo "# sqlsmith's last lines:"; tail -n 5 "$OUT/sqlsmith.log"
    echo "# the last query sent (build/sqlsmith/queries.sql):"
    awk 'BEGIN{RS=";\n"} {q=$0} END{print q ";"}' "$OUT/queries.sql" | cut -c 1-2000
fi
if [ "$generated" -ge "$queries" ] && [ "$ours" -gt 0 ]; then
    ok "all $queries queries generated, $ours of them on the extension's objects"
else
    not_ok "expected $queries queries, some on the extension's objects; got $generated, $ours"
fi
dropdb "$db" >/dev/null 2>&1
finish
