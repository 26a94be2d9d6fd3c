"""What the simulator must produce: national quotas per year, and their share per procuratorate.

The quotas come from the 2023 work report's figures (``figures/data/report-2023.yaml``): a
figure printed for 2023 is the 2023 quota at scale 1.0, and its year-on-year change gives the
2022 quota (2023 value ÷ (1 + change)). Where the report gives no change, or the flow needs a
volume the report does not print (how many arrest reviews were reconsidered, how many people
were tried), the assumption is declared below in ``ASSUMPTIONS`` with its reason. Rates are
kept as rates: a quota that is a share of another is rounded from that other quota, so the
rates hold at every scale. Pure Python, no database.
"""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from procuracy.figures import report_data

#: The figures of the report the simulator is calibrated on, by registry figure id. Each is
#: either printed for 2023 with a year-on-year change (2022 follows), or only for 2023 (2022
#: follows from ``DEFAULT_GROWTH``).
DEFAULT_GROWTH = Fraction(1173, 1000)  # people prosecuted, up 17.3% (the report's main trend)


@dataclass(frozen=True)
class Assumption:
    value: float
    reason: str


#: Volumes and shares the report does not print, declared (docs/simulator.md).
ASSUMPTIONS = {
    "arrest.reconsideration_share": Assumption(
        0.02, "share of no-crime/insufficient-evidence non-arrests the police ask to reconsider"
    ),
    "arrest.reconsideration_changed": Assumption(0.25, "reconsiderations changed to arrest"),
    "arrest.reexamination_share": Assumption(
        0.2, "share of maintained reconsiderations taken to the next level"
    ),
    "arrest.reexamination_changed": Assumption(0.2, "next-level reviews changed to arrest"),
    "arrest.no_crime_share": Assumption(
        0.3, "share of no crime among 'no crime or insufficient evidence' non-arrests"
    ),
    "arrest.persons_per_case": Assumption(1.3, "suspects per arrest-review case"),
    "prosecution.persons_per_case": Assumption(1.3, "suspects per review-for-prosecution case"),
    "duty.persons_per_case": Assumption(1.15, "suspects per supervision-commission case"),
    "duty.measure_arrested": Assumption(0.7, "commission detainees the procuratorate arrests"),
    "prosecution.statutory_share": Assumption(
        0.35, "share of statutory non-prosecution among 'statutory or insufficient evidence'"
    ),
    "prosecution.plea_rate": Assumption(
        0.9052, "share of concluded persons who admitted guilt (the report: more than 90%)"
    ),
    "prosecution.plea_rate_not_prosecuted": Assumption(
        0.9, "share of the people not prosecuted who admitted guilt"
    ),
    "trial.plea_accepted": Assumption(0.968, "the report's 96.8%"),
    "trial.no_plea_accepted": Assumption(0.608, "96.8% less the report's 36 percentage points"),
    "protest.change_rate_2022": Assumption(
        0.736, "the report's 79.9% less its rise of 6.3 points over 2022"
    ),
    "protest.remanded_share": Assumption(0.2, "remands among protests ending in a change"),
    "filing.ordered_to_file_share": Assumption(
        0.72, "orders to file among orders to file or to withdraw"
    ),
    "detention.accepted_share": Assumption(0.92, "suggestions to release the police accepted"),
    "detention.continued_share": Assumption(
        0.5, "reviews finding detention necessary, per suggestion made"
    ),
    "prosecution.extended_share": Assumption(0.04, "review periods extended by 15 days"),
    "prosecution.returned_share": Assumption(
        0.06, "police cases returned for supplementary investigation"
    ),
    "prosecution.fast_track_share": Assumption(
        0.3, "all-plea police cases given the fast-track period"
    ),
    "timing.late_share": Assumption(0.02, "decisions recorded after their deadline"),
    "pil.no_reply_share": Assumption(
        0.3, "organs that did not reply at all, among those that did not rectify"
    ),
    "pil.administrative_sued_share": Assumption(
        0.9, "organs sued among those that did not rectify after the suggestion"
    ),
    "pil.organisation_sued_share": Assumption(
        0.05, "civil cases announced in which an entitled organisation sued, per action brought"
    ),
    "pil.withdrawn_share": Assumption(
        0.05, "actions withdrawn once every claim was met (PIL Interpretation arts. 19, 24)"
    ),
    "pil.urgent_share": Assumption(0.1, "pre-litigation suggestions with the 15-day period"),
    "pil.not_filed_share": Assumption(0.05, "leads not filed, per case filed"),
    "supervision.protest_share": Assumption(
        0.3, "protests (by prefectural procuratorates) among protests and retrial suggestions"
    ),
    "supervision.not_adopted_share": Assumption(
        0.3, "retrial suggestions the court did not take up, among those not concluded"
    ),
    "supervision.terminated_ratio": Assumption(
        0.2, "reviews terminated, per application not supported"
    ),
    "supervision.enforcement_share": Assumption(
        0.6, "conduct suggestions on enforcement, among those on trial and enforcement"
    ),
    "supervision.conduct_adopted_share": Assumption(0.95, "conduct suggestions the court adopted"),
    "administrative.not_supported_ratio": Assumption(
        3.9,
        "administrative applications not supported per protest or retrial suggestion, as in "
        "the civil line (55,000 to 14,000)",
    ),
    "administrative.agency_adopted_share": Assumption(
        0.9, "suggestions to administrative organs they adopted"
    ),
    "petitions.referred_share": Assumption(
        0.2, "petitions referred to the competent organ, ending with the procedural answer"
    ),
    "petitions.progress_share": Assumption(
        0.2, "petitions answered with their progress before their result"
    ),
    "petitions.against_own_share": Assumption(
        0.1, "petitions against the procuratorate's own decisions, in 2023"
    ),
    "hearings.petition_share": Assumption(
        0.3, "hearings held on petitions; the others in civil and administrative supervision"
    ),
    "relief.other_persons": Assumption(
        10_000, "people given judicial relief outside the groups the report counts"
    ),
    "enforcement.commutation_cases": Assumption(
        60_000,
        "supervision cases of commutation, parole and temporary service received in 2023 (the "
        "report prints only their rise of 25.2%)",
    ),
    "enforcement.opinions_adopted_share": Assumption(
        0.8, "opinions against commutation, parole or temporary service that were adopted"
    ),
    "enforcement.property_opinions_per_case": Assumption(
        1.2, "corrective opinions per property-penalty case"
    ),
    "enforcement.property_enforced_share": Assumption(
        0.5, "property-penalty cases in which money was enforced after the opinions"
    ),
    "compensation.cases": Assumption(
        2_000,
        "criminal compensation cases received in 2023 (the report prints only their fall of 30.5%)",
    ),
    "compensation.granted_share": Assumption(0.4, "compensation claims granted"),
    "prosecution.review_days": Assumption(
        15.0,
        "average days from receipt to each decision concluding a review for prosecution in "
        "2023 (the report prints only its fall of 4.8 days)",
    ),
    "trial.post_arrest_acquitted_or_exempt": Assumption(
        3_000,
        "people under arrest when prosecuted whom the court acquitted or exempted from "
        "punishment in 2023 (the report prints only their fall of 24.8%)",
    ),
}


