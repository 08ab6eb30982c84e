"""docker-compose.yml agrees with the code: services, ports, commands, routes and settings."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import yaml

from services.cli import main as chorus_main
from shared.config import SERVICE_PORTS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SCALE = yaml.safe_load((ROOT / "docker-compose.scale.yml").read_text())
SERVICES = COMPOSE["services"]
ROLES = ("web", "relay", "consumer")
CODE_DIRS = ("shared", "services")


def test_every_chorus_process_is_a_service_with_its_port() -> None:
    for service, port in SERVICE_PORTS.items():
        for role in ROLES:
            assert f"{service}-{role}" in SERVICES
        web = SERVICES[f"{service}-web"]
        assert web["command"] == ["web", service]
        assert web["environment"]["PORT"] == str(port)
        assert web["expose"] == [str(port)]
        assert f"{service}-web:{port}" in SERVICES["proxy"]["environment"].values()
    chorus = {s for s in SERVICES if s.split("-")[0] in SERVICE_PORTS}
    assert chorus == {f"{s}-{r}" for s in SERVICE_PORTS for r in ROLES}


def test_every_command_exists() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["chorus"] == "services.cli:main"
    for name, spec in SERVICES.items():
        command = spec.get("command")
        if command is None:
            continue
        if command[0] in ROLES:
            role, service = command
            module = importlib.import_module(
                f"services.{service}.entrypoints.{'app' if role == 'web' else role}"
            )
            if role == "web":
                assert callable(module.create_app), name
            else:  # run as `python -m`, like deploy/local/Procfile
                assert 'if __name__ == "__main__":' in Path(module.__file__).read_text(), name
            continue
        assert command[:2] == ["sh", "-c"], name
        for step in command[2].split("&&"):
            words = step.split()
            assert words[0] == "chorus", name
            try:  # the sub-command parses: `--help` exits 0 only for a known one
                chorus_main([words[1], "--help"])
            except SystemExit as exit_:
                assert exit_.code == 0, step


def test_health_checks_dependencies_and_restart_policies() -> None:
    for name, spec in SERVICES.items():
        health = spec.get("healthcheck", {})
        if name == "migrate":
            assert spec["restart"] == "no"
            continue
        assert health.get("test") and not health.get("disable"), name
        assert spec["restart"] == "unless-stopped", name
        if name.split("-")[0] in SERVICE_PORTS:
            assert spec["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
            assert spec["depends_on"]["kafka"] == {"condition": "service_healthy"}
    assert set(SERVICES["stripe-mock"]["profiles"]) == {"dev"}
    assert set(SERVICES["mailpit"]["profiles"]) == {"dev"}


def test_no_secret_values_in_the_compose_files() -> None:
    for text in ((ROOT / "docker-compose.yml").read_text(), (ROOT / "docker-compose.scale.yml")
                 .read_text()):  # fmt: skip
        for line in text.splitlines():
            if re.search(r"(PASSWORD|SECRET|TOKEN|API_KEY)\w*:", line) and "${" not in line:
                raise AssertionError(f"a secret's value in a compose file: {line}")


def test_scale_override_runs_three_brokers_with_replication() -> None:
    brokers = [s for s in SCALE["services"] if s.startswith("kafka")]
    assert sorted(brokers) == ["kafka", "kafka-2", "kafka-3"]
    for broker in brokers:
        env = SCALE["services"][broker]["environment"]
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == 2
        assert env["KAFKA_DEFAULT_REPLICATION_FACTOR"] == 3
    for name in SERVICES:
        if name.split("-")[0] in SERVICE_PORTS or name == "migrate":
            env = SCALE["services"][name]["environment"]
            assert env["KAFKA_REPLICATION_FACTOR"] == "3"
            assert len(env["KAFKA_BOOTSTRAP_SERVERS"].split(",")) == 3


def design_prefixes() -> list[str]:
    design = (ROOT / "docs" / "architecture.md").read_text()  # its public-contracts table
    rows = [line for line in design.splitlines() if line.startswith("| path prefixes")]
    return sorted({p for row in rows for p in re.findall(r"`(/[a-z/]+)", row)})


def test_the_proxy_routes_every_public_prefix_and_not_metrics() -> None:
    conf = (ROOT / "deploy/nginx/chorus.conf.template").read_text()
    locations = set(re.findall(r"location\s+(?:=\s+)?(\S+)\s*\{", conf))
    # architecture.md's public-contracts table (these five pages and the four APIs, at least).
    for prefix in ["/join", "/book", "/pay", "/messages", "/staff", *design_prefixes()]:
        prefix = prefix.rstrip("/")
        assert prefix in locations or f"{prefix}/" in locations, prefix
    for service in SERVICE_PORTS:
        assert f"/api/{service}/" in locations
    # /metrics is internal: nginx answers it 404 and never proxies it.
    assert "/metrics" in locations
    block = conf.split("location /metrics", 1)[1].split("}", 1)[0]
    assert "return 404" in block and "proxy_pass" not in block


def env_example_names() -> list[str]:
    text = (ROOT / ".env.example").read_text()
    chorus = text.split("# --- Chorus ---", 1)[1]
    return sorted(set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", chorus, re.MULTILINE)))


def test_every_setting_in_env_example_is_read_by_the_code() -> None:
    code = "".join(path.read_text() for d in CODE_DIRS for path in (ROOT / d).rglob("*.py"))
    names = env_example_names()
    assert "SECRET_KEY" in names and "PAYMENTS_FINANCE_THRESHOLD_PENCE" in names
    for name in names:
        if name.endswith("_DATABASE_URL"):
            assert "_DATABASE_URL" in code  # read as f"{service.upper()}_DATABASE_URL"
            continue
        assert f'"{name}"' in code, f"{name} is in .env.example but no code reads it"


def test_compose_only_settings_in_env_example_are_used_by_compose() -> None:
    text = (ROOT / ".env.example").read_text().split("# --- Chorus ---", 1)[0]
    compose = (ROOT / "docker-compose.yml").read_text()
    for name in re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE):
        assert "${" + name in compose, name


def compose_config(*files: str, env: dict[str, str]) -> dict:
    """`docker-compose config` (Debian's package: it parses and checks, no engine needed)."""
    docker_compose = shutil.which("docker-compose")
    assert docker_compose, "Debian's docker-compose is missing: deploy/local/install.sh installs it"
    done = subprocess.run(
        [docker_compose, "--project-directory", str(ROOT)]
        + [arg for name in files for arg in ("-f", str(ROOT / name))]
        + ["config"],
        env={"PATH": os.environ["PATH"], **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def env_file(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line))


def test_docker_compose_accepts_the_files_with_the_operators_env() -> None:
    # As an operator starts: .env.example's values (the compose-only ones it sets) in .env.
    env = env_file(ROOT / ".env.example") | {"CHORUS_ENV_FILE": ".env.example"}
    for files in (["docker-compose.yml"], ["docker-compose.yml", "docker-compose.scale.yml"]):
        config = compose_config(*files, env=env)
        assert set(config["services"]) >= set(SERVICES), files
    images = {name: spec["image"] for name, spec in compose_config(env=env)["services"].items()}
    # Without overrides, the official images (make compose-test swaps in local stand-ins).
    assert images["kafka"].startswith("apache/kafka:") and images["postgres"].startswith(
        "postgres:"
    )
    assert images["recruitment-web"] == "chorus:local" and images["proxy"] == "chorus-proxy:local"


# make compose-test runs every service but the development profile's stand-ins.
SERVICES_IN_COMPOSE_TEST = [name for name, spec in SERVICES.items() if "profiles" not in spec]


def test_every_image_is_a_variable_and_compose_test_builds_each_one_it_uses() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for name, spec in SERVICES.items():
        assert re.fullmatch(r"\$\{[A-Z_]+_IMAGE:-[^}]+\}", spec["image"]), name
    project = env_file(ROOT / "deploy/compose/project.env")
    config = compose_config(env=project)
    images_sh = (ROOT / "deploy/compose/images.sh").read_text()
    for name in SERVICES_IN_COMPOSE_TEST:
        image = config["services"][name]["image"]
        assert image.startswith("localhost/"), (name, image)
        assert f"-t {image} " in images_sh or f"-t {image}\n" in images_sh, (name, image)
    assert "${CHORUS_ENV_FILE:-.env}" in text
    assert (ROOT / project["CHORUS_ENV_FILE"]).is_file()
    assert project["CHORUS_HTTP_PORT"].startswith("127.0.0.1:")  # loopback only


def test_the_image_has_every_file_its_commands_and_health_checks_use() -> None:
    dockerfile = (ROOT / "deploy/docker/Dockerfile").read_text()
    for source in re.findall(r"^COPY (?!--from)(?:--\S+ )*(\S+(?: \S+)*) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which is missing"
    for name, spec in SERVICES.items():
        for word in spec.get("healthcheck", {}).get("test", [])[1:]:
            if word.startswith("/usr/local/bin/"):
                assert f" {word}\n" in dockerfile or f" {word} " in dockerfile, (name, word)
    entrypoint = (ROOT / "deploy/docker/entrypoint.sh").read_text()
    assert all(re.search(rf"^\s+{role}[|)]|\|{role}\)", entrypoint, re.M) for role in ROLES)
