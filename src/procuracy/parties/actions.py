"""Writes of parties. Identifiers are validated before anything is written."""

from __future__ import annotations

from procuracy import access
from procuracy.core.actions import action
from procuracy.core.errors import ValidationFailed
from procuracy.orgs.models import Procuratorate
from procuracy.staff.roles import STAFF_ROLES

from .identifiers import (
    InvalidIdentifier,
    parse_citizen_id,
    parse_credit_code,
    parse_foreign_document,
)
from .models import IdKind, Organisation, Person, Sex


def _name(name: str, field: str = "name") -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("a name is required", field=field, zh="未填写姓名或者名称")
    if len(name) > 64:
        raise ValidationFailed(
            f"too long ({len(name)} characters, at most 64)",
            field=field,
            zh=f"姓名或者名称过长（{len(name)}个字符，最多64个）",
        )
    return name


def person_fields(
    *,
    name: str,
    id_kind: str = IdKind.CITIZEN_ID,
    id_number: str = "",
    id_country: str = "CHN",
    sex: str | None = None,
    birth_date=None,
    today=None,
) -> dict:
    """Validate a person's identity and derive birth date and sex from a citizen ID number.

    Raises :class:`ValidationFailed` naming the field; returns the model fields otherwise.
    Shared by :func:`register_person` and the case intake.
    """
    fields = {"name": _name(name), "id_kind": id_kind, "id_country": id_country or "CHN"}
    if id_kind == IdKind.CITIZEN_ID:
        try:
            parsed = parse_citizen_id(id_number, today=today)
        except InvalidIdentifier as exc:
            raise ValidationFailed(exc.reason, field="id_number", zh=exc.zh) from None
        fields.update(
            id_number=parsed.value, birth_date=parsed.birth_date, sex=parsed.sex, id_country="CHN"
        )
        if sex and sex != parsed.sex:
            raise ValidationFailed(
                f"sex {sex!r} contradicts the ID number ({parsed.sex})",
                field="sex",
                zh=f"性别{sex!r}与身份证号码（{parsed.sex}）不符",
            )
        if birth_date and birth_date != parsed.birth_date:
            raise ValidationFailed(
                f"birth date {birth_date} contradicts the ID number ({parsed.birth_date})",
                field="birth_date",
                zh=f"出生日期{birth_date}与身份证号码（{parsed.birth_date}）不符",
            )
    elif id_kind == IdKind.NONE:
        fields.update(id_number="", birth_date=birth_date, sex=sex or Sex.UNKNOWN)
    else:
        try:
            doc = parse_foreign_document(id_kind, id_number, id_country)
        except InvalidIdentifier as exc:
            field = (
                "id_kind"
                if "document kind" in exc.reason
                else ("id_country" if "country" in exc.reason else "id_number")
            )
            raise ValidationFailed(exc.reason, field=field, zh=exc.zh) from None
        fields.update(
            id_number=doc.number,
            id_country=doc.country,
            birth_date=birth_date,
            sex=sex or Sex.UNKNOWN,
        )
    if fields["sex"] not in Sex.values:
        raise ValidationFailed(
            f"unknown sex {fields['sex']!r}", field="sex", zh=f"未知的性别{fields['sex']!r}"
        )
    return fields


@action("parties.register_person")
def register_person(unit: Procuratorate, *, actor, **identity) -> Person:
    """Register a person with ``unit`` (or return the one already registered there with the
    same document)."""
    access.require_role_at(actor, unit, STAFF_ROLES, code="parties.register_person")
    fields = person_fields(**identity)
    if fields["id_number"]:
        existing = Person.objects.filter(
            procuratorate=unit, id_kind=fields["id_kind"], id_number=fields["id_number"]
        ).first()
        if existing is not None:
            return existing
    return Person.objects.create(procuratorate=unit, **fields)


@action("parties.register_organisation")
def register_organisation(
    unit: Procuratorate, *, name: str, credit_code: str = "", actor
) -> Organisation:
    access.require_role_at(actor, unit, STAFF_ROLES, code="parties.register_organisation")
    name = _name(name)
    code = ""
    if credit_code:
        try:
            code = parse_credit_code(credit_code).value
        except InvalidIdentifier as exc:
            raise ValidationFailed(exc.reason, field="credit_code", zh=exc.zh) from None
        existing = Organisation.objects.filter(procuratorate=unit, credit_code=code).first()
        if existing is not None:
            return existing
    return Organisation.objects.create(procuratorate=unit, name=name, credit_code=code)
