"""Wiring notifications' adapters together; tests pass their own engine and settings."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import time, timedelta

from sqlalchemy import Engine

from services.notifications.adapters.calendar import session_invite
from services.notifications.adapters.orm import start_mappers
from services.notifications.adapters.outbox_senders import (
    email_sender,
    sms_sender,
    twilio_configured,
)
from services.notifications.adapters.templates import FileTemplates
from services.notifications.adapters.twilio_history import TwilioSentMessages
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.service_layer import handlers, sign_up_texts
from services.notifications.service_layer.dispatch import Dispatcher
from services.notifications.service_layer.leases import DispatchLease
from services.notifications.service_layer.ports import Templates
from services.notifications.service_layer.reconcile import Reconciler
from services.notifications.service_layer.staff_notices import StaffNotices
from shared import participant_sessions, staff_sessions
from shared.bus.consumer import Subscription
from shared.config import Settings
from shared.db import make_session_factory
from shared.events.envelope import Envelope
from shared.magic_links import link_url, message_link_url
from shared.periodic import every
from shared.processes import ConsumerWiring

GROUP = "notifications"


def uow_factory(engine: Engine) -> Callable[[], NotificationsUnitOfWork]:
    start_mappers()
    sessions = make_session_factory(engine)
    return lambda: NotificationsUnitOfWork(sessions)


def subscription(public_base_url: str = "", templates: Templates | None = None) -> Subscription:
    pay, privacy = f"{public_base_url}/pay", f"{public_base_url}/privacy"
    words = templates or FileTemplates()

    def sign_up(env: Envelope, data: dict, uow: NotificationsUnitOfWork) -> None:
        sign_up_texts.text_sign_up(data, env.id, uow, words, privacy)

    return Subscription(
        group=GROUP,
        topics=[
            "recruitment.participant",
            "recruitment.contact",
            "recruitment.magic-link",
            "recruitment.invitation",
            "recruitment.sms-dialogue",
            "scheduling.booking",
            staff_sessions.TOPIC,
            "payments.payout",
            "recruitment.activity",
            "recruitment.staff-profile",
            "payments.staff-task",
            "scheduling.staff-task",
        ],
        handlers={
            **staff_sessions.HANDLERS,
            **participant_sessions.HANDLERS,
            "ContactDetailsChanged": lambda env, data, uow: handlers.record_contact(data, uow),
            "ActivityPublished": lambda env, data, uow: handlers.record_activity(data, uow),
            "StaffProfileChanged": lambda env, data, uow: handlers.record_staff_member(data, uow),
            "PaymentsStaffTask": lambda env, data, uow: handlers.record_staff_task(data, uow),
            "SchedulingStaffTask": lambda env, data, uow: handlers.record_staff_task(data, uow),
            "MagicLinkIssued": lambda env, data, uow: handlers.send_magic_link(data, env.id, uow),
            "ParticipantSignedUp": lambda env, data, uow: (
                sign_up_texts.welcome_unless_joined_by_text(data, env.id, uow)
            ),
            # The SMS sign-up dialogue (recruitment): its questions and how it ended, by text.
            "SignUpQuestionAsked": sign_up,
            "SignUpReplied": sign_up,
            "ParticipantInvited": lambda env, data, uow: handlers.invite(data, env.id, uow),
            "BookingConfirmed": lambda env, data, uow: handlers.confirm_booking(data, env.id, uow),
            "BookingCancelled": lambda env, data, uow: handlers.cancel_booking(data, env.id, uow),
            "ReminderDue": lambda env, data, uow: handlers.remind(data, env.id, uow),
            "PlaceOffered": lambda env, data, uow: handlers.offer_place(data, env.id, uow),
            "BookingRejected": lambda env, data, uow: handlers.reject_booking(data, env.id, uow),
            "AttendanceRecorded": lambda env, data, uow: handlers.check_in_after_no_show(
                data, env.id, uow
            ),
            "BookingOptionsOffered": lambda env, data, uow: handlers.offer_booking_options(
                data, env.id, uow
            ),
            "BookingReplyNotUnderstood": lambda env, data, uow: handlers.answer_unclear_reply(
                data, env.id, uow
            ),
            "PollInvited": lambda env, data, uow: handlers.invite_to_poll(
                data, f"{public_base_url}/book/polls/{data['poll_id']}", env.id, uow
            ),
            "PollAnswered": lambda env, data, uow: handlers.acknowledge_poll_answer(
                data, env.id, uow
            ),
            "ClaimApproved": lambda env, data, uow: handlers.payment_approved(
                data, pay, env.id, uow
            ),
            "ClaimSubmitted": lambda env, data, uow: handlers.expense_claim_submitted(
                data, pay, env.id, uow
            ),
            "ClaimRejected": lambda env, data, uow: handlers.payment_rejected(
                data, pay, env.id, uow
            ),
            "PayoutSent": lambda env, data, uow: handlers.payment_sent(data, pay, env.id, uow),
            "PayoutFailed": lambda env, data, uow: handlers.payment_failed(data, pay, env.id, uow),
            "BankDetailsRequested": lambda env, data, uow: handlers.ask_for_bank_details(
                data, pay, env.id, uow
            ),
            "BankPayoutRefused": lambda env, data, uow: handlers.ask_for_new_bank_details(
                data, pay, env.id, uow
            ),
            "PayoutDestinationProposed": lambda env, data, uow: handlers.tell_of_destination_change(
                data, pay, env.id, uow
            ),
        },
        tombstones={"recruitment.contact": handlers.forget_contact},
    )


def _clock_time(text: str) -> time:
    """'08:00' -> 08:00 UK time (the staff digest's hour)."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def wire_consumer(settings: Settings, engine: Engine) -> ConsumerWiring:
    uows = uow_factory(engine)

    def link(link_id: str, purpose: str | None) -> str:
        # Rebuilt here from the event's ids: the token itself never travels on Kafka.
        return link_url(settings.public_base_url, settings.secret_key, link_id, purpose or "me")

    def action_link(participant_id: str, purpose: str, channel: str, page: str) -> str:
        return message_link_url(
            settings.public_base_url, settings.secret_key, participant_id, purpose, channel, page
        )

    templates = FileTemplates()
    # How long a silent dispatcher is taken for alive (its heartbeat comes every third of it).
    lease = timedelta(seconds=float(os.environ.get("NOTIFICATIONS_DISPATCH_LEASE_SECONDS", "30")))
    dispatcher = Dispatcher(
        uows,
        templates,
        sms_sender(settings),
        email_sender(settings),
        links=link,
        quiet_hours=QuietHours.parse(settings.sms_quiet_hours),
        sms_per_second=settings.sms_per_second,
        invites=session_invite,
        batch=50,
        concurrency=8,
        action_links=action_link,
        lease=DispatchLease(uows, lease=lease),
    )
    dispatch = every(0.2, lambda: dispatcher.run_for(1.0))
    recover = every(lease.total_seconds() / 2, dispatcher.recover_interrupted)
    staff = StaffNotices(
        uows,
        templates,
        email_sender(settings),
        settings.public_base_url,
        digest_at=_clock_time(os.environ.get("NOTIFICATIONS_STAFF_DIGEST_AT", "08:00")),
    )
    tell_staff = every(5, staff.tick)
    reconcile = (
        every(10, Reconciler(uows, TwilioSentMessages(settings)).tick)
        if twilio_configured(settings)
        else lambda: None  # the development outbox never times out
    )

    def idle() -> None:
        recover()  # a dead instance's messages, once its lease has lapsed
        dispatch()
        reconcile()  # a text Twilio never got is requeued and goes on the next dispatch tick
        tell_staff()

    return ConsumerWiring(
        subscription=subscription(settings.public_base_url, templates),
        uow_factory=uows,
        on_idle=idle,
        on_start=dispatcher.start,
    )
