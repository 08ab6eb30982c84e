"""Staff changing where a participant is paid, under four eyes."""

from __future__ import annotations

from dataclasses import dataclass

from services.payments.entitlements.domain.model import Approver


@dataclass(frozen=True)
class ProposeDestination:
    participant_id: str
    account_id: str
    approver: Approver


@dataclass(frozen=True)
class ConfirmDestination:
    participant_id: str
    approver: Approver
