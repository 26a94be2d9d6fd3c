"""Reads for the staff pages, with access applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language

from procuracy import access
from procuracy.audit.actions import record_sensitive_read
from procuracy.cases.approvals import pending_for
from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
from procuracy.cases.models import Case, CaseDeadline, CasePerson
from procuracy.law.catalogue import catalogue
from procuracy.staff.roles import Role, department_en

SOON_DAYS = 3  # Rules art. 620: prompts before expiry


@dataclass(frozen=True)
class UnitRole:
    unit_code: str
    unit_name: str
    unit_level: str
    department: str
    role: str


def my_units(user) -> list[UnitRole]:
    """The units and roles of the logged-in user (one query, cached for the request)."""
    english = (get_language() or "zh").startswith("en")
    rows = [
        UnitRole(
            unit_code=m.procuratorate.code,
            unit_name=(m.procuratorate.name_en or m.procuratorate.name_zh)
            if english
            else m.procuratorate.name_zh,
            unit_level=m.procuratorate.get_level_display(),
            department=(
                (department_en(m.department.kind).capitalize() if english else m.department.name_zh)
                if m.department
                else ""
            ),
            role=m.get_role_display(),
        )
        for m in access.memberships(user)
    ]
    return sorted(rows, key=lambda r: (r.unit_code, r.role))


def urgency(due: date | None, today: date | None = None) -> str:
    if due is None:
        return "none"
    today = today or timezone.localdate()
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=SOON_DAYS):
        return "soon"
    return "later"


PAGE = 50  # cases per workbench page, the most urgent first
REMINDERS = 20  # reminders listed (all are counted)


def workbench(user, page: int = 1) -> dict:
    """My open cases, the most urgent first, a page at a time, with their persons and next
    deadline; how many are at each stage; reminders of deadlines overdue or within
    ``SOON_DAYS`` (Rules art. 620); approvals waiting for me. A fixed number of queries,
    whatever the number of cases."""
    from django.db.models import Count

    today = timezone.localdate()
    mine = access.visible(user, Case.objects.filter(handler=user)).exclude(stage="concluded")
    stages = dict(mine.values_list("stage").annotate(n=Count("id")).order_by())
    total = sum(stages.values())
    pages = max(1, -(-total // PAGE))
    page = min(max(1, page), pages)
    columns = ("id", "number", "kind", "stage", "next_due", "procuratorate__name_zh")
    ordered = mine.order_by(F("next_due").asc(nulls_last=True), "number").values(*columns)
    cases = list(ordered[(page - 1) * PAGE : page * PAGE]) if total else []
    persons: dict = {}
    for p in (
        CasePerson.objects.filter(case_id__in=[c["id"] for c in cases])
        .order_by("case_id", "key")
        .values("case_id", "key", "name", "stage")
    ):
        persons.setdefault(p["case_id"], []).append(p)
    rows = [{
        "case": c, "kind": PROCEDURES[c["kind"]], "urgency": urgency(c["next_due"], today),
        "persons": persons.get(c["id"], []),
    } for c in cases]  # fmt: skip
    by_stage: dict[str, list] = {}
    for row in rows:
        by_stage.setdefault(row["case"]["stage"], []).append(row)
    soon = today + timedelta(days=SOON_DAYS)
    due = mine.filter(next_due__lte=soon)
    reminders = [
        {
            "case": c,
            "urgency": urgency(c["next_due"], today),
        }
        for c in (due.order_by("next_due", "number").values(*columns)[:REMINDERS] if total else [])
    ]
    approvals = list(pending_for(user)) if access.memberships(user) else []
    return {
        "by_stage": by_stage,
        "stages": sorted(stages.items()),
        "reminders": reminders,
        "reminder_count": due.count() if len(reminders) == REMINDERS else len(reminders),
        "approvals": approvals,
        "count": total,
        "page": page,
        "pages": pages,
        "first": (page - 1) * PAGE + 1 if total else 0,
        "last": min(page * PAGE, total),
        "today": today,
    }


def case_management(user) -> dict | None:
    """A case manager's part of the workbench (Rules arts. 156-158, 664-665): the cases of
    their units received and not yet assigned, the oldest first, and how many handling
    deadlines process monitoring finds overdue or due within ``SOON_DAYS``. None for anyone
    else."""
    units = [m.procuratorate_id for m in access.memberships(user) if m.role == Role.CASE_MANAGER]
    if not units:
        return None
    waiting = (
        Case.objects.filter(procuratorate_id__in=units, handler__isnull=True)
        .exclude(stage="concluded")
        .order_by("received_on", "number")
    )
    today = timezone.localdate()
    watched = _watched(user)  # counted whole (the monitoring page lists the first 500)
    return {
        "unassigned": list(waiting.values("id", "number", "kind", "received_on")[:REMINDERS]),
        "unassigned_count": waiting.count(),
        "overdue": watched.filter(due__lt=today).count(),
        "soon": watched.filter(due__gte=today, due__lte=today + timedelta(days=SOON_DAYS)).count(),
    }


def allowed_events(user, case: Case) -> list:
    """Event types this user may record now on this case (stage and role, the role held in
    the case's department), as declared."""
    roles = access.roles_on_case(user, case)
    if not roles:
        return []
    procedure = PROCEDURES[case.kind]
    state = case.state
    out = []
    for code in sorted(procedure.events):
        etype = EVENT_TYPES[code]
        if code in ("case.received", "event.corrected") or not roles & etype.roles:
            continue
        if etype.sources and (state.get("source") or {}).get("agency") not in etype.sources:
            continue  # e.g. early involvement, only in a supervision commission's case
        if etype.scope == "case":
            if "*" not in etype.from_stages and state["stage"] not in etype.from_stages:
                continue
        elif not any(
            "*" in etype.from_stages or p["stage"] in etype.from_stages
            for p in state["persons"].values()
        ):
            continue
        out.append(etype)
    return out


def person_choices(case: Case, etype) -> list[tuple[str, str]]:
    return [
        (k, f"{k} {p['name']}")
        for k, p in case.state["persons"].items()
        if "*" in etype.from_stages or p["stage"] in etype.from_stages
    ]


def monitoring(
    user, *, department: str = "", handler: str = "", rule: str = "", include_later: bool = False
) -> dict:
    """Open handling deadlines overdue or due soon (all, with ``include_later``) across the
    user's unit and its subordinates, the earliest due first, filtered by the case's
    department, its handler (username) or the period; with what the filters can choose from
    among the same deadlines (not a party's period: a victim's time to appeal that ran out is
    over, not overdue)."""
    today = timezone.localdate()
    watched = _watched(user)
    if not include_later:
        watched = watched.filter(due__lte=today + timedelta(days=SOON_DAYS))

    def distinct(*fields):
        return watched.values_list(*fields).distinct().order_by(*fields)

    choices = {
        "departments": [d for (d,) in distinct("case__department")],
        "handlers": list(distinct("case__handler__username", "case__handler__display_name")
                         .exclude(case__handler=None)),
        "rules": [r for (r,) in distinct("rule")],
    }  # fmt: skip
    qs = watched
    if department:
        qs = qs.filter(case__department=department)
    if handler:
        qs = qs.filter(case__handler__username=handler)
    if rule:
        qs = qs.filter(rule=rule)
    deadlines = qs.select_related("case", "case__procuratorate", "case__handler").order_by(
        "due", "case__number", "key"
    )
    return {"deadlines": deadlines, "choices": choices}


def _watched(user):
    """The open handling deadlines process monitoring watches for ``user``."""
    qs = CaseDeadline.objects.filter(status="open").exclude(rule__in=catalogue().party_periods)
    return qs.filter(access.visible_q(user, "case__procuratorate"))


def is_case_manager(user) -> bool:
    return any(m.role == Role.CASE_MANAGER for m in access.memberships(user))


def search(user, q: str, *, ip: str | None = None):
    """Cases by number, person name or ID number, charge, or handler, the latest received
    first (a queryset, for the page to count and page through); an ID-number search is a
    sensitive read and is audited."""
    q = (q or "").strip()
    if not q:
        return Case.objects.none()
    looks_like_id = len(q) in (15, 18) and q[:-1].isdigit()
    if looks_like_id:
        record_sensitive_read(
            actor=user, code="web.search", query=q, reason="ID number search", ip=ip
        )
    person_match = CasePerson.objects.filter(
        Q(name__icontains=q) | Q(charges__icontains=q) | Q(id_number=q.upper())
    ).values("case_id")
    cases = access.visible(user, Case.objects.all()).filter(
        Q(number__icontains=q) | Q(pk__in=person_match) | Q(handler__username=q)
        | Q(handler__display_name__icontains=q)
    )  # fmt: skip
    return cases.select_related("procuratorate", "handler").order_by("-received_on", "number")


def figures_read(user, code: str, unit, *, reason: str, query: str, ip: str | None = None):
    """A drill-down to a figure's cases or a download of a procuratorate's figures: data that
    leaves the screen or lists cases is a sensitive read, recorded with what was asked."""
    record_sensitive_read(actor=user, code=code, obj=unit, reason=reason, query=query, ip=ip)
