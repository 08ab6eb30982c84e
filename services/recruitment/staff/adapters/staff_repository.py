"""SQLAlchemy repositories for staff accounts, failed sign-ins and magic links."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from services.recruitment.adapters.orm import sign_in_failures
from services.recruitment.links.domain.links import MagicLink
from services.recruitment.staff.domain.staff import StaffMember

FAILURE_WINDOW = timedelta(minutes=15)


class SqlAlchemyStaffRepository:
    """Staff accounts; with an organisation in scope, `get` and `all` see only its staff (an
    account elsewhere is not found). `account` and `by_email` see every account: signing in
    and adding a colleague who already has one must find it."""

    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id
        self.seen: set[StaffMember] = set()

    def _track(self, staff: StaffMember | None) -> StaffMember | None:
        if staff is not None:
            self.seen.add(staff)
        return staff

    def _visible(self, staff: StaffMember) -> bool:
        return self.organisation_id is None or staff.belongs_to(self.organisation_id)

    def add(self, staff: StaffMember) -> None:
        self.session.add(staff)
        self.seen.add(staff)

    def get(self, staff_id: str) -> StaffMember | None:
        staff = self.session.get(StaffMember, staff_id)
        return self._track(staff) if staff is not None and self._visible(staff) else None

    def account(self, staff_id: str) -> StaffMember | None:
        return self._track(self.session.get(StaffMember, staff_id))

    def by_email(self, email: str) -> StaffMember | None:
        return self._track(
            self.session.scalars(select(StaffMember).where(StaffMember.email == email)).first()
        )

    def all(self) -> list[StaffMember]:
        # Staff lists are short: filtered here rather than by JSON operators per database.
        everyone = self.session.scalars(select(StaffMember).order_by(StaffMember.display_name))
        return [staff for staff in everyone if self._visible(staff)]


class SqlAlchemySignInFailures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, client_address: str, now: datetime) -> None:
        # Forget what is older than the window as we go, so the table stays small.
        self.session.execute(
            delete(sign_in_failures).where(sign_in_failures.c.at < now - FAILURE_WINDOW)
        )
        self.session.execute(insert(sign_in_failures).values(client_address=client_address, at=now))

    def recent(self, client_address: str, now: datetime) -> int:
        query = select(func.count()).where(
            sign_in_failures.c.client_address == client_address,
            sign_in_failures.c.at >= now - FAILURE_WINDOW,
        )
        return self.session.execute(query).scalar_one()


class SqlAlchemyLinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: set[MagicLink] = set()

    def add(self, link: MagicLink) -> None:
        self.session.add(link)
        self.seen.add(link)

    def get(self, link_id: str) -> MagicLink | None:
        return self.session.get(MagicLink, link_id)

    def for_participant(self, participant_id: str) -> list[MagicLink]:
        return list(
            self.session.scalars(
                select(MagicLink).where(MagicLink.participant_id == participant_id)
            )
        )
