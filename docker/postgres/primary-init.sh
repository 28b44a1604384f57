#!/usr/bin/env bash
# Run once by the postgres image when the primary's volume is first created
# (/docker-entrypoint-initdb.d): the role the replica copies and follows the primary as, a
# replication slot that keeps the WAL until the replica has read it, and the pg_hba line that
# lets that role in for replication (the image's own lines cover databases, not replication).
set -euo pipefail

: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('kompas_replica');
SQL

# Kompas turns JIT off on its own connections, but reaches this database through PgBouncer in
# transaction mode, where a connection's setting does not stay (docs/operations.md).
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "ALTER DATABASE \"$POSTGRES_DB\" SET jit = off"

echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
