#!/usr/bin/env bash
# Checkout throughput and latency on the launched platform: confirmed orders per second and the time from
# POST /api/orders to CONFIRMED (every saga step over Kafka, every service real). Starts its own platform on a
# port offset with a fresh data directory (rate limits off, load-test JVM flags), runs CheckoutLoad.java at each
# concurrency, prints a markdown table row per run, and stops the platform.
# Usage: tests/bench/checkout.sh [orders=2000] [runs="32 32@20"]   (build first: ./mvnw -DskipTests package)
#   EMPORIUM_BENCH_LAUNCHER_OPTS adds launcher options, e.g. "--zipkin http://localhost:9411/api/v2/spans" to measure
#   what exporting every span costs
#   EMPORIUM_BENCH_PROFILE=<dir> records a JFR profile of every service during each run (started and dumped with
#   jcmd, so warm-up is not in it) and prints each service's hottest methods; the .jfr files stay in <dir>
#   EMPORIUM_BENCH_DB=postgres puts every service (and the card processor) on its own database of the local
#   PostgreSQL server (EMPORIUM_BENCH_PG, default postgresql://postgres@localhost:5432), created here and dropped after
#   EMPORIUM_BENCH_JVM_OPTS replaces the services' JVM options (default: -XX:+UseParallelGC -Xmx512m, the JVM's own
#   tiered compilation as a server runs it; ten JVMs on two cores compile for ~10 minutes of load before they settle,
#   which the warm-up waits out. Add -XX:TieredStopAtLevel=1 for C1 only, as ./emporium runs on a laptop: settled in
#   a round or two, and ~75 % more CPU per order, see docs/benchmarks.md)
#   EMPORIUM_BENCH_KEEP=1 keeps the platform's data directory (every instance's log under logs/) and says where
#   EMPORIUM_BENCH_THREADS=1 prints each run's CPU seconds per thread group of every JVM (JIT compiler, GC, the
#   application's threads: tests/bench/threadcpu.py)
#   EMPORIUM_BENCH_WARMUP=<orders> (default 400) per warm-up round after start-up, outside every measurement; rounds
#   go on until the JIT compilers use less than EMPORIUM_BENCH_WARM_JIT % (15) of the CPU, at most
#   EMPORIUM_BENCH_WARMUP_ROUNDS (24: about 12 minutes with the default JVM options); 0 skips the warm-up
#   EMPORIUM_BENCH_OFFSET=<port offset> (default 12000; keep every port below 32768) runs a second platform beside the
#   first (two settings side by side; needs more than this 2-core machine, where 20 JVMs did not start in 4 minutes)
#   EMPORIUM_BENCH_GET=<seconds> after the runs, GET /api/products?size=10 through the gateway with wrk (2 threads, 32
#   connections) for that long and print the rate (tests/bench/topologies.sh uses it)
#   every run also prints the CPU seconds of each platform process and the records per poll of every batch listener
#   (emporium_kafka_batch_records: how many records share a transaction, see docs/decisions/0013-one-transaction-per-poll-batch.md)
#   a run is <buyers> (as fast as they can) or <buyers>@<orders per second> (paced, for latency below saturation)
set -euo pipefail
cd "$(dirname "$0")/../.."
orders="${1:-2000}"; runs="${2:-32 32@20}"
source tests/bench/platform.sh
databases=()
if [ "${EMPORIUM_BENCH_DB:-h2}" = postgres ]; then
  pg="${EMPORIUM_BENCH_PG:-postgresql://postgres@localhost:5432}"
  pg_hostport="${pg#*@}"; pg_user="${pg#postgresql://}"; pg_user="${pg_user%%@*}"
  for service in user-service product-service order-service payment-service notification-service card-processor; do
    db="emporium_bench_$$_${service//-/_}"
    psql "$pg/postgres" -qc "create database $db" >/dev/null
    databases+=("$db")
    name="${service//-/_}"
    export "${name^^}_SPRING_DATASOURCE_URL=jdbc:postgresql://$pg_hostport/$db?user=$pg_user"
  done
fi
drop_databases() { for db in "${databases[@]}"; do psql "$pg/postgres" -qc "drop database if exists $db with (force)" >/dev/null; done; }
export EMPORIUM_RATE_LIMIT_ENABLED=false
start_platform --jvm-opts "${EMPORIUM_BENCH_JVM_OPTS:--XX:+UseParallelGC -Xmx512m}" \
  ${EMPORIUM_BENCH_LAUNCHER_OPTS:-}
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true; [ -n "${EMPORIUM_BENCH_KEEP:-}" ] && echo "kept $data" >&2 || rm -rf "$data"; drop_databases' EXIT
await_platform
cpu() { # "instance=cpu-seconds ..." of every platform process (utime + stime from /proc)
  python3 - "$data/run/status.json" "$launcher" <<'PY'
import json, os, sys
tick = os.sysconf("SC_CLK_TCK")
out = []
instances = json.load(open(sys.argv[1]))["instances"] + [{"id": "launcher+kafka", "pid": sys.argv[2]}]
for i in instances:
    try:
        f = open(f"/proc/{i['pid']}/stat").read().rsplit(")", 1)[1].split()
        out.append(f"{i['id']}={(int(f[11]) + int(f[12])) / tick:.1f}")
    except Exception:
        pass
pg = 0.0  # the local PostgreSQL server: every postgres process, and (postmaster) what its ended children used
stats = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stat = open(f"/proc/{pid}/stat").read()
        if "(postgres)" in stat:
            stats[pid] = stat.rsplit(")", 1)[1].split()
    except Exception:
        pass
for pid, f in stats.items():
    pg += (int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if f[1] not in stats else 0)) / tick
