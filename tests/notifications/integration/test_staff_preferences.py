"""/messages/staff/preferences: any signed-in staff member chooses which kinds of task they are
emailed about; the choice is kept, refused for a made-up kind, and needs its CSRF token; and
the staff emails leave out what they turned off."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from services.notifications.config import load_settings
from services.notifications.entrypoints.app import create_app
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.staff_notices.domain import KINDS, StaffMember
from services.notifications.staff_notices.service_layer.notices import StaffNotices
from shared.web import current_bus
from tests.support import migrated_engine, staff_client

PATH = "/messages/staff/preferences"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = create_app(load_settings("notifications"), migrated_engine("notifications", tmp_path))
    app.config["WTF_CSRF_ENABLED"] = False  # one test below keeps it on
    return app


def checked_boxes(page: str) -> int:
    """How many boxes are ticked (nhsuk-frontend-jinja may break the line before a tag's >)."""
    return len(re.findall(r" checked\s*>", page))


def test_everything_is_on_until_they_turn_something_off(app: Flask) -> None:
    staff_id = str(uuid.uuid4())
    client = staff_client(app, ["finance_approver"], staff_id=staff_id)
    page = client.get(PATH).get_data(as_text=True)
    assert checked_boxes(page) == len(KINDS) and 'name="csrf_token"' in page
    kept = [k for k in KINDS if k != "budget_80"]
    answer = client.post(PATH, data={"kinds": kept})
    assert answer.status_code == 302 and answer.headers["Location"] == f"{PATH}?saved=1"
    page = client.get(f"{PATH}?saved=1").get_data(as_text=True)
    assert "We have saved your choices." in page and checked_boxes(page) == len(kept)
    assert re.search(r'value="budget_80"\s*>', page)  # shown, not ticked
    with current_bus(app).uow_factory() as uow:
        assert uow.staff.not_wanted() == {staff_id: {"budget_80"}}


def test_a_made_up_kind_is_refused_and_nothing_changes(app: Flask) -> None:
    client = staff_client(app, ["coordinator"])
    answer = client.post(PATH, data={"kinds": ["claim_needs_finance", "free_lunch"]})
    assert answer.status_code == 400 and "Choose from the list only" in answer.get_data(True)
    with current_bus(app).uow_factory() as uow:
        assert uow.staff.not_wanted() == {}


def test_staff_only_and_csrf(app: Flask) -> None:
    assert app.test_client().get(PATH).status_code == 302  # sent to sign in
    app.config["WTF_CSRF_ENABLED"] = True
    assert staff_client(app, ["coordinator"]).post(PATH, data={"kinds": []}).status_code == 400


def test_welsh(app: Flask) -> None:
    page = staff_client(app, ["coordinator"]).get(f"{PATH}?lang=cy").get_data(as_text=True)
    assert "Cadw fy newisiadau" in page and "E-bostiwch fi am" in page


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, subject: str, text: str, html: str, calendar: str = "") -> str:
        self.sent.append((to, text))
        return "ref"


def test_the_emails_leave_out_what_they_turned_off(app: Flask) -> None:
    uows = current_bus(app).uow_factory
    with uows() as uow:
        for sid, email in (("s1", "wants@example.org"), ("s2", "not-budgets@example.org")):
            uow.staff.save_member(StaffMember(sid, "Fin", email, ["finance_approver"], True))
        uow.staff.choose("s2", {"budget_100"})
        task = {"task_id": str(uuid.uuid4()), "kind": "budget_100", "state": "open",
                "activity_id": "a1", "roles": ["finance_approver"], "path": "/pay/manage/budgets",
                "urgent": True, "not_for_staff_ids": [], "amount_pence": 100, "budget_pence": 100,
                "booked": None, "minimum": None, "starts_at": None,
                "changed_at": datetime.now(UTC)}  # fmt: skip
        uow.staff.save_task(task)
        uow.commit()
    outbox = Outbox()
    # 10:00 UK time, after the digest's hour, so both the urgent email and the digest are due.
    at_ten = lambda: datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # noqa: E731
    StaffNotices(uows, FileTemplates(), outbox, "https://x.test", clock=at_ten).tick()
    assert sorted(to for to, _ in outbox.sent) == ["wants@example.org", "wants@example.org"]
