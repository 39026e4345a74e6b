#!/usr/bin/env bash
# Monolith or microservices, measured side by side on this machine in one run: for each shape of the same code
# (a JVM per service; every service in one JVM; one JVM with order-service extracted) the time to "Emporium is up"
# cold and warm and the resident memory (startup.sh), checkout flat out and paced (checkout.sh), and the gateway's
# GET rate (wrk). Prints one Markdown table (docs/benchmarks.md#monolith-or-microservices) and keeps every raw output
# in the directory it names.
# Usage: tests/bench/topologies.sh [orders=600] [paced rate=5]   (build first: ./mvnw -DskipTests package; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
orders="${1:-600}"; rate="${2:-5}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
out=$(mktemp -d /tmp/emporium-topologies-XXXX)
shapes=("microservices|" "monolith|--topology monolith" "monolith + extracted order-service|--topology monolith --extract order-service")
rows=()
for shape in "${shapes[@]}"; do
  name="${shape%%|*}"; opts="${shape#*|}"; tag="${name//[^a-z]/_}"
  echo "== $name: start-up" >&2
  # shellcheck disable=SC2086 # the options are words
  tests/bench/startup.sh 2 $opts > "$out/$tag-startup.md"
  echo "== $name: checkout ($orders orders flat out, then paced at $rate/s) and GET" >&2
  # C1 only, as a laptop runs every shape: three warm-up rounds settle it (with C2 the microservices need ~20)
  EMPORIUM_BENCH_LAUNCHER_OPTS="$opts" EMPORIUM_BENCH_WARMUP_ROUNDS="${EMPORIUM_BENCH_WARMUP_ROUNDS:-3}" \
    EMPORIUM_BENCH_JVM_OPTS="${EMPORIUM_BENCH_JVM_OPTS:--XX:+UseParallelGC -Xmx512m -XX:TieredStopAtLevel=1}" \
    EMPORIUM_BENCH_GET=15 tests/bench/checkout.sh "$orders" "32 16@$rate" > "$out/$tag-checkout.md" 2> "$out/$tag-checkout.err"
  cold=$(awk -F'|' '$3 ~ /cold/ {gsub(/ /, "", $4); print $4}' "$out/$tag-startup.md")
  warm=$(awk -F'|' '$3 ~ /warm/ {gsub(/ /, "", $4); print $4}' "$out/$tag-startup.md")
  rss=$(awk -F'|' '$3 ~ /warm/ {gsub(/^ +| +$/, "", $5); print $5}' "$out/$tag-startup.md")
  flat=$(awk -F'|' '$3 ~ /flat out/ {gsub(/ /, "", $5); print $5}' "$out/$tag-checkout.md" | head -1)
  paced=$(awk -F'|' '$3 ~ /buyers at/ {gsub(/^ +| +$/, "", $8); print $8}' "$out/$tag-checkout.md" | head -1)
  get=$(sed -n 's/^GET .*: \([0-9.]*\) req\/s/\1/p' "$out/$tag-checkout.md")
  rows+=("| $name | $cold | $warm | $rss | $flat | $paced | $get |")
done
echo "| shape | up, cold | up, warm | resident, all JVMs (warm) | checkout flat out, confirmed/s | POST → CONFIRMED p50 / p95 / p99 at $rate/s | GET /api/products via gateway, req/s |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "raw outputs: $out" >&2
