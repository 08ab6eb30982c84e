"""Notifications' tables: the events it consumes as commands, and the handler of each command.

FROM_EVENTS is the consumer edge: event type -> the command built from the event's loaded data
(None: nothing to do). A builder takes the envelope, its data and the public base URL (for the
links to /pay, /privacy and polls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.notifications.dispatch import commands as dispatching
from services.notifications.dispatch.service_layer import periodic as dispatch
from services.notifications.inbound import commands as inbound_commands
from services.notifications.inbound import service_layer as inbound
from services.notifications.messages import commands
from services.notifications.messages import service_layer as messages
from services.notifications.messages.entrypoints import bookings, panels, payments
from services.notifications.organisations import service_layer as organisations
from services.notifications.organisations.commands import RecordOrganisation
from services.notifications.staff_notices import commands as staff_commands
from services.notifications.staff_notices.service_layer import handlers as staff
from shared.events.envelope import Envelope
from shared.staff_sessions import memberships_of
from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

Builder = Callable[[Envelope, dict[str, Any], str], object | None]

STAFF_TASK_FIELDS = (
    "kind", "state", "roles", "path", "urgent", "amount_pence", "budget_pence", "booked",
    "minimum", "starts_at",
)  # fmt: skip


def contact(env: Envelope, data: dict[str, Any], base: str) -> commands.RecordContact:
    return commands.RecordContact(
        participant_id=str(data["participant_id"]),
        preferred_name=data["preferred_name"],
        phone=data.get("phone"),
        email=data.get("email"),
        preferred_channel=data["preferred_channel"],
        language=data["language"],
        large_print="large_print" in data.get("support_needs", []),
    )


def staff_member(env: Envelope, data: dict[str, Any], base: str) -> object:
    return staff_commands.RecordStaffMember(
        str(data["staff_id"]),
        data["name"],
        data["email"],
        list(data["roles"]),
        data["active"],
        memberships_of(data),
    )


def organisation(env: Envelope, data: dict[str, Any], base: str) -> RecordOrganisation:
    return RecordOrganisation(Organisation.from_event(data))


def staff_task(env: Envelope, data: dict[str, Any], base: str) -> object:
    return staff_commands.RecordStaffTask(
        task_id=str(data["task_id"]),
        activity_id=str(data["activity_id"]),
        changed_at=data["changed_at"],
        not_for_staff_ids=[str(s) for s in data.get("not_for_staff_ids", [])],
        facts={name: data.get(name) for name in STAFF_TASK_FIELDS},
    )


def sign_up_text(env: Envelope, data: dict[str, Any], base: str) -> commands.TextSignUp:
    """SignUpQuestionAsked / SignUpReplied: recruitment's SMS sign-up dialogue, by text."""
    details = {
        "sign_up": data.get("question") or data["outcome"],
        "problem": data.get("problem"),
        "activity_title": data.get("activity_title") or "Chorus",
        "code": data.get("code"),
        "privacy_url": f"{base}/privacy",
    }
    return commands.TextSignUp(
        dialogue_id=str(data["dialogue_id"]),
        cause_event_id=env.id,
        language=data["language"],
        details=details,
        participant_id=str(data["participant_id"]) if data.get("participant_id") else None,
        from_number=data.get("from_number") or None,
        activity_id=str(data["activity_id"]) if data.get("activity_id") else None,
        outcome=data.get("outcome"),
    )


def outcome(env: Envelope, data: dict[str, Any], base: str) -> commands.TellOfOutcome:
    """OutcomePublished: the public page's address goes in the text (no sign-in needed)."""
    return commands.TellOfOutcome(
        outcome_id=str(data["outcome_id"]),
        activity_id=str(data["activity_id"]),
        participant_ids=tuple(str(p) for p in data["participant_ids"]),
        details={
            "activity_title": data["activity_title"],
            "outcome_title": data["outcome_title"],
            "status": data["status"],
            "outcomes_url": f"{base}{data['page_path']}",
        },
    )


def _about(build: Callable[[dict[str, Any], str], object | None]) -> Builder:
    return lambda env, data, base: build(data, env.id)


def _pay(build: Callable[[dict[str, Any], str, str], object]) -> Builder:
    return lambda env, data, base: build(data, f"{base}/pay", env.id)


