"""What the participant's expense form needs: the sessions they attended and can still claim for."""

from __future__ import annotations

from typing import Any

from services.payments.domain.expenses import ATTENDED
from services.payments.service_layer.expenses import outcome_of


def claimable_sessions(participant_id: str, uow: Any) -> list[dict[str, Any]]:
    """Newest first; each session's start (or, for older records, when attendance was noted)."""
    with uow:
        attended = [
            e for e in uow.entitlements.list(None, participant_id) if outcome_of(e) in ATTENDED
        ]
        claimed = uow.expenses.claimed([e.booking_id for e in attended])
        found = [
            {"booking_id": e.booking_id, "starts_at": e.session_starts_at or e.created_at}
            for e in attended
            if e.booking_id not in claimed
        ]
    return sorted(found, key=lambda session: session["starts_at"], reverse=True)
