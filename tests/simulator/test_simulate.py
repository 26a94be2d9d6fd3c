"""The simulator end to end: a subtree's two years through the real procedures, the import's
validation, the ledger and the figures."""

from __future__ import annotations

import itertools
import random
from datetime import date
from io import StringIO

import pytest

from procuracy.cases import ledger, projection
from procuracy.cases.models import Case, LedgerEvent
from procuracy.figures import cube, facts, service
from procuracy.figures.registry import REPORTED_GROUPS
from procuracy.orgs.models import Procuratorate
from procuracy.simulator import load, plan

SCALE, SEED, ORG = 0.01, 5, "110000"  # Beijing: 16 procuratorates


@pytest.fixture
def simulated(db):
    org = Procuratorate.objects.get(code=ORG)
    report = load.run((2022, 2023), SCALE, SEED, org=org, today=date(2026, 11, 27))
    units = load.units_with_weights(SEED)
    quotas = {y: load.unit_quotas(plan.national(y, SCALE), units, SEED, y) for y in (2022, 2023)}
    mine = [i for i, u in enumerate(units) if u.path.startswith(org.path)]
    return org, report, units, quotas, mine


def summed(quotas, mine, key_or_prefix: str, prefix=False) -> int:
    return sum(
        n
        for i in mine
        for k, n in quotas[i].items()
        if (k.startswith(key_or_prefix) if prefix else k == key_or_prefix)
    )


@pytest.mark.parametrize("year", [2022, 2023])
def test_unit_quotas_add_up_to_the_national_quotas(db, year):
    units = load.units_with_weights(SEED)
    national = plan.national(year, 0.002)
    quotas = load.unit_quotas(national, units, SEED, year)
    # duty-crime cases: a unit with one suspect has one case, so at a small scale there may
    # be more cases (and fewer persons per case) than the plan's; never fewer
    per_case = {"duty.cases", "duty.early_involvement", "duty.self_supplementary", "duty.returned"}
    for key, total in national.items():
        placed = sum(q.get(key, 0) for q in quotas)
        if key in load.THIN_AT_SMALL_SCALES:
            # as many as the units can host (an additional arrest beside an approved one):
            # when fewer than the plan's, every unit is full
            base = dict(load.DEPENDENT)[key]
            assert placed <= total, key
            assert placed == total or all(q[key] == base(q) for q in quotas), key
        elif key not in per_case:
            assert placed == total, key
    cases = sum(q["duty.cases"] for q in quotas)
    assert cases >= national["duty.cases"]
    # the share of cases with early involvement holds (61.1%, the report's)
    early = sum(q["duty.early_involvement"] for q in quotas)
    assert abs(early / cases - 0.611) < 0.5 / cases + 1e-9

    for q in quotas:  # a share never exceeds what it is a share of (e.g. pleas ≤ prosecuted)
        assert q["plea.prosecuted"] <= load._prosecuted(q)
        assert q["protest.decided"] <= q["protest.filed"]
        assert q["duty.prosecuted"] <= q["duty.received"]


