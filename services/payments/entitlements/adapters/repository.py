"""SQLAlchemy repositories of payment policies and entitlements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.adapters.scope import owned
from services.payments.adapters.seen import Seen
from services.payments.entitlements.domain.model import Entitlement
from services.payments.entitlements.domain.policy import PaymentPolicy
from shared.db import sqlite_write_lock


def in_scope(session: Session, activity_id: str, organisation_id: str | None) -> bool:
    if organisation_id is None:
        return True
    return session.execute(select(owned(activity_id, organisation_id))).scalar_one() is True


class SqlAlchemyPolicyRepository:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id

    def get(self, activity_id: str) -> PaymentPolicy | None:
        if not in_scope(self.session, activity_id, self.organisation_id):
            return None
        return self.session.get(PaymentPolicy, activity_id)

    def add(self, policy: PaymentPolicy) -> None:
        self.session.add(policy)


class SqlAlchemyEntitlementRepository(Seen):
    def add(self, entitlement: Entitlement) -> None:
        self.session.add(entitlement)
        self.seen.add(entitlement)

    def get(self, entitlement_id: str, for_update: bool = False) -> Entitlement | None:
        if not for_update:
            return self._keep(self._ours(self.session.get(Entitlement, entitlement_id)))
        # Locked (FOR UPDATE; SQLite's write lock) and read again: an object this session
        # loaded before the lock would otherwise keep the values it had then.
        sqlite_write_lock(self.session)
        found = self.session.get(
            Entitlement, entitlement_id, with_for_update=True, populate_existing=True
        )
        return self._keep(self._ours(found))

    def _ours(self, found: Entitlement | None) -> Entitlement | None:
        """Another organisation's entitlement is not found here."""
        if found is None or in_scope(self.session, found.activity_id, self.organisation_id):
            return found
        return None

    def by_booking(self, booking_id: str) -> Entitlement | None:
        query = select(Entitlement).where(Entitlement.booking_id == booking_id)  # type: ignore[arg-type]
        query = query.where(owned(Entitlement.activity_id, self.organisation_id))
        return self._keep(self.session.scalars(query).first())

    def list(self, status: str | None, participant_id: str | None) -> list[Entitlement]:
        query = select(Entitlement).order_by(Entitlement.created_at)  # type: ignore[arg-type]
        query = query.where(owned(Entitlement.activity_id, self.organisation_id))
        if status:
            query = query.where(Entitlement.status == status)  # type: ignore[arg-type]
        if participant_id:
            query = query.where(Entitlement.participant_id == participant_id)  # type: ignore[arg-type]
        return list(self.session.scalars(query.limit(500)))
