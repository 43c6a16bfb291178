#!/usr/bin/env bash
# run.sh: every benchmark script in bench/, against the database that the
# harness prepared (PGHOST, PGPORT, PGUSER, PGDATABASE set, extension created).
# Each prints its figures as ratios against a reference from the same run.
set -euo pipefail
cd "$(dirname "$0")"
for script in ${BENCH_SCRIPTS:-adcode.sql idcard.sql}; do
    [ -f "$script" ] || continue
    psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f "$script"
done