FROM_EVENTS: dict[str, Builder] = {
    "ContactDetailsChanged": contact,
    "ActivityPublished": lambda env, data, base: commands.RecordActivity(
        str(data["activity_id"]),
        data["title"],
        str(data.get("organisation_id") or FIRST_ORGANISATION_ID),  # older events lack it
    ),
    "StaffProfileChanged": staff_member,
    "OrganisationChanged": organisation,
    "PaymentsStaffTask": staff_task,
    "SchedulingStaffTask": staff_task,
    "MagicLinkIssued": lambda env, data, base: commands.QueueMagicLink(
        str(data["participant_id"]), env.id, data["channel"], str(data["link_id"]), data["purpose"]
    ),
    "ParticipantSignedUp": lambda env, data, base: commands.WelcomeUnlessJoinedByText(
        str(data["participant_id"]), env.id, by_text=data["sign_up_channel"] == "sms"
    ),
    "ParticipantLeftOrganisation": lambda env, data, base: commands.LeaveOrganisation(
        str(data["participant_id"]), str(data["organisation_id"])
    ),
    "ErasureFromOrganisationRequested": lambda env, data, base: commands.ForgetInOrganisation(
        str(data["participant_id"]), str(data["organisation_id"])
    ),
    "SignUpQuestionAsked": sign_up_text,
    "SignUpReplied": sign_up_text,
    "ParticipantInvited": _about(bookings.invite),
    "OutcomePublished": outcome,  # "you said, we did": each contributor, once
    "BookingConfirmed": _about(bookings.confirm_booking),
    "BookingCancelled": _about(bookings.tell_of_cancelled_booking),
    "ReminderDue": _about(bookings.remind),
    "PlaceOffered": _about(bookings.offer_place),
    "BookingRejected": _about(bookings.reject_booking),
    "AttendanceRecorded": _about(bookings.check_in_after_no_show),
    "BookingOptionsOffered": _about(bookings.offer_booking_options),
    "BookingReplyNotUnderstood": _about(bookings.answer_unclear_reply),
    "PollInvited": lambda env, data, base: bookings.invite_to_poll(
        data, f"{base}/book/polls/{data['poll_id']}", env.id
    ),
    "PollAnswered": _about(bookings.acknowledge_poll_answer),
    "ArrangementDone": _about(bookings.tell_of_arrangements),  # once all theirs are settled
    "FeedbackRequested": _about(bookings.ask_for_feedback),
    "PanelMemberInvited": _about(panels.invite_to_panel),
    "PanelMemberJoined": _about(panels.acknowledge_joining),
    "PanelMemberLeft": _about(panels.acknowledge_leaving),
    "PanelMeetingInvited": _about(panels.invite_to_meeting),
    "PanelMeetingAnswered": _about(panels.acknowledge_meeting_answer),
    "ClaimApproved": _pay(payments.payment_approved),
    "ClaimSubmitted": _pay(payments.expense_claim_submitted),
    "ClaimRejected": _pay(payments.payment_rejected),
    "PayoutSent": _pay(payments.payment_sent),
    "PayoutFailed": _pay(payments.payment_failed),
    "BankDetailsRequested": _pay(payments.ask_for_bank_details),
    "BankPayoutRefused": _pay(payments.ask_for_new_bank_details),
    "PayoutDestinationProposed": _pay(payments.tell_of_destination_change),
}

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    # messages: what we owe people, from what other services tell us
    commands.RecordContact: messages.record_contact,
    commands.RecordActivity: messages.record_activity,
    commands.ForgetContact: messages.forget_contact,
    commands.LeaveOrganisation: messages.leave_organisation,
    commands.ForgetInOrganisation: messages.forget_in_organisation,
    commands.QueueMessage: messages.queue_message,
    commands.QueueMessages: messages.queue_messages,
    commands.QueueMagicLink: messages.queue_magic_link,
    commands.WelcomeUnlessJoinedByText: messages.welcome_unless_joined_by_text,
    commands.TextSignUp: messages.text_sign_up,
    commands.TellOfOutcome: messages.tell_of_outcome,
    # staff notices: the directory, their tasks, their choices, and telling them
    staff_commands.RecordStaffMember: staff.record_staff_member,
    staff_commands.RecordStaffTask: staff.record_staff_task,
    staff_commands.ChooseTaskKinds: staff.choose_task_kinds,
    staff_commands.TellStaff: staff.tell_staff,
    # organisations: what recruitment says each organisation sends as
    RecordOrganisation: organisations.record_organisation,
    # inbound: Twilio's webhooks
    inbound_commands.ReceiveSms: inbound.receive_sms,
    inbound_commands.RecordDeliveryStatus: inbound.record_delivery_status,
    inbound_commands.RecordWebhookRejection: inbound.record_webhook_rejection,
    # dispatch and reconcile: the consumer process's periodic work
    dispatching.StartDispatching: dispatch.start_dispatching,
    dispatching.SendDue: dispatch.send_due,
    dispatching.RecoverInterrupted: dispatch.recover_interrupted,
    dispatching.Reconcile: dispatch.reconcile,
}

# Notifications' own events are announced (the outbox), not handled here.
EVENT_HANDLERS: dict[type, list[Callable[..., Any]]] = {}
