"""Run the simulator: quotas per procuratorate, staff, and each procuratorate's year imported
through ``procuracy import``'s validation (``interchange.import_lines``).

Procuratorate-years are imported in batches of about ``BATCH_LINES`` lines, one transaction
each. Resumable: the ids are drawn from the seed, so a batch whose first case is already in
the database is skipped; an interrupted run continues where it stopped.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from procuracy.cases.levels import is_basic, level_of
from procuracy.core.actions import action
from procuracy.core.errors import ValidationFailed
from procuracy.orgs.models import Level, Procuratorate
from procuracy.staff.models import Department, Membership, User
from procuracy.staff.roles import DEPARTMENT_NAMES_ZH, Role

from . import plan
from .generate import Staff, UnitYear
from .population import CENSUS_2020


class SimulationError(RuntimeError):
    """A generated line was refused: a defect of the generator, reported with the line."""


PREFECTURAL_SHARE = 0.10
# Procuratorate-years are imported together up to this many lines: one transaction each.
BATCH_LINES = 20_000  # of a province's cases, handled by its prefectural procuratorates


@dataclass
class UnitInfo:
    pk: int
    code: str
    path: str
    abbreviation: str
    name_zh: str
    weight: float


def units_with_weights(seed: int) -> list[UnitInfo]:
    """Every prefectural and basic procuratorate with its share of the national case flow:
    the province's census population, 10% to its prefectural units equally and the rest to
    its basic units, each varied by a seeded factor (so that units differ)."""
    rng = random.Random(f"{seed}:weights")
    rows = list(
        Procuratorate.objects.filter(level__in=(Level.PREFECTURAL, Level.BASIC))
        .order_by("code")
        .values_list("pk", "code", "path", "abbreviation", "name_zh", "level")
    )
    by_province: dict[str, list] = {}
    for row in rows:
        if row[1][:2] in CENSUS_2020:
            by_province.setdefault(row[1][:2], []).append(row)
    total = sum(CENSUS_2020[p] for p in by_province)
    out = []
    for province, members in sorted(by_province.items()):
        share = CENSUS_2020[province] / total
        pref = [r for r in members if r[5] == Level.PREFECTURAL]
        basic = [r for r in members if r[5] == Level.BASIC]
        pref_share = PREFECTURAL_SHARE if pref and basic else (1.0 if pref else 0.0)
        factors = {r[1]: rng.lognormvariate(0, 0.45) for r in basic}
        factor_sum = sum(factors.values()) or 1.0
        for r in pref:
            out.append(UnitInfo(*r[:5], share * pref_share / len(pref)))
        for r in basic:
            out.append(UnitInfo(*r[:5], share * (1 - pref_share) * factors[r[1]] / factor_sum))
    # The SPP, first and with no share of the flow: only its own quotas (SPP_ONLY) go to it.
    spp = (
        Procuratorate.objects.filter(level=Level.NATIONAL)
        .values_list("pk", "code", "path", "abbreviation", "name_zh")
        .first()
    )
    if spp:
        out.insert(0, UnitInfo(*spp, 0.0))
    return out


# Quotas that are shares of others: apportioned over the units by the unit's own base, never
# above it (key -> base as a function of the unit's quotas so far). Order matters.
def _charged(u: dict) -> int:
    """People prosecuted for the charges the plan names (``charge.*``): kept in the unit's
    quotas while they are apportioned (``CHARGED``), since the bases below ask for it many
    times per unit."""
    found = u.get(CHARGED)
    return found if found is not None else sum(v for k, v in u.items() if k.startswith("charge."))


def _prosecuted(u: dict) -> int:
    return _charged(u) + u["prosecuted.other"] + u["duty.prosecuted"]


def _not_prosecuted(u: dict) -> int:
    return (
        u["not_prosecuted.statutory"]
        + u["not_prosecuted.insufficient_evidence"]
        + u["not_prosecuted.discretionary"]
        + u["conditional"]
    )


FLAG_KEYS = (*(key for key, _ in plan.FLAGGED), "flag.internet_other")


def _free(u: dict) -> int:
    """People prosecuted outside the charge groups not yet given a flag or a part."""
    return u["prosecuted.other"] - u["prosecuted.additional"] - sum(u.get(k, 0) for k in FLAG_KEYS)


def _sector_cases(u: dict) -> int:
    """Duty cases that may be single-person sector cases."""
    return u["duty.cases"] - (1 if u["duty.received"] > u["duty.cases"] else 0)


#: Dependent quotas that a small scale may leave without enough room: each is placed up to
#: what its units' bases hold, and the rest dropped, instead of refusing the scale. An
#: additional arrest joins the case of another suspect approved for arrest in the unit, and a
#: social-governance suggestion comes from a review for prosecution; below scale 0.003 most
#: procuratorates approve one arrest in a year or none, and prosecute a few people.
THIN_AT_SMALL_SCALES = frozenset({"arrest.additional", "suggestions.social", "suggestions.road"})

DEPENDENT: tuple[tuple[str, Callable[[dict], int]], ...] = (
    ("arrest.additional", lambda u: max(0, u["arrest.approved"] - 1)),
    ("arrest.reconsidered", lambda u: u["arrest.no_crime"] + u["arrest.insufficient_evidence"]),
    ("arrest.reconsideration_changed", lambda u: u["arrest.reconsidered"]),
    ("arrest.reexamined", lambda u: u["arrest.reconsidered"] - u["arrest.reconsideration_changed"]),
    ("arrest.reexamination_changed", lambda u: u["arrest.reexamined"]),
    ("duty.prosecuted", lambda u: u["duty.received"]),
    ("duty.bribe_giving", lambda u: u["duty.prosecuted"]),
    ("duty.provincial", lambda u: u["duty.prosecuted"]),
    # persons beyond the first of each duty case: a unit with duty suspects has a case
    ("duty.extra_persons", lambda u: max(0, u["duty.received"] - 1)),
    # the sectors' people each have a case of their own; a unit keeps one case for the rest
    # when it has more people than cases
    ("duty.financial", lambda u: max(0, min(u["duty.prosecuted"], _sector_cases(u)))),
    (
        "duty.medical",
        lambda u: max(
            0,
            min(u["duty.prosecuted"] - u["duty.financial"], _sector_cases(u) - u["duty.financial"]),
        ),
    ),
    ("duty.early_involvement", lambda u: u["duty.cases"]),
    ("duty.self_supplementary", lambda u: u["duty.cases"]),
    ("duty.returned", lambda u: u["duty.cases"]),
    ("duty.measure_arrested", lambda u: u["duty.received"]),
    # joining a case of another person the unit prosecutes (any case can host them)
    (
        "prosecuted.additional",
        lambda u: max(0, min(u["prosecuted.other"], _prosecuted(u) - u["duty.prosecuted"] - 1)),
    ),
    ("flag.telecom_fraud", lambda u: u.get(plan.theft_leaf(), 0)),
    # the flagged people are taken in turn from those prosecuted outside the groups
    *((key, _free) for key in FLAG_KEYS),
    ("prosecuted.foreign_cases", _free),
    ("prosecuted.minor", lambda u: _free(u) - u["prosecuted.foreign_cases"]),
    ("justified_defence", lambda u: u["not_prosecuted.statutory"]),
    ("not_prosecuted.referred", lambda u: u["not_prosecuted.discretionary"]),
    ("plea.prosecuted", _prosecuted),
    ("plea.not_prosecuted", _not_prosecuted),
    ("trial.plea_accepted", lambda u: u["plea.prosecuted"]),
    ("trial.no_plea_accepted", lambda u: _prosecuted(u) - u["plea.prosecuted"]),
    (
        "protest.filed",
        lambda u: _prosecuted(u) - u["trial.plea_accepted"] - u["trial.no_plea_accepted"],
    ),
    ("protest.decided", lambda u: u["protest.filed"]),
    ("protest.changed", lambda u: u["protest.decided"]),
    ("protest.remanded", lambda u: u["protest.decided"] - u["protest.changed"]),
    # public interest litigation: ship pollution only along the Yangtze, and the shares of the
    # unit's own cases filed
    (
        "pil.ship_pollution",
        lambda u: u["pil.field.environment_resources"] * u[YANGTZE],
    ),
    ("pil.civil", lambda u: _pil_filed(u)),
    ("pil.suggestions", lambda u: _pil_filed(u) - u["pil.civil"]),
    ("pil.urgent", lambda u: u["pil.suggestions"]),
    ("pil.not_rectified", lambda u: u["pil.suggestions"]),
    ("pil.no_reply", lambda u: u["pil.not_rectified"]),
    ("pil.administrative_sued", lambda u: u["pil.not_rectified"]),
    ("pil.civil_sued", lambda u: u["pil.civil"]),
    ("pil.organisation_sued", lambda u: u["pil.civil"] - u["pil.civil_sued"]),
    ("pil.withdrawn", lambda u: u["pil.administrative_sued"] + u["pil.civil_sued"]),
    (
        "pil.rejected",
        lambda u: u["pil.administrative_sued"] + u["pil.civil_sued"] - u["pil.withdrawn"],
    ),
)


def _protests(line: str):
    return lambda u: u[f"{line}.protests"] + u.get(f"{line}.spp_protests", 0)


def _made(line: str):
    """Protests and retrial suggestions: the cases that can have a court's outcome."""
    protests = _protests(line)
    return lambda u: protests(u) + u[f"{line}.retrial_suggestions"]


