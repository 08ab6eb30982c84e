"""`make run`'s demo activity: open, JOIN DEMO works, times in the coming weeks, and a second
run adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from services.demo import load_demo_activity, load_demo_slots
from services.recruitment.adapters.orm import activities, channels
from services.scheduling.adapters.tables.sessions import slots
from tests.support import migrated_engine


def test_the_demo_activity_is_seeded_once_with_times(tmp_path: Path) -> None:
    recruitment = migrated_engine("recruitment", tmp_path)
    scheduling = migrated_engine("scheduling", tmp_path)
    urls = [str(e.url) for e in (recruitment, scheduling)]
    first, said = load_demo_activity(urls[0])
    [seeded] = load_demo_slots(urls[1], first)
    assert "JOIN DEMO" in said[0] and seeded.endswith("LS1 3AB")
    again, said = load_demo_activity(urls[0])
    assert again == first and "already there" in said[0]
    assert list(load_demo_slots(urls[1], first)) == ["demo times: already there"]
    with recruitment.connect() as conn:
        assert conn.execute(select(activities.c.status)).scalars().all() == ["open"]
        codes = conn.execute(select(channels.c.code, channels.c.kind)).all()
    assert sorted(tuple(c) for c in codes) == [("DEMO", "sms"), ("DEMOWEB", "web")]
    with scheduling.connect() as conn:
        starts = conn.execute(select(slots.c.starts_at)).scalars().all()
        assert conn.execute(select(func.count()).select_from(slots)).scalar_one() == 3
    assert all(s.replace(tzinfo=s.tzinfo or UTC) > datetime.now(UTC) for s in starts)
