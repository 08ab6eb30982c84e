"""Equality answers are per organisation (each is its own data controller): one person with two
organisations answers differently for each, on real pages and a real (SQLite) database; each
organisation's report counts only the answers given to it; erasure from one leaves the other's;
an organisation they are not with is not found; answers from before organisations moved to the
first organisation with the migration."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from services.recruitment.equality.adapters.equality_tables import answers_on, equality_answers
from services.recruitment.equality.adapters.imd import lookup_from_environment
from services.recruitment.equality.service_layer.equality import equality_report, save_my_answers
from services.recruitment.organisations.commands import CreateOrganisation
from services.recruitment.organisations.domain.organisation import Details
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from shared.db import make_engine
from shared.migrations import upgrade
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_leave_organisation import (
    ANN,
    World,
    as_ann,
    csrf,
    make_world,
)
from tests.support import postgres_schema

OTHERS = 4  # with Ann, five people: the smallest count a report shows


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Ann and four others, each signed up to the hospital's activity and the hospice's."""
    world = make_world(tmp_path, monkeypatch)
    for n in range(OTHERS):
        person = {**vars(ANN), "preferred_name": f"P{n}", "email": f"p{n}@example.org"}
        joined = sign_up_for_activity(
            SignUpForActivity(**{**person, "activity_id": world.ours}), world.uow()
        )
        sign_up_for_activity(
            SignUpForActivity(**{**person, "activity_id": world.theirs}), world.uow()
        )
        save_my_answers(
            joined.participant_id, FIRST_ORGANISATION_ID, {"sex": "female"}, world.uow(), answers_on
        )
        save_my_answers(
            joined.participant_id, world.hospice, {"sex": "male"}, world.uow(), answers_on
        )
    return world


def form(organisation_id: str) -> str:
    return f"/join/me/organisations/{organisation_id}/equality"


def answer(client: FlaskClient, organisation_id: str, answers: dict[str, str]) -> Any:
    path = form(organisation_id)
    return client.post(path, data={"csrf_token": csrf(client, path), **answers})


def sex_counts(world: World, activity_id: str) -> dict[str, str]:
    report = equality_report(
        activity_id, "signed_up", world.uow(), answers_on, lookup_from_environment()
    )
    [sex] = [q for q in report["questions"] if q["question"] == "sex"]
    return {cell.answer: cell.shown for cell in sex["rows"]}


def stored(world: World) -> list[tuple[str, str | None]]:
    """Ann's answers to "sex", by organisation."""
    query = (
        select(equality_answers.c.organisation_id, equality_answers.c.sex)
        .where(equality_answers.c.participant_id == world.ann)
        .order_by(equality_answers.c.organisation_id)
    )
    with world.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def test_ann_answers_each_organisation_differently_and_each_report_counts_its_own(
    world: World,
) -> None:
    ann = as_ann(world)
    listed = ann.get("/join/me/equality").get_data(as_text=True)
    assert (
        f'href="{form(FIRST_ORGANISATION_ID)}"' in listed
        and f'href="{form(world.hospice)}"' in listed
    )
    assert "Questions about you for Leeds Teaching Hospitals" in listed
    assert "Questions about you for Wheatfields Hospice" in listed
    page = ann.get(form(world.hospice)).get_data(as_text=True)
    assert "<h1" in page and "Questions about you for Wheatfields Hospice</h1>" in page

    assert answer(ann, FIRST_ORGANISATION_ID, {"sex": "female"}).status_code == 302
    assert (
        answer(ann, world.hospice, {"sex": "male", "religion": "prefer_not_to_say"}).status_code
        == 302
    )
    assert stored(world) == sorted([(FIRST_ORGANISATION_ID, "female"), (world.hospice, "male")])
    assert 'value="male" checked' in ann.get(form(world.hospice)).get_data(as_text=True)
    assert 'value="male" checked' not in ann.get(form(FIRST_ORGANISATION_ID)).get_data(as_text=True)

    # Five women for the hospital, five men for the hospice: each report sees only its own.
    assert sex_counts(world, world.ours)["female"] == "5"
    assert sex_counts(world, world.ours)["male"] == "fewer than 5"
    assert sex_counts(world, world.theirs)["male"] == "5"
    assert sex_counts(world, world.theirs)["female"] == "fewer than 5"

    # Her export shows each organisation's answers under its name.
    data = ann.get("/join/me/data.json").get_json()
    given = {a["organisation"]: a["answers"]["sex"] for a in data["equality_answers"]}
    assert given == {"Leeds Teaching Hospitals": "female", "Wheatfields Hospice": "male"}
    readable = ann.get("/join/me/data").get_data(as_text=True)
    assert "For Leeds Teaching Hospitals" in readable and "For Wheatfields Hospice" in readable
    welsh = ann.get(f"{form(world.hospice)}?lang=cy").get_data(as_text=True)
    assert "Cwestiynau amdanoch chi ar gyfer Hosbis" in welsh
    listed = ann.get("/join/me/equality?lang=cy").get_data(as_text=True)
    assert "Rydych chi'n ateb y cwestiynau hyn ar gyfer pob grŵp" in listed
    assert "Ar gyfer Hosbis" in ann.get("/join/me/data?lang=cy").get_data(as_text=True)


