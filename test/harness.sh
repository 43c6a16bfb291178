#!/usr/bin/env bash
# harness.sh: the README's commands.  'check' builds, installs and runs every
# suite on a throwaway cluster; 'demo' shows the extension at work; 'bench'
# measures.  Each ends by removing its cluster, failing or not.
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS_GOAL=${1:?usage: harness.sh check|demo|bench|sqlsmith|sanitize}
# shellcheck source=test/lib/common.sh
. test/lib/common.sh

PASSED=0
FAILED=0
tally() { PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); }

# Each suite prints a line 'NAME: N passed, N failed' and exits non-zero on
# failure; the harness adds them up and keeps going so every failure shows.
run_suite() {
    local name=$1 out status
    shift
    say "$name"
    set +e
    out=$("$@" 2>&1)
    status=$?
    set -e
    printf '%s\n' "$out"
    local line p f
    line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1 || true)
    p=$(printf '%s' "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
    f=$(printf '%s' "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    tally "$p" "$f"
}

regress_suite() {
    local status=0
    make -s PG_CONFIG="$PG_CONFIG" installcheck >build/regress.log 2>&1 || status=$?
    grep -E '^(ok|not ok|test| +)' build/regress.log | grep -vE '^ +$' || cat build/regress.log
    if [ "$status" -ne 0 ]; then
        [ -f regression.diffs ] && cat regression.diffs
    fi
    local ok bad
    ok=$(grep -cE '(\.\.\. ok|^ok )' build/regress.log || true)
    bad=$(grep -cE '(\.\.\. FAILED|^not ok )' build/regress.log || true)
    echo "regress: $ok passed, $bad failed"
    return "$status"
}

# The same suite with every table counting as large, so payroll_entitlements
# and assess_households read through parallel workers in every test: the
# expected output is the same.  parallel_setup_cost keeps the planner's own
# plans serial (their EXPLAIN output is expected as it is).
regress_parallel_suite() (
    export PGOPTIONS="$FORCED_PARALLEL_PGOPTIONS"
    regress_suite
)

case "$HARNESS_GOAL" in
    check)
        ensure_packages $PACKAGES_BUILD $PACKAGES_TEST
        mkdir -p build
        build_and_install
        run_suite "unit tests (plain C kernels)" make -s unit
        run_suite "fuzz targets (short run)" bash test/fuzz/run.sh "${FUZZ_SECONDS:-10}"
        run_suite "packaging metadata (META.json, debian/)" /usr/bin/python3 test/packaging/check_meta.py
        start_cluster
        run_suite "pg_regress" regress_suite
        run_suite "pg_regress, bulk functions read by parallel workers" regress_parallel_suite
        createdb odbc_test
        psql -q -X -d odbc_test -c 'CREATE EXTENSION civil_affairs CASCADE' >/dev/null
        run_suite "ODBC (unixODBC + psqlODBC)" env PGDATABASE=odbc_test bash test/odbc/run.sh
        run_suite "national village loader" bash test/load_villages_test.sh
        run_suite "audit chain, 8 concurrent writers" bash test/audit_concurrency_test.sh "${AUDIT_CONCURRENCY_SECONDS:-10}"
        run_suite "clerks editing while the payroll runs" env SERVER_LOG="$CLUSTER_DIR/server.log" bash test/payroll_concurrency_test.sh "${PAYROLL_CONCURRENCY_SECONDS:-10}"
        run_suite "upgrade from every release" env PG_CONFIG="$PG_CONFIG" bash test/upgrade/run.sh
        run_suite "pg_dump -Fc and pg_restore" bash test/dump/run.sh
        run_suite "sqlsmith (random queries)" env SERVER_LOG="$CLUSTER_DIR/server.log" bash test/sqlsmith/run.sh 3000 1
        run_suite "shards (postgres_fdw)" env PG_CONFIG="$PG_CONFIG" bash test/shards/run.sh
        stop_cluster
        # Last: it builds and installs a sanitized copy, runs its own
        # cluster, then installs the normal build again.  SANITIZE=0 skips
        # it while iterating; CI never sets it.
        if [ "${SANITIZE:-1}" != 0 ]; then
            run_suite "sanitizers (ASan + UBSan build)" env PG_CONFIG="$PG_CONFIG" bash test/sanitize/run.sh
        fi
        echo
        echo "all suites: $PASSED passed, $FAILED failed"
        [ "$FAILED" -eq 0 ]
        ;;
    demo)
        ensure_packages $PACKAGES_BUILD
        build_and_install
        start_cluster
        psql -q -X -c 'CREATE EXTENSION civil_affairs CASCADE'
        psql -X -v ON_ERROR_STOP=1 -f demo/demo.sql
        ;;
    bench)
        ensure_packages $PACKAGES_BUILD
        build_and_install
        CLUSTER_OPTIONS="-c shared_buffers=1GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=0 -c max_parallel_maintenance_workers=0" start_cluster
        psql -q -X -c 'CREATE EXTENSION civil_affairs CASCADE'
        bash bench/run.sh
        ;;
    sqlsmith)
        ensure_packages $PACKAGES_BUILD sqlsmith
        build_and_install
        start_cluster
        run_suite "sqlsmith (random queries)" env SERVER_LOG="$CLUSTER_DIR/server.log" \
            bash test/sqlsmith/run.sh "${SQLSMITH_QUERIES:-100000}" "${SQLSMITH_SEED:-$(date +%s)}"
        [ "$FAILED" -eq 0 ]
        ;;
    sanitize)
        ensure_packages $PACKAGES_BUILD $PACKAGES_TEST
        mkdir -p build
        run_suite "sanitizers (ASan + UBSan build)" env PG_CONFIG="$PG_CONFIG" bash test/sanitize/run.sh
        [ "$FAILED" -eq 0 ]
        ;;
    *)
        die "unknown target '$HARNESS_GOAL' (expected check, demo, bench, sqlsmith or sanitize)"
        ;;
esac
