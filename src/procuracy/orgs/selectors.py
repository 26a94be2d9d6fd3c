"""Reads of the procuratorate tree. The tree itself is public information."""

from __future__ import annotations

from django.db.models import Count

from procuracy.core.errors import NotFound

from .models import Level, Procuratorate


def get_by_code(code: str) -> Procuratorate:
    code = (code or "").strip()
    try:
        return Procuratorate.objects.select_related("parent").get(code=code)
    except Procuratorate.DoesNotExist:
        if not Procuratorate.objects.exists():
            raise NotFound(
                f"unknown procuratorate code {code!r}: the tree is empty (run 'procuracy orgs load')",
                zh=f"未知的检察院代码{code!r}：检察院目录为空（请运行'procuracy orgs load'）",
            ) from None
        raise NotFound(
            f"unknown procuratorate code {code!r}", zh=f"未知的检察院代码{code!r}"
        ) from None


def subtree(unit: Procuratorate):
    return Procuratorate.objects.filter(path__startswith=unit.path)


def counts_by_level() -> dict[str, int]:
    counts = {level.value: 0 for level in Level}
    for row in Procuratorate.objects.values("level").annotate(n=Count("id")):
        counts[row["level"]] = row["n"]
    counts["total"] = sum(counts[level.value] for level in Level)
    return counts
