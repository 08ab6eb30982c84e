"""Facts the scheduling domain records; adapters decide how each is announced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SlotPublished:
    slot_id: str
    session_id: str
    activity_id: str
    format: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_opens_at: datetime
    booking_closes_at: datetime


@dataclass(frozen=True)
class BookingConfirmed:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None
    joining_url: str | None
    booked_via: str  # web, sms or coordinator
    moved_from_booking_id: str | None = None  # set when this booking replaces another


@dataclass(frozen=True)
class BookingCancelled:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    starts_at: datetime
    cancelled_at: datetime
    cause: str = "participant"  # participant | organiser | session_cancelled


@dataclass(frozen=True)
class BookingOption:
    choice: int
    slot_id: str
    starts_at: datetime
    format: str
    location: str | None


@dataclass(frozen=True)
class BookingOptionsOffered:
    offer_id: str
    participant_id: str
    activity_id: str
    activity_title: str
    options: list[BookingOption]
    reason: str  # asked | invited | changed | expired | full
    expires_at: datetime


@dataclass(frozen=True)
class BookingReplyNotUnderstood:
    participant_id: str
    activity_id: str | None
    hint: str  # choose_a_number | nothing_to_book | nothing_to_cancel | too_late_to_cancel
    choices: int | None = None


@dataclass(frozen=True)
class AttendanceRecorded:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    outcome: str
    minutes_attended: int
    session_minutes: int
    session_starts_at: datetime
    recorded_by: str
    recorded_at: datetime
    activity_title: str | None = None


@dataclass(frozen=True)
class ReminderDue:
    booking_id: str
    participant_id: str
    activity_id: str
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None
    joining_url: str | None
    hours_before: int


@dataclass(frozen=True)
class WaitlistJoined:
    entry_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    joined_at: datetime
    position: int  # 1 = first in line


@dataclass(frozen=True)
class PlaceOffered:
    hold_id: str  # the waitlist entry; accepting it books the place
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    starts_at: datetime
    offered_at: datetime
    hold_expires_at: datetime


@dataclass(frozen=True)
class BookingRejected:
    booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    slot_id: str
    starts_at: datetime
    rejected_at: datetime


@dataclass(frozen=True)
class SessionCancelled:
    session_id: str
    activity_id: str
    first_starts_at: datetime
    cancelled_at: datetime
    late: bool  # within the late-cancellation window: payments' policy may still pay
    booking_ids: list[str]


@dataclass(frozen=True)
class BookingMoved:
    from_booking_id: str
    to_booking_id: str
    participant_id: str
    activity_id: str
    session_id: str
    from_slot_id: str
    to_slot_id: str
    moved_at: datetime


# Availability polls (polls/domain.py).


@dataclass(frozen=True)
class PollOptionOffered:
    choice: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class PollInvited:
    poll_id: str
    participant_id: str
    activity_id: str
    title: str
    format: str
    location: str | None
    options: list[PollOptionOffered]
    closes_at: datetime


@dataclass(frozen=True)
class PollAnswered:
    poll_id: str
    participant_id: str
    activity_id: str
    choices: list[int]  # empty: none of the times suit them
    via: str  # web | sms
    answered_at: datetime


@dataclass(frozen=True)
class StaffTaskChanged:
    """Something a coordinator must act on, opened or done (staff_tasks/domain.py). Ids and
    counts only: the page at `path` shows who."""

    task_id: str
    kind: str  # session_below_minimum | hold_expired
    state: str  # open | done
    activity_id: str
    path: str
    urgent: bool
    starts_at: datetime
    changed_at: datetime
    roles: tuple[str, ...] = ("coordinator", "admin")
    booked: int | None = None
    minimum: int | None = None

    def data(self) -> dict[str, object]:
        """The SchedulingStaffTask contract's fields."""
        return {
            "task_id": self.task_id,
            "kind": self.kind,
            "state": self.state,
            "activity_id": self.activity_id,
            "roles": list(self.roles),
            "path": self.path,
            "urgent": self.urgent,
            "not_for_staff_ids": [],
            "amount_pence": None,
            "budget_pence": None,
            "booked": self.booked,
            "minimum": self.minimum,
            "starts_at": self.starts_at,
            "changed_at": self.changed_at,
        }


# Arrangements (arrangements/domain.py): keyed by session.


@dataclass(frozen=True)
class SettledFor:
    """Someone whose every arrangement at the time is now settled: they can be told."""

    booking_id: str
    participant_id: str
    done: list[str]  # arrangement kinds
    not_possible: list[str]
    update: bool = False  # they were told before, and what changed is said as an update


@dataclass(frozen=True)
class ArrangementDone:
    task_id: str
    session_id: str
    slot_id: str
    activity_id: str
    kind: str
    outcome: str  # done | not_possible
    count: int
    starts_at: datetime
    settled_at: datetime
    settled_for: list[SettledFor]


@dataclass(frozen=True)
class FeedbackRequested:
    """Ask them (step "ask", by their own channel, with a link to the form) or, in a texted
    dialogue, the next thing to say (rating_again, words, thanks: by text)."""

    request_id: str
    participant_id: str
    activity_id: str
    session_id: str
    activity_title: str
    step: str
    asked_at: datetime


@dataclass(frozen=True)
class FeedbackGiven:
    """Someone answered (or added to their answer): the rating, if any; never their words or
    who they are."""

    feedback_id: str
    session_id: str
    activity_id: str
    rating: int | None
    with_words: bool
    via: str
    given_at: datetime
