# common.sh: what the harness, the demo and the benchmarks share: the
# packages the project needs, the build, and a throwaway cluster.
# Sourced by test/harness.sh; not a program of its own.

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}

# Debian packages, by what needs them.
PACKAGES_BUILD="make gcc gawk gzip postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR libicu-dev unicode-data bzip2"
PACKAGES_TEST="clang libclang-rt-14-dev unixodbc unixodbc-dev odbc-postgresql"
PACKAGES_TEST="$PACKAGES_TEST python3-pyodbc sqlsmith"
# make deb (scripts/build-deb.sh) only.
PACKAGES_DEB="debhelper dpkg-dev fakeroot postgresql-server-dev-all"

say() { printf '== %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

missing_packages() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    echo "${missing[@]:-}"
}

# Install what is missing when root; otherwise say exactly what to run.
ensure_packages() {
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        say "installing Debian packages: $missing"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        die "missing Debian packages: $missing
Install them first:    sudo apt-get install -y $missing
or run the whole target as root:    sudo make ${HARNESS_GOAL:-check}"
    fi
}

build_and_install() {
    [ -x "$PG_CONFIG" ] || die "$PG_CONFIG not found; install postgresql-server-dev-$PG_MAJOR"
    say "building"
    make -s PG_CONFIG="$PG_CONFIG" all >/dev/null
    local libdir sharedir
    libdir=$("$PG_CONFIG" --pkglibdir)
    sharedir=$("$PG_CONFIG" --sharedir)/extension
    if [ -w "$libdir" ] && [ -w "$sharedir" ]; then
        say "installing into $libdir and $sharedir"
        make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
    elif installed_copy_is_current "$libdir" "$sharedir"; then
        say "the installed extension matches this build"
    else
        die "cannot write to $libdir and $sharedir as $(id -un), and the installed extension differs from this build.
Install the extension first:    sudo make install PG_CONFIG=$PG_CONFIG
then run this target again, or run it as root:    sudo make ${HARNESS_GOAL:-check}"
    fi
}

installed_copy_is_current() {
    local f
    cmp -s civil_affairs.so "$1/civil_affairs.so" || return 1
    for f in civil_affairs.control civil_affairs--*.sql; do
        cmp -s "$f" "$2/$f" || return 1
    done
}

# A throwaway cluster: private temporary directory, Unix socket only, trust
# authentication, removed on exit whatever happens.  PostgreSQL refuses to run
# as root, so root runs the server as the 'postgres' system user.
CLUSTER_DIR=
start_cluster() {
    local bindir run_as=()
    bindir=$("$PG_CONFIG" --bindir)
    CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/civil_affairs.XXXXXX")
    trap stop_cluster EXIT
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        chown postgres "$CLUSTER_DIR"
        run_as=(runuser -u postgres --)
    fi
    CLUSTER_RUN_AS=("${run_as[@]}")
    say "starting a throwaway cluster in $CLUSTER_DIR"
    "${run_as[@]}" "$bindir/initdb" -D "$CLUSTER_DIR/data" -U postgres -A trust \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$CLUSTER_DIR/initdb.log" 2>&1 \
        || { cat "$CLUSTER_DIR/initdb.log"; die "initdb failed"; }
    "${run_as[@]}" "$bindir/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w \
        -o "-c listen_addresses='' -k $CLUSTER_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${CLUSTER_OPTIONS:-}" \
        start >/dev/null || { cat "$CLUSTER_DIR/server.log"; die "the server did not start"; }
    export PGHOST=$CLUSTER_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    export PATH="$bindir:$PATH"
}

stop_cluster() {
    local status=$?
    if [ -n "$CLUSTER_DIR" ] && [ -d "$CLUSTER_DIR" ]; then
        if [ "$status" -ne 0 ] && [ -f "$CLUSTER_DIR/server.log" ]; then
            echo "== the server's log (last 30 lines)"
            tail -n 30 "$CLUSTER_DIR/server.log"
        fi
        "${CLUSTER_RUN_AS[@]}" "$("$PG_CONFIG" --bindir)/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$CLUSTER_DIR"
        CLUSTER_DIR=
    fi
    return $status
}

# Settings under which the bulk functions always start parallel workers
# (docs/operations.md, "Parallel reading"); used by a second pg_regress pass.
FORCED_PARALLEL_PGOPTIONS="-c min_parallel_table_scan_size=0 -c parallel_setup_cost=1e9 -c max_parallel_workers_per_gather=2"
