"""Scheduling's test doubles: a clock a test can set, and (below) fakes of the ports."""

from __future__ import annotations

import copy
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from services.scheduling.adapters.unit_of_work import announce
from services.scheduling.arrangements.domain import OPEN, ArrangementTask, Told
from services.scheduling.arrangements.venues import Venue
from services.scheduling.booking.domain.desk import SessionAtDesk, SlotAtDesk
from services.scheduling.panels.domain import Membership, Panel
from services.scheduling.ports import (
    ActivityOrganisations,
    ArrangementRepository,
    BookingDesk,
    BookingRepository,
    NeedsRepository,
    OrganisationRepository,
    PeopleRepository,
    SlotRepository,
    TaskRepository,
    VenueRepository,
    WaitlistRepository,
)
from services.scheduling.sessions.domain.booking import CONFIRMED, PENDING, Booking
from services.scheduling.sessions.domain.model import Session, Slot
from services.scheduling.waitlist import domain as waitlist
from shared.bus.unit_of_work import OutgoingEvent
from shared.vocabulary.organisations import Organisation

HOLD = timedelta(hours=2)  # how long a freed place is held, as in production


class Clock:
    """The real time until a test sets one; the bus hands it to views and handlers alike."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at or datetime.now(UTC)

    def set(self, at: datetime | None) -> None:
        self.at = at


class FakeSlots(SlotRepository):
    def __init__(self, slots: dict[str, Slot]) -> None:
        self.by_id = slots

    def lock(self, slot_id: str) -> Slot | None:
        return self.by_id.get(slot_id)

    get = lock


class FakeBookings(BookingRepository):
    def __init__(self, slots: dict[str, Slot]) -> None:
        self.slots = slots

    def _all(self) -> list[Booking]:
        return [b for s in self.slots.values() for b in s.bookings]

    def lock(self, booking_id: str) -> Booking | None:
        return next((b for b in self._all() if b.id == booking_id), None)

    def standing(self, session_id: str, participant_id: str) -> tuple[Booking | None, bool]:
        return self.held(session_id, participant_id), False

    def held(self, session_id: str, participant_id: str) -> Booking | None:
        return next(
            (
                b
                for b in self._all()
                if b.session_id == session_id
                and b.participant_id == participant_id
                and b.status in (CONFIRMED, PENDING)
            ),
            None,
        )


class FakeDesk(BookingDesk):
    """The booking desk over the in-memory slots: what the database would count, counted."""

    def __init__(self, slots: dict[str, Slot], bookings: FakeBookings, people: FakePeople) -> None:
        self.slots, self.bookings, self.people = slots, bookings, people

    def open(self, slot_id: str, participant_id: str) -> SlotAtDesk | None:
        slot = self.slots.get(slot_id)
        if slot is None:
            return None
        session = slot.session
        assert session is not None
        taken = len(slot.confirmed) + len(slot.pending)
        taken += sum(1 for entry in slot.waitlist if entry.holds_place)
        return SlotAtDesk(
            slot.id,
            slot.session_id,
            slot.starts_at,
            slot.ends_at,
            slot.capacity,
            slot.booking_opens_at,
            slot.booking_closes_at,
            SessionAtDesk(
                session.id,
                session.activity_id,
                session.activity_title,
                session.format,
                session.location,
                session.joining_url,
                session.requires_approval,
                session.cancelled_at,
            ),
            places_taken=taken,
            held=self.bookings.held(slot.session_id, participant_id),
            withdrawn=self.people.is_withdrawn(participant_id),
        )

    def add(self, booking: Booking) -> None:
        self.slots[booking.slot_id].bookings.append(booking)


class FakeWaitlist(WaitlistRepository):
    def __init__(self, slots: dict[str, Slot]) -> None:
        self.slots = slots

    def slot_of_entry(self, entry_id: str) -> str | None:
        for slot in self.slots.values():
            if any(e.id == entry_id for e in slot.waitlist):
                return slot.id
        return None

    def slots_to_tend(self, now: datetime) -> list[str]:
        return [
            s.id
            for s in self.slots.values()
            if any(e.lapsed(now) for e in s.waitlist)
            or (s.places_left and any(e.status == waitlist.WAITING for e in s.waitlist))
        ]


class FakePeople(PeopleRepository):
    """Nobody here has withdrawn their consent to take part. Their places and queues are read
    from the in-memory slots (no attendance is kept here, so every held place is live)."""

    def __init__(self, slots: dict[str, Slot] | None = None) -> None:
        self.slots = slots if slots is not None else {}

    def is_withdrawn(self, participant_id: str) -> bool:
        return False

    def _slots_of(self, organisation_id: str | None) -> list[Slot]:
        return [
            slot
            for slot in self.slots.values()
            if organisation_id is None
            or (slot.session is not None and slot.session.organisation_id == organisation_id)
        ]

    def live_bookings(self, participant_id: str, organisation_id: str | None = None) -> list[str]:
        return [
            b.id
            for slot in self._slots_of(organisation_id)
            for b in slot.bookings
            if b.participant_id == participant_id and b.status in (CONFIRMED, PENDING)
        ]

    def waitlist_entries(
        self, participant_id: str, organisation_id: str | None = None
    ) -> list[tuple[str, str]]:
        return [
            (e.id, slot.id)
            for slot in self._slots_of(organisation_id)
            for e in slot.waitlist
            if e.participant_id == participant_id
            and e.status in (waitlist.WAITING, waitlist.OFFERED)
        ]

    def erase_in_organisation(self, participant_id: str, organisation_id: str) -> int:
        """As the database does it: their queue entries in the organisation's slots go, and
        its bookings of theirs each get a new random id."""
        kept = 0
        for slot in self._slots_of(organisation_id):
            slot.waitlist[:] = [e for e in slot.waitlist if e.participant_id != participant_id]
            for booking in slot.bookings:
                if booking.participant_id == participant_id:
                    booking.participant_id = str(uuid.uuid4())
                    kept += 1
        return kept


class FakeTasks(TaskRepository):
    """Staff tasks by id: (kind, state, session id, slot id)."""

    def __init__(self) -> None:
        self.saved: dict[str, tuple[str, str, str, str]] = {}

    def save(
        self, task_id: str, kind: str, state: str, session_id: str, slot_id: str, at: datetime
    ) -> None:
        self.saved[task_id] = (kind, state, session_id, slot_id)


class FakeOrganisations(OrganisationRepository):
    """The organisations projection, by id."""

    def __init__(self) -> None:
        self.kept: dict[str, Organisation] = {}

    def get(self, organisation_id: str) -> Organisation | None:
        return self.kept.get(organisation_id)

    def save(self, organisation: Organisation) -> None:
        self.kept[organisation.organisation_id] = organisation


class FakeActivities(ActivityOrganisations):
    """Whose each activity is, by id."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def organisation_of(self, activity_id: str) -> str | None:
        return self.kept.get(activity_id)

    def save(self, activity_id: str, organisation_id: str) -> None:
        self.kept[activity_id] = organisation_id


