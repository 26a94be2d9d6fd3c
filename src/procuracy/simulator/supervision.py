"""One procuratorate's year of civil and administrative litigation supervision and support for
civil actions (cases/supervision.py), from its quotas (plan._litigation_supervision). Pure
Python.

Every case gets its fate first (protest or retrial suggestion and the court's outcome,
application not supported, review terminated, conduct suggestion and reply, support), then the
case-level findings that are counted (intellectual property, false litigation) and the
administrative extras (a suggestion to an organ, a dispute resolved), and only then is it
walked, so that the findings are on the intake. Dates stay inside the periods: the review of
an application ends within its 3 months but for ``timing.late_share`` of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

LINES = ("civil", "administrative")
CHANGED = (("changed", 55), ("remanded", 20), ("mediated", 15), ("withdrawn", 10))
GROUPS = (("migrant_worker", 60), ("disabled", 12), ("elderly", 15), ("minor", 5), ("woman", 5),
          ("other", 3))  # fmt: skip
SUPPORT_OUTCOMES = (("upheld", 50), ("mediated", 30), ("partly_upheld", 15), ("withdrawn", 5))
ORGANS = ("人民政府", "自然资源和规划局", "市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局",
          "公安局")  # fmt: skip
DRUG_CENTRE = "强制隔离戒毒所"
CODES = {
    "civil_judgment_supervision": "民监受",
    "civil_activity_supervision": "民活监受",
    "administrative_judgment_supervision": "行监受",
    "administrative_activity_supervision": "行活监受",
    "civil_support": "民支受",
}


@dataclass
class Plan:
    kind: str
    line: str
    fate: str  # protest, suggestion, not_supported, terminated, conduct, support
    source: str = "public"
    outcome: str = ""  # the court's outcome of a protest or suggestion ("not_adopted" too)
    area: str = ""
    adopted: bool = False
    flags: set[str] = field(default_factory=set)
    agency: str = ""  # illegal_act | drug_rehabilitation
    agency_adopted: bool = False
    dispute: str = ""  # long | short
    hearing: bool = False
    supervisors: bool = False


def supervision_cases(uy) -> list:
    """The unit-year's supervision and support cases (``uy``: a generate.UnitYear)."""
    q, rng = uy.q, uy.rng
    plans: list[Plan] = []
    for line in LINES:
        judged = f"{line}_judgment_supervision"
        made = [
            Plan(judged, line, "protest", "procuratorate")
            for _ in range(q.get(f"{line}.protests", 0) + q.get(f"{line}.spp_protests", 0))
        ]
        made += [Plan(judged, line, "suggestion") for _ in range(q.get(f"{line}.retrial_suggestions", 0))]  # fmt: skip
        concluded, changed = q.get(f"{line}.concluded", 0), q.get(f"{line}.changed", 0)
        for i, p in enumerate(made[:concluded]):  # protests first, then suggestions
            p.outcome = uy._pick(CHANGED) if i < changed else "maintained"
        # a court declines only a retrial suggestion (Civil Supervision Rules art. 117): the
        # suggestions left without an outcome, never a protest left without one
        left = [p for p in made[concluded:] if p.fate == "suggestion"]
        for p in left[: q.get(f"{line}.not_adopted", 0)]:
            p.outcome = "not_adopted"
        plans += made
        plans += [Plan(judged, line, "not_supported") for _ in range(q.get(f"{line}.not_supported", 0))]  # fmt: skip
        plans += [
            Plan(judged, line, "terminated", rng.choice(("public", "procuratorate")))
            for _ in range(q.get(f"{line}.terminated", 0))
        ]
        conduct = [Plan(f"{line}_activity_supervision", line, "conduct")
                   for _ in range(q.get(f"{line}.conduct", 0))]  # fmt: skip
        for p in conduct[: q.get(f"{line}.conduct_enforcement", 0)]:
            p.area = "enforcement"
        for p in rng.sample(conduct, q.get(f"{line}.conduct_adopted", 0)):
            p.adopted = True
        plans += conduct
    # findings on the intake
    corrected = [p for p in plans if p.line == "civil"
                 and (p.outcome in dict(CHANGED) or p.adopted)]  # fmt: skip
    for p in rng.sample(corrected, q.get("civil.false_litigation", 0)):
        p.flags.add("false_litigation")
    for p in rng.sample(plans, q.get("supervision.ip", 0)):
        p.flags.add("intellectual_property")
    admin = [p for p in plans if p.line == "administrative"]
    matters = (["illegal_act"] * q.get("administrative.illegal_act", 0)
               + ["drug_rehabilitation"] * q.get("administrative.drug_rehabilitation", 0))  # fmt: skip
    for k, (p, matter) in enumerate(zip(rng.sample(admin, len(matters)), matters, strict=True)):
        p.agency = matter
        p.agency_adopted = k < q.get("administrative.agency_adopted", 0)
    for k, p in enumerate(rng.sample(admin, q.get("administrative.disputes", 0))):
        p.dispute = "long" if k < q.get("administrative.disputes_long", 0) else "short"
    heard = rng.sample(plans, q.get("hearings.other", 0))
    for p in heard:
        p.hearing = True
    for p in rng.sample(heard, q.get("supervisors.other", 0)):
        p.supervisors = True
    plans += [Plan("civil_support", "civil", "support") for _ in range(q.get("civil.support", 0))]
    rng.shuffle(plans)
    return [_walk(uy, p) for p in plans]


