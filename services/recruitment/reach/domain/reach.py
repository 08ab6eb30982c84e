"""Reach against target: how many of each group signed up and took part, against what the
coordinator asked for, with the gaps said plainly so they can re-target."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

GROUP_KINDS = ("place", "age", "tag", "channel", "partner")


@dataclass(frozen=True)
class Entry:
    """One expression of interest, reduced to the groups it counts in."""

    district: str | None
    age_band: str | None
    tags: tuple[str, ...]
    channel: str
    partner: str | None
    withdrawn: bool
    took_part: bool

    @property
    def counts(self) -> bool:
        # Someone who took part counts even if they later withdrew.
        return self.took_part or not self.withdrawn

    def groups(self) -> list[str]:
        found = [f"channel:{self.channel}", *(f"tag:{t}" for t in self.tags)]
        for kind, value in (("place", self.district), ("age", self.age_band)):
            if value:
                found.append(f"{kind}:{value}")
        if self.partner:
            found.append(f"partner:{self.partner}")
        return found


@dataclass(frozen=True)
class TargetReach:
    group: str
    target: int
    signed_up: int
    took_part: int

    @property
    def short(self) -> int:
        return max(0, self.target - self.signed_up)

    @property
    def took_part_short(self) -> int:
        return max(0, self.target - self.took_part)

    @property
    def met(self) -> bool:
        return self.short == 0

    @property
    def gap(self) -> str:
        """'place:LS7: 3 of 10, 7 short' or 'place:LS7: 12 of 10, target met'."""
        left = f"{self.short} short" if self.short else "target met"
        return f"{self.group}: {self.signed_up} of {self.target}, {left}"


@dataclass
class Reach:
    signed_up: int = 0
    took_part: int = 0
    withdrawn: int = 0
    targets: list[TargetReach] = field(default_factory=list)
    by_group: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)


def reach(targets: dict[str, int], entries: list[Entry]) -> Reach:
    signed, took = Counter[str](), Counter[str]()
    for entry in entries:
        if not entry.counts:
            continue
        for group in entry.groups():
            signed[group] += 1
            took[group] += entry.took_part
    result = Reach(
        signed_up=sum(e.counts for e in entries),
        took_part=sum(e.took_part for e in entries),
        withdrawn=sum(e.withdrawn and not e.took_part for e in entries),
    )
    result.targets = [
        TargetReach(group, wanted, signed[group], took[group]) for group, wanted in targets.items()
    ]
    for kind in GROUP_KINDS:
        groups = sorted(g for g in signed if g.startswith(f"{kind}:"))
        result.by_group[kind] = {g.partition(":")[2]: (signed[g], took[g]) for g in groups}
    return result
