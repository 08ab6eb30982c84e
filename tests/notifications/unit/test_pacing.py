"""Texts leave evenly spaced a little under the rate, and instances share the rate."""

from __future__ import annotations

from itertools import pairwise

from services.notifications.dispatch.service_layer.pacing import MARGIN, Pacer


class Time:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def starts(pacer: Pacer, time: Time, count: int) -> list[float]:
    found = []
    for _ in range(count):
        pacer.wait()
        found.append(time.now)
    return found


def test_starts_are_spaced_a_little_over_one_rate_apart() -> None:
    time = Time()
    pacer = Pacer(10, time.clock, time.sleep)
    moments = starts(pacer, time, 11)
    gaps = {round(b - a, 6) for a, b in pairwise(moments)}
    assert gaps == {round((1 + MARGIN) / 10, 6)}
    assert moments[-1] - moments[0] > 1.0  # never 11 in one second at 10 a second


def test_a_pause_is_not_made_up_for_with_a_burst() -> None:
    time = Time()
    pacer = Pacer(10, time.clock, time.sleep)
    starts(pacer, time, 3)
    time.now += 60  # nothing to send for a minute
    after = starts(pacer, time, 2)
    assert round(after[1] - after[0], 6) == round((1 + MARGIN) / 10, 6)


def test_two_instances_each_take_half_the_rate() -> None:
    time = Time()
    pacer = Pacer(10, time.clock, time.sleep)
    pacer.share(5)
    moments = starts(pacer, time, 2)
    assert round(moments[1] - moments[0], 6) == round((1 + MARGIN) / 5, 6)
