"""What people read of availability polls (no events, no writes): the coordinators' list and
results (counts with the help those who can come would need), and an invited person's view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.scheduling.arrangements.domain import venue_gaps
from services.scheduling.arrangements.venues import venue_at
from services.scheduling.polls.domain import Poll, PollAnswer
from services.scheduling.polls.ports import InvitedPoll, PollRow, PollTime
from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.ports import VenueGap, summarise

LISTED = 200  # the newest polls on the coordinators' list


def poll_list(uow: UnitOfWork, now: datetime) -> list[PollRow]:
    """The newest polls first."""
    with uow:
        return [
            PollRow(
                p.id,
                p.title,
                min(o.starts_at for o in p.options),
                len(p.options),
                p.closes_at,
                p.is_open(now),
            )
            for p in uow.polls.recent(LISTED)
        ]


def results(poll_id: str, uow: UnitOfWork, now: datetime) -> dict[str, Any] | None:
    """Per option: how many it suits, who, and the help those people would need."""
    with uow:
        poll = uow.polls.get(poll_id)
        if poll is None:
            return None
        answers = uow.polls.answers(poll.id)
        options = []
        for option in poll.options:
            people = sorted(a.participant_id for a in answers if option.number in a.choices)
            needs = uow.needs.count(people)
            options.append(
                {
                    "number": option.number,
                    "starts_at": option.starts_at,
                    "ends_at": option.ends_at,
                    "count": len(people),
                    "participants": people,
                    "needs": dict(needs),
                    "needs_summary": summarise(needs),
                    "session_id": option.session_id,
                }
            )
        return {
            "poll_id": poll.id,
            "activity_id": poll.activity_id,
            "title": poll.title,
            "format": poll.format,
            "location": poll.location,
            "joining_url": poll.joining_url,
            "closes_at": poll.closes_at,
            "status": "open" if poll.is_open(now) else "closed",
            "invited": len(uow.polls.invited(poll.id)),
            "answered": len(answers),
            "none_suit": sum(1 for a in answers if not a.choices),
            "options": options,
            **_place_check(poll, answers, uow),
        }


def _place_check(poll: Poll, answers: list[PollAnswer], uow: UnitOfWork) -> dict[str, Any]:
    """Where the poll's place is one of the organisation's venues: the needs of the people a
    time suits that it has nothing recorded for, by name ("venue_gaps"), and its name."""
    venue = venue_at(poll.location, uow.venues.listed()) if poll.format != "online" else None
    if venue is None:
        return {"venue_name": None, "venue_gaps": []}
    can_come = sorted({a.participant_id for a in answers if a.choices})
    needs, names = uow.needs.of(can_come), uow.names.participants(can_come)
    people = [(p, tuple(needs.get(p, ()))) for p in can_come]
    gaps = [
        VenueGap(p, names.get(p), need)
        for p, need in venue_gaps(people, poll.format, venue.access_features)
    ]
    gaps.sort(key=lambda g: (g.name is None, g.name or "", g.participant_id))
    return {"venue_name": venue.name, "venue_gaps": gaps}


def invited_poll(
    poll_id: str, participant_id: str, uow: UnitOfWork, now: datetime
) -> InvitedPoll | None:
    """None unless they were invited (the page is a 404 to anyone else)."""
    with uow:
        poll = uow.polls.get(poll_id)
        if poll is None or not uow.polls.is_invited(poll.id, participant_id):
            return None
        earlier = uow.polls.answer_of(poll.id, participant_id)
        return InvitedPoll(
            poll.id,
            poll.title,
            poll.format,
            poll.location,
            poll.closes_at,
            poll.is_open(now),
            [PollTime(o.number, o.starts_at, o.ends_at) for o in poll.options],
            list(earlier.choices) if earlier else None,
        )
