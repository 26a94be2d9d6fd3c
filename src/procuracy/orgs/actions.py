"""Writes of the procuratorate tree."""

from __future__ import annotations

from dataclasses import dataclass

from procuracy.core.actions import action

from . import divisions
from .models import Procuratorate

FIELDS = ("level", "name_zh", "name_en", "abbreviation", "division_type")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@action("orgs.load_tree")
def load_tree(*, actor) -> LoadResult:
    """Create or update every procuratorate of the tree; idempotent."""
    existing = {p.code: p for p in Procuratorate.objects.all()}
    created = updated = unchanged = 0
    to_create: list[Procuratorate] = []
    to_update: list[Procuratorate] = []
    paths: dict[str, str] = {}
    ids: dict[str, Procuratorate] = {}
    for unit in divisions.units():
        parent_path = paths[unit.parent_code] if unit.parent_code else "/"
        path = f"{parent_path}{unit.code}/"
        paths[unit.code] = path
        row = existing.get(unit.code)
        values = {f: getattr(unit, f) for f in FIELDS}
        if row is None:
            row = Procuratorate(code=unit.code, path=path, **values)
            row._parent_code = unit.parent_code  # type: ignore[attr-defined]
            to_create.append(row)
            created += 1
        else:
            parent_id = ids[unit.parent_code].pk if unit.parent_code else None
            if (
                row.path != path
                or row.parent_id != parent_id
                or any(getattr(row, f) != v for f, v in values.items())
            ):
                for f, v in values.items():
                    setattr(row, f, v)
                row.path = path
                row.parent_id = parent_id
                to_update.append(row)
                updated += 1
            else:
                unchanged += 1
        ids[unit.code] = row
    # Parents come first in ``units()``: create level by level so each row knows its parent.
    for level in ("national", "provincial", "prefectural", "basic"):
        batch = [r for r in to_create if r.level == level]
        for row in batch:
            code = row._parent_code  # type: ignore[attr-defined]
            row.parent_id = ids[code].pk if code else None
        Procuratorate.objects.bulk_create(batch, batch_size=500)
    if to_update:
        Procuratorate.objects.bulk_update(to_update, [*FIELDS, "path", "parent"], batch_size=500)
    return LoadResult(created, updated, unchanged)
