"""Turning what we owe people into messages, and sending them at most once each.

Sending happens outside any database transaction: a message is marked 'sending' (by this
instance, service_layer/leases.py) and committed first, so a crash mid-send leaves it 'unknown'
(never resent) instead of texting someone twice. Several instances may run: a claim takes only
rows still queued, so each message is sent by one of them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from services.notifications.domain.inbound import SmsOptedOut
from services.notifications.domain.model import OPTED_OUT_ERROR, Contact, Message, Notification
from services.notifications.domain.quiet_hours import ASKED_FOR, UK_QUIET_HOURS, QuietHours
from services.notifications.service_layer.channel_pauses import ChannelPauses
from services.notifications.service_layer.leases import DispatchLease
from services.notifications.service_layer.ports import (
    ChannelUnavailable,
    EmailSender,
    SendRefused,
    SendRejected,
    SmsSender,
    Templates,
    UnitOfWork,
)
from shared.metrics import CHANNEL_UNAVAILABLE, message_outcome

log = structlog.get_logger("dispatch")


# (link_id, purpose) -> the address to put in the message
LinkBuilder = Callable[[str, str | None], str]
# (participant_id, purpose, channel, page) -> a link minted for one message to one person
ActionLinkBuilder = Callable[[str, str, str, str], str]
# a session's facts (a notification's details) -> an iCalendar invitation
InviteBuilder = Callable[[dict[str, str | None]], str]


@dataclass(frozen=True)
class Outgoing:
    id: str
    channel: str
    to: str
    subject: str
    body: str
    html: str
    calendar: str = ""


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
    ) -> None:
        self.lease = lease or DispatchLease(uow_factory, clock)
        self._pauses = ChannelPauses()
        self._action_links = action_links
        # Sends in flight at once: a real Twilio call takes 100-300 ms, so one at a time would
        # cap a fan-out at a few texts a second, far below the account's rate.
        self._pool = ThreadPoolExecutor(concurrency) if concurrency > 1 else None
        self._invites = invites
        self._sms_per_second = sms_per_second
        self._clock = clock
        self._quiet_hours = quiet_hours
        self._links = links
        self._uow_factory = uow_factory
        self._templates = templates
        self._sms = sms
        self._email = email
        self._batch = batch

    def tick(self) -> int:
        """Resolve pending notifications and send due messages; returns how many were sent."""
        self.resolve_pending()
        return self._send_all(self.claim_due())

    def run_for(self, seconds: float) -> int:
        """Work through a backlog in batches for up to `seconds`, then give the consumer its
        turn to poll Kafka (a fan-out of thousands must not wait one batch per poll)."""
        deadline, sent = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            resolved = self.resolve_pending()
            sent_now = self._send_all(self.claim_due())
            sent += sent_now
            if not resolved and not sent_now:
                break  # nothing to do, or the send rate is used up for this second
        return sent

    def start(self, stop: threading.Event | None = None) -> None:
        """At process start: announce this instance, keep its heartbeat going, and recover
        what dead instances (never live ones) left mid-send."""
        self.lease.heartbeat()
        self.lease.keep_alive(stop or threading.Event())
        self.recover_interrupted()

    def recover_interrupted(self) -> int:
        """Messages a dead instance was sending become unknown; run again now and then, since
        an instance may die while others run on."""
        return self.lease.recover_abandoned()

    def resolve_pending(self) -> int:
        """Turn owed notifications into messages; returns how many were settled."""
        now, settled = self._clock(), 0
        with self._uow_factory() as uow:
            for notification in uow.notifications.pending(self._batch):
                contact = uow.contacts.get(notification.participant_id)
                if contact is None:
                    if notification.is_overdue(now):
                        notification.status = "expired"
                        settled += 1
                    continue
                try:
                    messages = [
                        self._compose(notification, contact, c, now)
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
                for message in messages:
                    if message.channel == "sms" and uow.suppressions.is_suppressed(message.to):
                        message.suppressed()
                    uow.messages.add(message)
                notification.status = "resolved"
                settled += 1
            uow.commit()
        return settled

    def _compose(
        self, notification: Notification, contact: Contact, channel: str, now: datetime
    ) -> Message:
        context = {**notification.details, "name": contact.preferred_name}
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
        )

    def claim_due(self) -> list[Outgoing]:
        with self._uow_factory() as uow:
            candidates = []
            now = self._clock()
            sms_budget = self._sms_budget(uow, now)
            for message in uow.messages.due(now, self._batch):
                if self._pauses.paused(message.channel, now):
                    continue  # its provider is unavailable: it waits, queued
                if message.channel == "sms" and sms_budget <= 0:
                    continue  # the send rate is used up for this second; it stays queued
                if message.channel == "sms" and uow.suppressions.is_suppressed(message.to):
                    message.suppressed()  # they texted STOP after this was queued
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
                if message.channel == "sms":
                    sms_budget -= 1
                candidates.append(message)
            if candidates:  # a claim renews the lease: the others must not think us dead
                self.lease.renew(uow, now)
            mine = uow.messages.claim(candidates, self.lease.instance, now)
            uow.commit()
            return [
                Outgoing(m.id, m.channel, m.to, m.subject, m.body, m.html, m.calendar or "")
                for m in mine
            ]

    def _sms_budget(self, uow: UnitOfWork, now: datetime) -> int:
        """How many more texts may start this second. Counted from the database, so a restarted
        consumer cannot burst past the rate."""
        if self._sms_per_second is None:
            return self._batch
        return self._sms_per_second - uow.messages.claimed_since("sms", now - timedelta(seconds=1))

    def _send_all(self, items: list[Outgoing]) -> int:
        if self._pool is None or len(items) < 2:
            return sum(self._send(item) for item in items)
        return sum(self._pool.map(self._send, items))

    def _send(self, item: Outgoing) -> int:
        try:
            if item.channel == "sms":
                ref = self._sms.send(item.to, item.body)
            else:
                ref = self._email.send(item.to, item.subject, item.body, item.html, item.calendar)
        except ChannelUnavailable as exc:  # nothing was sent, nor will be for now: wait
            self._unavailable(item, exc)
            return 0
        except SendRefused as exc:  # nothing was sent: try again later
            error = repr(exc)
            self._failed(item, "send_refused", error, lambda m, now: m.send_failed(error, now))
            return 0
        except SendRejected as exc:  # refused for good
            error, code = repr(exc), exc.code
            opted_out = code == OPTED_OUT_ERROR and item.channel == "sms"
            self._failed(
                item, "send_rejected", error, lambda m, now: m.rejected(error, code, now), opted_out
            )
            return 0
        except Exception as exc:  # a timeout or a 5xx: it may have gone, so never resend blindly
            error = repr(exc)
            self._failed(
                item, "send_outcome_unknown", error, lambda m, _now: m.outcome_unknown(error)
            )
            return 0
        self._record(item.id, lambda m, now: m.sent(ref, now))
        self._pauses.worked(item.channel)
        message_outcome(item.channel, sent=True)
        log.info("dispatch.sent", message_id=item.id, channel=item.channel)
        return 1

    def _unavailable(self, item: Outgoing, exc: ChannelUnavailable) -> None:
        retry_at = self._pauses.failed(item.channel, self._clock())
        reason = "credentials" if exc.credentials else "unreachable"
        CHANNEL_UNAVAILABLE.labels(channel=item.channel, reason=reason).inc()
        # Refused credentials fail every message until someone fixes them: say so loudly.
        report = log.error if exc.credentials else log.warning
        report(
            f"dispatch.channel_{reason}",
            message_id=item.id,
            channel=item.channel,
            error=repr(exc),
            retry_at=retry_at.isoformat(),
        )
        self._record(item.id, lambda m, _now: m.not_sent(retry_at))

    def _failed(
        self,
        item: Outgoing,
        what: str,
        error: str,
        outcome: Callable[[Message, datetime], None],
        opted_out: bool = False,
    ) -> None:
        log.warning(f"dispatch.{what}", message_id=item.id, channel=item.channel, error=error)
        message_outcome(item.channel, sent=False)
        self._record(item.id, outcome, opted_out)

    def _record(
        self, message_id: str, outcome: Callable[[Message, datetime], None], opted_out: bool = False
    ) -> None:
        now = self._clock()
        with self._uow_factory() as uow:
            message = uow.messages.get(message_id)
            if message is not None:
                outcome(message, now)
                if opted_out:  # Twilio 21610: the number said STOP to the carrier; we stop too
                    uow.suppressions.add(message.to, now)
                    uow.events.append(SmsOptedOut(message.participant_id, now))
            uow.commit()
