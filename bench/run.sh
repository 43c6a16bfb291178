#!/usr/bin/env bash
# run.sh: every benchmark script in bench/, against the database that the
# harness prepared (PGHOST, PGPORT, PGUSER, PGDATABASE set, extension created).
# Each prints its figures as ratios against a reference from the same run.
# The payroll benchmark builds databases of 100,000 and 1,000,000 households
# and takes about half an hour: it runs only with BENCH_PAYROLL=1.
# BENCH_PAYROLL_CONCURRENCY=1 adds clerks editing while the payroll runs
# for two minutes (payroll_concurrency.sh).
set -euo pipefail
cd "$(dirname "$0")"
for script in ${BENCH_SCRIPTS:-adcode.sql idcard.sql assessment.sql placename.sql address.sql}; do
    [ -f "$script" ] || continue
    psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$script"
done
[ -z "${BENCH_PAYROLL:-}" ] || PAYROLL_SIZES="${PAYROLL_SIZES:-100000 1000000}" ./payroll.sh
[ -z "${BENCH_SECURITY:-}" ] || ./security.sh
[ -z "${BENCH_PAYROLL_CONCURRENCY:-}" ] || ./payroll_concurrency.sh
