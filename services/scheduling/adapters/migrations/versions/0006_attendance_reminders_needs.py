"""attendance, reminders announced, participants' access needs, cancelled sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "attendance",
        sa.Column("booking_id", sa.String(36), sa.ForeignKey("bookings.id"), primary_key=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "reminders",
        sa.Column("booking_id", sa.String(36), sa.ForeignKey("bookings.id"), primary_key=True),
        sa.Column("minutes_before", sa.Integer(), primary_key=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "participant_needs",
        sa.Column("participant_id", sa.String(36), primary_key=True),
        sa.Column("needs", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("participant_needs")
    op.drop_table("reminders")
    op.drop_table("attendance")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("cancelled_at")
