"""Telling staff what waits for them: an email at once for an urgent task, and a daily digest
of every open task each person may act on. Each is recorded and committed before it is sent,
so a restart never sends it twice (we would rather miss one than repeat it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import structlog

from services.notifications.ports import EmailSender, Rendered, Templates
from services.notifications.staff_notices.domain import (
    StaffMember,
    StaffTask,
    digest_day,
    grouped,
)
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

log = structlog.get_logger("staff_notices")
LANGUAGE = "en"  # staff profiles carry no language yet; the Welsh templates are ready for one


class StaffNotices:
    def __init__(
        self,
        uow_factory: Callable[[], Any],
        templates: Templates,
        email: EmailSender,
        public_base_url: str,
        digest_at: time = time(8, 0),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow_factory = uow_factory
        self._templates = templates
        self._email = email
        self._base = public_base_url
        self._digest_at = digest_at
        self._clock = clock

    def tick(self) -> int:
        return self._send(self._claim_urgent() + self._claim_digests())

    def _claim_urgent(self) -> list[tuple[str, Rendered]]:
        out = []
        with self._uow_factory() as uow:
            titles, members = uow.activity_titles.titles(), uow.staff.members()
            orgs = uow.activity_titles.organisations()
            not_wanted = uow.staff.not_wanted()
            for task in (t for t in uow.staff.open_tasks() if t.urgent):
                for member in members:
                    wanted = task.kind not in not_wanted.get(member.staff_id, ())
                    if (
                        wanted
                        and task.for_member(member, _organisation(task, orgs))
                        and not uow.staff.urgent_sent(task.task_id, member.staff_id)
                    ):
                        uow.staff.mark_urgent(task.task_id, member.staff_id)
                        context = {"name": member.name, "task": self._item(task, titles)}
                        out.append((member.email, self._render("_staff/urgent", context)))
            uow.commit()
        return out

    def _claim_digests(self) -> list[tuple[str, Rendered]]:
        day = digest_day(self._clock(), self._digest_at)
        if day is None:
            return []
        out = []
        with self._uow_factory() as uow:
            titles, tasks = uow.activity_titles.titles(), uow.staff.open_tasks()
            orgs = uow.activity_titles.organisations()
            not_wanted = uow.staff.not_wanted()
            for member in uow.staff.members():
                if not member.active or uow.staff.digest_sent(member.staff_id, day):
                    continue
                uow.staff.mark_digest(member.staff_id, day)  # once a day, even with nothing
                skip = not_wanted.get(member.staff_id, set())
                mine = [
                    t
                    for t in tasks
                    if t.for_member(member, _organisation(t, orgs)) and t.kind not in skip
                ]
                if mine:
                    out.append((member.email, self._digest(member, mine, titles)))
            uow.commit()
        return out

    def _digest(
        self, member: StaffMember, tasks: list[StaffTask], titles: dict[str, str]
    ) -> Rendered:
        groups = [
            {"kind": kind, "items": [self._item(t, titles) for t in items]}
            for kind, items in grouped(tasks)
        ]
        return self._render("_staff/digest", {"name": member.name, "groups": groups})

    def _item(self, task: StaffTask, titles: dict[str, str]) -> dict[str, Any]:
        return {
            "kind": task.kind,
            "title": titles.get(task.activity_id, "An activity"),
            "amount_pence": task.amount_pence,
            "budget_pence": task.budget_pence,
            "booked": task.booked,
            "minimum": task.minimum,
            "starts_at": task.starts_at.isoformat() if task.starts_at else None,
            "url": f"{self._base}{task.path}",
        }

    def _render(self, template: str, context: dict[str, Any]) -> Rendered:
        return self._templates.render(template, "email", LANGUAGE, context)

    def _send(self, outgoing: list[tuple[str, Rendered]]) -> int:
        sent = 0
        for to, words in outgoing:
            try:
                self._email.send(to, words.subject, words.body, words.html)
                sent += 1
            except Exception as exc:  # recorded as sent already: never repeated
                log.error("staff_notices.send_failed", error=repr(exc))
        return sent


def _organisation(task: StaffTask, orgs: dict[str, str]) -> str:
    """The task's activity's organisation; an activity not heard of yet: the first one."""
    return orgs.get(task.activity_id, FIRST_ORGANISATION_ID)
