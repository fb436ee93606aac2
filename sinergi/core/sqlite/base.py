"""Django's SQLite backend with an in-process write queue.

SQLite has one writer at a time. Without help, every thread that wants to write polls SQLite's busy handler until
the lock frees up or ``timeout`` runs out, and the unlucky ones lose ("database is locked", answered 503). Here the
threads of one process queue on a Python lock first: a write transaction takes it when it opens (``BEGIN
IMMEDIATE``) and gives it back at commit, rollback or close; a write outside a transaction (autocommit) holds it
for that one statement. The lock wait is bounded by the same ``timeout``; running out raises the same
``OperationalError("database is locked")``. Other processes on the same file still meet at SQLite's own lock.

OPTIONS: ``write_queue`` (default True). In-memory databases (the test suite's) never queue.
"""

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

WRITE_LOCK = threading.Lock()
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class QueuedCursorWrapper(base.SQLiteCursorWrapper):
    """A write statement run in autocommit mode (no transaction open) waits its turn in the queue."""

    db = None

    def execute(self, query, params=None):
        with self.db.write_turn(query):
            return super().execute(query, params)

    def executemany(self, query, param_list):
        with self.db.write_turn(query):
            return super().executemany(query, param_list)


class _Turn:
    def __init__(self, db, take: bool):
        self.db = db
        self.take = take

    def __enter__(self):
        if self.take:
            self.db.acquire_write_lock()

    def __exit__(self, *exc):
        if self.take:
            self.db.release_write_lock()


class DatabaseWrapper(base.DatabaseWrapper):
    write_queue = False
    write_timeout = 5.0
    holds_write_lock = False

    def get_connection_params(self):
        options = self.settings_dict["OPTIONS"]
        self.write_queue = bool(options.get("write_queue", True)) and not self.is_in_memory_db()
        self.write_timeout = float(options.get("timeout", 5))
        params = super().get_connection_params()
        params.pop("write_queue", None)
        return params

    def acquire_write_lock(self):
        if not WRITE_LOCK.acquire(timeout=self.write_timeout):
            raise OperationalError("database is locked (in-process write queue)")
        self.holds_write_lock = True

    def release_write_lock(self):
        if self.holds_write_lock:
            self.holds_write_lock = False
            WRITE_LOCK.release()

    def write_turn(self, query):
        take = (
            self.write_queue
            and self.autocommit
            and not self.holds_write_lock
            and query.lstrip()[:7].upper().startswith(WRITE_STATEMENTS)
        )
        return _Turn(self, take)

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=QueuedCursorWrapper)
        cursor.db = self
        return cursor

    def _start_transaction_under_autocommit(self):
        if not self.write_queue:
            return super()._start_transaction_under_autocommit()
        self.acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self.release_write_lock()
            raise

    def _commit(self):
        # A failed COMMIT leaves the transaction open: keep the turn until the rollback that follows.
        super()._commit()
        self.release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self.release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self.release_write_lock()
