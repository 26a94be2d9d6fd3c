"""Reads of cases, with access applied."""

from __future__ import annotations

import json

from django.utils import timezone

from procuracy import access
from procuracy.core.errors import NotFound
from procuracy.law import cite
from procuracy.law.catalogue import catalogue
from procuracy.law.management.store import site_calendar
from procuracy.staff.models import User

from .catalogue import EVENT_TYPES, PROCEDURES
from .engine import deadline_object
from .models import Case, LedgerEvent
from .projection import deadline_status


def cases_for(user):
    """Cases the user may see (``None``: the system, every case)."""
    qs = Case.objects.select_related("procuratorate")
    return qs if user is None else access.visible(user, qs)


def case_by_number(user, number: str) -> Case:
    case = cases_for(user).filter(number=number.strip()).first()
    if case is None:
        raise NotFound(f"no case {number}")
    return case


def case_view(user, number: str) -> dict:
    """A case with its persons, open and closed deadlines (explained) and its timeline."""
    case = case_by_number(user, number)
    state = case.state
    calendar = site_calendar()
    party, today = catalogue().party_periods, timezone.localdate().isoformat()
    deadlines = []
    for d in sorted(state["deadlines"].values(), key=lambda d: (d["status"] != "open", d["due"])):
        explained = deadline_object(d, calendar)
        explanation = {"zh": explained.explanation("zh"), "en": explained.explanation("en")}
        paused = d.get("paused")
        if paused and d["status"] == "open":
            basis_zh = "；".join(cite(a.strip(), "zh") for a in paused["basis"].split(";"))
            explanation["zh"] += (
                f"\n自{paused['from']}起不计入办案期限（{basis_zh}），尚未结束：期限暂停计算，"
                "结束后届满日期相应顺延。"
            )
            explanation["en"] += (
                f"\nNot counted since {paused['from']} ({paused['basis']}), still under way: "
                "the period is paused, and its last day moves on by the days excluded when "
                "the time ends."
            )
        status = deadline_status(d)
        if status == "open" and d["rule"] in party and d["due"] < today:
            status = "ran_out"  # a party's time that ran out with nothing done: over, not overdue
        deadlines.append({**d, "status": status, "explanation": explanation})
    events = []
    for row in LedgerEvent.objects.filter(case_id=case.pk).order_by("seq"):
        etype = EVENT_TYPES.get(row.event_type)
        events.append({
            "id": str(row.id), "type": row.event_type, "zh": etype.zh if etype else "",
            "en": etype.en if etype else "", "occurred_on": row.occurred_on.isoformat(),
            "recorded_at": row.recorded_at.isoformat(), "actor": row.actor_name,
            "persons": row.persons, "payload": json.loads(row.payload),
            "basis": json.loads(row.basis), "corrects": str(row.corrects) if row.corrects else None,
        })  # fmt: skip
    # the staff by the names users know them by (王检察官), one query for the page
    usernames = {
        state["handler"], *(e["actor"] for e in events),
        *(e["payload"].get("approved_by") for e in events),
    } - {None, ""}  # fmt: skip
    names = dict(
        User.objects.filter(username__in=usernames).values_list("username", "display_name")
    )
    for e in events:
        e["actor_name"] = names.get(e["actor"]) or e["actor"]
        approver = e["payload"].get("approved_by")
        if approver:
            e["approver_name"] = names.get(approver) or approver
    procedure = PROCEDURES[case.kind]
    return {
        "id": str(case.pk), "number": case.number, "kind": case.kind, "kind_zh": procedure.zh,
        "unit": case.procuratorate.code, "stage": case.stage, "handler": state["handler"],
        "handler_name": names.get(state["handler"]) or state["handler"],
        "received_on": state["received_on"], "version": case.version,
        "persons": list(state["persons"].values()), "deadlines": deadlines, "events": events,
    }  # fmt: skip
