#!/usr/bin/env bash
# The read replica's start: on an empty volume, copy the primary with pg_basebackup -R (which
# writes primary_conninfo and standby.signal, so the copy starts as a standby streaming from the
# primary through the slot made by primary-init.sh); then the image's own entrypoint runs
# postgres on the data directory it now finds.
set -euo pipefail

: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # compose starts this once the primary is healthy; a primary restarting meanwhile is waited for.
  until pg_isready -q -h "$PRIMARY_HOST" -p 5432 -U replicator; do
    echo "replica: waiting for the primary at $PRIMARY_HOST" >&2
    sleep 1
  done
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD" gosu postgres pg_basebackup \
    --host="$PRIMARY_HOST" --port=5432 --username=replicator --pgdata="$PGDATA" \
    --wal-method=stream --slot=kompas_replica --write-recovery-conf --checkpoint=fast --progress
fi

exec docker-entrypoint.sh "$@"
