"""Runs real Chorus processes (gunicorn web apps, relays, consumers) against the local stand-ins.

The helpers above the fixture build any such stack (tests/cluster runs one with two of every
worker on PostgreSQL and a three-broker cluster); the fixture is the e2e suite's own."""

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
SECRET_KEY = "e2e-test-only"


@dataclass
class Stack:
    urls: dict[str, str]
    logs: Path


def stack_env(
    bootstrap: str,
    ports: dict[str, int],
    database_urls: dict[str, str],
    stripe_api: str = STRIPE_MOCK,
    twilio_api: str = TWILIO_MOCK,
) -> dict[str, str]:
    """The environment every process of a private stack runs with."""
    return {
        **os.environ,
        "CHORUS_ENV": "development",
        # No proxy here: the public address is notifications itself, so the SMS simulator posts
        # its signed webhook straight to it.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['notifications']}",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        **{f"{service.upper()}_DATABASE_URL": url for service, url in database_urls.items()},
        "STRIPE_API_KEY": "sk_test_e2e",
        "STRIPE_API_BASE": stripe_api,
        "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
        "TWILIO_AUTH_TOKEN": "e2e-test-token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "TWILIO_API_BASE": twilio_api,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": "1025",
        "SECRET_KEY": SECRET_KEY,
        "SMS_QUIET_HOURS": "off",  # the suite must pass at any hour
        "SCHEDULING_FEEDBACK_HOURS": "any",  # and so must asking how a session went
        # Our own consumer groups, so a `make run` on the same broker cannot take our events.
        "KAFKA_CONSUMER_GROUP_PREFIX": f"e2e-{uuid.uuid4().hex[:8]}-",
    }


def migrate_all(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "services.cli", "migrate", *PORTS], env=env, cwd=ROOT, check=True
    )


def groups_from_the_end(bootstrap: str, env: dict[str, str]) -> list[str]:
    """Every service's consumer group under this stack's prefix, started at the topics' ends
    (start_at_the_end); their names, to wait for."""
    from services.notifications import bootstrap as notifications
    from services.payments import bootstrap as payments
    from services.recruitment import bootstrap as recruitment
    from services.scheduling import bootstrap as scheduling

    groups = []
    for consumer in (notifications, scheduling, recruitment, payments):
        group = env["KAFKA_CONSUMER_GROUP_PREFIX"] + consumer.GROUP
        start_at_the_end(bootstrap, group, consumer.subscription().topics)
        groups.append(group)
    return groups


def web_command(service: str, port: int, threads: int = 1) -> list[str]:
    """gunicorn for a service's app; threads > 1 for a stack under load (the SMS simulator
    holds a worker while it calls its own service's webhook)."""
    app = f"services.{service}.entrypoints.app:create_app()"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--no-control-socket",
        "--logger-class=shared.access_log.RedactingLogger",
        "--workers",
        "2",  # the SMS simulator calls its own service's webhook while it answers
        *(["--threads", str(threads)] if threads > 1 else []),
        "--bind",
        f"127.0.0.1:{port}",
        app,
    ]


def worker_command(service: str, kind: str) -> list[str]:
    """A service's relay or consumer process."""
    return [sys.executable, "-m", f"services.{service}.entrypoints.{kind}"]


def start_process(
    command: list[str], env: dict[str, str], log_path: Path, append: bool = False
) -> subprocess.Popen[bytes]:
    log = open(log_path, "a" if append else "w")  # noqa: SIM115 - closed when the process ends
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_webs(urls: dict[str, str]) -> None:
    for url in urls.values():
        wait_until(
            lambda url=url: answers(f"{url}/health/live"), timeout=60, what=f"{url} to start"
        )


@pytest.fixture(scope="session")
def stack(
    bootstrap: str, stand_ins: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    databases = {service: f"sqlite:///{work / f'{service}.db'}" for service in PORTS}
    env = stack_env(bootstrap, PORTS, databases)
    migrate_all(env)
    groups = groups_from_the_end(bootstrap, env)
    commands = {}
    for service, port in PORTS.items():
        commands[f"{service}-web"] = web_command(service, port)
        commands[f"{service}-relay"] = worker_command(service, "relay")
    for service in ("notifications", "scheduling", "payments", "recruitment"):
        commands[f"{service}-consumer"] = worker_command(service, "consumer")
    processes = [
        start_process(command, env, work / f"{name}.log") for name, command in commands.items()
    ]
    urls = {service: f"http://127.0.0.1:{port}" for service, port in PORTS.items()}
    try:
        wait_for_webs(urls)
        wait_for_consumers(bootstrap, groups)
        yield Stack(urls, work)
    finally:
        stop_processes(processes)
