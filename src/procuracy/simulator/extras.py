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


JUDICIAL_STAFF = (("247", "刑讯逼供罪"), ("399", "徇私枉法罪"), ("397", "滥用职权罪"),
                  ("238", "非法拘禁罪"), ("248", "虐待被监管人罪"), ("400", "私放在押人员罪"))  # fmt: skip
MOBILE = (("238", "非法拘禁罪"), ("234", "故意伤害罪"))


def _suspect(uy, on: date, article: str, name: str, custody: str, years_before=(0, 1)) -> dict:
    from .generate import Person

    lo, hi = years_before
    offence = on - timedelta(days=uy.rng.randint(lo * 365 + 20, hi * 365 + 200))
    out = uy._identity(Person("man"), offence)  # an adult at the offence
    out.update(custody=custody, charges=[{"article": article, "name": name}],
               offence_date=offence.isoformat())  # fmt: skip
    return out


def investigation_cases(uy) -> list:
    """Judicial staff and mobile investigations (one suspect a case), the SPP's approvals of
    prosecution after 20 years, and criminal compensation claims."""
    from .generate import Case, Person

    q, rng, st = uy.q, uy.rng, uy.staff
    out = []
    fates = (["judicial_staff"] * q.get("investigation.judicial_staff", 0)
             + ["mobile"] * q.get("investigation.mobile", 0))  # fmt: skip
    for fate in fates:
        case = Case("self_investigation", "procuratorate", [])
        d0 = uy._start(200)
        cid, number = uy._uuid(), uy._number("self_investigation", "侦受")
        handler = st.rotate_in("enforcement")
        article, name = rng.choice(JUDICIAL_STAFF if fate == "judicial_staff" else MOBILE)
        intake = {"kind": "self_investigation",
                  "source": {"agency": "procuratorate", "name": "诉讼监督中发现"},
                  "persons": [_suspect(uy, d0, article, name, "not_detained")],
                  "materials": ["lead"]}  # fmt: skip
        line = _liner(uy, case, cid, number)
        line("case.received", d0, intake, st.manager)
        line("case.assigned", d0, {"handler": handler, "method": "rotation",
                                   "department": "criminal_enforcement"}, st.manager)  # fmt: skip
        filed = {"mobile": fate == "mobile", "approved_by": st.chief}
        if fate == "mobile":
            filed["decided_by"] = uy.unit.code[:2] + "0000"
        on = d0 + timedelta(days=rng.randint(10, 30))
        line("investigation.filed", on, filed, handler, ("P1",))
        line("investigation.transferred", on + timedelta(days=rng.randint(60, 150)),
             {"approved_by": st.chief}, handler, ("P1",))  # fmt: skip
        out.append(case)
    for _ in range(q.get("limitation.approved", 0)):
        case = Case("limitation_approval", "procuratorate", [])
        d0 = uy._start(60)
        cid, number = uy._uuid(), uy._number("limitation_approval", "刑核受")
        handler = st.rotate()
        intake = {"kind": "limitation_approval",
                  "source": {"agency": "procuratorate", "name": "省级人民检察院层报"},
                  "persons": [_suspect(uy, d0, "232", "故意杀人罪", "arrested", (20, 30))],
                  "materials": ["approval_report"]}  # fmt: skip
        line = _liner(uy, case, cid, number)
        line("case.received", d0, intake, st.manager)
        line("case.assigned", d0, {"handler": handler, "method": "rotation",
                                   "department": "criminal_prosecution"}, st.manager)  # fmt: skip
        line("limitation.approved", d0 + timedelta(days=rng.randint(10, 40)),
             {"approved_by": st.chief}, handler, ("P1",))  # fmt: skip
        out.append(case)
    for _ in range(q.get("duty.confiscation", 0)):  # an absconded duty-crime suspect
        case = Case("confiscation_review", "supervision_commission", [])
        d0 = uy._start(60)
        cid, number = uy._uuid(), uy._number("confiscation_review", "刑没受")
        handler = st.rotate()
        article, name = rng.choice((("385", "受贿罪"), ("382", "贪污罪")))
        intake = {"kind": "confiscation_review",
                  "source": {"agency": "supervision_commission", "name": "监察委员会"},
                  "persons": [_suspect(uy, d0, article, name, "at_large", (2, 6))],
                  "materials": ["confiscation_opinion"]}  # fmt: skip
        line = _liner(uy, case, cid, number)
        line("case.received", d0, intake, st.manager)
        line("case.assigned", d0, {"handler": handler, "method": "rotation",
                                   "department": "criminal_prosecution"}, st.manager)  # fmt: skip
        line("confiscation.applied", d0 + timedelta(days=rng.randint(10, 28)),
             {"court": uy.court, "approved_by": st.chief}, handler, ("P1",))  # fmt: skip
        out.append(case)
    for _ in range(q.get("assistance.cases", 0)):  # the SPP's: a foreign request, completed
        case = Case("judicial_assistance", "foreign_authority", [])
        d0 = uy._start(90)
        cid, number = uy._uuid(), uy._number("judicial_assistance", "刑协受")
        handler = st.rotate()
        concerned = {**uy._identity(Person("man", foreign=True), d0), "role": "person_concerned"}
        intake = {"kind": "judicial_assistance",
                  "source": {"agency": "foreign_authority", "name": "外国司法机关"},
                  "persons": [concerned], "materials": ["assistance_request"]}  # fmt: skip
        line = _liner(uy, case, cid, number)
        line("case.received", d0, intake, st.manager)
        line("case.assigned", d0, {"handler": handler, "method": "rotation",
                                   "department": "criminal_prosecution"}, st.manager)  # fmt: skip
        line("assistance.completed", d0 + timedelta(days=rng.randint(20, 80)),
             {"direction": "incoming", "matter": rng.choice(("evidence", "service", "assets")),
              "country": concerned["id_country"], "approved_by": st.chief}, handler)  # fmt: skip
        out.append(case)
    granted = q.get("compensation.granted", 0)
    for k in range(q.get("compensation.cases", 0)):
        case = Case("criminal_compensation", "public", [])
        d0 = uy._start(70)
        cid, number = uy._uuid(), uy._number("criminal_compensation", "刑赔受")
        handler = st.rotate_in("complaints")
        claimant = {**uy._identity(Person("man"), d0), "role": "claimant"}
        intake = {"kind": "criminal_compensation",
                  "source": {"agency": "public", "name": "赔偿申请"},
                  "persons": [claimant], "materials": ["application"]}  # fmt: skip
        line = _liner(uy, case, cid, number)
        line("case.received", d0, intake, st.manager)
        line("case.assigned", d0, {"handler": handler, "method": "rotation",
                                   "department": "complaints_appeals"}, st.manager)  # fmt: skip
        decision = ({"outcome": "granted", "amount": rng.randrange(5_000, 200_000, 100)}
                    if k < granted else {"outcome": "refused"})  # fmt: skip
        line("compensation.decided", d0 + timedelta(days=rng.randint(15, 55)),
             {**decision, "approved_by": st.chief}, handler)  # fmt: skip
        out.append(case)
    return out


def add_wages(uy, cases: list) -> None:
    """The unit's wages recovered, shared among its wage-arrears cases (CL art. 276-1)."""
    from .enforcement import shares

    arrears = [c for c in cases if c.kind == "prosecution_review" and c.events
               and any(p.article == "276-1" for p in c.persons)]  # fmt: skip
    total = uy.q.get("amount.wages", 0)
    if not arrears or not total:
        return
    for case, amount in zip(arrears, shares(total, len(arrears), uy.rng), strict=True):
        cid, number, d0 = _meta(case)
        uy._line(case, cid, number, "prosecution.wages_recovered",
                 d0 + timedelta(days=uy.rng.randint(5, 20)), _handler(case), {"amount": amount})  # fmt: skip


def _liner(uy, case, cid: str, number: str):
    def line(etype, on, payload, actor, persons=()):
        uy._line(case, cid, number, etype, on, actor, payload, persons)

    return line
