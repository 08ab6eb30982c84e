"""The cluster suite's order check on made-up logs: it must see a key's events out of the order
their outbox wrote them, a lost row and a duplicate, or the suite could pass on a broken bus."""

from __future__ import annotations

from tests.cluster.checks import order_of

WRITTEN = {"a1": 1, "b1": 2, "a2": 3, "a3": 5, "b2": 4}


def test_each_keys_events_in_outbox_order_pass() -> None:
    log = [("t", b"a", "a1"), ("t", b"b", "b1"), ("t", b"a", "a2"), ("t", b"b", "b2"),
           ("t", b"a", "a3")]  # fmt: skip
    order = order_of(log, WRITTEN)
    assert (order.keys, order.events, order.duplicates) == (2, 5, 0)
    assert order.out_of_order == [] and order.unpublished == []


def test_a_key_published_out_of_order_is_named() -> None:
    log = [("t", b"a", "a2"), ("t", b"a", "a1"), ("t", b"a", "a3"), ("t", b"b", "b1"),
           ("t", b"b", "b2")]  # fmt: skip
    assert order_of(log, WRITTEN).out_of_order == ["t a: [3, 1, 5]"]


def test_a_copy_published_later_is_a_duplicate_not_a_reorder() -> None:
    log = [("t", b"a", "a1"), ("t", b"a", "a2"), ("t", b"a", "a1"), ("t", b"a", "a3"),
           ("t", b"b", "b1"), ("t", b"b", "b2")]  # fmt: skip
    order = order_of(log, WRITTEN)
    assert order.duplicates == 1 and order.out_of_order == []


def test_a_row_never_published_is_lost_and_a_tests_own_event_is_not_counted() -> None:
    log = [("t", b"a", "a1"), ("t", b"a", "a3"), ("t", b"x", "not-ours"), ("t", b"b", "b1"),
           ("t", b"b", "b2")]  # fmt: skip
    order = order_of(log, WRITTEN)
    assert order.unpublished == ["a2"] and order.keys == 2
