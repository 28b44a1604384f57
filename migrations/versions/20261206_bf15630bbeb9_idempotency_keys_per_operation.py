"""idempotency keys per operation: unique per caller, method and path, no longer per caller

A key reused on another endpoint was refused with 422; now it is another request.

The stored records are a retry cache of at most 24 hours and cannot be given the operation they
were made for (only a hash of it was kept), so both directions empty the table: a retry across
the upgrade runs once more instead of being replayed.

Revision ID: bf15630bbeb9
Revises: 3ea3c1bb5878
Create Date: 2026-12-06 18:38:36.367754
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "bf15630bbeb9"
down_revision: str | None = "3ea3c1bb5878"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM idempotency_keys")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("operation_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        )
        batch_op.drop_constraint(batch_op.f("uq_idempotency_keys_principal_id_key"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_idempotency_keys_principal_id_operation_hash_key"),
            ["principal_id", "operation_hash", "key"],
        )


def downgrade() -> None:
    # The same key on two operations would break the old constraint.
    op.execute("DELETE FROM idempotency_keys")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_idempotency_keys_principal_id_operation_hash_key"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_idempotency_keys_principal_id_key"), ["principal_id", "key"]
        )
        batch_op.drop_column("operation_hash")
