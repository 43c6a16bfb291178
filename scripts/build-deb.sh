#!/usr/bin/env bash
# build-deb.sh: build the Debian package postgresql-15-civil-affairs the way
# Debian builds PostgreSQL extensions (debian/, pg_buildext, dh --with
# pgxs_loop), from a clean copy of the tree in build/deb/, and check what it
# contains.  The .deb lands in build/deb/.  `make deb` runs this.
# DEB_BUILD_OPTIONS=nocheck skips the pg_regress run inside the build.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/common.sh
HARNESS_GOAL=deb
ensure_packages $PACKAGES_BUILD $PACKAGES_DEB

out=build/deb
rm -rf "$out"
mkdir -p "$out/civil-affairs"
tar -c --exclude=./build --exclude=./.git --exclude='*.o' --exclude='*.so' --exclude=./results . \
    | tar -x -C "$out/civil-affairs"
# debian/control must match debian/control.in and debian/pgversions.
(cd "$out/civil-affairs" && pg_buildext checkcontrol)
say "dpkg-buildpackage (log: $out/build.log)"
if ! (cd "$out/civil-affairs" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log"
    die "dpkg-buildpackage failed; see $out/build.log"
fi
deb=$(ls "$out"/postgresql-15-civil-affairs_*.deb)
say "built $deb"
# dh_pgxs_test ran pg_regress against the files the package installs.
grep -E 'tests passed|failed \(|not ok' "$out/build.log" || echo "(pg_regress skipped: DEB_BUILD_OPTIONS=nocheck)"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
# What the package must hold: the library, the control file, the install
# script and every update script.
contents=$(dpkg-deb --contents "$deb")
missing=0
for f in ./usr/lib/postgresql/15/lib/civil_affairs.so \
         ./usr/share/postgresql/15/extension/civil_affairs.control \
         ./usr/share/postgresql/15/extension/civil_affairs--"$(sed -n "s/^default_version = '\(.*\)'/\1/p" civil_affairs.control)".sql \
         $(sed -n 's/^UPDATE_SCRIPTS = //p' Makefile | sed 's/\$(EXTENSION)/civil_affairs/g; s|[^ ]*|./usr/share/postgresql/15/extension/&|g'); do
    if grep -qF " $f" <<<"$contents"; then echo "ok - $f"; else echo "not ok - $f is not in the package"; missing=1; fi
done
[ "$missing" -eq 0 ] || die "the package lacks files"
