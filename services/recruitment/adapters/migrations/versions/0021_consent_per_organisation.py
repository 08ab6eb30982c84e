"""consent_records.organisation_id: a person agrees to each organisation they take part with

Each organisation is its own data controller, so consent given to one does not cover another.
Every consent recorded before organisations was given to the first organisation.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consent_records") as batch:
        batch.add_column(sa.Column("organisation_id", sa.String(36), nullable=True))
    op.execute(
        sa.text("UPDATE consent_records SET organisation_id = :first").bindparams(
            first=FIRST_ORGANISATION_ID
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("consent_records") as batch:
        batch.drop_column("organisation_id")
