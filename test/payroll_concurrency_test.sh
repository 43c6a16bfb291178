#!/usr/bin/env bash
# payroll_concurrency_test.sh [SECONDS] [HOUSEHOLDS]: clerks edit the
# registry while the payroll runs.  A seeded caseload (bench/caseload.sql,
# HOUSEHOLDS, default 3000) is enrolled and paid for 2021-06; then for
# SECONDS (default 10; bench/payroll_concurrency.sh runs 120) four clerks,
# two per scope of six districts, with two pgbench connections each, edit
# households, people and incomes of their scope (multi-statement
# transactions, in two statement orders), while two admins run
# run_payroll('2021-06-01') over and over (PAYROLL_CONCURRENCY_PAUSE, default
# 1 s, between an admin's runs), one of them reading through parallel
# workers and rolling back or cancelling every
# second and third of its runs.  Afterwards an admin re-runs the
# month and checks, with exact expectations: every run committed whole or
# left nothing; every payroll_run's totals are the sums of the payments up
# to it; the month's payments per enrolment equal payroll_entitlements now;
# no payment was updated or deleted; every clerk change has its audit entry
# and the chain verifies; no deadlock happened and no transaction failed.
# Runs in a database of its own; the setup (caseload, roles) is superuser
# work, everything timed runs as the extension's roles.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-${PAYROLL_CONCURRENCY_SECONDS:-10}}
households=${2:-${PAYROLL_CONCURRENCY_HOUSEHOLDS:-3000}}
month=2021-06-01
picks=300          # households (with one member each) a clerk scope draws from
pause=${PAYROLL_CONCURRENCY_PAUSE:-1}   # seconds an admin waits between runs (a run holds the audit head)
passed=0 failed=0
check() {  # check DESCRIPTION GOT EXPECTED
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1: got '$2', expected '$3'"; fi
}
db=payroll_concurrency_test
clerks="ca_pc_clerk1 ca_pc_clerk2 ca_pc_clerk3 ca_pc_clerk4"
admins="ca_pc_admin1 ca_pc_admin2"
work=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$db" >/dev/null 2>&1
    for u in $clerks $admins; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $u" >/dev/null 2>&1; done
}
trap 'rm -rf "$work"; cleanup' EXIT
cleanup
createdb "$db"
psql -X -q -d "$db" -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null
started=$(date +%s)

# The caseload (as in bench/payroll.sql: incomes 2020-01 … 2021-12, fast
# load), assessed as of 2021-01-01 and enrolled.
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v households="$households" -v as_of=2022-01-01 -v months=24 \
    -v caseload_fast_load=on -f bench/caseload.sql >/dev/null || { echo "caseload failed"; exit 1; }
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v picks="$picks" <<'SQL' >/dev/null || { echo "setup failed"; exit 1; }
SET client_min_messages = warning;
SELECT civil_affairs.record_assessments('2021-01-01', false);
\i bench/enrol.sql

CREATE ROLE ca_pc_clerk1 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_pc_clerk2 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_pc_clerk3 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_pc_clerk4 LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE ca_pc_admin1 LOGIN IN ROLE civil_affairs_admin;
CREATE ROLE ca_pc_admin2 LOGIN IN ROLE civil_affairs_admin;
-- Two scopes of six districts, two clerks each: the clerks of a scope edit
-- the same households.
INSERT INTO civil_affairs.staff
SELECT c::name, d::civil_affairs.adcode
  FROM (VALUES ('ca_pc_clerk1', 1), ('ca_pc_clerk2', 1), ('ca_pc_clerk3', 2), ('ca_pc_clerk4', 2)) AS c (c, scope),
       (VALUES (1, '450102'), (1, '450103'), (1, '450105'), (1, '450107'), (1, '450108'), (1, '450109'),
               (2, '450110'), (2, '450123'), (2, '450124'), (2, '450125'), (2, '450126'), (2, '450181')) AS s (scope, d)
 WHERE s.scope = c.scope
UNION ALL VALUES ('ca_pc_admin1', '4501'::civil_affairs.adcode), ('ca_pc_admin2', '4501');

