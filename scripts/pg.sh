#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server on loopback for the test suite.
# Installs Debian's postgresql package when no server binary is found.
# Usage: scripts/pg.sh start|stop|url   (port: WORKBENCH_PG_PORT, default 54329)
set -euo pipefail
port="${WORKBENCH_PG_PORT:-54329}"
data="${WORKBENCH_PG_DATA:-/tmp/workbench-pg-$port}"
url="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-start}" in
  url) echo "$url" ;;
  stop)
    bin=$(find_bin) || exit 0
    [ -f "$data/postmaster.pid" ] && as_postgres "$bin/pg_ctl -D $data -m fast stop" >/dev/null || true ;;
  start)
    if ! bin=$(find_bin); then
      echo "installing PostgreSQL from Debian's packages" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q >/dev/null
      apt-get install -y -q postgresql >/dev/null
      bin=$(find_bin)
    fi
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
      useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      rm -rf "$data"; mkdir -p "$data"
      [ "$(id -u)" = "0" ] && chown postgres "$data"
      as_postgres "$bin/initdb -D $data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl -D $data status" >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl -D $data -l $data/server.log -w -t 60 -o \"-h 127.0.0.1 -p $port -k /tmp -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null \
        || { echo "PostgreSQL failed to start; log follows" >&2; cat "$data/server.log" >&2; exit 1; }
    fi
    echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
