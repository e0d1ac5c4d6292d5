#!/usr/bin/env bash
# Install (when missing) and start a throwaway PostgreSQL server for rasd's store tests.
#
#   source .ci/postgres.sh         # starts it and exports RASD_TEST_PG (tests against it run)
#   bash .ci/postgres.sh stop      # stops it
#
# Debian's `postgresql` package provides the server; the cluster lives in $RASD_PG_DIR
# (default /tmp/rasd-pg), listens on localhost:$RASD_PG_PORT (default 54329), trusts local
# connections and runs with fsync off: test data only.
rasd_pg_main() {
    local port="${RASD_PG_PORT:-54329}" dir="${RASD_PG_DIR:-/tmp/rasd-pg}" bin
    if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
        if [ "$(id -u)" != 0 ]; then echo "postgres.sh: PostgreSQL missing and not root" >&2; return 1; fi
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
    fi
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    as_pg() {
        if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
    }
    if [ "${1:-start}" = stop ]; then
        as_pg "$bin/pg_ctl -D $dir -m fast stop" >/dev/null 2>&1
        return 0
    fi
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir" && chmod 700 "$dir"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
        as_pg "$bin/initdb -D $dir -U postgres -A trust -E UTF8 --no-sync" >/dev/null || return 1
    fi
    if ! as_pg "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl -D $dir -l $dir/server.log -w -o \"-p $port -k /tmp -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null || return 1
    fi
    if ! as_pg "$bin/psql -h localhost -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='rasd_test'\"" | grep -q 1; then
        as_pg "$bin/createdb -h localhost -p $port -U postgres rasd_test" || return 1
    fi
    export RASD_TEST_PG="postgresql+psycopg://postgres@localhost:$port/rasd_test"
    echo "RASD_TEST_PG=$RASD_TEST_PG"
}
rasd_pg_main "$@"
