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
source tests/bench/platform.sh
start_platform ${EMPORIUM_BENCH_LAUNCHER_OPTS:-}
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true; rm -rf "$data"' EXIT
await_platform
sleep "$settle"
python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/before.json"
sleep "$seconds"
python3 tests/bench/threadcpu.py snap "$data/run/status.json" $launcher "$data/after.json"
echo "CPU seconds used by each process in $seconds s of idling (after $settle s to settle):"
python3 tests/bench/threadcpu.py diff "$data/before.json" "$data/after.json"
