"""Scheduling's unit of work: sessions, slots and bookings plus the outbox, committed together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.scheduling.activities.adapters import SqlAlchemyActivityOrganisations
from services.scheduling.arrangements.adapters import (
    SqlAlchemyArrangementRepository,
    SqlAlchemyVenueRepository,
)
from services.scheduling.attendance.adapters import (
    SqlAlchemyAttendanceRepository,
    SqlAlchemyNeedsRepository,
    SqlAlchemyReminderRepository,
)
from services.scheduling.booking.adapters.desk import SqlAlchemyBookingDesk
from services.scheduling.calendar_feed.adapters import SqlAlchemyCalendarFeeds
from services.scheduling.domain.events import (
    ArrangementDone,
    AttendanceRecorded,
    BookingCancelled,
    BookingConfirmed,
    BookingMoved,
    BookingOptionsOffered,
    BookingRejected,
    BookingReplyNotUnderstood,
    FeedbackGiven,
    FeedbackRequested,
    PlaceOffered,
    PollAnswered,
    PollInvited,
    ReminderDue,
    SessionCancelled,
    SlotPublished,
    StaffTaskChanged,
    WaitlistJoined,
)
from services.scheduling.feedback.adapters.repository import SqlAlchemyFeedbackRepository
from services.scheduling.panels.adapters import SqlAlchemyPanelRepository
from services.scheduling.panels.events import PANEL_EVENTS
from services.scheduling.people.adapters.names_repository import SqlAlchemyNamesRepository
from services.scheduling.people.adapters.people_repository import SqlAlchemyPeopleRepository
from services.scheduling.polls.adapters.repository import SqlAlchemyPollRepository
from services.scheduling.ports import Conflict
from services.scheduling.sessions.adapters.repository import (
    SqlAlchemyBookingRepository,
    SqlAlchemySessionRepository,
    SqlAlchemySlotRepository,
)
from services.scheduling.sms_dialogue.adapters import SqlAlchemyDialogueRepository
from services.scheduling.staff_tasks.adapters import SqlAlchemyTaskRepository
from services.scheduling.waitlist.adapters.repository import SqlAlchemyWaitlistRepository
from services.scheduling.waitlist.domain import DEFAULT_HOLD
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork
from shared.events.envelope import Envelope
from shared.organisations import SqlAlchemyOrganisations
from shared.tenancy import organisation_in_scope


def fields_of(value: Any) -> Any:
    """dataclasses.asdict without its deep copy of every leaf (datetimes, strings): events are
    frozen, and the copy was a good part of staging a booking's confirmation."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: fields_of(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return type(value)(fields_of(item) for item in value)
    if isinstance(value, dict):
        return {name: fields_of(item) for name, item in value.items()}
    return value


def announce(event: object) -> Iterator[OutgoingEvent]:
    match event:
        case SlotPublished():
            yield ("SlotPublished", 1, event.slot_id, fields_of(event))
        case StaffTaskChanged():
            yield ("SchedulingStaffTask", 1, event.task_id, event.data())
        case _ if isinstance(event, PANEL_EVENTS):
            # Keyed by the panel's activity, so one panel's facts stay in order.
            yield (type(event).__name__, 1, event.activity_id, fields_of(event))
        case SessionCancelled():
            yield ("SessionCancelled", 1, event.session_id, fields_of(event))
        case ArrangementDone():
            yield ("ArrangementDone", 1, event.session_id, fields_of(event))
        case FeedbackGiven():
            # Keyed by session: a session's feedback stays in order; nobody is named.
            yield ("FeedbackGiven", 1, event.session_id, fields_of(event))
        case (
            BookingConfirmed()
            | BookingCancelled()
            | BookingOptionsOffered()
            | BookingReplyNotUnderstood()
            | AttendanceRecorded()
            | ReminderDue()
            | BookingMoved()
            | WaitlistJoined()
            | PlaceOffered()
            | BookingRejected()
            | PollInvited()
            | PollAnswered()
            | FeedbackRequested()
        ):
            # Keyed by participant, so one person's bookings and cancellations stay in order.
            yield (type(event).__name__, 1, event.participant_id, fields_of(event))
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")


