"""Payments' own settings, read once from the environment (twelve-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from services.payments.domain.policy import DEFAULT_RATE_KIND


@dataclass(frozen=True)
class PaymentsConfig:
    # Claims above this (in pence) also need a finance approver.
    finance_threshold_pence: int = 10_000
    default_rate_kind: str = DEFAULT_RATE_KIND
    default_rate_pence: int = 0  # 0: NIHR's default for the kind (domain/policy.py)


def load_payments_config() -> PaymentsConfig:
    return PaymentsConfig(
        finance_threshold_pence=int(os.environ.get("PAYMENTS_FINANCE_THRESHOLD_PENCE", "10000")),
        default_rate_kind=os.environ.get("PAYMENTS_DEFAULT_RATE_KIND", DEFAULT_RATE_KIND),
        default_rate_pence=int(os.environ.get("PAYMENTS_DEFAULT_RATE_PENCE", "0")),
    )
