"""audit trail: redact the API token hashes written before credentials were redacted by name

Revision ID: b1c2d3e4f5a6
Revises: 8d4e5f6a7b20
Create Date: 2026-12-07 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1c2d3e4f5a6"
down_revision: str | None = "8d4e5f6a7b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

events = sa.table(
    "audit_events",
    sa.column("id", sa.Uuid()),
    sa.column("resource_type", sa.String()),
    sa.column("changes", sa.JSON()),
)


def upgrade() -> None:
    # Until now a token's creation event held {"tokenHash": {"from": null, "to": "<sha256>"}}.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.changes).where(events.c.resource_type == "api-tokens")
    ).all()
    for event_id, changes in rows:
        if isinstance(changes, dict) and "tokenHash" in changes:
            connection.execute(
                events.update()
                .where(events.c.id == event_id)
                .values(changes={**changes, "tokenHash": {"changed": True}})
            )


def downgrade() -> None:
    pass  # a redacted hash cannot come back
