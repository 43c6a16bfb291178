#!/usr/bin/env bash
# load-villages.sh: load every village-level unit of the country (about
# 620,000 居委会 and 村委会, NBS 2023) into civil_affairs.division.
#
#   scripts/load-villages.sh [psql connection options...]
#   e.g. scripts/load-villages.sh -d mydb -h /var/run/postgresql
#
# The rows go in as the city's own (shipped = false), so pg_dump keeps them;
# codes already present (Nanning's, which the extension ships, or a city's
# corrections) are left as they are.  Running it twice changes nothing.
# Needs INSERT on civil_affairs.division (civil_affairs_admin, or the owner).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${CIVIL_AFFAIRS_VILLAGES:-$here/../data/village.csv.gz}
[ -r "$data" ] || { echo "cannot read $data" >&2; exit 1; }

gzip -dc "$data" | psql -X -q -v ON_ERROR_STOP=1 "$@" -c "
BEGIN;
CREATE TEMP TABLE village_load (
    code text, name text, short_name text, level integer, kind text, urban text, placeholder text
) ON COMMIT DROP;
COPY village_load FROM STDIN WITH (FORMAT csv, HEADER true);
INSERT INTO civil_affairs.division (code, name, short_name, kind, urban, placeholder, source, shipped)
SELECT code::civil_affairs.adcode, name, short_name, kind, urban::boolean, placeholder::boolean,
       'NBS 2023 (scripts/load-villages.sh)', false
  FROM village_load
 WHERE level = 5
   -- Not ON CONFLICT: a local row replaces a shipped one on insert (see
   -- docs/division.md), and Nanning's shipped villages must stay as they are.
   AND NOT EXISTS (SELECT FROM civil_affairs.division d
                    WHERE d.code OPERATOR(civil_affairs.=) village_load.code::civil_affairs.adcode);
COMMIT;
" || exit 1
psql -X -q -At "$@" -c "SELECT 'villages in civil_affairs.division: ' || count(*) FROM civil_affairs.division WHERE level = 5"
