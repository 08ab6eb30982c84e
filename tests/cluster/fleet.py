"""The cluster suite's processes: three brokers (deploy/local/kafka-cluster.sh) and two of every
relay and consumer, each by name, so a test can SIGKILL one and start it again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import (
    start_process,
    stop_processes,
    wait_for_webs,
    web_command,
    worker_command,
)
from tests.support import ROOT, wait_until

CLUSTER_SCRIPT = ROOT / "deploy" / "local" / "kafka-cluster.sh"
BROKER_PIDS = ROOT / "var" / "run"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cluster(action: str, node: int | None = None) -> str:
    """Run deploy/local/kafka-cluster.sh ACTION [NODE]; its standard output."""
    command = [str(CLUSTER_SCRIPT), action, *([str(node)] if node else [])]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    if done.returncode != 0:
        raise AssertionError(f"kafka-cluster.sh {action} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def kill_broker(node: int) -> None:
    """SIGKILL one broker, as a machine that loses power would: no clean shutdown."""
    pid = int((BROKER_PIDS / f"kafka-cluster-{node}.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not _alive(pid), timeout=10, what=f"broker {node} to die")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # the script started it in its own session: not ours to reap
    except ProcessLookupError:
        return False
    return True


@dataclass
class Fleet:
    """Named processes of one stack; each keeps its command, so it can be started again."""

    env: dict[str, str]
    logs: Path
    commands: dict[str, list[str]] = field(default_factory=dict)
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    kills: list[str] = field(default_factory=list)

    def start(self, name: str, command: list[str] | None = None) -> None:
        if command is not None:
            self.commands[name] = command
        again = name in self.running
        self.running[name] = start_process(
            self.commands[name], self.env, self.logs / f"{name}.log", append=again
        )

    def start_chorus(self, ports: dict[str, int], instances: int) -> dict[str, str]:
        """Each service's web app on its port and `instances` of its relay and consumer, named
        `<service>-relay-<n>` and `<service>-consumer-<n>`; their web addresses, once answering."""
        for service, port in ports.items():
            self.start(f"{service}-web", web_command(service, port, threads=8))
            for n in range(1, instances + 1):
                self.start(f"{service}-relay-{n}", worker_command(service, "relay"))
                self.start(f"{service}-consumer-{n}", worker_command(service, "consumer"))
        urls = {service: f"http://127.0.0.1:{port}" for service, port in ports.items()}
        wait_for_webs(urls)
        return urls

    def kill(self, name: str) -> None:
        """SIGKILL: the process gets no chance to finish what it was doing."""
        process = self.running[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        self.kills.append(name)

    def dead(self) -> list[str]:
        return [name for name, p in self.running.items() if p.poll() is not None]

    def stop(self) -> None:
        stop_processes(list(self.running.values()))
