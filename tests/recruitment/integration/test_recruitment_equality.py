"""Equality monitoring on a real (SQLite) database: a participant answers optional questions on
their own page, for each organisation they are with; coordinators see only totals of the
answers given to their activity's organisation, with any count under 5 hidden and one more
hidden when a single hidden count could be worked out from the total; erasure deletes the
answers (from one organisation, only those given to it)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from services.recruitment.equality.adapters.equality_tables import equality_answers, forget_equality
from services.recruitment.equality.domain.equality import Cell, suppress
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_recruitment_activities import (
    app,
    as_participant,
    coordinator,
    engine,
)
from tests.recruitment.integration.test_recruitment_reach import open_activity, sign_up

__all__ = ["app", "coordinator", "engine"]  # fixtures used below
FORM = f"/join/me/organisations/{FIRST_ORGANISATION_ID}/equality"  # the only organisation


def stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(equality_answers)).scalar_one()


def test_suppression_hides_small_counts_and_one_more_when_needed() -> None:
    cells, total = suppress({"female": 9, "male": 3, "prefer_not_to_say": 6, "not_answered": 7})
    # "male" alone would be 25 - 9 - 6 - 7 = 3: the next smallest (6) is hidden with it.
    assert [c.shown for c in cells] == ["9", "fewer than 5", "fewer than 5", "7"]
    assert total == 25
    cells, total = suppress({"yes": 2, "no": 1, "not_answered": 8})
    assert [c.count for c in cells] == [None, None, 8]  # two hidden already: the sum is safe
    assert suppress({"yes": 3, "no": 1}) == ([Cell("yes", None), Cell("no", None)], None)


def test_a_participant_answers_changes_and_deletes_their_answers(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    me = as_participant(app, sign_up(app, engine, f"/join/activities/{activity_id}", 1))
    # One organisation: the old path (emails link to it) goes straight to its form.
    sent = me.get("/join/me/equality")
    assert sent.status_code == 302 and sent.headers["Location"] == FORM
    page = me.get(FORM).get_data(as_text=True)
    assert "Questions about you for " in page
    assert "Prefer not to say" in page and "Staff only ever see totals" in page
    assert "White: Roma" in page and "In a civil partnership" in page
    saved = me.post(FORM, data={"sex": "female", "religion": "prefer_not_to_say"})
    assert saved.status_code == 302
    page = me.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved" in page and 'value="female" checked' in page
    bad = me.post(FORM, data={"sex": "robot"})
    assert bad.status_code == 400 and "Choose one of the answers" in bad.get_data(as_text=True)
    assert me.post(f"{FORM}/delete").status_code == 302
    assert stored(engine) == 0
    assert app.test_client().get("/join/me/equality").status_code == 302  # sent for a link
    assert app.test_client().get(FORM).headers["Location"].startswith("/join/link")


def test_the_report_shows_only_totals_with_small_counts_hidden(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    path = f"/join/activities/{activity_id}"
    answers = [{"sex": "female", "ethnicity": "indian"}] * 6 + [
        {"sex": "male", "ethnicity": "white_british"},
        {"sex": "male", "ethnicity": "irish"},
        {"sex": "prefer_not_to_say", "ethnicity": "african"},
    ]
    for n, answer in enumerate(answers):
        me = as_participant(app, sign_up(app, engine, path, n))
        assert me.post(FORM, data=answer).status_code == 302
    sign_up(app, engine, path, 99)  # never answered
    report = coordinator.get(f"/api/recruitment/activities/{activity_id}/equality").get_json()
    assert report["people"] == 10 and report["suppressed_below"] == 5
    by = {q["question"]: {r["answer"]: r["shown"] for r in q["rows"]} for q in report["questions"]}
    # 6 female shown; male 2, prefer not 1, not answered 1 are all hidden; 0 is under 5 too.
    assert by["sex"] == {
        "female": "6",
        "male": "fewer than 5",
        "prefer_not_to_say": "fewer than 5",
        "not_answered": "fewer than 5",
    }
    # Broad groups only: asian 6 shown, white 2 and black 1 hidden, never the detail.
    assert by["ethnicity"]["asian"] == "6" and by["ethnicity"]["white"] == "fewer than 5"
    assert "indian" not in by["ethnicity"]
    assert by["deprivation"]["not_known"] == "10"  # no IMD file is installed in tests
    assert all(
        r["count"] is None or r["count"] >= 5 for q in report["questions"] for r in q["rows"]
    )
    assert "participant_id" not in str(report)


def test_erasure_deletes_equality_answers(
    app: Flask, coordinator: FlaskClient, engine: Engine
) -> None:
    activity_id = open_activity(coordinator)
    person = sign_up(app, engine, f"/join/activities/{activity_id}", 1)
    me = as_participant(app, person)
    me.post(FORM, data={"sex": "female"})
    assert stored(engine) == 1
    with engine.begin() as conn:
        assert forget_equality(person, conn) == 1
    me.post(FORM, data={"sex": "female"})
    me.post("/join/me/erase", data={"confirm": "yes"})  # the participant's own erasure
    assert stored(engine) == 0
