"""Staff's changes of where a participant is paid, proposed then confirmed (0011): the
repository, and the console's read model of the changes waiting for a second person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.adapters.scope import owned_participant
from services.payments.destinations.domain import DestinationChange
from shared.db import sqlite_write_lock


class SqlAlchemyDestinations:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)
        self.seen: list[DestinationChange] = []

    def add(self, change: DestinationChange) -> None:
        self.session.add(change)
        self.seen.append(change)

    def waiting(self) -> list[DestinationChange]:
        """Every change not yet confirmed, oldest first (the console's list), of the people the
        organisation in scope pays."""
        d = DestinationChange
        query = (
            select(d)
            .where(d.confirmed_at.is_(None))  # type: ignore[attr-defined]
            .where(owned_participant(d.participant_id, self.organisation_id))
            .order_by(d.proposed_at)  # type: ignore[attr-defined]
        )
        return list(self.session.scalars(query.limit(200)))

    def pending(self, participant_id: str) -> DestinationChange | None:
        """Their latest unconfirmed change, locked: two confirmations take turns."""
        sqlite_write_lock(self.session)
        d = DestinationChange
        query = (
            select(d)
            .where(d.participant_id == participant_id, d.confirmed_at.is_(None))  # type: ignore[arg-type,attr-defined]
            .order_by(d.proposed_at.desc())  # type: ignore[attr-defined]
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        found = self.session.scalars(query).first()
        if found is not None:
            self.seen.append(found)
        return found


def waiting(uow: Any) -> list[dict[str, Any]]:
    """The latest unconfirmed change for each participant, with names, for the console."""
    with uow:
        latest = {c.participant_id: c for c in uow.destinations.waiting()}  # later ones win
        people = uow.directory.names(latest)
        staff = uow.directory.staff_names(c.proposed_by for c in latest.values())
        return [
            {
                "participant_id": c.participant_id,
                "participant_name": people.get(c.participant_id),
                "account_id": c.account_id,
                "proposed_by": c.proposed_by,
                "proposed_by_name": staff.get(c.proposed_by),
                "proposed_at": c.proposed_at,
            }
            for c in sorted(latest.values(), key=lambda c: c.proposed_at)
        ]