if pg:
    out.append(f"postgresql={pg:.1f}")
print(" ".join(out))
PY
}
batches() { # "listener=polls/records ..." of every instance's batch listeners (emporium_kafka_batch_records)
  python3 - "$data/run/status.json" <<'PY'
import json, re, sys, urllib.request
out = []
for i in json.load(open(sys.argv[1]))["instances"]:
    try:
        text = urllib.request.urlopen(f"http://localhost:{i['port']}/actuator/prometheus", timeout=5).read().decode()
    except Exception:
        continue
    for kind, listener, value in re.findall(r'^emporium_kafka_batch_records_(count|sum)\{[^}]*listener="([^"]+)"[^}]*\} (\S+)', text, re.M):
        out.append(f"{i['id']}/{listener}/{kind}={float(value):.0f}")
print(" ".join(out))
PY
}
profile() { # start | stop <run>: JFR on every service instance, only while a run lasts
  [ -n "${EMPORIUM_BENCH_PROFILE:-}" ] || return 0
  mkdir -p "$EMPORIUM_BENCH_PROFILE"
  python3 -c 'import json,sys; [print(i["id"], i["pid"]) for i in json.load(open(sys.argv[1]))["instances"]]' \
    "$data/run/status.json" | while read -r id pid; do
    if [ "$1" = start ]; then
      "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile >/dev/null
    else
      file="$EMPORIUM_BENCH_PROFILE/$id-${2//@/at}.jfr"
      "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=bench filename="$file" >/dev/null
      echo "  hottest methods in $id ($file):" >&2
      "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$file" 2>/dev/null | sed -n '4,18p' | sed 's/^/    /' >&2
    fi
  done
}
# warm the JITs once, outside every measurement (CPU, profiles). Ten JVMs on two cores compile for minutes: with C2
# the compilers used 47 % of the platform's CPU in the first round and fell below 15 % after ~20 rounds (8,000 orders),
# while the rate doubled. So the warm-up goes in rounds of EMPORIUM_BENCH_WARMUP orders (default 400) until the
# compilers use less than EMPORIUM_BENCH_WARM_JIT % (default 15) of the CPU in a round, at most
# EMPORIUM_BENCH_WARMUP_ROUNDS (default 24).
warmup="${EMPORIUM_BENCH_WARMUP:-400}"
for ((round = 1; warmup > 0 && round <= ${EMPORIUM_BENCH_WARMUP_ROUNDS:-24}; round++)); do
  python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/warm-before.json"
  started=$(date +%s)
  "$java" tests/bench/CheckoutLoad.java "$gateway" "$EMPORIUM_ADMIN_EMAIL" "$EMPORIUM_ADMIN_PASSWORD" "$warmup" 16 0 0 2>/dev/null >/dev/null || true
  python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/warm-after.json"
  jit=$(python3 tests/bench/threadcpu.py jit "$data/warm-before.json" "$data/warm-after.json")
  echo "  warm-up round $round: $warmup orders in $(($(date +%s) - started)) s, JIT compilers $jit % of the CPU" >&2
  [ "$jit" -ge "${EMPORIUM_BENCH_WARM_JIT:-15}" ] || break
done
echo "| orders | load | took | confirmed/s | rejected | POST p50 / p99 | POST → CONFIRMED p50 / p95 / p99 |"
echo "|---|---|---|---|---|---|---|"
for run in $runs; do
  c="${run%@*}"; rate=0; [[ "$run" == *@* ]] && rate="${run#*@}"
  profile start
  before=$(cpu); polls_before=$(batches)
  [ -z "${EMPORIUM_BENCH_THREADS:-}" ] || python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/threads-before.json"
  "$java" tests/bench/CheckoutLoad.java "$gateway" "$EMPORIUM_ADMIN_EMAIL" "$EMPORIUM_ADMIN_PASSWORD" "$orders" "$c" 0 "$rate"
  after=$(cpu); polls_after=$(batches)
  [ -z "${EMPORIUM_BENCH_THREADS:-}" ] || python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/threads-after.json"
  profile stop "$run"
  python3 - "$before" "$after" <<'PY' >&2
import sys
b = dict(kv.split("=") for kv in sys.argv[1].split())
a = dict(kv.split("=") for kv in sys.argv[2].split())
print("  CPU seconds during the run: " + ", ".join(f"{k} {float(a[k]) - float(b.get(k, 0)):.1f}" for k in a))
PY
  python3 - "$polls_before" "$polls_after" <<'PY' >&2
import sys
b = dict(kv.split("=") for kv in sys.argv[1].split())
a = dict(kv.split("=") for kv in sys.argv[2].split())
rows = []
for key in sorted(k for k in a if k.endswith("/count")):
    name = key[:-len("/count")]
    polls = float(a[key]) - float(b.get(key, 0))
    records = float(a[name + "/sum"]) - float(b.get(name + "/sum", 0))
    if polls:
        rows.append(f"{name} {records:.0f} records in {polls:.0f} polls ({records / polls:.2f} per poll)")
if rows:
    print("  batch listeners during the run: " + ", ".join(rows))
PY
  [ -z "${EMPORIUM_BENCH_THREADS:-}" ] || python3 tests/bench/threadcpu.py diff "$data/threads-before.json" "$data/threads-after.json" >&2
done
if [ -n "${EMPORIUM_BENCH_GET:-}" ]; then
  rate=$(wrk -t2 -c32 -d"${EMPORIUM_BENCH_GET}s" "$gateway/api/products?size=10" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  echo "GET /api/products through the gateway: $rate req/s"
fi
