"""staff roles per organisation: every account's roles become its roles in the first one

`staff.roles` keeps only what holds everywhere (platform_admin); `staff.memberships` holds
{organisation id: [roles]}. Each account is announced again (StaffProfileChanged with its
memberships), so every service learns the roles per organisation.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from shared.bus.outbox import new_envelope, stage
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

EVERYWHERE = {"platform_admin"}


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("memberships", sa.JSON, nullable=False, server_default="{}"))
    bind = op.get_bind()
    now = datetime.now(UTC)
    accounts = "SELECT id, display_name, email, roles, active FROM staff ORDER BY created_at"
    for staff_id, name, email, roles, active in bind.execute(sa.text(accounts)).all():
        given = set(roles.split())
        here = sorted(given - EVERYWHERE)
        memberships = {FIRST_ORGANISATION_ID: here} if here else {}
        bind.execute(
            sa.text("UPDATE staff SET roles = :roles, memberships = :memberships WHERE id = :id"),
            {
                "roles": " ".join(sorted(given & EVERYWHERE)),
                "memberships": json.dumps(memberships),
                "id": staff_id,
            },
        )
        profile = {
            "staff_id": staff_id,
            "name": name,
            "email": email,
            "roles": sorted(given),
            "active": bool(active),
            "changed_at": now,
            "memberships": [{"organisation_id": o, "roles": r} for o, r in memberships.items()],
        }
        stage(bind, new_envelope("recruitment", "StaffProfileChanged", 1, staff_id, profile))


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, roles, memberships FROM staff")).all()
    for staff_id, roles, memberships in rows:
        memberships = json.loads(memberships) if isinstance(memberships, str) else memberships
        every = set(roles.split()) | {r for rs in memberships.values() for r in rs}
        bind.execute(
            sa.text("UPDATE staff SET roles = :roles WHERE id = :id"),
            {"roles": " ".join(sorted(every)), "id": staff_id},
        )
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("memberships")