-- What the clerks draw from: per scope, households k = 1..picks (enrolled
-- ones first) and one member present (alive) from 2020-01 to the end of
-- 2021, so every income month of the window is within a membership.
CREATE TABLE public.pc_pick (scope int, k int, household_id bigint, person_id bigint, PRIMARY KEY (scope, k));
INSERT INTO public.pc_pick
SELECT scope, k, household_id, person_id FROM (
    SELECT s.scope, row_number() OVER (PARTITION BY s.scope ORDER BY s.enrolled DESC, hashint8(s.household_id)) AS k,
           s.household_id, s.person_id
      FROM (SELECT DISTINCT ON (h.id) CASE WHEN left(h.residence_division::text, 6) IN ('450102', '450103', '450105', '450107', '450108', '450109')
                                      THEN 1 ELSE 2 END AS scope,
                   h.id AS household_id, m.person_id,
                   EXISTS (SELECT FROM civil_affairs.enrollment e WHERE e.household_id = h.id) AS enrolled
              FROM civil_affairs.household h
              JOIN civil_affairs.household_member m ON m.household_id = h.id AND m.during @> daterange('2020-01-01', '2022-01-01')
              JOIN civil_affairs.person p ON p.id = m.person_id AND p.death_date IS NULL
             ORDER BY h.id, m.person_id) s) n
 WHERE k <= :picks;
-- Each clerk change, noted in the same transaction: what the audit log must show.
CREATE TABLE public.pc_change (xact bigint NOT NULL DEFAULT txid_current(), clerk name NOT NULL DEFAULT current_user,
                               table_name text NOT NULL, operation text NOT NULL, row_id bigint NOT NULL);
GRANT SELECT ON public.pc_pick TO civil_affairs_clerk;
GRANT INSERT ON public.pc_change TO civil_affairs_clerk;
SQL
q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -U ca_pc_admin1 -d "$db" -c "$1"; }
check "each scope has $picks households to edit" \
    "$(psql -X -At -d "$db" -c 'SELECT string_agg(n::text, $$,$$ ORDER BY scope) FROM (SELECT scope, count(*) n FROM pc_pick GROUP BY 1) s')" "$picks,$picks"

