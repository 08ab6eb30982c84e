"""Panels' facts, published on scheduling.booking keyed by the panel's activity (so one
panel's invitations, answers and meetings stay in order). Ids, days and times only: names and
contact details stay in recruitment and notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PanelMemberInvited:
    """Asked to be a member for a term; notifications asks them (Y or N, or the web page)."""

    activity_id: str
    participant_id: str
    title: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class PanelMemberJoined:
    activity_id: str
    participant_id: str
    via: str  # web | sms
    joined_at: datetime


@dataclass(frozen=True)
class PanelMemberLeft:
    """Declined the invitation, or left the panel (never Chorus itself)."""

    activity_id: str
    participant_id: str
    how: str  # declined | left
    via: str  # web | sms
    left_at: datetime


@dataclass(frozen=True)
class PanelMeetingScheduled:
    activity_id: str
    session_id: str
    slot_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None


@dataclass(frozen=True)
class PanelMeetingInvited:
    """A member is asked to one meeting within their term (Y or N, or the web page)."""

    activity_id: str
    session_id: str
    slot_id: str
    participant_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str | None


@dataclass(frozen=True)
class PanelMeetingAnswered:
    """Their answer to one meeting; yes is also a BookingConfirmed (the booking)."""

    activity_id: str
    session_id: str
    participant_id: str
    answer: str  # yes | no
    via: str
    answered_at: datetime


PANEL_EVENTS = (
    PanelMemberInvited,
    PanelMemberJoined,
    PanelMemberLeft,
    PanelMeetingScheduled,
    PanelMeetingInvited,
    PanelMeetingAnswered,
)
