"""Benchmark: invitation fan-out, events in Kafka to texts at the Twilio mock, under the rate limit.

A private notifications consumer (its own SQLite database and consumer group, SMS_PER_SECOND set
to --rate) sends through the Twilio fault proxy in pass mode to Prism; every message create is
counted at the wire from the proxy's log. First a ContactDetailsChanged per participant (each a
distinct mobile), then one ParticipantInvited each. Figures: achieved send rate and the busiest
1-second window against the limit, lost and duplicated texts (both must be 0), time from each
event's occurred_at to its create at the proxy. Baseline in the same run: sequential creates
through Twilio's SDK to the proxy and to Prism, so the reader sees whether the limit, the mock or
Chorus set the pace.

    .venv/bin/python bench/fanout.py [--events 10000] [--rate 200] [--bootstrap HOST:PORT]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.notifications.bootstrap import GROUP, subscription
from shared.bus.kafka_clients import make_producer
from shared.bus.topics import ensure_topics
from shared.events.envelope import Envelope, encode
from shared.events.registry import contract, dump_data
from shared.logging import configure_logging
from tests.support import ROOT, TWILIO_MOCK, answers, start_at_the_end, wait_until

SID, TOKEN, FROM = "AC" + "0" * 32, "bench", "+447700900000"
BASELINE_BODY = "baseline"
STALL_S = 90  # no new text for this long: Chorus has stopped sending, stop waiting


def phone(i: int) -> str:
    return f"+44791100{i:04d}" if i < 10_000 else f"+4479110{i:05d}"


# Others' contacts on the shared broker arrive too: count only the bench's numbers.
OUR_CONTACTS = "SELECT count(*) FROM contacts WHERE phone LIKE '+4479110%'"


def envelope(type_: str, pid: str, data: dict[str, Any]) -> Envelope:
    return Envelope(type_, 1, "bench", pid, dump_data(type_, 1, data), str(uuid.uuid4()))


def publish(bootstrap: str, envelopes: list[Envelope]) -> None:
    producer = make_producer(bootstrap, "bench-fanout")
    try:
        futures = [
            producer.send(contract(e.type, e.version).topic, key=e.key.encode(), value=encode(e))
            for e in envelopes
        ]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def twilio_rate(base: str, n: int) -> float:
    """Texts per second, one after another through the SDK, as the dispatcher sends them."""
    client = Client(SID, TOKEN, http_client=TwilioHttpClient(timeout=15))
    client.api.base_url = base
    started = time.perf_counter()
    for i in range(n):
        client.messages.create(to=f"+447700900{100 + i % 900:03d}", from_=FROM, body=BASELINE_BODY)
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


def count(db: Path, sql: str) -> list[Any]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
        return conn.execute(sql).fetchall()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def busiest_second(times: list[float]) -> int:
    """The most creates inside any window of one second."""
    times, best, start = sorted(times), 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "w") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def wait_for_texts(proxy: str, numbers: set[str], consumer: subprocess.Popen[bytes]) -> None:
    seen, last_progress = 0, time.monotonic()
    while seen < len(numbers):
        time.sleep(2)
        now_seen = len({c["to"] for c in proxy_creates(proxy)} & numbers)
        if now_seen > seen:
            seen, last_progress = now_seen, time.monotonic()
        if consumer.poll() is not None:
            print(f"the notifications consumer exited ({consumer.returncode})", file=sys.stderr)
            return
        if time.monotonic() - last_progress > STALL_S:
            print(f"no new text for {STALL_S} s, stopped waiting", file=sys.stderr)
            return
    time.sleep(3)  # anything sent twice would arrive now


def run(args: argparse.Namespace, work: Path, processes: list[subprocess.Popen[bytes]]) -> int:
    db = work / "notifications.db"
    proxy = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "CHORUS_ENV": "development",
        "KAFKA_BOOTSTRAP_SERVERS": args.bootstrap,
        "NOTIFICATIONS_DATABASE_URL": f"sqlite:///{db}",
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_API_BASE": proxy,
        "SECRET_KEY": "bench-only",
        "SMS_PER_SECOND": str(args.rate),
        "SMS_QUIET_HOURS": "off",  # the figures must not depend on the hour
        "KAFKA_CONSUMER_GROUP_PREFIX": f"bench-{uuid.uuid4().hex[:8]}-",
    }
    python = sys.executable
    subprocess.run([python, "-m", "services.cli", "migrate", "notifications"], env=env, check=True)
    port = proxy.rsplit(":", 1)[1]
    command = ["-m", "tests.twilio_fault_proxy", "--port", port, "--upstream", TWILIO_MOCK]
    processes.append(start([python, *command], env, work / "proxy.log"))
    wait_until(lambda: answers(f"{proxy}/__fault__/log"), timeout=30, what="the fault proxy")
    via_proxy = twilio_rate(proxy, args.baseline)
    direct = twilio_rate(TWILIO_MOCK, args.baseline)

    ensure_topics(args.bootstrap)
    topics = sorted({*subscription().topics, "recruitment.contact", "recruitment.invitation"})
    start_at_the_end(args.bootstrap, env["KAFKA_CONSUMER_GROUP_PREFIX"] + GROUP, topics)
    consumer_command = [python, "-m", "services.notifications.entrypoints.consumer"]
    processes.append(start(consumer_command, env, work / "consumer.log"))

    people = [(str(uuid.uuid4()), phone(i)) for i in range(args.events)]
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
    )
    wait_until(
        lambda: count(db, OUR_CONTACTS)[0][0] >= args.events,
        timeout=120 + args.events / 20,
        interval=1,
        what="the consumer to record every contact",
    )
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
    publish(args.bootstrap, invitations)
    publish_s = time.perf_counter() - published
    numbers = {to for _, to in people}
    wait_for_texts(proxy, numbers, processes[-1])

    everything = proxy_creates(proxy)
    creates = [c for c in everything if c["to"] in numbers]
    # Others' events on the shared broker after our start (e.g. a test's welcome) also get sent.
    others = sum(1 for c in everything if c["to"] not in numbers and c["body"] != BASELINE_BODY)
    per_number = Counter(c["to"] for c in creates)
    lost = len(numbers - set(per_number))
    duplicated = sum(n - 1 for n in per_number.values())
    occurred = {
        to: e.occurred_at.timestamp() for (_, to), e in zip(people, invitations, strict=True)
    }
    first_at: dict[str, float] = {}
    for c in creates:
        first_at.setdefault(c["to"], epoch(c["at"]))
    delays = [first_at[to] - occurred[to] for to in first_at]
    times = [epoch(c["at"]) for c in creates]
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    busiest = busiest_second(times)
    statuses = dict(count(db, "SELECT status, count(*) FROM messages GROUP BY status"))

    print(f"invitations: {args.events}, SMS_PER_SECOND={args.rate}, quiet hours off")
    print(f"published in {publish_s:.1f} s ({args.events / publish_s:.0f} events/s, acks=all)")
    print(f"baseline, {args.baseline} sequential SDK creates to the proxy: {via_proxy:8.0f} /s")
    print(f"baseline, {args.baseline} sequential SDK creates to Prism:     {direct:8.0f} /s")
    print(f"{'figure':<34}{'value':>10}  {'limit':>8}")
    print(f"{'achieved send rate (/s)':<34}{len(creates) / span:>10.1f}  {args.rate:>8}")
    print(f"{'busiest 1-second window (texts)':<34}{busiest:>10}  {args.rate:>8}")
    print(f"{'texts at the wire':<34}{len(creates):>10}  {args.events:>8}")
    print(f"{'lost':<34}{lost:>10}  {0:>8}")
    print(f"{'duplicated':<34}{duplicated:>10}  {0:>8}")
    for p in (50, 95):
        print(f"{f'event to send p{p} (s)':<34}{percentile(delays, p):>10.2f}")
    print(f"{'event to send max (s)':<34}{max(delays, default=float('nan')):>10.2f}")
    print(f"first to last text: {span:.1f} s; consumer's messages by status: {statuses}")
    print(f"texts to numbers not the bench's (others' events on the shared broker): {others}")
    print(f"logs: {work}")
    return 1 if lost or duplicated or busiest > args.rate else 0


PRIVATE_PORT, PRIVATE_NAME = 19094, "kafka-bench"


def private_broker(action: str) -> str:
    env = {**os.environ, "KAFKA_PORT": str(PRIVATE_PORT), "KAFKA_NAME": PRIVATE_NAME}
    subprocess.run([str(ROOT / "deploy/local/kafka.sh"), action], env=env, check=True, timeout=180)
    if action == "stop":
        shutil.rmtree(ROOT / "var" / PRIVATE_NAME, ignore_errors=True)
    return f"127.0.0.1:{PRIVATE_PORT}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=200, help="SMS_PER_SECOND for the consumer")
    parser.add_argument("--baseline", type=int, default=200, help="sequential creates to time")
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
        if private:
            # Its own broker: 20,000 events left on the shared one would be replayed by the
            # next `make run` (its consumer group starts at the beginning) and texted again.
            args.bootstrap = private_broker("start")
        code = run(args, work, processes)
    finally:
        if private:
            private_broker("stop")
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(code)


if __name__ == "__main__":
    main()