# The month's first run, before anyone edits: its payments must survive unchanged.
first=$(q "SELECT rows_written > 0 FROM civil_affairs.run_payroll('$month')" 2>/dev/null)
check "the first run of $month writes payments" "$first" "t"
first_run=$(q "SELECT max(id) FROM civil_affairs.payroll_run")
before=$(q "SELECT count(*) || ' ' || md5(string_agg(p::text, ',' ORDER BY id)) FROM civil_affairs.payment p WHERE run_id = $first_run")
audit_start=$(q 'SELECT seq FROM civil_affairs.audit_head()')
deadlocks_start=$(psql -X -At -d "$db" -c "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
log_start=0
[ -n "${SERVER_LOG:-}" ] && [ -r "$SERVER_LOG" ] && log_start=$(stat -c %s "$SERVER_LOG")
echo "# setup took $(( $(date +%s) - started ))s"

# Clerks: one transaction edits a household, one of its members and the
# member's incomes; two statement orders, so that locks are taken in both.
cat > "$work/household_first.sql" <<'PGB'
\set k random(1, :picks)
\set u random(0, 1)
\set care random(1, 3)
\set grade random(0, 4)
\set mi random(0, 11)
\set me random(0, 11)
\set item random(1, 3)
\set amount random(0, 3000)
BEGIN;
SELECT household_id AS h, person_id AS p FROM public.pc_pick WHERE scope = :scope AND k = :k \gset
WITH c AS (UPDATE civil_affairs.household SET address = '南宁市 clerk ' || :client_id || ' edit ' || :k, urban = (:u = 1)
            WHERE id = :h RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'household', 'UPDATE', id FROM c;
WITH c AS (UPDATE civil_affairs.person SET self_care = (ARRAY['full', 'partial', 'none'])[:care],
                  disability_grade = :grade, disability_kind = CASE WHEN :grade = 0 THEN NULL ELSE 'mental' END
            WHERE id = :p RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'person', 'UPDATE', id FROM c;
WITH c AS (INSERT INTO civil_affairs.income (person_id, item, month, amount)
           VALUES (:p, (ARRAY['other', 'business', 'property'])[:item], (DATE '2020-06-01' + :mi * interval '1 month')::date, :amount)
           ON CONFLICT (person_id, item, month) DO NOTHING RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'income', 'INSERT', id FROM c;
WITH c AS (DELETE FROM civil_affairs.income WHERE person_id = :p AND item = 'wage' AND month >= (DATE '2020-06-01' + :me * interval '1 month')::date
           RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'income', 'DELETE', id FROM c;
END;
PGB
cat > "$work/income_first.sql" <<'PGB'
\set k random(1, :picks)
\set u random(0, 1)
\set care random(1, 3)
\set mi random(0, 11)
\set me random(0, 11)
\set amount random(0, 3000)
BEGIN;
SELECT household_id AS h, person_id AS p FROM public.pc_pick WHERE scope = :scope AND k = :k \gset
WITH c AS (DELETE FROM civil_affairs.income WHERE person_id = :p AND item = 'other' AND month >= (DATE '2020-06-01' + :me * interval '1 month')::date
           RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'income', 'DELETE', id FROM c;
WITH c AS (INSERT INTO civil_affairs.income (person_id, item, month, amount)
           VALUES (:p, 'wage', (DATE '2020-06-01' + :mi * interval '1 month')::date, :amount)
           ON CONFLICT (person_id, item, month) DO NOTHING RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'income', 'INSERT', id FROM c;
WITH c AS (UPDATE civil_affairs.person SET work_capacity = (ARRAY['full', 'partial', 'none'])[:care], seriously_ill = (:u = 0)
            WHERE id = :p RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'person', 'UPDATE', id FROM c;
WITH c AS (UPDATE civil_affairs.household SET address = '南宁市 clerk ' || :client_id || ' edit ' || :k, urban = NULL
            WHERE id = :h RETURNING id)
INSERT INTO public.pc_change (table_name, operation, row_id) SELECT 'household', 'UPDATE', id FROM c;
END;
PGB

# Admins: the month's payroll, again and again, until the clerks stop.  The
# first commits every run; the second, in turn, rolls one back after it
# has written, cancels one (statement_timeout) wherever it is, commits one.
# The second's runs read through parallel workers (every table counts as
# large: docs/operations.md, "Parallel reading"), the first's alone.
parallel_options="-c min_parallel_table_scan_size=0 -c parallel_setup_cost=1e9 -c max_parallel_workers_per_gather=2"
payroll_loop() {  # payroll_loop USER
    local end=$(( $(date +%s) + seconds )) out turn=0 how run options
    local -a commands
    run="SELECT rows_written, total FROM civil_affairs.run_payroll('$month')"
    while [ "$(date +%s)" -lt "$end" ]; do
        how=commit
        [ "$1" = ca_pc_admin2 ] && how=$(echo rollback cancel commit | cut -d' ' -f$((turn % 3 + 1)))
        turn=$((turn + 1))
        case $how in
            commit) commands=(-c "$run") ;;
            rollback) commands=(-c "BEGIN" -c "$run" -c "ROLLBACK") ;;
            cancel) commands=(-c "SET statement_timeout = '250ms'" -c "$run") ;;
        esac
        options="-c client_min_messages=warning"
        [ "$1" = ca_pc_admin2 ] && options="$options $parallel_options"
        if out=$(PGOPTIONS="$options" psql -X -q -At -U "$1" -d "$db" -v ON_ERROR_STOP=1 "${commands[@]}" 2>&1); then
            if [ "$how" = rollback ]; then echo "rolled back"; else echo "ok $out"; fi
        elif [ "$how" = cancel ] && echo "$out" | grep -q 'canceling statement due to statement timeout'; then
            echo "cancelled"
        else
            echo "failed $(echo "$out" | tr '\n' ' ')"
        fi
        sleep "$pause"
    done > "$work/payroll.$1"
}
for a in $admins; do payroll_loop "$a" & done
scope=1
for u in $clerks; do
    pgbench -n -c 2 -j 1 -T "$seconds" -U "$u" -D scope="$scope" -D picks="$picks" --max-tries=10 --failures-detailed \
        -f "$work/household_first.sql" -f "$work/income_first.sql" "$db" >"$work/pgbench.$u" 2>&1 &
    [ "$u" = ca_pc_clerk2 ] && scope=2
done
wait

transactions=0 failures=0 retried=0 pgbench_broken=0
for u in $clerks; do
    n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.$u")
    f=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.$u")
    r=$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$work/pgbench.$u")
    if [ -z "$n" ] || [ -z "$f" ]; then pgbench_broken=1; cat "$work/pgbench.$u"; n=0 f=0; fi
    transactions=$((transactions + n)) failures=$((failures + f)) retried=$((retried + ${r:-0}))
    latencies="${latencies:-}$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$work/pgbench.$u") "
done
runs_ok=$(cat "$work"/payroll.ca_pc_admin* | grep -c '^ok ')
runs_failed=$(cat "$work"/payroll.ca_pc_admin* | grep -c '^failed ')
runs_wrote=$(cat "$work"/payroll.ca_pc_admin* | grep -c '^ok [1-9]')
runs_undone=$(cat "$work"/payroll.ca_pc_admin* | grep -c -E '^(rolled back|cancelled)$')
echo "# $transactions clerk transactions ($retried retried; average latency per clerk, ms: ${latencies% }) and $runs_ok payroll runs ($runs_wrote wrote; $runs_undone more rolled back or cancelled) in ${seconds}s"
grep -h '^failed' "$work"/payroll.ca_pc_admin* | head -n 3
check "pgbench ran every clerk" "$pgbench_broken" "0"
check "the clerks made changes" "$([ "$transactions" -gt 0 ] && echo yes)" "yes"
check "no clerk transaction failed (after retries)" "$failures" "0"
check "no payroll run failed" "$runs_failed" "0"
check "the payroll ran while the clerks worked" "$([ "$runs_ok" -gt 0 ] && echo yes)" "yes"
check "some runs were rolled back or cancelled" "$([ "$runs_undone" -gt 0 ] && echo yes)" "yes"
check "every clerk transaction is noted" \
    "$(psql -X -At -d "$db" -c "SELECT count(DISTINCT xact) FROM pc_change")" "$transactions"

# The month's final run, now that nobody writes, and one more.
final=$(q "SELECT rows_written FROM civil_affairs.run_payroll('$month')" 2>/dev/null)
echo "# the final run wrote $final rows"
check "a run after the final one writes nothing" \
    "$(q "SELECT rows_written FROM civil_affairs.run_payroll('$month')" 2>/dev/null)" "0"
check "every committed run that wrote has its payroll_run row, and no other run has one" \
    "$(q "SELECT count(*) FROM civil_affairs.payroll_run WHERE month = '$month'")" \
    "$(( 1 + runs_wrote + ( ${final:-0} > 0 ? 1 : 0 ) ))"
check "every payment belongs to a run of its month" \
    "$(q "SELECT count(*) FROM civil_affairs.payment p LEFT JOIN civil_affairs.payroll_run r ON r.id = p.run_id AND r.month = p.month WHERE r.id IS NULL")" "0"
check "each run wrote the rows it counts" \
    "$(q "SELECT count(*) FROM civil_affairs.payroll_run r WHERE r.rows_written IS DISTINCT FROM (SELECT count(*) FROM civil_affairs.payment p WHERE p.run_id = r.id)")" "0"
check "each run's totals are those of the payments up to it" \
    "$(q "SELECT count(*) FROM civil_affairs.payroll_run r,
            LATERAL (SELECT count(DISTINCT s.household_id) FILTER (WHERE s.amount <> 0) AS households,
                            coalesce(sum(s.persons) FILTER (WHERE s.amount <> 0 AND s.programme = 'dibao'), 0)
                            + count(*) FILTER (WHERE s.amount <> 0 AND s.programme <> 'dibao') AS persons,
                            coalesce(sum(s.amount), 0) AS total
                       FROM (SELECT p.enrollment_id, p.household_id, p.programme, max(p.persons) AS persons, sum(p.amount) AS amount
                               FROM civil_affairs.payment p WHERE p.month = r.month AND p.run_id <= r.id
                              GROUP BY 1, 2, 3) s) t
           WHERE (r.households, r.persons, r.total) IS DISTINCT FROM (t.households, t.persons, t.total)")" "0"
check "runs reported the totals they recorded" \
    "$(cat "$work"/payroll.ca_pc_admin* | sed -n 's/^ok \([1-9][0-9]*\)|\(.*\)$/\2/p' | sort | tr '\n' ' ')" \
    "$(q "SELECT total FROM civil_affairs.payroll_run WHERE month = '$month' ORDER BY id OFFSET 1 LIMIT $runs_wrote" | sort | tr '\n' ' ')"
check "the clerks' edits led to adjustments" \
    "$(q "SELECT count(*) > 0 FROM civil_affairs.payment WHERE month = '$month' AND adjustment")" "t"
check "per enrolment, the month's payments equal payroll_entitlements" \
    "$(q "SELECT count(*) FROM civil_affairs.payroll_entitlements('$month') o
            FULL JOIN (SELECT enrollment_id, sum(amount) AS amount FROM civil_affairs.payment WHERE month = '$month' GROUP BY 1) p
              USING (enrollment_id)
           WHERE coalesce(o.amount, 0) <> coalesce(p.amount, 0)")" "0"
check "the month's total equals payroll_entitlements' total" \
    "$(q "SELECT (SELECT coalesce(sum(amount), 0) FROM civil_affairs.payment WHERE month = '$month')
               = (SELECT coalesce(sum(amount), 0) FROM civil_affairs.payroll_entitlements('$month'))")" "t"
check "the first run's payments are unchanged" \
    "$(q "SELECT count(*) || ' ' || md5(string_agg(p::text, ',' ORDER BY id)) FROM civil_affairs.payment p WHERE run_id = $first_run")" "$before"
check "every payment is as its audit entry recorded it" \
    "$(q "SELECT count(*) FROM civil_affairs.payment p
            LEFT JOIN (SELECT (a.new_row ->> 'id')::bigint AS id, a.new_row::jsonb AS entry FROM civil_affairs.audit_log a
                        WHERE a.table_name = 'payment' AND a.operation = 'INSERT') a ON a.id = p.id
           WHERE a.entry IS DISTINCT FROM row_to_json(p)::jsonb")" "0"
check "no payment or run was updated or deleted (audit log)" \
    "$(q "SELECT count(*) FROM civil_affairs.audit_log WHERE table_name IN ('payment', 'payroll_run') AND operation <> 'INSERT'")" "0"
check "one audit entry per payment" \
    "$(q "SELECT (SELECT count(*) FROM civil_affairs.audit_log WHERE table_name = 'payment' AND operation = 'INSERT')
               = (SELECT count(*) FROM civil_affairs.payment)")" "t"
changes=$(psql -X -At -d "$db" -c "SELECT count(*) FROM pc_change")
echo "# $changes clerk changes: $(psql -X -At -d "$db" -c "SELECT string_agg(format('%s %s %s', n, table_name, operation), ', ' ORDER BY table_name, operation) FROM (SELECT table_name, operation, count(*) n FROM pc_change GROUP BY 1, 2) s")"
psql -X -q -d "$db" -c "CREATE TABLE pc_audit AS SELECT seq, xact, acting_user, table_name, operation,
                               (coalesce(new_row, old_row) ->> 'id')::bigint AS row_id,
                               table_name = 'household' AND operation = 'UPDATE'
                               AND old_row::jsonb = '{\"needs_assessment\": false}'::jsonb
                               AND (new_row ->> 'needs_assessment')::boolean AS mark
                          FROM civil_affairs.audit_log WHERE seq > $audit_start AND acting_user::text LIKE 'ca_pc_clerk%'"
check "every clerk change has its audit entry (same transaction, user, table, operation, row)" \
    "$(psql -X -At -d "$db" -c "SELECT count(*) FROM pc_change c WHERE EXISTS (SELECT FROM pc_audit a WHERE a.xact = c.xact AND a.acting_user = c.clerk
                                 AND a.table_name = c.table_name AND a.operation = c.operation AND a.row_id = c.row_id)")" "$changes"
check "every clerk audit entry is a noted change or the reassessment mark it caused" \
    "$(psql -X -At -d "$db" -c "SELECT count(*) FROM pc_audit a WHERE NOT a.mark AND NOT EXISTS (SELECT FROM pc_change c WHERE a.xact = c.xact
                                 AND a.acting_user = c.clerk AND a.table_name = c.table_name AND a.operation = c.operation AND a.row_id = c.row_id)")" "0"
check "audit_verify() finds no broken link" "$(q 'SELECT count(*) FROM civil_affairs.audit_verify()')" "0"
check "no deadlock in the database (pg_stat_database)" \
    "$(psql -X -At -d "$db" -c "SELECT deadlocks - $deadlocks_start FROM pg_stat_database WHERE datname = current_database()")" "0"
if [ -n "${SERVER_LOG:-}" ] && [ -r "$SERVER_LOG" ]; then
    check "no deadlock in the server log" \
        "$(tail -c +$((log_start + 1)) "$SERVER_LOG" | grep -c 'deadlock detected')" "0"
fi
echo "# $(( $(date +%s) - started ))s in all"
echo "payroll concurrency: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
