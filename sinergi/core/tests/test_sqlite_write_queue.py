"""Issue 13 §8: threads of one process take turns to write to SQLite (sinergi.core.sqlite), on a real file."""

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction

from sinergi.core.middleware import is_database_busy
from sinergi.core.sqlite.base import WRITE_LOCK, DatabaseWrapper

ALIAS = "write_queue_test"


@pytest.fixture
def file_db(tmp_path, django_db_blocker, monkeypatch):
    """``open_db(**options)`` → this thread's connection, under ALIAS, to one SQLite file with a table ``note``."""
    # Playwright's sync API leaves an event loop in the main thread of a worker that ran browser tests; these
    # connections are opened and used synchronously, so Django's async guard does not apply to them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings = dict(connections.settings["default"], ENGINE="sinergi.core.sqlite", NAME=str(tmp_path / "q.sqlite3"))
    opened = []

    def open_db(**options):
        db = DatabaseWrapper(
            dict(settings, OPTIONS=dict(settings["OPTIONS"], transaction_mode="IMMEDIATE", **options)), ALIAS
        )
        connections[ALIAS] = db
        opened.append(db)
        return db

    with django_db_blocker.unblock():
        with open_db(timeout=5).cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, who TEXT)")
        yield open_db
        for db in opened:
            db.inc_thread_sharing()  # some were opened by the test's threads
            db.close()
    assert not WRITE_LOCK.locked()


def _rows(db):
    with db.cursor() as cursor:
        cursor.execute("SELECT who FROM note ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_two_threads_writing_at_once_both_commit_one_after_the_other(file_db):
    a_inside = threading.Event()
    times = {}
    errors = []

    def write(who, hold, wait_for=None, **options):
        try:
            file_db(**options)
            if wait_for:
                wait_for.wait(5)
            with transaction.atomic(using=ALIAS):
                times[who + "_in"] = time.monotonic()
                with connections[ALIAS].cursor() as cursor:
                    cursor.execute("INSERT INTO note (who) VALUES (%s)", [who])
                if who == "a":
                    a_inside.set()
                time.sleep(hold)
            times[who + "_out"] = time.monotonic()
        except Exception as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)

    # SQLite itself would give up after 0.05 s; B gets in because it queues in Python (bounded by 2 s) instead.
    a = threading.Thread(target=write, args=("a", 0.4), kwargs={"timeout": 2})
    b = threading.Thread(target=write, args=("b", 0), kwargs={"timeout": 2, "wait_for": a_inside})
    a.start()
    b.start()
    a.join(10)
    b.join(10)
    assert errors == []
    assert times["b_in"] >= times["a_out"] - 0.01  # B's transaction opened only once A's was committed
    assert _rows(file_db(timeout=1)) == ["a", "b"]


def test_a_writer_that_waits_past_the_timeout_gets_database_is_locked(file_db):
    holder = file_db(timeout=1)
    with transaction.atomic(using=ALIAS):
        with holder.cursor() as cursor:
            cursor.execute("INSERT INTO note (who) VALUES ('holder')")
        assert WRITE_LOCK.locked()
        failure = []

        def late_writer():
            file_db(timeout=0.2)
            try:
                with transaction.atomic(using=ALIAS):
                    pass
            except OperationalError as exc:
                failure.append(exc)

        t = threading.Thread(target=late_writer)
        started = time.monotonic()
        t.start()
        t.join(5)
        assert 0.15 < time.monotonic() - started < 2
    assert len(failure) == 1 and is_database_busy(failure[0])  # answered 503 by the API and the pages
    assert not WRITE_LOCK.locked()
    assert _rows(holder) == ["holder"]


def test_the_turn_is_given_back_at_commit_rollback_and_close_and_held_for_autocommit_writes(file_db):
    db = file_db(timeout=1)
    with transaction.atomic(using=ALIAS):
        assert WRITE_LOCK.locked()
        with transaction.atomic(using=ALIAS):  # a savepoint: still the same turn
            assert db.holds_write_lock
    assert not WRITE_LOCK.locked()

    with pytest.raises(RuntimeError), transaction.atomic(using=ALIAS):
        assert WRITE_LOCK.locked()
        raise RuntimeError("the view failed")
    assert not WRITE_LOCK.locked()

    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert WRITE_LOCK.locked()
    db.close()
    assert not WRITE_LOCK.locked()

    seen = []
    db = file_db(timeout=1)
    with db.cursor() as cursor:  # autocommit: no transaction opened
        db.connection.set_trace_callback(lambda sql: seen.append((sql.split()[0], WRITE_LOCK.locked())))
        cursor.execute("INSERT INTO note (who) VALUES ('single')")
        cursor.execute("SELECT count(*) FROM note")
    assert seen == [("INSERT", True), ("SELECT", False)]
    assert not WRITE_LOCK.locked()


def test_with_the_queue_off_no_turn_is_taken(file_db):
    db = file_db(timeout=1, write_queue=False)
    with transaction.atomic(using=ALIAS):
        with db.cursor() as cursor:
            cursor.execute("INSERT INTO note (who) VALUES ('x')")
        assert not WRITE_LOCK.locked()
    assert _rows(db) == ["x"]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_each_xdist_worker_keeps_its_test_database_in_memory(settings):
    import copy

    from pytest_django.fixtures import _set_suffix_to_test_databases

    settings.DATABASES = copy.deepcopy(settings.DATABASES)
    _set_suffix_to_test_databases("gw1")  # what pytest-django does in each xdist worker
    default = settings.DATABASES["default"]
    assert default["ENGINE"] != "sinergi.core.sqlite" or default["TEST"]["NAME"] == ":memory:"
