"""Runs real Chorus processes (gunicorn web apps, relays, consumers) against the local stand-ins."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.stripe_recording_proxy import STRIPE_MOCK
from tests.support import (
    ROOT,
    TWILIO_MOCK,
    answers,
    start_at_the_end,
    wait_for_consumers,
    wait_until,
)

PORTS = {"recruitment": 18001, "scheduling": 18002, "notifications": 18004, "payments": 18003}
STRIPE_WEBHOOK_SECRET = "whsec_e2e_only"


@dataclass
class Stack:
    urls: dict[str, str]
    logs: Path


@pytest.fixture(scope="session")
def stack(
    bootstrap: str, stand_ins: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "CHORUS_ENV": "development",
        # No proxy here: the public address is notifications itself, so the SMS simulator posts
        # its signed webhook straight to it.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{PORTS['notifications']}",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "RECRUITMENT_DATABASE_URL": f"sqlite:///{work / 'recruitment.db'}",
        "NOTIFICATIONS_DATABASE_URL": f"sqlite:///{work / 'notifications.db'}",
        "SCHEDULING_DATABASE_URL": f"sqlite:///{work / 'scheduling.db'}",
        "PAYMENTS_DATABASE_URL": f"sqlite:///{work / 'payments.db'}",
        "STRIPE_API_KEY": "sk_test_e2e",
        "STRIPE_API_BASE": STRIPE_MOCK,
        "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
        "TWILIO_AUTH_TOKEN": "e2e-test-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_BASE": TWILIO_MOCK,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": "1025",
        "SECRET_KEY": "e2e-test-only",
        "SMS_QUIET_HOURS": "off",  # the suite must pass at any hour
        # Our own consumer groups, so a `make run` on the same broker cannot take our events.
        "KAFKA_CONSUMER_GROUP_PREFIX": f"e2e-{uuid.uuid4().hex[:8]}-",
    }
    subprocess.run(
        [sys.executable, "-m", "services.cli", "migrate", *PORTS],
        env=env,
        cwd=ROOT,
        check=True,
    )
    from services.notifications import bootstrap as notifications
    from services.recruitment import bootstrap as recruitment
    from services.scheduling import bootstrap as scheduling

    for consumer in (notifications, scheduling, recruitment):
        group = env["KAFKA_CONSUMER_GROUP_PREFIX"] + consumer.GROUP
        start_at_the_end(bootstrap, group, consumer.subscription().topics)
    from services.payments import bootstrap as payments

    payments_group = env["KAFKA_CONSUMER_GROUP_PREFIX"] + payments.GROUP
    groups = [
        env["KAFKA_CONSUMER_GROUP_PREFIX"] + c.GROUP
        for c in (notifications, scheduling, recruitment)
    ]
    start_at_the_end(bootstrap, payments_group, payments.subscription().topics)
    commands = {}
    for service, port in PORTS.items():
        app = f"services.{service}.entrypoints.app:create_app()"
        commands[f"{service}-web"] = [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "--logger-class=shared.access_log.RedactingLogger",
            "--workers",
            "2",  # the SMS simulator calls its own service's webhook while it answers
            "--bind",
            f"127.0.0.1:{port}",
            app,
        ]
        commands[f"{service}-relay"] = [
            sys.executable,
            "-m",
            f"services.{service}.entrypoints.relay",
        ]
    for service in ("notifications", "scheduling", "payments", "recruitment"):
        commands[f"{service}-consumer"] = [
            sys.executable,
            "-m",
            f"services.{service}.entrypoints.consumer",
        ]
    processes = []
    for name, command in commands.items():
        log = open(work / f"{name}.log", "w")  # noqa: SIM115 - closed when the process ends
        processes.append(
            subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        )
    urls = {service: f"http://127.0.0.1:{port}" for service, port in PORTS.items()}
    try:
        for url in urls.values():
            wait_until(
                lambda url=url: answers(f"{url}/health/live"), timeout=60, what=f"{url} to start"
            )
        wait_for_consumers(bootstrap, [*groups, payments_group])
        yield Stack(urls, work)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
