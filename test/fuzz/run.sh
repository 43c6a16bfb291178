#!/usr/bin/env bash
# run.sh SECONDS: build every libFuzzer target and run each for SECONDS,
# starting from its seed corpus in test/fuzz/corpus/NAME.  A crash, a leak
# or a sanitizer report fails the run and leaves the input in build/fuzz/.
set -u
seconds=${1:-10}
cd "$(dirname "$0")/../.."
make -s fuzz >/dev/null || { echo "fuzz: 0 passed, 1 failed (build)"; exit 1; }
passed=0 failed=0
for target in build/fuzz/fuzz_*; do
    case "$target" in *.*) continue ;; esac
    [ -x "$target" ] || continue
    name=$(basename "$target")
    corpus=build/fuzz/corpus-$name
    mkdir -p "$corpus"
    [ -d "test/fuzz/corpus/$name" ] && cp -n test/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
    if "$target" -max_total_time="$seconds" -max_len=256 -artifact_prefix=build/fuzz/"$name"- \
            "$corpus" >build/fuzz/"$name".log 2>&1; then
        runs=$(grep -oE 'Done [0-9]+ runs' build/fuzz/"$name".log | grep -oE '[0-9]+' || echo '?')
        echo "ok - $name: $runs executions in ${seconds}s, no findings"
        passed=$((passed + 1))
    else
        echo "not ok - $name: finding, see build/fuzz/$name.log"
        tail -n 30 build/fuzz/"$name".log
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