def _parties(uy, p: Plan, on: date) -> list[dict]:
    from .generate import SURNAMES, Person

    def citizen(role):
        return {**uy._identity(Person("party"), on), "role": role}

    def company(role):
        name = uy.rng.choice(SURNAMES) + uy.rng.choice("兴盛华泰恒达鑫源") + "有限公司"
        return {"name": name, "id_kind": "credit_code", "id_number": uy._credit_code("91"),
                "role": role}  # fmt: skip

    if p.kind == "civil_support":
        return [citizen("plaintiff"), company("sued_party")]
    if p.line == "administrative":
        place = uy.unit.name_zh.replace("人民检察院", "")
        organ = {"name": place + uy.rng.choice(ORGANS), "id_kind": "credit_code",
                 "id_number": uy._credit_code("11"), "role": "other_party"}  # fmt: skip
        return [citizen("applicant"), organ]
    return [citizen("applicant"),
            company("other_party") if uy.rng.random() < 0.5 else citizen("other_party")]  # fmt: skip


#: Days (ranges for ``rng.randint``): the review's decision after receipt, within its 3 months
#: (Civil Supervision Rules art. 52), a few late; then the court's reply to a suggestion on its
#: conduct; the retrial's outcome, or the judgment in a supported suit; the request for a
#: protest after a declined suggestion. A support decision comes soon after receipt.
DECIDED, DECIDED_LATE, REPLIED, JUDGED, REQUESTED = (
    (20, 80),
    (95, 110),
    (20, 50),
    (60, 150),
    (5, 20),
)
SUPPORTED = (5, 30)


def _span(p: Plan) -> int:
    """The days a case needs from receipt to its last event, at most: its receipt is dated so
    that every event falls within the year and counts for it."""
    decided = DECIDED_LATE[1]
    if p.fate == "support":
        return SUPPORTED[1] + JUDGED[1]
    if p.fate == "conduct":
        return decided + REPLIED[1]
    if p.outcome == "not_adopted":
        return decided + JUDGED[1] + REQUESTED[1]
    if p.outcome:
        return decided + JUDGED[1]
    return decided


