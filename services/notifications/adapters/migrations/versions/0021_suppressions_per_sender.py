"""suppressions per sender: a STOP texted to one organisation's number (or messaging service)
stops that sender's texts only, as Twilio does; '' is the deployment's own sender, and every
STOP before now was said to it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def _table(name: str, *key: str) -> None:
    op.create_table(
        name,
        sa.Column("phone", sa.String(20), nullable=False),
        *([sa.Column("sender", sa.String(254), nullable=False)] if "sender" in key else []),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(*key),
    )


def upgrade() -> None:
    # A new table rather than a changed key: the same steps on SQLite and PostgreSQL.
    _table("suppressions_per_sender", "phone", "sender")
    op.execute(
        "INSERT INTO suppressions_per_sender (phone, sender, since) "
        "SELECT phone, '', since FROM suppressions"
    )
    op.drop_table("suppressions")
    op.rename_table("suppressions_per_sender", "suppressions")


def downgrade() -> None:
    _table("suppressions_one_key", "phone")
    op.execute(
        "INSERT INTO suppressions_one_key (phone, since) "
        "SELECT phone, MIN(since) FROM suppressions GROUP BY phone"
    )
    op.drop_table("suppressions")
    op.rename_table("suppressions_one_key", "suppressions")
