#!/usr/bin/env bash
# run.sh: scaling out with postgres_fdw.  Starts two extra throwaway clusters
# as shards; each holds the extension and the households of its divisions
# (Nanning's city districts 4501[0-1]x on shard 1, its counties and
# county-level cities on shard 2), with their people, incomes, assessments,
# enrolments and payroll, computed where the data is.  A coordinator database
# on the main cluster (PGHOST/PGPORT) sees them as partitioned tables with
# foreign partitions (postgres_fdw, extensions 'civil_affairs'), and a
# single-node database holds the whole caseload.  Checks:
#   - EXPLAIN VERBOSE: the extension's functions and operators are in the
#     Remote SQL (executed on the shards), partitions are pruned by division,
#     aggregates are pushed down;
#   - the payroll list and totals through the coordinator equal the
#     single-node ones, row for row.
# Needs PG_CONFIG, PGHOST/PGPORT/PGUSER, and to be root or the user that
# runs the main cluster.  Prints "shards: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-pg_config}
households=${SHARD_HOUSEHOLDS:-300}
month=2021-06-01
OUT=build/shards
mkdir -p "$OUT"
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "shards: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

bindir=$("$PG_CONFIG" --bindir)
run_as=()
[ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
shard_dirs=()
stop_shards() {
    local d
    for d in "${shard_dirs[@]}"; do
        "${run_as[@]}" "$bindir/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1
        rm -rf "$d"
    done
}
trap stop_shards EXIT

# start_shard: a throwaway cluster like the harness's; prints its socket directory.
start_shard() {
    local d
    d=$(mktemp -d "${TMPDIR:-/tmp}/civil_affairs-shard.XXXXXX") || return 1
    [ "$(id -u)" -eq 0 ] && chown postgres "$d"
    "${run_as[@]}" "$bindir/initdb" -D "$d/data" -U "$PGUSER" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$d/initdb.log" 2>&1 \
        && "${run_as[@]}" "$bindir/pg_ctl" -D "$d/data" -l "$d/server.log" -w \
               -o "-c listen_addresses='' -k $d -c port=5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
               start >/dev/null \
        || { cat "$d/initdb.log" "$d/server.log" 2>/dev/null >&2; echo "$d"; return 1; }
    echo "$d"
}

# The two shards and the range of residence codes each holds.
shard_from=(4501 450120)
shard_to=(450120 4502)
shard_host=()
for i in 0 1; do
    d=$(start_shard)
    status=$?
    shard_dirs+=("$d")
    [ "$status" -eq 0 ] || { not_ok "starting shard $((i + 1))"; finish; }
    shard_host+=("$d")
    if PGHOST=$d PGPORT=5432 createdb ca_shard \
        && PGHOST=$d PGPORT=5432 psql_q -d ca_shard -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null \
        && PGHOST=$d PGPORT=5432 psql_q -d ca_shard -v households="$households" -v month="$month" \
               -v shard_from="${shard_from[$i]}" -v shard_to="${shard_to[$i]}" -f test/lib/sample_data.sql; then
        n=$(PGHOST=$d PGPORT=5432 psql -X -At -d ca_shard -c 'SELECT count(*) FROM civil_affairs.household')
        ok "shard $((i + 1)): cluster started, households in [${shard_from[$i]}, ${shard_to[$i]}): $n, assessed and paid for $month"
    else
        not_ok "filling shard $((i + 1))"; finish
    fi
done

dropdb --if-exists ca_single >/dev/null 2>&1
if createdb ca_single && psql_q -d ca_single -c 'CREATE EXTENSION civil_affairs CASCADE' 2>/dev/null \
    && psql_q -d ca_single -v households="$households" -v month="$month" -f test/lib/sample_data.sql; then
    ok "single node: the whole caseload of $households households, assessed and paid for $month"
else
    not_ok "filling the single-node database"; finish
fi

dropdb --if-exists ca_coordinator >/dev/null 2>&1
createdb ca_coordinator && psql_q -d ca_coordinator \
    -v shard1="${shard_host[0]}" -v shard2="${shard_host[1]}" -v user="$PGUSER" \
    -v from1="${shard_from[0]}" -v to1="${shard_to[0]}" -v from2="${shard_from[1]}" -v to2="${shard_to[1]}" \
    -f test/shards/coordinator.sql >"$OUT/coordinator.log" 2>&1 \
    && ok "coordinator: postgres_fdw servers with extensions 'civil_affairs', partitioned tables with foreign partitions" \
    || { cat "$OUT/coordinator.log"; not_ok "setting up the coordinator"; finish; }

# EXPLAIN VERBOSE: what runs where.  Partitionwise aggregation lets a
# GROUP BY on the partition key run on the shards.
export PGOPTIONS="-c enable_partitionwise_aggregate=on"
explain() { psql -X -At -d ca_coordinator -c "EXPLAIN (VERBOSE, COSTS OFF) $1"; }
show() { echo "# EXPLAIN VERBOSE $1" | tr -s ' \n' ' '; echo; sed 's/^/#   /' "$2"; }

# A district's villages: the range of its codes prunes to shard 1 (the
# bounds are constants once the IMMUTABLE functions are folded); adcode_level
# runs there.  (code <@ '450107' is pushed down too, but does not prune: only
# the partition key's btree operators do.)
q1="SELECT count(*) FROM city.household
     WHERE residence_division OPERATOR(civil_affairs.>=) civil_affairs.adcode_subtree_lower('450107')
       AND residence_division OPERATOR(civil_affairs.<) civil_affairs.adcode_subtree_upper('450107')
       AND civil_affairs.adcode_level(residence_division) = 5"
explain "$q1" >"$OUT/explain1.txt" 2>&1
show "$q1" "$OUT/explain1.txt"
if [ "$(grep -c 'Foreign Scan' "$OUT/explain1.txt")" -eq 1 ] && grep -q 'city.household_shard1' "$OUT/explain1.txt"; then
    ok "households of 450107: only shard 1 is scanned (partition pruning on the adcode range)"
else
    not_ok "households of 450107: expected one foreign scan, of shard 1's partition"
fi
remote=$(grep 'Remote SQL' "$OUT/explain1.txt")
if grep -q 'civil_affairs.adcode_level(residence_division)' <<<"$remote" \
    && grep -q 'OPERATOR(civil_affairs.>=)' <<<"$remote" && grep -q 'OPERATOR(civil_affairs.<)' <<<"$remote"; then
    ok "households of 450107: adcode_level() and the adcode comparisons run on the shard"
else
    not_ok "households of 450107: adcode_level() or the comparisons are not in the Remote SQL"
fi

# The month's payroll by county and programme: both shards, each computing
# its own sums, with the extension's functions in the query they run.
q2="SELECT county_code, programme, count(*), sum(persons), sum(amount) FROM city.payroll
     WHERE month = '$month' AND civil_affairs.adcode_level(county_code) = 3
       AND civil_affairs.adcode_parent(county_code) OPERATOR(civil_affairs.=) '4501'
     GROUP BY county_code, programme"
explain "$q2" >"$OUT/explain2.txt" 2>&1
show "$q2" "$OUT/explain2.txt"
remote=$(grep 'Remote SQL' "$OUT/explain2.txt")
if [ "$(grep -c 'civil_affairs.adcode_level(county_code)' <<<"$remote")" -eq 2 ] \
    && [ "$(grep -c 'civil_affairs.adcode_parent(county_code)' <<<"$remote")" -eq 2 ] \
    && [ "$(grep -c 'GROUP BY' <<<"$remote")" -eq 2 ]; then
    ok "payroll by county: adcode_level(), adcode_parent() and the sums run on both shards"
else
    not_ok "payroll by county: the functions or the aggregate are not pushed to both shards"
fi

# Results: through the coordinator vs. on a single node.
totals="SELECT county_code, programme, count(*), sum(persons), sum(amount) FROM %s WHERE month = '$month'
        GROUP BY county_code, programme ORDER BY county_code, programme"
psql -X -At -d ca_coordinator -c "$(printf "$totals" city.payroll)" >"$OUT/totals.sharded" 2>&1
psql -X -At -d ca_single -c "$(printf "$totals" civil_affairs.v_payroll)" >"$OUT/totals.single" 2>&1
sed 's/^/#   /' "$OUT/totals.single"
if [ -s "$OUT/totals.single" ] && diff -u --label single --label sharded "$OUT/totals.single" "$OUT/totals.sharded"; then
    ok "payroll totals by county and programme through the shards equal the single-node ones"
else
    not_ok "payroll totals differ"
fi
rows="SELECT p.* FROM %s p ORDER BY p.household_id, p.programme, p.month"
psql -X -At -d ca_coordinator -c "$(printf "$rows" city.payroll)" >"$OUT/payroll.sharded" 2>&1
psql -X -At -d ca_single -c "$(printf "$rows" civil_affairs.v_payroll)" >"$OUT/payroll.single" 2>&1
if [ "$(wc -l <"$OUT/payroll.single")" -gt 100 ] \
    && diff -u --label single --label sharded "$OUT/payroll.single" "$OUT/payroll.sharded" >"$OUT/payroll.diff"; then
    ok "the payroll list through the shards equals the single node's, row for row ($(wc -l <"$OUT/payroll.single") rows)"
else
    not_ok "the payroll lists differ:"; head -n 20 "$OUT/payroll.diff"
fi
dropdb ca_coordinator; dropdb ca_single
finish