def a(name: str) -> float:
    return ASSUMPTIONS[name].value


# The report's figures the plan reads, by registry figure id.
REPORTED = (
    "criminal.arrested", "criminal.prosecuted", "criminal.not_arrested_no_necessity",
    "criminal.not_arrested_no_crime_or_evidence", "criminal.not_prosecuted_discretionary",
    "criminal.not_prosecuted_statutory_or_evidence", "criminal.detention_changed",
    "duty.transferred", "duty.prosecuted", "duty.early_involvement_share",
    "duty.self_supplementary", "duty.returned", "duty.prosecuted.bribe_giving",
    "criminal.justified_defence", "criminal.cases_foreign", "juvenile.conditional_non_prosecution",
    "juvenile.prosecuted", "criminal.filing_supervised", "criminal.additional_arrests",
    "criminal.additional_prosecutions", "criminal.protests_filed", "criminal.protests_concluded",
    "criminal.protest_change_rate", "criminal.prosecuted.organized_crime",
    "criminal.prosecuted.internet", "criminal.prosecuted.telecom_fraud",
    "criminal.prosecuted.online_gambling", "criminal.prosecuted.against_minors",
    "criminal.prosecuted.against_women", "criminal.prosecuted.domestic_violence",
)  # fmt: skip
#: People prosecuted in cases with a case-level flag (cases/flags.py), taken from the people
#: prosecuted outside the charge groups, in this order (quota key, registry figure).
FLAGGED = (
    ("flag.online_gambling", "criminal.prosecuted.online_gambling"),
    ("flag.gang_evil", "criminal.prosecuted.organized_crime"),
    ("flag.rural_clan_gang", "criminal.prosecuted.rural_clan_gang"),
    ("flag.delivery_contraband", "criminal.prosecuted.delivery_contraband"),
    ("flag.medical_staff_victim", "criminal.prosecuted.against_medical_staff"),
    ("flag.minor_victim", "criminal.prosecuted.against_minors"),
    ("flag.female_victim", "criminal.prosecuted.against_women"),
    ("flag.domestic_violence", "criminal.prosecuted.domestic_violence"),
)
GROUP_PREFIX = "criminal.prosecuted."


class PlanError(ValueError):
    """The report's figures cannot be met by the flow (a quota would be negative)."""


def reported_2023() -> dict[str, tuple[float, float | None]]:
    """Registry figure id → (2023 value as printed, year-on-year change in % or None)."""
    out: dict[str, tuple[float, float | None]] = {}
    for e in report_data.entries():
        if e.figure and e.unit == "times" and e.figure in out:  # "2.7 times" the year before
            out[e.figure] = (out[e.figure][0], (e.value - 1) * 100)
        if not e.figure or e.unit in ("percentage-points", "times") or e.figure in out:
            continue
        if e.change and e.unit == "percent" and e.figure in reported_changes():
            continue  # a count printed only as its change: the plan declares the count
        value = e.value / 100 if e.unit == "percent" else e.value
        out[e.figure] = (value, e.yoy)
    return out


