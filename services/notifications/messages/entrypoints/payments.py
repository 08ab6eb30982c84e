"""Payments' events (payments.payout) as what we tell people: said when it is decided, in plain
words, with a link to /pay (the consumer edge)."""

from __future__ import annotations

from typing import Any

from services.notifications.messages.commands import QueueMessage

PAY = ("pay", "/pay")
BANK = ("pay", "/pay/bank")


def _owed(
    template: str,
    data: dict[str, Any],
    cause: str,
    details: dict[str, Any],
    action: tuple[str, str] = PAY,
    asked_for: bool = False,
) -> QueueMessage:
    activity_id = data.get("activity_id")
    return QueueMessage(
        str(data["participant_id"]),
        template,
        cause,
        details,
        activity_id=str(activity_id) if activity_id else None,
        asked_for=asked_for,
        action=action,
    )


def payment_approved(data: dict[str, Any], pay_url: str, cause_event_id: str) -> QueueMessage:
    starts = data.get("session_starts_at")  # None: a claim entered by hand, or an expense
    details = {
        "amount_pence": data["amount_pence"],
        "choice": data.get("choice"),
        "pay_url": pay_url,
        "session_starts_at": starts.isoformat() if starts else None,
        # Part of a session: the message says why the fee is less ("45 of 60 minutes").
        "minutes_attended": data.get("minutes_attended"),
        "session_minutes": data.get("session_minutes"),
    }
    return _owed("payment_approved", data, cause_event_id, details)


def expense_claim_submitted(
    data: dict[str, Any], pay_url: str, cause_event_id: str
) -> QueueMessage:
    """Their expenses claim reached us (sent by them, or entered for them by a coordinator)."""
    details = {
        "amount_pence": data["amount_pence"],
        "by_participant": data["by_participant"],
        "pay_url": pay_url,
    }
    return _owed("expense_submitted", data, cause_event_id, details)


def payment_rejected(data: dict[str, Any], pay_url: str, cause_event_id: str) -> QueueMessage:
    details = {"rejection_reason": data["reason"], "pay_url": pay_url}
    return _owed("payment_rejected", data, cause_event_id, details)


def payment_sent(data: dict[str, Any], pay_url: str, cause_event_id: str) -> QueueMessage:
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    return _owed("payment_sent", data, cause_event_id, details)


def payment_failed(data: dict[str, Any], pay_url: str, cause_event_id: str) -> QueueMessage:
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    return _owed("payment_failed", data, cause_event_id, details)


def ask_for_bank_details(data: dict[str, Any], pay_url: str, cause_event_id: str) -> QueueMessage:
    """They chose a bank transfer on /pay: send them back to /pay/bank (never Stripe's link)."""
    details = {"pay_url": pay_url}
    return _owed("bank_details", data, cause_event_id, details, action=BANK, asked_for=True)


def ask_for_new_bank_details(
    data: dict[str, Any], pay_url: str, cause_event_id: str
) -> QueueMessage:
    """Their bank sent a payout back (BankPayoutRefused): new bank details, on /pay/bank."""
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    return _owed("bank_refused", data, cause_event_id, details, action=BANK)


def tell_of_destination_change(
    data: dict[str, Any], pay_url: str, cause_event_id: str
) -> QueueMessage:
    """Staff asked to change where they are paid (PayoutDestinationProposed): always told."""
    return _owed("payout_destination", data, cause_event_id, {"pay_url": pay_url})
