"""Every service's consumer runs its scheduled jobs once across instances: with two consumer
wirings on one database, each job runs by one of them (its row in bus_schedule says which)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.bus.tables import bus_schedule
from shared.config import Secret, load_settings
from tests.support import migrated_engine

JOBS = {
    "recruitment": {"forget-silent-dialogues", "invitation-waves"},
    "scheduling": {
        "reminders",
        "feedback",
        "hold-expiry",
        "staff-task-review",
        "panel-term-review",
    },
    "payments": {"payouts-resume-started", "payouts-pay-waiting"},
    # not the dispatch tick, nor RecoverInterrupted: every instance does its own
    "notifications": {"tell-staff", "reconcile-unknown-texts"},
}


def settings_for(service: str):  # type: ignore[no-untyped-def]
    if service != "notifications":
        return load_settings(service)
    from services.notifications.config import load_settings as notifications_settings

    return dataclasses.replace(
        notifications_settings("notifications"),
        env="development",
        twilio_account_sid="",
        twilio_auth_token=Secret(""),
        twilio_from_number="",
        smtp_host="",
        sms_quiet_hours="off",
    )


@pytest.mark.parametrize("service", sorted(JOBS))
def test_two_consumers_run_each_scheduled_job_once(service: str, tmp_path: Path) -> None:
    bootstrap = __import__(f"services.{service}.bootstrap", fromlist=["wire_consumer"])
    engine = migrated_engine(service, tmp_path)
    first, second = (bootstrap.wire_consumer(settings_for(service), engine) for _ in range(2))
    for _ in range(3):
        first.on_idle()
        second.on_idle()
    with engine.connect() as conn:
        ran = dict(conn.execute(select(bus_schedule.c.name, bus_schedule.c.ran_by)).all())
    assert set(ran) == JOBS[service]
    assert len(set(ran.values())) == 1, ran  # all by the first; the second waits its turn
