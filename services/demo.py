"""Demo participants for `make run`, signed up through recruitment's public API like anyone else."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator

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
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                participant_id = json.load(response)["participant_id"]
            yield f"signed up {person['preferred_name']}: {participant_id}"
        except urllib.error.HTTPError as exc:
            if exc.code != 409:
                raise
            yield f"{person['preferred_name']} was already signed up"


# Development only: `make run` prints these so a developer can sign in straight away.
DEMO_STAFF = (
    ("admin@chorus.localhost", "Demo Admin", {"admin"}),
    ("coordinator@chorus.localhost", "Demo Coordinator", {"coordinator"}),
    ("finance@chorus.localhost", "Demo Finance", {"finance_approver"}),
)
DEMO_STAFF_PASSWORD = "development only!!"


def load_demo_staff(database_url: str) -> Iterator[str]:
    from services.recruitment.adapters.orm import start_mappers
    from services.recruitment.adapters.passwords import Argon2Passwords
    from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
    from services.recruitment.domain.staff import StaffRuleBroken
    from services.recruitment.service_layer.staff import create_staff
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
