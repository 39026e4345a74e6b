#!/usr/bin/env bash
# What the platform costs while nobody uses it: CPU seconds per process and per thread group over a quiet minute.
# Starts its own platform on a port offset with a fresh data directory, waits until it is up and has settled, then
# measures; stops it after. A laptop's fan hears this number all day.
# Usage: tests/bench/idle.sh [seconds=60] [settle seconds=30]   (build first: ./mvnw -DskipTests package)
#   EMPORIUM_BENCH_LAUNCHER_OPTS adds launcher options, e.g. "--topology monolith"
#   any other environment variable reaches every service, e.g. EMPORIUM_KAFKA_FETCH_MAX_WAIT_MS=500 to compare
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"; settle="${2:-30}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; java="$JAVA_HOME/bin/java"
offset="${EMPORIUM_BENCH_OFFSET:-12000}"; gateway="http://localhost:$((8080 + offset))"
data=$(mktemp -d /tmp/emporium-bench-XXXX)
export EMPORIUM_ADMIN_EMAIL=bench-admin@emporium.test EMPORIUM_ADMIN_PASSWORD=bench-admin-password
"$java" --sun-misc-unsafe-memory-access=allow -jar platform/launcher/target/launcher.jar --home . --data-dir "$data" \
  --port-offset "$offset" --quiet ${EMPORIUM_BENCH_LAUNCHER_OPTS:-} > "$data/launcher.out" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -fs "$gateway/api/health" >/dev/null 2>&1; do
  kill -0 $launcher 2>/dev/null || { cat "$data/launcher.out"; exit 1; }
  sleep 2
done
sleep "$settle"
python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/before.json"
sleep "$seconds"
python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/after.json"
echo "CPU seconds used by each process in $seconds s of idling (after $settle s to settle):"
python3 tests/bench/threadcpu.py diff "$data/before.json" "$data/after.json"