@cache
def reported_changes() -> dict[str, float]:
    """Registry figure id → year-on-year change in %, for counts the report prints only as
    their change ("decreased by 7.9%")."""
    from procuracy.figures.registry import all_figures

    figures = all_figures()
    return {
        e.figure: e.yoy
        for e in report_data.entries()
        if e.figure and e.change and e.unit == "percent" and figures[e.figure].count != "ratio"
    }


def base_values(year: int) -> dict[str, float]:
    """The reported figures for ``year`` at scale 1.0: 2023's as printed, 2022's from the
    printed changes; other years (a demo of the current year) take 2023's."""
    if year < 2000:
        raise PlanError(f"the simulator starts in 2000, not {year}")
    # Calibrated on 2022 and 2023; any other year repeats 2023's volumes and rates.
    out = {}
    for fid, (value, yoy) in reported_2023().items():
        if year != 2022 or fid.endswith(("_share", "_rate")):
            out[fid] = value
        elif yoy is not None:
            out[fid] = value / (1 + yoy / 100)
        else:
            out[fid] = value / float(DEFAULT_GROWTH)
    if year == 2022:
        out["criminal.protest_change_rate"] = a("protest.change_rate_2022")
    return out


def _round(x: float) -> int:
    return math.floor(x + 0.5)


def review_days(year: int) -> float:
    """The average days from receipt to a decision concluding a review for prosecution: the
    declared 2023 average, 4.8 days more in 2022 (the report's fall); other years 2023's."""
    days = a("prosecution.review_days")
    if year == 2022:
        entry = next(e for e in report_data.entries() if e.figure == "quality.review_days_average")
        days += entry.value if entry.change == "down" else -entry.value
    return days


def cases_handled(year: int, scale: float) -> int:
    """The report's cases handled in every line (``all.cases_handled``) for ``year`` at
    ``scale``: 4.253 million in 2023, 28.9% more than in 2022."""
    return _round(base_values(year)["all.cases_handled"] * scale)


def group_leaves(targets: dict[str, int], membership: dict[str, frozenset[str]]) -> dict[str, int]:
    """People prosecuted per article so that each charge group's count is its target.

    ``membership`` maps candidate articles to the reported groups they belong to. Groups are
    met from the most specific (fewest articles): each gets an article of its own whose other
    groups are all met later, carrying what the articles already chosen do not cover. Raises
    :class:`PlanError` if a group's target is below what its subgroups already count.
    """
    size = {g: sum(g in groups for groups in membership.values()) for g in targets}
    order = sorted(targets, key=lambda g: (size[g], targets[g], g))  # subgroups first
    done: set[str] = set()
    leaves: dict[str, int] = {}
    for g in order:
        covered = sum(n for art, n in leaves.items() if g in membership[art])
        rest = targets[g] - covered
        if rest < 0:
            raise PlanError(f"charge group {g}: its subgroups already count {covered}")
        candidates = [
            art
            for art, groups in membership.items()
            if g in groups and not (groups - {g}) & done and art not in leaves
        ]
        if not candidates:
            raise PlanError(f"charge group {g}: no article belongs to it alone")
        # the article in the fewest other groups, then the first in article order
        best = min(candidates, key=lambda art: (len(membership[art]), _article_key(art)))
        leaves[best] = rest
        done.add(g)
    for g, target in targets.items():
        got = sum(n for art, n in leaves.items() if g in membership[art])
        if got != target:
            raise PlanError(f"charge group {g}: its subgroups already count {got}, not {target}")
    return leaves


def _article_key(article: str) -> tuple[int, int]:
    main, _, sub = article.partition("-")
    return int(main), int(sub or 0)


