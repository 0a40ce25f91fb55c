#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store tests' PostgreSQL run (`stop` stops it again).
# Prints the URL to use as TEST_DATABASE_URL on its last line; exits non-zero when it cannot.
# Needs root (it installs Debian's postgresql when missing and runs the server as the postgres user).
set -euo pipefail

PORT="${PGTEST_PORT:-55432}"
DIR="${PGTEST_DIR:-/tmp/portal-pgtest}"

if [ "$(id -u)" != 0 ]; then
  echo "ci-postgres: needs root to run the server as the postgres user" >&2
  exit 1
fi

# The server's bin directory (the client package alone creates one without initdb).
server_bin() { ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 | xargs -r dirname; }
BIN="$(server_bin)"
if [ "${1:-}" = stop ]; then
  [ -n "$BIN" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if [ -z "$BIN" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN="$(server_bin)"
fi

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  rm -rf "$DIR"
  install -d -o postgres -g postgres "$DIR"
  runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off" start >/dev/null
fi

echo "postgres://postgres@127.0.0.1:$PORT/postgres"
