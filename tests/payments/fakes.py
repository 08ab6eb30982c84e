"""In-memory stand-ins for payments' ports, shared by its unit tests.

Each fake subclasses the port it stands in for (services/payments/ports.py and the features'
own ports). FakeUnitOfWork records the outbox envelopes a commit would have published, made by
the service's real event mapper (adapters/unit_of_work.announce)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self

from services.payments.adapters.unit_of_work import announce
from services.payments.choices.domain.choice import PaymentChoice
from services.payments.choices.service_layer import ChoiceRepository, Connect, ConnectUnavailable
from services.payments.domain.events import Decision, LedgerEntry
from services.payments.entitlements.domain.model import Attendance, Entitlement
from services.payments.expenses.domain.expenses import ExpenseClaim, ExpensePolicy
from services.payments.payouts.domain.accounts import AccountStatus
from services.payments.payouts.domain.payout import PayoutAttempt
from services.payments.ports import (
    Directory,
    EntitlementRepository,
    Erasures,
    OrganisationRepository,
    PayoutMetrics,
    PayoutRepository,
    PolicyRepository,
    StripeAccounts,
    StripeEvents,
    Transfers,
)
from shared.bus.unit_of_work import OutgoingEvent
from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


class FakeMetrics(PayoutMetrics):
    """Payout outcomes counted, by status."""

    def __init__(self) -> None:
        self.counted: Counter[str] = Counter()

    def count(self, status: str, n: int = 1) -> None:
        self.counted[status] += n


class FakeRepo:
    """Rows by one key (`key` names the attribute)."""

    def __init__(self, key: str) -> None:
        self.rows: dict[str, Any] = {}
        self.key = key

    def add(self, row: Any) -> None:
        self.rows[getattr(row, self.key)] = row

    def get(self, id_: str, for_update: bool = False) -> Any:
        return self.rows.get(id_)

    def find(self, **wanted: Any) -> Any:
        for row in self.rows.values():
            if all(getattr(row, k) == v for k, v in wanted.items()):
                return row
        return None


class FakePolicies(FakeRepo, PolicyRepository):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__("activity_id")


class FakeEntitlements(FakeRepo, EntitlementRepository):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__("id")

    def by_booking(self, booking_id: str) -> Entitlement | None:
        return self.find(booking_id=booking_id)

    def list(self, status: str | None, participant_id: str | None) -> list[Entitlement]:
        return [
            e
            for e in self.rows.values()
            if status in (None, e.status) and participant_id in (None, e.participant_id)
        ]


class FakeChoices(dict, ChoiceRepository):  # type: ignore[misc]
    """participant id -> their choice (nobody chose: paid by bank)."""

    def add(self, choice: PaymentChoice) -> None:
        self[choice.participant_id] = choice

    def get(self, participant_id: str) -> PaymentChoice | None:  # type: ignore[override]
        return dict.get(self, participant_id)

    def totals(self, start: datetime, end: datetime, statuses: frozenset[str]) -> dict:
        return {}


class FakeExpenses:
    """Claims and expense policies (adapters/repository.py is the real one)."""

    def __init__(self) -> None:
        self.claims: dict[str, ExpenseClaim] = {}
        self.policies: dict[str, ExpensePolicy] = {}

    def policy(self, activity_id: str) -> ExpensePolicy | None:
        return self.policies.get(activity_id)

    def by_booking(self, booking_id: str) -> str | None:
        return next((c.id for c in self.claims.values() if c.booking_id == booking_id), None)

    def add(self, claim: ExpenseClaim) -> None:
        self.claims[claim.id] = claim


class FakeConnect(Connect):
    """Stripe Connect: accounts made, links given; `fail` as when Stripe is away."""

    def __init__(self, fail: bool = False) -> None:
        self.accounts: list[str] = []
        self.fail = fail

    def create_account(self, participant_id: str) -> str:
        if self.fail:
            raise ConnectUnavailable("stripe is away")
        self.accounts.append(participant_id)
        return "acct_1Test"

    def onboarding_link(self, account_id: str, refresh_url: str, return_url: str) -> str:
        return f"https://connect.stripe.test/setup/{account_id}?back={return_url}"


class FakeAccounts(dict, StripeAccounts):  # type: ignore[misc]
    """participant id -> account id; `statuses` as Stripe's account.updated left them."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: dict[str, AccountStatus] = {}

    def set(
        self, participant_id: str, account_id: str, by: str, now: datetime, ready: bool = True
    ) -> None:
        self[participant_id] = account_id
        self.statuses[account_id] = AccountStatus(
            participant_id, account_id, ready, None if ready else False, None
        )

    def __setitem__(self, participant_id: str, account_id: str) -> None:
        super().__setitem__(participant_id, account_id)
        self.statuses.setdefault(
            account_id, AccountStatus(participant_id, account_id, True, None, None)
        )

    def ready(self, participant_id: str) -> bool:
        account = self.get(participant_id)
        return account is not None and self.statuses[account].ready

    def status_of(self, account_id: str) -> AccountStatus | None:
        return self.statuses.get(account_id)

    def save_status(self, status: AccountStatus) -> None:
        self.statuses[status.account_id] = status


