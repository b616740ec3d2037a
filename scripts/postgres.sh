#!/usr/bin/env bash
# Start the local PostgreSQL 15 server and create the role and database the tests use (idempotent).
# Installs the server where missing. Prints the DATABASE_URL to use.
set -euo pipefail
PG_USER=${PG_USER:-jinan}
PG_PASSWORD=${PG_PASSWORD:-jinan}
PG_DB=${PG_DB:-jinan}
SUDO=""
AS_PG="runuser -u postgres --"
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; AS_PG="sudo -u postgres"; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
  echo "PostgreSQL 15 is missing: installing it" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql-15 >/dev/null
fi
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  $SUDO pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -E '^15 +main' | grep -q online; then
  $SUDO pg_ctlcluster 15 main start
fi
for _ in $(seq 1 30); do
  if $AS_PG psql -qtAc "select 1" >/dev/null 2>&1; then break; fi
  sleep 1
done
as_postgres() { (cd /tmp && $AS_PG psql -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(as_postgres -c "select 1 from pg_roles where rolname='$PG_USER'")" != "1" ]; then
  as_postgres -c "create role $PG_USER login password '$PG_PASSWORD' createdb"
else
  as_postgres -c "alter role $PG_USER login password '$PG_PASSWORD' createdb"
fi
if [ "$(as_postgres -c "select 1 from pg_database where datname='$PG_DB'")" != "1" ]; then
  as_postgres -c "create database $PG_DB owner $PG_USER"
fi
echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:5432/$PG_DB"
