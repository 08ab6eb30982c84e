"""Contacts (a projection of recruitment.contact), notifications owed, and messages sent."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.notifications.domain.events import (
    MessageDelivered,
    MessageDeliveryFailed,
    MessageSent,
)

MAX_SEND_ATTEMPTS = 5
# How long a notification waits for the person's contact details to arrive before giving up.
CONTACT_WAIT = timedelta(hours=24)
# The messages that confirm a sign-up: nothing else goes to the person before they have gone.
CONFIRMATIONS = frozenset({"welcome", "sms_sign_up"})
# How long an invitation waits for the sign-up it may follow from (it travels on another topic
# and can overtake it) before going anyway: a lost event must not silence someone.
ORDER_WAIT = timedelta(minutes=10)


@dataclass
class Contact:
    participant_id: str
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    large_print: bool = False  # from their support needs: emails in large print

    def channels(self) -> list[str]:
        """Every channel we can reach the person on, their preferred one first."""
        reachable = [c for c, addr in (("sms", self.phone), ("email", self.email)) if addr]
        return sorted(reachable, key=lambda c: c != self.preferred_channel)

    def address(self, channel: str) -> str:
        address = self.phone if channel == "sms" else self.email
        if not address:
            raise ValueError(f"no {channel} address for {self.participant_id}")
        return address


@dataclass
class Notification:
    """Something we owe a participant (e.g. a welcome), waiting until we know how to reach them."""

    participant_id: str
    template: str
    cause_event_id: str
    created_at: datetime
    status: str = "pending"  # pending -> resolved | expired | failed (cannot be composed)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    channel: str | None = None  # only this channel (a magic link goes where it was asked for)
    link_id: str | None = None  # a magic link to build into the message
    link_purpose: str | None = None
    activity_id: str | None = None  # so coordinators can find an activity's messages
    # Facts for the template, such as a booked session's times and place.
    details: dict[str, Any] = field(default_factory=dict)
    asked_for: bool = False  # a reply they are waiting for (quiet hours do not hold it back)

    def channels(self, contact: Contact) -> list[str]:
        reachable = contact.channels()
        return [self.channel] if self.channel in reachable else [] if self.channel else reachable

    def is_overdue(self, now: datetime) -> bool:
        return now - self.created_at > CONTACT_WAIT


# Twilio's message statuses in the order they happen; callbacks may arrive out of order.
DELIVERY_ORDER = (
    "accepted",
    "scheduled",
    "queued",
    "sending",
    "sent",
    "delivered",
    "read",
    "undelivered",
    "failed",
    "canceled",
)
OPTED_OUT_ERROR = "21610"  # Twilio: the number has replied STOP to this sender


class Message:
    """One SMS or email. Sent at most once: a crash mid-send leaves it 'unknown', not resent."""

    def __init__(
        self,
        participant_id: str,
        notification_id: str,
        template: str,
        channel: str,
        to: str,
        subject: str,
        body: str,
        html: str,
        created_at: datetime,
        activity_id: str | None = None,
        calendar: str = "",
        asked_for: bool = False,
        organisation_id: str | None = None,
        sender: str | None = None,
    ) -> None:
        self.id = str(uuid.uuid4())
        self.participant_id = participant_id
        self.notification_id = notification_id
        self.template = template
        self.channel = channel
        self.to = to
        self.subject = subject
        self.body = body
        self.html = html
        self.activity_id = activity_id
        self.calendar = calendar  # an iCalendar invitation to attach to an email, or ""
        self.asked_for = asked_for
        # Whose message it is (its activity's organisation; None: the deployment's own, like a
        # sign-in link), and what it goes out as: that organisation's number or messaging
        # service, or its "Name <address>" (None: the deployment's TWILIO_FROM_NUMBER, EMAIL_FROM).
        self.organisation_id = organisation_id
        self.sender = sender
        self.status = "queued"
        self.attempts = 0
        self.next_attempt_at = created_at
        self.provider_ref: str | None = None
        self.error: str | None = None
        self.created_at = created_at
        self.sent_at: datetime | None = None
        self.delivery_status: str | None = None  # what the carrier says, from Twilio's callbacks
        self.claimed_at: datetime | None = None
        self.claimed_by: str | None = None  # the dispatcher instance that took it for sending
        self.events: list[object] = []

    def start_sending(self, now: datetime | None = None, by: str | None = None) -> None:
        self.status = "sending"
        self.attempts += 1
        self.claimed_at = now  # counts against the send rate, also across restarts
        self.claimed_by = by

    def sent(self, provider_ref: str, now: datetime) -> None:
        self.status, self.provider_ref, self.sent_at = "sent", provider_ref, now
        self.events.append(
            MessageSent(
                self.id,
                self.participant_id,
                self.channel,
                self.template,
                "sent",
                self.activity_id,
                self.organisation_id,
                now,
            )
        )

    def send_failed(self, error: str, now: datetime) -> None:
        self.error = error[:2000]
        if self.attempts >= MAX_SEND_ATTEMPTS:
            self._failed_for_good("gave_up", None, now)
            return
        self.status = "queued"
        # Exponential backoff with jitter, so many failed messages do not retry in step.
        delay = 2**self.attempts
        self.next_attempt_at = now + timedelta(seconds=delay + random.uniform(0, delay / 2))

    def not_sent(self, retry_at: datetime) -> None:
        """The provider never had it (unreachable, or our credentials refused): it waits, and
        this try does not count towards giving up."""
        self.status = "queued"
        self.attempts = max(0, self.attempts - 1)
        self.next_attempt_at = retry_at

    def rejected(self, error: str, code: str | None, now: datetime) -> None:
        """The provider refused it for good: no retry."""
        self.error = error[:2000]
        reason = "opted_out" if code == OPTED_OUT_ERROR else "rejected"
        self._failed_for_good(reason, code, now)

    def _failed_for_good(self, reason: str, code: str | None, now: datetime) -> None:
        self.status = "failed"
        self.events.append(
            MessageSent(
                self.id,
                self.participant_id,
                self.channel,
                self.template,
                "failed",
                self.activity_id,
                self.organisation_id,
                now,
            )
        )
        self.events.append(self._delivery_failed(reason, code, now))

    def _delivery_failed(self, reason: str, code: str | None, now: datetime) -> object:
        return MessageDeliveryFailed(
            self.id,
            self.participant_id,
            self.activity_id,
            self.channel,
            self.template,
            reason,
            code,
            now,
        )

    def outcome_unknown(self, error: str) -> None:
        """It may have gone (a timeout): never resent automatically, which could text twice."""
        self.error = error[:2000]
        self.status = "unknown"

    def delivery_update(
        self, twilio_status: str, error_code: str | None = None, now: datetime | None = None
    ) -> bool:
        """Apply Twilio's status callback; False when it is older news than what we have."""
        current = self.delivery_status or "queued"
        if DELIVERY_ORDER.index(twilio_status) <= DELIVERY_ORDER.index(current):
            return False
        self.delivery_status = twilio_status
        if twilio_status == "delivered" and now is not None:
            # The receipt: until it comes, a text is only known to be sent (once: an older
            # or repeated callback returned above).
            self.events.append(
                MessageDelivered(
                    self.id,
                    self.participant_id,
                    self.activity_id,
                    self.organisation_id,
                    self.channel,
                    self.template,
                    now,
                )
            )
        if twilio_status in ("undelivered", "failed") and now is not None:
            # The carrier could not deliver it: tell the service that asked, once.
            reason = "opted_out" if error_code == OPTED_OUT_ERROR else twilio_status
            self.events.append(self._delivery_failed(reason, error_code, now))
        return True

    def withdrawn(self) -> None:
        """They left the organisation it is from before it went: never send it."""
        self.status = "withdrawn"

    def suppressed(self) -> None:
        """The number texted STOP: record the message, never send it."""
        self.status = "suppressed"

    @property
    def stop_key(self) -> tuple[str, str]:
        """The (number, sender) a STOP is kept under: '' is the deployment's own sender."""
        return (self.to, self.sender or "")

    def interrupted(self) -> None:
        """The process stopped mid-send: we cannot know if it went, so we never send it again."""
        self.status = "unknown"

    def redact(self) -> None:
        """Erasure: the address, the words, the calendar file and a provider's error (an SMTP
        refusal names the address) go; what kind of message it was and when stays."""
        self.to, self.subject, self.body, self.html = "", "", "", ""
        self.calendar, self.error = "", None

    def reconciled_sent(self, provider_ref: str, now: datetime) -> None:
        """Its outcome was unknown, and Twilio's message list shows it went."""
        self._still_unknown()
        self.sent(provider_ref, now)

    def reconciled_not_sent(self, now: datetime) -> None:
        """Its outcome was unknown, and Twilio's message list shows it never went: send it."""
        self._still_unknown()
        self.status, self.next_attempt_at = "queued", now

    def _still_unknown(self) -> None:
        if self.status != "unknown":
            raise ValueError(f"message {self.id} is {self.status}, not unknown")
