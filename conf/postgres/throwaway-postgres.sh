#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests (not for production):
#   throwaway-postgres.sh start DIR PORT   initdb into DIR/data, start on 127.0.0.1:PORT (trust authentication,
#                                          unix socket in DIR, nothing else listening); prints the admin JDBC URL
#   throwaway-postgres.sh stop DIR         pg_ctl stop -m fast
# Uses the newest /usr/lib/postgresql/*/bin (Debian's postgresql package, conf/postgres/install-postgresql.sh).
# initdb and postgres refuse to run as root: as root, they run as the package's `postgres` user, who gets DIR.
set -euo pipefail
usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$(realpath -m "$2")
bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && bin=$candidate
done
if [ -z "$bin" ]; then
  echo "no initdb/pg_ctl under /usr/lib/postgresql/*/bin (install with: bash conf/postgres/install-postgresql.sh)" >&2
  exit 3
fi
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "running as root and there is no 'postgres' user to run PostgreSQL as" >&2; exit 1; }
  as_owner=(runuser -u postgres --)
fi

case "$action" in
  start)
    [ $# -eq 3 ] || usage
    port=$3
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [ ${#as_owner[@]} -gt 0 ]; then
      chown postgres:postgres "$dir"
      runuser -u postgres -- test -w "$dir" || {
        echo "the postgres user cannot reach $dir (a parent directory is closed to it): use a directory under /tmp" >&2
        exit 1
      }
    fi
    cd "$dir"
    # --no-sync: only initdb's own files are not forced to the disk; the running server keeps fsync on.
    if ! "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1; then
      echo "initdb failed in $dir/data:" >&2
      tail -n 30 "$dir/initdb.log" >&2
      exit 1
    fi
    # Trust: any local user of this machine may connect while it runs; it holds throw-away test data only.
    printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 trust" >"$dir/data/pg_hba.conf"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
# Test servers keep a pool of 40 connections each; the two-operator tests run two servers at once.
max_connections = 200
CONF
    if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null 2>&1; then
      echo "PostgreSQL did not start on 127.0.0.1:$port ($dir/postgres.log):" >&2
      tail -n 30 "$dir/postgres.log" >&2 || true
      exit 1
    fi
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    ;;
  stop)
    cd "$dir"
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
  *) usage ;;
esac