class FakePayouts(FakeRepo, PayoutRepository):  # type: ignore[misc]
    def by_key(self, key: str) -> PayoutAttempt | None:
        return self.find(idempotency_key=key)

    def by_transfer(self, transfer_id: str) -> PayoutAttempt | None:
        return self.find(transfer_id=transfer_id)

    def started_between(self, since: datetime, until: datetime) -> list[str]:
        return [
            p.id
            for p in self.rows.values()
            if p.status == "started" and p.created_at >= since and p.updated_at <= until
        ]


class FakePayoutsWithWaits(FakePayouts):
    def __init__(self, key: str, accounts: FakeAccounts) -> None:
        super().__init__(key)
        self.waits: dict[str, tuple[str, str]] = {}
        self.accounts = accounts

    def wait(self, entitlement_id: str, participant_id: str, by: str, now: datetime) -> None:
        self.waits.setdefault(entitlement_id, (participant_id, by))

    def waiting(self, participant_id: str | None) -> list[tuple[str, str]]:
        return [
            (e, by)
            for e, (p, by) in self.waits.items()
            if participant_id in (None, p) and self.accounts.ready(p)
        ]

    def stop_waiting(self, entitlement_id: str) -> None:
        self.waits.pop(entitlement_id, None)


class FakeErasures(set, Erasures):  # type: ignore[misc]
    """The bare ids of people who asked to be forgotten; `in_organisations` the (participant,
    organisation) pairs erased from one. The deletes are recorded as asked for; `receipts`
    (claim's entitlement id -> receipt checksums) stands in for the receipt rows."""

    def __init__(self) -> None:
        super().__init__()
        self.in_organisations: set[tuple[str, str]] = set()
        self.links_forgotten: list[str] = []
        self.notes_blanked: list[tuple[str, str | None]] = []
        self.receipts: dict[str, list[str]] = {}

    def done(self, participant_id: str) -> bool:
        return participant_id in self

    def record(self, participant_id: str, requested_at: datetime, now: datetime) -> None:
        self.add(participant_id)

    def done_in(self, participant_id: str, organisation_id: str) -> bool:
        return (participant_id, organisation_id) in self.in_organisations

    def record_in(
        self, participant_id: str, organisation_id: str, requested_at: datetime, now: datetime
    ) -> None:
        self.in_organisations.add((participant_id, organisation_id))

    def forget_links(self, participant_id: str) -> None:
        self.links_forgotten.append(participant_id)

    def blank_notes(self, participant_id: str, organisation_id: str | None = None) -> None:
        self.notes_blanked.append((participant_id, organisation_id))

    def drop_receipts(self, entitlement_ids: list[str]) -> list[str]:
        dropped = {s for e in entitlement_ids for s in self.receipts.pop(e, [])}
        still = {s for kept in self.receipts.values() for s in kept}
        return sorted(dropped - still)


class FakeStripeEvents(StripeEvents):
    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.refusals: list[str] = []

    def first_time(self, event_id: str, event_type: str, now: datetime) -> bool:
        new = event_id not in self.seen
        self.seen.add(event_id)
        return new

    def refused(self, reason: str, now: datetime) -> None:
        self.refusals.append(reason)


class FakeStaffLinks(dict):
    """staff id -> the participant they also are."""

    def participant_of(self, staff_id: str) -> str | None:
        return self.get(staff_id)


