#!/usr/bin/env bash
# Installs what the PostgreSQL tests need: Debian's postgresql package (initdb, pg_ctl, postgres under
# /usr/lib/postgresql/<version>/bin). The tests never use the package's own cluster: each test JVM starts a private
# throw-away one (conf/postgres/throwaway-postgres.sh). Idempotent and quick when already installed.
# CI: run `bash conf/postgres/install-postgresql.sh` before `mvn verify` (without it, the PostgreSQL tests are
# skipped with a message, not failed).
set -euo pipefail
for bin in /usr/lib/postgresql/*/bin; do
  if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ]; then
    exit 0
  fi
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The package may start its own cluster on 5432; the tests do not use it (they start their own on a free port).
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
echo "installed: $("$bin/postgres" --version) in $bin"