def national(year: int, scale: float) -> dict[str, int]:
    """The national quotas of ``year`` at ``scale``: persons, cases or events per kind of
    decision, as the generator uses them."""
    from procuracy.figures import service
    from procuracy.figures.registry import REPORTED_GROUPS

    v = base_values(year)

    def n(x: float) -> int:
        return _round(x * scale)

    q: dict[str, int] = {}
    # --- review for arrest
    no_crime_or_evidence = n(v["criminal.not_arrested_no_crime_or_evidence"])
    q["arrest.no_crime"] = _round(no_crime_or_evidence * a("arrest.no_crime_share"))
    q["arrest.insufficient_evidence"] = no_crime_or_evidence - q["arrest.no_crime"]
    q["arrest.no_necessity"] = n(v["criminal.not_arrested_no_necessity"])
    q["arrest.reconsidered"] = _round(no_crime_or_evidence * a("arrest.reconsideration_share"))
    q["arrest.reconsideration_changed"] = _round(
        q["arrest.reconsidered"] * a("arrest.reconsideration_changed")
    )
    maintained = q["arrest.reconsidered"] - q["arrest.reconsideration_changed"]
    q["arrest.reexamined"] = _round(maintained * a("arrest.reexamination_share"))
    q["arrest.reexamination_changed"] = _round(
        q["arrest.reexamined"] * a("arrest.reexamination_changed")
    )
    # --- supervision-commission (duty-crime) cases
    q["duty.received"] = n(v["duty.transferred"])
    q["duty.prosecuted"] = n(v["duty.prosecuted"])
    q["duty.bribe_giving"] = n(v["duty.prosecuted.bribe_giving"])
    q["duty.provincial"] = n(v["duty.prosecuted.provincial_ministerial"])
    if q["duty.prosecuted"] > q["duty.received"] or q["duty.bribe_giving"] > q["duty.prosecuted"]:
        raise PlanError(
            "duty crimes: prosecuted exceeds received, or bribe-giving exceeds prosecuted"
        )
    # duty crimes in the financial and medical sectors: single-person cases of their own
    q["duty.financial"] = n(v["duty.prosecuted.financial_sector"])
    q["duty.medical"] = n(v["duty.prosecuted.medical_sector"])
    if q["duty.financial"] + q["duty.medical"] > q["duty.prosecuted"]:
        raise PlanError("duty crimes of the financial and medical sectors exceed the prosecuted")
    q["duty.cases"] = max(
        _round(q["duty.received"] / a("duty.persons_per_case")), min(1, q["duty.received"])
    )
    q["duty.early_involvement"] = _round(q["duty.cases"] * v["duty.early_involvement_share"])
    q["duty.self_supplementary"] = min(n(v["duty.self_supplementary"]), q["duty.cases"])
    q["duty.returned"] = min(n(v["duty.returned"]), q["duty.cases"])
    q["duty.measure_arrested"] = _round(q["duty.received"] * a("duty.measure_arrested"))
    q["arrest.approved"] = (
        n(v["criminal.arrested"])
        - q["arrest.reconsideration_changed"]
        - q["arrest.reexamination_changed"]
        - q["duty.measure_arrested"]
    )
    q["arrest.additional"] = n(v["criminal.additional_arrests"])
    if q["arrest.additional"] > q["arrest.approved"]:
        raise PlanError("additional arrests exceed arrests approved")
    # --- review for prosecution: people prosecuted, by charge group
    prosecuted = n(v["criminal.prosecuted"])
    groups = service.charge_group_articles()
    targets = {g: n(v[GROUP_PREFIX + g.replace("-", "_")]) for g in REPORTED_GROUPS}
    leaves = group_leaves(targets, candidate_articles(groups, REPORTED_GROUPS))
    for art, count in leaves.items():
        q[f"charge.{art}"] = count
    q["prosecuted.other"] = prosecuted - q["duty.prosecuted"] - sum(leaves.values())
    q["prosecuted.additional"] = n(v["criminal.additional_prosecutions"])
    # case-level flags: telecom fraud among the theft-fraud-drugs leaf; every person
    # prosecuted for assisting information network crimes, telecom fraud and online gambling
    # in an internet case, and the rest of the internet cases from the other people
    q["flag.telecom_fraud"] = n(v["criminal.prosecuted.telecom_fraud"])
    if q["flag.telecom_fraud"] > q[theft_leaf()]:
        raise PlanError("telecom fraud exceeds the theft, fraud and drugs prosecuted")
    for key, fid in FLAGGED:
        q[key] = n(v[fid])
    # the rural clan forces' cases are gang cases too: the rest of the gang cases carry
    # the gang flag alone
    q["flag.gang_evil"] -= q["flag.rural_clan_gang"]
    if q["flag.gang_evil"] < 0:
        raise PlanError("rural clan forces exceed the gang and organized crimes prosecuted")
    q["flag.internet_other"] = (
        n(v["criminal.prosecuted.internet"]) - q["flag.telecom_fraud"]
        - q["flag.online_gambling"] - q.get("charge.287-2", 0)
    )  # fmt: skip
    carved = sum(q[k] for k, _ in FLAGGED) + q["flag.internet_other"]
    if q["flag.internet_other"] < 0 or carved > q["prosecuted.other"] - q["prosecuted.additional"]:
        raise PlanError("the internet and other flagged cases do not fit the people prosecuted")
    q["prosecuted.minor"] = n(v["juvenile.prosecuted"])
    q["prosecuted.foreign_cases"] = n(v["criminal.cases_foreign"])
    free = q["prosecuted.other"] - q["prosecuted.additional"] - carved
    if free < q["prosecuted.foreign_cases"] + q["prosecuted.minor"]:
        raise PlanError("too few people prosecuted outside the charge groups and flags")
    # --- not prosecuted
    statutory_or_evidence = n(v["criminal.not_prosecuted_statutory_or_evidence"])
    q["not_prosecuted.statutory"] = _round(statutory_or_evidence * a("prosecution.statutory_share"))
    q["not_prosecuted.insufficient_evidence"] = (
        statutory_or_evidence - q["not_prosecuted.statutory"]
    )
    q["justified_defence"] = min(n(v["criminal.justified_defence"]), q["not_prosecuted.statutory"])
    q["not_prosecuted.discretionary"] = n(v["criminal.not_prosecuted_discretionary"])
    # referred with a procuratorial opinion (CPL art. 177 ¶3): taken from the discretionary
    q["not_prosecuted.referred"] = n(v["criminal.not_prosecuted_referred"])
    if q["not_prosecuted.referred"] > q["not_prosecuted.discretionary"]:
        raise PlanError("more people referred than not prosecuted on discretion")
    q["duty.not_prosecuted"] = q["duty.received"] - q["duty.prosecuted"]
    if q["duty.not_prosecuted"] > q["not_prosecuted.discretionary"]:
        raise PlanError("duty-crime suspects not prosecuted exceed discretionary non-prosecution")
    q["conditional"] = n(v["juvenile.conditional_non_prosecution"])
    # --- guilty pleas: a share of everyone concluded
    not_prosecuted = statutory_or_evidence + q["not_prosecuted.discretionary"] + q["conditional"]
    concluded = prosecuted + not_prosecuted
    plea = _round(concluded * a("prosecution.plea_rate"))
    q["plea.not_prosecuted"] = min(
        _round(not_prosecuted * a("prosecution.plea_rate_not_prosecuted")), plea
    )
    q["plea.prosecuted"] = plea - q["plea.not_prosecuted"]
    if q["plea.prosecuted"] > prosecuted:
        raise PlanError("more guilty pleas than people prosecuted")
    # --- first-instance judgments (everyone prosecuted is tried in the year) and protests
    q["trial.plea_accepted"] = _round(q["plea.prosecuted"] * a("trial.plea_accepted"))
    q["trial.no_plea_accepted"] = _round(
        (prosecuted - q["plea.prosecuted"]) * a("trial.no_plea_accepted")
    )
    q["protest.filed"] = n(v["criminal.protests_filed"])
    q["protest.decided"] = min(n(v["criminal.protests_concluded"]), q["protest.filed"])
    changed = _round(q["protest.decided"] * v["criminal.protest_change_rate"])
    q["protest.remanded"] = _round(changed * a("protest.remanded_share"))
    q["protest.changed"] = changed - q["protest.remanded"]
    not_accepted = prosecuted - q["trial.plea_accepted"] - q["trial.no_plea_accepted"]
    if q["protest.filed"] > not_accepted:
        raise PlanError("more protests than judgments the parties did not accept")
    # --- supervision of case filing, review of the necessity of detention
    filing = n(v["criminal.filing_supervised"])
    q["filing.ordered_to_file"] = _round(filing * a("filing.ordered_to_file_share"))
    q["filing.ordered_to_withdraw"] = filing - q["filing.ordered_to_file"]
    q["detention.accepted"] = n(v["criminal.detention_changed"])
    suggested = _round(q["detention.accepted"] / a("detention.accepted_share"))
    q["detention.not_accepted"] = suggested - q["detention.accepted"]
    q["detention.continued"] = _round(suggested * a("detention.continued_share"))
    _public_interest(q, v, n)
    _litigation_supervision(q, v, n)
    _complaints(q, v, n, year)
    _extras(q, v, n)
    _acquittals(q, n, year)
    _enforcement(q, v, n, year)
    _investigation(q, v, n, year)
    negative = [k for k, x in q.items() if x < 0]
    if negative:
        raise PlanError(f"negative quotas: {', '.join(negative)}")
    return q


