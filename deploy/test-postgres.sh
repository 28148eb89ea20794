#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the collector's tests and exports
# KIOSK_TEST_PG_URL; stops it and deletes its files when the calling shell exits.
# Sourced by deploy/run-tests.sh; by hand:  source deploy/test-postgres.sh
# (Debian's postgresql package, installed by 'deploy/install.sh test'.)

_kiosk_pg_bin=""
for _kiosk_pg_candidate in /usr/lib/postgresql/*/bin; do  # the newest installed version
  [ -x "$_kiosk_pg_candidate/pg_ctl" ] && _kiosk_pg_bin="$_kiosk_pg_candidate"
done
if [ -z "$_kiosk_pg_bin" ] || [ ! -x "$_kiosk_pg_bin/pg_ctl" ]; then
  echo "test-postgres: PostgreSQL is not installed: the PostgreSQL tests will be skipped" >&2
else
  _kiosk_pg_dir="$(mktemp -d /tmp/kiosk-test-pg.XXXXXX)"
  # PostgreSQL refuses to run as root: as root (CI), run it as the 'postgres' user.
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$_kiosk_pg_dir"
    _kiosk_pg() { runuser -u postgres -- "$@"; }
  else
    _kiosk_pg() { "$@"; }
  fi
  _kiosk_pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  _kiosk_pg_stop() {
    _kiosk_pg "$_kiosk_pg_bin/pg_ctl" -D "$_kiosk_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$_kiosk_pg_dir"
  }
  trap _kiosk_pg_stop EXIT
  if _kiosk_pg "$_kiosk_pg_bin/initdb" -D "$_kiosk_pg_dir/data" -U kiosk -A trust -E UTF8 --no-sync >"$_kiosk_pg_dir/initdb.log" 2>&1 \
     && _kiosk_pg "$_kiosk_pg_bin/pg_ctl" -D "$_kiosk_pg_dir/data" -l "$_kiosk_pg_dir/server.log" -w -t 60 \
          -o "-p $_kiosk_pg_port -k $_kiosk_pg_dir -c listen_addresses=127.0.0.1" start >/dev/null \
     && _kiosk_pg "$_kiosk_pg_bin/createdb" -h 127.0.0.1 -p "$_kiosk_pg_port" -U kiosk kiosk_test; then
    export KIOSK_TEST_PG_URL="postgresql://kiosk@127.0.0.1:$_kiosk_pg_port/kiosk_test"
    echo "test-postgres: PostgreSQL ready at $KIOSK_TEST_PG_URL"
  else
    echo "test-postgres: could not start PostgreSQL:" >&2
    cat "$_kiosk_pg_dir"/*.log >&2 || true
    exit 1
  fi
fi
