"""Which participant, if any, a staff member also is (staff_participant_links, 0009)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import staff_link_changes
from services.payments.adapters.orm import staff_participant_links as links


class SqlAlchemyStaffLinks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def participant_of(self, staff_id: str) -> str | None:
        query = select(links.c.participant_id).where(links.c.staff_id == staff_id)
        return self.session.execute(query).scalar_one_or_none()

    def staff_of(self, participant_id: str) -> list[str]:
        query = select(links.c.staff_id).where(links.c.participant_id == participant_id)
        return list(self.session.scalars(query))

    def link(self, staff_id: str, participant_id: str, by: str, now: datetime) -> None:
        if self.participant_of(staff_id) == participant_id:
            return  # recorded already: nothing changes, nothing to audit
        self.unlink(staff_id, by, now, to=participant_id)
        self.session.execute(
            links.insert().values(
                staff_id=staff_id, participant_id=participant_id, set_by=by, set_at=now
            )
        )

    def changes(self, staff_id: str) -> list[dict[str, Any]]:
        c = staff_link_changes.c
        query = select(c.participant_before, c.participant_after, c.changed_by, c.at).where(
            c.staff_id == staff_id
        )
        return [dict(row._mapping) for row in self.session.execute(query.order_by(c.id))]

    def unlink(self, staff_id: str, by: str, now: datetime, to: str | None = None) -> None:
        """Every change is kept in staff_link_changes (who, from whom, to whom, when)."""
        before = self.participant_of(staff_id)
        self.session.execute(delete(links).where(links.c.staff_id == staff_id))
        self.session.execute(
            staff_link_changes.insert().values(
                staff_id=staff_id, participant_before=before, participant_after=to,
                changed_by=by, at=now,
            )
        )  # fmt: skip
