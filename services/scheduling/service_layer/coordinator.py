"""What a coordinator decides on the /book/manage pages: running a time below its minimum group
size anyway. What they read is the one read model in session_views.py."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduling.domain import group_size
from services.scheduling.domain.model import Slot
from services.scheduling.service_layer.handlers import NotFound
from services.scheduling.service_layer.ports import UnitOfWork


def run_anyway(session_id: str, slot_id: str, uow: UnitOfWork, now: datetime | None = None) -> Slot:
    """The coordinator runs a time below its minimum group size with the people booked."""
    with uow:
        slot = uow.slots.lock(slot_id)
        if slot is None or slot.session_id != session_id:
            raise NotFound("There is no such time.")
        group_size.run_anyway(slot, now or datetime.now(UTC))
        uow.commit()
        return slot
