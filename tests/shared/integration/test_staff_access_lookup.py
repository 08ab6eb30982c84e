"""shared.staff_sessions.access_lookup, which every service but recruitment answers staff
sessions with: roles come per organisation once the projection keeps memberships, and a role
in another organisation gives nothing in this one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import JSON, Boolean, Column, MetaData, String, Table, create_engine

from shared.auth import StaffAccess, _member
from shared.staff_sessions import access_lookup, memberships_of, staff_sessions_metadata

A = "00000000-0000-4000-8000-00000000000a"
B = "00000000-0000-4000-8000-00000000000b"


def _profiles(tmp_path: Path, with_memberships: bool) -> tuple[Table, object]:
    engine = create_engine(f"sqlite:///{tmp_path / 'access.db'}")
    metadata = MetaData()
    columns = [
        Column("staff_id", String(36), primary_key=True),
        Column("roles", JSON, nullable=True),
        Column("active", Boolean, nullable=True),
    ]
    if with_memberships:
        columns.append(Column("memberships", JSON, nullable=True))
    profiles = Table("profiles", metadata, *columns)
    metadata.create_all(engine)
    staff_sessions_metadata.create_all(engine)
    return profiles, engine


def _session(organisation_id: str | None) -> dict[str, object]:
    return {"id": "s1", "name": "Priya", "roles": ["admin"], "organisation_id": organisation_id}


def test_memberships_from_the_event() -> None:
    data = {
        "memberships": [
            {"organisation_id": A, "roles": ["finance_approver", "coordinator"]},
            {"organisation_id": B, "roles": []},
        ]
    }
    assert memberships_of(data) == {A: ["coordinator", "finance_approver"]}
    assert memberships_of({"roles": ["admin"]}) is None
    assert memberships_of({"roles": ["platform_admin"], "memberships": []}) is None


def test_roles_hold_only_in_their_organisation(tmp_path: Path) -> None:
    profiles, engine = _profiles(tmp_path, with_memberships=True)
    with engine.begin() as conn:
        conn.execute(
            profiles.insert(),
            {
                "staff_id": "s1",
                "roles": ["coordinator", "finance_approver"],
                "active": True,
                "memberships": {A: ["coordinator"], B: ["finance_approver"]},
            },
        )
    access = access_lookup(engine, profiles)("s1")
    assert access.roles == frozenset()
    assert _member(_session(A), access).roles == {"coordinator"}
    assert _member(_session(B), access).roles == {"finance_approver"}
    assert _member(_session("elsewhere"), access).roles == frozenset()
    assert _member(_session(A), access).organisations == {A, B}


def test_platform_admin_holds_everywhere(tmp_path: Path) -> None:
    profiles, engine = _profiles(tmp_path, with_memberships=True)
    with engine.begin() as conn:
        conn.execute(
            profiles.insert(),
            {
                "staff_id": "s1",
                "roles": ["platform_admin", "admin"],
                "active": True,
                "memberships": {A: ["admin"]},
            },
        )
    access = access_lookup(engine, profiles)("s1")
    assert _member(_session(B), access).roles == {"platform_admin"}
    assert _member(_session(A), access).roles == {"platform_admin", "admin"}


def test_without_memberships_the_roles_hold_as_before(tmp_path: Path) -> None:
    for with_memberships in (False, True):
        (tmp_path / str(with_memberships)).mkdir()
        profiles, engine = _profiles(tmp_path / str(with_memberships), with_memberships)
        with engine.begin() as conn:
            conn.execute(profiles.insert(), {"staff_id": "s1", "roles": ["admin"], "active": False})
        access = access_lookup(engine, profiles)("s1")
        assert access == StaffAccess(None, False, frozenset({"admin"}), None)
        assert access_lookup(engine, profiles)("unknown") == StaffAccess(None, True, None, None)
