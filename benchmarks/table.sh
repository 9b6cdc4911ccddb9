#!/usr/bin/env bash
# Prints the one table of benchmarks/run.sh from its results file ("name<TAB>value" lines).
# Usage: benchmarks/table.sh RESULTS USERS BLOCKS CONNECTIONS DURATION
set -euo pipefail
awk -F '\t' -v users="$2" -v blocks="$3" -v connections="$4" -v duration="$5" '
function need(k) { if (!(k in v)) { printf "table.sh: %s missing from the results\n", k > "/dev/stderr"; failed = 1; return 0 } return v[k] }
function http(n) { return sprintf("%.0f req/s (p50 %.1f ms, p99 %.1f ms)", need("http." n ".rps"), need("http." n ".p50"), need("http." n ".p99")) }
function pg(n) { return sprintf("%.0f tx/s (p50 %.1f ms, p99 %.1f ms)", need("pgbench." n ".tps"), need("pgbench." n ".p50"), need("pgbench." n ".p99")) }
function row(figure, measured, peer, peerValue, ratio, target, verdict) {
    printf "| %-50s | %-38s | %-40s | %-38s | %-7s | %-10s | %-6s |\n", figure, measured, peer, peerValue, ratio, target, verdict
}
function cpu(n) { return sprintf("%.0f + %.0f + %.0f us", need("cpu." n ".server"), need("cpu." n ".postgres"), need("cpu." n ".other")) }
function x(r) { return sprintf("%.2fx", r) }
function atLeast(r, t) { return r >= t ? "met" : "missed" }
function atMost(r, t) { return r <= t ? "met" : "missed" }
{ v[$1] = $2 }
END {
    row("Figure", "Measured", "Compared with", "Its value", "Ratio", "Target", "Result")
    row("--------------------------------------------------", "--------------------------------------", \
        "----------------------------------------", "--------------------------------------", "-------", "----------", "------")

    direct = need("micro.DirectHashSet.ns")
    gate = need("micro.GrainRuntimeCompleted.ns")
    row("Gate: 2 grain calls (references held)", sprintf("%.1f ns/check", gate), "direct HashSet lookup, both directions", \
        sprintf("%.1f ns/check", direct), x(gate / direct), "<= 2x", atMost(gate / direct, 2))
    row("Gate: allocated per check (references held)", sprintf("%d B/check", need("micro.GrainRuntimeCompleted.bytes")), \
        "direct HashSet lookup", sprintf("%d B/check", need("micro.DirectHashSet.bytes")), "-", "0 B", \
        need("micro.GrainRuntimeCompleted.bytes") == 0 ? "met" : "missed")
    grain = need("micro.GrainRuntime.ns")
    row("Gate: the same in an async method of its own", sprintf("%.1f ns, %d B/check", grain, need("micro.GrainRuntime.bytes")), \
        "direct HashSet lookup, both directions", sprintf("%.1f ns/check", direct), x(grain / direct), "-", "-")
    getg = need("micro.GrainRuntimeWithGetGrain.ns")
    row("Gate: GetGrain + 2 calls (as SendAsync does)", sprintf("%.1f ns, %d B/check", getg, need("micro.GrainRuntimeWithGetGrain.bytes")), \
        "direct HashSet lookup, both directions", sprintf("%.1f ns/check", direct), x(getg / direct), "-", "-")
    frozen = need("micro.DirectFrozenSet.ns")
    row("Direct FrozenSet lookup, both directions", sprintf("%.1f ns/check", frozen), "direct HashSet lookup, both directions", \
        sprintf("%.1f ns/check", direct), x(frozen / direct), "-", "-")

    acc = need("http.accepted.rps"); ref = need("http.refused.rps")
    row("Accepted sends (gate + insert), service", http("accepted"), "pgbench: the same INSERT", \
        pg("insert"), x(acc / need("pgbench.insert.tps")), ">= 0.8x", atLeast(acc / need("pgbench.insert.tps"), 0.8))
    row("Accepted sends (gate + insert), service", http("accepted"), "pgbench: the service send statement", \
        pg("service_send"), x(acc / need("pgbench.service_send.tps")), "-", "-")
    row("Accepted sends (gate + insert), service", http("accepted"), "seed-000 baseline, accepted", http("baseline_accepted"), \
        x(acc / need("http.baseline_accepted.rps")), ">= 3x", atLeast(acc / need("http.baseline_accepted.rps"), 3))
    accP99 = need("http.accepted.p99") / need("pgbench.insert.p99")
    row("Accepted sends, p99 latency", sprintf("%.1f ms", need("http.accepted.p99")), "pgbench: the same INSERT, p99", \
        sprintf("%.1f ms", need("pgbench.insert.p99")), x(accP99), "<= 2x", atMost(accP99, 2))
    row("Refused sends (blocked pair), service", http("refused"), "trivial Kestrel endpoint, same JSON", http("trivial"), \
        x(ref / need("http.trivial.rps")), ">= 0.7x", atLeast(ref / need("http.trivial.rps"), 0.7))
    row("Refused sends (blocked pair), service", http("refused"), "seed-000 baseline, refused", http("baseline_refused"), \
        x(ref / need("http.baseline_refused.rps")), ">= 3x", atLeast(ref / need("http.baseline_refused.rps"), 3))
    refP99 = need("http.refused.p99") / need("http.trivial.p99")
    row("Refused sends, p99 latency", sprintf("%.1f ms", need("http.refused.p99")), "trivial Kestrel endpoint, p99", \
        sprintf("%.1f ms", need("http.trivial.p99")), x(refP99), "<= 2x", atMost(refP99, 2))
    row("CPU per accepted send (server, PostgreSQL, rest)", cpu("accepted"), "seed-000 baseline, accepted", cpu("baseline_accepted"), \
        "-", "-", "-")
    row("CPU per refused send (server, PostgreSQL, rest)", cpu("refused"), "trivial Kestrel endpoint", cpu("trivial"), "-", "-", "-")

    row("Cold activation, 1,000 blocks, p50", sprintf("%.2f ms", need("cold.grain.p50")), "the same two reads with Npgsql, p50", \
        sprintf("%.2f ms", need("cold.raw.p50")), x(v["cold.grain.p50"] / v["cold.raw.p50"]), "-", "-")
    row("Cold activation, 1,000 blocks, p99", sprintf("%.2f ms", need("cold.grain.p99")), "the same two reads with Npgsql, p99", \
        sprintf("%.2f ms", need("cold.raw.p99")), x(v["cold.grain.p99"] / v["cold.raw.p99"]), "< 5 ms", \
        need("cold.grain.p99") < 5 ? "met" : "missed")

    zero = need("memory.zero.bytesPerGrain"); withBlocks = need("memory.blocks.bytesPerGrain"); n = need("memory.blocks.entriesPerGrain")
    perEntry = (withBlocks - zero) / n
    row("Memory per active user grain, no blocks", sprintf("%.0f B", zero), sprintf("a grain with %.0f blocks", n), \
        sprintf("%.0f B", withBlocks), "-", "-", "-")
    row("Memory per cached block entry", sprintf("%.1f B", perEntry), "target", "64 B", x(perEntry / 64), "<= 64 B", atMost(perEntry, 64))

    printf "\nData: %d users, %d block rows (loaded in %d s). HTTP: wrk -t2 -c%d, %d s after warm-up; pgbench -c%d -j2 -M prepared.\n", \
        users, blocks, need("load.seconds"), connections, duration, connections
    printf "Total run time of benchmarks/run.sh: %d s.\n", need("total.seconds")
    exit failed
}' "$1"
