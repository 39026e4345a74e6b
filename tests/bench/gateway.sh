#!/usr/bin/env bash
# The gateway against nginx, side by side in one run: the same backends (product-service for the anonymous catalog
# GET, user-service for an authenticated GET with a JWT) reached directly, through nginx, through the api-gateway
# with rate limiting off, through a second api-gateway with rate limiting on (limits far too high to trip) and
# through a third with rate limiting off and no route resilience (no breaker, time limit or retry filter): what the
# breakers cost.
# Saturation: wrk (2 threads, 32 connections, keep-alive). Latency added: PacedGet.java at half of the gateway's
# saturation rate, the same rate for every path. Starts the platform on a port offset, nginx and the second gateway
# itself, prints markdown tables, stops everything.
# Usage: tests/bench/gateway.sh [seconds per run=15]   (build first: ./mvnw -DskipTests package; needs wrk and nginx)
#   EMPORIUM_BENCH_PROFILE=<dir> records a JFR profile of the launcher's gateway during its saturation runs
#   (<dir>/gateway-<kind>.jfr) and prints its hottest methods
#   EMPORIUM_BENCH_JVM_OPTS replaces the JVM options of every service and both gateways (default: -XX:+UseParallelGC
#   -Xmx512m, C1 and C2)
#   EMPORIUM_BENCH_GATEWAY_WARMUP=<seconds> of load on each gateway before it is measured (default 60)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-15}"
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx)"; exit 1; }
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"; java="$JAVA_HOME/bin/java"
offset=13000
gateway=$((8080 + offset)); product=$((8082 + offset)); user=$((8081 + offset)); nginx_port=$((8070 + offset))
gateway_rl=$((8180 + offset)); gateway_bare=$((8280 + offset))
data=$(mktemp -d /tmp/emporium-gwbench-XXXX)
export EMPORIUM_ADMIN_EMAIL=bench-admin@emporium.test EMPORIUM_ADMIN_PASSWORD=bench-admin-password
jvm="${EMPORIUM_BENCH_JVM_OPTS:--XX:+UseParallelGC -Xmx512m}"
# the launcher's gateway: rate limiting off
API_GATEWAY_EMPORIUM_RATE_LIMIT_ENABLED=false "$java" --sun-misc-unsafe-memory-access=allow @platform/launcher/launcher.jvm \
  -jar platform/launcher/target/launcher.jar --home . --data-dir "$data" --port-offset $offset --quiet --jvm-opts "$jvm" \
  > "$data/launcher.out" 2>&1 &
launcher=$!
cleanup() {
  [ -n "${rl:-}" ] && kill "$rl" 2>/dev/null
  [ -n "${bare:-}" ] && kill "$bare" 2>/dev/null
  [ -f "$data/nginx.pid" ] && kill "$(cat "$data/nginx.pid")" 2>/dev/null
  kill $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$data"
}
trap cleanup EXIT
until curl -fs "http://localhost:$gateway/api/health" >/dev/null 2>&1; do
  kill -0 $launcher 2>/dev/null || { cat "$data/launcher.out"; exit 1; }
  sleep 2
done
# a second gateway, rate limiting on: every caller may make 10^8 requests per second (in-memory buckets)
PORT=$gateway_rl MANAGEMENT_PORT=$((8190 + offset)) EUREKA_URL="http://localhost:$((8761 + offset))/eureka/" \
  EMPORIUM_INSTANCE_ID=api-gateway-ratelimited EMPORIUM_RATE_LIMIT_ENABLED=true EMPORIUM_RATE_LIMIT_CAPACITY=100000000 \
  "$java" $jvm -jar services/api-gateway/target/api-gateway.jar > "$data/gateway-rl.out" 2>&1 &
rl=$!
# a third gateway, rate limiting off and the routes without their CircuitBreaker and Retry filters (this file's list
# replaces application.yml's)
cat > "$data/bare-routes.yml" <<ROUTES
spring.cloud.gateway.server.webflux.routes:
  - { id: users, uri: "lb://user-service", predicates: [ "Path=/api/users/**,/api/users" ] }
  - { id: products, uri: "lb://product-service", predicates: [ "Path=/api/products/**,/api/products" ] }
ROUTES
PORT=$gateway_bare MANAGEMENT_PORT=$((8290 + offset)) EUREKA_URL="http://localhost:$((8761 + offset))/eureka/" \
  EMPORIUM_INSTANCE_ID=api-gateway-bare EMPORIUM_RATE_LIMIT_ENABLED=false SPRING_CONFIG_ADDITIONAL_LOCATION="file:$data/bare-routes.yml" \
  "$java" $jvm -jar services/api-gateway/target/api-gateway.jar > "$data/gateway-bare.out" 2>&1 &
