#!/usr/bin/env bash
# Measures the platform's start-up: time from launch to "Emporium is up" (the gateway reports every service UP)
# and the resident memory of all JVMs then — cold (fresh data dir: jars extracted, no CDS archive) and warm
# (second start on the same data dir). Appends a row per run to stdout as Markdown.
# Usage: tests/bench/startup.sh [runs=2] [extra launcher options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-2}"; shift || true
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f platform/launcher/target/launcher.jar ] || ./mvnw -B -q -DskipTests -Djacoco.skip=true package
data=$(mktemp -d /tmp/emporium-bench-XXXX)
trap 'rm -rf "$data"' EXIT
echo "| run | kind | up in | last service ready | resident (all JVMs) | stop took |"
echo "|---|---|---|---|---|---|"
resident=()
for n in $(seq 1 "$runs"); do
  kind=warm; [ "$n" = 1 ] && kind=cold
  out="$data/launcher-$n.out"
  "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow @platform/launcher/launcher.jvm -jar platform/launcher/target/launcher.jar \
    --data-dir "$data/platform" --port-offset 15000 --quiet "$@" > "$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q "Emporium is up" "$out" && break; sleep 0.5; done
  line=$(grep "Emporium is up" "$out" || echo "did not come up")
  up=$(echo "$line" | sed -n 's/.*up in \([0-9.]* s\).*/\1/p')
  rss=$(echo "$line" | sed -n 's/.*, \([0-9.]* GB\) resident.*/\1/p')
  # each instance's own readiness, from the launcher's status table; "up" adds discovery and the gateway's view
  ready=$(sed -n 's/.* UP  *\([0-9.]*\)s .*/\1/p' "$out" | sort -n | tail -1)
  # where the memory is: each JVM's resident set once up (the launcher's own JVM first), printed under the table
  each=$(python3 - "$data/platform/run/status.json" "$pid" <<'PY'
import json, sys
def rss(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
instances = [{"id": "launcher", "pid": int(sys.argv[2])}] + json.load(open(sys.argv[1]))["instances"]
print(", ".join(f"{i['id']} {rss(i['pid'])}" for i in instances if rss(i["pid"]) is not None))
PY
  ) || each="?"
  t0=$(date +%s.%N); kill -TERM "$pid"; wait "$pid" || true; t1=$(date +%s.%N)
  printf '| %s | %s | %s | %s s | %s | %.1f s |\n' "$n" "$kind" "${up:-?}" "${ready:-?}" "${rss:-?}" "$(echo "$t1 - $t0" | bc)"
  resident+=("run $n, MB resident at up: $each")
done
printf '%s\n' "${resident[@]}"
