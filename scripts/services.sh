#!/usr/bin/env bash
# PostgreSQL and Redis on loopback for the tests (and the smoke test): installs
# Debian's packages when missing, starts them when not running, and creates the
# `leatadmin` database role. Idempotent: already installed and running is fine.
set -euo pipefail
SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
AS_POSTGRES=$( [ "$(id -u)" = 0 ] && echo "runuser -u postgres --" || echo "sudo -u postgres" )

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
  echo "Installing Debian's postgresql and redis-server for the tests"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql redis-server >/dev/null
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | grep -q .; then
    $SUDO pg_createcluster "$version" main >/dev/null
  fi
  cluster=$(pg_lsclusters -h | awk '$3 == 5432 {print $1, $2; exit}')
  [ -n "$cluster" ] || cluster=$(pg_lsclusters -h | awk '{print $1, $2; exit}')
  # shellcheck disable=SC2086
  $SUDO pg_ctlcluster $cluster start || true
  for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

# The role the tests log in as; it creates and drops its own test databases.
(cd / && $AS_POSTGRES psql -q -h /var/run/postgresql -v ON_ERROR_STOP=1 >/dev/null) <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'leatadmin') THEN
    CREATE ROLE leatadmin LOGIN CREATEDB PASSWORD 'leatadmin';
  END IF;
END $$;
SQL
