#!/usr/bin/env bash
# payroll.sh: bench/payroll.sql at each size, each in a fresh database (the
# payroll registry is append-only, so a size cannot be cleared for the next),
# then the table across sizes.  Works with the environment bench/run.sh has
# (PGHOST, PGPORT, PGUSER, PGDATABASE); needs CREATEDB and superuser (the
# caseload's fast load), and psql on the server's machine (peak memory is
# read from /proc).  Sizes: PAYROLL_SIZES="100000 1000000" (the default).
set -euo pipefail
cd "$(dirname "$0")"
sizes=${PAYROLL_SIZES:-100000 1000000}
results=$(mktemp)
parallel=$(mktemp)
trap 'rm -f "$results" "$parallel"' EXIT
for n in $sizes; do
    db="civil_affairs_payroll_bench_$n"
    dropdb --if-exists "$db"
    createdb "$db"
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -P footer=off -v households="$n" -f payroll.sql | tee /dev/stderr \
        | sed -n -e "s/^payroll-result,//p" -e "s/^parallel-result,/parallel,$n,/w $parallel" >> "$results"
    dropdb "$db"
done
# households, enrolments, run, re-run, x, a, b, c (ms), VmHWM of x and of run_payroll (kB), c' (ms),
# x and c at work_mem 4MB (ms)
psql -X -q -P footer=off -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE r (households int, enrolments int, run_ms numeric, rerun_ms numeric, x_ms numeric,
                     a_ms numeric, b_ms numeric, c_ms numeric, hwm_x_kb bigint, hwm_run_kb bigint,
                     c_all_ms numeric, x4_ms numeric, c4_ms numeric);
\copy r FROM '$results' WITH (FORMAT csv)
\echo '== payroll 2021-06, by size (ms; aims: x/c ≤ 2, a/x ≥ 10, b/x ≥ 3, per-household cost within 15%)'
SELECT households, enrolments, run_ms, rerun_ms, x_ms, a_ms, b_ms, c_ms, c_all_ms AS "c'_ms",
       round(x_ms / c_ms, 2) AS "x/c", round(x4_ms / c4_ms, 2) AS "x/c, 4MB", round(x_ms / c_all_ms, 2) AS "x/c'",
       round(a_ms / x_ms, 2) AS "a/x", round(b_ms / x_ms, 2) AS "b/x",
       round(x_ms * 1000 / households, 2) AS x_us_per_household,
       round((x_ms / households) / first_value(x_ms / households) OVER (ORDER BY households), 2) AS per_household_vs_smallest,
       round((x4_ms / households) / first_value(x4_ms / households) OVER (ORDER BY households), 2) AS "per_household_vs_smallest, 4MB",
       round(hwm_x_kb / 1024.0) AS x_peak_mb, round(hwm_run_kb / 1024.0) AS run_peak_mb
  FROM r ORDER BY households;
CREATE TEMP TABLE p (tag text, households int, p1_serial numeric, p1_parallel numeric,
                     p2_serial numeric, p2_parallel numeric, p3_serial numeric, p3_parallel numeric);
\copy p FROM '$parallel' WITH (FORMAT csv)
\echo '== with 2 parallel workers, by size (ms; speedup = leader alone / with workers; huge_pages: SHOW huge_pages)'
SELECT households, p1_serial AS payroll_serial, p1_parallel AS payroll_parallel, round(p1_serial / p1_parallel, 2) AS payroll_speedup,
       p2_serial AS screening_serial, p2_parallel AS screening_parallel, round(p2_serial / p2_parallel, 2) AS screening_speedup,
       p3_serial AS assess_serial, p3_parallel AS assess_parallel, round(p3_serial / p3_parallel, 2) AS assess_speedup
  FROM p ORDER BY households;
SQL
