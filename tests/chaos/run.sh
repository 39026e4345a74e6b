#!/usr/bin/env bash
# The chaos suite at any size: tests/chaos/run.sh [orders=10000] [orders per second=0, as fast as possible]
# [discovery=dns|eureka] (dns: no registry, the kubernetes profile; eureka: as ./emporium runs).
# Builds what is missing, then runs ChaosIT on its own
# platform; the report is printed and kept in tests/chaos/target/chaos-report.md (copy the figures to
# docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
orders="${1:-10000}"; rate="${2:-0}"; discovery="${3:-dns}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f platform/launcher/target/launcher.jar ] && [ -f services/card-processor/target/card-processor.jar ] \
  || ./mvnw -B -q -DskipTests -Djacoco.skip=true install
./mvnw -B -pl tests/chaos verify -Djacoco.skip=true -Demporium.chaos.orders="$orders" -Demporium.chaos.rate="$rate" \
  -Demporium.chaos.discovery="$discovery" \
  -Dfailsafe.timeout=0 -Dsurefire.timeout=0
