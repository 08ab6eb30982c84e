"""Payments' unit of work: repositories, the audit log, the ledger and the outbox, together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from services.payments.adapters.orm import audit_log, ledger_entries
from services.payments.adapters.repository import (
    SqlAlchemyEntitlementRepository,
    SqlAlchemyPayoutRepository,
    SqlAlchemyPolicyRepository,
    SqlAlchemyStripeAccounts,
    SqlAlchemyStripeEvents,
)
from services.payments.domain.events import (
    ClaimApproved,
    ClaimRejected,
    Decision,
    EntitlementCreated,
    LedgerEntry,
    PayoutFailed,
    PayoutSent,
)
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork


def announce(event: object) -> Iterator[OutgoingEvent]:
    # Keyed by participant so one person's payments stay in order.
    match event:
        case EntitlementCreated() | ClaimApproved() | ClaimRejected():
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case PayoutSent() | PayoutFailed():
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")


class PaymentsUnitOfWork(SqlAlchemyUnitOfWork):
    policies: SqlAlchemyPolicyRepository
    entitlements: SqlAlchemyEntitlementRepository
    payouts: SqlAlchemyPayoutRepository
    accounts: SqlAlchemyStripeAccounts
    stripe_events: SqlAlchemyStripeEvents

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="payments", mapper=announce)

    def _start(self) -> None:
        self.policies = SqlAlchemyPolicyRepository(self.session)
        self.entitlements = SqlAlchemyEntitlementRepository(self.session)
        self.payouts = SqlAlchemyPayoutRepository(self.session)
        self.accounts = SqlAlchemyStripeAccounts(self.session)
        self.stripe_events = SqlAlchemyStripeEvents(self.session)

    def _seen(self) -> Iterable[Any]:
        return [*self.entitlements.seen, *self.payouts.seen]

    def commit(self) -> None:
        # Decisions and ledger entries go to their append-only tables; the rest is announced.
        for source in self._seen():
            public = []
            for event in source.events:
                if isinstance(event, Decision):
                    self.session.execute(audit_log.insert().values(**asdict(event)))
                elif isinstance(event, LedgerEntry):
                    self.session.execute(ledger_entries.insert().values(**asdict(event)))
                else:
                    public.append(event)
            source.events[:] = public
        super().commit()
