"""outcomes ("you said, we did") and participants.no_outcome_updates

Coordinators record what each activity changed; published outcomes are public and told to the
activity's contributors, unless a person chose "no updates" (their page, or NO UPDATES by text).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("activity_id", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("link", sa.String(500), nullable=True),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("told", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_outcomes_activity_id", "outcomes", ["activity_id"])
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("no_outcome_updates", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("no_outcome_updates")
    op.drop_index("ix_outcomes_activity_id", table_name="outcomes")
    op.drop_table("outcomes")
