"""A person's choice to hear (or not) what activities changed, without leaving anything."""

from __future__ import annotations

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.outcomes.commands import ChooseOutcomeUpdates
from services.recruitment.participants.ports import UnitOfWork


def choose(cmd: ChooseOutcomeUpdates, uow: UnitOfWork) -> None:
    """From their own page; the texted NO UPDATES runs inside the consumer's unit of work."""
    with uow:
        person = uow.participants.get(cmd.participant_id)
        if person is None:
            raise NotFound(cmd.participant_id)
        person.choose_outcome_updates(cmd.wanted)
        uow.commit()
