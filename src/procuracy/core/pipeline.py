"""Fewer round trips on PostgreSQL: psycopg's pipeline mode for a stretch of a transaction.

Statements whose results are not read (an insert, an update) are sent together with the next
one that is read, or when the block ends: a dozen statements cost a few round trips. The
block must lie inside the transaction (``atomic``): errors of queued statements surface at the
next read or when the block ends, still inside it, so they roll it back as before;
:func:`sync` raises them earlier where a caller must catch them. Elsewhere, and on other
databases, it does nothing. COPY does not run in a pipeline: the bulk import does not use one.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import connection

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
