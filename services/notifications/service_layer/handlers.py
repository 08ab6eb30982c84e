"""Notifications' use cases driven by events: keep contacts, and note what we owe people."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.notifications.domain.model import Contact, Notification
from services.notifications.domain.staff_tasks import StaffMember
from services.notifications.service_layer.ports import UnitOfWork


def record_contact(data: dict[str, Any], uow: UnitOfWork) -> None:
    uow.contacts.save(
        Contact(
            participant_id=str(data["participant_id"]),
            preferred_name=data["preferred_name"],
            phone=data.get("phone"),
            email=data.get("email"),
            preferred_channel=data["preferred_channel"],
            language=data["language"],
            large_print="large_print" in data.get("support_needs", []),
        )
    )


def record_activity(data: dict[str, Any], uow: UnitOfWork) -> None:
    """ActivityPublished: staff pages show the activity's title, not its id."""
    uow.activity_titles.save(str(data["activity_id"]), data["title"])


def forget_contact(participant_id: str, uow: UnitOfWork) -> None:
    """Erasure: drop the contact, blank every message's address, words and error, and forget
    the texts they sent us (their number in the inbound log and the suppression list, the words
    in our outbox)."""
    contact = uow.contacts.get(participant_id)
    messages = uow.messages.for_participant(participant_id)
    numbers = {m.to for m in messages if m.channel == "sms" and m.to}
    if contact is not None and contact.phone:
        numbers.add(contact.phone)
    uow.contacts.delete(participant_id)
    uow.sign_ups.delete(participant_id)
    for message in messages:
        message.redact()
    uow.inbound.forget(participant_id, sorted(numbers))
    for number in numbers:  # Twilio keeps refusing a number that texted STOP (error 21610)
        uow.suppressions.remove(number)
    for notification in uow.notifications.for_participant(participant_id):
        if notification.status == "pending":
            notification.status = "expired"


def request_welcome(participant_id: str, cause_event_id: str, uow: UnitOfWork) -> None:
    uow.notifications.add(
        Notification(participant_id, "welcome", cause_event_id, datetime.now(UTC))
    )


