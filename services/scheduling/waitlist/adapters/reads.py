"""The waitlist read model (ports.WaitlistReads) on the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.scheduling.waitlist.adapters import my_waits
from services.scheduling.waitlist.adapters.queue import slot_waitlist
from services.scheduling.waitlist.ports import MyWait


class SqlWaitlistReads:
    def __init__(self, uows: Callable[[], Any]) -> None:
        self._uows = uows

    def queue(self, slot_id: str, now: datetime) -> dict[str, Any]:
        return slot_waitlist(slot_id, self._uows(), now)

    def hold_of(
        self, participant_id: str, hold_id: str, now: datetime
    ) -> tuple[bool, MyWait | None]:
        with self._uows() as uow:
            return my_waits.hold_of(uow.session, participant_id, hold_id, now)

    def activity_of_entry(self, entry_id: str) -> str | None:
        with self._uows() as uow:
            return my_waits.activity_of_entry(uow.session, entry_id)