#: The fields of public interest litigation the report counts, with their registry figures;
#: the other fields (cases/pil.py) take the rest of the cases filed.
PIL_FIELDS = (
    "environment_resources", "food_drug_safety", "production_safety", "land_protection",
    "internet", "cultural_heritage", "accessibility", "womens_rights", "military",
    "heroes_martyrs", "intellectual_property",
)  # fmt: skip


def _public_interest(q: dict[str, int], v: dict[str, float], n) -> None:
    """Quotas of public interest litigation: cases filed per field, administrative and civil,
    suggestions and their replies, actions and their outcomes (docs/simulator.md)."""
    filed = n(v["pil.cases_filed"])
    for field in PIL_FIELDS:
        q[f"pil.field.{field}"] = n(v[f"pil.cases_filed.{field}"])
    q["pil.field.other"] = filed - sum(q[f"pil.field.{f}"] for f in PIL_FIELDS)
    if q["pil.field.other"] < 0:
        raise PlanError("the fields' public interest cases exceed the cases filed")
    q["pil.ship_pollution"] = n(v["pil.cases_filed.ship_pollution"])
    if q["pil.ship_pollution"] > q["pil.field.environment_resources"]:
        raise PlanError("more ship-pollution cases than environment and resources cases")
    q["pil.civil"] = filed - n(v["pil.administrative_cases_filed"])
    q["pil.suggestions"] = n(v["pil.pre_litigation_suggestions"])
    if q["pil.civil"] < 0 or q["pil.suggestions"] > filed - q["pil.civil"]:
        raise PlanError("more suggestions than administrative public interest cases")
    rectified = _round(q["pil.suggestions"] * v["pil.rectification_rate"])
    q["pil.not_rectified"] = q["pil.suggestions"] - rectified
    q["pil.no_reply"] = _round(q["pil.not_rectified"] * a("pil.no_reply_share"))
    q["pil.administrative_sued"] = _round(
        q["pil.not_rectified"] * a("pil.administrative_sued_share")
    )
    q["pil.civil_sued"] = n(v["pil.lawsuits_filed"]) - q["pil.administrative_sued"]
    if not 0 <= q["pil.civil_sued"] <= q["pil.civil"]:
        raise PlanError("the civil actions do not fit the civil public interest cases")
    q["pil.organisation_sued"] = min(
        _round(q["pil.civil_sued"] * a("pil.organisation_sued_share")),
        q["pil.civil"] - q["pil.civil_sued"],
    )
    sued = q["pil.administrative_sued"] + q["pil.civil_sued"]
    q["pil.withdrawn"] = _round(sued * a("pil.withdrawn_share"))
    q["pil.rejected"] = _round((sued - q["pil.withdrawn"]) * (1 - v["pil.lawsuit_support_rate"]))
    q["pil.urgent"] = _round(q["pil.suggestions"] * a("pil.urgent_share"))
    q["pil.not_filed"] = _round(filed * a("pil.not_filed_share"))


