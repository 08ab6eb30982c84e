"""Turning what we owe people into messages, and sending them at most once each.

Sending happens outside any database transaction (sending.py): a message is marked 'sending'
(by this instance, leases.py) and committed first, so a crash mid-send leaves it 'unknown'
(never resent) instead of texting someone twice. Several instances may run: a claim takes only
rows still queued, so each message is sent by one of them.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog

from services.notifications.dispatch.domain.quiet_hours import ASKED_FOR, UK_QUIET_HOURS, QuietHours
from services.notifications.dispatch.service_layer.leases import DispatchLease
from services.notifications.dispatch.service_layer.pipeline import keep_sending, run_pipeline
from services.notifications.dispatch.service_layer.sending import Outgoing, Sending
from services.notifications.domain.model import Contact, Message, Notification
from services.notifications.domain.sending_as import SendingAs, in_words, sending_as
from services.notifications.ports import (
    EmailSender,
    SendMetrics,
    SmsSender,
    Templates,
    UncountedSends,
    UnitOfWork,
)
from shared.pages.formats import uk_phone

log = structlog.get_logger("dispatch")


# (link_id, purpose) -> the address to put in the message
LinkBuilder = Callable[[str, str | None], str]
# (participant_id, purpose, channel, page) -> a link minted for one message to one person
ActionLinkBuilder = Callable[[str, str, str, str], str]
# a session's facts (a notification's details) -> an iCalendar invitation
InviteBuilder = Callable[[dict[str, str | None]], str]


class Dispatcher:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        templates: Templates,
        sms: SmsSender,
        email: EmailSender,
        links: LinkBuilder,
        batch: int = 10,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        quiet_hours: QuietHours | None = UK_QUIET_HOURS,
        sms_per_second: int | None = None,
        invites: InviteBuilder | None = None,
        concurrency: int = 1,
        action_links: ActionLinkBuilder | None = None,
        lease: DispatchLease | None = None,
        metrics: SendMetrics | None = None,
        deployment_from: str = "",
        deployment_number: str = "",
    ) -> None:
        self._deployment_from = deployment_from  # MAIL_FROM, for an organisation's "from" name
        self._deployment_number = deployment_number  # TWILIO_FROM_NUMBER: whom people text
        self.lease = lease or DispatchLease(uow_factory, clock)
        sending = Sending(
            uow_factory, sms, email, clock, metrics or UncountedSends(), concurrency, sms_per_second
        )
        self._sending = sending
        self._pauses = sending.pauses
        self._action_links = action_links
        self._invites = invites
        self._sms_per_second = sms_per_second
        self._clock = clock
        self._quiet_hours = quiet_hours
        self._links = links
        self._uow_factory = uow_factory
        self._templates = templates
        # A claim may take a whole second's texts in one statement; run_for claims a quarter
        # of that at a time, so the next are claimed while the last are being sent.
        self._batch = max(batch, sms_per_second or 0)
        self._chunk = max(1, self._batch // 4)

    def tick(self) -> int:
        """Resolve pending notifications and send due messages; returns how many were sent."""
        self.resolve_pending()
        return self._sending.send_all(self.claim_due())

    def run_for(self, seconds: float, stop: threading.Event | None = None) -> int:
        """Work through a backlog for up to `seconds` (pipeline.py: claims and resolving go on
        while earlier sends are on their way); returns how many were sent."""
        return run_pipeline(self, self._sending, seconds, self._chunk, stop)

    def keep_sending(self, stop: threading.Event, idle_wait: float = 0.1) -> threading.Thread:
        """Send from a thread of its own, so that a burst of events to consume (a fan-out's
        invitations) never holds up sending, nor sending the consuming."""
        return keep_sending(self.run_for, stop, idle_wait)

    def start(self, stop: threading.Event | None = None, in_background: bool = False) -> None:
        """At process start: announce this instance, keep its heartbeat going, and recover
        what dead instances (never live ones) left mid-send. `in_background`: send from a
        thread of its own from now on (the consumer's way), finishing what is on its way when
        the process exits."""
        stop = stop or threading.Event()
        self.lease.heartbeat()
        heartbeat = self.lease.keep_alive(stop)
        self.recover_interrupted()
        if in_background:
            sender = self.keep_sending(stop)
            atexit.register(_finish, stop, sender, heartbeat, self.lease)

    def recover_interrupted(self) -> int:
        """Messages a dead instance was sending become unknown; run again now and then, since
        an instance may die while others run on."""
        return self.lease.recover_abandoned()

    def resolve_pending(self, limit: int | None = None) -> int:
        """Turn owed notifications into messages; returns how many were settled."""
        now, settled = self._clock(), 0
        with self._uow_factory() as uow:
            owed = uow.notifications.pending(limit or self._batch)
            # In bulk, before anything is added: a query per notification would also flush
            # the messages added so far, one INSERT at a time.
            contacts = uow.contacts.get_many(sorted({n.participant_id for n in owed}))
            # Whose activity each is about: its messages go out as that organisation.
            whose = uow.activity_titles.organisations(
                {n.activity_id for n in owed if n.activity_id}
            )
            organisations = {org: uow.organisations.get(org) for org in set(whose.values())}
            composed: list[tuple[Notification, list[Message]]] = []
            for notification in owed:
                contact = contacts.get(notification.participant_id)
                if contact is None:
                    if notification.is_overdue(now):
                        notification.status = "expired"
                        settled += 1
                    continue
                organisation = organisations.get(whose.get(notification.activity_id or ""))
                sender = sending_as(organisation, contact.language, self._deployment_from)
                try:
                    messages = [
                        self._compose(notification, contact, c, now, sender)
                        for c in notification.channels(contact)
                    ]
                except (LookupError, ValueError) as exc:
                    # One broken template must not hold up everybody else's messages.
                    log.error(
                        "dispatch.cannot_compose", notification_id=notification.id, error=repr(exc)
                    )
                    notification.status = "failed"
                    settled += 1
                    continue
                composed.append((notification, messages))
            texts = [m.stop_key for _, ms in composed for m in ms if m.channel == "sms"]
            stopped = uow.suppressions.suppressed_among(texts)
            for notification, messages in composed:
                for message in messages:
                    if message.channel == "sms" and message.stop_key in stopped:
                        message.suppressed()
                    uow.messages.add(message)
                notification.status = "resolved"
                settled += 1
            uow.commit()
        return settled

    def _compose(
        self,
        notification: Notification,
        contact: Contact,
        channel: str,
        now: datetime,
        sender: SendingAs,
    ) -> Message:
        context = {
            **in_words(notification.details, sender, channel),
            "name": contact.preferred_name,
            "text_number": self._text_number(contact, sender),
        }
        if notification.link_id:
            context["url"] = self._links(notification.link_id, notification.link_purpose)
        action = notification.details.get("action")
        if action and self._action_links:
            # Minted now, for this person and this channel: a forwarded link says whose it was.
            context["action_url"] = self._action_links(
                contact.participant_id, action["purpose"], channel, action["next"]
            )
        large_print = contact.large_print and channel == "email"
        text = self._templates.render(
            notification.template, channel, contact.language, context, large_print=large_print
        )
        calendar = ""
        if channel == "email" and self._invites and "calendar_uid" in notification.details:
            calendar = self._invites(notification.details)
        return Message(
            contact.participant_id,
            notification.id,
            notification.template,
            channel,
            contact.address(channel),
            text.subject,
            text.body,
            text.html,
            now,
            activity_id=notification.activity_id,
            calendar=calendar,
            asked_for=notification.asked_for,
            organisation_id=sender.organisation_id,
            sender=sender.sender(channel),
        )

    def _text_number(self, contact: Contact, sender: SendingAs) -> str:
        """The number an email may tell them to text ('07700 900123'): only when they have a
        mobile on file and the sender is a number (a messaging service's ID is no number to
        text). "": the email offers only the web and email ways."""
        number = sender.sms_sender or self._deployment_number
        if not contact.phone or not number.startswith("+"):
            return ""
        return uk_phone(number)

    def claim_due(self, limit: int | None = None) -> list[Outgoing]:
        with self._uow_factory() as uow:
            candidates = []
            uow.messages.lock_claims()  # the budget below is counted by one instance at a time
            now = self._clock()
            sms_budget = self._sms_budget(uow, now)
            due = uow.messages.due(now, limit or self._batch)
            texts = [m.stop_key for m in due if m.channel == "sms"]
            stopped = uow.suppressions.suppressed_among(texts)
            # One message at a time to each address, oldest first: a welcome sent alongside an
            # invitation could arrive after it, so the next waits until the one before has gone.
            busy = uow.messages.sending_to(sorted({m.to for m in due}))
            for message in due:
                if self._pauses.paused(message.channel, now):
                    continue  # its provider is unavailable: it waits, queued
                if message.channel == "sms" and sms_budget <= 0:
                    continue  # the send rate is used up for this second; it stays queued
                if message.channel == "sms" and message.stop_key in stopped:
                    message.suppressed()  # they texted STOP (to its sender) after it was queued
                    continue
                if (
                    self._quiet_hours
                    and message.channel == "sms"
                    and message.template not in ASKED_FOR
                    and not message.asked_for
                ):
                    allowed = self._quiet_hours.next_allowed(now)
                    if allowed > now:
                        message.next_attempt_at = allowed  # deferred to the morning, not dropped
                        continue
                if message.to in busy:
                    continue  # an earlier one to them is on its way; this goes next time
                busy.add(message.to)
                if message.channel == "sms":
                    sms_budget -= 1
                candidates.append(message)
            if candidates:  # a claim renews the lease: the others must not think us dead
                self.lease.renew(uow, now)
            mine = uow.messages.claim(candidates, self.lease.instance, now)
            uow.commit()
            return [
                Outgoing(
                    m.id, m.channel, m.to, m.subject, m.body, m.html, m.calendar or "", m.sender
                )
                for m in mine
            ]

    def _sms_budget(self, uow: UnitOfWork, now: datetime) -> int:
        """How many more texts may start this second. Counted from the database, so a restarted
        consumer cannot burst past the rate."""
        if self._sms_per_second is None:
            return self._batch
        if self._sending.pacer is not None:  # the live instances share the rate evenly
            alive = uow.dispatchers.alive(now - self.lease.lease)
            self._sending.pacer.share(self._sms_per_second / max(1, alive))
        return self._sms_per_second - uow.messages.claimed_since("sms", now - timedelta(seconds=1))


def _finish(
    stop: threading.Event,
    sender: threading.Thread,
    heartbeat: threading.Thread,
    lease: DispatchLease,
) -> None:
    stop.set()
    sender.join(timeout=10)  # texts already claimed go, and are written, before the process ends
    heartbeat.join(timeout=5)  # a last beat must not bring the instance back after it retires
    if sender.is_alive() or heartbeat.is_alive():
        return  # still sending: its row lapses with the lease, and its texts become unknown
    try:
        lease.retire()
    except Exception:  # the database away: the row lapses with the lease instead
        log.exception("dispatch.retire_failed", instance=lease.instance)
