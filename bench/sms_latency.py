"""Benchmark: a text to its reply (BOOK -> the times) through the whole running system.

A private Chorus (every service's web app, relay and consumer, as `make run` runs them, on SQLite;
then two of every relay and consumer on PostgreSQL schemas) on the broker at --bootstrap, with
its own consumer groups started at the topics' ends. Texts reach Twilio through the fault proxy
(tests/twilio_fault_proxy.py, pass mode) in front of Prism, which logs when each arrived.

Prepared fast, through events and the service layer: a person per text (a contact each, signed
up long ago, invited to an activity with two open times; BOOK only asks for them), their
invitation texts sent. Measured: each person's "BOOK" posted to the public signed Twilio webhook
at a steady --rate a second for --seconds (open loop: on schedule, never waiting for replies);
the latency is from the request's start to the moment the reply ("Chorus times for…") reached
the proxy. Figures: p50/p95/max, replies missing (must be 0), the achieved send rate, each
process's CPU, and where the time went, hop by hop (from the databases' timestamps). Baselines
in the same run: the webhook's own HTTP answer and a Twilio SDK create through the proxy (the
stand-in's round trip), so a reader sees what part is Chorus's pipeline. Then the same with two
of every relay and consumer (one group per service; notifications' consumer is its dispatcher
too) and the second instance's p95. The last line is the one-instance pass's p95.

    .venv/bin/python bench/sms_latency.py [--rate 20] [--seconds 60] [--bootstrap HOST:PORT]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, text
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.private_broker import private_broker
from bench.publishing import envelope, publish
from services.notifications.adapters.orm import messages
from services.notifications.adapters.orm import notifications as owed_notifications
from services.scheduling.bootstrap import uow_factory as scheduling_uows
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import MAX_CAPACITY, SlotPlan
from services.scheduling.sessions.service_layer import session_admin
from shared.bus.topics import ensure_topics
from shared.db import make_engine
from shared.logging import configure_logging
from tests.cluster.fleet import Fleet, free_port
from tests.e2e.conftest import (
    PORTS,
    groups_from_the_end,
    migrate_all,
    stack_env,
)
from tests.support import TWILIO_MOCK, postgres_schema, wait_for_consumers, wait_until
from tests.twilio_fault_proxy import FaultProxy

WEBHOOK = "/api/notifications/twilio/sms"
OFFERED = "Chorus times for"
TITLE = "Clearer hospital letters"
SENDERS = 64  # threads posting texts: enough that a slow answer never delays the next send


def cpu_seconds(pids: set[int]) -> dict[int, float]:
    """CPU time used so far by each process and its children (gunicorn's workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[int, float] = dict.fromkeys(pids, 0.0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(stat.parent.name), int(fields[1])
        owner = pid if pid in pids else parent if parent in pids else None
        if owner is not None:
            used[owner] += (int(fields[11]) + int(fields[12])) / ticks
    return used


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (the value p% of the values are at or below)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))  # ceil without floats' rounding
    return ordered[int(rank) - 1]


def schedule(rate: float, seconds: float) -> list[float]:
    """When each text is due, in seconds from the start: a steady rate, open loop."""
    return [n / rate for n in range(round(rate * seconds))]


def epoch(at: Any) -> float:
    moment = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def phone(pass_number: int, i: int) -> str:
    return f"+4479112{pass_number}{i:04d}"  # +447911 2x xxxx: an allocated mobile range


@dataclass
class Stack:
    urls: dict[str, str]
    engines: dict[str, Engine]
    env: dict[str, str]
    fleet: Fleet


@dataclass
class Sent:
    phone: str
    started: float  # epoch seconds, the request's start
    due: float
    answered_s: float = float("nan")
    status: int = 0


@dataclass
class Figures:
    latencies: list[float]
    missing: int
    achieved_rate: float
    answer_s: list[float]
    hops: dict[str, list[float]] = field(default_factory=dict)
    failed_posts: int = 0
    lag_s: float = 0.0  # the latest a text was posted after its due time
    cpu: dict[str, float] = field(default_factory=dict)  # share of a core while texts came