class FakeArrangements(ArrangementRepository):
    """Arrangement tasks by id, and go-aheads by slot."""

    def __init__(self) -> None:
        self.kept: dict[str, ArrangementTask] = {}
        self.gone_ahead: dict[str, tuple[str, str, int, datetime]] = {}
        self.told_to: dict[tuple[str, str], Told] = {}  # (slot id, booking id) -> told

    def of_session(self, session_id: str) -> list[ArrangementTask]:
        return [copy.copy(t) for t in self.kept.values() if t.session_id == session_id]

    def add(self, task: ArrangementTask) -> None:
        self.kept[task.task_id] = copy.copy(task)

    def save(self, task: ArrangementTask) -> None:
        self.kept[task.task_id] = copy.copy(task)

    def remove(self, task_ids: list[str]) -> None:
        for task_id in task_ids:
            self.kept.pop(task_id, None)

    def open_count(self, slot_id: str) -> int:
        return sum(1 for t in self.kept.values() if t.slot_id == slot_id and t.state == OPEN)

    def go_ahead(
        self, session_id: str, slot_id: str, staff_id: str, open_tasks: int, at: datetime
    ) -> None:
        self.gone_ahead.setdefault(slot_id, (session_id, staff_id, open_tasks, at))

    def go_aheads(self, session_id: str) -> dict[str, tuple[str, int, datetime]]:
        return {k: v[1:] for k, v in self.gone_ahead.items() if v[0] == session_id}

    def told(self, slot_id: str) -> dict[str, Told]:
        return {booking: told for (slot, booking), told in self.told_to.items() if slot == slot_id}

    def keep_told(
        self, session_id: str, slot_id: str, booking_id: str, told: Told, at: datetime
    ) -> None:
        self.told_to[(slot_id, booking_id)] = told


