#!/usr/bin/env bash
# run.sh: the upgrade suite.  For every released version (a dated section of
# CHANGELOG.md) there must be an install-script fixture here and an update
# path to the current version.  For each: install the release from its
# fixture (with the current library), fill the sample data, ALTER EXTENSION
# UPDATE, and compare the catalog description (catalog.sql) and the results
# (test/lib/results.sql) with a fresh install filled the same way.  Any
# difference fails and is printed as a unified diff.
#
# Needs PGHOST/PGPORT/PGUSER (test/harness.sh exports them), PG_CONFIG, and
# write access to the server's extension directory: the fixture is put there
# for the run (as civil_affairs--OLD.sql) and removed afterwards.
# Prints "upgrade: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-pg_config}
OUT=build/upgrade
mkdir -p "$OUT"
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "upgrade: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" civil_affairs.control)
released=$(sed -n 's/^## \([0-9][0-9.]*\) ([0-9-]*)$/\1/p' CHANGELOG.md)
[ -n "$released" ] || { not_ok "no released version found in CHANGELOG.md"; finish; }
extdir=$("$PG_CONFIG" --sharedir)/extension
installed_fixtures=()
cleanup() { local f; for f in "${installed_fixtures[@]}"; do rm -f "$f"; done; }
trap cleanup EXIT

# The fresh install, filled once, described once.
dropdb --if-exists ca_fresh >/dev/null 2>&1
createdb ca_fresh && psql_q -d ca_fresh -c 'CREATE EXTENSION civil_affairs CASCADE' \
    && psql_q -d ca_fresh -f test/lib/sample_data.sql >"$OUT/fresh.fill" 2>&1 \
    || { cat "$OUT/fresh.fill" 2>/dev/null; not_ok "fresh $current install with sample data"; finish; }
# describe DB NAME: build/upgrade/NAME.catalog and NAME.results; fails on any error.
describe() {
    psql_q -d "$1" -f test/upgrade/catalog.sql >"$OUT/$2.catalog" 2>&1 \
        && psql_q -d "$1" -v with_clock=off -v with_history=off -f test/lib/results.sql >"$OUT/$2.results" 2>&1 \
        || { tail -n 5 "$OUT/$2.catalog" "$OUT/$2.results"; return 1; }
}
describe ca_fresh fresh || { not_ok "describing the fresh install failed"; finish; }
members=$(grep -c ' | member$' "$OUT/fresh.catalog")
paid=$(grep -c '^v_payroll|' "$OUT/fresh.results")
if [ "$members" -gt 100 ] && [ "$paid" -gt 10 ]; then
    ok "fresh $current install: $members objects described, $paid v_payroll rows"
else
    not_ok "fresh $current install described too little: $members objects, $paid v_payroll rows (see $OUT/fresh.*)"
fi

compare() {   # compare WHAT OLD: diff build/upgrade/OLD.WHAT against fresh.WHAT
    if diff -u --label "fresh $current" --label "updated from $2" "$OUT/fresh.$1" "$OUT/$2.$1" >"$OUT/$2.$1.diff"; then
        ok "$2 → $current: $1 identical to a fresh install ($(wc -l <"$OUT/fresh.$1") lines)"
    else
        not_ok "$2 → $current: $1 differs from a fresh install ($(grep -c '^[-+][^-+]' "$OUT/$2.$1.diff") lines):"
        cut -c 1-240 "$OUT/$2.$1.diff" | head -n 60
    fi
}

for old in $released; do
    fixture=test/upgrade/civil_affairs--$old.sql.gz
    db=ca_from_${old//./_}
    if [ ! -f "$fixture" ]; then
        not_ok "released $old has no install-script fixture $fixture"
        continue
    fi
    target=$extdir/civil_affairs--$old.sql
    if [ ! -e "$target" ]; then
        if gzip -dc "$fixture" >"$target" 2>/dev/null; then
            installed_fixtures+=("$target")
        else
            rm -f "$target"
            not_ok "cannot write $target (run as root, or as a user who can write to $extdir)"
            continue
        fi
    elif ! gzip -dc "$fixture" | cmp -s - "$target"; then
        not_ok "$target exists and differs from $fixture"
        continue
    fi
    path=$(psql -X -At -d ca_fresh -c "SELECT path FROM pg_extension_update_paths('civil_affairs')
                                       WHERE source = '$old' AND target = '$current'")
    if [ -n "$path" ]; then ok "update path $old → $current: $path"; else not_ok "no update path $old → $current"; continue; fi

    dropdb --if-exists "$db" >/dev/null 2>&1
    if createdb "$db" \
        && psql_q -d "$db" -c "CREATE EXTENSION civil_affairs VERSION '$old' CASCADE" \
        && psql_q -d "$db" -f test/lib/sample_data.sql >"$OUT/$old.fill" 2>&1; then
        ok "$old installed from $fixture and filled with the sample data"
    else
        cat "$OUT/$old.fill" 2>/dev/null
        not_ok "$old install or sample data failed"
        continue
    fi
    if psql_q -d "$db" -c 'ALTER EXTENSION civil_affairs UPDATE' >"$OUT/$old.update" 2>&1 \
        && [ "$(psql -X -At -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'civil_affairs'")" = "$current" ]; then
        ok "ALTER EXTENSION civil_affairs UPDATE: $old → $current"
    else
        cat "$OUT/$old.update"
        not_ok "ALTER EXTENSION civil_affairs UPDATE from $old"
        continue
    fi
    describe "$db" "$old" || { not_ok "describing the database updated from $old failed"; continue; }
    compare catalog "$old"
    compare results "$old"
    # The audit chain starts at the update: the next change is its first link.
    if psql_q -d "$db" -c "UPDATE civil_affairs.person SET phone = phone WHERE id = (SELECT min(id) FROM civil_affairs.person)" \
        && [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM civil_affairs.audit_log")" -ge 1 ] \
        && [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM civil_affairs.audit_verify()")" = 0 ]; then
        ok "$old → $current: changes after the update are audited and the chain verifies"
    else
        not_ok "$old → $current: no verifying audit chain after the update"
    fi
    dropdb "$db"
done
dropdb ca_fresh
finish
