"""The polls read model (ports.PollReads) on the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.scheduling.polls.adapters import poll_reads
from services.scheduling.polls.ports import InvitedPoll, PollRow
from services.scheduling.ports import UnitOfWork


class SqlPollReads:
    def __init__(self, uows: Callable[[], UnitOfWork]) -> None:
        self._uows = uows

    def listed(self, now: datetime) -> list[PollRow]:
        return poll_reads.poll_list(self._uows(), now)

    def results(self, poll_id: str, now: datetime) -> dict[str, Any] | None:
        return poll_reads.results(poll_id, self._uows(), now)

    def invited_poll(self, poll_id: str, participant_id: str, now: datetime) -> InvitedPoll | None:
        return poll_reads.invited_poll(poll_id, participant_id, self._uows(), now)
