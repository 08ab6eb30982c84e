"""What "download my data" reads."""

from __future__ import annotations

from typing import Any, Protocol


class MyDataReads(Protocol):
    def export(self, participant_id: str) -> dict[str, Any]:
        """Everything scheduling holds about one person (times are datetimes)."""
        ...