bare=$!
cat > "$data/nginx.conf" <<NGINX
worker_processes auto;
pid $data/nginx.pid;
error_log $data/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream product { server 127.0.0.1:$product; keepalive 64; }
  upstream user { server 127.0.0.1:$user; keepalive 64; }
  server {
    listen $nginx_port;
    location /api/products { proxy_pass http://product; proxy_http_version 1.1; proxy_set_header Connection ""; }
    location /api/users { proxy_pass http://user; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$data/nginx.conf"
until curl -fs "http://localhost:$gateway_rl/api/products?size=1" >/dev/null 2>&1; do
  kill -0 $rl 2>/dev/null || { cat "$data/gateway-rl.out"; exit 1; }
  sleep 2
done
until curl -fs "http://localhost:$gateway_bare/api/products?size=1" >/dev/null 2>&1; do
  kill -0 $bare 2>/dev/null || { cat "$data/gateway-bare.out"; exit 1; }
  sleep 2
done
token=$(curl -fs -XPOST "http://localhost:$gateway/api/users/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMPORIUM_ADMIN_EMAIL\",\"password\":\"$EMPORIUM_ADMIN_PASSWORD\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
auth="Authorization: Bearer $token"
saturate() { # <url> [header] -> requests/s and p50/p99 ms
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c32 -d"${secs}s" --latency -H "$2" "$1"); else out=$(wrk -t2 -c32 -d"${secs}s" --latency "$1"); fi
  echo "$out" | python3 -c '
import re,sys
t=sys.stdin.read()
def ms(v):
    n=float(re.match(r"[\d.]+",v).group()); u=v[len(re.match(r"[\d.]+",v).group()):]
    return n*{"us":0.001,"ms":1,"s":1000}[u]
rps=float(re.search(r"Requests/sec:\s+([\d.]+)",t).group(1))
p=dict(re.findall(r"\s(\d+)%\s+([\d.]+\w+)",t))
bad=re.search(r"Non-2xx or 3xx responses: (\d+)",t)
p50, p99 = ms(p["50"]), ms(p["99"])
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {bad.group(1) if bad else 0}")'
}
profile() { # start | stop <kind>: JFR on the launcher's gateway during its saturation run
  [ -n "${EMPORIUM_BENCH_PROFILE:-}" ] || return 0
  mkdir -p "$EMPORIUM_BENCH_PROFILE"
  local pid; pid=$(python3 -c 'import json,sys; print(next(i["pid"] for i in json.load(open(sys.argv[1]))["instances"] if i["id"].startswith("api-gateway")))' "$data/run/status.json")
  if [ "$1" = start ]; then
    "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile >/dev/null
  else
    "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=bench filename="$EMPORIUM_BENCH_PROFILE/gateway-$2.jfr" >/dev/null
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$EMPORIUM_BENCH_PROFILE/gateway-$2.jfr" 2>/dev/null | sed -n '4,18p' | sed 's/^/    /' >&2
  fi
}
for kind in anonymous authenticated; do
  if [ $kind = anonymous ]; then path="/api/products?size=10"; header=""; else path="/api/users/me"; header="$auth"; fi
  # warm-up: every path, the gateways long enough for C2 to finish (measured: a fresh gateway serves ~300 req/s in its
  # first 10 s of load and ~2,000 after a minute; 5 s of warm-up measured the JIT, not the gateway)
  for port in $product $nginx_port $gateway $gateway_rl $gateway_bare; do
    [ $kind = authenticated ] && [ $port = $product ] && port=$user
    warm=10; [ $port = $gateway ] || [ $port = $gateway_rl ] || [ $port = $gateway_bare ] && warm="${EMPORIUM_BENCH_GATEWAY_WARMUP:-60}"
    wrk -t2 -c32 -d"${warm}s" ${header:+-H "$header"} "http://localhost:$port$path" >/dev/null
  done
  echo
  echo "### $kind GET $path ($secs s per run, wrk -t2 -c32)"
  echo
  echo "| path | req/s | × nginx | p50 / p99 at saturation | non-2xx |"
  echo "|---|---|---|---|---|"
  direct=$product; [ $kind = authenticated ] && direct=$user
  declare -A rps=()
  for target in "direct:$direct" "nginx:$nginx_port" "gateway:$gateway" "gateway+ratelimit:$gateway_rl" "gateway-no-breakers:$gateway_bare"; do
    name=${target%%:*}; port=${target##*:}
    [ $name = gateway ] && profile start
    read -r r p50 p99 bad < <(saturate "http://localhost:$port$path" "$header")
    [ $name = gateway ] && profile stop "$kind"
    rps[$name]=$r
    ratio=$(python3 -c "print(f'{$r / ${rps[nginx]:-$r}:.2f}')")
    [ $name = direct ] && ratio="—"
    echo "| $name | $r | $ratio | $p50 / $p99 ms | $bad |"
  done
  half=$(( ${rps[gateway]} / 2 ))
  echo
  echo "Latency at $half req/s (half of the gateway's saturation), open loop, $secs s:"
  echo
  echo "| path | p50 | p90 | p99 | max | errors |"
  echo "|---|---|---|---|---|---|"
  for target in "direct:$direct" "nginx:$nginx_port" "gateway:$gateway" "gateway+ratelimit:$gateway_rl" "gateway-no-breakers:$gateway_bare"; do
    name=${target%%:*}; port=${target##*:}
    line=$("$java" tests/bench/PacedGet.java "http://localhost:$port$path" "$half" "$secs" ${header:+"$header"})
    echo "$line" | sed -E 's/achieved=[0-9]+ p50=([0-9.]+) p90=([0-9.]+) p99=([0-9.]+) max=([0-9.]+) errors=([0-9]+)/| '"$name"' | \1 ms | \2 ms | \3 ms | \4 ms | \5 |/'
  done
done
