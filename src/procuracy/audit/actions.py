"""Writes of the audit trail. Called by the actions decorator, the access helpers and the
authentication signals; never by views directly."""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from procuracy.core import pipeline

from .models import AuditEvent, Kind


def _describe(obj: Any) -> tuple[str, str, str]:
    if isinstance(obj, models.Model):
        unit = getattr(obj, "procuratorate", None)
        code = getattr(unit, "code", "") if unit is not None else ""
        if not code and obj._meta.label == "orgs.Procuratorate":
            code = obj.code
        return obj._meta.label, str(obj.pk), code
    return "", "", ""


def _username(actor) -> str:
    return getattr(actor, "username", "") if actor is not None else "system"


def _record(kind: str, actor, code: str, **fields) -> AuditEvent:
    event = AuditEvent(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        username=_username(actor),
        code=code,
        **fields,
    )
    if pipeline.active():
        # In a pipelined action (PostgreSQL): an insert that reads nothing back (its id) is
        # queued and sent with the action's writes; the entry is complete but for its id.
        _queue_insert(event)
        return event
    event.save(force_insert=True)
    return event


def _queue_insert(event: AuditEvent) -> None:
    fields = [f for f in AuditEvent._meta.local_concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    pipeline.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


def record_write(code: str, *, actor, result: Any = None) -> AuditEvent:
    object_type, object_id, unit = _describe(result)
    detail = {} if object_type or result is None else {"result": str(result)[:500]}
    return _record(
        Kind.WRITE,
        actor,
        code,
        object_type=object_type,
        object_id=object_id,
        procuratorate_code=unit,
        detail=detail,
    )


def record_access_denied(
    *, actor, code: str, object_type: str, object_id: Any, reason: str, ip: str | None = None
) -> AuditEvent:
    return _record(
        Kind.ACCESS_DENIED,
        actor,
        code,
        object_type=object_type,
        object_id=str(object_id),
        ip_address=ip,
        detail={"reason": reason},
    )


def record_sensitive_read(
    *, actor, code: str, obj: Any = None, reason: str = "", query: str = "", ip: str | None = None
) -> AuditEvent:
    object_type, object_id, unit = _describe(obj)
    detail = {k: v for k, v in {"reason": reason, "query": query}.items() if v}
    return _record(
        Kind.SENSITIVE_READ,
        actor,
        code,
        object_type=object_type,
        object_id=object_id,
        procuratorate_code=unit,
        ip_address=ip,
        detail=detail,
    )


def record_login(*, kind: str, username: str, user=None, ip: str | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind,
        actor=user,
        username=username[:150],
        code="auth",
        ip_address=ip,
    )
