#!/usr/bin/env bash
# Starts PostgreSQL and three silos on 127.0.0.1:5081-5083 sharing it, without Docker. Ctrl-C stops everything.
#
#   scripts/cluster.sh            # then e.g. examples/walkthrough.sh http://127.0.0.1:5082
#
# State is kept in data/cluster (PostgreSQL's data folder, the shared signing key, one log per silo), so a restart keeps
# users, blocks and messages. CLUSTER_DATA and CLUSTER_PG_PORT (default 55432) override where and which port.
# Pools and the server are sized together (README, "Pool sizing"): 3 silos x 60 connections = 180 of max_connections=200.
# As root, initdb and postgres run as the `postgres` system user (they refuse root).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || {
    echo "cluster: PostgreSQL 15 server binaries not found in $pg_bin: apt-get install postgresql-15" >&2; exit 2; }
state="$(realpath -m "${CLUSTER_DATA:-data/cluster}")"
pg_port="${CLUSTER_PG_PORT:-55432}"
pgdata="$state/pg"
silo_count=3
pool_size=60
max_connections=200
mkdir -p "$state"

as_pg=()
if [[ "$(id -u)" == 0 ]]; then
    as_pg=(runuser -u postgres --)
    mkdir -p "$pgdata" && chown postgres: "$pgdata" && chmod 700 "$pgdata"
fi

silos=()
stop() {
    trap - EXIT INT TERM
    echo "cluster: stopping"
    for pid in "${silos[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait "${silos[@]}" 2>/dev/null || true
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# PostgreSQL: created on first run, durable (fsync on), loopback only.
if [[ ! -f "$pgdata/PG_VERSION" ]]; then
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1 \
        || { cat "$state/initdb.log" >&2; exit 1; }
fi
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='' -c max_connections=$max_connections" start >/dev/null \
    || { cat "$pgdata/server.log" >&2; exit 1; }
echo "cluster: PostgreSQL on 127.0.0.1:$pg_port"

# One signing key for every silo, so a token from one is accepted by all.
[[ -s "$state/signing-key" ]] || (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$state/signing-key")

dotnet build "$repo/src/Api" -c Release -v quiet -nologo >/dev/null
app="$repo/src/Api/bin/Release/net10.0"

for i in $(seq 1 "$silo_count"); do
    (
        cd "$app"
        Storage__Provider=Postgres \
        ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=$pool_size" \
        Storage__ExpectedSilos="$silo_count" \
        Auth__SigningKey="$(cat "$state/signing-key")" \
        Storage__DataPath="$state/silo-$i" \
        Silo__SiloId="silo-$i" \
        exec dotnet ChatBlock.Api.dll --urls "http://127.0.0.1:508$i"
    ) >"$state/silo-$i.log" 2>&1 &
    silos+=($!)
done

for i in $(seq 1 "$silo_count"); do
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:508$i/readyz" >/dev/null 2>&1 && break
        kill -0 "${silos[$((i - 1))]}" 2>/dev/null || { echo "cluster: silo-$i exited:" >&2; tail -20 "$state/silo-$i.log" >&2; exit 1; }
        sleep 0.5
    done
    curl -fs "http://127.0.0.1:508$i/readyz" >/dev/null || { echo "cluster: silo-$i is not ready" >&2; exit 1; }
    echo "cluster: silo-$i ready on http://127.0.0.1:508$i (log: $state/silo-$i.log)"
done
echo "cluster: running; press Ctrl-C to stop"
wait "${silos[@]}"
