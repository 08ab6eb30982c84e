"""The staff API's shapes of the one session read model (overview.py). Reads only: no events,
no writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.adapters.overview import session_overview
from services.scheduling.sessions.ports import summarise


def session_details(
    session_id: str, uow: UnitOfWork, now: datetime | None = None
) -> dict[str, Any] | None:
    """A session, its times with the places left, and how many are booked."""
    found = session_overview(session_id, uow, now)
    if found is None:
        return None
    slots = [
        {
            "slot_id": t.slot_id,
            "starts_at": t.starts_at,
            "ends_at": t.ends_at,
            "capacity": t.capacity,
            "booked": t.booked,
            "places_left": t.places_left,
            "booking_opens_at": t.booking_opens_at,
            "booking_closes_at": t.booking_closes_at,
            "cancel_by": t.cancel_by,
            "min_group_size": t.min_group_size,
            "decision_at": t.decision_at,
            "confirmed_to_run_at": t.confirmed_to_run_at,
            "below_minimum": t.below_minimum,
        }
        for t in found.times
    ]
    return {
        "session_id": found.session_id,
        "activity_id": found.activity_id,
        "activity_title": found.activity_title,
        "format": found.format,
        "location": found.location,
        "directions": found.directions,
        "access_features": list(found.access_features),
        "joining_url": found.joining_url,
        "bookings_count": sum(t.booked for t in found.times),
        "slots": slots,
    }


def session_people(session_id: str, uow: UnitOfWork) -> dict[str, Any] | None:
    """What the organisers must arrange: who is booked at each time and the help they need."""
    found = session_overview(session_id, uow)
    if found is None:
        return None
    slots = [
        {
            "slot_id": t.slot_id,
            "starts_at": t.starts_at,
            "booked": [p.participant_id for p in t.people],
            "needs": dict(t.needs),
            "needs_summary": summarise(t.needs),
        }
        for t in found.times
    ]
    return {"session_id": found.session_id, "cancelled_at": found.cancelled_at, "slots": slots}
