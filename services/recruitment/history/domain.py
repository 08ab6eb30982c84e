"""The projection's rules, plain Python: which consumed event becomes which line of a
person's history, and what of it is kept (codes, times and amounts; never a message's words,
never another person)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The kinds of line, in the words' order on the page (entrypoints words them).
SIGNED_UP, CONSENT_GIVEN, CONSENT_WITHDRAWN, NEEDS_CHANGED = (
    "signed_up",
    "consent_given",
    "consent_withdrawn",
    "needs_changed",
)
# The help they need as given at sign-up (a new person's form or text), and an invitation
# sent to them (recruitment's own invitations, read as the page is shown).
NEEDS_GIVEN, INVITED = "needs_given", "invited"
# Lines about the person, not an activity: shown to every organisation they are with.
ABOUT_THE_PERSON = frozenset({NEEDS_GIVEN, NEEDS_CHANGED})
BOOKED, MOVED, CANCELLED, ATTENDANCE = "booked", "moved", "cancelled", "attendance"
PAYMENT_DUE, PAYMENT_APPROVED, PAID, PAYMENT_FAILED, EXPENSES_CLAIMED = (
    "payment_due",
    "payment_approved",
    "paid",
    "payment_failed",
    "expenses_claimed",
)
MESSAGE, MESSAGE_DELIVERED, MESSAGE_FAILED = "message", "message_delivered", "message_failed"
# A message's status on its line: "sent" (or "failed", never sent) from MessageSent, then
# "delivered" only on a carrier's receipt, "not_delivered" when it failed for good. A failure
# is final: a receipt read late (another topic) never turns it back into "delivered".
SENT, DELIVERED, NOT_DELIVERED = "sent", "delivered", "not_delivered"
# Facts about a payment that name only the entitlement: their activity is the one its
# EntitlementCreated named (the same topic, keyed by the person, so it came first).
BY_ENTITLEMENT = frozenset({PAYMENT_APPROVED, PAID, PAYMENT_FAILED})
NOTE_LIMIT = 500  # characters of the person's own contact note


@dataclass(frozen=True)
class Fact:
    """One line of a person's history, before it is known whose organisation it is about."""

    participant_id: str
    kind: str
    at: datetime
    activity_id: str | None = None
    subject_id: str | None = None  # the booking, entitlement or message it is about
    organisation_id: str | None = None  # when the event says so (a message)
    details: dict[str, Any] = field(default_factory=dict)


def _when(value: Any, fallback: datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return fallback


def _str(value: Any) -> str | None:
    return str(value) if value else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else _str(value)


def _booked(d: dict[str, Any], at: datetime) -> Fact:
    moved = bool(d.get("moved_from_booking_id"))
    return Fact(
        str(d["participant_id"]),
        MOVED if moved else BOOKED,
        at,
        _str(d.get("activity_id")),
        _str(d.get("booking_id")),
        details={"starts_at": _iso(d.get("starts_at")), "booked_via": d.get("booked_via")},
    )


def _cancelled(d: dict[str, Any], at: datetime) -> Fact | None:
    if d.get("cause") == "moved":  # the move's own line says it
        return None
    return Fact(
        str(d["participant_id"]),
        CANCELLED,
        _when(d.get("cancelled_at"), at),
        _str(d.get("activity_id")),
        _str(d.get("booking_id")),
        details={"starts_at": _iso(d.get("starts_at")), "cause": d.get("cause")},
    )


def _attendance(d: dict[str, Any], at: datetime) -> Fact:
    return Fact(
        str(d["participant_id"]),
        ATTENDANCE,
        _when(d.get("recorded_at"), at),
        _str(d.get("activity_id")),
        _str(d.get("booking_id")),
        details={
            "outcome": d.get("outcome"),
            "minutes": d.get("minutes_attended"),
            "starts_at": _iso(d.get("session_starts_at")),
        },
    )


def _payment(kind: str, time_field: str) -> Callable[[dict[str, Any], datetime], Fact]:
    def build(d: dict[str, Any], at: datetime) -> Fact:
        return Fact(
            str(d["participant_id"]),
            kind,
            _when(d.get(time_field), at),
            _str(d.get("activity_id")),
            _str(d.get("entitlement_id")),
            details={"amount_pence": d.get("amount_pence")},
        )

    return build


def _message(d: dict[str, Any], at: datetime) -> Fact:
    return Fact(
        str(d["participant_id"]),
        MESSAGE,
        _when(d.get("sent_at"), at),
        _str(d.get("activity_id")),
        _str(d.get("message_id")),
        _str(d.get("organisation_id")),
        {"channel": d.get("channel"), "template": d.get("template"), "status": d.get("status")},
    )


def _message_failed(d: dict[str, Any], at: datetime) -> Fact:
    return Fact(
        str(d["participant_id"]),
        MESSAGE_FAILED,
        _when(d.get("failed_at"), at),
        _str(d.get("activity_id")),
        _str(d.get("message_id")),
        details={"channel": d.get("channel"), "template": d.get("template")},
    )


def _message_delivered(d: dict[str, Any], at: datetime) -> Fact:
    return Fact(
        str(d["participant_id"]),
        MESSAGE_DELIVERED,
        _when(d.get("delivered_at"), at),
        _str(d.get("activity_id")),
        _str(d.get("message_id")),
        _str(d.get("organisation_id")),
        {"channel": d.get("channel"), "template": d.get("template")},
    )


def status_after(kind: str, status: str | None) -> str | None:
    """A message line's status once a receipt (MESSAGE_DELIVERED) or a failure
    (MESSAGE_FAILED) is heard; None: the line stays as it is."""
    if kind == MESSAGE_FAILED:
        return NOT_DELIVERED
    if kind == MESSAGE_DELIVERED and status != NOT_DELIVERED:
        return DELIVERED
    return None


FROM_EVENTS: dict[str, Callable[[dict[str, Any], datetime], Fact | None]] = {
    "BookingConfirmed": _booked,
    "BookingCancelled": _cancelled,
    "AttendanceRecorded": _attendance,
    "EntitlementCreated": _payment(PAYMENT_DUE, "created_at"),
    "ClaimSubmitted": _payment(EXPENSES_CLAIMED, "submitted_at"),
    "ClaimApproved": _payment(PAYMENT_APPROVED, "approved_at"),
    "PayoutSent": _payment(PAID, "sent_at"),
    "PayoutFailed": _payment(PAYMENT_FAILED, "failed_at"),
    "MessageSent": _message,
    "MessageDelivered": _message_delivered,
    "MessageDeliveryFailed": _message_failed,
}


def fact_from(event_type: str, data: dict[str, Any], occurred_at: datetime) -> Fact | None:
    """The line an event makes, or None if it makes none."""
    build = FROM_EVENTS.get(event_type)
    return build(data, occurred_at) if build else None


def clean_note(text: str) -> str:
    """The person's note as kept: trimmed, inner runs of blank lines closed up."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
