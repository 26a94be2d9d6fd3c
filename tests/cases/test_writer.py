"""The bulk import's background writer (procuracy.cases.writer): its jobs run in order, on a
thread of their own, in the import's transaction; the import's thread never uses the
connection while the writer has jobs; a failed job fails the import."""

import threading
import time

import pytest
from django.db import DatabaseError, connection, transaction

from procuracy.cases.writer import BackgroundWriter


@pytest.fixture
def probe(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE writer_probe (n integer NOT NULL)")

    def insert(n, delay=0.0):
        time.sleep(delay)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO writer_probe (n) VALUES (%s)", [n])

    return insert


def rows() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM writer_probe ORDER BY n")
        return [n for (n,) in cursor.fetchall()]


def test_jobs_run_in_order_on_another_thread_in_the_same_transaction(probe):
    threads, order = set(), []

    def job(n):
        threads.add(threading.current_thread().name)
        order.append(n)
        probe(n)

    with transaction.atomic():
        with BackgroundWriter() as writer:
            for n in range(5):
                writer.submit(job, n)
        assert rows() == [0, 1, 2, 3, 4]
        transaction.set_rollback(True)

    assert order == [0, 1, 2, 3, 4]
    assert threads == {"import-writer"}
    assert rows() == []  # rolled back with the transaction they were written in


def test_a_query_of_the_import_s_thread_waits_for_the_jobs_before_it(probe):
    with BackgroundWriter() as writer:
        writer.submit(probe, 1, 0.2)
        assert rows() == [1]  # without the wait: [] (the job is still asleep)


def test_a_failed_job_is_raised_in_the_import_s_thread_and_the_jobs_after_it_do_not_run(probe):
    ran = []

    def fails():
        raise DatabaseError("disk full")

    with pytest.raises(DatabaseError, match="disk full"):
        with BackgroundWriter() as writer:
            writer.submit(fails)
            writer.submit(ran.append, "after")
            writer.wait()
    assert ran == []
    # and it is raised on leaving, when nothing waited for it before
    with pytest.raises(DatabaseError, match="disk full"):
        with BackgroundWriter() as writer:
            writer.submit(fails)


def test_an_import_that_fails_drops_the_jobs_not_yet_begun_and_keeps_its_own_error(probe):
    started = threading.Event()

    def slow():
        started.set()
        time.sleep(0.2)
        raise DatabaseError("the writer's error")

    ran = []
    with pytest.raises(ValueError, match="a refused line"):
        with BackgroundWriter() as writer:
            writer.submit(slow)
            started.wait()
            writer.submit(ran.append, "queued")
            raise ValueError("a refused line")
    assert ran == []


def test_the_connection_is_given_back_to_its_thread(probe):
    with BackgroundWriter():
        assert connection.allow_thread_sharing
    assert not connection.allow_thread_sharing
    assert rows() == []


def test_the_thread_switch_interval_is_short_while_the_writer_runs_and_put_back_after(probe):
    """The writer's thread gets the interpreter lock back after each block it sent without
    waiting Python's default 5 ms (module docstring); the process's interval is restored, also
    when the import fails."""
    import sys

    from procuracy.cases import writer

    before = sys.getswitchinterval()
    seen = []
    with transaction.atomic(), BackgroundWriter() as w:
        w.submit(lambda: seen.append(sys.getswitchinterval()))
        w.wait()
    assert seen == [writer.SWITCH_INTERVAL] and writer.SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), transaction.atomic(), BackgroundWriter():
        raise RuntimeError("the import failed")
    assert sys.getswitchinterval() == before


def test_two_writers_at_once_put_the_interval_back_when_the_last_stops():
    """The interval is the process's: with two imports in one process, the first to stop must
    not put it back under the other (nor leave it short after both)."""
    import sys

    from procuracy.cases import writer

    before = sys.getswitchinterval()
    writer._shorten_interval()
    writer._shorten_interval()
    writer._restore_interval()
    assert sys.getswitchinterval() == writer.SWITCH_INTERVAL
    writer._restore_interval()
    assert sys.getswitchinterval() == before
