"""What the panel pages show, read in one unit of work each: the coordinators' page (members by
name with their terms, meetings with who said yes or no) and a member's own page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.scheduling.panels.domain import JOINED, LONDON, NO, YES, Meeting, Membership, Panel
from services.scheduling.panels.ports import PanelUnitOfWork
from services.scheduling.ports import NotFound


@dataclass(frozen=True)
class MemberRow:
    participant_id: str
    name: str | None
    membership: Membership
    ends_soon: bool


@dataclass
class MeetingRow:
    meeting: Meeting
    yes: list[tuple[str, str | None]] = field(default_factory=list)  # (participant id, name)
    no: list[tuple[str, str | None]] = field(default_factory=list)
    waiting: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class PanelOverview:
    panel: Panel
    members: list[MemberRow]
    meetings: list[MeetingRow]


@dataclass(frozen=True)
class MyMeeting:
    meeting: Meeting
    answer: str | None


@dataclass(frozen=True)
class MyPanel:
    panel: Panel
    membership: Membership
    meetings: list[MyMeeting]  # asked to, still to come


def listed(uow: PanelUnitOfWork) -> list[Panel]:
    """The organisation's panels by name, for the sessions page."""
    with uow:
        return uow.panels.listed()


def overview(activity_id: str, uow: PanelUnitOfWork, now: datetime) -> PanelOverview:
    """NotFound: no such panel, or another organisation's."""
    with uow:
        panel = uow.panels.get(activity_id)
        if panel is None:
            raise NotFound("There is no such panel.")
        members = uow.panels.members(activity_id)
        answers = uow.panels.answers(activity_id)
        people = sorted({m.participant_id for m in members})
        names = uow.names.participants(people)
        today = now.astimezone(LONDON).date()
        rows = [
            MemberRow(
                m.participant_id,
                names.get(m.participant_id),
                m,
                m.status == JOINED and m.term.ends_soon(today),
            )
            for m in members
        ]
        rows.sort(key=lambda r: (r.name is None, r.name or "", r.participant_id))
        meetings = []
        for meeting in uow.panels.meetings(activity_id):
            row = MeetingRow(meeting)
            for participant_id, answer in sorted(answers.get(meeting.session_id, {}).items()):
                who = (participant_id, names.get(participant_id))
                {YES: row.yes, NO: row.no}.get(answer or "", row.waiting).append(who)
            meetings.append(row)
        return PanelOverview(panel, rows, meetings)


def my_panel(
    activity_id: str, participant_id: str, uow: PanelUnitOfWork, now: datetime
) -> MyPanel | None:
    """None: no such panel, or they were never invited to it."""
    with uow:
        panel = uow.panels.get(activity_id)
        member = uow.panels.member(activity_id, participant_id) if panel else None
        if panel is None or member is None:
            return None
        answers = uow.panels.answers(activity_id)
        mine = [
            MyMeeting(meeting, answers[meeting.session_id][participant_id])
            for meeting in uow.panels.meetings(activity_id)
            if meeting.starts_at > now and participant_id in answers.get(meeting.session_id, {})
        ]
        return MyPanel(panel, member, mine)
