"""Sending claimed messages, outside any database transaction, and recording what happened.

A message reaches here already committed as 'sending' (dispatcher.py), so a crash mid-send
leaves it 'unknown' (never resent). The send threads only note each outcome; the dispatcher's
loop writes all those noted so far in one unit of work (record_finished): a write transaction
per text would compete with the claims for SQLite's one write lock, and for a connection of the
pool. Until its outcome is written a message stays 'sending', so a crash in between leaves it
'unknown' as well, never resent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import structlog

from services.notifications.dispatch.service_layer.channel_pauses import ChannelPauses
from services.notifications.dispatch.service_layer.pacing import Pacer
from services.notifications.domain.model import OPTED_OUT_ERROR, Message
from services.notifications.inbound.service_layer import carrier_opt_out
from services.notifications.ports import (
    ChannelUnavailable,
    EmailSender,
    SendMetrics,
    SendRefused,
    SendRejected,
    SmsSender,
    UnitOfWork,
)
from shared.clock import Clock

log = structlog.get_logger("dispatch")


@dataclass(frozen=True)
class Outgoing:
    id: str
    channel: str
    to: str
    subject: str
    body: str
    html: str
    calendar: str = ""
    sender: str | None = None  # the organisation's number or "from"; None: the deployment's


@dataclass(frozen=True)
class _Outcome:
    message_id: str
    apply: Callable[[Message, datetime], None]
    at: datetime  # when the provider answered, not when it was written
    opted_out: bool = False


class Sending:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        sms: SmsSender,
        email: EmailSender,
        clock: Clock,
        metrics: SendMetrics,
        concurrency: int = 1,
        sms_per_second: int | None = None,
    ) -> None:
        self.pauses = ChannelPauses()
        self.pacer = Pacer(sms_per_second) if sms_per_second else None
        # Sends in flight at once: a real Twilio call takes 100-300 ms, so one at a time would
        # cap a fan-out at a few texts a second, far below the account's rate.
        self._pool = ThreadPoolExecutor(concurrency) if concurrency > 1 else None
        self._uow_factory = uow_factory
        self._sms = sms
        self._email = email
        self._clock = clock
        self._metrics = metrics
        self._noted: list[_Outcome] = []  # outcomes not yet written
        self._noted_lock = threading.Lock()

    def send_all(self, items: list[Outgoing]) -> int:
        """Send each and write their outcomes; returns how many went."""
        try:
            return sum(sent.result() for sent in self.start(items))
        finally:
            self.record_finished()

    def record_finished(self) -> int:
        """Write every outcome noted so far, in one unit of work; returns how many. If that
        fails they are kept, to be written at the next call."""
        with self._noted_lock:
            noted, self._noted = self._noted, []
        if not noted:
            return 0
        try:
            with self._uow_factory() as uow:
                found = uow.messages.get_many(sorted({o.message_id for o in noted}))
                for outcome in noted:
                    message = found.get(outcome.message_id)
                    if message is None:
                        continue  # gone meanwhile
                    outcome.apply(message, outcome.at)
                    if outcome.opted_out:  # Twilio 21610: the number said STOP to the carrier
                        carrier_opt_out(message, uow, outcome.at)
                uow.commit()
        except BaseException:
            with self._noted_lock:  # the database away for a moment: keep them for next time
                self._noted[:0] = noted
            raise
        return len(noted)

    def start(self, items: list[Outgoing]) -> list[Future[int]]:
        """Hand each to the pool and return at once (each future: 1 if it went): the
        dispatcher claims and resolves the next while these are on their way."""
        if self._pool is None:
            return [_done(self._send(item)) for item in items]
        return [self._pool.submit(self._send, item) for item in items]

    def _send(self, item: Outgoing) -> int:
        try:
            if item.channel == "sms":
                if self.pacer is not None:
                    self.pacer.wait()
                ref = self._sms.send(item.to, item.body, sender=item.sender)
            else:
                ref = self._email.send(
                    item.to, item.subject, item.body, item.html, item.calendar, sender=item.sender
                )
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
        self.pauses.worked(item.channel)
        self._metrics.outcome(item.channel, sent=True)
        log.info("dispatch.sent", message_id=item.id, channel=item.channel)
        return 1

    def _unavailable(self, item: Outgoing, exc: ChannelUnavailable) -> None:
        retry_at = self.pauses.failed(item.channel, self._clock())
        reason = "credentials" if exc.credentials else "unreachable"
        self._metrics.unavailable(item.channel, reason)
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
        self._metrics.outcome(item.channel, sent=False)
        self._record(item.id, outcome, opted_out)

    def _record(
        self, message_id: str, outcome: Callable[[Message, datetime], None], opted_out: bool = False
    ) -> None:
        """Note the outcome, for record_finished to write (the message stays 'sending' until)."""
        noted = _Outcome(message_id, outcome, self._clock(), opted_out)
        with self._noted_lock:
            self._noted.append(noted)


def _done(result: int) -> Future[int]:
    future: Future[int] = Future()
    future.set_result(result)
    return future
