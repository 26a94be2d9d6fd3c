"""Self-investigation, limitation approvals, wages recovered and criminal compensation
figures, from hand-walked cases of 2024; the counts and sums are worked out here."""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

MAN = "110105194912310011"  # weighted sum 165, 165 % 11 = 0: check 1 (GB 11643)
OTHER = "110105198001010016"  # a second man of one case: one document, one person


def suspect(article, charge, offence="2024-01-10", id_number=MAN):
    return {"name": "某", "id_number": id_number, "custody": "not_detained", "offence_date": offence,
            "charges": [{"article": article, "name": charge}]}  # fmt: skip


@pytest.mark.django_db
def test_investigation_limitation_wages_and_compensation_figures(make_user, unit):
    staff = {}
    for code in ("110105", "110000", "000000"):
        staff[code] = {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
            "enforcement": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT),
            "complaints": make_user(code, Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    def case(kind, persons, materials, code="110105", agency="procuratorate"):
        return actions.receive_case(
            unit(code), kind=kind, received_on=date(2024, 3, 1), source={"agency": agency},
            persons=persons, materials=materials, actor=staff[code]["manager"],
        )  # fmt: skip

    def record(c, etype, on, persons=(), who="procurator", **payload):
        people = staff[c.procuratorate.code]
        actions.record_event(c.pk, etype, occurred_on=date.fromisoformat(on),
                             persons=list(persons), actor=people[who],
                             payload={**payload, "approved_by": people["chief"].username})  # fmt: skip

    inv = case("self_investigation", [suspect("247", "刑讯逼供罪"), suspect("397", "滥用职权罪", id_number=OTHER)],
               ["lead"])  # fmt: skip
    record(inv, "investigation.filed", "2024-03-10", ["P1"], who="enforcement", mobile=False)
    record(inv, "investigation.filed", "2024-03-10", ["P2"], who="enforcement", mobile=True,
           decided_by="110000")  # fmt: skip
    cold = [suspect("232", "故意杀人罪", "2001-05-01")]
    approved = case("limitation_approval", cold, ["approval_report"], code="000000")
    record(approved, "limitation.approved", "2024-04-01", ["P1"])
    refused = case("limitation_approval", cold, ["approval_report"], code="000000")
    record(refused, "limitation.refused", "2024-04-01", ["P1"], reason="不是必须追诉")
    fled = [{**suspect("385", "受贿罪"), "custody": "at_large"}]
    for code in ("110000", "110000"):
        conf = case("confiscation_review", fled, ["confiscation_opinion"], code=code,
                    agency="supervision_commission")  # fmt: skip
        record(conf, "confiscation.applied", "2024-03-20", ["P1"], court="第一中级人民法院")
    # a former provincial-level cadre prosecuted, and a bribe-giver of no rank
    cadres = case("prosecution_review",
                  [{**suspect("385", "受贿罪"), "custody": "commission_detention",
                    "rank": "provincial_ministerial"},
                   {**suspect("389", "行贿罪", id_number=OTHER), "custody": "commission_detention"}],
                  ["transfer_opinion", "case_file", "evidence"], agency="supervision_commission")  # fmt: skip
    for key, charge in (("P1", ("385", "受贿罪")), ("P2", ("389", "行贿罪"))):
        record(cadres, "commission.detained", "2024-03-04", [key])
        record(cadres, "commission.measure_decided", "2024-03-05", [key], measure="arrested")
        record(cadres, "prosecution.prosecuted", "2024-03-25", [key],
               charges=[{"article": charge[0], "name": charge[1]}])  # fmt: skip
    for amount in (120_000, 80_000):
        wages = case("prosecution_review", [suspect("276-1", "拒不支付劳动报酬罪")],
                     ["transfer_opinion", "case_file", "evidence"], agency="police")  # fmt: skip
        record(wages, "prosecution.wages_recovered", "2024-03-20", amount=amount)
    foreigner = {"name": "John Smith", "id_kind": "passport", "id_number": "E12345678",
                 "id_country": "USA", "role": "person_concerned"}  # fmt: skip
    case("judicial_assistance", [foreigner], ["assistance_request"], code="000000",
         agency="foreign_authority")  # fmt: skip
    for _ in range(2):
        case("criminal_compensation", [{"name": "孙某", "id_number": MAN, "role": "claimant"}],
             ["application"], agency="public")  # fmt: skip

    con = facts.connect(":memory:")
    v = service.figures(2024, "110105", con=con).values
    # the mobile filing's 滥用职权罪 is a judicial-staff charge too: counted as mobile only
    assert v["investigation.judicial_staff_filed"].value == 1
    assert v["investigation.mobile_filed"].value == 1
    assert v["criminal.wage_arrears_recovered"].value == 200_000
    assert v["petitions.criminal_compensation_cases"].value == 2
    assert v["criminal.prosecution_after_limitation_approved"].value == 0
    assert v["duty.confiscation_applied"].value == 0  # Beijing's, not Chaoyang's
    assert v["duty.prosecuted"].value == 2
    assert v["duty.prosecuted.provincial_ministerial"].value == 1
    # the report's 2,593 "bribery" prosecutions are the givers (受贿行贿一起查): the taker is a
    # duty-crime prosecution, not one of them (CL arts. 385, 389)
    assert v["duty.prosecuted.bribe_giving"].value == 1
    beijing = service.figures(2024, "110000", con=con).values
    assert beijing["duty.confiscation_applied"].value == 2
    # the cases a commission transfers for review for prosecution (CPL art. 170), not its
    # applications to confiscate an absconded suspect's gains (CPL art. 298): the share with
    # early involvement is of the former
    assert beijing["duty.cases_received"].value == 1
    assert beijing["duty.transferred"].value == 2  # the cadres, not the absconded suspects
    assert v["duty.cases_received"].value == 1
    national = service.figures(2024, "000000", con=con).values
    assert national["criminal.prosecution_after_limitation_approved"].value == 1
    assert national["criminal.judicial_assistance_cases"].value == 1
    # its person concerned holds a passport, but a request for judicial assistance is no
    # foreign-related criminal case of the country's own (the report counts the two apart)
    assert national["criminal.cases_foreign"].value == 0
    # criminal cases received: not the criminal compensation claims (the complaints line)
    assert (
        v["criminal.cases_received"].value == 4
    )  # two wage-arrears cases, the cadres, self-investigation
    assert v["criminal.judicial_assistance_cases"].value == 0