class FakeVenues(VenueRepository):
    def __init__(self) -> None:
        self.kept: dict[str, Venue] = {}

    def get(self, venue_id: str) -> Venue | None:
        return self.kept.get(venue_id)

    def listed(self) -> list[Venue]:
        return sorted(self.kept.values(), key=lambda v: v.name)

    def save(self, venue: Venue) -> None:
        self.kept[venue.venue_id] = venue


class FakeNeeds(NeedsRepository):
    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, ...]] = {}
        self.spoken: dict[str, str] = {}

    def save(
        self, participant_id: str, needs: tuple[str, ...], interpreter_language: str | None = None
    ) -> None:
        self.kept[participant_id] = needs
        if interpreter_language:
            self.spoken[participant_id] = interpreter_language

    def languages(self, participant_ids: list[str]) -> dict[str, str]:
        return {p: self.spoken[p] for p in participant_ids if p in self.spoken}

    def forget(self, participant_id: str) -> None:
        self.kept.pop(participant_id, None)

    def of(self, participant_ids: list[str]) -> dict[str, tuple[str, ...]]:
        return {p: self.kept[p] for p in participant_ids if p in self.kept}

    def count(self, participant_ids: list[str]) -> Counter[str]:
        return Counter(need for p in participant_ids for need in self.kept.get(p, ()))


class FakePanels:
    """Panels and their memberships in memory: what ending someone's memberships needs."""

    def __init__(self) -> None:
        self.panels: dict[str, Panel] = {}
        self.members: dict[tuple[str, str], Membership] = {}
        self.renewal: dict[tuple[str, str], str] = {}

    def get(self, activity_id: str) -> Panel | None:
        return self.panels.get(activity_id)

    def listed(self) -> list[Panel]:
        return sorted(self.panels.values(), key=lambda panel: panel.title)

    def add_member(self, member: Membership) -> None:
        self.members[(member.activity_id, member.participant_id)] = member

    save_member = add_member

    def memberships_of(self, participant_id: str) -> list[Membership]:
        found = [m for m in self.members.values() if m.participant_id == participant_id]
        return sorted(found, key=lambda m: m.invited_at, reverse=True)

    def note_renewal_task(self, activity_id: str, participant_id: str, state: str) -> None:
        self.renewal[(activity_id, participant_id)] = state


class FakeSessions(tuple[Session, ...]):
    """The sessions in memory, as a tuple (the fake's own loops) that can also `get` one."""

    def get(self, session_id: str) -> Session | None:
        return next((s for s in self if s.id == session_id), None)


class FakeUnitOfWork:
    """One session's slots in memory. On commit, the events it would have published are kept
    both as domain events (`published`) and as the outbox envelopes scheduling's real mapper
    makes of them (`envelopes`: type, version, key, data)."""

    def __init__(
        self, session: Session, hold_for: timedelta = HOLD, also: tuple[Session, ...] = ()
    ) -> None:
        self.tasks = FakeTasks()
        self.organisations = FakeOrganisations()
        self.activities = FakeActivities()
        self.organisation_id: str | None = None  # nothing in scope, as outside staff requests
        self.events: list[object] = []
        self.arrangements = FakeArrangements()
        self.venues = FakeVenues()
        self.needs = FakeNeeds()
        self.panels = FakePanels()
        self.sessions = FakeSessions(
            (session, *also)
        )  # `also`: other sessions, perhaps other organisations'
        by_id = {s.id: s for each in self.sessions for s in each.slots}
        self.people = FakePeople(by_id)
        self.slots = FakeSlots(by_id)
        self.bookings = FakeBookings(by_id)
        self.desk = FakeDesk(by_id, self.bookings, self.people)
        self.waitlist = FakeWaitlist(by_id)
        self.hold_for = hold_for
        self.session = session
        self.published: list[object] = []
        self.envelopes: list[OutgoingEvent] = []
        self.commits = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        self.commits += 1
        slots = [slot for each in self.sessions for slot in each.slots]
        facts = [*self.events, *(e for slot in slots for e in slot.events)]
        self.events.clear()
        for slot in slots:
            slot.events.clear()
        self.published.extend(facts)
        self.envelopes.extend(envelope for fact in facts for envelope in announce(fact))

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.published if isinstance(e, kind)]
