"""One procuratorate's year of petitions and judicial relief (cases/complaints.py), from its
quotas (plan._complaints). Pure Python.

Each petition gets its fate first (referred to another organ, or handled here: answered in
time or late, with its progress first or not, heard and resolved or not, with people's
supervisors, taken in hand by a leading cadre, handed to a procuratorate below), then is
walked. The 7-day answer comes 1-6 days after receipt (late ones 16-20 days, past any holiday
roll-over); the 3-month answer 20-85 days after (late ones 101-110 days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .enforcement import shares
from .plan import PlanError

RESULTS = (("explained", 60), ("not_supported", 25), ("supported", 15))
REFERRALS = ("referred", "outside_scope")


@dataclass
class Petition:
    referred: bool = False
    procedural_late: bool = False
    outcome_late: bool = False
    progress: bool = False
    leader: bool = False
    heard: bool = False
    resolved: bool = False
    supervisors: bool = False
    lawyer_rights: bool = False
    against_own: bool = False
    handed_over: bool = False
    completed: bool = False


def complaint_cases(uy) -> list:
    """The unit-year's petitions and relief cases (``uy``: a generate.UnitYear)."""
    q, rng = uy.q, uy.rng
    petitions = [Petition() for _ in range(q.get("petitions.received", 0))]
    for p in petitions[: q.get("petitions.referred", 0)]:
        p.referred = True
    handled = [p for p in petitions if not p.referred]
    for p in rng.sample(petitions, q.get("petitions.procedural_late", 0)):
        p.procedural_late = True
    for p in handled[: q.get("petitions.outcome_late", 0)]:
        p.outcome_late = True
    in_time = [p for p in handled if not p.outcome_late]
    for p in rng.sample(in_time, q.get("petitions.progress", 0)):
        p.progress = True
    for p in rng.sample(in_time, q.get("petitions.lawyer_rights", 0)):
        p.lawyer_rights = True
    for p in rng.sample(handled, q.get("petitions.leaders", 0)):
        p.leader = True
    for p in rng.sample(petitions, q.get("petitions.against_own", 0)):
        p.against_own = True
    heard = rng.sample(handled, q.get("hearings.petitions", 0))
    for k, p in enumerate(heard):
        p.heard = True
        p.resolved = k < q.get("hearings.resolved", 0)
    for p in rng.sample(heard, q.get("supervisors.petitions", 0)):
        p.supervisors = True
    if q.get("petitions.handed_over", 0) and not uy.below:
        raise PlanError(f"{uy.unit.code}: petitions to hand over and no procuratorate below")
    for k, p in enumerate(rng.sample(handled, q.get("petitions.handed_over", 0))):
        p.handed_over = True
        p.completed = k < q.get("petitions.handover_completed", 0)
    cases = [_walk_petition(uy, p) for p in petitions]
    fates = (["rural"] * q.get("relief.rural", 0) + ["women"] * q.get("relief.women", 0)
             + ["military"] * q.get("relief.military", 0) + ["other"] * q.get("relief.other", 0))  # fmt: skip
    rural = iter(shares(q.get("amount.relief_rural", 0), q.get("relief.rural", 0), rng))
    cases += [_walk_relief(uy, fate, next(rural) if fate == "rural" else None) for fate in fates]
    return cases


def _person(uy, role: str, on, woman: bool = False) -> dict:
    from .generate import Person

    return {**uy._identity(Person("woman" if woman else "man"), on), "role": role}


def _walk_petition(uy, p: Petition):
    from .generate import Case

    rng, st = uy.rng, uy.staff
    d0 = uy._start(150)
    case = Case("petition", "public", [])
    cid, number = uy._uuid(), uy._number("petition", "信访受")
    handler = st.rotate_in("complaints")

    def line(etype, on, payload=None, actor=None):
        uy._line(case, cid, number, etype, on, actor or handler, payload or {})

    flags = [f for f, on in (("repeat_petition", p.handed_over), ("lawyer_rights", p.lawyer_rights),
                             ("against_own_decision", p.against_own)) if on]  # fmt: skip
    intake = {"kind": "petition",
              "source": {"agency": "public", "name": rng.choice(("来信", "来访", "12309网上信访",
                                                                  "12309电话"))},
              "persons": [_person(uy, "petitioner", d0, rng.random() < 0.4)],
              "materials": ["petition"]}  # fmt: skip
    if flags:
        intake["flags"] = flags
    line("case.received", d0, intake, st.manager)
    line("case.assigned", d0, {"handler": handler, "method": "rotation",
                               "department": "complaints_appeals"}, st.manager)  # fmt: skip
    answered = d0 + timedelta(days=rng.randint(16, 20) if p.procedural_late else rng.randint(1, 6))
    if p.referred:
        line("petition.procedural_reply", answered, {"handling": rng.choice(REFERRALS)})
        return case
    handling = "handed_down" if p.handed_over else "accepted"
    if p.leader:  # the leading cadre takes it in hand on receipt
        line("petition.leader_handling", d0, {}, st.chief)
    line("petition.procedural_reply", answered, {"handling": handling})
    if p.handed_over:
        line("petition.handed_over", answered, {"to": rng.choice(uy.below)})
        if p.completed:
            line("petition.handover_completed", answered + timedelta(days=rng.randint(10, 15)),
                 {}, st.manager)  # fmt: skip
    first = d0 + timedelta(days=rng.randint(101, 110) if p.outcome_late else rng.randint(20, 85))
    first = max(first, answered + timedelta(days=1))
    if p.heard:
        on = answered + timedelta(days=rng.randint(1, 15))
        line("hearing.held", on, {"resolved": p.resolved})
        if p.supervisors:
            line("oversight.peoples_supervisors", on,
                 {"activity": "hearing", "supervisors": rng.randint(1, 3)})  # fmt: skip
    outcome = "supported" if p.lawyer_rights else uy._pick(RESULTS)
    if p.progress:
        line("petition.progress_reply", first, {"content": "正在审查办理"})
        line("petition.result_reply", first + timedelta(days=rng.randint(20, 40)),
             {"outcome": outcome})  # fmt: skip
    else:
        line("petition.result_reply", first, {"outcome": outcome})
    return case


def _walk_relief(uy, fate: str, amount: int | None):
    from .generate import Case

    rng, st = uy.rng, uy.staff
    d0 = uy._start(60)
    case = Case("judicial_relief", "public", [])
    cid, number = uy._uuid(), uy._number("judicial_relief", "司救受")
    handler = st.rotate_in("complaints")
    flags = {"rural": ["rural_victim"], "military": ["military_family"]}.get(fate)
    intake = {"kind": "judicial_relief", "source": {"agency": "public", "name": "救助申请"},
              "persons": [_person(uy, "relief_applicant", d0, woman=fate == "women")],
              "materials": ["application"]}  # fmt: skip
    if flags:
        intake["flags"] = flags
    uy._line(case, cid, number, "case.received", d0, st.manager, intake)
    uy._line(case, cid, number, "case.assigned", d0, st.manager,
             {"handler": handler, "method": "rotation", "department": "complaints_appeals"})  # fmt: skip
    uy._line(case, cid, number, "relief.granted", d0 + timedelta(days=rng.randint(10, 40)),
             handler, {"amount": amount or rng.randrange(2_000, 50_000, 500), "approved_by": st.chief},
             ("P1",))  # fmt: skip
    return case
