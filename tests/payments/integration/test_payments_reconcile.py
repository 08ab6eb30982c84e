"""The reconciliation job against stripe-mock (through the recording proxy): a payout we made is
compared with Stripe's list of transfers. stripe-mock is stateless, so its list never holds the
transfer we just made (reported missing_at_stripe) and always holds its own fixture transfer of
2009 (reported unknown_to_us when the period covers it)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import Flask

from services.payments.config import load_settings as payments_settings
from services.payments.entrypoints import reconcile as job
from services.payments.entrypoints.app import create_app
from services.payments.payouts.adapters.stripe_transfers import StripeTransfers
from services.payments.reconcile.service_layer import reconcile
from shared.config import Secret
from shared.web import current_bus
from tests.stripe_recording_proxy import RecordingProxy, recording_proxy
from tests.support import migrated_engine
from tests.support import staff_client as staff

PERSON = str(uuid.uuid4())


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    with recording_proxy() as running:
        yield running


@pytest.fixture
def settings(proxy: RecordingProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    url = f"sqlite:///{tmp_path / 'payments.db'}"
    migrated_engine("payments", tmp_path)
    # The job reads its settings from the environment, as cron runs it.
    monkeypatch.setenv("PAYMENTS_DATABASE_URL", url)
    monkeypatch.setenv("STRIPE_API_KEY", "sk_test_123")
    monkeypatch.setenv("STRIPE_API_BASE", proxy.url)
    return dataclasses.replace(
        payments_settings(), stripe_api_key=Secret("sk_test_123"), stripe_api_base=proxy.url
    )


@pytest.fixture
def app(settings: object, tmp_path: Path) -> Flask:
    from shared.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'payments.db'}")
    app = create_app(settings, engine)  # type: ignore[arg-type]
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def paid_out(app: Flask) -> str:
    finance = staff(app, {"finance_approver"})
    finance.put(
        f"/api/payments/participants/{PERSON}/stripe-account", json={"account_id": "acct_1"}
    )
    staff(app, {"finance_approver"}).post(
        f"/api/payments/participants/{PERSON}/stripe-account/confirm"
    )  # a second person confirms where they are paid
    claim = staff(app, {"coordinator"}).post(
        "/api/payments/entitlements",
        json={"participant_id": PERSON, "activity_id": str(uuid.uuid4()), "amount_pence": 2000,
              "note": "paper register"},
    ).json["id"]  # fmt: skip
    staff(app, {"coordinator"}).post(f"/api/payments/entitlements/{claim}/approve")
    assert finance.post(f"/api/payments/entitlements/{claim}/payout").json["status"] == "sent"
    with current_bus(app).uow_factory() as uow:
        return str(uow.payouts.by_key(f"payout-{claim}-v1").transfer_id)


def test_finance_sees_a_transfer_stripe_does_not_list(app: Flask, proxy: RecordingProxy) -> None:
    transfer = paid_out(app)
    today = datetime.now(UTC).date().isoformat()
    report = staff(app, {"finance_approver"}).get(
        f"/api/payments/reconciliation?from={today}&to={today}"
    )
    assert report.status_code == 200, report.json
    assert report.json["our_payouts"] == 1
    assert [(d["kind"], d["transfer_id"], d["ours_pence"]) for d in report.json["differences"]] == [
        ("missing_at_stripe", transfer, 2000)
    ]
    assert any(s.path == "/v1/transfers" and s.method == "GET" for s in proxy.seen)
    assert (
        staff(app, {"coordinator"})
        .get(f"/api/payments/reconciliation?from={today}&to={today}")
        .status_code
        == 403
    )
    backwards = staff(app, {"admin"}).get(
        "/api/payments/reconciliation?from=2026-12-02&to=2026-12-01"
    )
    assert backwards.status_code == 422


def test_a_transfer_only_stripe_knows_is_reported(app: Flask, settings: object) -> None:
    since, until = job.uk_day_bounds(date(2009, 2, 13), date(2009, 2, 14))
    report = reconcile(since, until, current_bus(app).uow_factory(), StripeTransfers(settings))  # type: ignore[arg-type]
    assert [(d["kind"], d["stripe_pence"]) for d in report["differences"]] == [
        ("unknown_to_us", 1100)  # stripe-mock's own transfer, created 13 February 2009
    ]


def test_the_job_prints_its_report_and_says_by_exit_code(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    paid_out(app)
    assert job.main(["--days", "1"]) == 1  # a difference: cron mails finance
    printed = json.loads(capsys.readouterr().out)
    assert [d["kind"] for d in printed["differences"]] == ["missing_at_stripe"]
    assert job.main(["--from", "2020-01-01", "--to", "2020-01-02"]) == 0  # nothing, and agreed
