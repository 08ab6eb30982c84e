"""announce every existing activity (ActivityPublished) and staff account (StaffProfileChanged)

Both topics are compacted and keyed by id, so services that start reading them learn the
accounts and activities made before the events existed. Rows are read with plain SQL (not the
domain model, which may change later) and staged in the outbox, which Alembic's transaction
commits with the revision, so this runs once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from shared.bus.outbox import new_envelope, stage
from shared.bus.tables import outbox_schema_1 as outbox  # the outbox before bus schema 2

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    activities = sa.text("SELECT id, title, status, offer FROM activities ORDER BY created_at")
    for id_, title, status, offer in bind.execute(activities):
        offer = json.loads(offer) if isinstance(offer, str) else offer
        data = {
            "activity_id": id_,
            "title": title,
            "status": status,
            "rate_pence": min(int(offer.get("rate_pence", 0)), 100_000),
            "rate_unit": offer.get("rate_unit", "hour"),
            "expenses_covered": bool(offer.get("expenses_covered", True)),
            "changed_at": now,
        }
        stage(bind, new_envelope("recruitment", "ActivityPublished", 1, id_, data), outbox)
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
    """Nothing to undo: the announcements may already be published."""
