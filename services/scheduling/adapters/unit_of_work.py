"""Scheduling's unit of work: sessions, slots and bookings plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.scheduling.adapters.dialogue_repository import SqlAlchemyDialogueRepository
from services.scheduling.adapters.repository import (
    SqlAlchemyBookingRepository,
    SqlAlchemySessionRepository,
    SqlAlchemySlotRepository,
)
from services.scheduling.domain.events import (
    BookingCancelled,
    BookingConfirmed,
    BookingOptionsOffered,
    BookingReplyNotUnderstood,
    SlotPublished,
)
from services.scheduling.service_layer.ports import Conflict
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork


def announce(event: object) -> Iterator[OutgoingEvent]:
    match event:
        case SlotPublished():
            yield ("SlotPublished", 1, event.slot_id, asdict(event))
        case (
            BookingConfirmed()
            | BookingCancelled()
            | BookingOptionsOffered()
            | BookingReplyNotUnderstood()
        ):
            # Keyed by participant, so one person's bookings and cancellations stay in order.
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")


class SchedulingUnitOfWork(SqlAlchemyUnitOfWork):
    sessions: SqlAlchemySessionRepository
    slots: SqlAlchemySlotRepository
    bookings: SqlAlchemyBookingRepository
    dialogue: SqlAlchemyDialogueRepository

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="scheduling", mapper=announce)

    def _start(self) -> None:
        self.sessions = SqlAlchemySessionRepository(self.session)
        self.slots = SqlAlchemySlotRepository(self.session)
        self.bookings = SqlAlchemyBookingRepository(self.session)
        self.dialogue = SqlAlchemyDialogueRepository(self.session)

    def _seen(self) -> Iterable[Any]:
        return [*self.sessions.seen, *self.slots.seen]

    def commit(self) -> None:
        try:
            super().commit()
        except IntegrityError as exc:
            # A unique index caught what the lock did not (a double click on another slot).
            self.rollback()
            raise Conflict(str(exc.orig)) from exc
