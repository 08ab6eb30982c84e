"""What payments' events make notifications say, in English and Welsh: the approval names the
session's day when the event carries it, and an expenses claim is acknowledged plainly."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.messages.entrypoints import payments as handlers
from services.notifications.messages.service_layer import queue_message
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements.domain.model import Approver, Attendance, Entitlement
from services.payments.entitlements.domain.policy import PaymentPolicy, default_policy

PAY = "https://chorus.example.nhs.uk/pay"
TUESDAY = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)


class Owed:
    """Catches the notification a handler owes, as notifications' unit of work would store it."""

    def __init__(self) -> None:
        self.added: list[Any] = []

    def add(self, notification: Any) -> None:
        self.added.append(notification)


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.notifications = Owed()


def said(handler: Any, data: dict[str, Any], channel: str = "sms", language: str = "en") -> str:
    uow = FakeUnitOfWork()
    queue_message(handler(data, PAY, str(uuid.uuid4())), uow, clock=lambda: TUESDAY)
    (owed,) = uow.notifications.added
    # The dispatcher mints the action's link for each message; here it is the page itself.
    action = f"{PAY}-link?next={owed.details['action']['next']}"
    context = {"name": "Dee", "language": language, "action_url": action, **owed.details}
    rendered = FileTemplates().render(owed.template, channel, language, context)
    return rendered.body


def approval(**extra: Any) -> dict[str, Any]:
    return {"entitlement_id": str(uuid.uuid4()), "participant_id": str(uuid.uuid4()),
            "amount_pence": 4250, "approval_version": 1, "approved_at": TUESDAY,
            "choice": "bank", **extra}  # fmt: skip


def test_the_approval_names_the_day_of_the_session() -> None:
    text = said(handlers.payment_approved, approval(session_starts_at=TUESDAY))
    assert "We have approved £42.50 for your time on Tuesday 1 December." in text.replace(
        "we have", "We have"
    )
    assert "It should reach your bank within 3 working days." in text
    welsh = said(handlers.payment_approved, approval(session_starts_at=TUESDAY), language="cy")
    assert "£42.50 am eich amser ar ddydd Mawrth 1 Rhagfyr" in welsh


def test_without_a_session_the_approval_still_reads_well() -> None:
    assert "approved a payment of £42.50 for you." in said(handlers.payment_approved, approval())


def test_an_expenses_claim_is_acknowledged_by_text_and_email() -> None:
    data = {"claim_id": str(uuid.uuid4()), "participant_id": str(uuid.uuid4()),
            "activity_id": str(uuid.uuid4()), "amount_pence": 890,
            "by_participant": True}  # fmt: skip
    text = said(handlers.expense_claim_submitted, data)
    assert text.startswith("Chorus: we have your expenses claim for £8.90.")
    assert "We will tell you when it is approved." in text and PAY in text
    entered = said(handlers.expense_claim_submitted, {**data, "by_participant": False}, "email")
    assert "We have made an expenses claim for you for £8.90." in entered
    assert f"{PAY}-link?next=/pay" in entered  # the email's link to their payments
    welsh = said(handlers.expense_claim_submitted, data, language="cy")
    assert "hawliad am dreuliau o £8.90" in welsh


def test_the_approval_event_carries_the_session_start() -> None:
    attendance = Attendance("b", str(uuid.uuid4()), "a", "attended", 60, 60, TUESDAY)
    policy = default_policy("a", TUESDAY)
    entitlement = Entitlement.from_attendance(attendance, policy, TUESDAY)
    assert entitlement is not None
    assert entitlement.events[-1].session_starts_at == TUESDAY  # type: ignore[attr-defined]
    coordinator = Approver(str(uuid.uuid4()), frozenset({"coordinator"}))
    entitlement.approve(coordinator, payments_settings().finance_threshold_pence, TUESDAY)
    assert entitlement.events[-1].session_starts_at == TUESDAY  # type: ignore[attr-defined]


def test_a_fee_for_part_of_a_session_says_why_it_is_less() -> None:
    attendance = Attendance("b", str(uuid.uuid4()), "a", "partly_attended", 45, 60, TUESDAY, "cora")
    policy = PaymentPolicy("a", "session", 2500, 0, False, "staff", TUESDAY)
    fee = Entitlement.from_attendance(attendance, policy, TUESDAY)
    assert fee is not None and fee.amount_pence == 1875  # pro rata, as policy.py says
    fee.approve(Approver("dai", frozenset({"coordinator"})), 10_000, TUESDAY)
    event = fee.events[-1]
    assert (event.minutes_attended, event.session_minutes) == (45, 60)  # type: ignore[attr-defined]
    data = approval(session_starts_at=TUESDAY, amount_pence=1875, minutes_attended=45,
                    session_minutes=60)  # fmt: skip
    text = said(handlers.payment_approved, data)
    assert (
        "£18.75 for your time on Tuesday 1 December (you were there for 45 of 60 minutes)" in text
    )
    welsh = said(handlers.payment_approved, data, language="cy")
    assert "(roeddech chi yno am 45 o 60 munud)" in welsh
    assert "45 of 60 minutes" in said(handlers.payment_approved, data, "email")
    # A whole session, or an amount a coordinator changed by hand: no minutes to explain it.
    changed = Entitlement.from_attendance(attendance, policy, TUESDAY)
    assert changed is not None
    changed.change_amount(Approver("dai", frozenset({"coordinator"})), 2500, "stayed on", TUESDAY)
    changed.approve(Approver("eve", frozenset({"coordinator"})), 10_000, TUESDAY)
    assert changed.events[-1].minutes_attended is None  # type: ignore[attr-defined]
    assert "minutes" not in said(handlers.payment_approved, approval(session_starts_at=TUESDAY))
