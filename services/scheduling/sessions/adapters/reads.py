"""The sessions read model (ports.SessionReads) on the database: each answer in one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.scheduling.ports import UnitOfWork
from services.scheduling.sessions.adapters import session_list, staff_api_shapes
from services.scheduling.sessions.adapters.overview import session_overview
from services.scheduling.sessions.ports import ManagedSession, SessionRow


class SqlSessionReads:
    def __init__(self, uows: Callable[[], UnitOfWork]) -> None:
        self._uows = uows

    def overview(self, session_id: str, now: datetime) -> ManagedSession | None:
        return session_overview(session_id, self._uows(), now)

    def listed(self, now: datetime) -> list[SessionRow]:
        return session_list.session_list(self._uows(), now)

    def details(self, session_id: str, now: datetime) -> dict[str, Any] | None:
        return staff_api_shapes.session_details(session_id, self._uows(), now)

    def people(self, session_id: str) -> dict[str, Any] | None:
        return staff_api_shapes.session_people(session_id, self._uows())