def test_figures_of_the_subtree_are_its_quotas(simulated):
    org, report, _units, quotas, mine = simulated
    assert report.events > 1000 and report.chunks == 2 * report.units
    con = facts.connect(":memory:")
    facts.sync(con)
    for year in (2022, 2023):
        q = quotas[year]
        v = cube.compute(con, "work-report", year, org.path, service.charge_groups())
        # CPL art. 81, 92, 170 ¶2: arrests at review, after reconsideration or review by the
        # next level, and of supervision-commission detainees
        arrested = sum(
            summed(q, mine, k)
            for k in (
                "arrest.approved",
                "arrest.reconsideration_changed",
                "arrest.reexamination_changed",
                "duty.measure_arrested",
            )
        )
        assert v["criminal.arrested"].value == arrested
        prosecuted = (
            summed(q, mine, "charge.", prefix=True)
            + summed(q, mine, "prosecuted.other")
            + summed(q, mine, "duty.prosecuted")
        )
        assert v["criminal.prosecuted"].value == prosecuted  # CPL art. 176
        assert v["criminal.not_arrested_no_necessity"].value == summed(
            q, mine, "arrest.no_necessity"
        )  # Rules art. 140
        assert v["criminal.not_prosecuted_discretionary"].value == summed(
            q, mine, "not_prosecuted.discretionary"
        )  # CPL art. 177 ¶2
        assert v["juvenile.conditional_non_prosecution"].value == summed(q, mine, "conditional")
        assert v["juvenile.prosecuted"].value == summed(q, mine, "prosecuted.minor")
        assert v["duty.transferred"].value == summed(q, mine, "duty.received")
        assert v["duty.cases_received"].value == summed(q, mine, "duty.cases")
        assert v["criminal.protests_filed"].value == summed(q, mine, "protest.filed")
        assert v["criminal.protests_concluded"].value == summed(q, mine, "protest.decided")
        assert v["criminal.additional_prosecutions"].value == summed(
            q, mine, "prosecuted.additional"
        )
        assert v["criminal.filing_supervised"].value == summed(
            q, mine, "filing.ordered_to_file"
        ) + summed(q, mine, "filing.ordered_to_withdraw")
        assert v["criminal.cases_foreign"].value == summed(q, mine, "prosecuted.foreign_cases")
        # first-instance judgments of guilty-plea cases: every plea prosecuted is tried
        assert v["criminal.first_instance_with_plea"].value == summed(q, mine, "plea.prosecuted")
        assert v["criminal.first_instance_with_plea_accepted"].value == summed(
            q, mine, "trial.plea_accepted"
        )
        # case-level flags (cases/flags.py): internet cases are telecom fraud, online
        # gambling, every assisting-network case and the other internet crimes
        internet = sum(
            summed(q, mine, k)
            for k in ("flag.telecom_fraud", "flag.online_gambling", "flag.internet_other")
        ) + summed(q, mine, "charge.287-2")
        assert v["criminal.prosecuted.internet"].value == internet
        assert v["criminal.prosecuted.telecom_fraud"].value == summed(q, mine, "flag.telecom_fraud")
        assert v["criminal.prosecuted.organized_crime"].value == summed(q, mine, "flag.gang_evil")
        assert v["criminal.prosecuted.against_minors"].value == summed(q, mine, "flag.minor_victim")
        assert v["criminal.prosecuted.against_women"].value == summed(q, mine, "flag.female_victim")
        # public interest litigation (cases/pil.py): cases filed per field, suggestions and
        # replies (PIL Interpretation art. 21), actions and decisions
        filed = summed(q, mine, "pil.field.", prefix=True)
        assert v["pil.cases_filed"].value == filed
        assert v["pil.administrative_cases_filed"].value == filed - summed(q, mine, "pil.civil")
        for field in plan.PIL_FIELDS:
            assert v[f"pil.cases_filed.{field}"].value == summed(q, mine, f"pil.field.{field}")
        assert v["pil.cases_filed.ship_pollution"].value == 0  # Beijing is not on the Yangtze
        suggestions = summed(q, mine, "pil.suggestions")
        assert v["pil.pre_litigation_suggestions"].value == suggestions
        assert v["pil.suggestions_due"].value == suggestions
        assert v["pil.suggestions_rectified"].value == suggestions - summed(
            q, mine, "pil.not_rectified"
        )
        sued = summed(q, mine, "pil.administrative_sued") + summed(q, mine, "pil.civil_sued")
        assert v["pil.lawsuits_filed"].value == sued
        decided = sued - summed(q, mine, "pil.withdrawn")
        assert v["pil.judgments"].value == decided
        assert v["pil.judgments_supporting"].value == decided - summed(q, mine, "pil.rejected")
        # civil and administrative litigation supervision (cases/supervision.py): Beijing has
        # no prefectural procuratorates, so no protests; every plan's count is in the ledger
        for line in ("civil", "administrative"):
            assert summed(q, mine, f"{line}.protests") == 0
            made = summed(q, mine, f"{line}.retrial_suggestions")
            assert v[f"{line}.protests_and_retrial_suggestions"].value == made
            assert v[f"{line}.protests_concluded"].value == summed(q, mine, f"{line}.concluded")
            assert v[f"{line}.protests_changed"].value == summed(q, mine, f"{line}.changed")
            assert v[f"{line}.conduct_suggestions"].value == summed(q, mine, f"{line}.conduct")
        for fid, key in (
            ("civil.applications_not_supported", "civil.not_supported"),
            ("civil.false_litigation_corrected", "civil.false_litigation"),
            ("civil.ip_supervision_cases", "supervision.ip"),
            ("civil.support_prosecution", "civil.support"),
            ("administrative.disputes_resolved", "administrative.disputes"),
            ("administrative.disputes_resolved_long", "administrative.disputes_long"),
            ("administrative.illegal_act_suggestions", "administrative.illegal_act"),
            ("administrative.drug_rehabilitation_suggestions",
             "administrative.drug_rehabilitation"),
        ):  # fmt: skip
            assert v[fid].value == summed(q, mine, key), fid
        assert v["civil.protests_filed_by_spp"].value == 0
        # petitions, hearings, people's supervisors, judicial relief (cases/complaints.py)
        received = summed(q, mine, "petitions.received")
        assert v["petitions.received"].value == received
        assert v["petitions.procedural_replies_in_time"].value == received - summed(
            q, mine, "petitions.procedural_late"
        )
        assert v["petitions.outcome_replies_in_time"].value == received - summed(
            q, mine, "petitions.outcome_late"
        )
        for fid, key in (
            ("petitions.handled_by_leaders", "petitions.leaders"),
            ("petitions.lawyers_rights_corrected", "petitions.lawyer_rights"),
            ("petitions.against_own_decisions", "petitions.against_own"),
            ("hearings.petitions_heard", "hearings.petitions"),
            ("hearings.petitions_resolved", "hearings.resolved"),
            ("relief.persons_rural", "relief.rural"),
            ("relief.persons_women", "relief.women"),
            ("relief.persons_military", "relief.military"),
        ):
            assert v[fid].value == summed(q, mine, key), fid
        assert v["hearings.held"].value == summed(q, mine, "hearings.petitions") + summed(
            q, mine, "hearings.other"
        )
        assert v["oversight.peoples_supervisor_cases"].value == summed(
            q, mine, "supervisors.petitions"
        ) + summed(q, mine, "supervisors.other")
        # guardianship orders, social-governance suggestions, transfers by administrative organs
        for fid, key in (
            ("juvenile.guardianship_orders", "juvenile.guardianship"),
            ("suggestions.social_governance", "suggestions.social"),
            ("suggestions.road_traffic_safety", "suggestions.road"),
            ("criminal.administrative_transfers_urged", "filing.transfers"),
        ):
            assert v[fid].value == summed(q, mine, key), fid
        # criminal enforcement supervision, and the amounts paid or enforced (yuan)
        changes = sum(
            summed(q, mine, f"enforcement.{k}") for k in ("opinions", "returned", "proper")
        )
        assert v["enforcement.commutation_parole_cases"].value == changes
        for fid, key in (
            ("enforcement.correction_opinions", "enforcement.opinions"),
            ("enforcement.returned_to_prison", "enforcement.returned"),
            ("enforcement.property_penalty_amount", "amount.property_enforced"),
            ("relief.amount_rural", "amount.relief_rural"),
        ):
            assert v[fid].value == summed(q, mine, key), fid
        assert v["enforcement.property_penalty_opinions"].value == summed(
            q, mine, "enforcement.property_cases"
        ) + summed(q, mine, "enforcement.property_second")
        # investigation by the procuratorate, wages recovered, criminal compensation
        for fid, key in (
            ("investigation.judicial_staff_filed", "investigation.judicial_staff"),
            ("investigation.mobile_filed", "investigation.mobile"),
            ("criminal.wage_arrears_recovered", "amount.wages"),
            ("petitions.criminal_compensation_cases", "compensation.cases"),
        ):
            assert v[fid].value == summed(q, mine, key), fid
        # the report's cases handled: the subtree's share of the national count, made up by
        # reviews of the necessity of detention (Beijing's lines fall short of it)
        weights = [u.weight for u in _units]
        shares = plan.spread(
            plan.cases_handled(year, SCALE), weights, random.Random(f"{SEED}:{year}:handled")
        )
        assert v["all.cases_handled"].value == sum(shares[i] for i in mine)
        # CPL art. 172: each procuratorate's decisions average the plan's days since receipt
        # (to the day over its year), so the subtree's average is the plan's to the
        # hundredth of a day
        average = v["quality.review_days_average"].value
        assert average == pytest.approx(plan.review_days(year), abs=0.01)
        # CPL art. 200, Criminal Law art. 37: acquitted or exempted from punishment after an
        # arrest (custody "arrested" at receipt for review for prosecution)
        assert v["quality.post_arrest_acquitted_or_exempt"].value == summed(
            q, mine, "trial.acquitted_after_arrest"
        )
        assert v["criminal.prosecution_after_limitation_approved"].value == 0  # the SPP's
        assert v["duty.confiscation_applied"].value == summed(q, mine, "duty.confiscation")
        assert v["duty.prosecuted.provincial_ministerial"].value == summed(
            q, mine, "duty.provincial"
        )
        # Beijing has no prefectural procuratorates: no handovers to the level below
        assert v["petitions.repeat_handed_over"].value == 0
        # charge groups: the people prosecuted for an article of the group (the simulator records
        # at each the member charge defined there)
        groups = service.charge_group_articles()
        for gid in REPORTED_GROUPS:
            expected = sum(summed(q, mine, f"charge.{art}") for art in groups[gid])
            fid = "criminal.prosecuted." + gid.replace("-", "_")
            assert v[fid].value == expected, gid


