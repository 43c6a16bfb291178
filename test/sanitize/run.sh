#!/usr/bin/env bash
# run.sh: the sanitizer suite.  Builds the extension with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc, -fsanitize=address,undefined, no recovery)
# in a copy of the tree (build/sanitize/tree), installs that build into
# PG_CONFIG's directories, starts a throwaway cluster of Debian's server with
# the ASan runtime preloaded, and runs every pg_regress file and isolation
# spec of the Makefile's REGRESS and ISOLATION lists, then the ODBC, upgrade
# and dump-and-restore suites, against it.  Any sanitizer report in the
# server's log fails the run: the runtimes are set to abort on the first
# report, so the backend dies and its test fails too.  On exit the normal
# build is installed again (make install from this tree), pass or fail.
#
# Needs root or write access to PG_CONFIG's directories (like make check).
# Run as: make sanitize   (or bash test/sanitize/run.sh)
# Prints "sanitize: N passed, N failed".  docs/operations.md explains why the
# preloaded test/sanitize/asan_preload_fix.c is needed.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/lib/common.sh
OUT=build/sanitize
TREE=$OUT/tree
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() {
    echo "sanitize: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# Flags of the sanitized build.  -fno-wrapv (after PostgreSQL's -fwrapv) so
# that a signed overflow in our code is reported, not defined to wrap.
SANITIZE_COPT="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -fno-wrapv"
# The server is not instrumented and frees by memory context, not free():
# its exit-time "leaks" are not ours, so LeakSanitizer stays off.  Stop at the
# first report, so the backend dies and the postmaster logs it.
SANITIZER_ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
SANITIZER_UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"

restore_normal_build() {
    stop_cluster >/dev/null 2>&1
    if make -s PG_CONFIG="$PG_CONFIG" all >/dev/null 2>&1 && make -s PG_CONFIG="$PG_CONFIG" install >/dev/null 2>&1; then
        echo "# the normal build is installed again"
    else
        echo "# could not reinstall the normal build: run make install PG_CONFIG=$PG_CONFIG"
    fi
}
preload_fix=
trap 'restore_normal_build; [ -n "$preload_fix" ] && rm -f "$preload_fix"' EXIT

# 1. The sanitized build, in a copy of the tree (PGXS builds in place).
rm -rf "$TREE"
mkdir -p "$TREE"
tar -c --exclude=./build --exclude=./results --exclude=./.git --exclude=./log \
    --exclude=./output_iso --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
    --exclude=./regression.diffs --exclude=./regression.out \
    --exclude='./civil_affairs--[0-9]*.sql' . | tar -x -C "$TREE"
if make -s -C "$TREE" PG_CONFIG="$PG_CONFIG" COPT="$SANITIZE_COPT" all >"$OUT/build.log" 2>&1 \
        && make -s -C "$TREE" PG_CONFIG="$PG_CONFIG" install >>"$OUT/build.log" 2>&1; then
    ok "built with $SANITIZE_COPT and installed"
else
    tail -n 30 "$OUT/build.log"
    not_ok "the sanitized build"
    finish
fi
# The library must call into both runtimes, or the run would prove nothing.
symbols=$(nm -D --undefined-only "$TREE/civil_affairs.so")
if grep -q '__asan_report_load' <<<"$symbols" && grep -q '__ubsan_handle_' <<<"$symbols"; then
    ok "civil_affairs.so is instrumented ($(grep -c '__asan_\|__ubsan_' <<<"$symbols") sanitizer entry points)"
else
    not_ok "civil_affairs.so has no ASan or UBSan instrumentation"
    finish
fi

# 2. The runtimes the library needs, preloaded into the server: ASan's must
# come first in the process (it refuses to start otherwise).
asan_runtime=$(ldd "$TREE/civil_affairs.so" | awk '/libasan/ {print $3}')
ubsan_runtime=$(ldd "$TREE/civil_affairs.so" | awk '/libubsan/ {print $3}')
if [ -z "$asan_runtime" ] || [ -z "$ubsan_runtime" ]; then
    not_ok "civil_affairs.so does not link libasan and libubsan"
    finish
fi
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$OUT/asan_preload_fix.so" test/sanitize/asan_preload_fix.c \
    || { not_ok "building test/sanitize/asan_preload_fix.c"; finish; }
# The server runs as 'postgres' when we are root: give it a copy it can read.
preload_fix=$(mktemp --suffix=.so "${TMPDIR:-/tmp}/civil_affairs_asan_preload_fix.XXXXXX")
cp "$OUT/asan_preload_fix.so" "$preload_fix"
chmod a+r "$preload_fix"

LD_PRELOAD="$asan_runtime $ubsan_runtime $preload_fix" \
ASAN_OPTIONS=$SANITIZER_ASAN_OPTIONS UBSAN_OPTIONS=$SANITIZER_UBSAN_OPTIONS \
    start_cluster >/dev/null
# start_cluster's own trap only stops the cluster: restore the build as well.
trap 'restore_normal_build; rm -f "$preload_fix"' EXIT
server_log=$CLUSTER_DIR/server.log

maps=$(psql -X -q -At -d postgres -c "CREATE EXTENSION civil_affairs CASCADE" \
    -c "SELECT '450102'::civil_affairs.adcode" -c "SELECT pg_read_file('/proc/self/maps')" 2>&1)
if grep -q "$(basename "$asan_runtime")" <<<"$maps" && grep -q "civil_affairs.so" <<<"$maps"; then
    ok "a backend runs with $(basename "$asan_runtime") and the sanitized civil_affairs.so"
else
    printf '%s\n' "$maps" | tail -n 5
    not_ok "a backend does not have the ASan runtime and civil_affairs.so loaded"
fi
psql -X -q -d postgres -c 'DROP EXTENSION civil_affairs; DROP EXTENSION btree_gist' >/dev/null 2>&1

# 3. The suites, against the sanitized server.
status=0
make -s -C "$TREE" PG_CONFIG="$PG_CONFIG" installcheck >"$OUT/regress.log" 2>&1 || status=$?
regress_ok=$(grep -cE '(\.\.\. ok|^ok )' "$OUT/regress.log")
regress_bad=$(grep -cE '(\.\.\. FAILED|^not ok )' "$OUT/regress.log")
grep -E '(\.\.\. |^(not )?ok )' "$OUT/regress.log" | sed 's/^/  /'
passed=$((passed + regress_ok))
failed=$((failed + regress_bad))
if [ "$status" -ne 0 ] || [ "$regress_ok" -eq 0 ]; then
    [ -f "$TREE/regression.diffs" ] && head -n 60 "$TREE/regression.diffs"
    [ "$regress_bad" -eq 0 ] && not_ok "pg_regress and isolation did not run (see $OUT/regress.log)"
fi

# Again with the bulk functions reading through parallel workers (sanitized too).
status=0
PGOPTIONS="$FORCED_PARALLEL_PGOPTIONS" make -s -C "$TREE" PG_CONFIG="$PG_CONFIG" installcheck \
    >"$OUT/regress_parallel.log" 2>&1 || status=$?
regress_ok=$(grep -cE '(\.\.\. ok|^ok )' "$OUT/regress_parallel.log")
regress_bad=$(grep -cE '(\.\.\. FAILED|^not ok )' "$OUT/regress_parallel.log")
echo "  pg_regress and isolation with parallel workers: $regress_ok passed, $regress_bad failed"
passed=$((passed + regress_ok))
failed=$((failed + regress_bad))
if [ "$status" -ne 0 ] || [ "$regress_ok" -eq 0 ]; then
    [ -f "$TREE/regression.diffs" ] && head -n 60 "$TREE/regression.diffs"
    [ "$regress_bad" -eq 0 ] && not_ok "pg_regress with parallel workers did not run (see $OUT/regress_parallel.log)"
fi

suite() {   # suite NAME COMMAND...: another suite of make check; its checks count here
    local name=$1 out status=0 line p f
    shift
    out=$("$@" 2>&1) || status=$?
    line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    passed=$((passed + p))
    failed=$((failed + f))
    echo "  $name: $p passed, $f failed"
    [ "$f" -eq 0 ] || printf '%s\n' "$out" | grep -E '^not ok' | head -n 20
}
createdb odbc_sanitize
psql -q -X -d odbc_sanitize -c "SET client_min_messages = warning" -c "CREATE EXTENSION civil_affairs CASCADE" >/dev/null
suite "ODBC" env PGDATABASE=odbc_sanitize bash test/odbc/run.sh
suite "upgrade" env PG_CONFIG="$PG_CONFIG" bash test/upgrade/run.sh
suite "dump and restore" bash test/dump/run.sh

# 4. The server's log: no sanitizer report, no backend killed by a signal.
# A backend that dies outside proc_exit() (a sanitizer's abort or _exit) makes
# the postmaster log "server process ... exited with exit code" or "was
# terminated by signal"; an orderly FATAL exit logs neither.
reports=$(grep -nE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)|server process .*(exited with exit code|terminated by signal)' "$server_log")
if [ -z "$reports" ]; then
    ok "no sanitizer report in the server's log ($(wc -l <"$server_log") lines)"
else
    cp "$server_log" "$OUT/server.log"
    printf '%s\n' "$reports" | head -n 20
    not_ok "sanitizer reports in the server's log (kept in $OUT/server.log)"
fi
finish
