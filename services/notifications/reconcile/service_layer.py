"""Settling texts whose outcome is unknown by asking Twilio whether it has them.

A timeout or a crash mid-send leaves a message 'unknown': it may have gone. Resending blindly
could text someone twice, and giving up could leave them without a text; Twilio's own message
list says which. It is asked only after a settle delay, so a message Twilio took moments ago
has had time to appear there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from services.notifications.domain.model import Message
from services.notifications.ports import SentMessages, UnitOfWork

log = structlog.get_logger("reconcile")

SETTLE = timedelta(seconds=30)
# Our clock and Twilio's may disagree; a text Twilio stamped a little before we claimed it is
# still ours.
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class Unsettled:
    id: str
    to: str
    body: str
    claimed_at: datetime


class Reconciler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        sent: SentMessages,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        settle: timedelta = SETTLE,
        batch: int = 10,
    ) -> None:
        self._uow_factory = uow_factory
        self._sent = sent
        self._clock = clock
        self._settle = settle
        self._batch = batch

    def tick(self) -> int:
        """Settle the unknown texts that have waited long enough; returns how many."""
        settled = 0
        for item in self._unsettled():
            try:
                # Asked outside any transaction: a slow Twilio must not hold the database.
                sid = self._sent.find(item.to, item.body, item.claimed_at - CLOCK_SKEW)
            except Exception as exc:
                # Twilio is not answering: they stay unknown until a later tick.
                log.warning("reconcile.cannot_ask", message_id=item.id, error=repr(exc))
                break
            settled += self._settle_one(item.id, sid)
        return settled

    def _unsettled(self) -> list[Unsettled]:
        with self._uow_factory() as uow:
            messages = uow.messages.unknown_sms(self._clock() - self._settle, self._batch)
            return [Unsettled(m.id, m.to, m.body, m.claimed_at) for m in messages if m.claimed_at]

    def _settle_one(self, message_id: str, sid: str | None) -> int:
        now = self._clock()
        with self._uow_factory() as uow:
            message = uow.messages.get(message_id)
            if message is None or message.status != "unknown":
                return 0  # settled meanwhile (forgotten, or by hand)
            _settle(message, sid, now)
            uow.commit()
            return 1


def _settle(message: Message, sid: str | None, now: datetime) -> None:
    if sid is not None:
        message.reconciled_sent(sid, now)
        log.info("reconcile.was_sent", message_id=message.id)
    else:
        # Twilio's list is the record of what it took: not there means it never went.
        message.reconciled_not_sent(now)
        log.warning("reconcile.not_sent_requeued", message_id=message.id)
