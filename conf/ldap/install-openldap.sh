#!/usr/bin/env bash
# Installs what the OpenLDAP mirror tests and conf/ldap/openldap-mirror.sh need: Debian's slapd and ldap-utils.
# Idempotent and quick when they are already there. CI: run `bash conf/ldap/install-openldap.sh` before `mvn verify`
# (without it, directory-sync's OpenLdapMirrorTest is skipped with a message, not failed).
set -euo pipefail
if command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ]; then
  if [ -x /usr/sbin/slapadd ] && [ -x /usr/sbin/slappasswd ] && command -v ldapsearch >/dev/null 2>&1; then
    exit 0
  fi
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
# noninteractive: slapd's debconf questions take their defaults; the tests never use the package's own database.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends slapd ldap-utils >/dev/null
echo "installed: $(/usr/sbin/slapd -VV 2>&1 | head -1)"