def test_the_public_interest_quotas_keep_the_reports_rates_and_the_yangtze(db):
    """At scale 1.0 the plan gives the report's 190,000 cases filed, 168,000 of them
    administrative, 116,000 suggestions at a rate of 99.1% and 13,000 actions upheld at
    99.96%; ship pollution (575 cases) falls only to procuratorates along the Yangtze."""
    q = plan.national(2023, 1.0)
    filed = sum(n for k, n in q.items() if k.startswith("pil.field."))
    assert (filed, filed - q["pil.civil"]) == (190_000, 168_000)
    assert q["pil.suggestions"] == 116_000
    rate = (q["pil.suggestions"] - q["pil.not_rectified"]) / q["pil.suggestions"]
    assert f"{rate * 100:.1f}" == "99.1"
    sued = q["pil.administrative_sued"] + q["pil.civil_sued"]
    assert sued == 13_000
    decided = sued - q["pil.withdrawn"]
    assert f"{(decided - q['pil.rejected']) / decided * 100:.2f}" == "99.96"
    units = load.units_with_weights(SEED)
    quotas = load.unit_quotas(plan.national(2023, 0.05), units, SEED, 2023)
    ship = {u.code[:2] for u, uq in zip(units, quotas, strict=True) if uq["pil.ship_pollution"]}
    assert ship and ship <= load.YANGTZE_PROVINCES
    assert sum(uq["pil.ship_pollution"] for uq in quotas) == round(575 * 0.05)


def test_the_supervision_quotas_keep_the_reports_counts_and_levels(db):
    """At scale 1.0 the plan gives the report's civil 14,000 protests and retrial suggestions,
    8,537 concluded and 7,549 changed (88.4%), and the administrative 624, 305 and 231
    (75.7%); protests go to prefectural procuratorates only (CivPL art. 219 ¶1), the 41 of
    the SPP to the SPP."""
    q = plan.national(2023, 1.0)
    made = q["civil.protests"] + q["civil.spp_protests"] + q["civil.retrial_suggestions"]
    assert (made, q["civil.concluded"], q["civil.changed"]) == (14_000, 8_537, 7_549)
    assert f"{q['civil.changed'] / q['civil.concluded'] * 100:.1f}" == "88.4"
    made = q["administrative.protests"] + q["administrative.retrial_suggestions"]
    assert (made, q["administrative.concluded"], q["administrative.changed"]) == (624, 305, 231)
    assert q["civil.spp_protests"] == 41
    assert q["administrative.illegal_act"] == 32_000 and q["civil.support"] == 77_000
    # 2022 from the printed changes: 32,000 up 50.2%, 2,508 "2.7 times" the year before's
    before = plan.national(2022, 1.0)
    assert before["administrative.illegal_act"] == round(32_000 / 1.502)
    assert before["supervision.ip"] == round(2_508 / 2.7)
    units = load.units_with_weights(SEED)
    quotas = load.unit_quotas(q, units, SEED, 2023)
    by_code = {u.code: uq for u, uq in zip(units, quotas, strict=True)}
    assert by_code["000000"]["civil.spp_protests"] == 41
    # the SPP's own: approvals of prosecution after 20 years, judicial assistance
    assert (by_code["000000"]["limitation.approved"], by_code["000000"]["assistance.cases"]) == (
        137,
        220,
    )
    assert sum(uq["civil.spp_protests"] for uq in quotas) == 41
    protesting = {code for code, uq in by_code.items() if uq["civil.protests"]}
    assert protesting and all(c.endswith("00") and c != "000000" for c in protesting)
    assert sum(uq["civil.protests"] for uq in quotas) == q["civil.protests"]


def test_the_petition_quotas_keep_the_reports_rates(db):
    """At scale 1.0: 886,000 petitions, 99.8% answered within 7 days and 97.3% within 3
    months (Rules art. 163); hearings 258,000, 78.6% of the petitions heard resolved; the
    petitions against the procuratorate's own decisions down 7.9%; handovers only by
    prefectural procuratorates (to the level below, Rules art. 161 ¶2)."""
    q = plan.national(2023, 1.0)
    received = q["petitions.received"]
    assert received == 886_000
    assert f"{(received - q['petitions.procedural_late']) / received * 100:.1f}" == "99.8"
    assert f"{(received - q['petitions.outcome_late']) / received * 100:.1f}" == "97.3"
    assert q["hearings.petitions"] + q["hearings.other"] == 258_000
    assert f"{q['hearings.resolved'] / q['hearings.petitions'] * 100:.1f}" == "78.6"
    before = plan.national(2022, 1.0)
    change = (q["petitions.against_own"] - before["petitions.against_own"]) / before[
        "petitions.against_own"
    ]
    assert f"{change * 100:.1f}" == "-7.9"
    units = load.units_with_weights(SEED)
    quotas = load.unit_quotas(q, units, SEED, 2023)
    handing = {u.code for u, uq in zip(units, quotas, strict=True) if uq["petitions.handed_over"]}
    assert handing and all(c.endswith("00") and c != "000000" for c in handing)


def test_amounts_are_shared_out_whole_and_the_commutation_cases_rise_by_the_reports_change(db):
    """110 million yuan to 13,000 rural victims and 670 million enforced: every unit's share
    is at least one yuan a person or case, and the shares add up to the report's amount; the
    commutation cases rise by 25.2% (the report prints only the change)."""
    q = plan.national(2023, 1.0)
    assert (q["amount.relief_rural"], q["amount.property_enforced"]) == (110_000_000, 670_000_000)
    units = load.units_with_weights(SEED)
    quotas = load.unit_quotas(q, units, SEED, 2023)
    assert sum(uq["amount.relief_rural"] for uq in quotas) == 110_000_000
    assert all(uq["amount.relief_rural"] >= uq["relief.rural"] for uq in quotas)
    assert all(
        (uq["amount.property_enforced"] > 0) == (uq["enforcement.property_enforced"] > 0)
        for uq in quotas
    )
    before = plan.national(2022, 1.0)
    cases = ("opinions", "returned", "proper")
    now = sum(q[f"enforcement.{k}"] for k in cases)
    then = sum(before[f"enforcement.{k}"] for k in cases)
    assert f"{(now - then) / then * 100:.1f}" == "25.2"


def test_one_procuratorates_figures_are_its_ledger_rows(simulated):
    org, *_ = simulated
    # the largest basic procuratorate of the subtree, counted straight from the ledger table
    unit = max(
        Procuratorate.objects.filter(path__startswith=org.path, level="basic"),
        key=lambda u: LedgerEvent.objects.filter(procuratorate=u).count(),
    )
    rows = LedgerEvent.objects.filter(procuratorate=unit, occurred_on__year=2023)
    approved = rows.filter(event_type="arrest.approved").count()
    prosecuted = rows.filter(event_type="prosecution.prosecuted").count()
    assert approved and prosecuted
    con = facts.connect(":memory:")
    facts.sync(con)
    v = cube.compute(con, "work-report", 2023, unit.path, service.charge_groups())
    measure = [
        r
        for r in rows.filter(event_type="commission.measure_decided")
        if '"measure":"arrested"' in r.payload.replace(" ", "")
    ]
    changed = [
        r
        for r in rows.filter(
            event_type__in=("arrest.reconsideration_decided", "arrest.reexamination_decided")
        )
        if '"outcome":"changed"' in r.payload.replace(" ", "")
    ]
    assert v["criminal.arrested"].value == approved + len(measure) + len(changed)
    assert v["criminal.prosecuted"].value == prosecuted


