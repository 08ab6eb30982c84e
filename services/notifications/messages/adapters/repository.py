"""What messages depend on from other services' events: activity titles, and whose sign-up
(and its confirmation) we have seen. SQLAlchemy repositories."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import activity_titles, sign_ups


class SqlAlchemyActivityTitles:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, activity_id: str, title: str, organisation_id: str) -> None:
        mine = activity_titles.c.activity_id == activity_id
        values = {"title": title, "organisation_id": organisation_id}
        if self.session.execute(select(activity_titles.c.activity_id).where(mine)).first():
            self.session.execute(update(activity_titles).where(mine).values(**values))
        else:
            self.session.execute(insert(activity_titles).values(activity_id=activity_id, **values))

    def titles(self) -> dict[str, str]:
        rows = self.session.execute(select(activity_titles.c.activity_id, activity_titles.c.title))
        return {activity_id: title for activity_id, title in rows}

    def organisations(self, among: Collection[str] | None = None) -> dict[str, str]:
        columns = (activity_titles.c.activity_id, activity_titles.c.organisation_id)
        query = select(*columns)
        if among is not None:
            if not among:
                return {}
            query = query.where(activity_titles.c.activity_id.in_(sorted(among)))
        return {activity_id: org for activity_id, org in self.session.execute(query)}


class SqlAlchemySignUps:
    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, participant_id: str, confirmed: bool) -> None:
        """A sign-up: a confirmation already recorded stays recorded."""
        if not self._exists(participant_id):
            values = {"participant_id": participant_id, "confirmed": confirmed}
            self.session.execute(insert(sign_ups).values(**values))
        elif confirmed:
            self.confirmed(participant_id)

    def confirmed(self, participant_id: str) -> None:
        if not self._exists(participant_id):
            values = {"participant_id": participant_id, "confirmed": True}
            self.session.execute(insert(sign_ups).values(**values))
            return
        mine = sign_ups.c.participant_id == participant_id
        self.session.execute(update(sign_ups).where(mine).values(confirmed=True))

    def delete(self, participant_id: str) -> None:
        self.session.execute(delete(sign_ups).where(sign_ups.c.participant_id == participant_id))

    def _exists(self, participant_id: str) -> bool:
        query = select(sign_ups.c.participant_id).where(sign_ups.c.participant_id == participant_id)
        return self.session.execute(query).first() is not None
