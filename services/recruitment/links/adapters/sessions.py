"""Read models the app's session checks ask (shared.auth): is a participant still with us,
and is the number or inbox a link goes to within its per-recipient limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.auth import GONE
from shared.send_limits import PER_RECIPIENT, SendLimits


def sessions_valid_after(participant_id: str, uow: Any) -> datetime | None:
    """For require_participant: when their sessions became valid; GONE once erased."""
    with uow:
        person = uow.participants.get(participant_id)
        return GONE if person is None else person.sessions_ended_at


class PerRecipientLimit:
    """The links' port RecipientLimit on the shared sending limits (PER_RECIPIENT)."""

    def __init__(self, limits: SendLimits) -> None:
        self._limits = limits

    def allows(self, address: str, now: datetime) -> bool:
        return self._limits.take(PER_RECIPIENT, address, now).allowed