def test_the_simulated_ledger_verifies_and_replays(simulated):
    org, *_ = simulated
    units = list(Procuratorate.objects.filter(path__startswith=org.path))
    result = ledger.verify(units)
    assert result.ok
    stored = {c.pk: c.state for c in Case.objects.all()}
    assert projection.replay() == len(stored)
    assert {c.pk: c.state for c in Case.objects.all()} == stored


def test_a_case_s_events_are_recorded_in_their_order(simulated):
    """Each line draws its time of day: a case's events in its chain order were recorded at
    earlier times than the ones before them in one event in six (case.assigned before the
    case.received it follows). Now each is recorded at or after the one before."""
    times: dict = {}
    for case_id, at in LedgerEvent.objects.order_by("procuratorate_id", "seq").values_list(
        "case_id", "recorded_at"
    ):
        times.setdefault(case_id, []).append(at)
    assert len(times) > 100
    late = [k for k, ts in times.items() if any(b < a for a, b in itertools.pairwise(ts))]
    assert late == []


def test_simulated_people_are_named_and_documented_as_real_ones_are(simulated):
    """A review found foreigners named from the Chinese list with a Chinese e-passport's number
    (E + 8) and no sex or birth date, women with men's given names and no one over 65. Each
    foreigner now has a name of the passport's country, its number's form, a sex and a birth
    date; a citizen's given name is one of the names of the sex the ID number says."""
    from procuracy.parties.identifiers import parse_citizen_id
    from procuracy.simulator.generate import COUNTRIES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES

    persons = [p for c in Case.objects.filter(kind="prosecution_review")
               for p in c.state["persons"].values()]  # fmt: skip
    foreign = [p for p in persons if p["id_kind"] == "passport"]
    assert foreign
    for p in foreign:
        men, women, letters, digits = COUNTRIES[p["id_country"]]
        assert p["name"] in (women if p["sex"] == "female" else men)
        assert p["id_number"][: len(letters)] == letters
        assert p["id_number"][len(letters) :].isdigit() and p["birth_date"]
        assert len(p["id_number"]) == len(letters) + digits
    citizens = [p for p in persons if p["id_kind"] == "citizen_id"]
    for p in citizens:
        given = p["name"][1:] if p["name"][0] in SURNAMES else p["name"]
        pool = GIVEN_FEMALE if parse_citizen_id(p["id_number"]).sex == "female" else GIVEN_MALE
        assert set(given) <= set(pool), p["name"]
    ages = [parse_citizen_id(p["id_number"]).birth_date.year for p in citizens]
    assert min(ages) < 2022 - 60  # some older than 60


def test_a_second_run_resumes_and_adds_nothing(simulated):
    org, report, *_ = simulated
    before = LedgerEvent.objects.count()
    again = load.run((2022, 2023), SCALE, SEED, org=org, today=date(2026, 11, 27))
    assert again.events == 0 and again.skipped == report.chunks
    assert LedgerEvent.objects.count() == before


def test_a_run_made_with_other_ids_is_not_resumed(db):
    """A run's batches are found again by their ids: one begun by a version that made other
    ids (random, before ``load.ID_SCHEME``) would be imported a second time beside itself."""
    from procuracy.audit.models import AuditEvent
    from procuracy.core.errors import ValidationFailed

    org = Procuratorate.objects.get(code="110105")
    AuditEvent.objects.create(
        kind="write", code="cases.import",
        detail={"result": f"19 event(s) of 4 case(s) from simulator seed {SEED} scale 0.001 "
                          "110105 2023…"},
    )  # fmt: skip
    assert load.simulated_runs() == {(SEED, 0.001)}
    with pytest.raises(ValidationFailed, match="made by an earlier version, whose ids differ"):
        load.run((2023,), 0.001, SEED, org=org, today=date(2026, 11, 27))
    assert not LedgerEvent.objects.exists()


def test_the_current_year_stops_at_today(db):
    org = Procuratorate.objects.get(code="110105")
    today = date(2026, 3, 15)
    load.run((2026,), 1.0, SEED, org=org, today=today)
    last = LedgerEvent.objects.order_by("-occurred_on").first()
    assert last.occurred_on <= today
    # cases received before today and still under review have open deadlines
    assert Case.objects.filter(procuratorate=org).exclude(next_due=None).exists()


def test_the_current_year_runs_to_today_even_near_the_end_of_the_holiday_schedule(db):
    """A year simulated up to today stopped 50 days before the last day the holiday schedule
    knows (the built-in one ends with 2026): on 2026-11-29 the demo's flow ended on 11-11 and
    its deadlines of mid-November all showed as overdue. Periods that end past the schedule
    are provisional (docs/law.md), so the flow now runs to today."""
    org = Procuratorate.objects.get(code="110105")
    today = date(2026, 11, 27)  # (a day in the past: nothing is recorded after the real today)
    load.run((2026,), 0.2, SEED, org=org, today=today)
    last = LedgerEvent.objects.order_by("-occurred_on").first().occurred_on
    assert date(2026, 11, 20) <= last <= today
    assert ledger.verify().ok


def test_bad_parameters_are_clear_errors(db, monkeypatch):
    from procuracy.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="scale"):
        load.run((2023,), 0, SEED)
    with pytest.raises(plan.PlanError, match="starts in 2000"):
        load.run((1999,), 0.01, SEED)
    # the year is refused first, also where another simulation would be (it was the scale)
    monkeypatch.setattr(load, "simulated_runs", lambda: [(SEED + 1, 0.25)])
    with pytest.raises(plan.PlanError, match="starts in 2000, not 1800"):
        load.run((1800,), 0.01, SEED)
    monkeypatch.undo()
    from procuracy.staff.models import User

    users = User.objects.count()
    with pytest.raises(ValidationFailed, match=r"2099 is after this year \(2026\)"):
        load.run((2026, 2099), 0.01, SEED, today=date(2026, 11, 28))
    assert User.objects.count() == users  # refused before any staff is provisioned


