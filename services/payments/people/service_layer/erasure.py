"""ErasureRequested and ErasureFromOrganisationRequested: payments forgets what the law does not
make it keep (people/domain.py), of everyone's claims or of one organisation's.

Run by the consumer inside its unit of work (with the inbox row), so a redelivery does nothing
more. Receipt files are removed before the commit: if the commit then fails, the event is
delivered again and the erasure finishes; a receipt is never left behind for a claim forgotten.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from services.payments.people.commands import Forget, ForgetInOrganisation
from services.payments.people.domain import keeps_receipts, withdraw_for_erasure
from shared.clock import Clock, utc_now


class ReceiptFiles(Protocol):
    def remove(self, sha256: str) -> None: ...


def forget(cmd: Forget, uow: Any, receipts: ReceiptFiles, clock: Clock = utc_now) -> None:
    participant_id, now = cmd.participant_id, clock()
    if uow.erasures.done(participant_id):
        return
    unpaid = _withdraw(uow, participant_id, now, lambda activity_id: True)
    uow.erasures.forget_links(participant_id)
    uow.directory.forget_participant(participant_id)
    orphaned = uow.erasures.drop_receipts(unpaid)
    uow.erasures.blank_notes(participant_id)
    uow.erasures.record(participant_id, cmd.requested_at, now)
    for sha256 in orphaned:
        receipts.remove(sha256)


def forget_in_organisation(
    cmd: ForgetInOrganisation, uow: Any, receipts: ReceiptFiles, clock: Clock = utc_now
) -> None:
    """As `forget`, for that organisation's activities' claims only. What is the person's (their
    name, Stripe account, payment choice, payout destination) stays: the others still pay them."""
    participant_id, organisation_id, now = cmd.participant_id, cmd.organisation_id, clock()
    if uow.erasures.done(participant_id) or uow.erasures.done_in(participant_id, organisation_id):
        return  # erased everywhere already, or this is a redelivery
    # Looked up once per activity, however many of its claims they have.
    of_theirs = functools.cache(lambda a: uow.directory.organisation_of(a) == organisation_id)
    unpaid = _withdraw(uow, participant_id, now, of_theirs)
    for entitlement_id in unpaid:
        uow.payouts.stop_waiting(entitlement_id)  # nothing left to pay once their account is ready
    orphaned = uow.erasures.drop_receipts(unpaid)
    uow.erasures.blank_notes(participant_id, organisation_id)
    uow.erasures.record_in(participant_id, organisation_id, cmd.requested_at, now)
    for sha256 in orphaned:
        receipts.remove(sha256)


def _withdraw(
    uow: Any, participant_id: str, now: datetime, chosen: Callable[[str], bool]
) -> list[str]:
    """Withdraw their claims (of the chosen activities) not yet being paid; the ids of those
    whose receipts need not be kept."""
    unpaid = []
    for listed in uow.entitlements.list(None, participant_id):
        if not chosen(listed.activity_id):
            continue
        entitlement = uow.entitlements.get(listed.id, for_update=True)
        withdraw_for_erasure(entitlement, now)
        if not keeps_receipts(entitlement.status):
            unpaid.append(entitlement.id)
    return unpaid
