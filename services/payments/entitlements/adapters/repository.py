"""SQLAlchemy repositories of payment policies and entitlements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.adapters.seen import Seen
from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.domain.policy import PaymentPolicy
from shared.db import sqlite_write_lock


class SqlAlchemyPolicyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, activity_id: str) -> PaymentPolicy | None:
        return self.session.get(PaymentPolicy, activity_id)

    def add(self, policy: PaymentPolicy) -> None:
        self.session.add(policy)


class SqlAlchemyEntitlementRepository(Seen):
    def add(self, entitlement: Entitlement) -> None:
        self.session.add(entitlement)
        self.seen.add(entitlement)

    def get(self, entitlement_id: str, for_update: bool = False) -> Entitlement | None:
        if not for_update:
            return self._keep(self.session.get(Entitlement, entitlement_id))
        # Locked (FOR UPDATE; SQLite's write lock) and read again: an object this session
        # loaded before the lock would otherwise keep the values it had then.
        sqlite_write_lock(self.session)
        found = self.session.get(
            Entitlement, entitlement_id, with_for_update=True, populate_existing=True
        )
        return self._keep(found)

    def by_booking(self, booking_id: str) -> Entitlement | None:
        query = select(Entitlement).where(Entitlement.booking_id == booking_id)  # type: ignore[arg-type]
        return self._keep(self.session.scalars(query).first())

    def list(self, status: str | None, participant_id: str | None) -> list[Entitlement]:
        query = select(Entitlement).order_by(Entitlement.created_at)  # type: ignore[arg-type]
        if status:
            query = query.where(Entitlement.status == status)  # type: ignore[arg-type]
        if participant_id:
            query = query.where(Entitlement.participant_id == participant_id)  # type: ignore[arg-type]
        return list(self.session.scalars(query.limit(500)))
