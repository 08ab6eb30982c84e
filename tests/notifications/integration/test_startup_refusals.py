"""Real processes refuse to start without real secrets outside development (issue #14.1), and an
empty Twilio token never lets a signature through, even in development."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from twilio.request_validator import RequestValidator

from services.notifications.config import load_settings
from services.notifications.entrypoints.app import create_app
from shared.config import Secret
from shared.startup_checks import CHECKED
from tests.shared.unit.test_startup_checks import REAL, env_file
from tests.support import ROOT, migrated_engine, wait_until

GUNICORN = [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", "2"]
NOTIFICATIONS_WEB = "services.notifications.entrypoints.app:create_app()"


def environment(tmp_path: Path, **values: str) -> dict[str, str]:
    """The test run's environment without CHORUS_ENV or any checked secret, plus values."""
    env = {k: v for k, v in os.environ.items() if k != "CHORUS_ENV" and k not in CHECKED}
    env["NOTIFICATIONS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'notifications.db'}"
    return env | values


def refused(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0, done.stdout + done.stderr
    return done


def test_gunicorn_refuses_to_start_with_chorus_env_unset(tmp_path: Path) -> None:
    done = refused([*GUNICORN, "--bind", "127.0.0.1:0", NOTIFICATIONS_WEB], environment(tmp_path))
    said = done.stderr
    assert "Chorus notifications web will not start (CHORUS_ENV=production)" in said
    for problem in ("SECRET_KEY is missing", "TWILIO_AUTH_TOKEN is missing", "PUBLIC_BASE_URL"):
        assert problem in said
    assert "Worker failed to boot" in said  # gunicorn stops, it does not retry forever


def test_a_consumer_refuses_the_development_values_in_production(tmp_path: Path) -> None:
    env = environment(tmp_path, **{**env_file("deploy/local/dev.env"), "CHORUS_ENV": "production"})
    command = [sys.executable, "-m", "services.notifications.entrypoints.consumer"]
    done = refused(command, env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Chorus notifications consumer will not start"), done.stderr
    for name in ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        assert f"{name} is a placeholder" in done.stderr
    assert "development-only" not in done.stderr  # names, never values


def test_the_cli_refuses_a_mistyped_chorus_env(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "services.cli", "topics"]
    done = refused(command, environment(tmp_path, CHORUS_ENV="prod", **REAL))
    assert "CHORUS_ENV is 'prod': it must be production or development" in done.stderr


def test_gunicorn_starts_in_production_with_real_values(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = environment(tmp_path, **REAL)
    log = (tmp_path / "web.log").open("w")
    web = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", NOTIFICATIONS_WEB],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/health/live"

        def live() -> bool:
            assert web.poll() is None, (tmp_path / "web.log").read_text()
            try:
                return requests.get(url, timeout=5).status_code == 200
            except requests.RequestException:  # not listening yet, or a busy machine
                return False

        wait_until(live, 60, what="notifications web in production")
    finally:
        web.terminate()
        web.wait(timeout=30)
        log.close()


@pytest.mark.parametrize("token", ["", " "])
def test_an_empty_twilio_token_validates_no_signature_even_in_development(
    tmp_path: Path, token: str
) -> None:
    settings = dataclasses.replace(load_settings("notifications"), twilio_auth_token=Secret(token))
    assert settings.is_development
    client = create_app(settings, migrated_engine("notifications", tmp_path)).test_client()
    path = "/api/notifications/twilio/sms"
    form = {"MessageSid": "SM" + "0" * 32, "From": "+447123456789", "To": "+447700900000"}
    forged = RequestValidator(token).compute_signature(settings.public_base_url + path, form)
    response = client.post(path, data=form, headers={"X-Twilio-Signature": forged})
    assert response.status_code == 403


def test_two_development_workers_without_secret_key_read_each_others_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    engine = migrated_engine("notifications", tmp_path)
    first, second = (create_app(load_settings("notifications"), engine) for _ in range(2))
    signed = first.session_interface.get_signing_serializer(first).dumps({"staff": "s-1"})
    assert second.session_interface.get_signing_serializer(second).loads(signed) == {"staff": "s-1"}