def test_shards_split_the_procuratorates_by_their_cases(db):
    units = load.units_with_weights(SEED)
    quotas = {2023: load.unit_quotas(plan.national(2023, SCALE), units, SEED, 2023)}
    chosen = [(i, u) for i, u in enumerate(units) if sum(quotas[2023][i].values())]
    shards = load._shards(chosen, quotas, (2023,), 2)
    assert len(shards) == 2
    # every procuratorate in exactly one shard, each shard in the tree's order
    assert sorted(i for s in shards for i, _u in s) == [i for i, _u in chosen]
    for shard in shards:
        assert [i for i, _u in shard] == sorted(i for i, _u in shard)
    # about the same number of cases each: within the largest procuratorate's load
    loads = [sum(load.quota_size(quotas[2023][i]) for i, _u in s) for s in shards]
    biggest = max(load.quota_size(quotas[2023][i]) for i, _u in chosen)
    assert abs(loads[0] - loads[1]) <= biggest


def test_a_scale_too_small_is_refused_by_the_option_with_the_smallest_that_runs(db):
    """A scale whose share of the nation rounds to no case was a run of 0 events that exited
    as a success (one procuratorate), or a refusal in the planner's words (the nation): each is
    now refused as --scale's, saying what is too small, and nothing is written."""
    from django.core.management import CommandError, call_command

    def refusal(*args) -> str:
        with pytest.raises(CommandError) as caught:
            call_command("simulate", "--years", "2023", "--quiet", *args, stdout=StringIO())
        return str(caught.value)

    said = refusal("--scale", "1e-30", "--org", "110105")
    assert said.startswith("--scale: at scale 1e-30 the procuratorates under 110105 get no case")
    said = refusal("--scale", "0.0001")
    assert said.startswith("scale 0.0001 is too small to share the national flow")
    assert f"the smallest that runs is about {load.SMALLEST_SCALE:g}" in said
    assert refusal("--scale", "0").startswith("--scale: the scale is a number above 0")
    assert refusal("--workers", "0") == "--workers: a whole number of at least 1"
    assert not LedgerEvent.objects.exists()


def test_workers_need_postgresql_and_the_tree(db):
    from django.db import connection

    from procuracy.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="whole number"):
        load.run((2023,), SCALE, SEED, workers=0)
    if connection.vendor == "sqlite":
        with pytest.raises(ValidationFailed, match="need PostgreSQL"):
            load.run((2023,), SCALE, SEED, workers=2)


@pytest.mark.django_db(transaction=True)
def test_two_workers_import_exactly_the_generated_flow():
    """Two processes, each importing its shard: the ledger holds exactly the events the
    generator makes for the subtree (ids are drawn from the seed), and each chain verifies."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "--workers is PostgreSQL only (SQLite lets one process write at a time; the "
            "refusal is tested above); this runs in CI's PostgreSQL pass"
        )
    from procuracy.orgs.actions import load_tree

    load_tree(actor=None)
    org = Procuratorate.objects.get(code=ORG)
    today = date(2026, 11, 27)
    report = load.run((2022, 2023), SCALE, SEED, org=org, today=today, workers=2)
    assert report.events == LedgerEvent.objects.count() > 0
    assert ledger.verify(list(Procuratorate.objects.filter(path__startswith=org.path))).ok

    # the same flow generated again in this process, without importing
    from procuracy.law.management.store import site_calendar
    from procuracy.simulator.generate import UnitYear

    _units, quotas, chosen, staffs = load.prepare((2022, 2023), SCALE, SEED, org, today)
    names, siblings = load._charge_names()
    horizon = date(max(site_calendar().years), 12, 31)
    expected = set()
    for year in (2022, 2023):
        for i, u in chosen:
            gen = UnitYear(
                u, year, quotas[year][i], staffs[u.code], SEED, names, siblings, today, horizon, {}
            )
            expected.update(line["id"] for line in gen.lines())
    stored = {str(pk) for pk in LedgerEvent.objects.values_list("id", flat=True)}
    assert stored == expected


def test_several_people_joining_one_case_by_additional_arrest_import(db):
    """At scale 1.0 a case may get several people by additional arrest (CPL art. 87 and
    Rules art. 288 ¶2 leave their number open): each decision on a person must come after
    that person joined, whatever order the joinings were drawn in."""
    from procuracy.cases import interchange
    from procuracy.simulator.generate import UnitYear

    org = Procuratorate.objects.get(code="110105")
    info = next(u for u in load.units_with_weights(SEED) if u.code == org.code)
    staff = load.staff_for(info, 40)
    load.provision_staff([(info, staff)], actor=None)
    names, siblings = load._charge_names()
    quotas = {"arrest.approved": 30, "arrest.additional": 24}  # many joiners for few cases
    gen = UnitYear(info, 2023, quotas, staff, SEED, names, siblings, date(2026, 11, 27))
    lines = gen.lines()
    joined = [line for line in lines if line["type"] == "arrest.additional_arrest"]
    per_case: dict[str, int] = {}
    for line in joined:
        per_case[line["case"]["id"]] = per_case.get(line["case"]["id"], 0) + 1
    assert max(per_case.values()) >= 2  # the situation under test does occur
    result = interchange.import_lines(None, objects=lines)
    assert result.ok, result.rejected[:3]
    assert result.imported == len(lines)


def test_a_long_run_refreshes_the_planners_statistics(db, monkeypatch):
    """On PostgreSQL the simulator runs ANALYZE on the tables the import looks up every
    ``ANALYSE_EVERY`` events (autovacuum can fall behind a bulk load; stale statistics turned
    the identity-number lookup into a sequential scan at scale 1.0)."""
    calls = []
    real = load._analyse
    monkeypatch.setattr(load, "ANALYSE_EVERY", 1)
    monkeypatch.setattr(load, "_analyse", lambda: calls.append(real()))
    org = Procuratorate.objects.get(code="110105")
    report = load.run((2023,), 0.2, SEED, org=org, today=date(2026, 11, 27))
    assert report.events > 0 and calls  # once per imported batch at this setting


def test_the_cube_counts_what_each_figure_s_own_query_counts(simulated):
    """The one-pass cube (filters evaluated per combination of columns, masks OR-ed per
    person and case) against the slow way: one plain query per figure on the named columns
    (``cube.condition``, what ``figures explain`` shows), for every counted figure of every
    edition, in the subtree and in one procuratorate below it."""
    from procuracy.figures import registry

    org = simulated[0]
    con = facts.connect(":memory:")
    facts.sync(con)
    groups = service.charge_groups()
    basic = Procuratorate.objects.filter(path__startswith=org.path, level="basic").first()
    checked = 0
    for name in registry.EDITIONS:
        figures = registry.edition(name)
        for unit in (org, basic):
            values = cube.compute(con, name, 2023, unit.path, groups)
            for fid, fig in figures.items():
                if fig.count == "ratio":
                    continue
                where = (
                    cube.scope(unit.path, (2023,)) + " AND " + cube.condition(fig.filter, groups)
                )
                own = con.execute(f"SELECT {cube.aggregate(fig, groups)} FROM facts WHERE {where}")
                expected = own.fetchone()[0] or 0
                assert values[fid].value == expected, (name, unit.code, fid)
                checked += expected > 0
    assert checked > 100  # most figures count something in Beijing at this scale


def test_replicated_facts_count_n_times_the_figures(simulated, tmp_path):
    """``bench report --replicate N``: N copies of the facts, keyed apart, count N times every
    person, case and event figure (so the timing is that of N times the volume)."""
    from procuracy.figures import bench

    org = simulated[0]
    source = facts.connect(tmp_path / "source.duckdb")
    facts.sync(source)
    source.close()
    rep = facts.connect(tmp_path / "replicated.duckdb")
    bench.replicate(rep, str(tmp_path / "source.duckdb"), 3)
    once = cube.compute(facts.connect(tmp_path / "source.duckdb"), "work-report", 2023, org.path)
    thrice = cube.compute(rep, "work-report", 2023, org.path)
    assert once["criminal.prosecuted"].value > 0
    for fid, v in once.items():
        if v.figure.count == "ratio":
            assert thrice[fid].value == v.value, fid
        else:
            assert thrice[fid].value == 3 * v.value, fid


def test_acquittals_after_arrest_are_people_under_arrest_when_received(db):
    """The quota ``trial.acquitted_after_arrest``: that many people the police transferred are
    under arrest at receipt and acquitted (CPL art. 200) or exempted from punishment
    (Criminal Law art. 37) at first instance; the figure counts exactly them, and no one
    else is."""
    from procuracy.cases import interchange

    quotas = {"prosecuted.other": 12, "trial.acquitted_after_arrest": 5}
    lines = district_lines(quotas)
    verdicts = [line for line in lines if line["type"] == "trial.first_instance_decided"]
    outcomes = sorted(line["payload"]["outcome"] for line in verdicts)
    assert len(verdicts) == 12
    assert outcomes.count("guilty") == 7
    assert {"not_guilty", "guilty_exempt"} == set(outcomes) - {"guilty"}
    assert interchange.import_lines(None, objects=lines).ok
    con = facts.connect(":memory:")
    facts.sync(con)
    v = cube.compute(con, "work-report", 2023, Procuratorate.objects.get(code="110105").path)
    assert v["quality.post_arrest_acquitted_or_exempt"].value == 5
    # each of them was under arrest when the case was received
    received = {
        line["case"]["id"]: line["payload"]["persons"]
        for line in lines
        if line["type"] == "case.received"
    }
    for line in verdicts:
        if line["payload"]["outcome"] != "guilty":
            key = int(line["persons"][0][1:])
            assert received[line["case"]["id"]][key - 1]["custody"] == "arrested"


@pytest.mark.parametrize("year", [2022, 2023])
def test_review_days_average_the_plans_and_import(db, year):
    """The decisions concluding a review for prosecution are moved, each within its period
    (CPL art. 172) and before its judgment, so that their days since receipt add up to the
    plan's average times their number (2022's 4.8 days more than 2023's: the report's fall);
    the lines still pass the import's checks and the figure reads the average."""
    from procuracy.cases import interchange
    from procuracy.simulator.generate import UnitYear

    org = Procuratorate.objects.get(code="110105")
    info = next(u for u in load.units_with_weights(SEED) if u.code == org.code)
    staff = load.staff_for(info, 200)
    load.provision_staff([(info, staff)], actor=None)
    names, siblings = load._charge_names()
    quotas = {"prosecuted.other": 120, "not_prosecuted.discretionary": 20, "plea.prosecuted": 60}
    gen = UnitYear(info, year, quotas, staff, SEED, names, siblings, date(2026, 11, 27))
    lines = gen.lines()
    received = {
        line["case"]["id"]: date.fromisoformat(line["occurred_on"])
        for line in lines
        if line["type"] == "case.received"
    }
    kinds = ("prosecution.prosecuted", "prosecution.not_prosecuted")
    decided = [line for line in lines if line["type"] in kinds]
    assert len(decided) == 140
    days = sum(
        (date.fromisoformat(x["occurred_on"]) - received[x["case"]["id"]]).days for x in decided
    )
    assert days == plan._round(plan.review_days(year) * 140)
    assert plan.review_days(2022) - plan.review_days(2023) == pytest.approx(4.8)
    result = interchange.import_lines(None, objects=lines)
    assert result.ok, result.rejected[:3]
    con = facts.connect(":memory:")
    facts.sync(con)
    v = cube.compute(con, "work-report", year, org.path)
    assert v["quality.review_decisions"].value == 140
    assert v["quality.review_days"].value == days
    assert v["quality.review_days_average"].value == pytest.approx(days / 140)