def _litigation_supervision(q: dict[str, int], v: dict[str, float], n) -> None:
    """Quotas of civil and administrative litigation supervision: protests (by prefectural
    procuratorates, and the SPP's own) and retrial suggestions with the courts' outcomes,
    applications not supported or terminated, conduct suggestions and replies, support for
    civil actions, suggestions to administrative organs, disputes resolved, and the cases on
    intellectual property and false litigation (docs/simulator.md)."""
    q["civil.spp_protests"] = n(v["civil.protests_filed_by_spp"])
    for line in ("civil", "administrative"):
        made = n(v[f"{line}.protests_and_retrial_suggestions"])
        spp = q.get(f"{line}.spp_protests", 0)
        protests = _round(made * a("supervision.protest_share"))
        q[f"{line}.protests"] = protests - spp
        q[f"{line}.retrial_suggestions"] = made - protests
        q[f"{line}.concluded"] = n(v[f"{line}.protests_concluded"])
        if q[f"{line}.protests"] < 0 or q[f"{line}.concluded"] > made:
            raise PlanError(f"{line}: more protests or outcomes than protests and suggestions")
        q[f"{line}.changed"] = n(v[f"{line}.protests_changed"])
        if q[f"{line}.changed"] > q[f"{line}.concluded"]:
            raise PlanError(f"{line}: more protests changed than concluded")
        q[f"{line}.not_adopted"] = _round(
            (made - q[f"{line}.concluded"]) * a("supervision.not_adopted_share")
        )
        q[f"{line}.conduct"] = n(v[f"{line}.conduct_suggestions"])
        q[f"{line}.conduct_enforcement"] = _round(
            q[f"{line}.conduct"] * a("supervision.enforcement_share")
        )
        q[f"{line}.conduct_adopted"] = _round(
            q[f"{line}.conduct"] * a("supervision.conduct_adopted_share")
        )
    q["civil.not_supported"] = n(v["civil.applications_not_supported"])
    q["administrative.not_supported"] = _round(
        (q["administrative.protests"] + q["administrative.retrial_suggestions"])
        * a("administrative.not_supported_ratio")
    )
    for line in ("civil", "administrative"):
        q[f"{line}.terminated"] = _round(
            q[f"{line}.not_supported"] * a("supervision.terminated_ratio")
        )
    q["civil.support"] = n(v["civil.support_prosecution"])
    q["civil.false_litigation"] = n(v["civil.false_litigation_corrected"])
    if q["civil.false_litigation"] > q["civil.changed"] + q["civil.conduct_adopted"]:
        raise PlanError("more false litigation corrected than changes and adopted suggestions")
    q["supervision.ip"] = n(v["civil.ip_supervision_cases"])
    q["administrative.illegal_act"] = n(v["administrative.illegal_act_suggestions"])
    q["administrative.drug_rehabilitation"] = n(v["administrative.drug_rehabilitation_suggestions"])
    q["administrative.agency_adopted"] = _round(
        (q["administrative.illegal_act"] + q["administrative.drug_rehabilitation"])
        * a("administrative.agency_adopted_share")
    )
    q["administrative.disputes"] = n(v["administrative.disputes_resolved"])
    q["administrative.disputes_long"] = n(v["administrative.disputes_resolved_long"])


