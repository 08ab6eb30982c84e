"""`make run`'s settings: deploy/local/dev.env gives defaults and the environment wins (#14.2).

The test runs what deploy/local/run.sh runs: lib.sh's load_defaults on dev.env, then honcho with
run.sh's options on a Procfile whose one process prints the settings it was given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.shared.unit.test_startup_checks import env_file
from tests.support import ROOT

DEV_ENV = env_file("deploy/local/dev.env")
SHOWN = ("TWILIO_AUTH_TOKEN", "CHORUS_ENV", "SECRET_KEY", "SMTP_PORT")
SCRIPT = """
source deploy/local/lib.sh
load_defaults deploy/local/dev.env
exec honcho "${HONCHO_OPTIONS[@]}" -f "$1/Procfile" -d "$1" start
"""


def settings_make_run_gives(tmp_path: Path, **environment: str) -> dict[str, str]:
    values = f"{{k: os.environ.get(k) for k in {SHOWN!r}}}"
    show = f"import json, os; print('SHOWN=' + json.dumps({values}))"
    (tmp_path / "Procfile").write_text(f'show: {sys.executable} -c "{show}"\n')
    # An operator's compose .env in the app root, which honcho would read and let win.
    (tmp_path / ".env").write_text("CHORUS_ENV=production\nTWILIO_AUTH_TOKEN=from-dot-env\n")
    env = {k: v for k, v in os.environ.items() if k not in DEV_ENV}
    env |= {"PATH": f"{Path(sys.executable).parent}:{env['PATH']}", "CHORUS_VAR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-c", SCRIPT, "run.sh", str(tmp_path)],
        env=env | environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [line] = [line for line in done.stdout.splitlines() if "SHOWN=" in line]
    return json.loads(line.split("SHOWN=", 1)[1])


def test_the_environment_wins_over_dev_env(tmp_path: Path) -> None:
    given = settings_make_run_gives(tmp_path, TWILIO_AUTH_TOKEN="x", SMTP_PORT="2525")
    assert given["TWILIO_AUTH_TOKEN"] == "x" and given["SMTP_PORT"] == "2525"
    # What the environment leaves unset comes from dev.env, and never from a stray .env.
    assert given["CHORUS_ENV"] == "development"
    assert given["SECRET_KEY"] == DEV_ENV["SECRET_KEY"]


def test_dev_env_fills_in_what_the_environment_leaves_unset(tmp_path: Path) -> None:
    given = settings_make_run_gives(tmp_path)
    assert given == {name: DEV_ENV[name] for name in SHOWN}


def test_run_sh_loads_its_settings_this_way() -> None:
    run_sh = (ROOT / "deploy/local/run.sh").read_text()
    assert 'load_defaults "$ROOT/deploy/local/dev.env"' in run_sh
    assert 'honcho "${HONCHO_OPTIONS[@]}" -f deploy/local/Procfile' in run_sh
    assert 'source "$ROOT/deploy/local/dev.env"' not in run_sh
