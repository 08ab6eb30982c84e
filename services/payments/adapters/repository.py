"""SQLAlchemy repositories of payments."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.payments.adapters.orm import (
    stripe_accounts,
    stripe_events,
    stripe_webhook_rejections,
)
from services.payments.domain.model import Entitlement
from services.payments.domain.payout import PayoutAttempt
from services.payments.domain.policy import PaymentPolicy

T = TypeVar("T")


class _Seen:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: set[object] = set()

    def _keep(self, found: T | None) -> T | None:
        if found is not None:
            self.seen.add(found)
        return found


class SqlAlchemyPolicyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, activity_id: str) -> PaymentPolicy | None:
        return self.session.get(PaymentPolicy, activity_id)

    def add(self, policy: PaymentPolicy) -> None:
        self.session.add(policy)


class SqlAlchemyEntitlementRepository(_Seen):
    def add(self, entitlement: Entitlement) -> None:
        self.session.add(entitlement)
        self.seen.add(entitlement)

    def get(self, entitlement_id: str, for_update: bool = False) -> Entitlement | None:
        # FOR UPDATE on PostgreSQL; SQLite has one writer at a time anyway.
        return self._keep(
            self.session.get(Entitlement, entitlement_id, with_for_update=for_update or None)
        )

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


class SqlAlchemyPayoutRepository(_Seen):
    def add(self, attempt: PayoutAttempt) -> None:
        self.session.add(attempt)
        self.seen.add(attempt)

    def get(self, payout_id: str) -> PayoutAttempt | None:
        return self._keep(self.session.get(PayoutAttempt, payout_id))

    def by_key(self, idempotency_key: str) -> PayoutAttempt | None:
        query = select(PayoutAttempt).where(PayoutAttempt.idempotency_key == idempotency_key)  # type: ignore[arg-type]
        return self._keep(self.session.scalars(query).first())

    def by_transfer(self, transfer_id: str) -> PayoutAttempt | None:
        query = select(PayoutAttempt).where(PayoutAttempt.transfer_id == transfer_id)  # type: ignore[arg-type]
        return self._keep(self.session.scalars(query).first())

    def started_between(self, since: datetime, until: datetime) -> list[str]:
        query = select(PayoutAttempt.id).where(  # type: ignore[call-overload]
            PayoutAttempt.status == "started",  # type: ignore[arg-type]
            PayoutAttempt.created_at >= since,  # type: ignore[arg-type]
            PayoutAttempt.updated_at <= until,  # type: ignore[arg-type]
        )
        return list(self.session.scalars(query))


class SqlAlchemyStripeAccounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, participant_id: str) -> str | None:
        query = select(stripe_accounts.c.account_id).where(
            stripe_accounts.c.participant_id == participant_id
        )
        return self.session.execute(query).scalar_one_or_none()

    def set(self, participant_id: str, account_id: str, by: str, now: datetime) -> None:
        values = {"account_id": account_id, "registered_by": by, "registered_at": now}
        table = stripe_accounts
        if self.get(participant_id) is None:
            self.session.execute(table.insert().values(participant_id=participant_id, **values))
        else:
            where = table.c.participant_id == participant_id
            self.session.execute(table.update().where(where).values(**values))


class SqlAlchemyStripeEvents:
    def __init__(self, session: Session) -> None:
        self.session = session

    def first_time(self, event_id: str, event_type: str, now: datetime) -> bool:
        # The primary key decides, so two deliveries at the same moment still count once.
        try:
            with self.session.begin_nested():
                self.session.execute(
                    stripe_events.insert().values(
                        event_id=event_id, event_type=event_type, received_at=now
                    )
                )
        except IntegrityError:
            return False
        return True

    def refused(self, reason: str, now: datetime) -> None:
        self.session.execute(stripe_webhook_rejections.insert().values(reason=reason[:200], at=now))
