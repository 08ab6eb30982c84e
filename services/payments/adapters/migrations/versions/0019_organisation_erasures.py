"""organisation_erasures: who asked one organisation to forget them
(ErasureFromOrganisationRequested), by participant and organisation, so a redelivery does
nothing more; erased_participants stays the bare ids of those erased everywhere

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_erasures",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("organisation_id", sa.String(36), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("organisation_erasures")
