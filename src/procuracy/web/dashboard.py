"""The figures dashboard: figures of the registry for a year and a subtree, subordinate units
compared, drill-down to the events and cases, Excel export."""

from __future__ import annotations

import io
import json
import threading
import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from procuracy import access
from procuracy.cases.models import Case
from procuracy.core.errors import DomainError
from procuracy.figures import facts, registry, service
from procuracy.figures.formatting import format_value
from procuracy.figures.report import change_text
from procuracy.orgs.models import Procuratorate

from . import selectors
from .paging import page_of
from .views import client_ip, domain_errors

_local = threading.local()


def _con():
    """A per-process in-memory columnar copy, brought up to date on each request (the file
    copy used by the command line is for one writer at a time)."""
    con = getattr(_local, "con", None)
    if con is None:
        con = _local.con = facts.connect(":memory:")
    return con


#: Facts listed per page of a figure's drill-down.
DRILL_PAGE = 200


def _params(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404("bad year") from None
    edition = request.GET.get("edition") or "work-report"
    if edition not in registry.EDITIONS:
        raise Http404("unknown edition")
    code = request.GET.get("org")
    if code:
        unit = Procuratorate.objects.filter(code=code).first()
    else:
        mine = access.memberships(request.user)
        unit = min((m.procuratorate for m in mine), key=lambda u: u.path.count("/"), default=None)
    if unit is None or not access.can_read_unit(request.user, unit):
        raise Http404("no such procuratorate")
    return year, edition, unit


def _label(fig):
    return fig.zh if _lang() == "zh" else fig.en


def _table(year, edition, unit):
    try:
        result = service.figures(year, unit.code, edition, con=_con())
    except DomainError:
        return []
    return [
        {
            "id": fid,
            "label": _label(v.figure),
            "value": format_value(v),
            "previous": format_value(type(v)(v.figure, v.previous, None)),
            # in the page's language, a rate's in percentage points (上升0.2%, 下降0.1个百分点)
            "change": change_text(v, _lang()),
            "raw": v.value,
        }
        for fid, v in result.values.items()
    ]


@require_GET
@login_required
@domain_errors
def dashboard(request):
    year, edition, unit = _params(request)
    rows = _table(year, edition, unit)
    children = service.by_child(year, unit, edition, con=_con()) if rows else []
    figures = registry.edition(edition)
    chart_figure = request.GET.get("chart") or next(
        (f.id for f in figures.values() if f.count != "ratio"), ""
    )
    chart = {
        "title": _label(figures[chart_figure]) if chart_figure in figures else "",
        "units": [u.name_zh for u, _ in children],
        "values": [vals.get(chart_figure) for _, vals in children],
    }
    comparison_ids = [f.id for f in figures.values()][:6]
    return render(request, "web/dashboard.html", {
        "year": year, "edition": edition, "unit": unit, "rows": rows,
        "editions": list(registry.EDITIONS), "children": children,
        "comparison_ids": comparison_ids,
        "comparison_labels": [_label(figures[i]) for i in comparison_ids],
        "comparison": [(u, [format_value(service.cube.Value(figures[i], vals.get(i), None))
                            for i in comparison_ids]) for u, vals in children],
        "chart_json": json.dumps(chart, ensure_ascii=False), "chart_figure": chart_figure,
        "figure_choices": [(f.id, _label(f)) for f in figures.values() if f.count != "ratio"],
    })  # fmt: skip


def _report(year, unit, lang):
    from procuracy.figures import report

    try:
        result = service.figures(year, unit.code, "work-report", con=_con())
    except DomainError:
        return None, None
    name = unit.name_zh if lang == "zh" else unit.name_en
    sections = report.build(result.values, lang, year=year, unit=unit, whole=report.whole_flow())
    return report.title(name, year, lang), sections


def _lang():
    return "zh" if (get_language() or "zh").startswith("zh") else "en"


@require_GET
@login_required
@domain_errors
def work_report(request):
    from procuracy.figures import report

    year, _, unit = _params(request)
    lang = _lang()
    title, sections = _report(year, unit, lang)
    if title is None:
        raise Http404("no ledger data for this year")
    # headed as the Markdown, HTML and Word reports are: "I. …" in English, "一、…" in Chinese
    parts = [(report.section_heading(roman, lang), sections[roman]) for roman in report.ROMAN]
    return render(request, "web/work_report.html", {
        "title": title, "intro": sections.get(report.INTRO, ()), "parts": parts, "year": year,
        "unit": unit,
    })  # fmt: skip


@require_GET
@login_required
@domain_errors
def work_report_docx(request):
    from procuracy.figures import report

    year, _, unit = _params(request)
    lang = _lang()
    title, sections = _report(year, unit, lang)
    if title is None:
        raise Http404("no ledger data for this year")
    selectors.figures_read(
        request.user, "web.report.docx", unit, reason="work report downloaded",
        query=f"year={year} lang={lang}", ip=client_ip(request),
    )  # fmt: skip
    response = HttpResponse(
        report.to_docx(title, sections, lang),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{unit.code}-{year}.docx"'
    return response


class _Facts:
    """A figure's facts as the paginator sees a list: counted and sliced by DuckDB."""

    def __init__(self, figure_id: str, year: int, unit: Procuratorate, con):
        self.scope = (figure_id, year, unit)
        self.con = con

    def count(self) -> int:
        return service.drill_total(*self.scope, con=self.con)

    def __getitem__(self, part: slice) -> list:
        return service.drill(
            *self.scope, con=self.con, limit=part.stop - part.start, offset=part.start
        )


@require_GET
@login_required
@domain_errors
def drill(request, figure_id):
    year, edition, unit = _params(request)
    fig = registry.all_figures().get(figure_id)
    if fig is None:
        raise Http404("unknown figure")
    page = page_of(request, _Facts(figure_id, year, unit, _con()), DRILL_PAGE)
    rows = page.object_list
    selectors.figures_read(
        request.user, "web.figures.drill", unit, reason="figure drilled down to its cases",
        query=f"figure={figure_id} year={year}" + (f" page={page.number}" if page.number > 1 else ""),
        ip=client_ip(request),
    )  # fmt: skip
    ids = {uuid.UUID(r[1]) for r in rows}
    visible = {c.pk: c for c in access.visible(request.user, Case.objects.filter(pk__in=ids))
               .select_related("procuratorate")}  # fmt: skip
    events = [
        {
            "event_id": r[0],
            "case": visible.get(uuid.UUID(r[1])),
            "person": r[2],
            "type": r[3],
            "code": r[4],
            "on": r[5],
        }
        for r in rows
    ]
    return render(request, "web/figure_drill.html", {
        "figure": fig, "label": _label(fig), "year": year, "unit": unit,
        "definition": registry.describe(fig, lang=_lang()),
        "events": [e for e in events if e["case"] is not None], "edition": edition,
        "page_obj": page,
    })  # fmt: skip


@require_GET
@login_required
@domain_errors
def export_xlsx(request):
    from openpyxl import Workbook

    year, edition, unit = _params(request)
    rows = _table(year, edition, unit)
    selectors.figures_read(
        request.user, "web.figures.xlsx", unit, reason="figures downloaded",
        query=f"edition={edition} year={year}", ip=client_ip(request),
    )  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.title = "figures"
    ws.append([_("Figure"), _("Label"), str(year), str(year - 1), _("Change")])
    for row in rows:
        ws.append([row["id"], row["label"], row["value"], row["previous"], row["change"]])
    children = service.by_child(year, unit, edition, con=_con()) if rows else []
    if children:
        figures = registry.edition(edition)
        sub = wb.create_sheet("subordinates")
        ids = list(figures)
        sub.append([_("Procuratorate"), *[_label(figures[i]) for i in ids]])
        for child, vals in children:
            sub.append([child.name_zh, *[vals.get(i) for i in ids]])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="figures-{unit.code}-{year}.xlsx"'
    return response