def send_magic_link(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    uow.notifications.add(
        Notification(
            str(data["participant_id"]),
            "magic_link",
            cause_event_id,
            datetime.now(UTC),
            channel=data["channel"],
            link_id=str(data["link_id"]),
            link_purpose=data["purpose"],
        )
    )


def owe_about_activity(
    template: str,
    data: dict[str, Any],
    details: dict[str, Any],
    cause: str,
    uow: UnitOfWork,
    channel: str | None = None,
    asked_for: bool = False,
    action: tuple[str, str] | None = None,
) -> None:
    """`action` is (purpose, page): the message carries a link to that page, minted for each
    message when it is written (the token itself never travels on Kafka)."""
    activity_id = data.get("activity_id")
    if action is not None:
        details = {**details, "action": {"purpose": action[0], "next": action[1]}}
    uow.notifications.add(
        Notification(
            str(data["participant_id"]),
            template,
            cause,
            datetime.now(UTC),
            channel=channel,
            activity_id=str(activity_id) if activity_id else None,
            details=details,
            asked_for=asked_for,
        )
    )


def _choose_a_time(data: dict[str, Any]) -> tuple[str, str]:
    return ("book", f"/book/activities/{data['activity_id']}")


def _booking_page(data: dict[str, Any]) -> tuple[str, str]:
    return ("book", f"/book/bookings/{data['booking_id']}")


PAY = ("pay", "/pay")


def invite(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    respond_by = data.get("respond_by")
    details = {
        "activity_title": data["activity_title"],
        "respond_by": respond_by.isoformat() if respond_by else None,
        "paid": data.get("paid"),  # None (older events): say nothing about money
    }
    owe_about_activity(
        "invitation", data, details, cause_event_id, uow, action=_choose_a_time(data)
    )


def confirm_booking(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """The confirmation carries the session, so the email can hold a calendar invitation."""
    details = {
        **_calendar_entry(data),
        "activity_title": data["activity_title"],
        "ends_at": data["ends_at"].isoformat(),
        "format": data["format"],
        "location": data.get("location"),
        "joining_url": data.get("joining_url"),
    }
    # Booked by text: they are waiting for the answer, whatever the hour.
    asked_for = data.get("booked_via") == "sms"
    moved = data.get("moved_from_booking_id") is not None
    template = "booking_moved" if moved else "booking_confirmed"
    owe_about_activity(
        template,
        data,
        details,
        cause_event_id,
        uow,
        asked_for=asked_for,
        action=_booking_page(data),
    )


def _calendar_entry(data: dict[str, Any]) -> dict[str, Any]:
    """One calendar entry per person per session (they hold at most one place in it), so a
    move updates it and a cancellation removes it; the event time orders the updates."""
    return {
        "calendar_uid": f"{data['session_id']}.{data['participant_id']}",
        "calendar_sequence": int(datetime.now(UTC).timestamp()),
        "booking_id": str(data["booking_id"]),
        "starts_at": data["starts_at"].isoformat(),
    }


def offer_booking_options(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """Numbered times for the SMS booking dialogue: always by text, since they reply by text.
    An offer they did not ask for (an invitation) waits for the morning like any other text."""
    options = [
        {
            "choice": o["choice"],
            "starts_at": o["starts_at"].isoformat(),
            "location": o.get("location"),
        }
        for o in data["options"]
    ]
    details = {
        "activity_title": data["activity_title"],
        "options": options,
        "reason": data["reason"],
    }
    asked_for = data["reason"] != "invited"
    owe_about_activity(
        "booking_options", data, details, cause_event_id, uow, channel="sms", asked_for=asked_for
    )


def answer_unclear_reply(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    details = {"hint": data["hint"], "choices": data.get("choices")}
    owe_about_activity("booking_help", data, details, cause_event_id, uow, channel="sms")


def cancel_booking(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """Tell them, and take the session out of their calendar (the email's .ics cancels it)."""
    if data.get("cause") == "moved":
        return  # the new booking's message says it moved, and updates their calendar
    details = {**_calendar_entry(data), "status": "cancelled"}
    whole_session = data.get("cause") == "session_cancelled"
    template = "session_cancelled" if whole_session else "booking_cancelled"
    owe_about_activity(template, data, details, cause_event_id, uow, action=_choose_a_time(data))


def remind(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    details = {
        "activity_title": data["activity_title"],
        "starts_at": data["starts_at"].isoformat(),
        "ends_at": data["ends_at"].isoformat(),
        "location": data.get("location"),
        "joining_url": data.get("joining_url"),
    }
    owe_about_activity("reminder", data, details, cause_event_id, uow, action=_booking_page(data))


def check_in_after_no_show(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """A kind word after a no-show, never a penalty. Other outcomes need no message."""
    if data["outcome"] != "no_show":
        return
    details = {"activity_title": data.get("activity_title") or "our session"}
    owe_about_activity(
        "no_show_check_in", data, details, cause_event_id, uow, action=_choose_a_time(data)
    )


def offer_place(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """A place came free and is held for them: it must reach them while the hold lasts."""
    details = {
        "starts_at": data["starts_at"].isoformat(),
        "hold_expires_at": data["hold_expires_at"].isoformat(),
    }
    hold = ("book", f"/book/holds/{data['hold_id']}")
    owe_about_activity(
        "place_offered", data, details, cause_event_id, uow, asked_for=True, action=hold
    )


def reject_booking(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    details = {"starts_at": data["starts_at"].isoformat()}
    owe_about_activity(
        "booking_rejected", data, details, cause_event_id, uow, action=_choose_a_time(data)
    )


# Payments (payments.payout): said when it is decided, in plain words, with a link to /pay.
def payment_approved(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    starts = data.get("session_starts_at")  # None: a claim entered by hand, or an expense
    details = {
        "amount_pence": data["amount_pence"],
        "choice": data.get("choice"),
        "pay_url": pay_url,
        "session_starts_at": starts.isoformat() if starts else None,
    }
    owe_about_activity("payment_approved", data, details, cause_event_id, uow, action=PAY)


def expense_claim_submitted(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    """Their expenses claim reached us (sent by them, or entered for them by a coordinator)."""
    details = {
        "amount_pence": data["amount_pence"],
        "by_participant": data["by_participant"],
        "pay_url": pay_url,
    }
    owe_about_activity("expense_submitted", data, details, cause_event_id, uow, action=PAY)


def payment_rejected(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    details = {"rejection_reason": data["reason"], "pay_url": pay_url}
    owe_about_activity("payment_rejected", data, details, cause_event_id, uow, action=PAY)


def payment_sent(data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork) -> None:
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    owe_about_activity("payment_sent", data, details, cause_event_id, uow, action=PAY)


def payment_failed(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    owe_about_activity("payment_failed", data, details, cause_event_id, uow, action=PAY)


def ask_for_bank_details(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    """They chose a bank transfer on /pay: send them back to /pay/bank (never Stripe's link)."""
    details = {"pay_url": pay_url}
    bank = ("pay", "/pay/bank")
    owe_about_activity(
        "bank_details", data, details, cause_event_id, uow, asked_for=True, action=bank
    )


def ask_for_new_bank_details(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    """Their bank sent a payout back (BankPayoutRefused): new bank details, on /pay/bank."""
    details = {"amount_pence": data["amount_pence"], "pay_url": pay_url}
    owe_about_activity(
        "bank_refused", data, details, cause_event_id, uow, action=("pay", "/pay/bank")
    )


def tell_of_destination_change(
    data: dict[str, Any], pay_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    """Staff asked to change where they are paid (PayoutDestinationProposed): always told."""
    details = {"pay_url": pay_url}
    owe_about_activity("payout_destination", data, details, cause_event_id, uow, action=PAY)


def invite_to_poll(
    data: dict[str, Any], poll_url: str, cause_event_id: str, uow: UnitOfWork
) -> None:
    """The poll's numbered times and how to answer (the web page, or the numbers by text).
    Unasked for, so a text waits for the morning like any invitation."""
    details = {
        "activity_title": data["title"],
        "options": [
            {"choice": o["choice"], "starts_at": o["starts_at"].isoformat()}
            for o in data["options"]
        ],
        "poll_url": poll_url,
        "closes_at": data["closes_at"].isoformat(),
    }
    poll = ("book", f"/book/polls/{data['poll_id']}")
    owe_about_activity("poll_invitation", data, details, cause_event_id, uow, action=poll)


def acknowledge_poll_answer(data: dict[str, Any], cause_event_id: str, uow: UnitOfWork) -> None:
    """An answer by text is acknowledged by text ("Thanks. We have noted 1 and 3."); the web
    page says so itself."""
    if data.get("via") != "sms":
        return
    details = {"answer": list(data["choices"])}
    owe_about_activity(
        "poll_answered", data, details, cause_event_id, uow, channel="sms", asked_for=True
    )


# Staff (staff data, not participants'): the directory and the tasks they are told about.
def record_staff_member(data: dict[str, Any], uow: Any) -> None:
    uow.staff.save_member(
        StaffMember(
            str(data["staff_id"]), data["name"], data["email"], list(data["roles"]), data["active"]
        )
    )


def record_staff_task(data: dict[str, Any], uow: Any) -> None:
    """PaymentsStaffTask / SchedulingStaffTask: the latest state of each task wins."""
    uow.staff.save_task(
        {
            **{name: data.get(name) for name in STAFF_TASK_FIELDS},
            "task_id": str(data["task_id"]),
            "activity_id": str(data["activity_id"]),
            "not_for_staff_ids": [str(s) for s in data.get("not_for_staff_ids", [])],
            "changed_at": data["changed_at"],
        }
    )


STAFF_TASK_FIELDS = (
    "kind", "state", "roles", "path", "urgent", "amount_pence", "budget_pence", "booked",
    "minimum", "starts_at",
)  # fmt: skip
