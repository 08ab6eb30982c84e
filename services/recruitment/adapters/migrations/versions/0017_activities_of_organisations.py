"""activities belong to organisations: every existing one is the first organisation's

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(
            sa.Column(
                "organisation_id",
                sa.String(36),
                nullable=False,
                server_default=FIRST_ORGANISATION_ID,  # fills the rows there are
            )
        )
        batch.create_index("ix_activities_organisation_id", ["organisation_id"])
    with op.batch_alter_table("activities") as batch:
        batch.alter_column("organisation_id", server_default=None)  # new ones say whose


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_index("ix_activities_organisation_id")
        batch.drop_column("organisation_id")
