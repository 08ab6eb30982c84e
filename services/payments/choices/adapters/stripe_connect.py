"""Stripe Connect: a connected account per participant paid by bank, and onboarding links.

The onboarding link is a key to someone's Stripe details, so it never travels on Kafka or in a
message: the participant is sent to /pay/bank, which asks Stripe for a fresh link each time.
"""

from __future__ import annotations

import stripe

from services.payments.choices.service_layer import ConnectUnavailable
from services.payments.config import PaymentsSettings

TIMEOUT_SECONDS = 20


class StripeConnect:
    def __init__(self, settings: PaymentsSettings) -> None:
        self._client = stripe.StripeClient(
            str(settings.stripe_api_key),
            base_addresses={"api": settings.stripe_api_base},
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        )

    def create_account(self, participant_id: str) -> str:
        # One account per person, however often they ask: the key is theirs for a day.
        try:
            account = self._client.v1.accounts.create(
                params={
                    "type": "express",
                    "country": "GB",
                    "capabilities": {"transfers": {"requested": True}},
                    "business_type": "individual",
                    "metadata": {"participant_id": participant_id},
                },
                options={"idempotency_key": f"account-{participant_id}"},
            )
        except stripe.StripeError as exc:
            raise ConnectUnavailable(repr(exc)) from exc
        return account.id

    def onboarding_link(self, account_id: str, refresh_url: str, return_url: str) -> str:
        try:
            link = self._client.v1.account_links.create(
                params={
                    "account": account_id,
                    "refresh_url": refresh_url,
                    "return_url": return_url,
                    "type": "account_onboarding",
                }
            )
        except stripe.StripeError as exc:
            raise ConnectUnavailable(repr(exc)) from exc
        return link.url
