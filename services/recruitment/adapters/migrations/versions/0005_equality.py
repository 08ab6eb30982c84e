"""equality monitoring answers, stored apart from the profile

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen here: a migration must not change when the questions in the code do.
QUESTIONS = (
    "age_band",
    "disability",
    "sex",
    "gender_same_as_birth",
    "sexual_orientation",
    "marital_status",
    "pregnancy",
    "ethnicity",
    "religion",
)


def upgrade() -> None:
    # No foreign key to participants on purpose: the answers live apart from the profile.
    op.create_table(
        "equality_answers",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        *(sa.Column(question, sa.String(40), nullable=True) for question in QUESTIONS),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("equality_answers")