def test_erasure_from_the_hospice_deletes_only_the_answers_given_to_it(world: World) -> None:
    ann = as_ann(world)
    answer(ann, FIRST_ORGANISATION_ID, {"sex": "female"})
    answer(ann, world.hospice, {"sex": "male"})
    path = f"/join/me/organisations/{world.hospice}/erase"
    confirm = ann.get(path).get_data(as_text=True)
    assert "your answers to the questions about you for Wheatfields Hospice" in confirm
    erased = ann.post(path, data={"csrf_token": csrf(ann, path), "confirm": "yes"})
    assert erased.status_code == 302

    assert stored(world) == [(FIRST_ORGANISATION_ID, "female")]
    assert sex_counts(world, world.ours)["female"] == "5"
    assert sex_counts(world, world.theirs)["male"] == "fewer than 5"  # four left
    # She is not with the hospice now: its form is not found, and the hospital's is her only one.
    assert ann.get(form(world.hospice)).status_code == 404
    assert ann.get("/join/me/equality").headers["Location"] == form(FIRST_ORGANISATION_ID)


def test_deleting_answers_for_one_organisation_keeps_the_others(world: World) -> None:
    ann = as_ann(world)
    answer(ann, FIRST_ORGANISATION_ID, {"sex": "female"})
    answer(ann, world.hospice, {"sex": "male"})
    path = f"{form(world.hospice)}/delete"
    deleted = ann.post(path, data={"csrf_token": csrf(ann, form(world.hospice))})
    assert deleted.headers["Location"] == f"{form(world.hospice)}?done=deleted"
    assert stored(world) == [(FIRST_ORGANISATION_ID, "female")]


def test_an_organisation_she_is_not_with_is_not_found(world: World) -> None:
    elsewhere = Details("Hywel Dda", "HYWEL", "01267 000000", welsh_name="Hywel Dda")
    other = organisations.create(CreateOrganisation(elsewhere, None), world.uow(), None)
    ann = as_ann(world)
    token = csrf(ann, form(FIRST_ORGANISATION_ID))
    for organisation_id in (other, "no-such-organisation"):
        assert ann.get(form(organisation_id)).status_code == 404
        saved = ann.post(form(organisation_id), data={"csrf_token": token, "sex": "female"})
        assert saved.status_code == 404
        gone = ann.post(f"{form(organisation_id)}/delete", data={"csrf_token": token})
        assert gone.status_code == 404
    with world.engine.connect() as conn:
        mine = equality_answers.c.participant_id == world.ann
        assert conn.execute(select(equality_answers).where(mine)).all() == []
    assert "Hywel Dda" not in ann.get("/join/me/equality").get_data(as_text=True)


def _migrates_earlier_answers_to_the_first_organisation(url: str) -> None:
    upgrade("services.recruitment.adapters:migrations", url, "0021")
    engine = make_engine(url)
    earlier = text(
        "INSERT INTO equality_answers (participant_id, sex, answered_at)"
        " VALUES ('someone', 'female', :now)"
    )
    with engine.begin() as conn:
        conn.execute(earlier, {"now": datetime.now(UTC)})
    upgrade("services.recruitment.adapters:migrations", url)
    columns = (equality_answers.c.participant_id, equality_answers.c.organisation_id)
    with engine.begin() as conn:
        rows = conn.execute(select(*columns, equality_answers.c.sex)).all()
        assert rows == [("someone", FIRST_ORGANISATION_ID, "female")]
        # The key is both now: the same person can answer another organisation too.
        another = {"participant_id": "someone", "organisation_id": "another"}
        conn.execute(equality_answers.insert().values(**another, answered_at=datetime.now(UTC)))
    with pytest.raises(IntegrityError), engine.begin() as conn:  # but once each
        conn.execute(equality_answers.insert().values(**another, answered_at=datetime.now(UTC)))
    engine.dispose()


def test_the_migration_gives_earlier_answers_to_the_first_organisation(tmp_path: Path) -> None:
    _migrates_earlier_answers_to_the_first_organisation(f"sqlite:///{tmp_path / 'r.db'}")


@pytest.mark.postgres
def test_the_migration_rekeys_the_answers_on_postgres_too() -> None:
    with postgres_schema("equality") as url:
        _migrates_earlier_answers_to_the_first_organisation(url)
