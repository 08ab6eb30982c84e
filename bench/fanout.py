"""Benchmark: invitation fan-out, events in Kafka to texts at the Twilio mock, under the rate limit.

A private notifications consumer (its own SQLite database and consumer group, SMS_PER_SECOND set
to --rate) sends through the Twilio fault proxy in pass mode to Prism; every message create is
counted at the wire from the proxy's log. First a ContactDetailsChanged per participant (each a
distinct mobile, signed up long ago), then one ParticipantInvited each. Figures: achieved send
rate and the busiest 1-second window (at the wire, and of claims in the database) against the
rate, lost and duplicated texts (both must be 0), time from each event's occurred_at to its
create at the proxy. Baselines in the same run: creates through Twilio's SDK to the proxy and to
Prism, one after another and --in-flight at once (the stand-in's concurrent ceiling); the limit is
the lower of the rate and the proxy's ceiling. A second pass runs two consumer instances (one
group) on one PostgreSQL database (tests/support.py POSTGRES_URL, a schema of its own) with
--two-events invitations, and prints the second instance's gain. The last line is the ratio of
the one-instance pass's achieved rate to the limit.

    .venv/bin/python bench/fanout.py [--events 10000] [--two-events 4000] [--rate 200]
        [--in-flight 16] [--bootstrap HOST:PORT]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import Engine, make_url, select, text, update
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.private_broker import private_broker
from bench.publishing import envelope, publish
from services.notifications.adapters.orm import messages, notifications
from services.notifications.bootstrap import GROUP, subscription
from shared.bus.topics import ensure_topics
from shared.db import make_engine
from shared.logging import configure_logging
from tests.support import (
    ROOT,
    TWILIO_MOCK,
    answers,
    busiest_second,
    migrated_postgres,
    start_at_the_end,
    wait_until,
)

SID, TOKEN, FROM = "AC" + "0" * 32, "bench", "+447700900000"
BASELINE_BODY = "baseline"
STALL_S = 90  # no new text for this long: Chorus has stopped sending, stop waiting


def phone(i: int) -> str:
    return f"+44791100{i:04d}" if i < 10_000 else f"+4479110{i:05d}"


# Others' contacts on the shared broker arrive too: count only the bench's numbers.
OUR_CONTACTS = "SELECT count(*) FROM contacts WHERE phone LIKE '+4479110%'"
OUR_QUEUED = "SELECT count(*) FROM messages WHERE status = 'queued' AND \"to\" LIKE '+4479110%'"
OUR_PEOPLE = "SELECT participant_id, true FROM contacts WHERE phone LIKE '+4479110%'"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def twilio_rate(base: str, n: int, in_flight: int = 1) -> float:
    """Texts per second through the SDK: one after another, or `in_flight` at once (the stand-in's
    concurrent ceiling, as the dispatcher's pool sends)."""
    client = Client(SID, TOKEN, http_client=TwilioHttpClient(timeout=15))
    client.api.base_url = base
    for scheme in ("http://", "https://"):
        client.http_client.session.mount(scheme, HTTPAdapter(pool_maxsize=in_flight))  # type: ignore[attr-defined]

    def create(i: int) -> None:
        client.messages.create(to=f"+447700900{100 + i % 900:03d}", from_=FROM, body=BASELINE_BODY)

    started = time.perf_counter()
    if in_flight == 1:
        for i in range(n):
            create(i)
    else:
        with ThreadPoolExecutor(in_flight) as pool:
            list(pool.map(create, range(n)))
    return n / (time.perf_counter() - started)


def proxy_creates(proxy: str) -> list[dict[str, Any]]:
    response = requests.get(f"{proxy}/__fault__/log", timeout=30)
    response.raise_for_status()
    return response.json()


def epoch(at: Any) -> float:
    if isinstance(at, int | float):
        return float(at)
    moment = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def scalar(engine: Engine, sql: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "w") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def wait_for_texts(proxy: str, numbers: set[str], consumers: list[subprocess.Popen[bytes]]) -> None:
    seen, last_progress = 0, time.monotonic()
    while seen < len(numbers):
        time.sleep(2)
        now_seen = len({c["to"] for c in proxy_creates(proxy)} & numbers)
        if now_seen > seen:
            seen, last_progress = now_seen, time.monotonic()
        if any(consumer.poll() is not None for consumer in consumers):
            print("a notifications consumer exited", file=sys.stderr)
            return
        if time.monotonic() - last_progress > STALL_S:
            print(f"no new text for {STALL_S} s, stopped waiting", file=sys.stderr)
            return
    time.sleep(3)  # anything sent twice would arrive now


@dataclass
class Pass:
    """One fan-out: `instances` notifications consumers (one group) on one database."""

    label: str
    events: int
    instances: int
    database_url: str
    first_number: int = 0
    # Consumed first, while no text may go (quiet hours all day), then all due at once: the
    # morning after an evening's invitations, or a provider back after an outage. Measures the
    # dispatcher alone; otherwise the consumers take in the invitations while it sends.
    backlog: bool = False


def fan_out(
    args: argparse.Namespace, work: Path, proxy: str, run: Pass, processes: list[Any]
) -> dict[str, Any]:
    """Contacts, then invitations, through the consumers to the proxy; returns the figures."""
    engine = make_engine(run.database_url)
    requests.post(f"{proxy}/__fault__/reset", timeout=10).raise_for_status()
    prefix = f"bench-{uuid.uuid4().hex[:8]}-"
    env = {
        **os.environ,
        "CHORUS_ENV": "development",
        "KAFKA_BOOTSTRAP_SERVERS": args.bootstrap,
        "NOTIFICATIONS_DATABASE_URL": run.database_url,
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_API_BASE": proxy,
        "SECRET_KEY": "bench-only",
        "SMS_PER_SECOND": str(args.rate),
        "SMS_QUIET_HOURS": "off",  # the figures must not depend on the hour
        "KAFKA_CONSUMER_GROUP_PREFIX": prefix,
    }
    held = {**env, "SMS_QUIET_HOURS": "12:00-12:00"}  # quiet all day: every text waits
    python = sys.executable
    subprocess.run([python, "-m", "services.cli", "migrate", "notifications"], env=env, check=True)
    topics = sorted({*subscription().topics, "recruitment.contact", "recruitment.invitation"})
    start_at_the_end(args.bootstrap, prefix + GROUP, topics)
    command = [python, "-m", "services.notifications.entrypoints.consumer"]

    def start_consumers(environment: dict[str, str], step: str) -> list[Any]:
        logs = [work / f"{run.label}-{step}consumer-{n}.log" for n in range(run.instances)]
        started = [start(command, environment, log) for log in logs]
        processes.extend(started)
        return started

    consumers = start_consumers(held if run.backlog else env, "")

    numbers_used = range(run.first_number, run.first_number + run.events)
    people = [(str(uuid.uuid4()), phone(i)) for i in numbers_used]
    contact = {"preferred_channel": "sms", "language": "en", "email": None}
    publish(
        args.bootstrap,
        [
            envelope(
                "ContactDetailsChanged",
                pid,
                {"participant_id": pid, "preferred_name": f"Bench {i}", "phone": to, **contact},
            )
            for i, (pid, to) in enumerate(people)
        ],
        "bench-fanout",
    )
    contacts_from = time.perf_counter()
    wait_until(
        lambda: scalar(engine, OUR_CONTACTS) >= run.events,
        timeout=120 + run.events / 20,
        interval=1,
        what="the consumers to record every contact",
    )
    contacts_s = time.perf_counter() - contacts_from
    # They signed up (and were welcomed) long ago: an invitation to someone whose sign-up was
    # never seen waits for it (services/notifications/adapters/repository.py, _in_order).
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO sign_ups (participant_id, confirmed) {OUR_PEOPLE}"))
    invitation = {"activity_id": str(uuid.uuid4()), "activity_title": "Making GP visits easier"}
    invitations = [
        envelope(
            "ParticipantInvited",
            pid,
            {"invitation_id": str(uuid.uuid4()), "participant_id": pid, **invitation},
        )
        for pid, _ in people
    ]
    published = time.perf_counter()
    publish(args.bootstrap, invitations, "bench-fanout")
    publish_s = time.perf_counter() - published
    numbers = {to for _, to in people}
    if run.backlog:
        wait_until(
            lambda: scalar(engine, OUR_QUEUED) >= run.events,
            timeout=120 + run.events / 20,
            interval=1,
            what="every invitation queued",
        )
        stop_all(consumers)
        for consumer in consumers:
            processes.remove(consumer)
        with engine.begin() as conn:  # the morning: everything due now
            conn.execute(update(messages).values(next_attempt_at=datetime.now(UTC)))
        consumers = start_consumers(env, "sending-")
    wait_for_texts(proxy, numbers, consumers)
    stop_all(consumers)
    for consumer in consumers:
        processes.remove(consumer)

    everything = proxy_creates(proxy)
    creates = [c for c in everything if c["to"] in numbers]
    per_number = Counter(c["to"] for c in creates)
    occurred = {
        to: e.occurred_at.timestamp() for (_, to), e in zip(people, invitations, strict=True)
    }
    first_at: dict[str, float] = {}
    for c in creates:
        first_at.setdefault(c["to"], epoch(c["at"]))
    times = [epoch(c["at"]) for c in creates]
    query = select(messages.c.claimed_at).where(messages.c.to.like("+4479110%"))
    with engine.connect() as conn:
        claimed = [at.timestamp() for at in conn.scalars(query) if at is not None]
        owed = [at.timestamp() for at in conn.scalars(select(notifications.c.created_at))]
        by_status = dict(
            conn.execute(text("SELECT status, count(*) FROM messages GROUP BY status")).all()
        )
    engine.dispose()
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    # Once the consumers had taken in the last invitation, only sending was left to do.
    consumed = max(owed, default=float("nan"))
    after = sorted(t for t in times if t > consumed)
    return {
        "contacts_rate": run.events / contacts_s,
        "invitations_rate": run.events / (consumed - min(occurred.values())),
        "after_consumed": len(after) / (after[-1] - consumed) if len(after) > 1 else float("nan"),
        "after_count": len(after),
        "publish_s": publish_s,
        "texts": len(creates),
        "achieved": len(creates) / span,
        "span": span,
        "busiest": busiest_second(times),
        "busiest_claimed": busiest_second(claimed),
        "lost": len(numbers - set(per_number)),
        "duplicated": sum(n - 1 for n in per_number.values()),
        "delays": [first_at[to] - occurred[to] for to in first_at],
        "others": sum(
            1 for c in everything if c["to"] not in numbers and c["body"] != BASELINE_BODY
        ),
        "statuses": by_status,
    }


def report(run: Pass, rate: int, figures: dict[str, Any]) -> None:
    print(
        f"-- {run.label}: {run.events} invitations, {run.instances} consumer instance(s), "
        f"{make_url(run.database_url).get_backend_name()}"
    )
    print(
        f"published in {figures['publish_s']:.1f} s "
        f"({run.events / figures['publish_s']:.0f} events/s, acks=all)"
    )
    print(
        f"consumed: contacts {figures['contacts_rate']:.0f} /s (nothing to send yet), "
        f"invitations {figures['invitations_rate']:.0f} /s (beside the sending)"
    )
    print(f"{'figure':<40}{'value':>10}  {'limit':>8}")
    print(f"{'achieved send rate (/s)':<40}{figures['achieved']:>10.1f}  {rate:>8}")
    after = f"send rate once all were consumed ({figures['after_count']})"
    print(f"{after:<40}{figures['after_consumed']:>10.1f}  {rate:>8}")
    print(f"{'busiest 1-second window at the wire':<40}{figures['busiest']:>10}  {rate:>8}")
    print(
        f"{'busiest 1-second window of claims (db)':<40}{figures['busiest_claimed']:>10}  {rate:>8}"
    )
    print(f"{'texts at the wire':<40}{figures['texts']:>10}  {run.events:>8}")
    print(f"{'lost':<40}{figures['lost']:>10}  {0:>8}")
    print(f"{'duplicated':<40}{figures['duplicated']:>10}  {0:>8}")
    delays = figures["delays"]
    for p in (50, 95):
        print(f"{f'event to send p{p} (s)':<40}{percentile(delays, p):>10.2f}")
    print(f"{'event to send max (s)':<40}{max(delays, default=float('nan')):>10.2f}")
    print(f"first to last text: {figures['span']:.1f} s; messages by status: {figures['statuses']}")
    print(f"texts to numbers not the bench's (others' events on the broker): {figures['others']}")


def failed(rate: int, figures: dict[str, Any]) -> bool:
    return bool(figures["lost"] or figures["duplicated"] or figures["busiest_claimed"] > rate)


def run(args: argparse.Namespace, work: Path, processes: list[Any]) -> int:
    proxy = f"http://127.0.0.1:{free_port()}"
    port = proxy.rsplit(":", 1)[1]
    command = ["-m", "tests.twilio_fault_proxy", "--port", port, "--upstream", TWILIO_MOCK]
    processes.append(start([sys.executable, *command], dict(os.environ), work / "proxy.log"))
    wait_until(lambda: answers(f"{proxy}/__fault__/log"), timeout=30, what="the fault proxy")
    ensure_topics(args.bootstrap)
    sequential = {
        name: twilio_rate(url, args.baseline)
        for name, url in (("proxy", proxy), ("Prism", TWILIO_MOCK))
    }
    ceiling = {
        name: twilio_rate(url, args.baseline * 4, args.in_flight)
        for name, url in (("proxy", proxy), ("Prism", TWILIO_MOCK))
    }
    # Chorus sends through the proxy: its ceiling there bounds what Chorus can reach.
    limit = min(args.rate, ceiling["proxy"])

    database = f"sqlite:///{work / 'notifications.db'}"
    one = Pass("backlog, one instance", args.events, 1, database, backlog=True)
    first = fan_out(args, work, proxy, one, processes)
    live = Pass(
        "consumed while sending, one instance",
        args.live_events,
        1,
        f"sqlite:///{work / 'notifications-live.db'}",
        first_number=args.events + args.two_events,
    )
    while_consuming = fan_out(args, work, proxy, live, processes)
    with migrated_postgres("notifications") as engine:
        two = Pass(
            "backlog, two instances",
            args.two_events,
            2,
            engine.url.render_as_string(hide_password=False),
            first_number=args.events,
            backlog=True,
        )
        second = fan_out(args, work, proxy, two, processes)

    print(
        f"invitations: {args.events}, SMS_PER_SECOND={args.rate}; a backlog is consumed in quiet "
        "hours, then due at once (the machine may be busy: read ratios)"
    )
    for name in sequential:
        print(
            f"stand-in, {args.baseline} sequential SDK creates to the {name}: "
            f"{sequential[name]:8.0f} /s"
        )
    for name in ceiling:
        print(
            f"stand-in, {args.baseline * 4} SDK creates, {args.in_flight} in flight, "
            f"to the {name}: {ceiling[name]:8.0f} /s (its concurrent ceiling)"
        )
    print(
        f"limit = min(SMS_PER_SECOND {args.rate}, the proxy's concurrent ceiling "
        f"{ceiling['proxy']:.0f}) = {limit:.0f} /s"
    )
    report(one, args.rate, first)
    report(two, args.rate, second)
    report(live, args.rate, while_consuming)
    print(
        f"consumed while sending: {while_consuming['achieved'] / limit:.2f} of the limit (bounded "
        "by how fast the consumer takes in invitations, "
        f"{while_consuming['invitations_rate']:.0f} /s)"
    )
    gain = second["achieved"] / first["achieved"]
    print(
        f"second instance's gain: {gain:.2f}x ({second['achieved']:.0f} /s with two against "
        f"{first['achieved']:.0f} /s with one): both share SMS_PER_SECOND={args.rate}, so a second "
        "instance adds no texts a second once one fills the rate; it adds room for consuming, "
        "and a spare"
    )
    print(f"logs: {work}")
    print(f"fanout ratio achieved/limit: {first['achieved'] / limit:.2f}")
    passes = (first, second, while_consuming)
    return 1 if any(failed(args.rate, figures) for figures in passes) else 0


def stop_all(processes: list[Any]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=200, help="SMS_PER_SECOND for the consumer")
    parser.add_argument("--baseline", type=int, default=200, help="sequential creates to time")
    parser.add_argument("--in-flight", type=int, default=16, help="for the stand-in's ceiling")
    parser.add_argument(
        "--two-events", type=int, default=4000, help="invitations for the two-instance pass"
    )
    parser.add_argument(
        "--live-events", type=int, default=3000, help="invitations consumed while sending"
    )
    parser.add_argument(
        "--bootstrap",
        default=None,
        help="a broker to use; by default a private one, started and removed by the bench",
    )
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")
    work = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    processes: list[subprocess.Popen[bytes]] = []
    private = args.bootstrap is None
    try:
        with ExitStack() as broker:
            if private:  # its own broker: bench/private_broker.py says why
                args.bootstrap = broker.enter_context(private_broker())
            code = run(args, work, processes)
            stop_all(processes)  # before their broker goes
    finally:
        stop_all(processes)
    sys.exit(code)


if __name__ == "__main__":
    main()
