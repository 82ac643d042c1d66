#!/usr/bin/env bash
# Installs what operator-admin's browser tests need: Debian's Chromium and its chromedriver (/usr/bin/chromium,
# /usr/bin/chromedriver). Idempotent and quick when they are there. CI: run `bash operator-admin/install-chromium.sh`
# before `mvn verify`; without them OperatorConsoleEndToEndTest fails and says which package is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
echo "installed: $(/usr/bin/chromedriver --version | head -1)"
