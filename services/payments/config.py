"""Payments' own settings, read once from the environment (twelve-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from services.payments.entitlements.domain.policy import DEFAULT_RATE_KIND
from shared.config import Secret, Settings, common_values
from shared.startup_checks import require


@dataclass(frozen=True)
class PaymentsSettings(Settings):
    stripe_api_key: Secret = field(default_factory=lambda: Secret(""))
    stripe_api_base: str = "https://api.stripe.com"
    stripe_webhook_secret: Secret = field(
        default_factory=lambda: Secret("")
    )  # signs Stripe's webhooks to /pay/stripe
    # Claims above this (in pence) also need a finance approver.
    finance_threshold_pence: int = 10_000
    default_rate_kind: str = DEFAULT_RATE_KIND
    default_rate_pence: int = 0  # 0: NIHR's default for the kind (domain/policy.py)


def load_settings(common: Settings | None = None) -> PaymentsSettings:
    """Payments' settings: the shared ones (those given, or the environment's) and its own.

    The shared process runners and some tests hold only the shared settings: given those,
    payments adds its own options from the environment."""
    if isinstance(common, PaymentsSettings):
        return common
    shared = common_values("payments", common)
    env = os.environ.get
    return PaymentsSettings(
        **shared,
        stripe_api_key=Secret(env("STRIPE_API_KEY", "")),
        stripe_api_base=env("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/"),
        stripe_webhook_secret=Secret(env("STRIPE_WEBHOOK_SECRET", "")),
        finance_threshold_pence=int(env("PAYMENTS_FINANCE_THRESHOLD_PENCE", "10000")),
        default_rate_kind=env("PAYMENTS_DEFAULT_RATE_KIND", DEFAULT_RATE_KIND),
        default_rate_pence=int(env("PAYMENTS_DEFAULT_RATE_PENCE", "0")),
    )


def settings_for(process: str) -> PaymentsSettings:
    """The environment's settings for one payments process, refused if unsafe."""
    return require(load_settings(), process)  # type: ignore[return-value]
