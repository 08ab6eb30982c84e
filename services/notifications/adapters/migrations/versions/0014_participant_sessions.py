"""participant_sessions: when each participant's sessions ended (ParticipantSessionsEnded)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from alembic import op

from shared.participant_sessions import create_participant_sessions_table

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_participant_sessions_table(op)


def downgrade() -> None:
    op.drop_table("participant_sessions")