@contextmanager
def running_stack(
    args: argparse.Namespace, work: Path, proxy: FaultProxy, databases: dict[str, str], n: int
) -> Iterator[Stack]:
    """Every service's web app, and `n` of every relay and consumer."""
    ports = {service: free_port() for service in PORTS}
    env = stack_env(args.bootstrap, ports, databases, twilio_api=proxy.url)
    env["KAFKA_CONSUMER_GROUP_PREFIX"] = f"bench-sms-{uuid.uuid4().hex[:8]}-"
    # Twilio's limit for the sending number: 20 replies a second need more than the default 10.
    env["SMS_PER_SECOND"] = str(args.sms_per_second)
    migrate_all(env)
    groups = groups_from_the_end(args.bootstrap, env)
    work.mkdir(parents=True, exist_ok=True)
    fleet = Fleet(env, work)
    engines = {service: make_engine(url) for service, url in databases.items()}
    try:
        urls = fleet.start_chorus(ports, n)
        wait_for_consumers(args.bootstrap, groups, timeout=120)
        yield Stack(urls, engines, env, fleet)
    finally:
        fleet.stop()
        for engine in engines.values():
            engine.dispose()


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def prepare(args: argparse.Namespace, stack: Stack, proxy: FaultProxy, numbers: list[str]) -> dict:
    """People signed up long ago and invited to an open activity: contacts and invitations on
    Kafka (as recruitment publishes them), the times through scheduling's service layer. Waits
    for every invitation text, so none is sent while the texts are measured."""
    activity_id = str(uuid.uuid4())
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    plans = tuple(
        SlotPlan(starts + timedelta(days=d), starts + timedelta(days=d, hours=1), MAX_CAPACITY)
        for d in range(2)
    )
    command = CreateSession(activity_id, TITLE, "online", None, (), "https://meet.example/x", plans)
    with scheduling_uows(stack.engines["scheduling"])() as uow:
        session_admin.create_session(command, uow)
    people = {to: str(uuid.uuid4()) for to in numbers}
    details = {"preferred_channel": "sms", "language": "en", "email": None}
    contacts = [
        envelope(
            "ContactDetailsChanged",
            pid,
            {"participant_id": pid, "preferred_name": "Sam", "phone": to, **details},
        )
        for to, pid in people.items()
    ]
    publish(args.bootstrap, contacts, "bench-sms")
    like = numbers[0][:-4]
    wait_until(
        lambda: count(stack.engines["notifications"], f"SELECT count(*) FROM contacts "
                      f"WHERE phone LIKE '{like}%'") >= len(numbers),
        timeout=180, interval=1, what="notifications to know every contact",
    )  # fmt: skip
    # They signed up (and were welcomed) long ago: an invitation waits for a sign-up it has not
    # seen (services/notifications/adapters/repository.py, _in_order).
    with stack.engines["notifications"].begin() as conn:
        conn.execute(
            text("INSERT INTO sign_ups (participant_id, confirmed) VALUES (:pid, true)"),
            [{"pid": pid} for pid in people.values()],
        )
    invitations = [
        envelope(
            "ParticipantInvited",
            pid,
            {
                "invitation_id": str(uuid.uuid4()),
                "participant_id": pid,
                "activity_id": activity_id,
                "activity_title": TITLE,
                "respond_by": None,
            },
        )
        for pid in people.values()
    ]
    publish(args.bootstrap, invitations, "bench-sms")
    ours = set(numbers)
    wait_until(
        lambda: len({m["to"] for m in proxy.state.log()} & ours) >= len(ours),
        timeout=240, interval=1, what="every invitation text",
    )  # fmt: skip
    wait_until(
        lambda: count(stack.engines["scheduling"], f"SELECT count(*) FROM invitations "
                      f"WHERE activity_id = '{activity_id}'") >= len(numbers),
        timeout=120, interval=1, what="scheduling to know every invitation",
    )  # fmt: skip
    return people


class Texter:
    """Posts texts to the public webhook, signed as Twilio signs them; one session a thread."""

    def __init__(self, stack: Stack) -> None:
        self.url = stack.env["PUBLIC_BASE_URL"] + WEBHOOK
        self.validator = RequestValidator(stack.env["TWILIO_AUTH_TOKEN"])
        self.to = stack.env["TWILIO_FROM_NUMBER"]
        self.local = threading.local()

    def post(self, sent: Sent, body: str) -> None:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "From": sent.phone,
            "To": self.to,
            "Body": body,
        }
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.url, form)}
        sent.started = time.time()
        begun = time.perf_counter()
        try:
            answer = self.local.session.post(self.url, data=form, headers=headers, timeout=30)
            sent.status = answer.status_code
        except requests.RequestException:
            sent.status = -1
        sent.answered_s = time.perf_counter() - begun


def send_steadily(texter: Texter, numbers: list[str], rate: float, seconds: float) -> list[Sent]:
    """Each number's BOOK at its due time, whatever the earlier ones' answers."""
    due = schedule(rate, seconds)
    sends = [Sent(to, 0.0, at) for to, at in zip(numbers, due, strict=False)]
    with ThreadPoolExecutor(SENDERS) as pool:
        start = time.perf_counter()
        for sent in sends:
            wait = start + sent.due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            sent.due = time.time() - (time.perf_counter() - start - sent.due)  # as epoch
            pool.submit(texter.post, sent, "BOOK")
    return sends