def _complaints(q: dict[str, int], v: dict[str, float], n, year: int) -> None:
    """Quotas of petitions (answers in time or late, leading cadres, handovers, lawyers'
    rights, petitions against own decisions), hearings and people's supervisors, and judicial
    relief (docs/simulator.md)."""
    received = n(v["petitions.received"])
    q["petitions.received"] = received
    q["petitions.referred"] = _round(received * a("petitions.referred_share"))
    q["petitions.procedural_late"] = received - _round(
        received * v["petitions.procedural_reply_rate"]
    )
    q["petitions.outcome_late"] = received - _round(received * v["petitions.result_reply_rate"])
    if q["petitions.outcome_late"] > received - q["petitions.referred"]:
        raise PlanError("more petitions answered late than petitions the procuratorate handles")
    q["petitions.progress"] = _round(
        (received - q["petitions.referred"]) * a("petitions.progress_share")
    )
    q["petitions.leaders"] = n(v["petitions.handled_by_leaders"])
    q["petitions.handed_over"] = n(v["petitions.repeat_handed_over"])
    q["petitions.handover_completed"] = n(v["petitions.repeat_completed"])
    q["petitions.lawyer_rights"] = n(v["petitions.lawyers_rights_corrected"])
    # printed only as a change (down 7.9%): the 2023 count is a declared share of petitions
    own = v["petitions.received"] * a("petitions.against_own_share")
    if year == 2022:
        own = base_values(2023)["petitions.received"] * a("petitions.against_own_share")
        own /= 1 + reported_changes()["petitions.against_own_decisions"] / 100
    q["petitions.against_own"] = n(own)
    hearings = n(v["hearings.held"])
    q["hearings.petitions"] = _round(hearings * a("hearings.petition_share"))
    q["hearings.other"] = hearings - q["hearings.petitions"]
    q["hearings.resolved"] = _round(
        q["hearings.petitions"] * v["hearings.petition_resolution_rate"]
    )
    supervised = n(v["oversight.peoples_supervisor_cases"])
    if supervised > hearings:
        raise PlanError("more cases with people's supervisors than hearings to seat them at")
    q["supervisors.petitions"] = _round(supervised * q["hearings.petitions"] / max(1, hearings))
    q["supervisors.other"] = supervised - q["supervisors.petitions"]
    if q["petitions.leaders"] + q["hearings.petitions"] > received - q["petitions.referred"]:
        raise PlanError("more petitions in hand or heard than petitions handled")
    q["relief.rural"] = n(v["relief.persons_rural"])
    q["relief.women"] = n(v["relief.persons_women"])
    q["relief.military"] = n(v["relief.persons_military"])
    q["relief.other"] = n(a("relief.other_persons"))


def _extras(q: dict[str, int], v: dict[str, float], n) -> None:
    """Guardianship orders, social-governance suggestions (road traffic safety among them) and
    transfers by administrative organs: the report's counts."""
    q["juvenile.guardianship"] = n(v["juvenile.guardianship_orders"])
    if q["juvenile.guardianship"] > q["prosecuted.minor"] + q["conditional"]:
        raise PlanError("more guardianship orders than minors in reviews for prosecution")
    q["suggestions.social"] = n(v["suggestions.social_governance"])
    q["suggestions.road"] = n(v["suggestions.road_traffic_safety"])
    if q["suggestions.road"] > q["suggestions.social"]:
        raise PlanError("more road-safety suggestions than social-governance suggestions")
    q["filing.transfers"] = n(v["criminal.administrative_transfers_urged"])


def _acquittals(q: dict[str, int], n, year: int) -> None:
    """People under arrest when prosecuted, acquitted or exempted from punishment at first
    instance: the declared 2023 count, and 2022's from the report's fall of 24.8%."""
    count = a("trial.post_arrest_acquitted_or_exempt")
    if year == 2022:
        count /= 1 + reported_changes()["quality.post_arrest_acquitted_or_exempt"] / 100
    q["trial.acquitted_after_arrest"] = n(count)
    police = sum(v for k, v in q.items() if k.startswith("charge.")) + q["prosecuted.other"]
    if q["trial.acquitted_after_arrest"] > police - q["prosecuted.additional"]:
        raise PlanError("more acquittals after arrest than people the police transferred")


def _enforcement(q: dict[str, int], v: dict[str, float], n, year: int) -> None:
    """Quotas of criminal enforcement supervision and the amounts (yuan) of relief to rural
    victims and of property penalties enforced (docs/simulator.md)."""
    cases = a("enforcement.commutation_cases")
    if year == 2022:
        cases /= 1 + reported_changes()["enforcement.commutation_parole_cases"] / 100
    q["enforcement.opinions"] = n(v["enforcement.correction_opinions"])
    q["enforcement.opinions_adopted"] = _round(
        q["enforcement.opinions"] * a("enforcement.opinions_adopted_share")
    )
    q["enforcement.returned"] = n(v["enforcement.returned_to_prison"])
    q["enforcement.proper"] = n(cases) - q["enforcement.opinions"] - q["enforcement.returned"]
    if q["enforcement.proper"] < 0:
        raise PlanError("more opinions and returns to prison than commutation cases")
    opinions = n(v["enforcement.property_penalty_opinions"])
    q["enforcement.property_cases"] = min(
        opinions, _round(opinions / a("enforcement.property_opinions_per_case"))
    )
    q["enforcement.property_second"] = opinions - q["enforcement.property_cases"]
    q["enforcement.property_enforced"] = _round(
        q["enforcement.property_cases"] * a("enforcement.property_enforced_share")
    )
    q["amount.property_enforced"] = n(v["enforcement.property_penalty_amount"])
    q["amount.relief_rural"] = n(v["relief.amount_rural"])
    for amount, count in (("amount.property_enforced", "enforcement.property_enforced"),
                          ("amount.relief_rural", "relief.rural")):  # fmt: skip
        if q[amount] < q[count]:
            raise PlanError(f"{amount}: less than one yuan for each of {count}")


