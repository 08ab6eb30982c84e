"""What the organisers must arrange for a session: who is booked and the help they need."""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.scheduling.service_layer.ports import UnitOfWork

# Plain words for each need, as "N <words>"; the order is the order to read them in.
NEED_WORDS = {
    "step_free": ("needs step-free access", "need step-free access"),
    "bsl": ("BSL interpreter", "BSL interpreters"),
    "interpreter": ("spoken language interpreter", "spoken language interpreters"),
    "hearing_loop": ("needs a hearing loop", "need a hearing loop"),
    "captions": ("needs captions", "need captions"),
    "large_print": ("needs large print", "need large print"),
    "easy_read": ("needs easy read", "need easy read"),
    "carer": ("carer attending", "carers attending"),
    "travel_help": ("needs help with travel", "need help with travel"),
    "data_or_device": ("needs data or a device to join", "need data or a device to join"),
}


def summarise(needs: Counter[str]) -> str:
    """'2 need step-free access, 1 BSL interpreter, 1 carer attending'."""
    parts = [
        f"{needs[code]} {one if needs[code] == 1 else many}"
        for code, (one, many) in NEED_WORDS.items()
        if needs[code]
    ]
    return ", ".join(parts) or "Nobody has told us of any needs."


def session_people(session_id: str, uow: UnitOfWork) -> dict[str, Any] | None:
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            return None
        slots = []
        for slot in session.slots:
            people = [b.participant_id for b in slot.confirmed]
            needs = uow.needs.count(people)
            slots.append(
                {
                    "slot_id": slot.id,
                    "starts_at": slot.starts_at,
                    "booked": people,
                    "needs": dict(needs),
                    "needs_summary": summarise(needs),
                }
            )
        return {
            "session_id": session.id,
            "cancelled_at": session.cancelled_at,
            "slots": slots,
        }
