"""Fewer round trips on PostgreSQL: psycopg's pipeline mode for a stretch of a transaction.

Statements whose results are not read (an insert, an update) are sent together with the next
one that is read, or when the block ends: a dozen statements cost a few round trips. The
block must lie inside the transaction (``atomic``): errors of queued statements surface at the
next read or when the block ends, still inside it, so they roll it back as before;
:func:`sync` raises them earlier where a caller must catch them. Elsewhere, and on other
databases, it does nothing. COPY does not run in a pipeline: the bulk import does not use one.

:func:`execute` runs the write path's statements prepared on the server (PostgreSQL).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.db import connection

#: psycopg prepares a statement after this many runs, or when asked (``prepare=True``): in
#: effect only when asked. Django's cursors bind on the client and never prepare.
_ONLY_WHEN_ASKED = 2**31 - 1

_pipeline: contextvars.ContextVar = contextvars.ContextVar("pipeline", default=None)


@contextlib.contextmanager
def pipelined() -> Iterator[None]:
    """Run the block in psycopg's pipeline mode (PostgreSQL, inside a transaction, not nested:
    an inner block joins the outer one)."""
    if (
        connection.vendor != "postgresql"
        or not connection.in_atomic_block
        or _pipeline.get() is not None
    ):
        yield
        return
    import psycopg

    if not psycopg.Pipeline.is_supported():
        yield
        return
    # Errors of the final sync are the database's, as Django raises them elsewhere.
    with connection.wrap_database_errors, connection.connection.pipeline() as pipeline:
        token = _pipeline.set(pipeline)
        try:
            yield
        finally:
            _pipeline.reset(token)


def active() -> bool:
    """True inside a :func:`pipelined` block that is in pipeline mode."""
    return _pipeline.get() is not None


def sync() -> None:
    """Send what the pipeline holds and raise its errors now (no-op outside one)."""
    pipeline = _pipeline.get()
    if pipeline is not None:
        with connection.wrap_database_errors:
            pipeline.sync()


def execute(sql: str, params: list, *, fetch: bool = False) -> list[tuple] | None:
    """Run one statement of the write path; return its rows with ``fetch``.

    On PostgreSQL the statement is bound and prepared on the server (psycopg's
    ``prepare=True`` on a server-binding cursor): the next time the connection runs the same
    text, PostgreSQL neither parses nor plans it, and Python does not quote the parameters
    into the text. Django's own cursors bind on the client, where an ``IN`` list may hold
    any number of values; these statements have a few parameters each, far below the
    protocol's 65,535. Elsewhere, with ``settings.PG_PREPARE`` off, or while something
    wraps the connection's queries (the bulk import's writer): Django's cursor, as any query.
    """
    if (
        connection.vendor != "postgresql"
        or not settings.PG_PREPARE
        or connection.execute_wrappers
        or connection.queries_logged
    ):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if fetch else None
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: psycopg then prepares nothing
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if fetch else None
