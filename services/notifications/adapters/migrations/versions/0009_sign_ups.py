"""sign_ups: whose sign-up we have seen, and whether its confirmation is on its way, so nothing
that follows from a sign-up reaches the person before the confirmation does

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_ups",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
    )
    # Everyone we already know signed up long ago: their confirmation has gone.
    op.execute(
        "INSERT INTO sign_ups (participant_id, confirmed) SELECT participant_id, true FROM contacts"
    )


def downgrade() -> None:
    op.drop_table("sign_ups")
