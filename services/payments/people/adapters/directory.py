"""The names and titles staff pages show (projections of recruitment's compacted topics), and
every attendance recorded, fee or no fee."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import (
    activity_organisations,
    activity_titles,
    attendances,
    expense_claims,
    participant_names,
    staff_names,
)
from services.payments.adapters.scope import owned, owned_participant
from services.payments.entitlements.domain.model import Attendance
from services.payments.expenses.domain.expenses import ATTENDED
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


class SqlAlchemyDirectory:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)

    def _put(self, table: Table, key: str, **values: Any) -> None:
        column = table.primary_key.columns.values()[0]
        if self.session.execute(select(column).where(column == key)).first() is None:
            self.session.execute(table.insert().values({column.name: key, **values}))
        else:
            self.session.execute(table.update().where(column == key).values(**values))

    def activity(
        self,
        activity_id: str,
        title: str,
        status: str,
        changed_at: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> None:
        self._put(activity_titles, activity_id, title=title, status=status, changed_at=changed_at)
        # Whose it is decides which staff see its payments (adapters/scope.py).
        self._put(activity_organisations, activity_id, organisation_id=organisation_id)

    def organisation_of(self, activity_id: str) -> str | None:
        a = activity_organisations.c
        query = select(a.organisation_id).where(a.activity_id == activity_id)
        return self.session.execute(query).scalar_one_or_none()

    def participant_in_scope(self, participant_id: str) -> bool:
        query = select(owned_participant(participant_id, self.organisation_id))
        return self.session.execute(query).scalar_one() is True

    def staff_in_scope(self, staff_id: str) -> bool:
        if self.organisation_id is None:
            return True
        s = staff_names.c
        found = self.session.execute(select(s.memberships).where(s.staff_id == staff_id)).first()
        # Memberships not known (None): their roles hold everywhere, so they are staff here too.
        return found is not None and (found[0] is None or self.organisation_id in found[0])

    def participant(self, participant_id: str, preferred_name: str) -> None:
        self._put(participant_names, participant_id, preferred_name=preferred_name)

    def forget_participant(self, participant_id: str) -> None:
        where = participant_names.c.participant_id == participant_id
        self.session.execute(delete(participant_names).where(where))

    def staff(
        self,
        staff_id: str,
        name: str,
        active: bool,
        changed_at: datetime,
        roles: list[str] | None = None,
        memberships: dict[str, list[str]] | None = None,
    ) -> None:
        # Roles, memberships and active also decide what a staff session may do here
        # (shared.auth): with memberships, roles hold only in their organisation.
        values = {"name": name, "active": active, "changed_at": changed_at, "roles": roles,
                  "memberships": memberships}  # fmt: skip
        self._put(staff_names, staff_id, **values)

    def _lookup(self, table: Table, value: Any, keys: Iterable[str | None]) -> dict[str, str]:
        wanted = sorted({k for k in keys if k})
        if not wanted:
            return {}
        column = table.primary_key.columns.values()[0]
        query = select(column, value).where(column.in_(wanted))
        return {key: found for key, found in self.session.execute(query)}

    def names(self, participant_ids: Iterable[str | None]) -> dict[str, str]:
        return self._lookup(participant_names, participant_names.c.preferred_name, participant_ids)

    def titles(self, activity_ids: Iterable[str | None]) -> dict[str, str]:
        return self._lookup(activity_titles, activity_titles.c.title, activity_ids)

    def staff_names(self, staff_ids: Iterable[str | None]) -> dict[str, str]:
        return self._lookup(staff_names, staff_names.c.name, staff_ids)

    # Attendance, whether or not it earned a fee.
    def attended(self, attendance: Attendance, now: datetime) -> None:
        if self.attendance(attendance.booking_id) is not None:
            return  # the first record stands, as the fee's does
        self.session.execute(
            attendances.insert().values(
                booking_id=attendance.booking_id, participant_id=attendance.participant_id,
                activity_id=attendance.activity_id, outcome=attendance.outcome,
                session_starts_at=attendance.session_starts_at, recorded_at=now,
            )
        )  # fmt: skip

    def attendance(self, booking_id: str) -> dict[str, Any] | None:
        row = self.session.execute(
            select(attendances).where(attendances.c.booking_id == booking_id)
        ).first()
        return dict(row._mapping) if row else None

    def unclaimed(self, participant_id: str | None) -> list[dict[str, Any]]:
        """Sessions attended and not yet claimed for (anyone's, with None)."""
        a = attendances.c
        claimed = select(expense_claims.c.booking_id)
        query = select(attendances).where(a.outcome.in_(ATTENDED), a.booking_id.not_in(claimed))
        query = query.where(owned(a.activity_id, self.organisation_id))
        if participant_id:
            query = query.where(a.participant_id == participant_id)
        return [dict(r._mapping) for r in self.session.execute(query)]
