"""sessions that end: staff roles beside their names; participants' ended sessions
(ParticipantSessionsEnded)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from shared.participant_sessions import create_participant_sessions_table

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_names") as batch:
        batch.add_column(sa.Column("roles", sa.JSON(), nullable=True))
    create_participant_sessions_table(op)


def downgrade() -> None:
    op.drop_table("participant_sessions")
    with op.batch_alter_table("staff_names") as batch:
        batch.drop_column("roles")
