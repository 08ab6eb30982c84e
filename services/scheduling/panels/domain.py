"""Advisory panels: an activity with members for a term, meeting again and again.

Plain rules only: a member's term, what they may answer, the monthly series of meetings in UK
time (Europe/London, so 6pm stays 6pm across the clock changes), who is asked to which meeting,
and the words a text may say (the one place they are kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, rrule, weekday

from services.scheduling.sessions.domain.booking import BookingRefused

LONDON = ZoneInfo("Europe/London")
INVITED, JOINED, DECLINED, LEFT = "invited", "joined", "declined", "left"
YES, NO = "yes", "no"
MAX_TERM_DAYS = 3 * 366  # a panel term is at most about three years
MAX_MEETINGS = 24  # one series at a time: two years of monthly meetings
RENEW_WITHIN = timedelta(days=30)  # coordinators are told this long before a term ends


MEMBERS_ONLY_MESSAGE = "This is a panel's meeting. Only its members can come."


def members_only() -> BookingRefused:
    """Every way of booking refuses a panel's meeting to anyone but its joined members."""
    return BookingRefused("members_only", MEMBERS_ONLY_MESSAGE)


class PanelRefused(ValueError):
    """A panel rule was broken; `field` is the answer it is about, `message` safe to show."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Term:
    """The days someone is a member, both included, on the UK calendar."""

    starts_on: date
    ends_on: date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise PanelRefused("ends_on", "The end of the term must be after its start.")
        if (self.ends_on - self.starts_on).days > MAX_TERM_DAYS:
            raise PanelRefused("ends_on", "A term can be up to 3 years.")

    def covers(self, moment: datetime) -> bool:
        """Whether a meeting at this moment falls within the term (its UK date)."""
        return self.starts_on <= moment.astimezone(LONDON).date() <= self.ends_on

    def ends_soon(self, today: date) -> bool:
        """The term ends within RENEW_WITHIN of today and has not ended yet."""
        return today <= self.ends_on <= today + RENEW_WITHIN


@dataclass
class Membership:
    """One person on one panel (keyed by the activity): invited, then joined or declined;
    a member may leave at any time, which is leaving the panel only, not Chorus."""

    activity_id: str
    participant_id: str
    term: Term
    invited_at: datetime
    status: str = INVITED
    answered_at: datetime | None = None
    via: str | None = None  # web or sms: how they last answered

    def join(self, now: datetime, via: str) -> bool:
        """True when this changed something (a second YES is nothing)."""
        if self.status == JOINED:
            return False
        if self.status != INVITED:
            raise PanelRefused("answer", "This invitation is no longer open.")
        self.status, self.answered_at, self.via = JOINED, now, via
        return True

    def decline(self, now: datetime, via: str) -> bool:
        if self.status == DECLINED:
            return False
        if self.status != INVITED:
            raise PanelRefused("answer", "This invitation is no longer open.")
        self.status, self.answered_at, self.via = DECLINED, now, via
        return True

    def leave(self, now: datetime, via: str) -> bool:
        if self.status in (LEFT, DECLINED):
            return False
        self.status, self.answered_at, self.via = LEFT, now, via
        return True

    def asked_to(self, meeting_starts_at: datetime) -> bool:
        """Members are asked to each meeting within their term."""
        return self.status == JOINED and self.term.covers(meeting_starts_at)


# How far ahead a member is asked about a meeting: about a month, so a monthly panel asks once a
# month and not a year's meetings at once.
ASK_AHEAD = timedelta(days=35)


def next_to_ask(
    member: Membership,
    meetings: list[Meeting],
    answers: dict[str, dict[str, str | None]],
    now: datetime,
) -> Meeting | None:
    """The meeting to ask this member about now, if any: one question at a time, so that a
    texted Y or N is about the meeting the last text named. That is the first meeting still to
    come in their term that they have not answered, once it is ASK_AHEAD away or nearer, and
    only if they have no question open (`answers`: {session id: {participant id: answer or
    None while unanswered}})."""
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        if meeting.starts_at <= now or not member.asked_to(meeting.starts_at):
            continue
        if meeting.starts_at - now > ASK_AHEAD:
            return None
        asked = answers.get(meeting.session_id, {})
        if member.participant_id not in asked:
            return meeting
        if asked[member.participant_id] is None:
            return None  # their open question comes first
    return None


@dataclass(frozen=True)
class Series:
    """'The second Tuesday of each month at 6pm': `ordinal` 1 to 4, or -1 for the last;
    `weekday` 0 (Monday) to 6; the time is UK wall-clock time."""

    ordinal: int
    weekday: int
    at: time
    minutes: int
    first_month: date  # the series starts in this month
    count: int

    def __post_init__(self) -> None:
        if self.ordinal not in (1, 2, 3, 4, -1):
            raise PanelRefused("ordinal", "Choose first, second, third, fourth or last.")
        if not 0 <= self.weekday <= 6:
            raise PanelRefused("weekday", "Choose a day of the week.")
        if not 15 <= self.minutes <= 8 * 60:
            raise PanelRefused("minutes", "A meeting lasts from 15 minutes to 8 hours.")
        if not 1 <= self.count <= MAX_MEETINGS:
            raise PanelRefused("count", f"Choose from 1 to {MAX_MEETINGS} meetings.")

    def starts(self) -> list[datetime]:
        """Each meeting's start, aware, in UTC: the same UK time whatever the season."""
        first = datetime.combine(self.first_month.replace(day=1), self.at)
        rule = rrule(
            MONTHLY, dtstart=first, count=self.count, byweekday=weekday(self.weekday, self.ordinal)
        )
        return [_utc(local) for local in rule]

    def times(self) -> list[tuple[datetime, datetime]]:
        length = timedelta(minutes=self.minutes)
        return [(start, start + length) for start in self.starts()]


