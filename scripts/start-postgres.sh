#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for Ponte's tests and benchmarks, on a loopback port, with
# Debian's postgresql package. Idempotent: a running cluster is reused. Prints its URL on stdout
# (postgres://ponte:ponte@127.0.0.1:PORT/ponte); the role may create databases, so each suite
# can use a fresh one. Stop it with: scripts/start-postgres.sh --stop
# Env: PONTE_PG_DIR (default /var/tmp/ponte-postgres-$UID), PONTE_PG_PORT (default 54329).
set -euo pipefail
DIR="${PONTE_PG_DIR:-/var/tmp/ponte-postgres-$(id -u)}"
PORT="${PONTE_PG_PORT:-54329}"
URL="postgres://ponte:ponte@127.0.0.1:${PORT}/ponte"

BIN=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && BIN="$d"; done
if [ -z "$BIN" ]; then
  echo "start-postgres: PostgreSQL is not installed; run scripts/setup.sh (Debian package postgresql)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root: use the postgres account then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  [ -f "$DIR/data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

# Test files and engineers may call this at the same moment: one at a time. (The server started
# below must not inherit the lock's descriptor, or it would hold the lock for its whole life.)
exec 9>"$DIR.lock"
flock -w 120 9

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    exit 1
  }
fi

if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 60 -l "$DIR/server.log" \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null 9>&- || {
    tail -20 "$DIR/server.log" >&2
    exit 1
  }
fi

psql_admin() { as_owner "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'ponte'")" != 1 ]; then
  psql_admin -c "CREATE ROLE ponte LOGIN CREATEDB PASSWORD 'ponte'" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'ponte'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE ponte OWNER ponte" >/dev/null
fi
echo "$URL"
