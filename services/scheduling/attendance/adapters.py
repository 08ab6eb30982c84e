"""Attendance records, reminders already announced, and people's access needs."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from services.scheduling.adapters.tables.attendance import attendance, participant_needs, reminders
from services.scheduling.adapters.tables.sessions import bookings
from services.scheduling.attendance.domain import Attendance
from services.scheduling.sessions.domain.booking import CONFIRMED, Booking
from services.scheduling.sessions.domain.model import Slot


class SqlAlchemyAttendanceRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def get(self, booking_id: str) -> Attendance | None:
        return self.db.get(Attendance, booking_id)

    def add(self, record: Attendance) -> None:
        self.db.add(record)

    def of_session(self, session_id: str) -> dict[str, Attendance]:
        """Every record in the session, by booking id, in one query."""
        query = (
            select(Attendance)
            .join(bookings, bookings.c.id == attendance.c.booking_id)
            .where(bookings.c.session_id == session_id)
        )
        return {record.booking_id: record for record in self.db.scalars(query)}


class SqlAlchemyReminderRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def due(self, now: datetime, offset: timedelta) -> list[tuple[Booking, Slot]]:
        """Confirmed bookings whose reminder at this offset is due and not yet announced."""
        minutes = int(offset.total_seconds() // 60)
        done = select(reminders.c.booking_id).where(reminders.c.minutes_before == minutes)
        query = (
            select(Booking, Slot)
            .join(Slot, Booking.slot_id == Slot.id)  # type: ignore[arg-type]
            .where(
                Booking.status == CONFIRMED,  # type: ignore[arg-type]
                Slot.starts_at > now,  # type: ignore[arg-type]
                Slot.starts_at <= now + offset,  # type: ignore[arg-type]
                Booking.id.not_in(done),  # type: ignore[attr-defined]
            )
            .options(selectinload(Slot.session))  # type: ignore[arg-type]
        )
        rows = [(row[0], row[1]) for row in self.db.execute(query)]
        # Booked after this reminder's time: it would arrive late and say little.
        return [(b, s) for b, s in rows if b.booked_at < s.starts_at - offset]

    def announced(self, booking_id: str, minutes_before: int, now: datetime) -> None:
        self.db.execute(
            insert(reminders).values(
                booking_id=booking_id, minutes_before=minutes_before, announced_at=now
            )
        )


class SqlAlchemyNeedsRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def save(
        self, participant_id: str, needs: tuple[str, ...], interpreter_language: str | None = None
    ) -> None:
        self.forget(participant_id)
        if needs:
            values = {"participant_id": participant_id, "needs": needs}
            self.db.execute(
                insert(participant_needs).values(
                    **values, interpreter_language=interpreter_language
                )
            )

    def languages(self, participant_ids: list[str]) -> dict[str, str]:
        """The interpreter's language of each of these people who told us one."""
        if not participant_ids:
            return {}
        table = participant_needs.c
        query = select(table.participant_id, table.interpreter_language).where(
            table.participant_id.in_(set(participant_ids)), table.interpreter_language.is_not(None)
        )
        return {row.participant_id: row.interpreter_language for row in self.db.execute(query)}

    def forget(self, participant_id: str) -> None:
        self.db.execute(
            delete(participant_needs).where(participant_needs.c.participant_id == participant_id)
        )

    def of(self, participant_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """Each of these people's needs (people with none are left out)."""
        if not participant_ids:
            return {}
        query = select(participant_needs).where(
            participant_needs.c.participant_id.in_(set(participant_ids))
        )
        return {row.participant_id: tuple(row.needs) for row in self.db.execute(query)}

    def count(self, participant_ids: list[str]) -> Counter[str]:
        """How many of these people have each need."""
        query = select(participant_needs.c.needs).where(
            participant_needs.c.participant_id.in_(participant_ids)
        )
        return Counter(need for needs in self.db.scalars(query) for need in needs)
