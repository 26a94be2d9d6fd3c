"""Helpers for the scenario tests: record events through the actions, read the projection back,
and check that a refused write left nothing behind.

Every date in the scenario tests is worked out by hand from the law (CPL art. 105: the start
day is not counted, custody periods never roll over a holiday; SPC CPL Interpretation art. 202
for months) and the State Council holiday schedule, never copied from the code.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection

from procuracy.audit.models import AuditEvent
from procuracy.cases import actions
from procuracy.cases.models import (
    Case,
    CaseDeadline,
    CaseNumberCounter,
    CasePerson,
    LedgerEvent,
    LedgerHead,
)
from procuracy.core.errors import DomainError


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def record(case, event_type: str, on, actor, persons=(), **payload):
    """Record one event through ``actions.record_event``."""
    return actions.record_event(
        case.pk,
        event_type,
        occurred_on=day(on),
        persons=list(persons),
        payload=payload,
        actor=actor,
    )


def assign(case, staff, on):
    return actions.assign_case(case.pk, actor=staff["manager"], occurred_on=day(on))


def reload(case) -> Case:
    return Case.objects.get(pk=case.pk)


def person_of(case, key: str = "P1") -> dict:
    return reload(case).state["persons"][key]


def deadlines(case, rule: str, person: str | None = None) -> list[dict]:
    """The case's deadlines under ``rule`` (for ``person``, if given), oldest first."""
    found = [
        d
        for d in reload(case).state["deadlines"].values()
        if d["rule"] == rule and (person is None or d["person"] == person)
    ]
    return sorted(found, key=lambda d: int(d["key"][1:]))


def only(case, rule: str, person: str | None = None, status: str | None = "open") -> dict:
    """The one deadline under ``rule`` (with ``status``)."""
    found = [d for d in deadlines(case, rule, person) if status is None or d["status"] == status]
    assert len(found) == 1, f"expected one {status} {rule} deadline, found {found}"
    return found[0]


def due(case, rule: str, person: str | None = None) -> str:
    return only(case, rule, person)["due"]


def snapshot() -> tuple:
    """Everything a write could touch: ledger, chain heads, numbers, projections, audit."""
    return (
        LedgerEvent.objects.count(),
        list(LedgerHead.objects.order_by("pk").values_list("pk", "seq", "hash")),
        list(CaseNumberCounter.objects.order_by("pk").values_list("pk", "last")),
        [
            (str(c["id"]), c["version"], c["stage"], json.dumps(c["state"], sort_keys=True))
            for c in Case.objects.order_by("id").values("id", "version", "stage", "state")
        ],
        list(CasePerson.objects.order_by("pk").values_list("pk", "stage", "custody", "decision")),
        list(CaseDeadline.objects.order_by("pk").values_list("pk", "due", "status")),
        AuditEvent.objects.count(),
    )


@contextmanager
def refused(
    error: type[DomainError],
    *fragments: str,
    field: str | None = None,
    denial_audited: bool | None = False,
):
    """The block raises ``error`` whose message contains every fragment, and writes nothing.

    ``denial_audited``: an access denial outside a write transaction leaves exactly one
    ``access_denied`` audit row (docs/access.md) and nothing else; ``None``: at most that."""
    before = snapshot()
    last_audit = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with pytest.raises(error) as caught:
        yield caught
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    if field is not None:
        assert caught.value.field == field, caught.value.field
    after = snapshot()
    if denial_audited is not False:
        kinds = list(AuditEvent.objects.filter(id__gt=last_audit).values_list("kind", flat=True))
        assert kinds == ["access_denied"] or (denial_audited is None and not kinds), kinds
        before, after = before[:-1], after[:-1]
    assert after == before, "a refused write changed the database"


def gb11643(body17: str) -> str:
    """A citizen ID number with its GB 11643 check character (for made-up test identities)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


ADULT_ID = "11010519491231002X"  # born 1949-12-31, female (GB 11643 worked example)
MINOR_ID = "110105200801010014"  # born 2008-01-01, male (tests/cases/conftest.py)
OTHER_ID = "110105198001010016"  # born 1980-01-01, male: a second adult in one case


def person(
    name="张某", id_number=ADULT_ID, custody="detained", article="264", charge="盗窃罪", **extra
) -> dict:
    """A person of an intake, as ``tests/cases/conftest.person`` builds it."""
    return {
        "name": name,
        "id_number": id_number,
        "custody": custody,
        "charges": [{"article": article, "name": charge}],
        **extra,
    }


def intake(unit, staff, *, kind, on, agency, persons, materials, unit_code="110105", **kw):
    """``actions.receive_case`` for kinds the conftest ``receive`` has no materials for."""
    from procuracy.cases import actions as case_actions

    return case_actions.receive_case(
        unit(unit_code),
        kind=kind,
        received_on=day(on),
        source={"agency": agency, "name": "北京市公安局朝阳分局"},
        persons=persons,
        materials=materials,
        actor=staff["manager"],
        **kw,
    )


def wipe_ledger_and_projections():
    """The ledger refuses deletes: the triggers are dropped inside the test's transaction,
    which rolls back (the way tests/cases/test_ledger_integrity.py tampers)."""
    table = LedgerEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_no_update")
            cursor.execute("DROP TRIGGER ledger_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(f"DELETE FROM {table}")
    LedgerHead.objects.all().delete()
    CaseDeadline.objects.all().delete()
    CasePerson.objects.all().delete()
    Case.objects.all().delete()
