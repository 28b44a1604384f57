"""token generations: log out everywhere ends every token of the user at once

users.token_generation is raised by "log out everywhere"; every access token (claim `gen`) and
refresh token (refresh_tokens.generation) carries the generation it was issued in, and only the
user's current one is accepted. Existing users and refresh tokens start at 0, the generation of
every access token issued before this revision (they have no `gen`).

Revision ID: 3ea3c1bb5878
Revises: 408ea77bf461
Create Date: 2026-12-06 18:40:12.762613
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3ea3c1bb5878"
down_revision: str | None = "408ea77bf461"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("token_generation", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("generation")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("token_generation")