def _walk(uy, p: Plan):
    from .generate import Case

    rng, st, court = uy.rng, uy.staff, uy.court
    d0 = uy._start(_span(p))
    case = Case(p.kind, p.source, [])
    cid, number = uy._uuid(), uy._number(p.kind, CODES[p.kind])
    department = p.line
    handler = st.rotate_in(department)

    def line(etype, on, payload=None, actor=None):
        uy._line(case, cid, number, etype, on, actor or handler, payload or {})

    def decide(etype, on, **payload):
        line(etype, on, {**payload, "approved_by": st.chief})

    materials = ["application", "judgment"] if "judgment" in p.kind else ["application"]
    source = {"agency": p.source,
              "name": "当事人申请" if p.source == "public" else "依职权发现"}  # fmt: skip
    intake = {"kind": p.kind, "source": source, "persons": _parties(uy, p, d0),
              "materials": materials}  # fmt: skip
    if p.flags:
        intake["flags"] = sorted(p.flags)
    line("case.received", d0, intake, st.manager)
    line("case.assigned", d0, {"handler": handler, "method": "rotation",
                               "department": department}, st.manager)  # fmt: skip
    c = p.line
    if p.fate == "support":
        on = d0 + timedelta(days=rng.randint(*SUPPORTED))
        line("civil.support_decided", on, {"group": uy._pick(GROUPS), "court": court})
        on += timedelta(days=rng.randint(*JUDGED))
        line("civil.support_outcome", on, {"outcome": uy._pick(SUPPORT_OUTCOMES)}, st.manager)
        return case
    early = d0 + timedelta(days=rng.randint(3, 15))
    if p.dispute:
        years = rng.randint(3700, 9000) if p.dispute == "long" else rng.randint(200, 3000)
        line("administrative.dispute_resolved", early,
             {"dispute_began_on": (early - timedelta(days=years)).isoformat(),
              "method": rng.choice(("withdrawn", "corrected", "settled"))})  # fmt: skip
    if p.hearing:
        line("hearing.held", early, {})
        if p.supervisors:
            line("oversight.peoples_supervisors", early,
                 {"activity": "hearing", "supervisors": rng.randint(1, 3)})  # fmt: skip
    if p.agency:
        agency = (DRUG_CENTRE if p.agency == "drug_rehabilitation"
                  else uy.unit.name_zh.replace("人民检察院", "") + rng.choice(ORGANS))  # fmt: skip
        decide("administrative.agency_suggestion", early, matter=p.agency, agency=agency)
        line("administrative.agency_replied", early + timedelta(days=rng.randint(20, 55)),
             {"outcome": "adopted" if p.agency_adopted else "not_adopted"}, st.manager)  # fmt: skip
    # the decision ends the review within its 3 months (a few late)
    on = d0 + timedelta(days=rng.randint(*DECIDED))
    if p.source == "public" and uy._late():
        on = d0 + timedelta(days=rng.randint(*DECIDED_LATE))
    on = max(on, early + timedelta(days=1))
    if p.fate == "conduct":
        on = max(on, d0 + timedelta(days=rng.randint(10, 40)))
        decide(f"{c}.conduct_suggestion", on, area=p.area or "trial", court=court)
        line(f"{c}.conduct_reply", on + timedelta(days=rng.randint(*REPLIED)),
             {"outcome": "adopted" if p.adopted else "not_adopted"}, st.manager)  # fmt: skip
        return case
    if p.fate == "not_supported":
        decide(f"{c}.not_supported", on)
        return case
    if p.fate == "terminated":
        reason = ("no_supervision_needed" if p.source == "procuratorate"
                  else rng.choice(("withdrawn", "court_acted")))  # fmt: skip
        decide(f"{c}.review_terminated", on, reason=reason)
        return case
    kind = f"{c}.protest" if p.fate == "protest" else f"{c}.retrial_suggestion"
    decide(kind, on, court=court)
    if p.outcome:
        on += timedelta(days=rng.randint(*JUDGED))
        line(f"{c}.retrial_outcome", on, {"outcome": p.outcome}, st.manager)
        if p.outcome == "not_adopted":
            decide(f"{c}.protest_requested", on + timedelta(days=rng.randint(*REQUESTED)))
    return case
