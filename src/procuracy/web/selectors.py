"""Reads for the staff pages, with access applied."""

from __future__ import annotations

from dataclasses import dataclass

from procuracy import access


@dataclass(frozen=True)
class UnitRole:
    unit_code: str
    unit_name: str
    unit_level: str
    department: str
    role: str


def my_units(user) -> list[UnitRole]:
    """The units and roles of the logged-in user (one query, cached for the request)."""
    rows = [
        UnitRole(
            unit_code=m.procuratorate.code,
            unit_name=m.procuratorate.name_zh,
            unit_level=m.procuratorate.get_level_display(),
            department=m.department.name_zh if m.department else "",
            role=m.get_role_display(),
        )
        for m in access.memberships(user)
    ]
    return sorted(rows, key=lambda r: (r.unit_code, r.role))
