"""A flood of unsigned webhook calls (Twilio's two, Stripe's one) against the real apps on a real
(SQLite) database: every call is refused and counted, but only a bounded number of detailed
rows is written however many arrive."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, func, select

from services.notifications.adapters.orm import webhook_rejections
from services.notifications.config import load_settings as notifications_settings
from services.notifications.entrypoints.app import create_app as notifications_app
from services.payments.adapters.orm import stripe_webhook_rejections
from services.payments.config import load_settings as payments_settings
from services.payments.entrypoints.app import create_app as payments_app
from shared.config import Secret
from shared.metrics import WEBHOOK_REJECTIONS
from shared.webhook_rejections import DETAILED_PER_HOUR, refused_since, webhook_rejection_counts
from tests.support import migrated_engine

FLOOD = 500


def rows(engine: Engine, table: object) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]


def counted(engine: Engine, since: datetime) -> int:
    with engine.connect() as conn:
        return refused_since(conn, since)


def metric(path: str, reason: str) -> float:
    return WEBHOOK_REJECTIONS.labels(path=path, reason=reason)._value.get()


def flood(app: Flask, path: str, headers: dict[str, str], data: object) -> None:
    client = app.test_client()
    for _ in range(FLOOD):
        assert client.post(path, data=data, headers=headers).status_code in (400, 403)


def test_an_unsigned_twilio_flood_is_counted_in_full_but_kept_in_few_rows(tmp_path: Path) -> None:
    engine = migrated_engine("notifications", tmp_path)
    settings = dataclasses.replace(
        notifications_settings(), twilio_auth_token=Secret("twilio-token-for-tests")
    )
    app = notifications_app(settings, engine)
    started = datetime.now(UTC) - timedelta(seconds=1)
    sms, status = "/api/notifications/twilio/sms", "/api/notifications/twilio/status"
    before = metric(sms, "bad signature") + metric(status, "missing signature")

    flood(app, sms, {"X-Twilio-Signature": "forged"}, {"Body": "hello"})
    flood(app, status, {}, {"MessageStatus": "delivered"})

    assert counted(engine, started) == 2 * FLOOD
    assert metric(sms, "bad signature") + metric(status, "missing signature") - before == 2 * FLOOD
    # At most the hour's detailed rows (twice, should the flood straddle an hour), and one count
    # row per path, reason and minute.
    assert DETAILED_PER_HOUR <= rows(engine, webhook_rejections) <= 2 * DETAILED_PER_HOUR
    assert rows(engine, webhook_rejection_counts) <= 2 * 2


def test_an_unsigned_stripe_flood_is_counted_in_full_but_kept_in_few_rows(tmp_path: Path) -> None:
    engine = migrated_engine("payments", tmp_path)
    settings = dataclasses.replace(
        payments_settings(), stripe_webhook_secret=Secret("whsec_for_tests")
    )
    app = payments_app(settings, engine)
    started = datetime.now(UTC) - timedelta(seconds=1)

    flood(app, "/api/payments/stripe/webhook", {"Stripe-Signature": "t=1,v1=forged"}, "{}")

    assert counted(engine, started) == FLOOD
    assert DETAILED_PER_HOUR <= rows(engine, stripe_webhook_rejections) <= 2 * DETAILED_PER_HOUR
    assert rows(engine, webhook_rejection_counts) <= 2
