#!/usr/bin/env bash
# payroll_concurrency.sh: test/payroll_concurrency_test.sh for longer and on a
# larger caseload than make check gives it: clerks edit households, people
# and incomes while two admins run the month's payroll again and again, then
# the same exact checks (payments per enrolment equal the recomputation, run
# totals, append-only payments, one audit entry per clerk change, a chain
# that verifies, no deadlock, no failed transaction).  Prints the clerks'
# transactions and the payroll runs it got through.  Works with the
# environment bench/run.sh has; needs CREATEDB, CREATEROLE and superuser (the
# caseload's fast load).  PAYROLL_CONCURRENCY_SECONDS (default 120),
# PAYROLL_CONCURRENCY_HOUSEHOLDS (default 20000).
set -euo pipefail
cd "$(dirname "$0")"
bash ../test/payroll_concurrency_test.sh "${PAYROLL_CONCURRENCY_SECONDS:-120}" "${PAYROLL_CONCURRENCY_HOUSEHOLDS:-20000}"