class FakeDirectory(Directory):
    """Names, titles and attendance in dicts (the port's adapter is adapters/directory.py);
    `elsewhere`: the people and staff of another organisation than the one in scope."""

    def __init__(self) -> None:
        self.elsewhere: set[str] = set()
        self.activities: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.staff_rows: dict[str, str] = {}
        self.attendances: dict[str, dict[str, Any]] = {}
        self.organisations_of: dict[str, str] = {}

    def activity(
        self,
        activity_id: str,
        title: str,
        status: str,
        changed_at: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> None:
        self.activities[activity_id] = title
        self.organisations_of[activity_id] = organisation_id

    def organisation_of(self, activity_id: str) -> str | None:
        return self.organisations_of.get(activity_id)

    def participant_in_scope(self, participant_id: str) -> bool:
        return participant_id not in self.elsewhere

    def staff_in_scope(self, staff_id: str) -> bool:
        return staff_id not in self.elsewhere

    def participant(self, participant_id: str, preferred_name: str) -> None:
        self.people[participant_id] = preferred_name

    def forget_participant(self, participant_id: str) -> None:
        self.people.pop(participant_id, None)

    def staff(
        self,
        staff_id: str,
        name: str,
        active: bool,
        changed_at: datetime,
        roles: list[str] | None = None,
        memberships: dict[str, list[str]] | None = None,
    ) -> None:
        self.staff_rows[staff_id] = name

    def names(self, participant_ids: Iterable[str | None]) -> dict[str, str]:
        return {p: self.people[p] for p in participant_ids if p in self.people}

    def titles(self, activity_ids: Iterable[str | None]) -> dict[str, str]:
        return {a: self.activities[a] for a in activity_ids if a in self.activities}

    def staff_names(self, staff_ids: Iterable[str | None]) -> dict[str, str]:
        return {s: self.staff_rows[s] for s in staff_ids if s in self.staff_rows}

    def attended(self, attendance: Attendance, now: datetime) -> None:
        self.attendances.setdefault(attendance.booking_id, {**vars(attendance), "recorded_at": now})

    def attendance(self, booking_id: str) -> dict[str, Any] | None:
        return self.attendances.get(booking_id)

    def unclaimed(self, participant_id: str | None) -> list[dict[str, Any]]:
        return [a for a in self.attendances.values() if a["participant_id"] == participant_id]


class FakeOrganisations(OrganisationRepository):
    """The organisations projection, by id."""

    def __init__(self) -> None:
        self.kept: dict[str, Organisation] = {}

    def get(self, organisation_id: str) -> Organisation | None:
        return self.kept.get(organisation_id)

    def save(self, organisation: Organisation) -> None:
        self.kept[organisation.organisation_id] = organisation


class FakeTransfers(Transfers):
    def __init__(self, *outcomes: Exception | None) -> None:
        self.calls: list[tuple[int, str, str]] = []
        self.outcomes = list(outcomes)

    def create(self, amount_pence: int, destination: str, key: str, payout_id: str) -> str:
        self.calls.append((amount_pence, destination, key))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return "tr_" + key[-12:]


class FakeUnitOfWork:
    """Every repository in memory. A commit counts, and records in `published` what the real
    unit of work would have put in the outbox; with `fail` set it raises instead."""

    def __init__(self) -> None:
        self.directory = FakeDirectory()
        self.organisations = FakeOrganisations()
        self.staff_links = FakeStaffLinks()
        self.policies = FakePolicies()
        self.entitlements = FakeEntitlements()
        self.accounts = FakeAccounts()
        self.payouts = FakePayoutsWithWaits("id", self.accounts)
        self.stripe_events = FakeStripeEvents()
        self.choices = FakeChoices()
        self.expenses = FakeExpenses()
        self.erasures = FakeErasures()
        self.metrics = FakeMetrics()
        self.events: list[Any] = []  # raised by the service layer itself
        self.published: list[OutgoingEvent] = []
        self._sent: set[int] = set()
        self.committed = 0
        self.fail = False

    @property
    def commits(self) -> int:
        return self.committed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        if self.fail:
            raise RuntimeError("database went away")
        self.committed += 1
        self.published.extend(self._announced())

    def _announced(self) -> Iterable[OutgoingEvent]:
        sources: list[Any] = [
            *self.entitlements.rows.values(), *self.payouts.rows.values(),
            *self.choices.values(), *self.expenses.claims.values(),
        ]  # fmt: skip
        raised = [e for source in sources for e in getattr(source, "events", [])]
        for event in [*raised, *self.events]:
            # Decisions and ledger entries are stored, not announced; each event goes out once.
            if id(event) not in self._sent and not isinstance(event, (Decision, LedgerEntry)):
                self._sent.add(id(event))
                yield from announce(event)
