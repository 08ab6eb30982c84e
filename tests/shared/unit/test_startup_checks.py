"""Production by default, and no start outside development without real secrets (issue #14.1)."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

from shared.config import DEVELOPMENT_SECRET_KEY, Secret, Settings, common_values, load_settings
from shared.startup_checks import CHECKED, NEEDS, UnsafeSettings, problems, require

ROOT = Path(__file__).resolve().parents[3]
REAL = {
    "SECRET_KEY": "9f2c4e7a1b3d5f6e8a0c2e4f6a8b0d1e3f5a7c9e1b3d5f7a",
    "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
    "STRIPE_WEBHOOK_SECRET": "whsec_Kq2nS8vXc4LmP0aTzR6yWb1E",
    "PUBLIC_BASE_URL": "https://chorus.nhs.uk",
}
PROCESSES = [(s, p) for s in ("recruitment", "scheduling", "payments", "notifications")
             for p in ("web", "relay", "consumer")]  # fmt: skip


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """os.environ with none of Chorus's settings in it (tests/conftest.py sets development)."""
    for name in ("CHORUS_ENV", *CHECKED):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@dataclasses.dataclass(frozen=True)
class EveryChecked(Settings):
    """Shared settings plus the checked options that services keep in their own settings."""

    stripe_webhook_secret: Secret = dataclasses.field(default_factory=lambda: Secret(""))
    twilio_auth_token: Secret = dataclasses.field(default_factory=lambda: Secret(""))


def production(**values: str) -> Settings:
    """Notifications' settings in production: the values given, every other checked one empty."""
    given = {name.lower(): Secret(values.get(name, "")) for name in CHECKED}
    shared = EveryChecked(**common_values("notifications"))
    return dataclasses.replace(shared, env="production", **given)


def settings_for(service: str, process: str) -> Settings:
    """As each service's processes call it: through the service's own settings."""
    return importlib.import_module(f"services.{service}.config").settings_for(process)


def env_file(path: str) -> dict[str, str]:
    lines = (ROOT / path).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line))


def test_unset_chorus_env_means_production_with_no_development_defaults(environ) -> None:
    settings = load_settings("recruitment")
    assert settings.env == "production" and not settings.is_development
    assert settings.secret_key == "" and settings.public_base_url == ""
    environ.setenv("CHORUS_ENV", "")
    assert load_settings("recruitment").env == "production"


def test_an_unset_chorus_env_refuses_to_start_a_web_process(environ) -> None:
    with pytest.raises(UnsafeSettings, match=r"CHORUS_ENV=production.*SECRET_KEY is missing"):
        settings_for("scheduling", "web")


def test_development_has_one_fixed_key_for_every_worker(environ) -> None:
    environ.setenv("CHORUS_ENV", "development")
    keys = {load_settings(service).secret_key for service in ("recruitment", "payments")}
    assert keys == {DEVELOPMENT_SECRET_KEY}
    assert load_settings("notifications").public_base_url == "http://127.0.0.1:8000"
    assert settings_for("notifications", "web").is_development  # development starts as it is


def test_production_starts_with_real_values(environ) -> None:
    for name, value in REAL.items():
        environ.setenv(name, value)
    for service, process in PROCESSES:
        assert settings_for(service, process).env == "production"


@pytest.mark.parametrize("name", CHECKED)
def test_each_missing_setting_is_named(name: str) -> None:
    found = problems(production(**{**REAL, name: ""}), CHECKED)
    assert found == [f"{name} is missing"]
    assert problems(production(**{**REAL, name: "   "}), CHECKED) == [f"{name} is missing"]


@pytest.mark.parametrize(
    "path", ["deploy/local/dev.env", "deploy/compose/chorus.env", ".env.example"]
)
def test_every_value_the_repository_ships_is_a_placeholder(path: str) -> None:
    shipped = {name: value for name, value in env_file(path).items() if name in CHECKED}
    assert shipped, path
    for name, value in shipped.items():
        found = problems(production(**{**REAL, name: value}), CHECKED)
        assert found == [f"{name} is a placeholder, not a real value"], (path, name, value)


def test_the_compose_test_starts_and_an_unfilled_env_example_does_not(environ) -> None:
    for name, value in env_file("deploy/compose/chorus.env").items():  # make compose-test's
        environ.setenv(name, value)
    for service, process in PROCESSES:
        assert settings_for(service, process).is_development
    for name, value in env_file(".env.example").items():  # an operator's .env, not filled in
        environ.setenv(name, value)
    for service in ("recruitment", "scheduling", "payments", "notifications"):
        with pytest.raises(UnsafeSettings, match="SECRET_KEY is a placeholder"):
            settings_for(service, "web")


@pytest.mark.parametrize(
    "value", ["REQUIRED", "changeme", "whsec_placeholder", "https://chorus.example.org", "/chorus"]
)
def test_placeholders_and_non_addresses_are_refused(value: str) -> None:
    name = "PUBLIC_BASE_URL" if value.startswith(("https", "/")) else "STRIPE_WEBHOOK_SECRET"
    [found] = problems(production(**{**REAL, name: value}), CHECKED)
    assert found.startswith(name)


def test_the_message_names_every_problem_and_never_a_value() -> None:
    settings = production(**{**REAL, "SECRET_KEY": "", "TWILIO_AUTH_TOKEN": "development-only"})
    with pytest.raises(UnsafeSettings) as refused:
        require(settings, "consumer")
    message = str(refused.value)
    assert message.startswith("Chorus notifications consumer will not start")
    assert "SECRET_KEY is missing" in message
    assert "TWILIO_AUTH_TOKEN is a placeholder" in message
    assert "development-only" not in message and "CHORUS_ENV=development" in message


def test_each_process_needs_only_what_it_signs_or_verifies_with() -> None:
    nothing = production()  # every checked setting empty
    assert problems(nothing, NEEDS[("scheduling", "web")]) == ["SECRET_KEY is missing"]
    assert "STRIPE_WEBHOOK_SECRET is missing" in problems(nothing, NEEDS[("payments", "web")])
    for service, process in PROCESSES:
        settings = dataclasses.replace(nothing, service=service)
        if (service, process) not in NEEDS:  # relays and the other consumers sign nothing
            assert require(settings, process) is settings
        else:
            with pytest.raises(UnsafeSettings):
                require(settings, process)


def test_an_unknown_chorus_env_is_refused_even_with_every_secret() -> None:
    settings = dataclasses.replace(production(**REAL), env="prod")
    with pytest.raises(UnsafeSettings, match="CHORUS_ENV is 'prod'"):
        require(settings, "cli")
