"""Names shown on staff pages: participants' preferred names (from recruitment.contact, for
staff eyes only) and staff names (from recruitment.staff-profile). Looked up many at a time,
so a page of people costs one query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.tables.people import participant_names, staff_names


class SqlAlchemyNamesRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def save_participant(self, participant_id: str, name: str) -> None:
        self.forget_participant(participant_id)
        self.db.execute(
            insert(participant_names).values(participant_id=participant_id, preferred_name=name)
        )

    def forget_participant(self, participant_id: str) -> None:
        self.db.execute(
            delete(participant_names).where(participant_names.c.participant_id == participant_id)
        )

    def participants(self, participant_ids: list[str]) -> dict[str, str]:
        if not participant_ids:
            return {}
        query = select(participant_names).where(
            participant_names.c.participant_id.in_(set(participant_ids))
        )
        return {row.participant_id: row.preferred_name for row in self.db.execute(query)}

    def save_staff(
        self,
        staff_id: str,
        name: str,
        changed_at: datetime,
        roles: list[str] | None = None,
        active: bool | None = None,
        memberships: dict[str, list[str]] | None = None,
    ) -> None:
        """A profile older than the one kept (a late redelivery) changes nothing. Roles,
        memberships and active decide what a staff session may do here, and in which
        organisation (shared.staff_sessions.access_lookup)."""
        query = select(staff_names.c.changed_at).where(staff_names.c.staff_id == staff_id)
        kept = self.db.execute(query).scalar_one_or_none()
        values = {
            "name": name,
            "changed_at": changed_at,
            "roles": roles,
            "active": active,
            "memberships": memberships,
        }
        if kept is None:
            self.db.execute(insert(staff_names).values(staff_id=staff_id, **values))
        elif changed_at >= kept:
            self.db.execute(
                update(staff_names).where(staff_names.c.staff_id == staff_id).values(**values)
            )

    def staff(self, staff_ids: list[str]) -> dict[str, str]:
        if not staff_ids:
            return {}
        query = select(staff_names).where(staff_names.c.staff_id.in_(set(staff_ids)))
        return {row.staff_id: row.name for row in self.db.execute(query)}
