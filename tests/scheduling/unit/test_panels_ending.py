"""Leaving an organisation ends its panels' memberships (and open invitations) only; another
organisation's panel keeps them. Silently: no PanelMemberLeft goes out (no message may go)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from services.scheduling.domain.events import StaffTaskChanged
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.domain import (
    DECLINED,
    INVITED,
    JOINED,
    LEFT,
    Membership,
    Panel,
    Term,
)
from services.scheduling.panels.events import PanelMemberLeft
from services.scheduling.sessions.domain.model import Session
from services.scheduling.sessions.domain.planning import SlotPlan
from tests.scheduling.fakes import FakeUnitOfWork

NOW = datetime(2027, 8, 1, 9, tzinfo=UTC)
OURS, THEIRS = str(uuid.uuid4()), str(uuid.uuid4())
ANA = str(uuid.uuid4())


def _uow() -> FakeUnitOfWork:
    plan = SlotPlan(NOW + timedelta(days=7), NOW + timedelta(days=7, hours=1), 1)
    session = Session.create(
        str(uuid.uuid4()), "Panel", "online", None, (), "https://meet.example.org/p", [plan],
        NOW - timedelta(minutes=1), organisation_id=OURS,
    )  # fmt: skip
    return FakeUnitOfWork(session)


def _panel(uow: FakeUnitOfWork, organisation_id: str, status: str) -> Membership:
    activity_id = str(uuid.uuid4())
    uow.panels.panels[activity_id] = Panel(
        activity_id, organisation_id, "Panel", "online", None, (), None, NOW
    )
    term = Term(date(2027, 9, 1), date(2028, 8, 31))
    member = Membership(activity_id, ANA, term, NOW, status)
    uow.panels.add_member(member)
    return member


def test_only_that_organisations_memberships_and_invitations_end() -> None:
    uow = _uow()
    joined, invited = _panel(uow, OURS, JOINED), _panel(uow, OURS, INVITED)
    declined, elsewhere = _panel(uow, OURS, DECLINED), _panel(uow, THEIRS, JOINED)

    assert panels.end_memberships(ANA, uow, NOW, OURS) == 2  # type: ignore[arg-type]
    assert (joined.status, invited.status) == (LEFT, LEFT)
    assert (declined.status, elsewhere.status) == (DECLINED, JOINED)
    assert not [e for e in uow.events if isinstance(e, PanelMemberLeft)]
    assert all(isinstance(e, StaffTaskChanged) and e.state == "done" for e in uow.events)

    assert panels.end_memberships(ANA, uow, NOW) == 1  # type: ignore[arg-type]  # all of Chorus
    assert elsewhere.status == LEFT
    assert panels.end_memberships(ANA, uow, NOW) == 0  # type: ignore[arg-type]  # twice: nothing
