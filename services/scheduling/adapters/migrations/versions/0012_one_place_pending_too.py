"""one place per person per session counts pending bookings too (issue #14: a person could
hold two places in a session that needs approval)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = (
    ("uq_bookings_slot_participant", ["slot_id", "participant_id"]),
    ("uq_bookings_session_participant", ["session_id", "participant_id"]),
)


def _recreate(where: str) -> None:
    for name, columns in INDEXES:
        op.drop_index(name, table_name="bookings")
        condition = sa.text(where)
        op.create_index(
            name, "bookings", columns, unique=True, sqlite_where=condition,
            postgresql_where=condition,
        )  # fmt: skip


def upgrade() -> None:
    _recreate("status IN ('confirmed', 'pending')")


def downgrade() -> None:
    _recreate("status = 'confirmed'")
