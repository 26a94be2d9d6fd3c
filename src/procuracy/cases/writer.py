"""A writer on a thread of its own, for the bulk import: the database works through one batch of
rows while the import validates the next.

An import on PostgreSQL spends a good part of its time waiting on the server: parsing the rows
of a ``COPY``, updating the indexes, checking the foreign keys. That work runs in the server's
process, so another core can do it while the import's Python goes on with the next lines
(the import uses this writer on PostgreSQL only: SQLite does its work in the import's own
process, mostly holding Python's interpreter lock, and measured slower with it).
:class:`BackgroundWriter` runs the jobs it is given, in the order given, on the import's own
connection, so in the import's own transaction: a job's rows are written, or the whole import
rolls back, as before. On PostgreSQL each job runs with the foreign keys checked at once
(``SET CONSTRAINTS ALL IMMEDIATE``), so that their checks, too, run beside the validation
instead of all at the commit.

One connection cannot run two statements at once, so while the writer has jobs the import's
thread does not use the connection: every query of that thread first waits for the jobs to end
(an ``execute_wrapper``), and :meth:`BackgroundWriter.wait` does the same before a commit, a
rollback or a write of the thread's own. A job that fails stops the writer; its error is raised
in the import's thread at the next wait, and the import fails with it as it did when it wrote
the rows itself.

While the writer runs, Python's thread switch interval is shortened (``SWITCH_INTERVAL``). The
import's thread validates without a pause, holding the interpreter lock; the writer's thread
waits on the server many times per ``COPY`` (each time libpq has sent a block), and each time
it must get the lock back before it sends the next block: with Python's default of 5 ms, those
handovers left the writer behind the validation and the import waiting for it at the end
(measured 2026-11-29: 40,000 events at 12.6-13.0k/s with 5 ms, 13.7-14.5k/s with 0.5-1 ms, on
two cores). The interval is the process's, and is put back when the writer stops.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

#: The interpreter's thread switch interval while a writer runs (see the module's docstring).
SWITCH_INTERVAL = 0.0005
# Writers running in this process, and the interval before the first: the last to stop puts
# it back (two imports at once in one process, e.g. the web benchmark's).
_running = 0
_interval_before = 0.005
_interval_lock = threading.Lock()


def _shorten_interval() -> None:
    global _running, _interval_before
    with _interval_lock:
        if _running == 0:
            _interval_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_interval_before, SWITCH_INTERVAL))
        _running += 1


def _restore_interval() -> None:
    global _running
    with _interval_lock:
        _running -= 1
        if _running == 0:
            sys.setswitchinterval(_interval_before)


class BackgroundWriter:
    """Run jobs (callables) one after another on a thread that shares the default connection.

    Use as a context manager around the part of the import that submits jobs; leaving it waits
    for them (raising a job's error unless another one is already on its way)."""

    def __init__(self, alias: str = "default"):
        self.connection = connections[alias]
        self.alias = alias
        self._jobs: list[tuple[Callable, tuple]] = []
        self._lock = threading.Condition()
        self._busy = False
        self._closed = False
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._wrapper = None

    # --- the import's thread ------------------------------------------------------------------

    def __enter__(self) -> BackgroundWriter:
        self.connection.ensure_connection()
        self.connection.inc_thread_sharing()
        _shorten_interval()
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()
        self._wrapper = self.connection.execute_wrapper(self._before_query)
        self._wrapper.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:  # the import is failing: what is queued need not be written
            with self._lock:
                self._jobs.clear()
        try:
            self.close(raise_error=exc_type is None)
        finally:
            _restore_interval()
            self._wrapper.__exit__(None, None, None)
            self.connection.dec_thread_sharing()

    def submit(self, job: Callable[..., Any], *args: Any) -> None:
        """Queue ``job(*args)``. Raises the error of an earlier job, if one failed."""
        with self._lock:
            if self.error is not None:
                raise self.error
            if self._closed:
                raise RuntimeError("the writer is closed")
            self._jobs.append((job, args))
            self._lock.notify_all()

    def wait(self) -> None:
        """Until every submitted job has run; then raise the error of one that failed."""
        with self._lock:
            while self._jobs or self._busy:
                self._lock.wait()
            if self.error is not None:
                raise self.error

    def close(self, *, raise_error: bool = True) -> None:
        """Wait for the jobs (unless one failed), stop the thread."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if raise_error and self.error is not None:
            raise self.error

    def _before_query(self, execute, sql, params, many, context):
        if threading.current_thread() is not self._thread:
            self.wait()
        return execute(sql, params, many, context)

    # --- the writer's thread ------------------------------------------------------------------

    def _run(self) -> None:
        # This thread's default connection is the import's (the same transaction).
        connections[self.alias] = self.connection
        while True:
            with self._lock:
                while not self._jobs and not self._closed:
                    self._lock.wait()
                if not self._jobs:
                    return
                job, args = self._jobs.pop(0)
                self._busy = True
            try:
                if self.error is None:
                    if self.connection.vendor == "postgresql":
                        with self.connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            job(*args)
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    else:
                        job(*args)
            except BaseException as exc:  # raised again in the import's thread
                self.error = exc
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
