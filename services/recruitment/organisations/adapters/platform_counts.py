"""The operator's count of what each organisation has on the deployment: numbers only, never
a person (issue #16: reports never combine organisations, except this)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from services.recruitment.adapters.orm import activities, expressions_of_interest, staff
from services.recruitment.adapters.orm import organisations as organisation_rows


@dataclass(frozen=True)
class OrganisationCount:
    organisation_id: str
    name: str
    activities: int
    open_activities: int
    people: int  # people who signed up to one of its activities (a person counts once)
    staff: int  # accounts whose roles hold there


@dataclass(frozen=True)
class PlatformCount:
    organisations: list[OrganisationCount]
    people: int  # on the whole deployment, each person once however many organisations


def platform_count(session: Session) -> PlatformCount:
    whose = activities.c.organisation_id
    made = dict(session.execute(select(whose, func.count()).group_by(whose)).all())
    opened = select(whose, func.count()).where(activities.c.status == "open").group_by(whose)
    open_now = dict(session.execute(opened).all())
    signed_up = (
        select(whose, func.count(distinct(expressions_of_interest.c.participant_id)))
        .join(activities, activities.c.id == expressions_of_interest.c.activity_id)
        .group_by(whose)
    )
    people = dict(session.execute(signed_up).all())
    working = Counter(
        org
        for memberships, suspended in session.execute(
            select(staff.c.memberships, staff.c.suspended_in).where(staff.c.active)
        )
        for org, roles in (memberships or {}).items()
        if roles and org not in (suspended or [])
    )
    anyone = select(func.count(distinct(expressions_of_interest.c.participant_id)))
    listed = session.execute(
        select(organisation_rows.c.id, organisation_rows.c.name).order_by(organisation_rows.c.name)
    ).all()
    return PlatformCount(
        [
            OrganisationCount(
                org,
                name,
                made.get(org, 0),
                open_now.get(org, 0),
                people.get(org, 0),
                working[org],
            )
            for org, name in listed
        ],
        session.execute(anyone).scalar_one(),
    )
