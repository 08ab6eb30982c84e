"""The history's rules with nothing started: which event makes which line (codes, times and
amounts, never a message's words), and what the projection keeps: only people we hold, only
about organisations they signed up with; a payment's activity from its entitlement; a message
that failed for good marks its own line; the person's note trimmed and limited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from services.recruitment.history import domain
from services.recruitment.history.commands import NoteFact, SetContactNote
from services.recruitment.history.service_layer import NoteTooLong, note_fact, set_contact_note
from tests.recruitment.fakes import FakeHistory, FakeUnitOfWork

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
OURS, THEIRS = str(uuid.uuid4()), str(uuid.uuid4())
ACTIVITY, OTHER_ACTIVITY = str(uuid.uuid4()), str(uuid.uuid4())


class Activities:
    """Just enough of the activity repository: each activity's organisation."""

    def __init__(self, owners: dict[str, str]) -> None:
        self.owners = owners

    def get(self, activity_id: str) -> SimpleNamespace | None:
        owner = self.owners.get(activity_id)
        return SimpleNamespace(organisation_id=owner) if owner else None


@pytest.fixture
def world() -> tuple[FakeUnitOfWork, str]:
    person_id = str(uuid.uuid4())
    uow = FakeUnitOfWork()
    uow.participants.participants[person_id] = SimpleNamespace(id=person_id, events=[])  # type: ignore[assignment]
    uow.history = FakeHistory()  # type: ignore[attr-defined]
    uow.history.signed_up_with[person_id] = {OURS}  # type: ignore[attr-defined]
    uow.activities = Activities({ACTIVITY: OURS, OTHER_ACTIVITY: THEIRS})  # type: ignore[attr-defined]
    return uow, person_id


def test_each_event_makes_its_line() -> None:
    pid, booking = str(uuid.uuid4()), str(uuid.uuid4())
    booked = domain.fact_from(
        "BookingConfirmed",
        {
            "participant_id": pid,
            "activity_id": ACTIVITY,
            "booking_id": booking,
            "starts_at": "2026-12-08T10:30:00+00:00",
            "booked_via": "sms",
        },
        NOW,
    )
    assert booked == domain.Fact(
        pid,
        domain.BOOKED,
        NOW,
        ACTIVITY,
        booking,
        details={"starts_at": "2026-12-08T10:30:00+00:00", "booked_via": "sms"},
    )
    moved = domain.fact_from(
        "BookingConfirmed", {"participant_id": pid, "moved_from_booking_id": booking}, NOW
    )
    assert moved is not None and moved.kind == domain.MOVED
    # The old place of a move is the move's own line, not a cancellation.
    assert (
        domain.fact_from("BookingCancelled", {"participant_id": pid, "cause": "moved"}, NOW) is None
    )
    cancelled = domain.fact_from(
        "BookingCancelled",
        {
            "participant_id": pid,
            "cause": "participant",
            "cancelled_at": "2026-12-07T09:00:00+00:00",
        },
        NOW,
    )
    assert cancelled is not None and cancelled.at == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    paid = domain.fact_from(
        "PayoutSent", {"participant_id": pid, "entitlement_id": booking, "amount_pence": 2500}, NOW
    )
    assert paid is not None and paid.details == {"amount_pence": 2500} and paid.activity_id is None
    claimed = domain.fact_from(
        "ClaimSubmitted",
        {"participant_id": pid, "activity_id": ACTIVITY, "entitlement_id": booking,
         "amount_pence": 1050, "submitted_at": "2026-12-09T18:30:00+00:00"},
        NOW,
    )  # fmt: skip
    assert claimed is not None and claimed.kind == domain.EXPENSES_CLAIMED
    assert claimed.details == {"amount_pence": 1050} and claimed.activity_id == ACTIVITY
    assert domain.fact_from("ReminderDue", {"participant_id": pid}, NOW) is None


def test_a_message_keeps_how_and_when_never_its_words() -> None:
    pid = str(uuid.uuid4())
    data = {
        "participant_id": pid,
        "message_id": str(uuid.uuid4()),
        "channel": "sms",
        "template": "reminder",
        "status": "sent",
        "organisation_id": OURS,
        "body": "Hi Ann, see you at 10am",
        "to": "+447700900123",
    }
    fact = domain.fact_from("MessageSent", data, NOW)
    assert fact is not None
    assert fact.details == {"channel": "sms", "template": "reminder", "status": "sent"}
    assert fact.organisation_id == OURS
    assert "Hi Ann" not in repr(fact) and "+44" not in repr(fact)