def _utc(local: datetime) -> datetime:
    """A UK wall-clock time as UTC. The hour skipped in March does not exist: refused."""
    aware = local.replace(tzinfo=LONDON)
    there_and_back = aware.astimezone(ZoneInfo("UTC")).astimezone(LONDON)
    if there_and_back.replace(tzinfo=None) != local:
        raise PanelRefused("at", "That time does not exist on the day the clocks go forward.")
    return aware.astimezone(ZoneInfo("UTC"))


# What a text may say to a panel: one place for the words, English and Welsh. A bare YES never
# reaches us (Twilio and the carriers take it as opt-in), so texts ask for Y or N (IE or NA).
YES_WORDS = frozenset({"Y", "YES", "IE", "OES", "DO"})
NO_WORDS = frozenset({"N", "NO", "NA", "NAGE", "NADDO"})
_LEAVE_PANEL = re.compile(r"^\s*(LEAVE|GADAEL)\s+(PANEL)[\s.!]*$", re.IGNORECASE)


def understand(text: str) -> str | None:
    """'y', 'IE.' -> YES; 'n', 'Na' -> NO; 'LEAVE PANEL', 'gadael panel' -> LEFT; else None."""
    if _LEAVE_PANEL.match(text):
        return LEFT
    word = text.strip().rstrip(".!").upper()
    if word in YES_WORDS:
        return YES
    if word in NO_WORDS:
        return NO
    return None


def is_leave_panel(text: str) -> bool:
    """'LEAVE PANEL' is the panel's, not recruitment's LEAVE <CODE>."""
    return _LEAVE_PANEL.match(text) is not None


@dataclass
class Panel:
    """How an activity's panel meets (each meeting's session takes these)."""

    activity_id: str
    organisation_id: str
    title: str
    format: str
    location: str | None
    access_features: tuple[str, ...]
    joining_url: str | None
    created_at: datetime


@dataclass(frozen=True)
class Meeting:
    session_id: str
    activity_id: str
    slot_id: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
