"""Demo participants for `make run`, signed up through recruitment's public API like anyone else."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

DEMO_PARTICIPANTS = (
    {
        "preferred_name": "Amira",
        "phone": "07911 123456",
        "email": "amira@example.com",
        "preferred_channel": "sms",
    },
    {
        "preferred_name": "Gareth",
        "phone": None,
        "email": "gareth@example.com",
        "preferred_channel": "email",
    },
    {
        "preferred_name": "Precious",
        "phone": "07400 123456",
        "email": None,
        "preferred_channel": "sms",
    },
)


def load_demo_participants(recruitment_url: str) -> Iterator[str]:
    for person in DEMO_PARTICIPANTS:
        body = {**person, "language": "en", "consent": True, "consent_version": "demo-1"}
        request = urllib.request.Request(
            f"{recruitment_url}/api/recruitment/participants",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        # The API answers alike whether or not they were signed up already (someone known is
        # sent a link instead), so a second `make run` simply signs nobody up twice.
        with urllib.request.urlopen(request, timeout=10) as response:
            participant_id = json.load(response)["participant_id"]
        yield f"signed up {person['preferred_name']}: {participant_id}"


# Development only: `make run` prints these so a developer can sign in straight away.
DEMO_STAFF = (
    ("admin@chorus.localhost", "Demo Admin", {"admin", "platform_admin"}),
    ("coordinator@chorus.localhost", "Demo Coordinator", {"coordinator"}),
    ("finance@chorus.localhost", "Demo Finance", {"finance_approver"}),
)
DEMO_STAFF_PASSWORD = "development only!!"


def load_demo_staff(database_url: str) -> Iterator[str]:
    from services.recruitment.adapters.orm import start_mappers
    from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
    from services.recruitment.staff.adapters.passwords import Argon2Passwords
    from services.recruitment.staff.domain.staff import StaffRuleBroken
    from services.recruitment.staff.service_layer.staff import create_staff
    from shared.db import make_engine, make_session_factory

    start_mappers()
    sessions = make_session_factory(make_engine(database_url))
    passwords = Argon2Passwords()
    for email, name, roles in DEMO_STAFF:
        with contextlib.suppress(StaffRuleBroken):  # already there from an earlier run
            create_staff(
                email,
                name,
                DEMO_STAFF_PASSWORD,
                roles,
                None,
                RecruitmentUnitOfWork(sessions),
                passwords,
            )
        yield f"staff sign-in: {email} / {DEMO_STAFF_PASSWORD} ({', '.join(sorted(roles))})"
    yield from load_second_organisation(sessions, passwords)


# A second organisation, so that the separation can be seen: its admin sees none of the first
# one's staff, and the demo coordinator has a role in both (the staff home switches).
SECOND_ORGANISATION = {
    "name": "Leeds Carers Network",
    "short_name": "CARERS",
    "public_contact": "hello@carers.example.org",
    "sms_sender": "+447700900999",
    "email_from_name": "Leeds Carers Network",
    "email_from_address": "hello@carers.example.org",
}
SECOND_ADMIN = ("carers-admin@chorus.localhost", "Demo Carers Admin")


def load_second_organisation(sessions: Any, passwords: Any) -> Iterator[str]:
    from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
    from services.recruitment.organisations.commands import CreateOrganisation, FirstAdmin
    from services.recruitment.organisations.domain.organisation import (
        Details,
        OrganisationRuleBroken,
    )
    from services.recruitment.organisations.service_layer import organisations
    from services.recruitment.staff.domain.staff import StaffRuleBroken
    from services.recruitment.staff.service_layer.staff import create_staff

    email, name = SECOND_ADMIN
    admin = FirstAdmin(email, name, DEMO_STAFF_PASSWORD)
    command = CreateOrganisation(Details(**SECOND_ORGANISATION), None, admin)
    with contextlib.suppress(OrganisationRuleBroken):  # there from an earlier run
        organisation_id = organisations.create(command, RecruitmentUnitOfWork(sessions), passwords)
        # The demo coordinator works for both: a role here too, on their existing account.
        with contextlib.suppress(StaffRuleBroken):
            create_staff(
                "coordinator@chorus.localhost", "Demo Coordinator", "", {"coordinator"}, None,
                RecruitmentUnitOfWork(sessions), passwords, organisation_id=organisation_id,
            )  # fmt: skip
        yield from _second_activity(organisation_id, lambda: RecruitmentUnitOfWork(sessions))
    called = SECOND_ORGANISATION["name"]
    yield f"second organisation: {called}, admin {email} / {DEMO_STAFF_PASSWORD}"


def _second_activity(organisation_id: str, uows: Any) -> Iterator[str]:
    """An open activity of the second organisation: only its staff see it."""
    from services.recruitment.activities.service_layer import activities
    from shared.tenancy import enter_organisation, leave_organisation

    describe = activities.DescribeActivity(
        "Caring at home: what would help?",
        "Tell us what would make caring for someone at home easier.",
        "interview",
        ["online", "in_person"],
        {"places": ["LS8"]},
        {"rate_pence": 2000, "rate_unit": "session", "recognition": ""},
    )
    enter_organisation(organisation_id)  # made as its coordinator would, signed in there
    try:
        activity_id = activities.create_activity(describe, None, uows())  # type: ignore[arg-type]
        activities.add_channel(activity_id, "web", "CARERSWEB", None, uows())
        activities.add_channel(activity_id, "sms", "CARERS", None, uows())
        activities.set_status(activity_id, "open", uows())
    finally:
        leave_organisation()
    number = SECOND_ORGANISATION["sms_sender"]
    yield (
        f"second organisation's activity: open /join/CARERSWEB, or text JOIN CARERS to {number}"
        " at /messages/simulator"
    )


# An open activity to try the whole journey with: text JOIN DEMO in /messages/simulator.
DEMO_CODE, DEMO_WEB_CODE = "DEMO", "DEMOWEB"
DEMO_TITLE = "Chorus demo: making GP appointments easier"
DEMO_PURPOSE = "Tell us what makes booking a GP appointment hard, so that we can fix it."
DEMO_VENUE = "Central Library, Calverley Street, Leeds LS1 3AB"


def load_demo_activity(recruitment_database_url: str) -> tuple[str, list[str]]:
    """The DEMO activity, open, with an SMS and a web channel; found again on a second run."""
    from services.recruitment.activities.service_layer import activities
    from services.recruitment.bootstrap import uow_factory
    from shared.db import make_engine

    uows = uow_factory(make_engine(recruitment_database_url))
    with uows() as uow:
        channel = uow.channels.by_code(DEMO_CODE)
        activity_id = channel.activity_id if channel else None
    if activity_id is not None:
        return activity_id, [f"demo activity: text JOIN {DEMO_CODE} (already there)"]
    describe = activities.DescribeActivity(
        DEMO_TITLE,
        DEMO_PURPOSE,
        "focus_group",
        ["in_person"],
        {"places": ["LS1", "LS7"]},
        {"rate_pence": 2500, "rate_unit": "hour", "recognition": "A certificate"},
        invite_on_sign_up=True,  # so JOIN DEMO leads straight on to BOOK
    )
    # No staff member made it: the demo stands in for a coordinator's first activity.
    no_one: str = None  # type: ignore[assignment]
    activity_id = activities.create_activity(describe, no_one, uows())
    for kind, code in (("web", DEMO_WEB_CODE), ("sms", DEMO_CODE)):
        activities.add_channel(activity_id, kind, code, None, uows())
    activities.set_status(activity_id, "open", uows())
    where = f"text JOIN {DEMO_CODE} at /messages/simulator, or open /join/{DEMO_WEB_CODE}"
    return activity_id, [f"demo activity: {where}"]


def load_demo_slots(scheduling_database_url: str, activity_id: str) -> Iterator[str]:
    """Times in the coming weeks for the DEMO activity, unless some can still be booked."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from services.scheduling.bootstrap import uow_factory
    from services.scheduling.sessions.commands import CreateSession
    from services.scheduling.sessions.domain.planning import SlotPlan
    from services.scheduling.sessions.service_layer import session_admin
    from shared.db import make_engine

    uows = uow_factory(make_engine(scheduling_database_url))
    now = datetime.now(UTC)
    with uows() as uow:
        if uow.dialogue.bookable_slots(activity_id, now, 1):
            yield "demo times: already there"
            return
    london, today = ZoneInfo("Europe/London"), now.astimezone(ZoneInfo("Europe/London")).date()
    starts = [
        datetime.combine(today + timedelta(days=days), at, london).astimezone(UTC)
        for days, at in ((7, time(10, 30)), (9, time(18, 0)), (16, time(14, 0)))
    ]
    plans = tuple(SlotPlan(s, s + timedelta(hours=1, minutes=30), 8) for s in starts)
    command = CreateSession(
        activity_id,
        DEMO_TITLE,
        "in_person",
        DEMO_VENUE,
        ("step_free", "hearing_loop", "public_transport"),
        None,
        plans,
    )
    session_admin.create_session(command, uows())
    yield f"demo times: {len(plans)} in the coming weeks at {DEMO_VENUE}"
