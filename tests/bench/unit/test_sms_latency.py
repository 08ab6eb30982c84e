"""bench/sms_latency.py's pure parts: if they were wrong, the figure it prints would be too (a
p95 that is really a p90, replies counted before the texts were sent, a reply to someone else)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.support import ROOT


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sms_latency", ROOT / "bench" / "sms_latency.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


bench = load()


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]  # 1..100
    assert bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 95) == 95.0
    assert bench.percentile(values, 100) == 100.0
    assert bench.percentile([0.2, 0.9, 0.1], 95) == 0.9  # the slowest of three is their p95
    assert bench.percentile([], 95) != bench.percentile([], 95)  # nan: nothing measured


def test_texts_are_due_at_a_steady_rate_open_loop() -> None:
    due = bench.schedule(20, 60)
    assert len(due) == 1200
    assert due[:3] == [0.0, 0.05, 0.1] and abs(due[-1] - 59.95) < 1e-9


def test_only_the_first_offer_to_each_of_our_numbers_after_the_start_counts() -> None:
    log = [
        {"to": "+447911200001", "body": "Chorus times for x", "at": "2026-12-02T16:00:00+00:00"},
        {"to": "+447911200001", "body": "Chorus: reply BOOK", "at": "2026-12-02T16:00:05+00:00"},
        {"to": "+447911200002", "body": "Chorus: reply BOOK", "at": "2026-12-02T16:00:09+00:00"},
        {"to": "+447911200001", "body": "Chorus times for x", "at": "2026-12-02T16:00:10+00:00"},
        {"to": "+447911200001", "body": "Chorus times for x", "at": "2026-12-02T16:00:11+00:00"},
        {"to": "+447700900100", "body": "Chorus times for x", "at": "2026-12-02T16:00:12+00:00"},
    ]
    after = bench.epoch("2026-12-02T16:00:01+00:00")  # the invitation-era offer is not a reply
    first = bench.first_replies(log, {"+447911200001", "+447911200002"}, after)
    assert first == {"+447911200001": bench.epoch("2026-12-02T16:00:10+00:00")}


def test_hops_are_taken_between_known_steps_only() -> None:
    steps = {"a": {"posted": 1.0, "inbound in outbox": 1.5, "at Twilio": 2.0}, "b": {"posted": 3.0}}
    hops = bench.between(steps, ["posted", "inbound in outbox", "at Twilio"])
    assert hops == {"posted -> inbound in outbox": [0.5], "inbound in outbox -> at Twilio": [0.5]}
