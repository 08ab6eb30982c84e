"""Payments' unit of work: repositories, the audit log, the ledger and the outbox, together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from services.payments.adapters.metrics import PrometheusPayoutMetrics
from services.payments.adapters.orm import audit_log, ledger_entries
from services.payments.choices.adapters.repository import SqlAlchemyChoices
from services.payments.choices.domain.choice import BankDetailsRequested
from services.payments.console.adapters.repository import SqlAlchemyConsole
from services.payments.destinations.adapters import SqlAlchemyDestinations
from services.payments.destinations.domain import DestinationProposed
from services.payments.domain.events import (
    BankPayoutRefused,
    BudgetWarning,
    ClaimApproved,
    ClaimRejected,
    ClaimSubmitted,
    Decision,
    EntitlementCreated,
    LedgerEntry,
    PayoutFailed,
    PayoutSent,
)
from services.payments.domain.tasks import StaffTask, budget_task, claim_tasks
from services.payments.entitlements.adapters.repository import (
    SqlAlchemyEntitlementRepository,
    SqlAlchemyPolicyRepository,
)
from services.payments.expenses.adapters.repository import SqlAlchemyExpenseRepository
from services.payments.payouts.adapters.repository import (
    SqlAlchemyPayoutRepository,
    SqlAlchemyStripeAccounts,
    SqlAlchemyStripeEvents,
)
from services.payments.people.adapters.directory import SqlAlchemyDirectory
from services.payments.people.adapters.erasures import SqlAlchemyErasures
from services.payments.people.adapters.staff_links import SqlAlchemyStaffLinks
from services.payments.reconcile.adapters import SqlAlchemyReconciliation
from shared.bus.unit_of_work import OutgoingEvent, SqlAlchemyUnitOfWork
from shared.organisations import SqlAlchemyOrganisations
from shared.tenancy import organisation_in_scope


def announce(event: object) -> Iterator[OutgoingEvent]:
    # Keyed by participant so one person's payments stay in order.
    match event:
        case EntitlementCreated() | ClaimApproved() | ClaimRejected():
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case PayoutSent() | PayoutFailed():
            yield (type(event).__name__, 1, event.participant_id, asdict(event))
        case DestinationProposed():
            yield ("PayoutDestinationProposed", 1, event.participant_id, asdict(event))
        case BankPayoutRefused():
            yield ("BankPayoutRefused", 1, event.participant_id, asdict(event))
        case BankDetailsRequested():
            yield ("BankDetailsRequested", 1, event.participant_id, asdict(event))
        case ClaimSubmitted():
            yield ("ClaimSubmitted", 1, event.participant_id, asdict(event))
        case StaffTask():
            yield ("PaymentsStaffTask", 1, event.task_id, asdict(event))  # keyed by task
        case BudgetWarning():
            yield ("BudgetWarning", 1, event.activity_id, asdict(event))  # keyed by activity
        case _:
            raise TypeError(f"no announcement for {type(event).__name__}")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class PaymentsUnitOfWork(SqlAlchemyUnitOfWork):
    policies: SqlAlchemyPolicyRepository
    entitlements: SqlAlchemyEntitlementRepository
    payouts: SqlAlchemyPayoutRepository
    accounts: SqlAlchemyStripeAccounts
    stripe_events: SqlAlchemyStripeEvents
    expenses: SqlAlchemyExpenseRepository
    organisations: SqlAlchemyOrganisations
    organisation_id: str | None = None  # set when each unit of work begins

    def __init__(self, session_factory: Any) -> None:
        super().__init__(session_factory, producer="payments", mapper=announce)
        self.metrics = PrometheusPayoutMetrics()

    def _start(self) -> None:
        # The signed-in staff member's organisation, if any (shared.tenancy): repositories
        # answer only its activities' rows. None outside staff requests: nothing is filtered.
        self.organisation_id = organisation_in_scope()
        scope = self.organisation_id
        self.policies = SqlAlchemyPolicyRepository(self.session, scope)
        self.entitlements = SqlAlchemyEntitlementRepository(self.session, scope)
        self.payouts = SqlAlchemyPayoutRepository(self.session, scope)
        self.accounts = SqlAlchemyStripeAccounts(self.session)
        self.stripe_events = SqlAlchemyStripeEvents(self.session)
        self.choices = SqlAlchemyChoices(self.session, scope)
        self.expenses = SqlAlchemyExpenseRepository(self.session, scope)
        self.reconciliation = SqlAlchemyReconciliation(self.session, scope)
        self.erasures = SqlAlchemyErasures(self.session)
        self.staff_links = SqlAlchemyStaffLinks(self.session)
        self.console = SqlAlchemyConsole(self.session, scope)  # read-only, for /pay/manage
        self.directory = SqlAlchemyDirectory(self.session, scope)
        self.destinations = SqlAlchemyDestinations(self.session, scope)
        self.organisations = SqlAlchemyOrganisations(self.session)

    def _seen(self) -> Iterable[Any]:
        return [
            *self.entitlements.seen,
            *self.payouts.seen,
            *self.choices.seen,
            *self.expenses.seen,
            *self.destinations.seen,
        ]

    def commit(self) -> None:
        self._watch_budgets()
        self._tell_staff()
        # Decisions and ledger entries go to their append-only tables; the rest is announced.
        for source in self._seen():
            public = []
            for event in source.events:
                if isinstance(event, Decision):
                    self.session.execute(audit_log.insert().values(**asdict(event)))
                elif isinstance(event, LedgerEntry):
                    self.session.execute(ledger_entries.insert().values(**asdict(event)))
                elif isinstance(event, ClaimApproved):
                    public.append(self._with_choice(event))
                else:
                    public.append(event)
            source.events[:] = public
        super().commit()

    def _tell_staff(self) -> None:
        # Tasks change in the same transaction as the claim or budget that changes them.
        now = datetime.now(UTC)
        for e in self.entitlements.seen:
            if _is_uuid(e.activity_id):
                e.events.extend(claim_tasks(e, self._kept_out(e), now))
        for source in self.expenses.seen:
            warnings = [w for w in source.events if isinstance(w, BudgetWarning)]
            source.events.extend(budget_task(w) for w in warnings if _is_uuid(w.activity_id))

    def _kept_out(self, e: Any) -> list[str]:
        """Four eyes: the staff member who entered the claim or changed its amount, and any who is
        its participant."""
        ids = set(self.staff_links.staff_of(e.participant_id))
        if e.created_by not in ("system", e.participant_id):
            ids.add(e.created_by)
        if e.amount_changed_by:  # who changed the amount decided it too
            ids.add(e.amount_changed_by)
        return sorted(i for i in ids if _is_uuid(i))

    def _with_choice(self, event: ClaimApproved) -> ClaimApproved:
        # The approval says how the money will reach them, so their message can say so too.
        choice = self.choices.get(event.participant_id)
        return replace(event, choice=choice.method if choice else None)

    def _watch_budgets(self) -> None:
        # An approval moves the activity's spend: warn once at 80% and once at 100% of budget.
        approved = {
            e.activity_id
            for e in self.entitlements.seen
            if any(isinstance(event, ClaimApproved) for event in e.events)
        }
        for activity_id in sorted(approved):
            budget = self.expenses.budget(activity_id, for_update=True)
            if budget is None:
                continue
            budget.observe(self.expenses.spent(activity_id), datetime.now(UTC))
            if budget.events:
                self.expenses.save_budget(budget, new=False)
