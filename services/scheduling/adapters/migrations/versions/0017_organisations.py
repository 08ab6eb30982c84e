"""organisations: the projection of recruitment's OrganisationChanged (recruitment.organisation).
Nothing is inserted: the first organisation arrives as an event from recruitment's outbox. The
table is shared/organisations.py's, as in every service that keeps organisations.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from alembic import op

from shared.organisations import create_organisations_table

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_organisations_table(op)


def downgrade() -> None:
    op.drop_table("organisations")