def first_replies(log: list[dict[str, Any]], numbers: set[str], after: float) -> dict[str, float]:
    """The first reply offering the times to each number since `after`, when it reached the
    proxy (its log: the creates in the order they came)."""
    first: dict[str, float] = {}
    for m in log:
        if m["to"] in numbers and OFFERED in m["body"]:
            at = epoch(m["at"])
            if at >= after and m["to"] not in first:
                first[m["to"]] = at
    return first


def hops(
    stack: Stack, people: dict[str, str], sent: dict[str, float], replied: dict[str, float]
) -> dict[str, list[float]]:
    """Where each text's time went, from the databases' timestamps (one clock: this machine)."""
    pid_to_phone = {pid: to for to, pid in people.items()}
    steps: dict[str, dict[str, float]] = {to: {"posted": at} for to, at in sent.items()}
    for to, at in replied.items():
        steps[to]["at Twilio"] = at

    def stamp(engine: Engine, sql: str, first: str, second: str | None) -> None:
        with engine.connect() as conn:
            for row in conn.execute(text(sql)):
                to = pid_to_phone.get(row[0])
                if to not in steps:
                    continue
                steps[to][first] = _epoch(row[1])
                if second and row[2] is not None:
                    steps[to][second] = _epoch(row[2])

    notifications, scheduling = stack.engines["notifications"], stack.engines["scheduling"]
    rows = "SELECT key, created_at, sent_at FROM outbox WHERE event_type = "
    stamp(notifications, rows + "'InboundSmsReceived'", "inbound in outbox", "inbound published")
    stamp(scheduling, rows + "'BookingOptionsOffered'", "scheduling handled", "options published")
    owed = owed_notifications.select().where(owed_notifications.c.template == "booking_options")
    query = messages.select().where(messages.c.template == "booking_options")
    with notifications.connect() as conn:
        for row in conn.execute(owed):
            to = pid_to_phone.get(row.participant_id)
            if to in steps:
                steps[to]["notification owed"] = _epoch(row.created_at)
        for row in conn.execute(query):
            to = pid_to_phone.get(row.participant_id)
            if to in steps:
                steps[to]["message composed"] = _epoch(row.created_at)
                if row.claimed_at is not None:
                    steps[to]["dispatcher claimed"] = _epoch(row.claimed_at)
    return between(steps, HOPS)


def between(steps: dict[str, dict[str, float]], order: list[str]) -> dict[str, list[float]]:
    """Each text's time from one step to the next, for the texts whose both steps are known."""
    return {
        f"{a} -> {b}": [s[b] - s[a] for s in steps.values() if a in s and b in s]
        for a, b in pairwise(order)
    }


HOPS = [
    "posted",
    "inbound in outbox",
    "inbound published",
    "scheduling handled",
    "options published",
    "notification owed",
    "message composed",
    "dispatcher claimed",
    "at Twilio",
]


def _epoch(at: Any) -> float:
    if isinstance(at, datetime):
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()
    return epoch(at)


def measure(
    args: argparse.Namespace, work: Path, proxy: FaultProxy, databases: dict[str, str], n: int,
    pass_number: int,
) -> Figures:  # fmt: skip
    total = round(args.rate * args.seconds)
    numbers = [phone(pass_number, i) for i in range(total)]
    with running_stack(args, work / f"pass-{pass_number}", proxy, databases, n) as stack:
        people = prepare(args, stack, proxy, numbers)
        texter = Texter(stack)
        pids = {name: p.pid for name, p in stack.fleet.running.items()}
        cpu_before = cpu_seconds(set(pids.values()))
        began = time.time()
        sends = send_steadily(texter, numbers, args.rate, args.seconds)
        cpu_after = cpu_seconds(set(pids.values()))
        window = time.time() - began
        ours = set(numbers)
        _wait_for_replies(proxy, ours, began, args.drain)
        first = first_replies(proxy.state.log(), ours, began)
        started = {s.phone: s.started for s in sends}
        latencies = [first[to] - started[to] for to in first]
        span = max(s.started for s in sends) - min(s.started for s in sends)
        breakdown = hops(stack, people, started, first)
        return Figures(
            latencies=latencies,
            missing=len(ours - set(first)),
            achieved_rate=(len(sends) - 1) / span if span > 0 else float("nan"),
            answer_s=[s.answered_s for s in sends],
            hops={k: v for k, v in breakdown.items() if v},
            failed_posts=sum(1 for s in sends if s.status != 200),
            lag_s=max(s.started - s.due for s in sends),
            cpu={name: (cpu_after[pid] - cpu_before[pid]) / window for name, pid in pids.items()},
        )


def _wait_for_replies(proxy: FaultProxy, numbers: set[str], after: float, drain: float) -> None:
    deadline = time.monotonic() + drain
    while time.monotonic() < deadline:
        if len(first_replies(proxy.state.log(), numbers, after)) >= len(numbers):
            return
        time.sleep(0.5)