def _unconcluded_suggestions(line: str):
    """Outcomes go to protests first, then to retrial suggestions: the suggestions left."""
    protests = _protests(line)
    return lambda u: max(
        0, u[f"{line}.retrial_suggestions"] - max(0, u[f"{line}.concluded"] - protests(u))
    )


def _administrative_cases(u: dict) -> int:
    return sum(
        u[f"administrative.{k}"]
        for k in ("protests", "retrial_suggestions", "not_supported", "terminated", "conduct")
    )


def _supervision_cases(u: dict) -> int:
    """A unit's civil and administrative supervision cases (not its support cases)."""
    return _administrative_cases(u) + sum(
        u[f"civil.{k}"]
        for k in ("protests", "spp_protests", "retrial_suggestions", "not_supported",
                  "terminated", "conduct")
    )  # fmt: skip


SUPERVISION_DEPENDENT: tuple[tuple[str, Callable[[dict], int]], ...] = (
    *(
        item
        for line in ("civil", "administrative")
        for item in (
            (f"{line}.concluded", _made(line)),
            (f"{line}.changed", lambda u, line=line: u[f"{line}.concluded"]),
            (f"{line}.not_adopted", _unconcluded_suggestions(line)),
            (f"{line}.conduct_enforcement", lambda u, line=line: u[f"{line}.conduct"]),
            (f"{line}.conduct_adopted", lambda u, line=line: u[f"{line}.conduct"]),
        )
    ),
    ("civil.false_litigation", lambda u: u["civil.changed"] + u["civil.conduct_adopted"]),
    ("administrative.illegal_act", _administrative_cases),
    (
        "administrative.drug_rehabilitation",
        lambda u: _administrative_cases(u) - u["administrative.illegal_act"],
    ),
    (
        "administrative.agency_adopted",
        lambda u: u["administrative.illegal_act"] + u["administrative.drug_rehabilitation"],
    ),
    ("administrative.disputes", _administrative_cases),
    ("administrative.disputes_long", lambda u: u["administrative.disputes"]),
    ("supervision.ip", _supervision_cases),
)  # fmt: skip


