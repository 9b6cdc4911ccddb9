#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for tests, runs a command against it, and removes it again.
#
#   scripts/pg-test.sh                      # start, print the connection string, wait for Ctrl+C
#   scripts/pg-test.sh dotnet test          # run the command with ConnectionStrings__Postgres set
#
# The server listens on 127.0.0.1 only, on a free port, with its data in a fresh temporary directory, and runs with
# fsync=off (test data only). As root, initdb and postgres run as the `postgres` system user (they refuse root).
# PG_BIN overrides where the server binaries are (default /usr/lib/postgresql/15/bin).
set -euo pipefail

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl postgres; do
    if [[ ! -x "$pg_bin/$tool" ]]; then
        echo "pg-test: $pg_bin/$tool not found. Install the PostgreSQL 15 server: apt-get install postgresql-15" \
             "(or: apt-get install postgresql), or set PG_BIN to its bin folder." >&2
        exit 2
    fi
done

run_as_pg=()
if [[ "$(id -u)" == 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "pg-test: running as root but there is no 'postgres' system user to run the server as." >&2
        exit 2
    fi
    run_as_pg=(runuser -u postgres --)
fi

work="$(mktemp -d -t chatblock-pg.XXXXXX)"
data="$work/data"
[[ ${#run_as_pg[@]} -gt 0 ]] && chown postgres: "$work"

# A random port nothing answers on (a connection attempt to a free port is refused at once).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 40000))
while ! port_free "$port"; do port=$((20000 + RANDOM % 40000)); done

sleeper=""
stop() {
    [[ -n "$sleeper" ]] && kill "$sleeper" 2>/dev/null
    "${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${run_as_pg[@]}" "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
"${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$work/server.log" >&2; exit 1; }

export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "pg-test: PostgreSQL on 127.0.0.1:$port (data in $work)" >&2
echo "ConnectionStrings__Postgres=$ConnectionStrings__Postgres" >&2

if [[ $# -gt 0 ]]; then
    "$@"
else
    echo "pg-test: press Ctrl+C to stop." >&2
    sleep infinity &
    sleeper=$!
    wait "$sleeper"
fi