def test_a_year_simulated_up_to_today_fills_as_the_whole_year(db):
    """The cases-handled fill is counted on the whole year's cases (the lines stop at today
    later, the fill's with the rest): simulating this year in February asks for the same fill
    as in November, not the rest of the year's share in a few weeks."""
    from procuracy.simulator.generate import CASES_HANDLED_FILL

    org = Procuratorate.objects.get(code="110105")
    fills = []
    for today in (date(2026, 2, 15), date(2026, 11, 27)):
        _units, quotas, chosen, _staffs = load.prepare((2026,), SCALE, SEED, org, today)
        fills.append([quotas[2026][i].get(CASES_HANDLED_FILL, 0) for i, _ in chosen])
    assert fills[0] == fills[1]


def test_the_first_generation_shared_by_processes_gives_the_same_quotas(
    transactional_db, monkeypatch
):
    """``load.prepare(..., workers=2)``: the counting generation in two forked processes
    (they only generate) fills and shares exactly as one process does."""
    from procuracy.orgs.actions import load_tree

    load_tree(actor=None)
    org = Procuratorate.objects.get(code=ORG)
    monkeypatch.setattr(load, "PARALLEL_COUNT_FROM", 1)
    from django.db import connection

    assert not connection.in_atomic_block  # (inside one, the processes are not forked)
    today = date(2026, 11, 27)
    one = load.prepare((2022, 2023), SCALE, SEED, org, today, workers=1)[1]
    two = load.prepare((2022, 2023), SCALE, SEED, org, today, workers=2)[1]
    assert one == two
    from procuracy.simulator.generate import REVIEW_DAYS

    assert any(q.get(REVIEW_DAYS) for q in one[2023])


def test_a_court_declines_only_retrial_suggestions_even_with_protests_pending(db):
    """A prefectural procuratorate whose protests are not all concluded in the year: the
    suggestions the court does not take up are retrial suggestions (a protest always brings
    a retrial: Civil Supervision Rules art. 117), and the lines import."""
    from procuracy.cases import interchange
    from procuracy.simulator.generate import UnitYear

    org = Procuratorate.objects.get(code="130500")  # 邢台市人民检察院, prefectural
    info = next(u for u in load.units_with_weights(SEED) if u.code == org.code)
    staff = load.staff_for(info, 40)
    load.provision_staff([(info, staff)], actor=None)
    names, siblings = load._charge_names()
    quotas = {
        "civil.protests": 3, "civil.retrial_suggestions": 4, "civil.concluded": 1,
        "civil.changed": 1, "civil.not_adopted": 3,
    }  # fmt: skip
    lines = UnitYear(info, 2023, quotas, staff, SEED, names, siblings, date(2026, 11, 27)).lines()
    kinds = {line["case"]["id"]: line["type"] for line in lines if line["type"] in (
        "civil.protest", "civil.retrial_suggestion")}  # fmt: skip
    declined = [
        line["case"]["id"]
        for line in lines
        if line["type"] == "civil.retrial_outcome" and line["payload"]["outcome"] == "not_adopted"
    ]
    assert len(declined) == 3
    assert {kinds[c] for c in declined} == {"civil.retrial_suggestion"}
    result = interchange.import_lines(None, objects=lines)
    assert result.ok, result.rejected[:3]


