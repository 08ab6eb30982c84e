"""What the consumer edge asks of notifications, built from the events it consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


@dataclass(frozen=True)
class RecordContact:
    participant_id: str
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    large_print: bool


@dataclass(frozen=True)
class RecordActivity:
    """Staff pages show the activity's title, not its id."""

    activity_id: str
    title: str
    organisation_id: str = FIRST_ORGANISATION_ID


@dataclass(frozen=True)
class ForgetContact:
    participant_id: str


@dataclass(frozen=True)
class LeaveOrganisation:
    """ParticipantLeftOrganisation: nothing more goes to them as that organisation."""

    participant_id: str
    organisation_id: str


@dataclass(frozen=True)
class ForgetInOrganisation:
    """ErasureFromOrganisationRequested: that organisation's messages to them go."""

    participant_id: str
    organisation_id: str


@dataclass(frozen=True)
class CalendarEntry:
    """The session a message is about, so an email can hold (or cancel) a calendar entry."""

    session_id: str
    participant_id: str
    booking_id: str
    starts_at: str


@dataclass(frozen=True)
class QueueMessage:
    """Owe someone a message: the dispatcher writes it in their language, on their channels.
    `action` is (purpose, page): a link to that page is minted for each message when it is
    written (the token itself never travels on Kafka)."""

    participant_id: str
    template: str
    cause_event_id: str
    details: dict[str, Any] = field(default_factory=dict)
    activity_id: str | None = None
    channel: str | None = None
    asked_for: bool = False
    action: tuple[str, str] | None = None
    calendar: CalendarEntry | None = None


@dataclass(frozen=True)
class QueueMessages:
    """Owe several people a message each, from one event (ArrangementDone tells everyone whose
    arrangements it settled)."""

    messages: tuple[QueueMessage, ...]


@dataclass(frozen=True)
class QueueMagicLink:
    participant_id: str
    cause_event_id: str
    channel: str
    link_id: str
    purpose: str


@dataclass(frozen=True)
class WelcomeUnlessJoinedByText:
    participant_id: str
    cause_event_id: str
    by_text: bool


@dataclass(frozen=True)
class TextSignUp:
    """A question or the end of recruitment's SMS sign-up dialogue (JOIN <CODE>)."""

    dialogue_id: str
    cause_event_id: str
    language: str
    details: dict[str, Any]
    participant_id: str | None = None
    from_number: str | None = None
    activity_id: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class TellOfOutcome:
    """OutcomePublished: tell each contributor once what the activity changed, with the public
    page's address (no sign-in, so no token: short enough for a text)."""

    outcome_id: str
    activity_id: str
    participant_ids: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict)
