"""The history's backfill (recruitment migration 0027) on a real (SQLite) database: Ann signed
up before the history existed, with a need and a session she took part in, and has no lines
for them; Bea signed up since, so her needs are a line already. The migration gives Ann a
needs line whose time is not known (the page says so) and an attendance line for the activity
she took part in (its organisation's only), and leaves Bea alone. Its downgrade takes away
exactly what it added."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, update

from services.recruitment.adapters.orm import activities, expressions_of_interest, participants
from services.recruitment.history.adapters import history_entries
from services.recruitment.participants.domain.model import Profile
from services.recruitment.signups.commands import SignUpForActivity
from services.recruitment.signups.service_layer.signups import sign_up_for_activity
from shared.db import make_engine
from shared.migrations import alembic_config, upgrade
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_contributor_history import coordinator, rows
from tests.recruitment.integration.test_leave_organisation import World, make_world
from tests.support import postgres_schema

MIGRATIONS = "services.recruitment.adapters:migrations"
SESSION = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(tmp_path, monkeypatch)


def lines_of(world: World, participant_id: str) -> list[tuple[str, str | None, str | None, dict]]:
    h = history_entries
    query = select(h.c.kind, h.c.organisation_id, h.c.subject_id, h.c.details).where(
        h.c.participant_id == participant_id
    )
    with world.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query.order_by(h.c.id))]  # type: ignore[misc]


def test_people_from_before_the_history_get_the_lines_recruitment_can_tell(
    world: World,
) -> None:
    bea = SignUpForActivity(
        "Bea", None, "bea@example.org", "email", "en", "v1",
        profile=Profile(support_needs=["step_free"]), activity_id=world.ours,
    )  # fmt: skip
    bea_id = sign_up_for_activity(bea, world.uow()).participant_id
    bea_before = lines_of(world, bea_id)
    assert [kind for kind, *_ in bea_before] == ["needs_given"]
    # Ann as she was kept before the history: a need and a session taken part in, no lines.
    with world.engine.begin() as conn:
        conn.execute(
            update(participants)
            .where(participants.c.id == world.ann)
            .values(support_needs=["bsl", "large_print"])
        )
        conn.execute(
            update(expressions_of_interest)
            .where(
                expressions_of_interest.c.participant_id == world.ann,
                expressions_of_interest.c.activity_id == world.ours,
            )
            .values(took_part_at=SESSION, status="took_part")
        )
    assert lines_of(world, world.ann) == []
    url = str(world.engine.url)
    command.downgrade(alembic_config(MIGRATIONS, url), "0024")  # nothing of its own yet
    upgrade(MIGRATIONS, url)  # the backfill, as a deployment's next upgrade runs it

    assert lines_of(world, world.ann) == [
        ("needs_given", None, "backfill",
         {"needs": ["bsl", "large_print"], "backfilled": True, "time_known": False}),
        ("attendance", FIRST_ORGANISATION_ID, "backfill",
         {"outcome": "took_part", "backfilled": True}),
    ]  # fmt: skip
    assert lines_of(world, bea_id) == bea_before  # she had her line: nothing added

    hospital = coordinator(world, FIRST_ORGANISATION_ID)
    page = rows(hospital.get(f"/join/manage/people/{world.ann}").text)
    [needs] = [line for line in page if "Told us the help they need" in line]
    assert needs.startswith("Not known (from records kept before this history began) |")
    assert needs.endswith("A British Sign Language (BSL) interpreter, Large print")
    [came] = [line for line in page if "Attendance recorded" in line]
    assert came == "Thursday 1 October, 11:00am | Attendance recorded | Clinic letters | Took part"
    hospice = rows(coordinator(world, world.hospice).get(f"/join/manage/people/{world.ann}").text)
    assert any("Told us the help they need" in line for line in hospice)  # about her: theirs too
    assert not any("Attendance recorded" in line for line in hospice)  # the hospital's only
    welsh = hospital.get(f"/join/manage/people/{world.ann}?lang=cy").text
    assert "Ddim yn hysbys (o gofnodion a gadwyd cyn i\u2019r hanes hwn ddechrau)" in welsh

    command.downgrade(alembic_config(MIGRATIONS, url), "0024")
    assert lines_of(world, world.ann) == []
    assert lines_of(world, bea_id) == bea_before


def _backfills_from_the_tables(url: str) -> None:
    """The migration's own data path on a database with rows from before it: a person with
    needs and a session taken part in, on the real tables as they were at 0024."""
    upgrade(MIGRATIONS, url, "0024")
    engine = make_engine(url)
    person, activity = str(uuid.uuid4()), str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            activities.insert().values(
                id=activity, title="Clinic letters", purpose="Why", approach="survey",
                formats=["online"], audience={}, offer={}, status="open", created_at=SESSION,
                organisation_id=FIRST_ORGANISATION_ID,
            )
        )  # fmt: skip
        conn.execute(
            participants.insert().values(
                id=person, preferred_name="Ann", preferred_channel="email", language="en",
                sign_up_channel="web", consent_version="v1", consented_at=SESSION,
                signed_up_at=SESSION, support_needs=["hearing_loop"],
            )
        )  # fmt: skip
        conn.execute(
            expressions_of_interest.insert().values(
                id=str(uuid.uuid4()), participant_id=person, activity_id=activity,
                channel_kind="web", status="took_part", created_at=SESSION, took_part_at=SESSION,
            )
        )  # fmt: skip
    upgrade(MIGRATIONS, url)
    h = history_entries
    query = select(h.c.kind, h.c.organisation_id, h.c.at, h.c.details).order_by(h.c.kind)
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(query.where(h.c.participant_id == person))]
    assert found == [
        ("attendance", FIRST_ORGANISATION_ID, SESSION,
         {"outcome": "took_part", "backfilled": True}),
        ("needs_given", None, SESSION,
         {"needs": ["hearing_loop"], "backfilled": True, "time_known": False}),
    ]  # fmt: skip
    engine.dispose()


def test_the_backfill_reads_the_tables_as_they_were(tmp_path: Path) -> None:
    _backfills_from_the_tables(f"sqlite:///{tmp_path / 'r.db'}")


@pytest.mark.postgres
def test_the_backfill_reads_the_tables_on_postgres_too() -> None:
    with postgres_schema("history_backfill") as url:
        _backfills_from_the_tables(url)
