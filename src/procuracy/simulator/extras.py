"""Events the simulator adds to one procuratorate's cases once they are drawn, from its quotas
(plan._extras), and the filing-supervision cases of administrative transfers. Pure Python.

- guardianship orders (Law on the Prevention of Juvenile Delinquency art. 61) on minors of the
  unit's reviews for prosecution, a few days after receipt;
- social-governance suggestions (Rules art. 552), one per review for prosecution (road traffic
  safety first on dangerous-driving and traffic-accident cases), answered 20-50 days later;
- administrative enforcement organs asked to transfer a suspected crime (Rules art. 557 ¶3),
  each a filing-supervision case of its own.
"""

from __future__ import annotations

from datetime import date, timedelta

ROAD = ("133", "133-1")  # traffic accidents, dangerous driving
DOMAINS = (("campus_safety", 3), ("financial_risk", 3), ("internet_governance", 3),
           ("production_safety", 2), ("market_regulation", 2), ("other", 4))  # fmt: skip
ADDRESSEES = {
    "road_traffic_safety": "公安局交通管理支队",
    "campus_safety": "教育局",
    "financial_risk": "地方金融管理局",
    "internet_governance": "网信办",
    "production_safety": "应急管理局",
    "market_regulation": "市场监督管理局",
    "other": "人民政府",
}
AGENCIES = ("市场监督管理局", "生态环境局", "税务局", "自然资源局", "文化市场综合执法大队")


def _meta(case) -> tuple[str, str, date]:
    """The case's id, number and receipt date, from its first line (case.received)."""
    first = min(case.events, key=lambda e: (e[0], e[1]))[2]
    return first["case"]["id"], first["case"]["number"], date.fromisoformat(first["occurred_on"])


def add_extras(uy, cases: list) -> None:
    """Guardianship orders and suggestions on the drawn reviews for prosecution."""
    q, rng, st = uy.q, uy.rng, uy.staff
    reviews = [c for c in cases if c.kind == "prosecution_review" and c.events]
    minors = [  # (case, the minor's key: persons of the intake are P1, P2, ... in order)
        (c, k)
        for c in reviews
        for k, p in enumerate((p for p in c.persons if not p.added), 1)
        if p.minor
    ]
    for case, key in rng.sample(minors, min(len(minors), q.get("juvenile.guardianship", 0))):
        cid, number, d0 = _meta(case)
        handler = _handler(case)
        uy._line(case, cid, number, "juvenile.guardianship_order",
                 d0 + timedelta(days=rng.randint(2, 10)), handler,
                 {"guardian": uy._name() + "（监护人）", "family_education": rng.random() < 0.6},
                 (f"P{key}",))  # fmt: skip
    road = [c for c in reviews if any(p.article in ROAD for p in c.persons)]
    rng.shuffle(road)
    road_ids = {id(c) for c in road}
    others = [c for c in reviews if id(c) not in road_ids]
    rng.shuffle(others)
    n_road, n_all = q.get("suggestions.road", 0), q.get("suggestions.social", 0)
    pool = road + others  # road cases first for the road suggestions, then any other case
    chosen = pool[:n_road] + pool[n_road:][: n_all - n_road]
    for k, case in enumerate(chosen):
        domain = "road_traffic_safety" if k < n_road else uy._pick(DOMAINS)
        cid, number, d0 = _meta(case)
        on = d0 + timedelta(days=rng.randint(5, 25))
        uy._line(case, cid, number, "suggestion.social_governance", on, _handler(case),
                 {"domain": domain, "addressee": _place(uy) + ADDRESSEES[domain],
                  "approved_by": st.chief})  # fmt: skip
        uy._line(case, cid, number, "suggestion.replied", on + timedelta(days=rng.randint(20, 50)),
                 st.manager, {"outcome": "adopted" if rng.random() < 0.9 else "not_adopted"})  # fmt: skip


def transfer_cases(uy) -> list:
    """Filing-supervision cases in which an administrative enforcement organ is asked to
    transfer a suspected crime to the police, and does."""
    from .generate import Case, Person

    rng, st, out = uy.rng, uy.staff, []
    for _ in range(uy.q.get("filing.transfers", 0)):
        p = Person("transfer", uy._pick((("140", 3), ("225", 2), ("338", 2), ("201", 1))))
        case = Case("filing_supervision", "administrative_agency", [p])
        d0 = uy._start(90)
        cid, number = uy._uuid(), uy._number("filing_supervision", "刑立监受")
        handler = st.rotate()
        agency = _place(uy) + rng.choice(AGENCIES)
        intake = {"kind": "filing_supervision",
                  "source": {"agency": "administrative_agency", "name": agency},
                  "persons": [uy._person(p, d0, "not_detained")], "materials": ["complaint"]}  # fmt: skip
        uy._line(case, cid, number, "case.received", d0, st.manager, intake)
        uy._line(case, cid, number, "case.assigned", d0, st.manager,
                 {"handler": handler, "method": "rotation", "department": "criminal_prosecution"})  # fmt: skip
        on = d0 + timedelta(days=rng.randint(5, 20))
        uy._line(case, cid, number, "filing.transfer_opinion", on, handler,
                 {"agency": agency, "approved_by": st.chief})  # fmt: skip
        uy._line(case, cid, number, "filing.transfer_done", on + timedelta(days=rng.randint(7, 30)),
                 st.manager, {})  # fmt: skip
        out.append(case)
    return out


def _place(uy) -> str:
    return uy.unit.name_zh.replace("人民检察院", "")


def _handler(case) -> str:
    for e in case.events:
        if e[2]["type"] == "case.assigned":
            return e[2]["payload"]["handler"]
    raise AssertionError("a drawn case is assigned")
