#!/usr/bin/env bash
# Checkout throughput and latency on the launched platform: confirmed orders per second and the time from
# POST /api/orders to CONFIRMED (every saga step over Kafka, every service real). Starts its own platform on a
# port offset with a fresh data directory (rate limits off, load-test JVM flags), runs CheckoutLoad.java at each
# concurrency, prints a markdown table row per run, and stops the platform.
# Usage: tests/bench/checkout.sh [orders=2000] [concurrencies="8 32"]   (build first: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
orders="${1:-2000}"; concurrencies="${2:-8 32}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; java="$JAVA_HOME/bin/java"
offset=40000; gateway="http://localhost:$((8080 + offset))"
data=$(mktemp -d /tmp/emporium-bench-XXXX)
export EMPORIUM_ADMIN_EMAIL=bench-admin@emporium.test EMPORIUM_ADMIN_PASSWORD=bench-admin-password
export EMPORIUM_RATE_LIMIT_ENABLED=false
"$java" --sun-misc-unsafe-memory-access=allow -jar platform/launcher/target/launcher.jar --home . --data-dir "$data" \
  --port-offset $offset --quiet --jvm-opts "${EMPORIUM_BENCH_JVM_OPTS:--XX:+UseParallelGC -Xmx512m -XX:+UseStringDeduplication}" \
  > "$data/launcher.out" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "$gateway/api/health" >/dev/null 2>&1; do
  kill -0 $launcher 2>/dev/null || { cat "$data/launcher.out"; exit 1; }
  sleep 2
done
echo "| orders | buyers | took | confirmed/s | rejected | POST p50 / p99 | POST → CONFIRMED p50 / p95 / p99 |"
echo "|---|---|---|---|---|---|---|"
for c in $concurrencies; do
  "$java" tests/bench/CheckoutLoad.java "$gateway" "$EMPORIUM_ADMIN_EMAIL" "$EMPORIUM_ADMIN_PASSWORD" "$orders" "$c"
done
