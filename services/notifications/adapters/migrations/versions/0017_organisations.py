"""organisations: the projection of recruitment's OrganisationChanged (recruitment.organisation).
Nothing is inserted: the first organisation arrives as an event from recruitment's outbox.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("organisation_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("short_name", sa.String(20), nullable=False),
        sa.Column("welsh_name", sa.String(100), nullable=True),
        sa.Column("public_contact", sa.String(200), nullable=False),
        sa.Column("privacy_notice_url", sa.String(500), nullable=True),
        sa.Column("accessibility_contact", sa.String(200), nullable=True),
        sa.Column("logo_url", sa.String(500), nullable=True),
        sa.Column("sms_sender", sa.String(40), nullable=True),
        sa.Column("email_from_name", sa.String(100), nullable=True),
        sa.Column("email_from_address", sa.String(254), nullable=True),
        sa.Column("stripe_account", sa.String(40), nullable=True),
        sa.Column("finance_threshold_pence", sa.Integer, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("organisations")