def _handled(u: dict) -> int:
    """Petitions the procuratorate handles itself (not referred elsewhere)."""
    return u["petitions.received"] - u["petitions.referred"]


COMPLAINTS_DEPENDENT: tuple[tuple[str, Callable[[dict], int]], ...] = (
    ("petitions.referred", lambda u: u["petitions.received"]),
    ("petitions.procedural_late", lambda u: u["petitions.received"]),
    ("petitions.outcome_late", _handled),
    ("petitions.progress", lambda u: _handled(u) - u["petitions.outcome_late"]),
    ("petitions.lawyer_rights", lambda u: _handled(u) - u["petitions.outcome_late"]),
    ("petitions.leaders", _handled),
    ("petitions.against_own", lambda u: u["petitions.received"]),
    # handovers to the level below: by prefectural procuratorates, of petitions they handle
    ("petitions.handed_over", lambda u: _handled(u) * u[PREFECTURAL]),
    ("petitions.handover_completed", lambda u: u["petitions.handed_over"]),
    ("hearings.petitions", _handled),
    ("hearings.resolved", lambda u: u["hearings.petitions"]),
    ("supervisors.petitions", lambda u: u["hearings.petitions"]),
    ("hearings.other", _supervision_cases),
    ("supervisors.other", lambda u: u["hearings.other"]),
)
EXTRAS_DEPENDENT: tuple[tuple[str, Callable[[dict], int]], ...] = (
    # on the minors of the unit's reviews for prosecution
    ("juvenile.guardianship", lambda u: u["prosecuted.minor"] + u["conditional"]),
    # one per review for prosecution: persons are at least as many as cases, so a quarter of
    # them is a safe bound on cases (at most 4 persons a case)
    ("suggestions.social", lambda u: (_prosecuted(u) - u["duty.prosecuted"]) // 4),
    ("suggestions.road", lambda u: u["suggestions.social"]),
)
ENFORCEMENT_DEPENDENT: tuple[tuple[str, Callable[[dict], int]], ...] = (
    ("enforcement.opinions_adopted", lambda u: u["enforcement.opinions"]),
    ("enforcement.property_second", lambda u: u["enforcement.property_cases"]),
    ("enforcement.property_enforced", lambda u: u["enforcement.property_cases"]),
    ("compensation.granted", lambda u: u["compensation.cases"]),
    # from the people the police transferred (not those joining by additional prosecution)
    (
        "trial.acquitted_after_arrest",
        lambda u: _prosecuted(u) - u["duty.prosecuted"] - u["prosecuted.additional"],
    ),
)
DEPENDENT = (
    DEPENDENT
    + SUPERVISION_DEPENDENT
    + COMPLAINTS_DEPENDENT
    + EXTRAS_DEPENDENT
    + ENFORCEMENT_DEPENDENT
)
#: Amounts (yuan) apportioned in proportion to the unit's count they are paid to (no cap:
#: an amount is not a count of the things it is shared by); at least one yuan each.
AMOUNTS: tuple[tuple[str, str], ...] = (
    ("amount.property_enforced", "enforcement.property_enforced"),
    ("amount.relief_rural", "relief.rural"),
    ("amount.wages", "charge.276-1"),
)
#: Quotas only procuratorates above the basic level take (a protest lies against a lower
#: court's judgment), and the SPP's own.
ABOVE_BASIC = ("civil.protests", "administrative.protests", "duty.confiscation")
SPP_ONLY = ("civil.spp_protests", "limitation.approved", "assistance.cases")

#: The provinces along the Yangtze's main stream (Yangtze River Protection Law art. 2 names
#: the basin): Qinghai, Tibet, Sichuan, Yunnan, Chongqing, Hubei, Hunan, Jiangxi, Anhui,
#: Jiangsu, Shanghai. A marker in the unit's quotas while they are apportioned.
YANGTZE_PROVINCES = frozenset({"63", "54", "51", "53", "50", "42", "43", "36", "34", "32", "31"})
YANGTZE = "unit.yangtze"
PREFECTURAL = "unit.prefectural"  # a marker in the unit's quotas while they are apportioned
# Sums of independent quotas, kept in the unit's quotas while the dependent ones are
# apportioned (the independent ones no longer change by then)
CHARGED, PIL_FILED = "unit.charged", "unit.pil_filed"


def _pil_filed(u: dict) -> int:
    found = u.get(PIL_FILED)
    return (
        found if found is not None else sum(n for k, n in u.items() if k.startswith("pil.field."))
    )


DERIVED = ("duty.not_prosecuted",)


def unit_quotas(
    national: dict[str, int], units: list[UnitInfo], seed: int, year: int
) -> list[dict[str, int]]:
    """The national quotas split over the units: every key sums to its national value. Each
    unit gets its share rounded down or up at random (``plan.spread``); a share of another
    quota never exceeds that quota in the unit."""
    weights = [u.weight for u in units]
    dependent = dict(DEPENDENT)
    out: list[dict[str, int]] = [{} for _ in units]
    # the duty crimes' discretionary non-prosecutions are carried by their units' duty cases
    independent = dict(national)
    independent["not_prosecuted.discretionary"] -= national["duty.not_prosecuted"]
    by_level = {
        key: [0.0 if is_basic(u.code) else u.weight for u in units] for key in ABOVE_BASIC
    } | {key: [float(level_of(u.code) == "national") for u in units] for key in SPP_ONLY}
    for key, total in independent.items():
        if key in dependent or key in DERIVED or key in dict(AMOUNTS):
            continue
        rng = random.Random(f"{seed}:{year}:{key}")
        w = by_level.get(key, weights)
        if total and not sum(w):
            raise plan.PlanError(f"{key}: no procuratorate of its level to place {total} in")
        for q, n in zip(out, plan.spread(total, w, rng), strict=True):
            q[key] = n
    # a petition is handed over to a basic procuratorate below (Rules art. 161 ¶2): not by the
    # prefectural procuratorates of cities with no county-level divisions (东莞, 中山, 儋州, 嘉峪关)
    parents = {u.path.strip("/").split("/")[-2] for u in units if is_basic(u.code)}
    for q, unit in zip(out, units, strict=True):
        q["duty.received"] = q.get("duty.received", 0)
        q[YANGTZE] = int(unit.code[:2] in YANGTZE_PROVINCES)
        q[PREFECTURAL] = int(level_of(unit.code) == "prefectural" and unit.code in parents)
        q[CHARGED] = _charged(q)
        q[PIL_FILED] = _pil_filed(q)
    national = dict(national)
    national["duty.extra_persons"] = national["duty.received"] - national["duty.cases"]
    for key, base in DEPENDENT:
        bases = [base(q) for q in out]
        if key == "duty.extra_persons" and national[key] > sum(bases):
            national[key] = sum(bases)
            # a small scale: fewer suspects than units to share them, one case each; the
            # shares of cases (early involvement) keep their rate
            planned = national["duty.cases"]
            national["duty.cases"] = national["duty.received"] - sum(bases)
            rate = national["duty.early_involvement"] / planned if planned else 0
            national["duty.early_involvement"] = plan._round(rate * national["duty.cases"])
            for part in ("duty.self_supplementary", "duty.returned"):
                national[part] = min(national[part], national["duty.cases"])
        if key in THIN_AT_SMALL_SCALES and national[key] > sum(bases):
            national[key] = sum(bases)  # (at scale 1.0 the bases are many times the quota)
        if national[key] > sum(bases):
            raise plan.PlanError(
                f"{key}: {national[key]} cannot be placed within {sum(bases)} at this scale"
            )
        rng = random.Random(f"{seed}:{year}:{key}")
        # a unit's exact share is at most its base, so rounding it up never passes the base
        for q, n in zip(out, plan.spread(national[key], bases, rng), strict=True):
            q[key] = n
        if key == "duty.extra_persons":
            for q in out:
                q["duty.cases"] = q["duty.received"] - q["duty.extra_persons"]
        if key == "duty.prosecuted":
            for q in out:
                q["duty.not_prosecuted"] = q["duty.received"] - q["duty.prosecuted"]
                q["not_prosecuted.discretionary"] += q["duty.not_prosecuted"]
    for key, count in AMOUNTS:
        counts = [q[count] for q in out]
        if not national[key]:
            for q in out:
                q[key] = 0
            continue
        if not sum(counts):
            raise plan.PlanError(f"{key}: nobody to pay {national[key]} yuan to at this scale")
        # one yuan each first, the rest in proportion (so no one gets nothing)
        rest = national[key] - sum(counts)
        rng = random.Random(f"{seed}:{year}:{key}")
        for q, n in zip(out, plan.spread(rest, [float(c) for c in counts], rng), strict=True):
            q[key] = q[count] + n
    for q in out:
        del q[YANGTZE], q[PREFECTURAL], q[CHARGED], q[PIL_FILED]
    return out


# --- staff -------------------------------------------------------------------------------------


def staff_for(unit: UnitInfo, workload: int) -> Staff:
    n = max(2, min(40, workload // 400 + 2))
    base = f"sim-{unit.code}"
    return Staff(
        manager=f"{base}-cm",
        head=f"{base}-head",
        chief=f"{base}-chief",
        procurators=[f"{base}-p{i}" for i in range(1, n + 1)],
        pil=[f"{base}-g{i}" for i in range(1, max(1, n // 4) + 1)],
        civil=[f"{base}-c{i}" for i in range(1, max(1, n // 4) + 1)],
        administrative=[f"{base}-a{i}" for i in range(1, max(1, n // 8) + 1)],
        complaints=[f"{base}-k{i}" for i in range(1, max(1, n // 4) + 1)],
        enforcement=[f"{base}-e{i}" for i in range(1, max(1, n // 8) + 1)],
    )


@action("simulator.staff")
def provision_staff(staffs: list[tuple[UnitInfo, Staff]], *, actor) -> str:
    """Users and roles for the simulated procuratorates (no password: they cannot log in)."""
    from django.contrib.auth.hashers import make_password

    wanted: dict[str, tuple[UnitInfo, str, str | None]] = {}
    for unit, st in staffs:
        wanted[st.manager] = (unit, Role.CASE_MANAGER, None)
        # one department head for the whole (simulated) unit: a membership without a department
        wanted[st.head] = (unit, Role.DEPARTMENT_HEAD, None)
        wanted[st.chief] = (unit, Role.CHIEF_PROCURATOR, None)
        for p in st.procurators:
            wanted[p] = (unit, Role.PROCURATOR, "criminal_prosecution")
        for p in st.pil:
            wanted[p] = (unit, Role.PROCURATOR, "public_interest")
        for p in st.civil:
            wanted[p] = (unit, Role.PROCURATOR, "civil")
        for p in st.administrative:
            wanted[p] = (unit, Role.PROCURATOR, "administrative")
        for p in st.complaints:
            wanted[p] = (unit, Role.PROCURATOR, "complaints_appeals")
        for p in st.enforcement:
            wanted[p] = (unit, Role.PROCURATOR, "criminal_enforcement")
    existing = set(
        User.objects.filter(username__in=list(wanted)).values_list("username", flat=True)
    )
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(username=name, display_name=name, password=unusable)
            for name in wanted
            if name not in existing
        ],
        batch_size=1000,
    )
    users = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "pk"))
    unit_pks = {u.pk for u, _, _ in wanted.values()}
    departments = {
        (d.procuratorate_id, d.kind): d.pk
        for d in Department.objects.filter(procuratorate_id__in=unit_pks)
    }
    kinds = {dept for _, _, dept in wanted.values() if dept}
    names_zh = DEPARTMENT_NAMES_ZH
    missing = [
        Department(procuratorate_id=pk, kind=kind, name_zh=names_zh[kind])
        for pk in unit_pks
        for kind in sorted(kinds)
        if (pk, kind) not in departments
    ]
    for d in Department.objects.bulk_create(missing, batch_size=1000):
        departments[(d.procuratorate_id, d.kind)] = d.pk
    have = set(
        Membership.objects.filter(user_id__in=list(users.values())).values_list(
            "user_id", "procuratorate_id", "role"
        )
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=users[name],
                procuratorate_id=unit.pk,
                role=role,
                department_id=departments[(unit.pk, dept)] if dept else None,
            )
            for name, (unit, role, dept) in wanted.items()
            if (users[name], unit.pk, role) not in have
        ],
        batch_size=1000,
    )
    return f"{len(wanted)} simulated staff in {len(staffs)} procuratorate(s)"


def _advance_counters(numbered: dict[tuple, int]) -> None:
    """The case-number counters after the numbers the simulator gave (so that a case
    registered later gets the next number): read in one query per few hundred units, then
    created or raised in bulk."""
    from procuracy.cases.models import CaseNumberCounter

    units = sorted({unit_pk for unit_pk, _, _ in numbered})
    have: dict[tuple, CaseNumberCounter] = {}
    for i in range(0, len(units), 500):
        for c in CaseNumberCounter.objects.filter(
            procuratorate_id__in=units[i : i + 500], year__in={y for _, _, y in numbered}
        ):
            have[(c.procuratorate_id, c.kind, c.year)] = c
    raised = []
    for key, last in numbered.items():
        counter = have.get(key)
        if counter is not None and counter.last < last:
            counter.last = last
            raised.append(counter)
    CaseNumberCounter.objects.bulk_update(raised, ["last"], batch_size=500)
    CaseNumberCounter.objects.bulk_create(
        [
            CaseNumberCounter(procuratorate_id=unit_pk, kind=kind, year=year, last=last)
            for (unit_pk, kind, year), last in numbered.items()
            if (unit_pk, kind, year) not in have
        ],
        batch_size=500,
    )


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Report:
    years: tuple[int, ...]
    scale: float
    seed: int
    units: int = 0
    chunks: int = 0
    skipped: int = 0
    events: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def _charge_names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The charge recorded at each article: the first defined there that falls in the same
    reported groups as the article (the figures count a group by charge, and an article may
    define others: art. 151 走私武器、弹药罪 beside 走私文物罪), else the first; and, for each
    article, the articles with the same reported groups (so a leaf spreads over them)."""
    from procuracy import charges
    from procuracy.figures import service
    from procuracy.figures.registry import REPORTED_GROUPS

    membership = plan.candidate_articles(service.charge_group_articles(), REPORTED_GROUPS)
    counted = service.charge_groups()
    names: dict[str, str] = {}
    fitting: dict[str, str] = {}
    for c in charges.charges(date(2023, 1, 1)):
        groups = frozenset(g for g in REPORTED_GROUPS if c.name in counted.get(g, ()))
        for art in c.articles:
            names.setdefault(art, c.name)
            if art in membership and groups == membership[art]:
                fitting.setdefault(art, c.name)
        for ref in c.provisions:  # "237(1)": a paragraph's own charge
            if "(" in ref:
                names.setdefault(ref.partition("[")[0], c.name)
    names.update(fitting)
    siblings: dict[str, tuple[str, ...]] = {}
    for art, groups in membership.items():
        same = tuple(sorted(x for x, g in membership.items() if g == groups and x in names))
        siblings[art] = same
    return names, siblings


#: How the simulator makes its ids (``generate.region_uuid_text``). A run resumed with other
#: ids would not find its batches and import them twice: a run records its scheme and is only
#: resumed with the same. Runs recorded without one made random ids (``v4``).
ID_SCHEME = "v8-region"

#: How the simulator names its imports in the audit trail (``cases.import``): the run's seed,
#: scale and id scheme are read back from it (``simulated_runs``).
SOURCE = "simulator seed {seed} scale {scale} ids " + ID_SCHEME
_SOURCE_RE = re.compile(r"from simulator seed (-?\d+) scale ([0-9.e-]+) (?:ids (\S+) )?")


class OtherIds(ValidationFailed):
    """The database holds this seed and scale's run made with other ids (``ID_SCHEME``)."""


def _recorded_runs() -> set[tuple[int, float, str]]:
    """The (seed, scale, id scheme) of every simulation imported into this database."""
    from procuracy.audit.models import AuditEvent

    runs = set()
    for detail in AuditEvent.objects.filter(code="cases.import").values_list("detail", flat=True):
        m = _SOURCE_RE.search(str((detail or {}).get("result", "")))
        if m:
            runs.add((int(m.group(1)), float(m.group(2)), m.group(3) or "v4"))
    return runs


def simulated_runs() -> set[tuple[int, float]]:
    """The (seed, scale) of every simulation imported into this database."""
    return {(seed, scale) for seed, scale, _ids in _recorded_runs()}


def run(
    years: tuple[int, ...],
    scale: float,
    seed: int,
    org: Procuratorate | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    today: date | None = None,
    staff: dict[str, Staff] | None = None,
    workers: int = 1,
) -> Report:
    """Simulate ``years`` at ``scale`` (see the module docstring). ``staff`` names the staff
    of some procuratorates (code → :class:`Staff`, e.g. the demo's personas) instead of
    simulated ones. ``workers`` > 1 splits the procuratorates among that many processes, each
    importing its own (PostgreSQL only: SQLite has one writer at a time)."""
    from django.db import connection
    from django.utils import timezone

    if not 0 < scale <= 1.0:
        raise ValidationFailed("the scale is a number above 0 and at most 1.0", field="scale")
    if workers < 1:
        raise ValidationFailed("a whole number of at least 1", field="workers")
    if workers > 1 and connection.vendor != "postgresql":
        raise ValidationFailed(
            f"{workers} workers need PostgreSQL (DATABASE_URL): {connection.vendor} lets one "
            "process write at a time",
            field="workers",
        )
    today = today or timezone.localdate()
    for year in years:  # the plan's own refusal of a year, before anything else is looked at
        plan.base_values(year)
    if max(years) > today.year:
        raise ValidationFailed(
            f"{max(years)} is after this year ({today.year}): the simulator simulates up to today",
            field="years",
        )
    if not Procuratorate.objects.exists():
        raise ValidationFailed(
            "no procuratorates to simulate: load the tree first (procuracy orgs load)",
            field="org",
        )
    other = sorted(r for r in simulated_runs() if r != (seed, scale))
    if other:
        seeds = ", ".join(f"scale {sc:g} seed {sd}" for sd, sc in other)
        raise ValidationFailed(
            f"this database already holds a simulation at {seeds}: run again with that scale "
            "and seed to resume or extend it, or simulate into an empty database (two flows "
            "would add up in the figures)"
        )
    if any(ids != ID_SCHEME for sd, sc, ids in _recorded_runs() if (sd, sc) == (seed, scale)):
        raise OtherIds(
            f"this database holds a simulation at scale {scale:g} seed {seed} made by an earlier "
            "version, whose ids differ from this version's: it cannot be resumed or extended "
            "(its cases would be imported twice); simulate into an empty database"
        )
    report = Report(years, scale, seed)
    started = time.perf_counter()
    _units, quotas, chosen, staffs = prepare(
        years, scale, seed, org, today, staff, progress, workers
    )
    provision_staff([(u, staffs[u.code]) for _, u in chosen], actor=None)
    report.units = len(chosen)
    report.phases["plan"] = time.perf_counter() - started
    job = _Job(years, scale, seed, quotas, staffs, today, len(chosen) * len(years))
    if workers == 1:
        _flow(job, chosen, report, progress)
    else:
        _flow_in_workers(job, _shards(chosen, quotas, years, workers), report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _below() -> dict[str, list[str]]:
    """The basic procuratorates under each prefectural one (a petition's handover)."""
    below: dict[str, list[str]] = {}
    for code, path in Procuratorate.objects.filter(level=Level.BASIC).values_list("code", "path"):
        below.setdefault(path.strip("/").split("/")[-2], []).append(code)
    return below


#: About the smallest scale whose national flow can be shared among the procuratorates
#: (docs/simulator.md): below it some of the report's counts outnumber the cases that can hold
#: them.
SMALLEST_SCALE = 0.001


def prepare(
    years: tuple[int, ...],
    scale: float,
    seed: int,
    org: Procuratorate | None,
    today: date,
    staff: dict[str, Staff] | None = None,
    progress=None,
    workers: int = 1,
) -> tuple[list[UnitInfo], dict[int, list[dict[str, int]]], list, dict[str, Staff]]:
    """What a run generates from: the procuratorates with their weights, each year's quotas
    per procuratorate (with what :func:`fill_cases_handled` adds), the chosen ones (index,
    procuratorate) and their staff."""
    units = units_with_weights(seed)
    try:
        quotas = {y: unit_quotas(plan.national(y, scale), units, seed, y) for y in years}
    except plan.PlanError as exc:
        raise plan.PlanError(
            f"scale {scale:g} is too small to share the national flow among the procuratorates "
            f"(the smallest that runs is about {SMALLEST_SCALE:g}, docs/simulator.md): {exc}"
        ) from None
    chosen = [
        (i, u)
        for i, u in enumerate(units)
        if (org is None or u.path.startswith(org.path))
        and any(sum(quotas[y][i].values()) for y in years)
    ]
    if not chosen:
        raise ValidationFailed(
            f"at scale {scale:g} {'the procuratorates under ' + org.code if org else 'the nation'}"
            " get no case to simulate: their share of the national flow rounds to none",
            field="scale",
        )
    staffs = {
        u.code: (staff or {}).get(u.code)
        or staff_for(u, max(sum(quotas[y][i].values()) for y in years))
        for i, u in chosen
    }
    fill_cases_handled(quotas, units, chosen, scale, seed, staffs, today, progress, workers)
    return units, quotas, chosen, staffs


def share_review_days(bounds: list[tuple[int, int, int]], mean: float) -> list[int]:
    """Total days since receipt per procuratorate for its decisions concluding a review for
    prosecution, from each one's (decisions, least, most) total: each its own decisions times
    ``mean`` as near as its room allows, then what the totals miss of ``mean`` times all the
    decisions taken up, in order, by those with room left; so the average over all is
    ``mean`` (to the rounding of the total) whenever their rooms together allow it."""
    totals = [min(max(plan._round(mean * n), lo), hi) for n, lo, hi in bounds]
    rest = plan._round(mean * sum(n for n, _, _ in bounds)) - sum(totals)
    for i, (_, lo, hi) in enumerate(bounds):
        if not rest:
            break
        shift = min(rest, hi - totals[i]) if rest > 0 else max(rest, lo - totals[i])
        totals[i] += shift
        rest -= shift
    return totals


#: From this many procuratorates on, the first generation is shared by ``workers`` processes.
PARALLEL_COUNT_FROM = 64
_COUNTING: dict = {}  # what the forked counting processes read (set before they fork)


def _count(year: int, items: list) -> list[tuple[int, int, tuple[int, int, int]]]:
    """(index, cases handled, review bounds) of each (index, procuratorate) in ``items``, from
    one generation of its year's cases."""
    from .generate import UnitYear, cases_handled

    c = _COUNTING
    out = []
    for i, unit in items:
        gen = UnitYear(
            unit, year, c["quotas"][year][i], c["staffs"][unit.code], c["seed"], c["names"],
            c["siblings"], c["today"], c["horizon"], {},
        )  # fmt: skip
        gen.below = tuple(sorted(c["below"].get(unit.code, ())))
        out.append((i, cases_handled(gen.cases()), gen.review_bounds))
    return out


def _count_chunk(args) -> list:
    return _count(*args)


def _counted(year: int, chosen: list, workers: int, progress) -> list:
    """:func:`_count` over ``chosen``, in chunks, by ``workers`` forked processes when there
    are many (they only generate: no database)."""
    from django.db import connection

    chunks = [chosen[k : k + 16] for k in range(0, len(chosen), 16)]
    out: list = []
    if workers > 1 and len(chosen) >= PARALLEL_COUNT_FROM and not connection.in_atomic_block:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_count_chunk, [(year, chunk) for chunk in chunks]):
                out += part
                if progress:
                    progress(f"counting the cases of {year}", len(out), len(chosen))
        return out
    for chunk in chunks:
        out += _count(year, chunk)
        if progress:
            progress(f"counting the cases of {year}", len(out), len(chosen))
    return out


def fill_cases_handled(
    quotas: dict[int, list[dict[str, int]]],
    units: list[UnitInfo],
    chosen: list,
    scale: float,
    seed: int,
    staffs: dict[str, Staff],
    today: date,
    progress=None,
    workers: int = 1,
) -> None:
    """Make up the report's cases handled (``all.cases_handled``, 4.253 million in 2023).

    The national count is shared out over every procuratorate by weight (``plan.spread``).
    The cases of the chosen procuratorates are generated once to count those of the whole
    year (petitions aside; a year simulated up to today stops them, and the fill alike,
    later; ``workers`` processes share the generation of many); what they fall short of
    their shares by is shared out over them by weight as reviews of the necessity of
    detention that find it still necessary (quota ``generate.CASES_HANDLED_FILL``, generated
    after every other case, so the other cases stay as counted). Simulating the whole tree,
    the year's count is then the report's exactly; a subtree whose lines already exceed its
    share gets none.

    The same generation gives each procuratorate's decisions concluding a review for
    prosecution and how far their days since receipt can be moved: their totals are shared
    so that the average over the chosen procuratorates is the plan's
    (:func:`share_review_days`; quota ``generate.REVIEW_DAYS``)."""
    from procuracy.law.management.store import site_calendar

    from .generate import CASES_HANDLED_FILL, REVIEW_DAYS

    names, siblings = _charge_names()
    _COUNTING.clear()
    _COUNTING.update(
        quotas=quotas, staffs=staffs, seed=seed, names=names, siblings=siblings, today=today,
        horizon=date(max(site_calendar().years), 12, 31), below=_below(),
    )  # fmt: skip
    weights = [u.weight for u in units]
    try:
        for year, year_quotas in quotas.items():
            shares = plan.spread(
                plan.cases_handled(year, scale), weights, random.Random(f"{seed}:{year}:handled")
            )
            counted = sorted(_counted(year, chosen, workers, progress))
            made = sum(n for _, n, _ in counted)
            bounds = [b for _, _, b in counted]
            for (i, _, _), total in zip(
                counted, share_review_days(bounds, plan.review_days(year)), strict=True
            ):
                year_quotas[i][REVIEW_DAYS] = total
            short = sum(shares[i] for i, _ in chosen) - made
            if short <= 0:
                continue
            rng = random.Random(f"{seed}:{year}:{CASES_HANDLED_FILL}")
            fill = plan.spread(short, [units[i].weight for i, _ in chosen], rng)
            for (i, _), n in zip(chosen, fill, strict=True):
                year_quotas[i][CASES_HANDLED_FILL] = n
    finally:
        _COUNTING.clear()


@dataclass
class _Job:
    years: tuple[int, ...]
    scale: float
    seed: int
    quotas: dict[int, list[dict[str, int]]]
    staffs: dict[str, Staff]
    today: date
    total: int  # procuratorate-years in the whole run


def _shards(chosen: list, quotas: dict, years: tuple[int, ...], n: int) -> list[list]:
    """The procuratorates split into ``n`` shards of about the same number of cases, each
    shard in the tree's order."""
    from procuracy.core.shards import balanced

    return balanced(chosen, lambda c: sum(quota_size(quotas[y][c[0]]) for y in years), n)


def quota_size(q: dict[str, int]) -> int:
    """A procuratorate-year's load: its counts of things, not the days or yuan they add up
    to."""
    from .generate import REVIEW_DAYS

    return sum(v for k, v in q.items() if k != REVIEW_DAYS and not k.startswith("amount."))


def _flow(job: _Job, chosen: list, report: Report, progress, done: int = 0) -> None:
    """Generate and import the case flow of ``chosen``, year by year, in batches."""
    from django.db import transaction

    from procuracy.cases import interchange
    from procuracy.cases.models import Case, CaseNumberCounter
    from procuracy.law.management.store import site_calendar

    names, siblings = _charge_names()
    horizon = date(max(site_calendar().years), 12, 31)
    years, seed, scale, quotas, staffs = job.years, job.seed, job.scale, job.quotas, job.staffs
    batch: list[dict] = []
    labels: list[str] = []
    counters = {
        (c.procuratorate_id, c.kind, c.year): c.last
        for c in CaseNumberCounter.objects.filter(
            year__in=years, procuratorate_id__in=[u.pk for _, u in chosen]
        )
    }
    numbered: dict[tuple, int] = {}  # the batch's last numbers, for the counters
    analysed = [0]  # events imported since the planner's statistics were refreshed

    def flush() -> None:
        if not batch:
            return
        if Case.objects.filter(pk=batch[0]["case"]["id"]).exists():
            report.skipped += len(labels)
        else:
            t0 = time.perf_counter()
            with transaction.atomic():
                result = interchange.import_lines(
                    None,
                    objects=batch,
                    source=f"{SOURCE.format(seed=seed, scale=scale)} {labels[0]}…",
                )
                if result.ok:
                    _advance_counters(numbered)
            report.phases["import"] = report.phases.get("import", 0) + time.perf_counter() - t0
            if not result.ok:
                first = result.rejected[:3]
                raise SimulationError(
                    f"simulator: {labels[0]}…{labels[-1]}: {len(result.rejected)} line(s) "
                    f"rejected, e.g. {'; '.join(map(str, first))}"
                )
            report.chunks += len(labels)
            report.events += result.imported
            analysed[0] += result.imported
            if analysed[0] >= ANALYSE_EVERY:
                _analyse()
                analysed[0] = 0
        if progress:
            progress(labels[-1], done, job.total)
        batch.clear()
        labels.clear()
        numbered.clear()

    below = _below()
    by_unit_year: dict[tuple, list] = {}  # the counters read above, by (unit, year)
    for (pk, kind, y), n in counters.items():
        by_unit_year.setdefault((pk, y), []).append((kind, n))
    for year in years:
        last_day = job.today  # (the generator also stops before the holiday schedule ends)
        for i, unit in chosen:
            done += 1
            known = dict(by_unit_year.get((unit.pk, year), ()))
            gen = UnitYear(
                unit, year, quotas[year][i], staffs[unit.code], seed, names, siblings, last_day,
                horizon, known,
            )  # fmt: skip
            gen.below = tuple(sorted(below.get(unit.code, ())))
            t0 = time.perf_counter()
            lines = gen.lines()
            for kind, last in gen.numbers.items():
                numbered[(unit.pk, kind, year)] = counters[(unit.pk, kind, year)] = last
            report.phases["generate"] = report.phases.get("generate", 0) + time.perf_counter() - t0
            if lines:
                batch.extend(lines)
                labels.append(f"{unit.code} {year}")
            if len(batch) >= BATCH_LINES:
                flush()
        flush()


#: On PostgreSQL, the planner's statistics of the tables the import looks up are refreshed
#: after this many events: autovacuum may fall behind a bulk load, and with statistics from an
#: almost empty table the lookup of persons by identity number becomes a sequential scan (seen
#: at scale 1.0: the run slowed from 7,700 to 2,200 events/s until ``ANALYZE``).
ANALYSE_EVERY = 1_000_000


def _analyse() -> None:
    from django.db import connection

    from procuracy.cases.models import Case, CasePerson
    from procuracy.parties.models import Person

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in (Person, Case, CasePerson)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _worker(job: _Job, shard: list, queue, number: int) -> None:
    """One process of :func:`_flow_in_workers`: its shard's flow, its progress and its
    report (or its error) sent back on ``queue``."""
    from django.db import connections

    report = Report(job.years, job.scale, job.seed)
    sent = [0]

    def progress(label: str, done: int, total: int) -> None:
        queue.put(("progress", number, (label, done - sent[0])))
        sent[0] = done

    try:
        _flow(job, shard, report, progress)
    except Exception as exc:  # reported by the parent, which fails the run
        queue.put(("error", number, f"{type(exc).__name__}: {exc}"))
    else:
        queue.put(("done", number, (report.chunks, report.skipped, report.events, report.phases)))
    finally:
        connections.close_all()


def _flow_in_workers(job: _Job, shards: list[list], report: Report, progress) -> None:
    """:func:`_flow` for each shard in a process of its own (forked: the parent's database
    connections are closed first, each child opens its own). Each shard's procuratorates
    have their own chains, counters and persons, so the processes never write the same row."""
    import multiprocessing
    import queue as queue_module

    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(job, shard, queue, n)) for n, shard in enumerate(shards)
    ]
    for proc in procs:
        proc.start()
    running, done, errors = set(range(len(procs))), 0, []
    while running:
        try:
            kind, number, value = queue.get(timeout=5)
        except queue_module.Empty:
            for n in sorted(running):  # a worker that died without a word (killed, out of memory)
                if not procs[n].is_alive() and queue.empty():
                    errors.append(f"worker {n + 1} ended with exit code {procs[n].exitcode}")
                    running.discard(n)
            continue
        if kind == "progress":
            label, step = value
            done += step
            if progress:
                progress(label, done, job.total)
        elif kind == "error":
            errors.append(f"worker {number + 1}: {value}")
            running.discard(number)
        else:
            chunks, skipped, events, phases = value
            report.chunks += chunks
            report.skipped += skipped
            report.events += events
            for name, seconds in phases.items():  # CPU seconds, summed over the workers
                report.phases[name] = report.phases.get(name, 0) + seconds
            running.discard(number)
    for proc in procs:
        proc.join()
    if errors:
        raise SimulationError("; ".join(errors))
