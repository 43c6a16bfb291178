#!/usr/bin/env bash
# security.sh: bench/security.sql in a fresh database (the payroll tables
# are append-only, so the caseload cannot be cleared afterwards), then the
# audit chain under 8 concurrent writers for a minute
# (test/audit_concurrency_test.sh 60).  Needs CREATEDB, CREATEROLE and
# superuser (the caseload's fast load), as bench/payroll.sh does.
# Size: SECURITY_HOUSEHOLDS (default 100000).
set -euo pipefail
cd "$(dirname "$0")"
db=civil_affairs_security_bench
dropdb --if-exists "$db"
createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -P footer=off -v households="${SECURITY_HOUSEHOLDS:-100000}" -f security.sql
bash ../test/audit_concurrency_test.sh "${AUDIT_CONCURRENCY_SECONDS:-60}"
