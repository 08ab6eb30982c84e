"""What the service layer needs from the outside world (adapters and fakes implement these)."""

from __future__ import annotations

from typing import Protocol, Self

from services.scheduling.domain.model import Booking, Session, Slot


class Conflict(Exception):
    """The database refused a write another transaction made first (a unique index)."""


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...
    def get(self, session_id: str) -> Session | None: ...


class SlotRepository(Protocol):
    def lock(self, slot_id: str) -> Slot | None: ...
    def get(self, slot_id: str) -> Slot | None: ...


class BookingRepository(Protocol):
    def lock(self, booking_id: str) -> Booking | None: ...
    def held(self, session_id: str, participant_id: str) -> Booking | None: ...


class UnitOfWork(Protocol):
    sessions: SessionRepository
    slots: SlotRepository
    bookings: BookingRepository

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
