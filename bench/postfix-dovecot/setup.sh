#!/usr/bin/env bash
# Installs Postfix and Dovecot from Debian for the server benchmark's third server (SmtpLoad --servers postfix).
# Idempotent. The harness never uses the system instances: it starts its own Postfix (postfix -c DIR) and Dovecot
# (dovecot -c FILE) with configurations generated under the run's folder, on free loopback ports, and stops them.
# This script therefore leaves no daemon running and none enabled at boot, so nothing holds ports 25/143/993/...
# See docs/bench-postfix-dovecot.md.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "[postfix-dovecot] must run as root (apt-get, a system user, and the daemons drop privileges from root)" >&2
  exit 1
fi

PACKAGES=(postfix dovecot-core dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-fts-xapian openssl)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "[postfix-dovecot] installing ${missing[*]} ..." >&2
  # Postfix: "No configuration" (no /etc/postfix/main.cf written by debconf, nothing listening on 25).
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  # Keep the packages' maintainer scripts from starting the daemons; only where no policy already says so.
  own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  trap '[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -q >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# Never started at boot (systemd or SysV), whatever the packages enabled.
for service in postfix dovecot; do
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null; then
    update-rc.d "$service" disable >/dev/null 2>&1 || true
  fi
done

# A system instance started anyway (by hand, or by an install without policy-rc.d) is stopped: the bench's own
# instances are told apart by their configuration directory, which is never /etc/postfix or /etc/dovecot.
if [ -f /var/spool/postfix/pid/master.pid ] && kill -0 "$(tr -dc 0-9 < /var/spool/postfix/pid/master.pid)" 2>/dev/null; then
  echo "[postfix-dovecot] stopping the system Postfix" >&2
  postfix stop >&2 || true
fi
if [ -f /run/dovecot/master.pid ] && kill -0 "$(tr -dc 0-9 < /run/dovecot/master.pid)" 2>/dev/null; then
  echo "[postfix-dovecot] stopping the system Dovecot" >&2
  doveadm stop >&2 || true
fi

# The owner of the bench's Maildirs (Dovecot's static userdb): no shell, no home, no login.
if ! getent passwd vmail >/dev/null; then
  adduser --system --group --no-create-home --home /nonexistent --shell /usr/sbin/nologin vmail >&2
fi

echo "[postfix-dovecot] ready: $(postconf -d -h mail_version 2>/dev/null | sed 's/^/Postfix /'), $(dovecot --version | sed 's/^/Dovecot /'), vmail uid $(id -u vmail)" >&2
