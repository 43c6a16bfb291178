#!/usr/bin/env bash
# run.sh: the dump-and-restore suite.  A database with the extension, a
# city's edits to the policy and division tables (city_edits.sql) and a
# registry with assessments, enrolments, temporary assistance and a month of
# payments (test/lib/sample_data.sql) is dumped with pg_dump -Fc and restored
# into a new database the documented way (docs/operations.md): pg_restore
# with session_replication_role = replica, so history is replayed without the
# triggers that act on new entries (src/sql/restore.sql).  The restore must be clean, and the two databases must
# give the same catalog description (test/upgrade/catalog.sql) and the same
# results from every report view and function, with the same table contents
# and sequence positions (test/lib/results.sql); then both run the next
# month's payroll and must still agree.
#
# Needs PGHOST/PGPORT/PGUSER (test/harness.sh exports them).
# Prints "dump: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=build/dump
mkdir -p "$OUT"
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "dump: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

same() {   # same WHAT: the source's and the restored database's OUT/*.WHAT agree
    if diff -u --label source --label restored "$OUT/source.$1" "$OUT/restored.$1" >"$OUT/$1.diff"; then
        ok "$1: identical after restore ($(wc -l <"$OUT/source.$1") lines)"
    else
        not_ok "$1: the restored database differs ($(grep -c '^[-+][^-+]' "$OUT/$1.diff") lines):"
        cut -c 1-240 "$OUT/$1.diff" | head -n 60
    fi
}
describe() {   # describe DB NAME SUFFIX [psql options]: catalog and results of DB
    local db=$1 name=$2 suffix=$3
    shift 3
    psql_q -d "$db" -f test/upgrade/catalog.sql >"$OUT/$name.catalog$suffix" 2>&1 \
        && psql_q -d "$db" "$@" -f test/lib/results.sql >"$OUT/$name.results$suffix" 2>&1 \
        || { tail -n 5 "$OUT/$name.catalog$suffix" "$OUT/$name.results$suffix"; return 1; }
}

for db in ca_dump_source ca_dump_restored; do dropdb --if-exists "$db" >/dev/null 2>&1; done
if createdb ca_dump_source \
    && psql_q -d ca_dump_source -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null \
    && psql_q -d ca_dump_source -f test/dump/city_edits.sql \
    && psql_q -d ca_dump_source -f test/lib/sample_data.sql >"$OUT/fill.log" 2>&1; then
    ok "source database: extension, the city's edits, sample registry with a month of payroll"
else
    cat "$OUT/fill.log" 2>/dev/null
    not_ok "filling the source database"
    finish
fi
city_rows=$(psql -X -At -d ca_dump_source -c "
    SELECT (SELECT count(*) FROM civil_affairs.policy_value WHERE NOT shipped) + (SELECT count(*) FROM civil_affairs.division WHERE NOT shipped)
         + (SELECT count(*) FROM civil_affairs.division_change WHERE NOT shipped) + (SELECT count(*) FROM civil_affairs.income_item WHERE NOT shipped)
         + (SELECT count(*) FROM civil_affairs.income_item_rule WHERE NOT shipped)")
payments=$(psql -X -At -d ca_dump_source -c 'SELECT count(*) FROM civil_affairs.payment')
if [ "$city_rows" -eq 8 ] && [ "$payments" -gt 100 ]; then
    ok "the city owns 8 reference rows; $payments payments"
else
    not_ok "expected 8 city reference rows and over 100 payments, got $city_rows and $payments"
fi

if pg_dump -Fc -d ca_dump_source -f "$OUT/source.dump" 2>"$OUT/pg_dump.err" && [ ! -s "$OUT/pg_dump.err" ]; then
    ok "pg_dump -Fc: $(wc -c <"$OUT/source.dump") bytes"
else
    cat "$OUT/pg_dump.err"; not_ok "pg_dump -Fc"; finish
fi
if createdb ca_dump_restored \
    && PGOPTIONS='-c session_replication_role=replica' \
       pg_restore --exit-on-error -d ca_dump_restored "$OUT/source.dump" >"$OUT/pg_restore.err" 2>&1 \
    && [ ! -s "$OUT/pg_restore.err" ]; then
    ok "pg_restore (session_replication_role=replica) into a new database: no error, no warning"
else
    cat "$OUT/pg_restore.err"; not_ok "pg_restore"; finish
fi

describe ca_dump_source source "" && describe ca_dump_restored restored "" \
    || { not_ok "describing the two databases failed"; finish; }
same catalog
same results

# Both go on working alike: the next month's payroll, written.
for db in ca_dump_source ca_dump_restored; do
    psql_q -d "$db" -c "SET client_min_messages = warning" -c "SELECT * FROM civil_affairs.run_payroll('2021-07-01')" >/dev/null \
        || not_ok "run_payroll('2021-07-01') in $db"
done
# The audit entries of this payroll hash their own time, so the two chains
# part here by design (the restored chain was compared whole above); each
# must still verify.
describe ca_dump_source source .next -v with_clock=off -v with_history=off -v month=2021-07-01 \
    && describe ca_dump_restored restored .next -v with_clock=off -v with_history=off -v month=2021-07-01 \
    || { not_ok "describing the two databases after the next payroll failed"; finish; }
same results.next
for db in ca_dump_source ca_dump_restored; do
    if [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM civil_affairs.audit_verify()")" = 0 ]; then
        ok "$db: the audit chain verifies after the next payroll"
    else
        not_ok "$db: the audit chain is broken after the next payroll"
    fi
done
for db in ca_dump_source ca_dump_restored; do dropdb "$db"; done
finish
