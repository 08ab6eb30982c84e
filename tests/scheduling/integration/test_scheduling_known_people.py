"""Whom an organisation's staff may name, on SQLite and PostgreSQL: the people recruitment
invited to one of its activities (as ActivityPublished says, or, not announced yet, the activity
of one of its polls), each once, the latest invited first; never another organisation's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from services.scheduling.bootstrap import uow_factory
from services.scheduling.polls.domain import OptionPlan, Poll
from tests.support import migrated_engine, migrated_postgres

NOW = datetime.now(UTC).replace(microsecond=0)
OURS, THEIRS = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = migrated_engine("scheduling", tmp_path)
        yield engine
        engine.dispose()
    else:
        with migrated_postgres("scheduling") as engine:
            yield engine


def test_only_people_invited_to_the_organisations_activities_are_known(engine: Engine) -> None:
    announced, polled, elsewhere = (str(uuid.uuid4()) for _ in range(3))
    ann, bo, cai, dee = (str(uuid.uuid4()) for _ in range(4))
    uows = uow_factory(engine)
    with uows() as uow:
        uow.activities.save(announced, OURS)
        uow.activities.save(elsewhere, THEIRS)
        option = OptionPlan(NOW + timedelta(days=3), NOW + timedelta(days=3, hours=1))
        closes = NOW + timedelta(days=2)
        poll = Poll.create(polled, "T", "online", None, "https://x", [option], closes, NOW, OURS)
        uow.polls.add(poll)  # a poll of an activity not announced yet
        uow.dialogue.invited(ann, announced, NOW)
        uow.dialogue.invited(bo, polled, NOW + timedelta(minutes=1))
        uow.dialogue.invited(ann, polled, NOW + timedelta(minutes=2))  # twice: listed once
        uow.dialogue.invited(cai, elsewhere, NOW)
        uow.commit()
    with uows() as uow:
        assert uow.people.known_to(OURS, [ann, bo, cai, dee]) == {ann, bo}
        assert uow.people.known_to(THEIRS, [ann, bo, cai, dee]) == {cai}
        assert uow.people.known_to(OURS, []) == set()
        assert uow.people.invited_in(OURS) == [ann, bo]  # ann's latest invitation is newer
        assert uow.people.invited_in(OURS, limit=1) == [ann]
        assert uow.people.invited_in(THEIRS) == [cai]
        assert uow.people.invited_in(str(uuid.uuid4())) == []
