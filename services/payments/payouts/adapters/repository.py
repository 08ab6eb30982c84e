"""SQLAlchemy repositories of payout attempts, Stripe accounts and Stripe's events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.payments.adapters.scope import owned_entitlement
from services.payments.adapters.seen import Seen
from services.payments.payouts.adapters.tables import (
    payout_waits,
    stripe_accounts,
    stripe_events,
    stripe_webhook_rejections,
)
from services.payments.payouts.domain.accounts import AccountStatus
from services.payments.payouts.domain.payout import PayoutAttempt
from shared.db import sqlite_write_lock
from shared.webhook_rejections import record_rejection

STRIPE_WEBHOOK_PATH = "/api/payments/stripe/webhook"


class SqlAlchemyPayoutRepository(Seen):
    def add(self, attempt: PayoutAttempt) -> None:
        self.session.add(attempt)
        self.seen.add(attempt)

    def get(self, payout_id: str) -> PayoutAttempt | None:
        found = self.session.get(PayoutAttempt, payout_id)
        if found is not None and self.organisation_id is not None:
            query = select(owned_entitlement(literal(found.entitlement_id), self.organisation_id))
            if self.session.execute(query).scalar_one() is not True:
                return None  # another organisation's payout: not found here
        return self._keep(found)

    def by_key(self, idempotency_key: str) -> PayoutAttempt | None:
        query = select(PayoutAttempt).where(PayoutAttempt.idempotency_key == idempotency_key)  # type: ignore[arg-type]
        return self._keep(self.session.scalars(query).first())

    def by_transfer(self, transfer_id: str) -> PayoutAttempt | None:
        query = select(PayoutAttempt).where(PayoutAttempt.transfer_id == transfer_id)  # type: ignore[arg-type]
        return self._keep(self.session.scalars(query).first())

    def sent_to(
        self, account_id: str, since: datetime | None, until: datetime
    ) -> list[PayoutAttempt]:
        """Transfers made to this connected account in (since, until]: what its next payout
        to their bank carries (Stripe pays out the balance that arrived since the last one)."""
        a = PayoutAttempt
        query = select(a).where(
            a.destination == account_id,  # type: ignore[arg-type]
            a.status.in_(("sent", "paid")),  # type: ignore[attr-defined]
            a.created_at <= until,  # type: ignore[arg-type]
        )
        if since is not None:
            query = query.where(a.created_at > since)  # type: ignore[arg-type]
        return [self._keep(found) for found in self.session.scalars(query)]  # type: ignore[misc]

    def refused_at_bank(self, account_id: str) -> list[PayoutAttempt]:
        a = PayoutAttempt
        query = select(a).where(
            a.destination == account_id,  # type: ignore[arg-type]
            a.bank_refused_code.is_not(None),  # type: ignore[attr-defined]
        )
        return [self._keep(found) for found in self.session.scalars(query)]  # type: ignore[misc]

    def started_between(self, since: datetime, until: datetime) -> list[str]:
        query = select(PayoutAttempt.id).where(  # type: ignore[call-overload]
            PayoutAttempt.status == "started",  # type: ignore[arg-type]
            PayoutAttempt.created_at >= since,  # type: ignore[arg-type]
            PayoutAttempt.updated_at <= until,  # type: ignore[arg-type]
        )
        return list(self.session.scalars(query))

    # Approved payouts asked for before the person's connected account was ready (0006).
    def wait(self, entitlement_id: str, participant_id: str, by: str, now: datetime) -> None:
        if self._waiting_row(entitlement_id):
            return  # asked before: the first request stands
        self.session.execute(
            payout_waits.insert().values(
                entitlement_id=entitlement_id, participant_id=participant_id, requested_by=by,
                requested_at=now,
            )
        )  # fmt: skip

    def _waiting_row(self, entitlement_id: str) -> bool:
        query = select(payout_waits.c.entitlement_id).where(
            payout_waits.c.entitlement_id == entitlement_id
        )
        return self.session.execute(query).first() is not None

    def waiting(self, participant_id: str | None) -> list[tuple[str, str]]:
        """(entitlement id, who asked) of waits whose person's account is ready now."""
        w, a = payout_waits.c, stripe_accounts.c
        query = (
            select(w.entitlement_id, w.requested_by)
            .join(stripe_accounts, a.participant_id == w.participant_id)
            .where(a.payouts_enabled.is_(True), a.details_submitted.is_not(False))
            .order_by(w.requested_at)
        )
        if participant_id:
            query = query.where(w.participant_id == participant_id)
        return [(row.entitlement_id, row.requested_by) for row in self.session.execute(query)]

    def stop_waiting(self, entitlement_id: str) -> None:
        self.session.execute(
            payout_waits.delete().where(payout_waits.c.entitlement_id == entitlement_id)
        )


class SqlAlchemyStripeAccounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, participant_id: str) -> str | None:
        query = select(stripe_accounts.c.account_id).where(
            stripe_accounts.c.participant_id == participant_id
        )
        return self.session.execute(query).scalar_one_or_none()

    def set(
        self, participant_id: str, account_id: str, by: str, now: datetime, ready: bool = True
    ) -> None:
        """ready=False for an account Stripe made for them: onboarding has not happened yet."""
        values = {
            "account_id": account_id, "registered_by": by, "registered_at": now,
            "payouts_enabled": ready, "details_submitted": None if ready else False,
            "status_at": None,
        }  # fmt: skip
        table = stripe_accounts
        if self.get(participant_id) is None:
            self.session.execute(table.insert().values(participant_id=participant_id, **values))
        else:
            where = table.c.participant_id == participant_id
            self.session.execute(table.update().where(where).values(**values))

    def participant_of(self, account_id: str) -> str | None:
        query = select(stripe_accounts.c.participant_id).where(
            stripe_accounts.c.account_id == account_id
        )
        return self.session.execute(query).scalars().first()

    def last_payout_paid(self, account_id: str) -> datetime | None:
        query = select(stripe_accounts.c.last_payout_paid_at).where(
            stripe_accounts.c.account_id == account_id
        )
        return self.session.execute(query).scalars().first()

    def payout_paid(self, account_id: str, at: datetime) -> None:
        table = stripe_accounts
        later = (table.c.last_payout_paid_at.is_(None)) | (table.c.last_payout_paid_at < at)
        where = (table.c.account_id == account_id) & later
        self.session.execute(table.update().where(where).values(last_payout_paid_at=at))

    def ready(self, participant_id: str) -> bool:
        status = self._status(stripe_accounts.c.participant_id == participant_id)
        return status is not None and status.ready

    def status_of(self, account_id: str) -> AccountStatus | None:
        return self._status(stripe_accounts.c.account_id == account_id, for_update=True)

    def save_status(self, status: AccountStatus) -> None:
        where = stripe_accounts.c.participant_id == status.participant_id
        self.session.execute(
            stripe_accounts.update().where(where).values(
                payouts_enabled=status.payouts_enabled,
                details_submitted=status.details_submitted, status_at=status.status_at,
            )
        )  # fmt: skip

    def _status(self, where: Any, for_update: bool = False) -> AccountStatus | None:
        query = select(stripe_accounts).where(where)
        if for_update:
            sqlite_write_lock(self.session)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        m = row._mapping
        return AccountStatus(
            m["participant_id"], m["account_id"], m["payouts_enabled"], m["details_submitted"],
            m["status_at"],
        )  # fmt: skip


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
        """Counted always; a detailed row only while the hour has few (a flood stays small)."""
        detail = stripe_webhook_rejections.insert().values(reason=reason[:200], at=now)
        record_rejection(
            self.session,
            STRIPE_WEBHOOK_PATH,
            reason,
            now,
            stripe_webhook_rejections,
            lambda: self.session.execute(detail),
        )
