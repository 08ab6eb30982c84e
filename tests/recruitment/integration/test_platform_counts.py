"""The operator's count (/staff/platform and /api/recruitment/organisations/counts): each
organisation's activities, sign-ups and staff as numbers, for platform admins only, with
nobody's details on it; a person with two organisations counts once in the total."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from services.recruitment.activities.service_layer import activities
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import load_settings
from services.recruitment.entrypoints.app import create_app
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from services.recruitment.staff.adapters.passwords import Argon2Passwords
from services.recruitment.staff.service_layer.staff import create_staff
from shared.db import make_session_factory
from shared.tenancy import enter_organisation, leave_organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.support import migrated_engine, staff_client

DESCRIPTION = activities.DescribeActivity(
    "Shaping the hospice garden", "Why it matters", "survey", ["online"], {}, {}
)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("ORGANISATION_NAME", "Leeds Teaching Hospitals")
    engine = migrated_engine("recruitment", tmp_path)
    app = create_app(bootstrap(settings=load_settings(), engine=engine))
    uows = lambda: RecruitmentUnitOfWork(make_session_factory(engine))  # noqa: E731
    hospice = organisations.create(
        CreateOrganisation(Details("Wheatfields Hospice", "HOSPICE", "0113 496 0003"), None),
        uows(),
        None,
    )

    def person(name: str, email: str, activity_id: str) -> None:
        sign_up_for_activity(
            SignUpForActivity(name, None, email, "email", "en", "v1", activity_id=activity_id),
            uows(),
        )

    for organisation, opened in ((FIRST_ORGANISATION_ID, 2), (hospice, 1)):
        enter_organisation(organisation)
        try:
            made = [activities.create_activity(DESCRIPTION, None, uows()) for _ in range(opened)]
            for activity_id in made:
                activities.set_status(activity_id, "open", uows())
            person("Ann Example", "ann@example.org", made[0])  # with both organisations
            if organisation == FIRST_ORGANISATION_ID:
                person("Bo Example", "bo@example.org", made[1])
            create_staff(
                f"staff@{organisation[-4:]}.example.org", "Sam Staffer", "long enough password",
                {"coordinator"}, None, uows(), Argon2Passwords(), organisation_id=organisation,
            )  # fmt: skip
        finally:
            leave_organisation()
    app.extensions["hospice"] = hospice
    return app


def test_the_operator_sees_each_organisation_as_numbers(app: Flask) -> None:
    operator = staff_client(app, ["platform_admin"])
    counted = operator.get("/api/recruitment/organisations/counts").get_json()
    assert counted["people"] == 2  # Ann counts once
    assert counted["organisations"] == [
        {
            "organisation_id": FIRST_ORGANISATION_ID,
            "name": "Leeds Teaching Hospitals",
            "activities": 2,
            "open_activities": 2,
            "people": 2,
            "staff": 1,
        },
        {
            "organisation_id": app.extensions["hospice"],
            "name": "Wheatfields Hospice",
            "activities": 1,
            "open_activities": 1,
            "people": 1,
            "staff": 1,
        },
    ]
    page = operator.get("/staff/platform").get_data(as_text=True)
    assert "Wheatfields Hospice" in page and "People signed up in all: 2." in page
    for personal in ("Ann", "Bo Example", "example.org", "Sam Staffer"):
        assert personal not in page


@pytest.mark.parametrize("roles", [["admin"], ["coordinator", "finance_approver"]])
def test_only_the_operator_sees_the_count(app: Flask, roles: list[str]) -> None:
    staff = staff_client(app, roles)
    assert staff.get("/api/recruitment/organisations/counts").status_code == 403
    assert staff.get("/staff/platform").status_code == 403
