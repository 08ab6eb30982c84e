"""Stripe transfers through the official SDK, with our idempotency key on every call."""

from __future__ import annotations

from datetime import UTC, datetime

import stripe

from services.payments.config import PaymentsSettings
from services.payments.ports import TransferRefused, TransferUncertain
from services.payments.reconcile.domain import StripeTransfer

TIMEOUT_SECONDS = 20


class StripeTransfers:
    def __init__(self, settings: PaymentsSettings) -> None:
        # No SDK retries: it would invent its own key per call; our attempt row is the retry.
        self._client = stripe.StripeClient(
            str(settings.stripe_api_key),
            base_addresses={"api": settings.stripe_api_base},
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        )

    def create(
        self, amount_pence: int, destination: str, idempotency_key: str, payout_id: str
    ) -> str:
        try:
            transfer = self._client.v1.transfers.create(
                params={
                    "amount": amount_pence,
                    "currency": "gbp",
                    "destination": destination,
                    # Lets the webhook find the attempt before we have recorded the transfer id.
                    "metadata": {"payout_id": payout_id},
                    "transfer_group": idempotency_key,
                },
                options={"idempotency_key": idempotency_key},
            )
        except (
            stripe.APIConnectionError,
            stripe.RateLimitError,
            stripe.APIError,
            stripe.AuthenticationError,  # our key is wrong, not the participant's account
        ) as exc:
            raise TransferUncertain(repr(exc)) from exc
        except stripe.StripeError as exc:
            status = exc.http_status or 0
            if status >= 500 or status in (409, 429):  # 409: the same key is still in flight
                raise TransferUncertain(repr(exc)) from exc
            raise TransferRefused(str(exc.code or type(exc).__name__)) from exc
        return transfer.id

    def transfers_between(self, since: datetime, until: datetime) -> list[StripeTransfer]:
        """Stripe's transfers created in [since, until), every page of them (reconciliation)."""
        params = {"limit": 100, "created": {"gte": int(since.timestamp()),
                                            "lt": int(until.timestamp())}}  # fmt: skip
        try:
            listed = self._client.v1.transfers.list(params=params)  # type: ignore[arg-type]
            return [
                StripeTransfer(
                    t.id,
                    t.amount,
                    str(t.destination or ""),
                    t.currency,
                    bool(t.reversed),
                    datetime.fromtimestamp(t.created, UTC),
                )
                for t in listed.auto_paging_iter()
            ]
        except stripe.StripeError as exc:
            raise TransferUncertain(repr(exc)) from exc
