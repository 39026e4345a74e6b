# Sourced by the benchmark scripts that start their own platform: the built launcher on a port offset
# (EMPORIUM_BENCH_OFFSET, default 12000; keep every port below 32768) with a fresh data directory in $data.
# start_platform <launcher options...> starts it and sets $launcher (set the caller's EXIT trap right after);
# await_platform waits until the gateway's /api/health answers 200, or prints the launcher's output if it exited.
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; java="$JAVA_HOME/bin/java"
offset="${EMPORIUM_BENCH_OFFSET:-12000}"; gateway="http://localhost:$((8080 + offset))"
data=$(mktemp -d /tmp/emporium-bench-XXXX)
export EMPORIUM_ADMIN_EMAIL=bench-admin@emporium.test EMPORIUM_ADMIN_PASSWORD=bench-admin-password

start_platform() {
  "$java" --sun-misc-unsafe-memory-access=allow @platform/launcher/launcher.jvm -jar platform/launcher/target/launcher.jar \
    --home . --data-dir "$data" \
    --port-offset "$offset" --quiet "$@" > "$data/launcher.out" 2>&1 &
  launcher=$!
}

await_platform() {
  until curl -fs "$gateway/api/health" >/dev/null 2>&1; do
    kill -0 "$launcher" 2>/dev/null || { cat "$data/launcher.out"; exit 1; }
    sleep 2
  done
}