def test_only_people_we_hold_and_organisations_they_signed_up_with(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    note_fact(NoteFact(domain.Fact(pid, domain.BOOKED, NOW, ACTIVITY)), uow)
    note_fact(NoteFact(domain.Fact(pid, domain.BOOKED, NOW, OTHER_ACTIVITY)), uow)  # not with them
    note_fact(NoteFact(domain.Fact(str(uuid.uuid4()), domain.BOOKED, NOW, ACTIVITY)), uow)  # erased
    sign_in = domain.Fact(pid, domain.MESSAGE, NOW, None, str(uuid.uuid4()))  # nobody's
    note_fact(NoteFact(sign_in), uow)
    assert [(f.kind, f.organisation_id) for f in uow.history.lines] == [(domain.BOOKED, OURS)]


def test_a_payment_takes_its_entitlements_activity(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    entitlement = str(uuid.uuid4())
    note_fact(NoteFact(domain.Fact(pid, domain.PAYMENT_DUE, NOW, ACTIVITY, entitlement)), uow)
    later = NOW + timedelta(days=1)
    note_fact(NoteFact(domain.Fact(pid, domain.PAID, later, None, entitlement)), uow)
    assert [(f.kind, f.activity_id, f.organisation_id) for f in uow.history.lines] == [
        (domain.PAYMENT_DUE, ACTIVITY, OURS),
        (domain.PAID, ACTIVITY, OURS),
    ]


def test_a_message_that_never_arrived_says_so_on_its_own_line(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    message = str(uuid.uuid4())
    sent = domain.Fact(
        pid, domain.MESSAGE, NOW, ACTIVITY, message, OURS, {"channel": "sms", "status": "sent"}
    )
    note_fact(NoteFact(sent), uow)
    note_fact(NoteFact(domain.Fact(pid, domain.MESSAGE_FAILED, NOW, ACTIVITY, message)), uow)
    [line] = uow.history.lines
    assert line.details == {"channel": "sms", "status": "not_delivered"}


def test_a_message_is_sent_until_a_receipt_says_delivered(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    text, email = str(uuid.uuid4()), str(uuid.uuid4())
    for message, channel in ((text, "sms"), (email, "email")):
        details = {"channel": channel, "status": "sent"}
        sent = domain.Fact(pid, domain.MESSAGE, NOW, ACTIVITY, message, OURS, details)
        note_fact(NoteFact(sent), uow)
    receipt = domain.fact_from(
        "MessageDelivered",
        {"participant_id": pid, "message_id": text, "activity_id": ACTIVITY,
         "organisation_id": OURS, "channel": "sms", "template": "reminder",
         "delivered_at": "2026-12-06T10:00:05+00:00"},
        NOW,
    )  # fmt: skip
    assert receipt is not None and receipt.kind == domain.MESSAGE_DELIVERED
    note_fact(NoteFact(receipt), uow)
    # The text has its receipt; the email, with none, stays only "sent".
    assert [line.details["status"] for line in uow.history.lines] == ["delivered", "sent"]


def test_a_failure_is_final_even_if_a_receipt_is_read_after_it(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    message = str(uuid.uuid4())
    sent = domain.Fact(pid, domain.MESSAGE, NOW, ACTIVITY, message, OURS, {"status": "sent"})
    note_fact(NoteFact(sent), uow)
    note_fact(NoteFact(domain.Fact(pid, domain.MESSAGE_FAILED, NOW, ACTIVITY, message)), uow)
    late = domain.Fact(pid, domain.MESSAGE_DELIVERED, NOW, ACTIVITY, message, OURS)
    note_fact(NoteFact(late), uow)  # another topic, read late
    [line] = uow.history.lines
    assert line.details["status"] == "not_delivered"


def test_the_note_is_trimmed_and_limited(world) -> None:  # type: ignore[no-untyped-def]
    uow, pid = world
    set_contact_note(
        SetContactNote(pid, "  Call after 4pm.\n\n\n\nMy daughter reads texts.  "), uow
    )
    assert uow.history.notes[pid] == "Call after 4pm.\n\nMy daughter reads texts."
    with pytest.raises(NoteTooLong):
        set_contact_note(SetContactNote(pid, "x" * 501), uow)
    set_contact_note(SetContactNote(pid, "   "), uow)  # empty takes it away
    assert pid not in uow.history.notes
