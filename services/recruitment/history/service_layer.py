"""Keeping a person's history, and their contact note."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from services.recruitment.history.commands import NoteFact, SetContactNote
from services.recruitment.history.domain import (
    BY_ENTITLEMENT,
    MESSAGE,
    MESSAGE_DELIVERED,
    MESSAGE_FAILED,
    NEEDS_CHANGED,
    NEEDS_GIVEN,
    NOTE_LIMIT,
    Fact,
    clean_note,
    status_after,
)
from shared.clock import Clock, utc_now


class NoteTooLong(ValueError):
    pass


def _organisation(fact: Fact, activity_id: str | None, uow) -> str | None:  # type: ignore[no-untyped-def]
    if fact.organisation_id is not None:
        return fact.organisation_id
    activity = uow.activities.get(activity_id) if activity_id else None
    return activity.organisation_id if activity is not None else None


def note_fact(cmd: NoteFact, uow) -> None:  # type: ignore[no-untyped-def]
    """Kept only for a person we still hold, about an organisation they signed up with: a
    late event after erasure (from everywhere or from that organisation) keeps nothing, nor
    does a message about no organisation (a sign-in link)."""
    fact = cmd.fact
    with uow:
        if uow.participants.get(fact.participant_id) is None:
            return
        activity_id = fact.activity_id
        if activity_id is None and fact.kind in BY_ENTITLEMENT:
            activity_id = uow.history.activity_of(fact.participant_id, fact.subject_id)
        organisation_id = _organisation(fact, activity_id, uow)
        if organisation_id not in uow.history.organisations_with(fact.participant_id):
            return
        if fact.kind in (MESSAGE_DELIVERED, MESSAGE_FAILED) and fact.subject_id:
            found = uow.history.message_line(fact.participant_id, fact.subject_id)
            if found is not None:  # the message's own line now says whether it reached them
                line_id, details = found
                status = status_after(fact.kind, details.get("status"))
                if status is not None:
                    uow.history.change_details(line_id, {**details, "status": status})
                    uow.commit()
                return
            status = status_after(fact.kind, None)
            fact = replace(fact, kind=MESSAGE, details={**fact.details, "status": status})
        uow.history.add(replace(fact, activity_id=activity_id, organisation_id=organisation_id))
        uow.commit()


def note_needs_given(uow, participant_id: str, needs: list[str], now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Inside the sign-up's unit of work: a new person told us the help they need."""
    if needs:
        uow.history.add(Fact(participant_id, NEEDS_GIVEN, now, details={"needs": sorted(needs)}))


def note_needs_changed(uow, participant_id: str, needs: list[str], now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Inside the caller's unit of work: the person changed the help they need."""
    uow.history.add(Fact(participant_id, NEEDS_CHANGED, now, details={"needs": sorted(needs)}))


def set_contact_note(cmd: SetContactNote, uow, clock: Clock = utc_now) -> None:  # type: ignore[no-untyped-def]
    note = clean_note(cmd.note)
    if len(note) > NOTE_LIMIT:
        raise NoteTooLong(note)
    with uow:
        uow.history.set_note(cmd.participant_id, note, clock())
        uow.commit()
