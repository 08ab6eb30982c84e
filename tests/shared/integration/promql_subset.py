"""Just enough PromQL to judge docs/operations.md's alerts against two real scrapes.

The subset: `sum|max [by (labels)] (inner)`, `inner / inner`, a final `> number`; inner is a
selector `name{label="v", label=~"re"}` or `rate|increase|delta|deriv(selector[range])`.
A range function is judged as the change between the two scrapes (the alerts only ask whether
something rose, or one rise against another), a bare selector by the later scrape. Anything
outside the subset is refused, so an alert the doc gains must be one this can judge, or the
test fails and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prometheus_client.samples import Sample

TOKEN = re.compile(
    r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*")|(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)'
    r"|(?P<range>\[\d+[smhd]\])|(?P<op>=~|!=|[(){}=,/>]))"
)
RANGE_FUNCTIONS = {"rate", "increase", "delta", "deriv"}
AGGREGATIONS = {"sum": sum, "max": max}


@dataclass(frozen=True)
class Selector:
    name: str
    matchers: tuple[tuple[str, str, str], ...]  # (label, op, value)

    def matches(self, sample: Sample) -> bool:
        if sample.name != self.name:
            return False
        for label, op, value in self.matchers:
            got = sample.labels.get(label, "")
            ok = {"=": got == value, "!=": got != value, "=~": re.fullmatch(value, got)}[op]
            if not ok:
                return False
        return True


def tokens(expr: str) -> list[str]:
    found, at = [], 0
    while at < len(expr.rstrip()):
        match = TOKEN.match(expr, at)
        if match is None or match.end() == at:
            raise ValueError(f"outside the subset at {expr[at:]!r}")
        found.append(match.group(match.lastgroup or "op"))
        at = match.end()
    return found


class Alert:
    """One alert expression, parsed; `fires(before, after)` judges it on two scrapes."""

    def __init__(self, expr: str) -> None:
        self._tokens = tokens(expr)
        self._at = 0
        self.selectors: list[Selector] = []
        self._tree = self._comparison()
        if self._at != len(self._tokens):
            raise ValueError(f"outside the subset: {expr!r}")

    def _take(self, expected: str | None = None) -> str:
        token = self._tokens[self._at]
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, found {token!r}")
        self._at += 1
        return token

    def _peek(self) -> str | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _comparison(self) -> tuple:  # type: ignore[type-arg]
        left = self._ratio()
        self._take(">")
        return (">", left, float(self._take()))

    def _ratio(self) -> tuple:  # type: ignore[type-arg]
        left = self._aggregation()
        if self._peek() == "/":
            self._take("/")
            return ("/", left, self._aggregation())
        return left

    def _aggregation(self) -> tuple:  # type: ignore[type-arg]
        how = self._take()
        if how not in AGGREGATIONS:
            raise ValueError(f"an alert aggregates with sum or max, not {how!r}")
        if self._peek() == "by":
            self._take("by")
            self._take("(")
            while self._take() != ")":
                pass
        self._take("(")
        inner = self._inner()
        self._take(")")
        return (how, inner)

    def _inner(self) -> tuple:  # type: ignore[type-arg]
        name = self._take()
        if name in RANGE_FUNCTIONS:
            self._take("(")
            selector = self._selector(self._take())
            if not self._take().startswith("["):
                raise ValueError(f"{name} needs a range")
            self._take(")")
            return ("change", selector)
        return ("now", self._selector(name))

    def _selector(self, name: str) -> Selector:
        matchers = []
        if self._peek() == "{":
            self._take("{")
            while self._peek() != "}":
                label, op, value = self._take(), self._take(), self._take().strip('"')
                matchers.append((label, op, value))
                if self._peek() == ",":
                    self._take(",")
            self._take("}")
        selector = Selector(name, tuple(matchers))
        self.selectors.append(selector)
        return selector

    def value(self, before: list[Sample], after: list[Sample]) -> float:
        return self._eval(self._tree[1], before, after)

    def fires(self, before: list[Sample], after: list[Sample]) -> bool:
        return self.value(before, after) > self._tree[2]

    def _eval(self, node: tuple, before: list[Sample], after: list[Sample]) -> float:  # type: ignore[type-arg]
        if node[0] == "/":
            denominator = self._eval(node[2], before, after)
            return self._eval(node[1], before, after) / denominator if denominator else 0.0
        how, (kind, selector) = node
        now = {_key(s): s.value for s in after if selector.matches(s)}
        if kind == "change":
            then = {_key(s): s.value for s in before if selector.matches(s)}
            now = {k: v - then.get(k, 0.0) for k, v in now.items()}
        return float(AGGREGATIONS[how](now.values())) if now else 0.0


def _key(sample: Sample) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(sample.labels.items()))
