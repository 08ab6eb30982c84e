"""The event map: which service publishes each topic and who consumes what, drawn from the code.

It reads the event registry (shared.events.registry.all_contracts(): type, version, topic; the
producer is the topic's prefix) and each service's consumer subscription, and writes a Mermaid
flowchart and a table into docs/architecture.md between the event-map markers:

    python -m services.event_map            # print the block
    python -m services.event_map --write    # rewrite docs/architecture.md's block
    python -m services.event_map --check    # exit 1 if the file's block is out of date

tests/contract/test_event_map.py fails when the file differs from what this makes. It lives
outside shared/ because it imports every service (shared/ imports none).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shared.events  # noqa: F401 - registers every contract
from shared.bus.consumer import Subscription
from shared.events.registry import EventContract, all_contracts

SERVICES = ("recruitment", "scheduling", "payments", "notifications")
ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
START = "<!-- event-map:start -->"
END = "<!-- event-map:end -->"
TOMBSTONE = "tombstones"  # a null value on a compacted topic: forget that key


@dataclass
class Consumes:
    """What one service takes from the bus: event types by topic, and topics whose tombstones
    it acts on."""

    events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    tombstones: set[str] = field(default_factory=set)

    def topics(self) -> list[str]:
        return sorted(set(self.events) | self.tombstones)

    def on(self, topic: str) -> list[str]:
        """What it takes from one topic, for a label or a table cell."""
        taken = sorted(self.events.get(topic, ()))
        return taken + ([TOMBSTONE] if topic in self.tombstones else [])


def producer(contract: EventContract) -> str:
    return contract.topic.split(".", 1)[0]


def _subscription_factory(service: str) -> Callable[..., Subscription]:
    wiring_root = f"services.{service}.bootstrap"
    try:
        return importlib.import_module(wiring_root).subscription
    except ModuleNotFoundError as missing:
        if missing.name != wiring_root:
            raise  # the wiring root is there, but something it imports is not
    # shim: remove after the #18 merge (subscription() moves to services.<svc>.bootstrap)
    return importlib.import_module(f"services.{service}.entrypoints.bootstrap").subscription


def subscription(service: str) -> Subscription:
    """The service's consumer subscription, built with no arguments."""
    factory = _subscription_factory(service)
    # shim: remove after the #18 merge. Until every subscription() takes no arguments, a
    # required one is given None: building the subscription reads none of them.
    required = [
        p
        for p in inspect.signature(factory).parameters.values()
        if p.default is inspect.Parameter.empty
    ]
    return factory(*[None] * len(required))


def consumes(service: str, topics_of: dict[str, str]) -> Consumes:
    sub = subscription(service)
    taken = Consumes()
    for event_type in sub.handlers:
        topic = topics_of.get(event_type)
        if topic in sub.topics:
            taken.events[topic].add(event_type)
    taken.tombstones = {topic for topic in sub.tombstones if topic in sub.topics}
    return taken


def publishes(contracts: list[EventContract]) -> dict[str, dict[str, list[str]]]:
    """Service -> topic -> the event types it publishes there."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for contract in contracts:
        found[producer(contract)][contract.topic].add(contract.type)
    return {svc: {t: sorted(types) for t, types in found[svc].items()} for svc in found}


def _node(topic: str) -> str:
    return "t_" + re.sub(r"[^A-Za-z0-9]", "_", topic)


def mermaid(published: dict[str, dict[str, list[str]]], taken: dict[str, Consumes]) -> str:
    lines = ["```mermaid", "flowchart LR"]
    lines += [f"  {svc}[{svc}]" for svc in SERVICES]
    topics = sorted({t for by_topic in published.values() for t in by_topic})
    lines += [f"  {_node(topic)}[({topic})]" for topic in topics]
    for svc in SERVICES:
        lines += [f"  {svc} --> {_node(topic)}" for topic in sorted(published.get(svc, {}))]
    for svc in SERVICES:
        for topic in taken[svc].topics():
            label = ", ".join(taken[svc].on(topic))
            lines.append(f'  {_node(topic)} -- "{label}" --> {svc}')
    return "\n".join([*lines, "```"])


def _cell(by_topic: dict[str, list[str]]) -> str:
    return "<br>".join(f"`{t}`: {', '.join(types)}" for t, types in sorted(by_topic.items()))


def table(published: dict[str, dict[str, list[str]]], taken: dict[str, Consumes]) -> str:
    rows = ["| service | publishes | consumes |", "| --- | --- | --- |"]
    for svc in SERVICES:
        consumed = {topic: taken[svc].on(topic) for topic in taken[svc].topics()}
        rows.append(f"| {svc} | {_cell(published.get(svc, {}))} | {_cell(consumed)} |")
    return "\n".join(rows)


def render() -> str:
    """The block between the markers (markers included)."""
    contracts = all_contracts()
    topics_of = {c.type: c.topic for c in contracts}
    published = publishes(contracts)
    taken = {svc: consumes(svc, topics_of) for svc in SERVICES}
    note = (
        "<!-- Generated by `python -m services.event_map --write` from the event registry and"
        " each service's subscription(); do not edit by hand. -->"
    )
    parts = [START, note, mermaid(published, taken), table(published, taken), END]
    return "\n\n".join(parts)


def with_block(document: str, block: str) -> str:
    if document.count(START) != 1 or document.count(END) != 1:
        raise ValueError(f"the document needs exactly one {START} and one {END}")
    before, rest = document.split(START)
    return before + block + rest.split(END)[1]


def current_block(document: str) -> str:
    return START + document.split(START)[1].split(END)[0] + END


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite docs/architecture.md")
    action.add_argument("--check", action="store_true", help="exit 1 if it is out of date")
    args = parser.parse_args(argv)
    block = render()
    document = ARCHITECTURE.read_text()
    if args.write:
        ARCHITECTURE.write_text(with_block(document, block))
    elif args.check:
        if current_block(document) != block:
            print("docs/architecture.md: the event map is out of date", file=sys.stderr)
            return 1
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
