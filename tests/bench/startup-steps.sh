#!/usr/bin/env bash
# Where each Spring service's start-up goes, bean by bean (service-defaults' StartupSteps, Spring's own start-up
# steps). Starts the platform, waits until it is up and quiet, then kills each service's first instance one at a
# time and lets the launcher restart it alone on the quiet machine, so its report's wall-clock times mean CPU
# rather than waiting for nine other JVMs. Prints each report's summary; the whole reports stay in the output dir.
# Usage: tests/bench/startup-steps.sh [output dir=target/startup-steps] [extra launcher options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "${1:-target/startup-steps}")"; shift || true
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f platform/launcher/target/launcher.jar ] || ./mvnw -B -q -DskipTests -Djacoco.skip=true package
data=$(mktemp -d /tmp/emporium-steps-XXXX)
rm -rf "$out"; mkdir -p "$out/platform-start"
log="$data/launcher.out"
EMPORIUM_STARTUP_STEPS_DIR="$out/platform-start" "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow \
  @platform/launcher/launcher.jvm -jar platform/launcher/target/launcher.jar \
  --data-dir "$data/platform" --port-offset 15000 --quiet "$@" > "$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do grep -q "Emporium is up" "$log" && break; sleep 0.5; done
grep "Emporium is up" "$log" || { echo "the platform did not come up"; cat "$log"; exit 1; }
sleep 20 # let the services' first scheduled work and the compilers settle
status="$data/platform/run/status.json"
field() { python3 -c "import json,sys; print([i['$2'] for i in json.load(open('$status'))['instances'] if i['id']=='$1'][0])"; }
for service in user-service product-service order-service payment-service notification-service analytics-service api-gateway; do
  instance="$service-1"
  old=$(field "$instance" pid)
  kill -KILL "$old"
  for _ in $(seq 1 600); do
    now=$(field "$instance" pid); state=$(field "$instance" state)
    [ "$now" != "$old" ] && [ "$state" = UP ] && break; sleep 0.5
  done
  # the new process writes its report (named by its pid) once it is ready
  report="$out/platform-start/$service-$now.txt"
  for _ in $(seq 1 60); do [ -f "$report" ] && break; sleep 0.5; done
  [ -f "$report" ] && mv "$report" "$out/$service.txt"
  echo "== $service: $(head -1 "$out/$service.txt" 2>/dev/null || echo 'no report')"
done
echo "reports: $out/<service>.txt (restarted alone), $out/platform-start/ (all starting at once)"