class SchedulingUnitOfWork(SqlAlchemyUnitOfWork):
    sessions: SqlAlchemySessionRepository
    slots: SqlAlchemySlotRepository
    bookings: SqlAlchemyBookingRepository
    desk: SqlAlchemyBookingDesk
    dialogue: SqlAlchemyDialogueRepository
    attendance: SqlAlchemyAttendanceRepository
    reminders: SqlAlchemyReminderRepository
    needs: SqlAlchemyNeedsRepository
    waitlist: SqlAlchemyWaitlistRepository
    polls: SqlAlchemyPollRepository
    people: SqlAlchemyPeopleRepository
    names: SqlAlchemyNamesRepository
    tasks: SqlAlchemyTaskRepository
    organisations: SqlAlchemyOrganisations
    activities: SqlAlchemyActivityOrganisations
    arrangements: SqlAlchemyArrangementRepository
    venues: SqlAlchemyVenueRepository
    feedback: SqlAlchemyFeedbackRepository
    calendar_feeds: SqlAlchemyCalendarFeeds
    panels: SqlAlchemyPanelRepository
    organisation_id: str | None

    def __init__(self, session_factory: Any, hold_for: timedelta = DEFAULT_HOLD) -> None:
        super().__init__(session_factory, producer="scheduling", mapper=announce)
        self.hold_for = hold_for  # how long a freed place is held for the next person waiting

    def _start(self) -> None:
        # The signed-in staff member's organisation, if any (shared.tenancy): what the
        # repositories let this unit of work see. None (consumers, relays, the command line,
        # participants' pages): everything.
        self.organisation_id = organisation_in_scope()
        mine = self.organisation_id
        self.sessions = SqlAlchemySessionRepository(self.session, mine)
        self.slots = SqlAlchemySlotRepository(self.session, mine)
        self.bookings = SqlAlchemyBookingRepository(self.session, mine)
        self.desk = SqlAlchemyBookingDesk(self.session, mine)
        self.dialogue = SqlAlchemyDialogueRepository(self.session)
        self.attendance = SqlAlchemyAttendanceRepository(self.session)
        self.reminders = SqlAlchemyReminderRepository(self.session)
        self.needs = SqlAlchemyNeedsRepository(self.session)
        self.waitlist = SqlAlchemyWaitlistRepository(self.session)
        self.polls = SqlAlchemyPollRepository(self.session, mine)
        self.people = SqlAlchemyPeopleRepository(self.session)
        self.names = SqlAlchemyNamesRepository(self.session)
        self.tasks = SqlAlchemyTaskRepository(self.session)
        self.organisations = SqlAlchemyOrganisations(self.session)
        self.activities = SqlAlchemyActivityOrganisations(self.session)
        self.arrangements = SqlAlchemyArrangementRepository(self.session, mine)
        self.venues = SqlAlchemyVenueRepository(self.session, mine)
        self.feedback = SqlAlchemyFeedbackRepository(self.session, mine)
        self.calendar_feeds = SqlAlchemyCalendarFeeds(self.session)
        self.panels = SqlAlchemyPanelRepository(self.session, mine)

    def _seen(self) -> Iterable[Any]:
        # A session's slots carry events too (cancelling a session cancels their bookings).
        slots_of_sessions = [slot for session in self.sessions.seen for slot in session.slots]
        return [*self.sessions.seen, *slots_of_sessions, *self.slots.seen]

    def _stage(self, envelopes: list[Envelope]) -> None:
        # A booking at the desk goes in one statement with its confirmation (desk.py).
        super()._stage(self.desk.write_with(envelopes))

    def commit(self) -> None:
        try:
            super().commit()
        except IntegrityError as exc:
            # A unique index caught what the lock did not (a double click on another slot).
            self.rollback()
            raise Conflict(str(exc.orig)) from exc
