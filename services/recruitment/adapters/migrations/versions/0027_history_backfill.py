"""Backfill a contributor's history for people who signed up before it existed (a one-off data
migration, so every deployment runs it exactly once, at its next upgrade).

Sign-ups, consents and invitations need nothing: the history page reads them from
recruitment's own tables as it is shown. What it would miss are lines only the projection
writes, where recruitment's own tables still know the fact:
- the help a person needs (participants.support_needs) for someone with no needs line: when
  they told us is not known, so the line is marked `time_known: false` and the page says so
  (it sorts at their sign-up);
- taking part in an activity (expressions_of_interest.took_part_at, the session's start,
  set from AttendanceRecorded) with no attendance line for that activity.
Other services' facts from before (bookings, payments, messages) are not in recruitment's
tables and are not invented. Each backfilled line has subject_id "backfill", so the
downgrade takes exactly these away.

Revision ID: 0027
Revises: 0024 (0025 and 0026 are other branches' numbers: re-chained at merge)
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from shared.db import UtcDateTime

revision = "0027"
down_revision = "0024"
branch_labels = None
depends_on = None

BACKFILL = "backfill"  # the subject_id of every line this migration writes
NEEDS_KINDS = ("needs_given", "needs_changed")

# The tables as they are at this revision (not the live metadata, which may change later).
participants = sa.table(
    "participants",
    sa.column("id", sa.String),
    sa.column("signed_up_at", UtcDateTime),
    sa.column("support_needs", sa.JSON),
)
interests = sa.table(
    "expressions_of_interest",
    sa.column("participant_id", sa.String),
    sa.column("activity_id", sa.String),
    sa.column("took_part_at", UtcDateTime),
)
activities = sa.table(
    "activities", sa.column("id", sa.String), sa.column("organisation_id", sa.String)
)
entries = sa.table(
    "history_entries",
    sa.column("participant_id", sa.String),
    sa.column("organisation_id", sa.String),
    sa.column("activity_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("subject_id", sa.String),
    sa.column("at", UtcDateTime),
    sa.column("details", sa.JSON),
)


def upgrade() -> None:
    bind = op.get_bind()
    with_needs = set(
        bind.execute(
            sa.select(entries.c.participant_id).where(entries.c.kind.in_(NEEDS_KINDS))
        ).scalars()
    )
    attendance = sa.select(entries.c.participant_id, entries.c.activity_id).where(
        entries.c.kind == "attendance"
    )
    attended = {(row[0], row[1]) for row in bind.execute(attendance)}
    owned = bind.execute(sa.select(activities.c.id, activities.c.organisation_id))
    owners = {row[0]: row[1] for row in owned}
    lines = []
    for person in bind.execute(sa.select(participants)):
        needs = sorted(person.support_needs or [])
        if needs and person.id not in with_needs:
            lines.append(
                {
                    "participant_id": person.id,
                    "organisation_id": None,  # about the person: each organisation sees it
                    "activity_id": None,
                    "kind": "needs_given",
                    "subject_id": BACKFILL,
                    "at": person.signed_up_at,
                    "details": {"needs": needs, "backfilled": True, "time_known": False},
                }
            )
    took_part = sa.select(interests).where(interests.c.took_part_at.is_not(None))
    for interest in bind.execute(took_part):
        key = (interest.participant_id, interest.activity_id)
        if key in attended or interest.activity_id not in owners:
            continue
        lines.append(
            {
                "participant_id": interest.participant_id,
                "organisation_id": owners[interest.activity_id],
                "activity_id": interest.activity_id,
                "kind": "attendance",
                "subject_id": BACKFILL,
                "at": interest.took_part_at,
                "details": {"outcome": "took_part", "backfilled": True},
            }
        )
    if lines:
        op.bulk_insert(entries, lines)


def downgrade() -> None:
    op.execute(entries.delete().where(entries.c.subject_id == BACKFILL))
