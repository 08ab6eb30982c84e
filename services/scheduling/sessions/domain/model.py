"""Sessions and their slots (times people can book), with the rules for booking."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.scheduling.domain.events import BookingCancelled, BookingConfirmed, SlotPublished
from services.scheduling.sessions.domain import places
from services.scheduling.sessions.domain.booking import (
    CANCELLED,
    CONFIRMED,
    PENDING,
    Booking,
    BookingRefused,
)
from services.scheduling.sessions.domain.planning import (
    SlotPlan,
    check_directions,
    check_session,
    decision_time,
)
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


class Slot:
    def __init__(
        self,
        id: str,
        session_id: str,
        starts_at: datetime,
        ends_at: datetime,
        capacity: int,
        booking_opens_at: datetime,
        booking_closes_at: datetime,
        cancel_by: datetime,
        min_group_size: int | None = None,
        decision_at: datetime | None = None,
    ) -> None:
        self.id = id
        self.session_id = session_id
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.capacity = capacity
        self.booking_opens_at = booking_opens_at
        self.booking_closes_at = booking_closes_at
        self.cancel_by = cancel_by
        # Below min_group_size at decision_at, the coordinator runs it anyway or calls it off
        # (sessions/domain/group_size.py).
        self.min_group_size = min_group_size
        self.decision_at = decision_at
        self.confirmed_to_run_at: datetime | None = None
        self.bookings: list[Booking] = []
        self.waitlist: list[Any] = []  # WaitlistEntry (waitlist/domain.py), loaded with the slot
        self.session: Session | None = None
        self.events: list[object] = []

    @property
    def confirmed(self) -> list[Booking]:
        return [b for b in self.bookings if b.status == CONFIRMED]

    @property
    def pending(self) -> list[Booking]:
        return [b for b in self.bookings if b.status == PENDING]

    @property
    def places_left(self) -> int:
        """Pending approvals and waitlist holds take a place just as a confirmed booking does."""
        held = sum(1 for entry in self.waitlist if entry.holds_place)
        return max(self.capacity - len(self.confirmed) - len(self.pending) - held, 0)

    def book(
        self, participant_id: str, held: Booking | None, now: datetime, via: str = "coordinator"
    ) -> Booking:
        """The rules are in places.take_place (one copy for the booking desk too)."""
        booking = places.take_place(self, self._session(), participant_id, held, now, via)
        if booking is not held:
            self.bookings.append(booking)
        return booking

    def check_bookable(self, now: datetime) -> None:
        """Raises BookingRefused when nobody could book this time now."""
        places.check_bookable(self, self.session, now)

    def cancel(self, booking: Booking, now: datetime, cause: str = "participant") -> None:
        """Frees the place. Cancelling twice is harmless and announced once. The cut-off binds
        the participant; the organisers may still cancel (e.g. the whole session)."""
        if booking.status == CANCELLED:
            return
        if cause in ("participant", "moved") and now >= self.cancel_by:
            raise BookingRefused("cut_off", "It is too late to cancel this booking.")
        booking.status = CANCELLED
        booking.cancelled_at = now
        session = self._session()
        self.events.append(
            BookingCancelled(
                booking.id,
                booking.participant_id,
                session.activity_id,
                self.session_id,
                self.id,
                self.starts_at,
                now,
                cause,
            )
        )

    def _confirmed(self, booking: Booking, via: str) -> BookingConfirmed:
        return places.confirmation(self, self._session(), booking, via)

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("a slot is always loaded with its session")
        return self.session


class Session:
    """An activity's meeting: how and where it happens, and the times on offer."""

    def __init__(
        self,
        id: str,
        activity_id: str,
        activity_title: str,
        format: str,
        location: str | None,
        access_features: tuple[str, ...],
        joining_url: str | None,
        created_at: datetime,
        requires_approval: bool = False,
        directions: str | None = None,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> None:
        self.id = id
        self.organisation_id = organisation_id  # whose session it is: the activity's
        self.activity_id = activity_id
        self.activity_title = activity_title
        self.format = format
        self.location = location
        self.access_features = access_features
        self.joining_url = joining_url
        self.created_at = created_at
        self.requires_approval = requires_approval
        self.directions = directions  # how to find the way in, e.g. "Enter by the side door"
        self.cancelled_at: datetime | None = None  # the organisers called the session off
        self.venue_id: str | None = None  # one of its organisation's venues (arrangements/)
        self.slots: list[Slot] = []
        self.events: list[object] = []

    @classmethod
    def create(
        cls,
        activity_id: str,
        activity_title: str,
        format: str,
        location: str | None,
        access_features: tuple[str, ...],
        joining_url: str | None,
        plans: list[SlotPlan],
        now: datetime,
        requires_approval: bool = False,
        directions: str | None = None,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> Session:
        check_session(activity_title, format, location, access_features, joining_url, plans, now)
        check_directions(directions)
        session = cls(
            str(uuid.uuid4()),
            activity_id,
            activity_title.strip(),
            format,
            location.strip() if location else None,
            tuple(sorted(set(access_features))),
            joining_url if format != "in_person" else None,
            now,
            requires_approval,
            directions.strip() or None if directions else None,
            organisation_id,
        )
        for plan in sorted(plans, key=lambda p: p.starts_at):
            session.offer(plan, now)
        return session

    def offer(self, plan: SlotPlan, now: datetime) -> None:
        slot = Slot(
            str(uuid.uuid4()),
            self.id,
            plan.starts_at,
            plan.ends_at,
            plan.capacity,
            plan.booking_opens_at or now,
            plan.booking_closes_at or plan.starts_at,
            plan.cancel_by or plan.starts_at,
            plan.min_group_size,
            decision_time(plan),
        )
        self.slots.append(slot)
        if slot.session is None:  # the ORM's back-reference may have set it already
            slot.session = self
        self.events.append(
            SlotPublished(
                slot.id,
                self.id,
                self.activity_id,
                self.format,
                slot.starts_at,
                slot.ends_at,
                slot.capacity,
                slot.booking_opens_at,
                slot.booking_closes_at,
            )
        )
