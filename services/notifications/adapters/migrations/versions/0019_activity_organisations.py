"""activity_titles.organisation_id: whose activity it is (ActivityPublished), the link from a
staff task to its organisation. Existing rows belong to the first organisation.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity_titles") as batch:
        batch.add_column(sa.Column("organisation_id", sa.String(36), nullable=True))
    op.execute(
        sa.text("UPDATE activity_titles SET organisation_id = :first").bindparams(
            first=FIRST_ORGANISATION_ID
        )
    )
    with op.batch_alter_table("activity_titles") as batch:
        batch.alter_column("organisation_id", existing_type=sa.String(36), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("activity_titles") as batch:
        batch.drop_column("organisation_id")
