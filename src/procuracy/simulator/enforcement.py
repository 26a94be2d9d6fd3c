"""One procuratorate's year of criminal enforcement supervision (cases/enforcement.py), from
its quotas (plan._enforcement). Pure Python.

Commutation, parole and temporary service: a proposal from the prison or a ruling from the
court, reviewed within its 10 or 20 days (the convict in custody: no holiday roll-over), found
proper or opposed with the chief procurator's approval (most opinions adopted); convicts serving
outside prison returned to it. Property penalties: one or two corrective opinions, and in some
cases the money enforced after them, the unit's amount shared among them.
"""

from __future__ import annotations

from datetime import timedelta

MATTERS = (("commutation", 6), ("parole", 3), ("temporary_service", 1))
RETURN_REASONS = (("conditions_ended", 6), ("violated_rules", 3), ("not_eligible", 1))
PROBLEMS = (("not_enforced", 6), ("improper", 3), ("assets_hidden", 1))


def shares(total: int, count: int, rng) -> list[int]:
    """``total`` split into ``count`` positive parts that vary around the mean."""
    if count == 0:
        return []
    if total < count:
        raise ValueError(f"{total} cannot give {count} parts of at least 1")
    from .plan import apportion

    weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
    return [1 + part for part in apportion(total - count, weights)]


def enforcement_cases(uy) -> list:
    q, rng = uy.q, uy.rng
    fates = (["opinion"] * q.get("enforcement.opinions", 0)
             + ["returned"] * q.get("enforcement.returned", 0)
             + ["proper"] * q.get("enforcement.proper", 0))  # fmt: skip
    adopted = set(range(q.get("enforcement.opinions_adopted", 0)))
    cases = [_walk_change(uy, fate, k in adopted) for k, fate in enumerate(fates)]
    n = q.get("enforcement.property_cases", 0)
    second = set(rng.sample(range(n), q.get("enforcement.property_second", 0)))
    enforced = rng.sample(range(n), q.get("enforcement.property_enforced", 0))
    amounts = dict(zip(enforced, shares(q.get("amount.property_enforced", 0), len(enforced), rng),
                       strict=True))  # fmt: skip
    cases += [_walk_property(uy, k in second, amounts.get(k)) for k in range(n)]
    return cases


def _open(uy, kind: str, code: str, source: str, materials: list[str], span: int):
    from .generate import Case, Person

    st = uy.staff
    d0 = uy._start(span)
    case = Case(kind, source, [])
    cid, number = uy._uuid(), uy._number(kind, code)
    handler = st.rotate_in("enforcement")
    convict = {**uy._identity(Person("man"), d0), "role": "convict"}
    name = {"prison": "监狱", "court": uy.court, "procuratorate": "驻监所检察"}[source]
    intake = {"kind": kind, "source": {"agency": source, "name": name}, "persons": [convict],
              "materials": materials}  # fmt: skip
    uy._line(case, cid, number, "case.received", d0, st.manager, intake)
    uy._line(case, cid, number, "case.assigned", d0, st.manager,
             {"handler": handler, "method": "rotation", "department": "criminal_enforcement"})  # fmt: skip

    def line(etype, on, payload, actor=None):
        uy._line(case, cid, number, etype, on, actor or handler, payload, ("P1",))

    return case, d0, line


def _walk_change(uy, fate: str, adopted: bool):
    rng, st = uy.rng, uy.staff
    source = "procuratorate" if fate == "returned" else rng.choice(("prison", "prison", "court"))
    case, d0, line = _open(uy, "sentence_change_supervision", "刑执变受", source, ["documents"], 60)
    if fate == "returned":
        line("enforcement.returned_to_prison", d0 + timedelta(days=rng.randint(5, 30)),
             {"reason": uy._pick(RETURN_REASONS)})  # fmt: skip
        return case
    # within the 10 days of a proposal (in custody, no roll-over) or the 20 days of a ruling
    on = d0 + timedelta(days=rng.randint(2, 9))
    if fate == "proper":
        line("enforcement.reviewed_proper", on, {})
        return case
    against = "proposal" if source == "prison" else "decision"
    line("enforcement.correction_opinion", on,
         {"matter": uy._pick(MATTERS), "against": against, "approved_by": st.chief})  # fmt: skip
    line("enforcement.opinion_outcome", on + timedelta(days=rng.randint(20, 40)),
         {"outcome": "adopted" if adopted else "not_adopted"}, st.manager)  # fmt: skip
    return case


def _walk_property(uy, second: bool, amount: int | None):
    rng, st = uy.rng, uy.staff
    case, d0, line = _open(uy, "property_penalty_supervision", "刑执财受", "court",
                           ["criminal_judgment"], 150)  # fmt: skip
    on = d0 + timedelta(days=rng.randint(5, 20))
    line("enforcement.property_opinion", on, {"problem": uy._pick(PROBLEMS)})
    if second:
        on += timedelta(days=rng.randint(20, 40))
        line("enforcement.property_opinion", on, {"problem": uy._pick(PROBLEMS)})
    if amount is not None:
        line("enforcement.property_enforced", on + timedelta(days=rng.randint(30, 90)),
             {"amount": amount}, st.manager)  # fmt: skip
    return case
