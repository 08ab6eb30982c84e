"""organisations: the table, the first organisation (ORGANISATION_NAME), and platform admins

Everything made before organisations existed is the first organisation's: it gets the fixed id
FIRST_ORGANISATION_ID, which every service's own migration uses for its existing rows, so no
service waits for another. Its OrganisationChanged is staged in the outbox, which Alembic's
transaction commits with the revision. Existing admins ran the whole deployment, so they become
platform admins as well.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import os
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from shared.bus.outbox import new_envelope, stage
from shared.db import UtcDateTime
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

DEFAULT_THRESHOLD_PENCE = 10_000  # payments' PAYMENTS_FINANCE_THRESHOLD_PENCE default


def first_organisation(now: datetime) -> dict[str, object]:
    name = (os.environ.get("ORGANISATION_NAME") or "Chorus").strip()[:100] or "Chorus"
    short = re.sub(r"[^A-Z0-9]", "", name.upper())[:20]
    threshold = os.environ.get("PAYMENTS_FINANCE_THRESHOLD_PENCE", "").strip()
    return {
        "id": FIRST_ORGANISATION_ID,
        "name": name,
        "short_name": short if len(short) >= 2 else "FIRST",
        "welsh_name": None,
        # Staff change it on the organisation's page; until then the public page says this.
        "public_contact": "Ask the team who invited you.",
        "privacy_notice_url": None,
        "accessibility_contact": None,
        "logo_url": None,
        "sms_sender": None,  # the deployment's TWILIO_FROM_NUMBER, as before
        "email_from_name": None,
        "email_from_address": None,
        "stripe_account": None,  # the platform's own Stripe account, as before
        "finance_threshold_pence": min(int(threshold or DEFAULT_THRESHOLD_PENCE), 1_000_000),
        "created_at": now,
        "created_by": None,
    }


def upgrade() -> None:
    organisations = op.create_table(
        "organisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("short_name", sa.String(20), nullable=False, unique=True),
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
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
    )
    now = datetime.now(UTC)
    row = first_organisation(now)
    op.bulk_insert(organisations, [row])
    data = {k: v for k, v in row.items() if k not in {"id", "created_at", "created_by"}}
    data |= {"organisation_id": FIRST_ORGANISATION_ID, "changed_at": now}
    stage(
        op.get_bind(),
        new_envelope("recruitment", "OrganisationChanged", 1, FIRST_ORGANISATION_ID, data),
    )
    bind = op.get_bind()
    staff = sa.text("SELECT id, display_name, email, roles, active FROM staff ORDER BY created_at")
    for staff_id, name, email, roles, active in bind.execute(staff).all():
        if "admin" not in roles.split():
            continue
        given = sorted({*roles.split(), "platform_admin"})
        bind.execute(
            sa.text("UPDATE staff SET roles = :roles WHERE id = :id"),
            {"roles": " ".join(given), "id": staff_id},
        )
        # Every service checks roles from its copy of the profile: tell them.
        profile = {"staff_id": staff_id, "name": name, "email": email, "roles": given}
        profile |= {"active": bool(active), "changed_at": now}
        stage(bind, new_envelope("recruitment", "StaffProfileChanged", 1, staff_id, profile))


def downgrade() -> None:
    bind = op.get_bind()
    for staff_id, roles in bind.execute(sa.text("SELECT id, roles FROM staff")).all():
        kept = " ".join(r for r in roles.split() if r != "platform_admin")
        bind.execute(
            sa.text("UPDATE staff SET roles = :roles WHERE id = :id"),
            {"roles": kept, "id": staff_id},
        )
    op.drop_table("organisations")
