"""Feedback after sessions: asking those who attended, their texted replies, the web form, and
the coordinators' switch per activity."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.scheduling.domain.events import FeedbackGiven, FeedbackRequested
from services.scheduling.feedback import domain
from services.scheduling.feedback.commands import GiveFeedback, SetFeedbackAsking
from services.scheduling.feedback.domain import FeedbackRequest
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sms_dialogue import domain as dialogue
from services.scheduling.sms_dialogue.domain import Offer
from shared.clock import Clock, utc_now

DEFAULT_DELAY = timedelta(hours=1)  # after the end, so they are home before we ask
# Texts that always belong to the booking dialogue, even while feedback is awaited.
_DIALOGUE_WORDS = (dialogue.BOOK, dialogue.CHANGE, dialogue.CANCEL, dialogue.TAKE)


def ask_due(
    uow: UnitOfWork,
    now: datetime,
    delay: timedelta = DEFAULT_DELAY,
    hours: domain.Hours = domain.SENSIBLE_HOURS,
) -> int:
    """Ask everyone who attended a time that ended `delay` ago, within `hours` (UK time);
    once per booking. Returns how many were asked."""
    asked = 0
    with uow:
        for seen in uow.feedback.attended_unasked(now, delay):
            if domain.sensible_time(seen.ends_at + delay, hours) > now:
                continue  # the night: the morning's run asks them
            request = FeedbackRequest(
                seen.booking_id, seen.participant_id, seen.session_id, seen.activity_id, now
            )
            uow.feedback.add(request)
            uow.events.append(_say(request, seen.activity_title, domain.ASK, now))
            asked += 1
        uow.commit()
    return asked


def answer_by_text(
    participant_id: str, text: str, uow: UnitOfWork, now: datetime, organisation_id: str | None
) -> bool:
    """Inside the SMS consumer's unit of work (the caller commits). True when the text was
    taken as feedback: our question is the newest Chorus asked them (no booking offer or poll
    invitation since), and it is not a booking word (BOOK, CHANGE, CANCEL BOOKING, TAKE)."""
    request = uow.feedback.awaiting(participant_id, organisation_id)
    if request is None or not request.awaits_text(now):
        return False
    poll = uow.polls.latest_open_invitation(participant_id, now, organisation_id)
    offers = [
        o.created_at
        for o in uow.dialogue.offers(participant_id, limit=1)
        if _theirs(o, uow, organisation_id)
    ]
    if not domain.asked_last(request.asked_at, [poll[1] if poll else None, *offers]):
        return False
    if dialogue.understand(text).kind in _DIALOGUE_WORDS:
        return False
    step = request.reply(text, now)
    if step is not None:
        uow.events.append(_say(request, _title(request, uow), step, now))
    if step in (domain.WORDS, domain.THANKS):
        uow.events.append(_given(request, now))
    return True


def give_feedback(cmd: GiveFeedback, uow: UnitOfWork, clock: Clock = utc_now) -> FeedbackRequest:
    """The web form. Raises NotFound (not theirs) and FeedbackRefused (nothing, or 6)."""
    with uow:
        request = uow.feedback.get(cmd.request_id)
        if request is None or request.participant_id != cmd.participant_id:
            raise NotFound("There is no such question.")
        now = clock()
        request.answer_on_web(cmd.rating, cmd.words, now)
        uow.events.append(_given(request, now))
        uow.commit()
        return request


def set_asking(cmd: SetFeedbackAsking, uow: UnitOfWork, clock: Clock = utc_now) -> None:
    """Only for an activity of the organisation in scope (another's is not found)."""
    with uow:
        if not uow.feedback.is_ours(cmd.activity_id):
            raise NotFound("There is no such activity.")
        uow.feedback.set_asking(cmd.activity_id, cmd.ask, clock())
        uow.commit()


def _theirs(offer: Offer, uow: UnitOfWork, organisation_id: str | None) -> bool:
    """A booking offer counts only if it is the texted organisation's (None: any)."""
    return organisation_id is None or uow.activities.organisation_of(offer.activity_id) == (
        organisation_id
    )


def _title(request: FeedbackRequest, uow: UnitOfWork) -> str:
    session = uow.sessions.get(request.session_id)
    return session.activity_title if session is not None else "Chorus"


def _say(request: FeedbackRequest, title: str, step: str, now: datetime) -> FeedbackRequested:
    return FeedbackRequested(
        request.id,
        request.participant_id,
        request.activity_id,
        request.session_id,
        title,
        step,
        now,
    )


def _given(request: FeedbackRequest, now: datetime) -> FeedbackGiven:
    return FeedbackGiven(
        request.id,
        request.session_id,
        request.activity_id,
        request.rating,
        bool(request.words),
        request.via or "sms",
        now,
    )
