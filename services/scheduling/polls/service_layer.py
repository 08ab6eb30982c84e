"""Availability polls: create one, invite people, take their answers (web or text), close it,
and turn the best times into slots. What staff and participants read is in poll_reads.py."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.activities.service_layer import organisation_for
from services.scheduling.domain.events import (
    BookingReplyNotUnderstood,
    PollAnswered,
    PollInvited,
    PollOptionOffered,
)
from services.scheduling.polls.commands import (
    AnswerPoll,
    ClosePoll,
    CreatePoll,
    InviteToPoll,
    ScheduleFromPoll,
)
from services.scheduling.polls.domain import Poll, PollAnswer, PollRefused, read_numbers
from services.scheduling.ports import NotFound, UnitOfWork, once_more_on_conflict
from services.scheduling.sessions.domain.model import Session
from services.scheduling.sessions.domain.planning import SlotPlan
from services.scheduling.sms_dialogue import domain as dialogue
from shared.clock import Clock, utc_now

# Texts that always belong to the booking dialogue, even while a poll is waiting for an answer.
_DIALOGUE_WORDS = (dialogue.BOOK, dialogue.CHANGE, dialogue.CANCEL, dialogue.TAKE)
POLL_HINT = "choose_poll_numbers"


def create_poll(cmd: CreatePoll, uow: UnitOfWork, clock: Clock = utc_now) -> Poll:
    now = clock()
    with uow:
        organisation_id = organisation_for(cmd.activity_id, uow)  # NotFound if another's
        poll = Poll.create(
            cmd.activity_id,
            cmd.title,
            cmd.format,
            cmd.location,
            cmd.joining_url,
            list(cmd.options),
            cmd.closes_at,
            now,
            organisation_id,
        )
        uow.polls.add(poll)
        uow.commit()
        return poll


class PeopleNotFound(NotFound):
    """Some of the people to invite are not known to the poll's organisation: unknown ids and
    another organisation's people alike (404, never 403), so nobody is invited."""

    def __init__(self, missing: int, asked: int) -> None:
        was = "was" if missing == 1 else "were"
        which = "The person" if asked == 1 else f"{missing} of the {asked} people"
        super().__init__(
            f"{which} to invite {was} not found, so nobody was invited."
            " Invite only people recruitment invited to one of your organisation's activities."
        )
        self.missing = missing


def invite(cmd: InviteToPoll, uow: UnitOfWork, clock: Clock = utc_now) -> list[str]:
    """Invite each person once (PollInvited each); returns those newly invited. Only people
    recruitment invited to one of the poll's organisation's activities may be asked: if any
    other is named, PeopleNotFound and nobody is invited."""
    now, participant_ids = clock(), list(dict.fromkeys(cmd.participant_ids))
    with uow:
        poll = _poll(cmd.poll_id, uow)
        if not poll.is_open(now):
            raise PollRefused("closed", "This poll has closed.")
        known = uow.people.known_to(poll.organisation_id, participant_ids)
        missing = [p for p in participant_ids if p not in known]
        if missing:
            raise PeopleNotFound(len(missing), len(participant_ids))
        invited = []
        for participant_id in participant_ids:
            if uow.people.is_withdrawn(participant_id):
                continue  # they took back their consent to take part: nobody may ask them
            if uow.polls.invite(poll.id, participant_id, now):
                invited.append(participant_id)
                uow.events.append(_invitation(poll, participant_id))
        uow.commit()
        return invited


def people_to_ask(poll_id: str, uow: UnitOfWork) -> list[tuple[str, str | None, bool]]:
    """Whom a coordinator may ask on the poll's page, by name: everyone recruitment invited to
    one of the poll's organisation's activities who has not withdrawn. (participant id, name or
    None, already asked), named people first, in name order. NotFound: no such poll (or
    another organisation's)."""
    with uow:
        poll = _poll(poll_id, uow)
        invited = uow.people.invited_in(poll.organisation_id)
        withdrawn = uow.people.withdrawn_among(invited)
        people = [p for p in invited if p not in withdrawn]
        names = uow.names.participants(people)
        asked = set(uow.polls.invited(poll.id))
        found = [(p, names.get(p), p in asked) for p in people]
        return sorted(found, key=lambda person: (person[1] is None, person[1] or "", person[0]))


def answer(cmd: AnswerPoll, uow: UnitOfWork, clock: Clock = utc_now) -> PollAnswer:
    """Only an invited person may answer; answering again replaces the earlier answer."""
    now = clock()
    # Their first answer may race another (a double click): this one then replaces it.
    return once_more_on_conflict(
        lambda: _answer(cmd.poll_id, cmd.participant_id, cmd.choices, cmd.via, uow, now)
    )


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


def answer_by_text(
    participant_id: str,
    text: str,
    uow: UnitOfWork,
    now: datetime,
    organisation_id: str | None = None,
) -> bool:
    """Inside the SMS consumer's unit of work (the caller commits). True when the text was
    taken as an answer to their open poll (or got help with answering it); False leaves it to
    the booking dialogue: no open poll, a booking offer sent after the poll's invitation, or a
    dialogue word (BOOK, CHANGE, CANCEL BOOKING, TAKE). `organisation_id`: whose number they
    texted, so only its polls and offers count (None: any)."""
    found = uow.polls.latest_open_invitation(participant_id, now, organisation_id)
    if found is None:
        return False
    poll, invited_at = found
    offers = uow.dialogue.offers(participant_id)
    if organisation_id is not None:
        offers = [
            o for o in offers if uow.activities.organisation_of(o.activity_id) == organisation_id
        ]
    if offers and offers[0].created_at >= invited_at:
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


def close(cmd: ClosePoll, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    with uow:
        _poll(cmd.poll_id, uow).close(clock())
        uow.commit()


def schedule(cmd: ScheduleFromPoll, uow: UnitOfWork, clock: Clock = utc_now) -> Session:
    """A session with one slot per chosen option (each SlotPublished), made in the same
    transaction that marks the options as scheduled. Raises PollRefused (not an option, or
    already a session) and SessionRejected (a time no longer fits, e.g. it has passed)."""
    with uow:
        poll = uow.polls.lock(cmd.poll_id)
        if poll is None:
            raise NotFound("There is no such poll.")
        chosen = poll.options_to_schedule(list(cmd.numbers))
        session = Session.create(
            poll.activity_id,
            poll.title,
            poll.format,
            poll.location,
            cmd.access_features,
            poll.joining_url,
            [SlotPlan(o.starts_at, o.ends_at, cmd.capacity) for o in chosen],
            clock(),
            cmd.requires_approval,
            organisation_id=poll.organisation_id,  # the poll's, which is its activity's
        )
        uow.sessions.add(session)
        for option in chosen:
            option.session_id = session.id
        uow.commit()
        return session


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