def stand_in_round_trip(proxy: FaultProxy, n: int) -> list[float]:
    """A text created through Twilio's SDK at the proxy, one after another: the stand-in's part."""
    client = Client("AC" + "0" * 32, "bench", http_client=TwilioHttpClient(timeout=15))
    client.api.base_url = proxy.url
    times = []
    for i in range(n):
        begun = time.perf_counter()
        client.messages.create(to=f"+447700900{100 + i:03d}", from_="+447700900000", body="base")
        times.append(time.perf_counter() - begun)
    return times


def report(label: str, figures: Figures) -> None:
    lat = figures.latencies
    print(f"-- {label}")
    print(
        f"texts {len(figures.answer_s)}, achieved send rate {figures.achieved_rate:.2f} /s "
        f"(latest post {figures.lag_s * 1000:.0f} ms behind schedule), "
        f"webhook answers not 200: {figures.failed_posts}"
    )
    print(
        f"text to reply: p50 {percentile(lat, 50):.2f} s, p95 {percentile(lat, 95):.2f} s, "
        f"max {max(lat, default=float('nan')):.2f} s; replies missing: {figures.missing}"
    )
    answers = figures.answer_s
    print(
        f"baseline, the webhook's own HTTP answer: p50 {percentile(answers, 50) * 1000:.0f} ms, "
        f"p95 {percentile(answers, 95) * 1000:.0f} ms"
    )
    busiest = sorted(figures.cpu.items(), key=lambda item: -item[1])
    print("CPU while texts came (of one core): " + ", ".join(
        f"{name} {share:.0%}" for name, share in busiest if share >= 0.02
    ))  # fmt: skip
    print(f"{'hop':<46}{'p50 ms':>8}{'p95 ms':>8}")
    for hop, values in figures.hops.items():
        print(
            f"{hop:<46}{percentile(values, 50) * 1000:>8.0f}{percentile(values, 95) * 1000:>8.0f}"
        )


def both_passes(
    args: argparse.Namespace, work: Path
) -> tuple[Figures, Figures | None, list[float]]:
    """One instance of everything on SQLite, then (unless --skip-two) two on PostgreSQL."""
    proxy = FaultProxy(TWILIO_MOCK).start()
    try:
        round_trip = stand_in_round_trip(proxy, 50)
        proxy.state.reset()
        sqlite = {service: f"sqlite:///{work / f'{service}.db'}" for service in PORTS}
        one = measure(args, work, proxy, sqlite, 1, 1)
        two = None
        if not args.skip_two:
            with ExitStack() as schemas:
                pg = {s: schemas.enter_context(postgres_schema(f"bench_{s}")) for s in PORTS}
                two = measure(args, work, proxy, pg, 2, 2)
        return one, two, round_trip
    finally:
        proxy.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=20, help="texts a second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sms-per-second", type=int, default=100, help="SMS_PER_SECOND")
    parser.add_argument("--drain", type=float, default=60, help="seconds to wait for replies")
    parser.add_argument(
        "--bootstrap",
        default=None,
        help="a broker to use; by default a private one, started and removed by the bench",
    )
    parser.add_argument("--skip-two", action="store_true", help="the one-instance pass only")
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    work = Path(tempfile.mkdtemp(prefix="bench-sms-"))
    with ExitStack() as broker:
        if args.bootstrap is None:  # its own broker: bench/private_broker.py says why
            args.bootstrap = broker.enter_context(private_broker())
        ensure_topics(args.bootstrap)
        one, two, round_trip = both_passes(args, work)
    print(
        f"BOOK texts at {args.rate:g} a second for {args.seconds:g} s, open loop, to the signed "
        f"webhook; reply = 'Chorus times for…' at the Twilio stand-in; SMS_PER_SECOND="
        f"{args.sms_per_second}"
    )
    trip = [percentile(round_trip, p) * 1000 for p in (50, 95)]
    print(
        f"baseline, the stand-in's round trip (SDK create via the proxy to Prism, sequential): "
        f"p50 {trip[0]:.0f} ms, p95 {trip[1]:.0f} ms"
    )
    report("one instance of everything, SQLite (as make run)", one)
    failed = one.missing > 0
    if two is not None:
        report("two of every relay and consumer, PostgreSQL", two)
        failed = failed or two.missing > 0
        print(
            f"sms second instance's p95: {percentile(two.latencies, 95):.2f} s with two against "
            f"{percentile(one.latencies, 95):.2f} s with one (gain "
            f"{percentile(one.latencies, 95) / percentile(two.latencies, 95):.2f}x; under 1: "
            "slower with two, each text crossing PostgreSQL and twice the processes on the same "
            "cores; one instance keeps up with 20 texts a second, so a second is a spare)"
        )
    print(f"logs: {work}")
    print(f"sms reply p95 seconds: {percentile(one.latencies, 95):.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
