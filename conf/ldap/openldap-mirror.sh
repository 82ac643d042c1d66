#!/usr/bin/env bash
# Starts a throw-away OpenLDAP slapd holding the mirror schema, for trying the schema and for benchmarks.
# Usage: conf/ldap/openldap-mirror.sh DIR PORT [--sample | --ldif FILE] [--tls CERT KEY LDAPS_PORT]
#   (stop it with: kill "$(cat DIR/slapd.pid)")
#   --sample     loads conf/ldap/mssante-mirror-sample.ldif over LDAP once slapd runs;
#   --ldif FILE  bulk-imports FILE (from `./mssante directory export-ldif`) with slapadd -q before slapd starts;
#   --tls CERT KEY LDAPS_PORT  serves TLS with this PEM certificate (chain: server certificate first, then its CA)
#                and PEM private key (PKCS#8 or PKCS#1, unencrypted): StartTLS on PORT, ldaps:// on LDAPS_PORT.
#                The sync then needs --ldap-ca-file with the CA, and the URL's host in the certificate's
#                subjectAltName (e.g. IP:127.0.0.1 here). Plain LDAP stays open on PORT (loopback only).
# Needs Debian's slapd (apt-get install slapd ldap-utils). Root DN cn=admin,o=annuaire-sante,c=fr, password in
# DIR/admin.password (random). DIR must be new or empty. Listens on 127.0.0.1 only. Not for production: the database
# is written without fsync (olcDbNoSync, writemap): a crash of the host can lose or corrupt it.
set -euo pipefail
DIR="$1"; PORT="$2"; shift 2
MODE=""; LDIF=""; TLS_CERT=""; TLS_KEY=""; LDAPS_PORT=""
absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --sample) MODE=--sample; shift ;;
    --ldif) MODE=--ldif; LDIF="$2"; shift 2 ;;
    --tls) TLS_CERT="$(absolute "$2")"; TLS_KEY="$(absolute "$3")"; LDAPS_PORT="$4"; shift 4 ;;
    *) echo "openldap-mirror.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
TLS_CONFIG="# no TLS (--tls not given)"
LISTEN="ldap://127.0.0.1:$PORT/"
if [ -n "$TLS_CERT" ]; then
  TLS_CONFIG="olcTLSCertificateFile: $TLS_CERT
olcTLSCertificateKeyFile: $TLS_KEY"
  LISTEN="$LISTEN ldaps://127.0.0.1:$LDAPS_PORT/"
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCHEMA=/etc/ldap/schema
mkdir -p "$DIR/config" "$DIR/data"
DIR="$(cd "$DIR" && pwd)"
umask 077
printf %s "$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')" > "$DIR/admin.password"
HASH="$(slappasswd -s "$(cat "$DIR/admin.password")")"
cat > "$DIR/bootstrap.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $DIR/slapd.pid
olcSizeLimit: unlimited
# slapd's default log level (stats) formats and sends one syslog line per operation: half its CPU on a bulk load.
olcLogLevel: none
# Two cores here: more worker threads only add context switches (back-mdb has one writer at a time anyway).
olcThreads: 4
$TLS_CONFIG

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://$SCHEMA/core.ldif
include: file://$SCHEMA/cosine.ldif
include: file://$SCHEMA/inetorgperson.ldif
include: file://$HERE/mssante-mirror-schema.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcAccess: {0}to * by * read

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by dn.exact=gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth manage by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: o=annuaire-sante,c=fr
olcRootDN: cn=admin,o=annuaire-sante,c=fr
olcRootPW: $HASH
olcDbDirectory: $DIR/data
olcDbMaxSize: 8589934592
olcDbNoSync: TRUE
olcDbEnvFlags: writemap
olcDbEnvFlags: nometasync
olcDbIndex: objectClass eq
olcDbIndex: mssDomain eq
olcDbIndex: mssSourceRef eq
olcDbIndex: mssPublicationStatus eq
olcDbIndex: modifyTimestamp eq
olcLimits: {0}* size=unlimited time=unlimited
LDIF
slapadd -n 0 -F "$DIR/config" -l "$DIR/bootstrap.ldif"
if [ "$MODE" = "--ldif" ]; then
  # -q: no per-entry consistency checks, index built in the same pass; fine for a file we generated ourselves.
  start=$(date +%s%N)
  slapadd -q -F "$DIR/config" -b "o=annuaire-sante,c=fr" -l "$LDIF"
  echo "slapadd -q $LDIF: $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
fi
slapd -F "$DIR/config" -h "$LISTEN" || {
  # slapd reports start-up errors (an unreadable TLS key, a port in use) to syslog only.
  echo "openldap-mirror.sh: slapd did not start; see why with: slapd -d 256 -F $DIR/config -h \"$LISTEN\"" >&2
  exit 1
}
for _ in $(seq 1 50); do
  ldapsearch -x -H "ldap://127.0.0.1:$PORT/" -b "" -s base >/dev/null 2>&1 && break
  sleep 0.2
done
if [ "$MODE" = "--sample" ]; then
  ldapadd -x -H "ldap://127.0.0.1:$PORT/" -D "cn=admin,o=annuaire-sante,c=fr" -y "$DIR/admin.password" \
    -f "$HERE/mssante-mirror-sample.ldif" >/dev/null
fi
echo "slapd mirror on $LISTEN(pid $(cat "$DIR/slapd.pid"))${TLS_CERT:+, StartTLS on $PORT}, root DN cn=admin,o=annuaire-sante,c=fr"
