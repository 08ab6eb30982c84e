"""Staff changing where a participant is paid: proposed by one, confirmed by another
(destinations/domain.py). Until then payouts go where they went before, or wait."""

from __future__ import annotations

import re
from typing import Any

from services.payments.destinations.commands import ConfirmDestination, ProposeDestination
from services.payments.destinations.domain import DestinationChange
from services.payments.entitlements.domain.model import ApprovalRefused, Approver
from services.payments.entitlements.service_layer import (
    NotFound,
    as_linked,
    require_participant_in_scope,
)
from shared.clock import Clock, utc_now

STRIPE_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]{1,60}$")


def propose(
    participant_id: str, account_id: str, approver: Approver, uow: Any, clock: Clock = utc_now
) -> str:
    """Returns the change's id; the participant is told (PayoutDestinationProposed)."""
    if not STRIPE_ACCOUNT.match(account_id):
        raise ApprovalRefused("A Stripe connected account id looks like acct_1A2b3C.")
    with uow:
        require_participant_in_scope(participant_id, uow)  # NotFound: another organisation's
        by = as_linked(approver, uow)
        change = DestinationChange.propose(participant_id, account_id, by, clock())
        uow.destinations.add(change)
        uow.commit()
        return change.id


def confirm(participant_id: str, approver: Approver, uow: Any, clock: Clock = utc_now) -> str:
    """A second person confirms the latest proposal (its id returned): payouts go there now."""
    with uow:
        require_participant_in_scope(participant_id, uow)
        change = uow.destinations.pending(participant_id)
        if change is None:
            raise NotFound(participant_id)
        now = clock()
        change.confirm(as_linked(approver, uow), now)
        uow.accounts.set(participant_id, change.account_id, change.proposed_by, now)
        uow.commit()
        return str(change.id)


def propose_change(cmd: ProposeDestination, uow: Any, clock: Clock = utc_now) -> str:
    return propose(cmd.participant_id, cmd.account_id, cmd.approver, uow, clock)


def confirm_change(cmd: ConfirmDestination, uow: Any, clock: Clock = utc_now) -> str:
    return confirm(cmd.participant_id, cmd.approver, uow, clock)
