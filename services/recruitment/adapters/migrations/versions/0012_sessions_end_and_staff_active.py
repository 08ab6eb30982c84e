"""sessions that end: participants' sessions_ended_at, staff accounts' active flag, and every
account announced again (StaffProfileChanged) so other services learn the roles they now keep

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from shared.bus.outbox import new_envelope, stage
from shared.bus.tables import outbox_schema_1 as outbox  # the outbox before bus schema 2

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("sessions_ended_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("staff") as batch:
        active = sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        batch.add_column(active)
    # Scheduling and payments kept only names until now; the compacted topic gets every
    # account's roles again (plain SQL, as in 0009: the model may change later).
    bind = op.get_bind()
    now = datetime.now(UTC)
    staff = sa.text("SELECT id, display_name, email, roles FROM staff ORDER BY created_at")
    for id_, name, email, roles in bind.execute(staff):
        data = {
            "staff_id": id_,
            "name": name,
            "email": email,
            "roles": sorted(roles.split()),
            "active": True,
            "changed_at": now,
        }
        stage(bind, new_envelope("recruitment", "StaffProfileChanged", 1, id_, data), outbox)


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("active")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("sessions_ended_at")
