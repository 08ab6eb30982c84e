"""What the participant's expense form needs: the sessions they attended and can still claim for."""

from __future__ import annotations

from typing import Any

from services.payments.expenses.domain.expenses import ATTENDED
from services.payments.expenses.service_layer.expenses import outcome_of


def claimable_sessions(participant_id: str, uow: Any) -> list[dict[str, Any]]:
    """Newest first; each session's start (or, for older records, when attendance was noted)."""
    with uow:
        found = {
            a["booking_id"]: {
                "booking_id": a["booking_id"],
                "starts_at": a["session_starts_at"] or a["recorded_at"],
            }
            for a in uow.directory.unclaimed(participant_id)
        }
        # Fees made before attendance was kept on its own (0010).
        attended = [
            e for e in uow.entitlements.list(None, participant_id) if outcome_of(e) in ATTENDED
        ]
        claimed = uow.expenses.claimed([e.booking_id for e in attended])
        for e in attended:
            if e.booking_id not in claimed and e.booking_id not in found:
                starts = e.session_starts_at or e.created_at
                found[e.booking_id] = {"booking_id": e.booking_id, "starts_at": starts}
    return sorted(found.values(), key=lambda session: session["starts_at"], reverse=True)


def claimants(uow: Any) -> list[dict[str, Any]]:
    """Who has sessions to claim for, by name (None if never heard), for a coordinator to
    choose from; each with the starts of those sessions, newest first."""
    with uow:
        people: dict[str, list[Any]] = {}
        for a in uow.directory.unclaimed(None):
            people.setdefault(a["participant_id"], []).append(
                a["session_starts_at"] or a["recorded_at"]
            )
        names = uow.directory.names(people)
    found = [
        {"participant_id": p, "name": names.get(p), "starts": sorted(days, reverse=True)}
        for p, days in people.items()
    ]
    return sorted(found, key=lambda c: ((c["name"] or "~").casefold(), c["participant_id"]))


def name_of(participant_id: str, uow: Any) -> str | None:
    with uow:
        return uow.directory.names([participant_id]).get(participant_id)