class _Longest(random.Random):
    """Every delay at its longest: ``randint`` gives its upper bound, and ``random`` 0, so
    that every review that may be late is late."""

    def randint(self, a, b):
        return b

    def random(self):
        return 0.0


def test_civil_and_administrative_supervision_cases_end_within_their_year(db):
    """With every delay at its longest (a review decided after its 3 months, Civil Supervision
    Rules art. 52, and the court's reply to a conduct suggestion 50 days later), a case's last
    event still falls in the year it was received: the work report counts a corrected false
    litigation (a changed retrial or an adopted conduct suggestion) in the year of that
    event, and the plan gives each year its own."""
    from procuracy.simulator import supervision
    from procuracy.simulator.generate import UnitYear

    org = Procuratorate.objects.get(code="130500")  # 邢台市人民检察院, prefectural
    info = next(u for u in load.units_with_weights(SEED) if u.code == org.code)
    staff = load.staff_for(info, 40)
    names, siblings = load._charge_names()
    quotas = {"civil.support": 2, "civil.false_litigation": 3}
    for line in ("civil", "administrative"):
        quotas |= {
            f"{line}.protests": 2, f"{line}.retrial_suggestions": 3, f"{line}.concluded": 2,
            f"{line}.changed": 1, f"{line}.not_adopted": 2, f"{line}.not_supported": 2,
            f"{line}.terminated": 2, f"{line}.conduct": 3, f"{line}.conduct_adopted": 2,
        }  # fmt: skip
    uy = UnitYear(info, 2023, quotas, staff, SEED, names, siblings, date(2026, 11, 27))
    uy.rng = _Longest(1)
    events = [(on, e["type"]) for c in supervision.supervision_cases(uy) for on, _, e in c.events]
    assert {"civil.conduct_reply", "administrative.conduct_reply", "civil.retrial_outcome",
            "civil.protest_requested", "civil.support_outcome"} <= {t for _, t in events}  # fmt: skip
    assert [(on, t) for on, t in events if on > date(2023, 12, 31)] == []
    assert max(on for on, _ in events) == date(2023, 12, 31)  # the longest span, used up


def test_petitions_are_handed_over_only_by_procuratorates_with_basic_ones_below(db):
    """A prefectural procuratorate hands a repeat petition over to a basic procuratorate below
    it (Rules art. 161 ¶2); the cities with no county-level division (东莞, 中山, 儋州,
    嘉峪关) have none, so the report's 1,062 handovers and 1,024 completed go to the others
    in full, and a unit-year given handovers with no one below is an error, not a silent
    loss."""
    from procuracy.simulator import complaints
    from procuracy.simulator.generate import UnitYear

    units = load.units_with_weights(SEED)
    quotas = load.unit_quotas(plan.national(2023, 1.0), units, SEED, 2023)
    below = load._below()
    assert not below.get("441900") and not below.get("460400")  # 东莞, 儋州
    handing = {u.code: q for u, q in zip(units, quotas, strict=True) if q["petitions.handed_over"]}
    assert handing and all(below.get(code) for code in handing)
    assert sum(q["petitions.handed_over"] for q in handing.values()) == 1_062
    assert sum(q["petitions.handover_completed"] for q in handing.values()) == 1_024
    info = next(u for u in units if u.code == "441900")
    staff = load.staff_for(info, 40)
    names, siblings = load._charge_names()
    q = {"petitions.received": 3, "petitions.handed_over": 1}
    uy = UnitYear(info, 2023, q, staff, SEED, names, siblings, date(2026, 11, 27))
    with pytest.raises(plan.PlanError, match="441900"):
        complaints.complaint_cases(uy)


