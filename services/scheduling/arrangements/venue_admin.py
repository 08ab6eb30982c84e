"""Coordinators keep their organisation's venues, and say which one a session is at (its place
and access features then come from the venue, and its arrangements are checked again)."""

from __future__ import annotations

from services.scheduling.arrangements.commands import ChooseVenue, SaveVenue
from services.scheduling.arrangements.domain import ArrangementRefused
from services.scheduling.arrangements.service_layer import review_in
from services.scheduling.arrangements.venues import Venue
from services.scheduling.ports import NotFound, UnitOfWork
from services.scheduling.sessions.domain.planning import ACCESS_FEATURES
from shared.clock import Clock, utc_now
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


def save_venue(cmd: SaveVenue, uow: UnitOfWork, clock: Clock = utc_now) -> Venue:
    now = clock()
    with uow:
        if cmd.venue_id is None:
            organisation_id = uow.organisation_id or FIRST_ORGANISATION_ID
            venue = Venue.create(
                organisation_id, cmd.name, cmd.address, cmd.access_features, cmd.notes, now
            )
        else:
            found = uow.venues.get(cmd.venue_id)
            if found is None:
                raise NotFound("There is no such venue.")
            venue = found
            venue.change(cmd.name, cmd.address, cmd.access_features, cmd.notes, now)
        uow.venues.save(venue)
        uow.commit()
        return venue


def choose_venue(cmd: ChooseVenue, uow: UnitOfWork, clock: Clock = utc_now) -> int:
    """Returns how many arrangement tasks changed."""
    with uow:
        session = uow.sessions.get(cmd.session_id)
        if session is None:
            raise NotFound("There is no such session.")
        venue = uow.venues.get(cmd.venue_id) if cmd.venue_id else None
        if cmd.venue_id and (venue is None or venue.organisation_id != session.organisation_id):
            raise NotFound("There is no such venue.")
        if venue is not None and session.format == "online":
            raise ArrangementRefused("venue_id", "An online session has no venue.")
        session.venue_id = venue.venue_id if venue else None
        if venue is not None:
            session.location = venue.location
            session.access_features = tuple(
                f for f in venue.access_features if f in ACCESS_FEATURES
            )
        changed = review_in(session, uow, clock())
        uow.commit()
        return changed


def venues(uow: UnitOfWork) -> list[Venue]:
    """The organisation in scope's venues, by name."""
    with uow:
        return uow.venues.listed()


def venue(venue_id: str, uow: UnitOfWork) -> Venue | None:
    with uow:
        return uow.venues.get(venue_id)
