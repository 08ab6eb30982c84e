"""What staff read about a session: its times, places left and bookings (no events, no writes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.scheduling.domain.group_size import below_minimum
from services.scheduling.service_layer.handlers import BookingResult
from services.scheduling.service_layer.ports import UnitOfWork


def session_details(
    session_id: str, uow: UnitOfWork, now: datetime | None = None
) -> dict[str, Any] | None:
    now = now or datetime.now(UTC)
    with uow:
        session = uow.sessions.get(session_id)
        if session is None:
            return None
        slots = [
            {
                "slot_id": slot.id,
                "starts_at": slot.starts_at,
                "ends_at": slot.ends_at,
                "capacity": slot.capacity,
                "booked": len(slot.confirmed),
                "places_left": slot.places_left,
                "booking_opens_at": slot.booking_opens_at,
                "booking_closes_at": slot.booking_closes_at,
                "cancel_by": slot.cancel_by,
                "min_group_size": slot.min_group_size,
                "decision_at": slot.decision_at,
                "confirmed_to_run_at": slot.confirmed_to_run_at,
                "below_minimum": below_minimum(slot, now),
            }
            for slot in session.slots
        ]
        return {
            "session_id": session.id,
            "activity_id": session.activity_id,
            "activity_title": session.activity_title,
            "format": session.format,
            "location": session.location,
            "directions": session.directions,
            "access_features": list(session.access_features),
            "joining_url": session.joining_url,
            "bookings_count": sum(s["booked"] for s in slots),
            "slots": slots,
        }


def booking_details(result: BookingResult) -> dict[str, Any]:
    booking, slot = result.booking, result.slot
    return {
        "booking_id": booking.id,
        "session_id": booking.session_id,
        "slot_id": booking.slot_id,
        "participant_id": booking.participant_id,
        "status": booking.status,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
    }
