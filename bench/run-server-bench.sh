#!/usr/bin/env bash
# Server benchmark: our durable server and the James 3.8.1 memory app, each in its own JVM on loopback, and
# Postfix + Dovecot (Debian's packages, a private instance per run), loaded by the SmtpLoad harness
# (fr.mssante.operator.bench.smtp). Run on demand, never in CI. See docs/bench-server.md and
# docs/bench-postfix-dovecot.md. The postfix server needs root (bench/postfix-dovecot/setup.sh installs it).
#   bench/run-server-bench.sh                      # full run (defaults below)
#   bench/run-server-bench.sh --messages 500 ...   # any SmtpLoad option overrides the defaults
# Results: bench/target/server-bench/<timestamp>/results.md (and each server's logs in its home next to it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "[bench] building server and bench (mvn -DskipTests package) ..." >&2
mvn -q -B ${MVN_OFFLINE:+-o} -pl bench -am -DskipTests package >&2

# The memory app brings BouncyCastle -jdk15on, banned in the reactor: its classpath is resolved by a pom outside
# the reactor into bench/target/memory-app.classpath and only ever used by the memory app's own JVM.
if [ ! -s bench/target/memory-app.classpath ]; then
  echo "[bench] resolving org.apache.james:james-server-memory-app:3.8.1 ..." >&2
  mvn -q -B ${MVN_OFFLINE:+-o} -f bench/memory-app/pom.xml dependency:build-classpath >&2
fi

# The last --servers wins, as in SmtpLoad; Postfix and Dovecot are installed (idempotent) only when measured.
SERVERS=durable,memory,postfix
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  [ "${args[i]}" = "--servers" ] && SERVERS="${args[i+1]}"
done
if [[ ",$SERVERS," == *,postfix,* || ",$SERVERS," == *,postfix-features,* ]]; then
  bench/postfix-dovecot/setup.sh
fi

WORK="bench/target/server-bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
exec java -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  fr.mssante.operator.bench.smtp.SmtpLoad \
  --work "$WORK" \
  --durable-classpath "$ROOT/server/target/classes:$(cat server/target/classpath.txt)" \
  --memory-classpath "$(cat bench/target/memory-app.classpath)" \
  --conf conf --memory-conf bench/memory-app/conf --postfix-conf bench/postfix-dovecot \
  --servers "$SERVERS" \
  --connections 20 --recipients 10 --sizes 10240,204800 --messages 2000 --large-messages 500 --repeat 2 \
  --growth 0,10000,50000 --growth-messages 2000 --growth-repeat 2 --prefill-size 1024 \
  --prefill-budget-seconds 900 --delivery-timeout-seconds 600 \
  --server-jvm "-Xms1g -Xmx1g" \
  "$@"
