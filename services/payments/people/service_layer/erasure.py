"""ErasureRequested: payments forgets what the law does not make it keep (people/domain.py).

Run by the consumer inside its unit of work (with the inbox row), so a redelivery does nothing
more. Receipt files are removed before the commit: if the commit then fails, the event is
delivered again and the erasure finishes; a receipt is never left behind for a claim forgotten.
"""

from __future__ import annotations

from typing import Any, Protocol

from services.payments.people.commands import Forget
from services.payments.people.domain import keeps_receipts, withdraw_for_erasure
from shared.clock import Clock, utc_now


class ReceiptFiles(Protocol):
    def remove(self, sha256: str) -> None: ...


def forget(cmd: Forget, uow: Any, receipts: ReceiptFiles, clock: Clock = utc_now) -> None:
    participant_id, now = cmd.participant_id, clock()
    if uow.erasures.done(participant_id):
        return
    unpaid = []
    for listed in uow.entitlements.list(None, participant_id):
        entitlement = uow.entitlements.get(listed.id, for_update=True)
        withdraw_for_erasure(entitlement, now)
        if not keeps_receipts(entitlement.status):
            unpaid.append(entitlement.id)
    uow.erasures.forget_links(participant_id)
    uow.directory.forget_participant(participant_id)
    orphaned = uow.erasures.drop_receipts(unpaid)
    uow.erasures.blank_notes(participant_id)
    uow.erasures.record(participant_id, cmd.requested_at, now)
    for sha256 in orphaned:
        receipts.remove(sha256)
