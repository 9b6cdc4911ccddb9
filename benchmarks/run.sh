#!/usr/bin/env bash
# Benchmarks of the send path against its peers and its limits (issue 5), in one run, printed as one table.
#
#   benchmarks/run.sh                        # full size: 1,000,000 users and 10,000,000 block rows
#   benchmarks/run.sh --users 100000 --blocks 1000000    # scaled down
#
# Options (all optional): --users N --blocks N (scale data), --duration S (each measured wrk/pgbench run, default 10),
# --warmup S (default 3), --connections N (wrk connections = pgbench clients, default 64), --pairs N (accepted pairs,
# default 128), --blocked N (refused pairs, default 64), --memory-count N (activations per memory run, default 100000),
# --cold-users N (default 200), --keep DIR (keep the work folder: logs, results.tsv, wrk and pgbench output),
# --pg-options "K=V;..." (appended to the Npgsql connection string of the service, the baseline and the harness),
# --http-only (skip the gate micro benchmark, cold activation and memory, and print the results instead of the table),
# --profile DIR (after each measured run of the service, one more wrk run of the same length with `perf record` sampling
# the service's process at 999 Hz; DIR gets each profile's flat and inclusive top symbols as text, see benchmarks/README.md).
#
# What it does: builds in Release; runs the BenchmarkDotNet gate benchmark; starts a throwaway PostgreSQL 15 (127.0.0.1,
# free port, temporary data folder, test settings as scripts/pg-test.sh plus bulk-load settings, stopped at exit); starts the
# service on it (Storage__Provider=Postgres); bulk-loads the scale data with SQL; prepares users, pairs and blocks through the
# service's API; measures with wrk (service, trivial endpoint, seed-000 baseline) and pgbench; measures cold activation and
# memory with the harness; prints the table. Installs wrk and the PostgreSQL 15 server when missing (apt-get).
# Budget on 2 cores: build ~2 min, micro ~25 s, load ~1.5 min, HTTP ~2.5 min, cold + memory ~1.5 min: under 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
started=$SECONDS

users=1000000 blocks=10000000 duration=10 warmup=3 connections=64 pairs=128 blocked=64 memory_count=100000 cold_users=200
keep="" pg_options="" profile="" http_only=""
while (($#)); do
    case "$1" in
        --users) users="$2" ;;
        --blocks) blocks="$2" ;;
        --duration) duration="$2" ;;
        --warmup) warmup="$2" ;;
        --connections) connections="$2" ;;
        --pairs) pairs="$2" ;;
        --blocked) blocked="$2" ;;
        --memory-count) memory_count="$2" ;;
        --cold-users) cold_users="$2" ;;
        --keep) keep="$2" ;;
        --pg-options) pg_options="$2" ;;
        --profile) profile="$2" ;;
        --http-only) http_only=1; shift; continue ;;
        *) echo "run.sh: unknown option $1 (see the header of this script)" >&2; exit 2 ;;
    esac
    shift 2
done
heavy=$cold_users
zero=$memory_count
if ((users < heavy + 2 * zero || blocks < heavy * 1000 + users - heavy - zero)); then
    echo "run.sh: --users must be at least cold-users + 2 x memory-count, --blocks at least 1000 x cold-users + the other users" >&2
    exit 2
fi

log() { printf '[%4ds] %s\n' $((SECONDS - started)) "$*" >&2; }

