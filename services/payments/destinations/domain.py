"""Where a participant is paid (their Stripe connected account), changed by staff: four eyes.

One finance approver could otherwise send someone's money to an account of their choosing. A
staff member's change is only proposed: the current destination stays (or, with none, payouts
wait) until a second person, neither the proposer nor the participant, confirms it. The
participant is told of every proposal, so a change they did not ask for does not go unseen.
The participant's own Stripe onboarding on /pay/bank is their own channel and needs no second
person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from services.payments.entitlements.domain.model import ApprovalRefused, Approver


@dataclass(frozen=True)
class DestinationProposed:
    """Staff asked to change where this participant is paid: they are told at once."""

    participant_id: str
    proposed_at: datetime


class DestinationChange:
    def __init__(
        self, id: str, participant_id: str, account_id: str, proposed_by: str, proposed_at: datetime
    ) -> None:
        self.id = id
        self.participant_id = participant_id
        self.account_id = account_id
        self.proposed_by = proposed_by
        self.proposed_at = proposed_at
        self.confirmed_by: str | None = None
        self.confirmed_at: datetime | None = None
        self.events: list[object] = []

    @classmethod
    def propose(
        cls, participant_id: str, account_id: str, by: Approver, now: datetime
    ) -> DestinationChange:
        _not_themselves(participant_id, by)
        change = cls(str(uuid.uuid4()), participant_id, account_id, by.id, now)
        change.events.append(DestinationProposed(participant_id, now))
        return change

    def confirm(self, by: Approver, now: datetime) -> None:
        if self.confirmed_at is not None:
            raise ApprovalRefused("This change is confirmed already.", conflict=True)
        if by.id == self.proposed_by:
            raise ApprovalRefused("A second person must confirm a change of where someone is paid.")
        _not_themselves(self.participant_id, by)
        self.confirmed_by, self.confirmed_at = by.id, now


def _not_themselves(participant_id: str, by: Approver) -> None:
    if participant_id in (by.id, by.participant_id):
        raise ApprovalRefused("Nobody changes where they themselves are paid.")
