"""What a participant asks of their payment choice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choose:
    participant_id: str
    method: str  # bank, voucher or decline


@dataclass(frozen=True)
class LinkBank:
    """A fresh Stripe onboarding link (its address is returned)."""

    participant_id: str