# --- prerequisites -------------------------------------------------------------------------------------------------------
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
missing=()
[[ -x "$pg_bin/postgres" && -x "$pg_bin/initdb" && -x "$pg_bin/pgbench" ]] || missing+=(postgresql-15)
command -v psql >/dev/null || missing+=(postgresql-client-15)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
[[ -z "$profile" ]] || command -v perf >/dev/null || missing+=(linux-perf)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work="$(mktemp -d -t chatblock-bench.XXXXXX)"
chmod 711 "$work"  # the postgres user must reach $work/pg
results="$work/results.tsv"
: >"$results"
pids=()
pg_data="$work/pg/data"
run_as_pg=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ -f "$pg_data/postmaster.pid" ]]; then
        "${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$keep" ]]; then
        mkdir -p "$keep" && cp -r "$work"/*.tsv "$work"/*.log "$work"/setup "$keep"/ 2>/dev/null || true
        rm -rf "$work/pg"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

alive() { # pid, name, log: fails the run with the exit status and log of a server that is gone
    kill -0 "$1" 2>/dev/null && return 0
    local status=0
    wait "$1" || status=$?
    echo "run.sh: $2 exited (status $status); its log:" >&2; cat "$3" >&2; exit 1
}

wait_http() { # url, pid, log
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; echo "run.sh: server exited early" >&2; exit 1; }
        sleep 0.5
    done
    cat "$3" >&2; echo "run.sh: $1 did not answer" >&2; exit 1
}

# --- build ---------------------------------------------------------------------------------------------------------------
log "building in Release"
for project in src/Api benchmarks/Harness benchmarks/TrivialServer benchmarks/BaselineServer; do
    dotnet build "$project" -c Release --nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
bin() { echo "$root/$1/bin/Release/net10.0"; }
harness=(dotnet "$(bin benchmarks/Harness)/ChatBlock.Benchmarks.dll")

# --- micro: the gate through the grain runtime vs a direct lookup -------------------------------------------------------
if [[ -z "$http_only" ]]; then
log "micro: BenchmarkDotNet, gate through the grain runtime vs direct lookup (~25 s)"
"${harness[@]}" micro --results "$results" --artifacts "$work/bdn" >"$work/micro.log" 2>&1 || { cat "$work/micro.log" >&2; exit 1; }
sed -n '/^| Method/,/^$/p' "$work/micro.log" >&2
fi

# --- PostgreSQL ----------------------------------------------------------------------------------------------------------
mkdir -p "$work/pg"
if [[ "$(id -u)" == 0 ]]; then
    run_as_pg=(runuser -u postgres --)
    chown postgres: "$work/pg"
fi
pg_port=$(free_port)
"${run_as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
# The tests' settings (fsync, synchronous_commit and full_page_writes off) plus bulk-load settings: wal_level=minimal so
# that the load (which starts with TRUNCATE) writes no WAL, room for WAL and shared buffers, and no autovacuum that would
# start on the freshly loaded tables in the middle of a measurement (ANALYZE runs explicitly after the load).
"${run_as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $pg_port \
    -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 \
    -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=8GB -c checkpoint_timeout=30min -c shared_buffers=1GB \
    -c autovacuum=off" start >/dev/null || { cat "$work/pg/server.log" >&2; exit 1; }
pg="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=200${pg_options:+;$pg_options}"
psql_() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -X -q "$@"; }
log "PostgreSQL on 127.0.0.1:$pg_port"

# --- the service on PostgreSQL -------------------------------------------------------------------------------------------
api_port=$(free_port)
api="http://127.0.0.1:$api_port"
# With --profile: JIT-ed code is named in /tmp/perf-PID.map, and ReadyToRun code is not used, so that the framework's
# methods are JIT-ed (and named) too; steady-state code is the same tier-1 code either way.
# W^X is off too: with it, JIT-ed code runs from a second mapping that perf cannot match with the map.
perf_env=(); [[ -z "$profile" ]] || perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0)
(cd "$(bin src/Api)" && exec env "${perf_env[@]}" ASPNETCORE_ENVIRONMENT=Production Urls="$api" Storage__Provider=Postgres \
    ConnectionStrings__Postgres="$pg" Storage__DataPath="$work/data" Auth__SigningKey="benchmark-signing-key-$RANDOM-$RANDOM-0123456789abcdef" \
    Blocking__RateLimit__PermitsPerHour=0 Messages__RateLimit__PermitsPerMinute=0 Auth__RateLimit__LoginPermitsPerMinute=0 \
    Auth__RateLimit__RegisterPermitsPerHour=0 Conversations__RateLimit__PermitsPerHour=0 \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
    dotnet ChatBlock.Api.dll >"$work/api.log" 2>&1) &
pids+=($!)
service_pid=$!
wait_http "$api/readyz" "${pids[-1]}" "$work/api.log"
log "service on $api (schema migrated)"

# --- scale data ----------------------------------------------------------------------------------------------------------
log "loading $users users and $blocks block rows (generate_series; indexes built after the load)"
load_started=$SECONDS
psql_ -v users="$users" -v blocks="$blocks" -v heavy="$heavy" -v zero="$zero" -f benchmarks/sql/load-scale.sql >"$work/load.log" 2>&1 \
    || { cat "$work/load.log" >&2; exit 1; }
printf 'load.seconds\t%d\n' $((SECONDS - load_started)) >>"$results"
log "  loaded in $((SECONDS - load_started)) s"
alive "${pids[0]}" service "$work/api.log"

# --- HTTP set-up through the service's API -------------------------------------------------------------------------------
log "set-up: $((2 * (pairs + blocked))) users, $pairs direct conversations, $blocked blocks, through the API"
"${harness[@]}" setup --api "$api" --pg "$pg" --pairs "$pairs" --blocked "$blocked" --out "$work/setup" >"$work/setup.log" 2>&1 \
    || { cat "$work/setup.log" >&2; exit 1; }
psql_ -c "ANALYZE" >/dev/null

trivial_port=$(free_port)
(cd "$(bin benchmarks/TrivialServer)" && exec env ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$trivial_port" \
    BODY_FILE="$work/setup/refused-body.json" dotnet ChatBlock.Benchmarks.TrivialServer.dll >"$work/trivial.log" 2>&1) &
pids+=($!)
trivial_pid=$!
baseline_port=$(free_port)
(cd "$(bin benchmarks/BaselineServer)" && exec env ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$baseline_port" \
    ConnectionStrings__Postgres="$pg" TOKENS_FILE="$work/setup/tokens.tsv" dotnet ChatBlock.Benchmarks.BaselineServer.dll \
    >"$work/baseline.log" 2>&1) &
pids+=($!)
baseline_pid=$!
# Neither has a health route: any HTTP answer (404 for GET /) means it is up.
for port in "$trivial_port" "$baseline_port"; do
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
done

messages() { psql_ -At -c "SELECT count(*) FROM messages"; }

# CPU time in clock ticks (1/100 s): of the given processes (utime + stime, after the command name, which may hold spaces),
# of this run's PostgreSQL (the postmaster and its children), and of the whole machine (busy = all but idle and iowait).
ticks_of() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }'))); done; echo "$t"; }
pg_ticks() { local main; main=$(head -1 "$pg_data/postmaster.pid"); ticks_of "$main" $(pgrep -P "$main" || true); }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# wrk: name, base url, data file, expected outcome (accepted: every answer 2xx and one row each; refused: no 2xx, no row),
# server pid. Besides rate and latency, the CPU each request cost the server, PostgreSQL and the rest (wrk, the kernel's
# share not charged to them), in microseconds, from /proc: what the 2 shared cores were spent on.
run_wrk() {
    local name="$1" url="$2" data="$3" expect="$4" server="$5" out="$work/wrk-$1.log"
    WRK_DATA="$data" wrk -t2 -c"$connections" -d"${warmup}s" -s benchmarks/wrk/send.lua "$url" >/dev/null
    local before after server0 pg0 all0
    before=$(messages)
    server0=$(ticks_of "$server"); pg0=$(pg_ticks); all0=$(machine_ticks)
    WRK_DATA="$data" wrk -t2 -c"$connections" -d"${duration}s" --latency -s benchmarks/wrk/send.lua "$url" >"$out"
    local server_ticks=$(($(ticks_of "$server") - server0)) pg_ticks_=$(($(pg_ticks) - pg0)) all_ticks=$(($(machine_ticks) - all0))
    after=$(messages)
    read -r _ requests seconds p50 p99 non2xx socket timeouts < <(grep '^RESULT' "$out")
    local rows=$((after - before))
    if [[ "$expect" == accepted ]] && ((non2xx != 0 || rows < requests || rows > requests + connections)); then
        echo "run.sh: $name: $non2xx non-2xx answers, $rows rows for $requests requests" >&2; cat "$out" >&2; exit 1
    fi
    if [[ "$expect" == refused ]] && ((non2xx != requests || rows != 0)); then
        echo "run.sh: $name: $non2xx refusals for $requests requests, $rows rows stored" >&2; cat "$out" >&2; exit 1
    fi
    if ((socket + timeouts > 0)); then echo "run.sh: $name: $socket socket errors, $timeouts timeouts" >&2; fi
    awk -v n="$name" -v r="$requests" -v s="$server_ticks" -v p="$pg_ticks_" -v a="$all_ticks" 'BEGIN {
        printf "cpu.%s.server\t%.1f\ncpu.%s.postgres\t%.1f\ncpu.%s.other\t%.1f\n", n, s * 1e4 / r, n, p * 1e4 / r, n, (a - s - p) * 1e4 / r }' \
        >>"$results"
    awk -v n="$name" -v r="$requests" -v s="$seconds" -v a="$p50" -v b="$p99" -v rows="$rows" 'BEGIN {
        printf "http.%s.rps\t%.1f\nhttp.%s.p50\t%.3f\nhttp.%s.p99\t%.3f\nhttp.%s.rows\t%d\n", n, r / s, n, a / 1000, n, b / 1000, n, rows }' \
        >>"$results"
    log "  $name: $(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }') req/s, p50 $((p50 / 1000)) ms, p99 $((p99 / 1000)) ms, $rows rows; CPU per request (us): $(awk -v r="$requests" -v s="$server_ticks" -v p="$pg_ticks_" -v a="$all_ticks" 'BEGIN { printf "server %.0f, PostgreSQL %.0f, other %.0f", s * 1e4 / r, p * 1e4 / r, (a - s - p) * 1e4 / r }')"
}

# --profile: one more wrk run of the service with perf sampling its process (not counted in the table).
profile_wrk() { # name, data
    [[ -n "$profile" ]] || return 0
    mkdir -p "$profile"
    local data="$profile/$1.perf.data"
    perf record -F 999 -g -p "$service_pid" -o "$data" -- sleep "$duration" >/dev/null 2>&1 &
    local perf_pid=$!
    WRK_DATA="$2" wrk -t2 -c"$connections" -d"${duration}s" -s benchmarks/wrk/send.lua "$api" >/dev/null
    wait "$perf_pid" || true
    perf report -i "$data" --stdio --no-children -g none --sort dso,symbol --percent-limit 0.3 2>/dev/null \
        | grep -v '^$' >"$profile/$1.flat.txt" || true
    perf report -i "$data" --stdio --children -g none --sort symbol --percent-limit 2 2>/dev/null \
        | grep -v '^$' >"$profile/$1.inclusive.txt" || true
    log "  profile of $1: $profile/$1.flat.txt, $profile/$1.inclusive.txt"
}

log "HTTP: wrk -t2 -c$connections, ${warmup} s warm-up + ${duration} s each"
run_wrk accepted "$api" "$work/setup/accepted.txt" accepted "$service_pid"
run_wrk refused "$api" "$work/setup/refused.txt" refused "$service_pid"
profile_wrk accepted "$work/setup/accepted.txt"
profile_wrk refused "$work/setup/refused.txt"
run_wrk trivial "http://127.0.0.1:$trivial_port" "$work/setup/refused.txt" trivial "$trivial_pid"
run_wrk baseline_accepted "http://127.0.0.1:$baseline_port" "$work/setup/accepted.txt" accepted "$baseline_pid"
run_wrk baseline_refused "http://127.0.0.1:$baseline_port" "$work/setup/refused.txt" refused "$baseline_pid"

pgbench_() { "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -n -M prepared -c "$connections" -j 2 -D npairs="$pairs" "$@" postgres; }
# pgbench: name, script. Warm-up, then a measured run with a per-transaction log for the latency percentiles.
run_pgbench() {
    local name="$1" script="$root/benchmarks/pgbench/$2" dir="$work/pgbench-$1"
    pgbench_ -f "$script" -T "$warmup" >/dev/null 2>&1
    mkdir -p "$dir"
    (cd "$dir" && pgbench_ -f "$script" -T "$duration" -l --log-prefix=tx) >"$work/pgbench-$name.log" 2>&1 \
        || { cat "$work/pgbench-$name.log" >&2; exit 1; }
    local tps count
    tps=$(awk '/^tps = / { print $3; exit }' "$work/pgbench-$name.log")
    cat "$dir"/tx* | awk '{ print $3 / 1000 }' | sort -n >"$dir/latency.txt"
    count=$(wc -l <"$dir/latency.txt")
    {
        printf 'pgbench.%s.tps\t%s\n' "$name" "$tps"
        printf 'pgbench.%s.p50\t%s\n' "$name" "$(sed -n "$(((count + 1) / 2))p" "$dir/latency.txt")"
        printf 'pgbench.%s.p99\t%s\n' "$name" "$(sed -n "$(((count * 99 + 99) / 100))p" "$dir/latency.txt")"
    } >>"$results"
    rm -rf "$dir"
    log "  $name: $tps tx/s"
}
log "pgbench -c$connections -j2 -M prepared, ${warmup} s warm-up + ${duration} s each"
run_pgbench insert insert.sql
run_pgbench service_send service-send.sql

# The HTTP servers are done; stop them so that they take no memory or CPU from the harness.
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

if [[ -n "$http_only" ]]; then
    cat "$results"
    exit 0
fi

# --- scale: cold activation and memory -----------------------------------------------------------------------------------
log "cold activation: $cold_users users with 1000 blocks, through the grain runtime on the Postgres store"
"${harness[@]}" cold --pg "$pg" --users "$cold_users" --results "$results" >"$work/cold.log" 2>&1 || { cat "$work/cold.log" >&2; exit 1; }
log "memory: $memory_count activations with no blocks, then $memory_count with blocks (a fresh process each)"
"${harness[@]}" memory --pg "$pg" --first $((heavy + 1)) --count "$memory_count" --label zero --results "$results" \
    >"$work/memory-zero.log" 2>&1 || { cat "$work/memory-zero.log" >&2; exit 1; }
"${harness[@]}" memory --pg "$pg" --first $((heavy + zero + 1)) --count "$memory_count" --label blocks --results "$results" \
    >"$work/memory-blocks.log" 2>&1 || { cat "$work/memory-blocks.log" >&2; exit 1; }

printf 'total.seconds\t%d\n' $((SECONDS - started)) >>"$results"
benchmarks/table.sh "$results" "$users" "$blocks" "$connections" "$duration"
