"""Domain errors. Each carries what a user needs to fix the input: which record, which field, why."""

from __future__ import annotations


class DomainError(Exception):
    """A user mistake or a refused request: shown as one clear line, never a traceback.

    ``message`` is English (the command line, import reports, logs); ``zh``, where given, is
    the same in Chinese for the staff web (``in_language``)."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        record: str | None = None,
        zh: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.record = record
        self.zh = zh

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.record and f"record {self.record}",
                self.field and f"field {self.field}",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


class ValidationFailed(DomainError):
    """Input that breaks a rule (format, law, procedure)."""


class NotFound(DomainError):
    """The record does not exist, or the user may not see it: the two answer alike."""


class Forbidden(DomainError):
    """The user may see the record but may not do this to it."""


def in_language(exc: Exception) -> str:
    """An error's message in the active language: its Chinese (``zh``) when the page is in
    Chinese and one was given, else its English message (or reason)."""
    from django.utils import translation

    zh = getattr(exc, "zh", None)
    if zh and (translation.get_language() or "").startswith("zh"):
        return zh
    return getattr(exc, "message", None) or getattr(exc, "reason", None) or str(exc)


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut short when long: a refusal names the value it
    refuses, but a 5,000-character name would bury the reason."""
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str):
        size = f"{len(value):,} characters"
    elif isinstance(value, list | dict):
        size = f"{len(value):,} items"
    else:
        size = "cut"
    return f"{text[: limit - 20]}… ({size})"
