"""docs/architecture.md's event map is what services/event_map.py draws from the code: the
event registry and every service's consumer subscription. After changing either, run
`python -m services.event_map --write`."""

from __future__ import annotations

from services import event_map


def test_the_architecture_doc_holds_the_generated_event_map() -> None:
    document = event_map.ARCHITECTURE.read_text()
    stale = "docs/architecture.md's event map is out of date: python -m services.event_map --write"
    assert event_map.current_block(document) == event_map.render(), stale


def test_a_block_is_replaced_between_its_markers_only() -> None:
    document = f"before\n{event_map.START}\nold\n{event_map.END}\nafter\n"
    block = f"{event_map.START}\nnew\n{event_map.END}"
    assert event_map.with_block(document, block) == f"before\n{block}\nafter\n"