def _investigation(q: dict[str, int], v: dict[str, float], n, year: int) -> None:
    """Investigation by the procuratorate, approvals of prosecution after 20 years (the SPP's),
    applications to confiscate absconded duty-crime suspects' gains, wages recovered in
    wage-arrears cases, criminal compensation claims."""
    q["investigation.judicial_staff"] = n(v["investigation.judicial_staff_filed"])
    q["investigation.mobile"] = n(v["investigation.mobile_filed"])
    q["limitation.approved"] = n(v["criminal.prosecution_after_limitation_approved"])
    q["duty.confiscation"] = n(v["duty.confiscation_applied"])
    q["assistance.cases"] = n(v["criminal.judicial_assistance_cases"])
    q["amount.wages"] = n(v["criminal.wage_arrears_recovered"])
    if q["amount.wages"] < q.get("charge.276-1", 0):
        raise PlanError("less than one yuan of wages recovered per person prosecuted")
    cases = a("compensation.cases")
    if year == 2022:
        cases /= 1 + reported_changes()["petitions.criminal_compensation_cases"] / 100
    q["compensation.cases"] = n(cases)
    q["compensation.granted"] = _round(q["compensation.cases"] * a("compensation.granted_share"))


@cache
def theft_leaf() -> str:
    """The quota key of the people prosecuted for theft, fraud and drugs alone (telecom fraud
    is taken from them)."""
    return "charge." + min(
        (a for a, gs in _membership().items() if gs == {"theft-fraud-drugs"}), key=_article_key
    )


@cache
def _membership() -> dict[str, frozenset[str]]:
    from procuracy.figures import service
    from procuracy.figures.registry import REPORTED_GROUPS

    return candidate_articles(service.charge_group_articles(), REPORTED_GROUPS)


def candidate_articles(
    groups: dict[str, tuple[str, ...]], reported: tuple[str, ...]
) -> dict[str, frozenset[str]]:
    """Every article of a reported group, with the reported groups it belongs to."""
    out: dict[str, set[str]] = {}
    for g in reported:
        for art in groups.get(g, ()):
            out.setdefault(art, set()).add(g)
    return {art: frozenset(gs) for art, gs in out.items()}


def spread(total: int, weights: list[float], rng) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` by systematic sampling: each
    part is its exact share rounded down or up (up with the probability of its fraction), and
    the parts sum to ``total``. Unlike largest remainders, small totals over many units do not
    all go to the largest units."""
    weight_sum = float(sum(weights))
    if total == 0 or weight_sum <= 0:
        return apportion(total, weights)
    offset = rng.random()
    # the running sums of the exact shares (the last one the total itself), each rounded at
    # the offset: a part is the step between one rounded sum and the next
    cums = list(itertools.accumulate([total * w / weight_sum for w in weights]))
    cums[-1] = float(total)
    floor = math.floor
    upto = [min(total, floor(c + offset)) for c in cums]
    return [upto[0], *map(operator.sub, upto[1:], upto[:-1])]


def apportion(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainders), none
    above its cap. The parts always sum to ``total`` (raises if the caps cannot hold it)."""
    if total < 0:
        raise PlanError(f"cannot apportion a negative total {total}")
    if caps is not None and sum(caps) < total:
        raise PlanError(f"cannot apportion {total} within caps summing to {sum(caps)}")
    weight_sum = float(sum(weights))
    if total == 0 or weight_sum <= 0:
        if total and caps is None:
            raise PlanError("cannot apportion a positive total over zero weights")
        out = [0] * len(weights)
        if total:
            for i in range(len(out)):  # equal shares up to the caps
                take = min(caps[i], total)
                out[i], total = take, total - take
        return out
    exact = [total * w / weight_sum for w in weights]
    out = [math.floor(x) for x in exact]
    if caps is not None:
        out = [min(o, c) for o, c in zip(out, caps, strict=True)]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    while rest > 0:
        moved = False
        for i in order:
            if rest == 0:
                break
            if caps is None or out[i] < caps[i]:
                out[i] += 1
                rest -= 1
                moved = True
        if not moved:
            raise PlanError("caps exhausted")
    return out
