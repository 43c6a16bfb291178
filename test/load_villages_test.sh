#!/usr/bin/env bash
# load_villages_test.sh: the national village loader, in a database of its
# own: it loads every village once, loads again without change, and keeps
# the shipped Nanning rows and a city's correction.
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0
check() {  # check DESCRIPTION GOT EXPECTED
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1: got '$2', expected '$3'"; fi
}
db=villages_test
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
# The report writer's view: the extension's schema on the search path.
q() { PGOPTIONS='-c search_path=civil_affairs,public' psql -X -q -At -d "$db" -c "$1"; }
q 'CREATE EXTENSION civil_affairs CASCADE'
q "UPDATE division SET name = '测试社区居委会' WHERE code = '450107001001'"

expected=$(gzip -dc data/village.csv.gz | tail -n +2 | wc -l)
scripts/load-villages.sh -d "$db" >/dev/null || { echo "not ok - loader failed"; echo "villages: 0 passed, 1 failed"; exit 1; }
check "every village of the country is loaded" "$(q 'SELECT count(*) FROM division WHERE level = 5')" "$expected"
check "Nanning's shipped villages stay shipped" \
    "$(q "SELECT count(*) FROM division WHERE level = 5 AND code <@ '4501' AND NOT shipped")" "1"
check "a city's correction survives the load" \
    "$(q "SELECT name FROM division WHERE code = '450107001001'")" "测试社区居委会"
check "a village in Beijing has its full name" \
    "$(q "SELECT adcode_fullname('110101001001')")" "北京市东城区东华门街道多福巷社区居委会"
check "every loaded village has its township" \
    "$(q "SELECT count(*) FROM division d WHERE level = 5 AND NOT EXISTS (SELECT FROM division p WHERE p.code = d.parent)")" "0"
scripts/load-villages.sh -d "$db" >/dev/null
check "loading twice changes nothing" "$(q 'SELECT count(*) FROM division WHERE level = 5')" "$expected"
dropdb "$db"
echo "villages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