def test_a_run_at_another_scale_or_seed_is_refused_and_bench_report_reads_the_scale(
    simulated, tmp_path, monkeypatch
):
    """Two flows in one ledger would add up in the figures: a run at another scale or seed is
    refused with what the database holds; ``bench report`` takes the recorded scale, and
    compares only the report's year (its year-on-year changes check the year before)."""
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    from procuracy.core.errors import ValidationFailed

    org, *_ = simulated
    assert load.simulated_runs() == {(SEED, SCALE)}
    with pytest.raises(ValidationFailed, match=f"already holds a simulation at scale {SCALE:g} "
                       f"seed {SEED}"):  # fmt: skip
        load.run((2022, 2023), 0.02, SEED, org=org, today=date(2026, 11, 27))
    with pytest.raises(ValidationFailed, match="already holds"):
        load.run((2022, 2023), SCALE, SEED + 1, org=org, today=date(2026, 11, 27))
    monkeypatch.setattr(facts, "default_path", lambda: tmp_path / "facts.duckdb")
    out = StringIO()
    call_command("bench", "report", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["scale"] == SCALE and result["covered"] > 100
    # one subtree simulated: the comparison with the nation's report says it covers part
    assert result["provinces_with_events"] == 1 < result["provinces"]
    out = StringIO()
    call_command("bench", "report", stdout=out)
    assert f"only 1 of {result['provinces']} provinces have events in 2023" in out.getvalue()
    with pytest.raises(CommandError, match="the work report is 2023's: --year 2023"):
        call_command("bench", "report", "--year", "2022", stdout=StringIO())


def test_a_document_drawn_twice_is_drawn_again_and_the_intakes_import(db, monkeypatch):
    """An intake refuses the same identity document twice (one person listed twice would be
    counted twice); random citizen ID numbers of one region meet at scale 1.0, so the
    generator draws again. Here every other draw repeats the first document."""
    from procuracy.cases import interchange
    from procuracy.simulator import generate
    from procuracy.simulator.generate import UnitYear

    org = Procuratorate.objects.get(code="110105")
    info = next(u for u in load.units_with_weights(SEED) if u.code == org.code)
    staff = load.staff_for(info, 40)
    load.provision_staff([(info, staff)], actor=None)
    names, siblings = load._charge_names()
    draw = generate.UnitYear._draw_identity
    first: list[dict] = []

    def repeating(self, p, on, youngest):
        fresh = draw(self, p, on, youngest)
        if not first:
            first.append(fresh)
        repeating.calls += 1
        return dict(first[0]) if repeating.calls % 2 == 0 else fresh

    repeating.calls = 0
    monkeypatch.setattr(generate.UnitYear, "_draw_identity", repeating)
    quotas = {"prosecuted.other": 30}
    lines = UnitYear(info, 2023, quotas, staff, SEED, names, siblings, date(2026, 11, 27)).lines()
    numbers = [
        p["id_number"]
        for line in lines
        if line["type"] == "case.received"
        for p in line["payload"]["persons"]
    ]
    assert repeating.calls > len(numbers)  # the repeats were drawn, and drawn again
    assert len(set(numbers)) == len(numbers)
    assert interchange.import_lines(None, objects=lines).ok


def test_a_generator_whose_draws_always_repeat_still_gives_distinct_valid_documents():
    """With draws that never change (the tests' fixed random sources), the next free number
    is taken: the sequence moves on keeping its parity (the sex, GB 11643), the check
    character is recomputed, and a passport keeps its form."""
    from procuracy.parties import identifiers
    from procuracy.simulator.generate import UnitYear

    class Fixed:
        issued: set = set()
        _identity = UnitYear._identity

        def _draw_identity(self, p, on, youngest):
            return {"name": "张三", "id_number": "11010519800101001" + "6"}

    fixed = Fixed()
    fixed.issued = set()
    numbers = [fixed._identity(None, date(2023, 5, 1))["id_number"] for _ in range(1200)]
    assert len(set(numbers)) == 1200
    for number in numbers:
        parsed = identifiers.parse_citizen_id(number, today=date(2023, 5, 1))
        assert parsed.sex == "male"
    assert numbers[-1][6:14] != "19800101"  # past 500 sequences: the day before

    class Passports(Fixed):
        def _draw_identity(self, p, on, youngest):
            return {"name": "John", "id_kind": "passport", "id_number": "E12345678X",
                    "id_country": "USA"}  # fmt: skip

    passports = Passports()
    passports.issued = set()
    numbers = [passports._identity(None, date(2023, 5, 1))["id_number"] for _ in range(50)]
    assert len(set(numbers)) == 50
    for number in numbers:
        identifiers.parse_foreign_document("passport", number, "USA")


def test_simulated_minors_are_old_enough_for_their_charges(db):
    """Criminal Law art. 17 ¶2: from 14 to 16 only the eight crimes are punished. A simulated
    minor charged with another crime (theft, provocation) is at least 16 at the offence, one
    charged with robbery or injury at least 14; the import, which checks the ages, takes them."""
    from procuracy.cases import interchange
    from procuracy.cases.engine import AGE_14_CHARGES
    from procuracy.parties import identifiers

    quotas = {"prosecuted.other": 120, "prosecuted.minor": 120, "conditional": 40}
    lines = district_lines(quotas)
    ages = []
    for line in lines:
        if line["type"] != "case.received":
            continue
        for p in line["payload"]["persons"]:
            if "offence_date" not in p or p.get("id_kind", "citizen_id") != "citizen_id":
                continue
            born = identifiers.parse_citizen_id(p["id_number"]).birth_date
            age = identifiers.age_on(born, date.fromisoformat(p["offence_date"]))
            if age < 18:
                ages.append((age, {c["name"] for c in p["charges"]}))
    assert len(ages) >= 100
    assert all(age >= 16 or names <= AGE_14_CHARGES for age, names in ages)
    assert any(age < 16 for age, _ in ages)  # the eight crimes still have their young offenders
    assert any(age >= 16 and not names <= AGE_14_CHARGES for age, names in ages)
    assert interchange.import_lines(None, objects=lines).ok


def test_a_protest_remanded_for_retrial_gets_the_retrials_judgment(db):
    """CPL art. 236 ¶1(3): a protest the court above remands sets the judgment aside, and the
    court below tries the case again. The simulation records the retrial's first-instance
    judgment after the remand (or nothing, where it would fall after the year), and the
    import takes it: the person's judgment is final again, not left awaiting a retrial."""
    from procuracy.cases import interchange
    from procuracy.cases.models import CasePerson

    quotas = {"prosecuted.other": 60, "protest.filed": 12, "protest.decided": 12,
              "protest.remanded": 12}  # fmt: skip
    lines = district_lines(quotas)
    by_person: dict[tuple, list[dict]] = {}
    for line in lines:
        for key in line["persons"]:
            by_person.setdefault((line["case"]["id"], key), []).append(line)
    remanded = {
        person: events
        for person, events in by_person.items()
        if any(e["type"] == "protest.decided" for e in events)
    }
    assert len(remanded) == 12
    retried = 0
    for events in remanded.values():
        types = [e["type"] for e in events]
        assert types.count("protest.decided") == 1
        after = types[types.index("protest.decided") + 1 :]
        assert after in ([], ["trial.first_instance_decided", "protest.not_filed"])
        if after:
            retried += 1
            first, second = (e for e in events if e["type"] == "trial.first_instance_decided")
            assert second["payload"]["outcome"] == first["payload"]["outcome"]
            assert second["occurred_on"] > events[types.index("protest.decided")]["occurred_on"]
    assert retried > 0
    assert interchange.import_lines(None, objects=lines).ok
    stages = {
        (str(cp.case_id), cp.key): cp.stage
        for cp in CasePerson.objects.filter(case__procuratorate__code="110105")
    }
    for (case_id, key), events in remanded.items():
        retrial_judged = sum(e["type"] == "trial.first_instance_decided" for e in events) == 2
        assert stages[(case_id, key)] == ("judgment_final" if retrial_judged else "retrial")


def district_lines(quotas: dict[str, int]) -> list[dict]:
    """The lines of 110105's 2023 from ``quotas``, its 40 procurators provisioned."""
    from procuracy.simulator.generate import UnitYear

    info = next(u for u in load.units_with_weights(SEED) if u.code == "110105")
    staff = load.staff_for(info, 40)
    load.provision_staff([(info, staff)], actor=None)
    names, siblings = load._charge_names()
    return UnitYear(info, 2023, quotas, staff, SEED, names, siblings, date(2026, 11, 27)).lines()


def test_every_simulated_person_s_stage_and_decision_has_a_name(simulated):
    """The case page names each person's stage and decision with its reason in the page's
    language (不批准逮捕（证据不足）, 调解结案): none of a simulated ledger is shown as a
    code (it showed ``mediated`` and ``(no_necessity)``)."""
    import re

    from procuracy.cases.stages import decision_label, label

    seen = set()
    for state in Case.objects.values_list("state", flat=True):
        for p in state["persons"].values():
            seen.add((p["stage"], p.get("decision"), p.get("reason")))
    assert len({d for _, d, _ in seen}) >= 8, seen
    for stage, decision, reason in seen:
        zh, en = decision_label(decision, reason, "zh-hans"), decision_label(decision, reason, "en")
        assert not re.search(r"[a-z]", zh + label(stage, "zh-hans")), (stage, decision, reason, zh)
        assert "_" not in en + label(stage, "en"), (stage, decision, reason, en)
