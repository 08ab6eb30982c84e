"""One database transaction for a run of records from one partition's poll batch.

Each record gets a fresh unit of work joined to the batch's connection with a SAVEPOINT: the
handler's commit releases it, a failure (an error, a duplicate on the inbox's primary key) rolls
back to it and leaves its neighbours alone, and only `commit()` makes the batch durable. One
commit (one fsync, one round trip) per batch instead of one per event is what makes it fast.
The transaction opens at the first record that needs the database, so a batch of events nobody
here handles writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Executable

from shared.db import sqlite_write_lock


class Batch:
    """`savepoints=False`: all or none. Each record's unit of work only flushes into the
    batch's transaction, and the first failure ends the whole transaction (`intact()` turns
    False): two statements a record fewer, for the common batch in which nothing fails."""

    def __init__(self, uow_factory: Callable[[], Any], savepoints: bool = True) -> None:
        self._uow_factory = uow_factory
        self._savepoints = savepoints
        self._holder: Any = None  # the unit of work whose session owns the transaction
        self._connection: Connection | None = None
        self._transaction: Any = None  # the connection's own, which only commit() ends well
        self._joined: Any = None  # all or none: the one session the units of work take turns on

    def unit_of_work(self) -> Any:
        """A fresh unit of work inside the batch's transaction, which the first one opens."""
        connection = self._open()
        uow = self._uow_factory()
        if self._savepoints:
            return uow.within(connection)
        if self._joined is None:  # a session of their own each would cost a third of a record
            self._joined = uow.joined_session(connection)
        return uow.on(self._joined)

    def _open(self) -> Connection:
        """The batch's connection, its transaction begun the first time."""
        if self._connection is None:
            holder = self._uow_factory()
            self._holder = holder.__enter__()
            # On SQLite: a real BEGIN (IMMEDIATE, as the batch will write), so the savepoints
            # nest inside it; a SAVEPOINT outside a transaction would commit on its release.
            sqlite_write_lock(holder.session)
            self._connection = holder.session.connection()
            self._transaction = self._connection.get_transaction()
        return self._connection

    def execute(self, statement: Executable, rows: list[dict[str, Any]]) -> None:
        """Run one statement for many rows inside the batch's transaction."""
        self._open().execute(statement, rows)

    def intact(self) -> bool:
        """Whether everything handled so far is still in the batch's open transaction."""
        if self._connection is None:
            return True  # nothing has needed the database yet
        transaction = self._transaction
        return (
            transaction is not None
            and transaction.is_active
            and (self._connection.get_transaction() is transaction)
        )

    def commit(self) -> None:
        if self._holder is not None:
            self._holder.session.commit()

    def close(self) -> None:
        """Roll back whatever was not committed and give the connection back."""
        ended = not self.intact()  # all or none: a failed record rolled it all back already
        holder, self._holder, self._connection = self._holder, None, None
        joined, self._joined, self._transaction = self._joined, None, None
        if joined is not None:
            joined.close()
        if holder is not None and ended:
            holder.session.close()  # a second rollback would only warn
        elif holder is not None:
            holder.__exit__(None, None, None)


def supports_batches(uow_factory: Callable[[], Any]) -> bool:
    """Whether the factory's units of work can join a batch (in-memory fakes cannot)."""
    return callable(getattr(uow_factory(), "within", None))
