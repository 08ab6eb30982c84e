"""Availability polls: create one, invite people, take their answers (web or text), count them
with the help those who can come would need, close it, and turn the best times into slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.scheduling.domain import dialogue
from services.scheduling.domain.events import (
    BookingReplyNotUnderstood,
    PollAnswered,
    PollInvited,
    PollOptionOffered,
)
from services.scheduling.domain.model import Session
from services.scheduling.domain.planning import SlotPlan
from services.scheduling.domain.poll import OptionPlan, Poll, PollAnswer, PollRefused, read_numbers
from services.scheduling.service_layer import handlers
from services.scheduling.service_layer.arrangements import summarise
from services.scheduling.service_layer.commands import CreateSession
from services.scheduling.service_layer.handlers import NotFound
from services.scheduling.service_layer.ports import Conflict, UnitOfWork

# Texts that always belong to the booking dialogue, even while a poll is waiting for an answer.
_DIALOGUE_WORDS = (dialogue.BOOK, dialogue.CHANGE, dialogue.CANCEL, dialogue.TAKE)
POLL_HINT = "choose_poll_numbers"


@dataclass(frozen=True)
class CreatePoll:
    activity_id: str
    title: str
    format: str
    location: str | None
    joining_url: str | None
    options: tuple[OptionPlan, ...]
    closes_at: datetime


@dataclass(frozen=True)
class OptionView:
    number: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class PollView:
    """What an invited person sees of a poll, and what they answered last (None: not yet)."""

    poll_id: str
    title: str
    format: str
    location: str | None
    closes_at: datetime
    is_open: bool
    options: list[OptionView]
    chosen: list[int] | None


def create_poll(cmd: CreatePoll, uow: UnitOfWork, now: datetime) -> Poll:
    with uow:
        poll = Poll.create(
            cmd.activity_id,
            cmd.title,
            cmd.format,
            cmd.location,
            cmd.joining_url,
            list(cmd.options),
            cmd.closes_at,
            now,
        )
        uow.polls.add(poll)
        uow.commit()
        return poll


def invite(poll_id: str, participant_ids: list[str], uow: UnitOfWork, now: datetime) -> list[str]:
    """Invite each person once (PollInvited each); returns those newly invited."""
    with uow:
        poll = _poll(poll_id, uow)
        if not poll.is_open(now):
            raise PollRefused("closed", "This poll has closed.")
        invited = []
        for participant_id in dict.fromkeys(participant_ids):
            if uow.polls.invite(poll.id, participant_id, now):
                invited.append(participant_id)
                uow.events.append(_invitation(poll, participant_id))
        uow.commit()
        return invited


def answer(
    poll_id: str,
    participant_id: str,
    choices: frozenset[int],
    via: str,
    uow: UnitOfWork,
    now: datetime,
) -> PollAnswer:
    """Only an invited person may answer; answering again replaces the earlier answer."""
    try:
        return _answer(poll_id, participant_id, choices, via, uow, now)
    except Conflict:
        # Their first answer raced another (a double click): this one replaces it.
        return _answer(poll_id, participant_id, choices, via, uow, now)


def _answer(
    poll_id: str,
    participant_id: str,
    choices: frozenset[int],
    via: str,
    uow: UnitOfWork,
    now: datetime,
) -> PollAnswer:
    with uow:
        poll = _poll(poll_id, uow)
        if not uow.polls.is_invited(poll.id, participant_id):
            raise NotFound("There is no such poll.")
        recorded = _record(poll, participant_id, choices, via, uow, now)
        uow.commit()
        return recorded


def answer_by_text(participant_id: str, text: str, uow: UnitOfWork, now: datetime) -> bool:
    """Inside the SMS consumer's unit of work (the caller commits). True when the text was
    taken as an answer to their open poll (or got help with answering it); False leaves it to
    the booking dialogue: no open poll, a booking offer sent after the poll's invitation, or a
    dialogue word (BOOK, CHANGE, CANCEL BOOKING, TAKE)."""
    found = uow.polls.latest_open_invitation(participant_id, now)
    if found is None:
        return False
    poll, invited_at = found
    latest_offers = uow.dialogue.offers(participant_id, limit=1)
    if latest_offers and latest_offers[0].created_at >= invited_at:
        return False
    if dialogue.understand(text).kind in _DIALOGUE_WORDS:
        return False
    choices = read_numbers(text)
    try:
        if choices is None:
            raise PollRefused("unknown_option", "Reply with the numbers that suit you.")
        _record(poll, participant_id, choices, "sms", uow, now)
    except PollRefused:
        uow.events.append(
            BookingReplyNotUnderstood(
                participant_id, poll.activity_id, POLL_HINT, len(poll.options)
            )
        )
    return True


def close(poll_id: str, uow: UnitOfWork, now: datetime) -> None:
    with uow:
        _poll(poll_id, uow).close(now)
        uow.commit()


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
        }


def schedule(
    poll_id: str,
    numbers: list[int],
    capacity: int,
    access_features: tuple[str, ...],
    requires_approval: bool,
    uow: UnitOfWork,
    now: datetime,
) -> Session:
    """A session with one slot per chosen option (through create_session, which announces
    each SlotPublished). Raises SessionRejected when a time no longer fits (e.g. past)."""
    with uow:
        poll = _poll(poll_id, uow)
        chosen = [poll.option(n) for n in dict.fromkeys(numbers)]
        if not chosen or any(option is None for option in chosen):
            raise PollRefused("unknown_option", "Choose from the poll's times.")
        plans = tuple(
            SlotPlan(o.starts_at, o.ends_at, capacity)
            for o in chosen
            if o is not None  # checked above
        )
        command = CreateSession(
            activity_id=poll.activity_id,
            activity_title=poll.title,
            format=poll.format,
            location=poll.location,
            access_features=access_features,
            joining_url=poll.joining_url,
            slots=plans,
            requires_approval=requires_approval,
        )
    return handlers.create_session(command, uow, now)


def participant_view(
    poll_id: str, participant_id: str, uow: UnitOfWork, now: datetime
) -> PollView | None:
    """None unless they were invited (the page is a 404 to anyone else)."""
    with uow:
        poll = uow.polls.get(poll_id)
        if poll is None or not uow.polls.is_invited(poll.id, participant_id):
            return None
        earlier = uow.polls.answer_of(poll.id, participant_id)
        return PollView(
            poll.id,
            poll.title,
            poll.format,
            poll.location,
            poll.closes_at,
            poll.is_open(now),
            [OptionView(o.number, o.starts_at, o.ends_at) for o in poll.options],
            list(earlier.choices) if earlier else None,
        )


def _poll(poll_id: str, uow: UnitOfWork) -> Poll:
    poll = uow.polls.get(poll_id)
    if poll is None:
        raise NotFound("There is no such poll.")
    return poll


def _record(
    poll: Poll,
    participant_id: str,
    choices: frozenset[int],
    via: str,
    uow: UnitOfWork,
    now: datetime,
) -> PollAnswer:
    """Raises PollRefused before any change, so a bad answer changes nothing."""
    earlier = uow.polls.answer_of(poll.id, participant_id)
    recorded = poll.answer(participant_id, choices, earlier, now, via)
    if earlier is None:
        uow.polls.add_answer(recorded)
    uow.events.append(
        PollAnswered(poll.id, participant_id, poll.activity_id, list(recorded.choices), via, now)
    )
    return recorded


def _invitation(poll: Poll, participant_id: str) -> PollInvited:
    return PollInvited(
        poll.id,
        participant_id,
        poll.activity_id,
        poll.title,
        poll.format,
        poll.location,
        [PollOptionOffered(o.number, o.starts_at, o.ends_at) for o in poll.options],
        poll.closes_at,
    )
