"""The write layer's one mechanism.

Every write of the domain is a function decorated with :func:`action`: it runs in one
transaction, takes a keyword-only ``actor`` (a user, or ``None`` for the system itself), and
records an audit entry in the same transaction, so a failed write leaves neither data nor
audit behind. Views, commands, importers and tasks call actions; nothing else saves domain
models. (Zulip's ``zerver/actions``; HackSoft's services.)
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from procuracy.core import pipeline

F = TypeVar("F", bound=Callable[..., Any])


def action(name: str, *, pipelined: bool = False) -> Callable[[F], F]:
    """Declare a write. ``name`` is the audit code (e.g. ``"orgs.load"``). ``pipelined``: on
    PostgreSQL the action and its audit entry run in psycopg's pipeline mode
    (:mod:`procuracy.core.pipeline`), so that the audit insert travels with the action's last
    writes instead of taking a round trip of its own; for actions that never COPY."""

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        if "actor" not in params or params["actor"].kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"action {func.__qualname__} must take a keyword-only 'actor'")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "actor" not in kwargs:
                raise TypeError(f"action {name} called without actor=")
            from procuracy.audit.actions import record_write

            with transaction.atomic():
                with pipeline.pipelined() if pipelined else contextlib.nullcontext():
                    result = func(*args, **kwargs)
                    record_write(name, actor=kwargs["actor"], result=result)
                return result

        wrapper.action_name = name  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
