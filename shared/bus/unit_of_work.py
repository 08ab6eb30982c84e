"""A SQLAlchemy unit of work whose commit also writes the outbox, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, Self

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from shared.bus.outbox import new_envelope, stage_many
from shared.events.envelope import Envelope

# (type, version, key, data) of one event to publish.
OutgoingEvent = tuple[str, int, str, dict[str, Any]]
# Turns one domain event into the events announcing it (a service's adapter supplies this).
EventMapper = Callable[[Any], Iterable[OutgoingEvent]]


class SqlAlchemyUnitOfWork:
    """Subclasses add repositories in `_start()` and list aggregates in `_seen()`."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session], producer: str, mapper: EventMapper):
        self._session_factory: Callable[[], Session] = session_factory
        self.producer = producer
        self._mapper = mapper
        self._shares_session = False  # on(): the caller's session, committed by the caller
        self._flushed = False

    def __enter__(self) -> Self:
        self.events: list[Any] = []  # facts with no aggregate to hang on (e.g. an SMS received)
        self.session = self._session_factory()
        self._flushed = False
        if not self.session.in_transaction():  # a shared session may still be in the batch's
            self.session.begin()
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._flushed and exc[0] is None:
            self.session.expunge_all()  # the next unit of work on it begins with nothing loaded
            return
        self.rollback()
        self.session.close()

    def within(self, connection: Connection) -> Self:
        """This unit of work inside a transaction its caller holds open on `connection` (the
        consumer's poll batch): commit releases a SAVEPOINT, rollback returns to it, and nothing
        lasts unless the caller commits the connection's transaction."""
        self._session_factory = partial(
            self._session_factory, bind=connection, join_transaction_mode="create_savepoint"
        )
        return self

    def joined_session(self, connection: Connection) -> Session:
        """A session inside the caller's transaction on `connection`, without savepoints: its
        commit only flushes, and a rollback ends the caller's whole transaction. Units of work
        can take turns on it (`on`): each still begins with nothing loaded, as it empties it."""
        return self._session_factory(bind=connection, join_transaction_mode="rollback_only")

    def on(self, session: Session) -> Self:
        """This unit of work on a session from `joined_session`, instead of one of its own."""
        self._session_factory = lambda: session
        self._shares_session = True
        return self

    def _start(self) -> None:
        """Create repositories on self.session."""

    def _seen(self) -> Iterable[Any]:
        """Aggregates loaded or added in this unit of work, whose events are collected."""
        return ()

    def commit(self) -> None:
        staged = []
        for source in [*self._seen(), self]:
            while source.events:
                for type_, version, key, data in self._mapper(source.events.pop(0)):
                    staged.append(new_envelope(self.producer, type_, version, key, data))
        self._stage(staged)
        if self._shares_session:
            # Only the caller can commit its transaction; a session commit would do no more
            # than this flush, and ending and beginning the session's cost a sixth of a record.
            self.session.flush()
            self._flushed = True
        else:
            self.session.commit()

    def _stage(self, envelopes: list[Envelope]) -> None:
        """Write the outbox rows; a subclass may write some together with rows of its own."""
        stage_many(self.session, envelopes)  # in one statement: a commit may announce many

    def rollback(self) -> None:
        self.session.rollback()
