#!/usr/bin/env bash
# audit_concurrency_test.sh [SECONDS]: 8 concurrent writers (pgbench, two
# clerks with 4 connections each, one statement per transaction) update
# households for SECONDS (default 10; bench/audit_concurrency.sh runs 60),
# then the city admin checks that the audit chain is linear and verifies:
# one entry per update, sequence numbers without gaps, times rising with the
# sequence, audit_verify() finds nothing.  Runs in a database of its own.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-${AUDIT_CONCURRENCY_SECONDS:-10}}
passed=0 failed=0
check() {  # check DESCRIPTION GOT EXPECTED
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1: got '$2', expected '$3'"; fi
}
db=audit_concurrency_test
users="ca_conc_clerk1 ca_conc_clerk2 ca_conc_admin"
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    for u in $users; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $u" >/dev/null 2>&1; done
}
cleanup
createdb "$db"
psql -X -q -d "$db" -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
CREATE ROLE ca_conc_clerk1 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_conc_clerk2 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_conc_admin LOGIN IN ROLE civil_affairs_admin;
INSERT INTO civil_affairs.staff VALUES ('ca_conc_clerk1', '450107'), ('ca_conc_clerk2', '450107'), ('ca_conc_admin', '4501');
SQL
# The clerks register their own households.
psql -X -q -U ca_conc_clerk1 -d "$db" -v ON_ERROR_STOP=1 \
    -c "INSERT INTO civil_affairs.household (id, residence_division, urban) SELECT g, '450107001001', true FROM generate_series(1, 200) g"
q() { psql -X -q -At -U ca_conc_admin -d "$db" -c "$1"; }
start=$(q 'SELECT seq FROM civil_affairs.audit_head()')

script=$(mktemp)
trap 'rm -f "$script" "$script".*; cleanup' EXIT
cat > "$script" <<'PGB'
\set h random(1, 200)
UPDATE civil_affairs.household SET address = 'pgbench ' || :client_id || ' ' || :h WHERE id = :h;
PGB
for u in ca_conc_clerk1 ca_conc_clerk2; do
    pgbench -n -c 4 -j 2 -T "$seconds" -U "$u" -f "$script" "$db" >"$script.$u" 2>&1 &
done
wait
total=0 pgbench_failed=0
for u in ca_conc_clerk1 ca_conc_clerk2; do
    n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$script.$u")
    [ -n "$n" ] || { pgbench_failed=1; cat "$script.$u"; n=0; }
    total=$((total + n))
done
echo "# $total updates by 8 writers in ${seconds}s"
check "pgbench ran both clerks' writers" "$pgbench_failed" "0"
check "some updates were made" "$([ "$total" -gt 0 ] && echo yes)" "yes"
check "one audit entry per update" \
    "$(q "SELECT count(*) FROM civil_affairs.audit_log WHERE seq > $start AND table_name = 'household' AND operation = 'UPDATE' AND new_row ->> 'address' LIKE 'pgbench %'")" "$total"
check "sequence numbers without gaps" \
    "$(q 'SELECT count(*) = max(seq) AND min(seq) = 1 FROM civil_affairs.audit_log')" "t"
check "times rise with the sequence" \
    "$(q 'SELECT count(*) FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM civil_affairs.audit_log) s WHERE back')" "0"
check "each entry links to the one before" \
    "$(q 'SELECT count(*) FROM (SELECT prev_hash IS DISTINCT FROM lag(hash) OVER (ORDER BY seq) AND seq > 1 AS broken FROM civil_affairs.audit_log) s WHERE broken')" "0"
check "both clerks are in the chain" \
    "$(q "SELECT string_agg(DISTINCT acting_user::text, ',' ORDER BY acting_user::text) FROM civil_affairs.audit_log WHERE seq > $start")" "ca_conc_clerk1,ca_conc_clerk2"
check "audit_verify() finds no broken link" "$(q 'SELECT count(*) FROM civil_affairs.audit_verify()')" "0"
check "the head is the last entry" \
    "$(q 'SELECT h.seq = (SELECT max(seq) FROM civil_affairs.audit_log) FROM civil_affairs.audit_head() h')" "t"
echo "audit concurrency: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
