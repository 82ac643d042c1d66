#!/usr/bin/env bash
# Inter-operator benchmark (issue 4): operator A → operator B's port 25 over mutual TLS, a new connection per
# message and reused connections, with and without the trust checks, in one run. Two B servers run in child JVMs on
# loopback; this JVM plays A. Run on demand, never in CI. See docs/bench-interop.md.
#   bench/run-interop-bench.sh                        # full run (defaults below)
#   bench/run-interop-bench.sh --messages 200 ...     # any InteropBench option overrides the defaults
#   SKIP_BUILD=1 bench/run-interop-bench.sh           # reuse the current target/ (already built)
# Results: bench/target/interop-bench/<timestamp>/results.md (each B's logs in its home next to it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "[interop] building server and bench (mvn -DskipTests package) ..." >&2
  mvn -q -B ${MVN_OFFLINE:+-o} -pl bench -am -DskipTests package >&2
fi

WORK="bench/target/interop-bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
echo "[interop] uptime: $(uptime)" >&2
exec java -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  fr.mssante.operator.bench.interop.InteropBench \
  --work "$WORK" \
  --server-classpath "$ROOT/server/target/classes:$(cat server/target/classpath.txt)" \
  --conf conf \
  --messages 400 --concurrency 8 --size 10240 --mailboxes 5 --repeat 2 --warm-up 150 \
  --point-budget-seconds 90 --delivery-timeout-seconds 180 \
  --server-jvm "-Xms512m -Xmx512m" \
  "$@"
