"""Public interest litigation: administrative (APL art. 25 ¶4; PIL Interpretation arts. 21-25)
and civil (CivPL art. 58 ¶2; PIL Interpretation arts. 13-20).

Dates are worked out by hand. Periods of the PIL Interpretation are counted as the CivPL counts
them (APL art. 101, CivPL art. 85: the start day is not counted, a last day on a holiday rolls
to the next working day; Civil Code art. 202 for months). The 2024 Labour Day holiday ran from
Wed 1 May to Sun 5 May (State Council notice of 2023-10-25), so Mon 6 May is the first working
day after it.
"""

from datetime import date
from io import StringIO

import pytest
from casewalk import assign, intake, only, person_of, record, refused, reload

from procuracy.cases import interchange, projection
from procuracy.cases.models import CasePerson, LedgerEvent
from procuracy.core.errors import ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

GB32100 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb32100(registration: str, division: str, org8: str) -> str:
    """A unified social credit code with both check characters (GB 11714 for the
    organisation code, GB 32100 for the whole), computed here independently of the code
    under test."""
    values = [int(c, 36) for c in org8]  # 0-9, A=10 ... Z=35
    c9 = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org9 = org8 + {10: "X", 11: "0"}.get(c9, str(c9))
    body = registration + division + org9
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(GB32100.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + GB32100[(31 - total % 31) % 31]


# 11: an organ of the state (机关); 110105: 朝阳区.
ORGAN = gb32100("11", "110105", "00002101")
OTHER_ORGAN = gb32100("11", "110105", "00002102")
COMPANY = "91350100M000100Y43"  # GB 32100 example (checked by hand in tests/parties)


def organ(name="北京市朝阳区生态环境局", code=ORGAN, role="respondent", **extra):
    return {"name": name, "id_kind": "credit_code", "id_number": code, "role": role, **extra}


@pytest.fixture
def pil_staff(staff, make_user):
    return {
        **staff,
        "pil": make_user("110105", Role.PROCURATOR, DepartmentKind.PUBLIC_INTEREST),
    }


@pytest.fixture
def administrative(unit, pil_staff):
    def go(on=date(2024, 3, 1), parties=None, domain="environment_resources"):
        case = intake(
            unit,
            pil_staff,
            kind="pil_administrative",
            on=on,
            agency="procuratorate",
            persons=parties or [organ()],
            materials=["lead"],
        )
        assign(case, pil_staff, on)
        record(case, "pil.filed", on, pil_staff["pil"], domain=domain)
        return case

    return go


@pytest.fixture
def civil(unit, pil_staff):
    def go(on=date(2024, 3, 1)):
        defendants = [
            {"name": "某化工有限公司", "id_kind": "credit_code", "id_number": COMPANY,
             "role": "defendant"},
            {"name": "王某", "id_number": "11010519491231002X", "role": "defendant"},
        ]  # fmt: skip
        case = intake(
            unit, pil_staff, kind="pil_civil", on=on, agency="public", persons=defendants,
            materials=["lead"],
        )  # fmt: skip
        assign(case, pil_staff, on)
        record(case, "pil.filed", on, pil_staff["pil"], domain="environment_resources")
        return case

    return go


def suggest(case, staff, on="2024-03-04", received="2024-03-05", key="P1", **extra):
    return record(
        case, "pil.pre_litigation_suggestion", on, staff["pil"], [key], received_on=received,
        **extra,
    )  # fmt: skip


class TestAdministrative:
    def test_a_case_is_numbered_assigned_to_the_pil_department_and_filed_in_a_field(
        self, administrative, pil_staff
    ):
        """Organic Law art. 20(4); APL art. 25 ¶4. The organ is a party, not a suspect."""
        case = administrative()
        case = reload(case)
        assert case.number == "京朝检行公受〔2024〕1号"
        assert (case.line, case.department) == ("public_interest", "public_interest")
        assert case.handler == pil_staff["pil"]
        assert (case.stage, case.state["domain"]) == ("filed", "environment_resources")
        party = case.state["persons"]["P1"]
        assert (party["role"], party["stage"], party["id_number"]) == ("respondent", "respondent",
                                                                        ORGAN)  # fmt: skip
        # an organisation is no natural person: no Person row is linked
        assert CasePerson.objects.get(case=case, key="P1").person is None

    def test_the_organ_replies_within_two_months_of_receiving_the_suggestion(
        self, administrative, pil_staff
    ):
        """PIL Interpretation art. 21 ¶2: 2 months from receipt (Tue 2024-03-05) end on Sun
        2024-05-05, in the Labour Day holiday: the reply is due Mon 2024-05-06."""
        case = administrative()
        suggest(case, pil_staff)
        assert person_of(case)["stage"] == "suggestion_pending"
        assert only(case, "pil-pre-litigation-reply", "P1")["due"] == "2024-05-06"
        record(case, "pil.suggestion_replied", "2024-04-30", pil_staff["manager"], ["P1"],
               outcome="rectified")  # fmt: skip
        assert person_of(case)["stage"] == "replied"
        assert only(case, "pil-pre-litigation-reply", "P1", status="met")

    def test_an_urgent_suggestion_is_answered_within_fifteen_days(self, administrative, pil_staff):
        """PIL Interpretation art. 21 ¶2: 15 days from Tue 2024-03-05 end Wed 2024-03-20."""
        case = administrative()
        suggest(case, pil_staff, urgent=True)
        assert only(case, "pil-pre-litigation-reply-urgent", "P1")["due"] == "2024-03-20"

    def test_no_lawsuit_against_an_organ_that_rectified_and_the_case_closes(
        self, administrative, pil_staff
    ):
        """PIL Interpretation art. 21 ¶3: a suit lies only when the organ does not perform
        its duty."""
        case = administrative()
        suggest(case, pil_staff)
        record(case, "pil.suggestion_replied", "2024-04-10", pil_staff["manager"], ["P1"],
               outcome="rectified")  # fmt: skip
        with refused(ValidationFailed, "performed its duty", "art. 21"):
            record(case, "pil.lawsuit_filed", "2024-05-10", pil_staff["pil"], ["P1"],
                   court="北京市朝阳区人民法院", approved_by=pil_staff["chief"].username)  # fmt: skip
        record(case, "pil.closed", "2024-05-10", pil_staff["pil"], reason="rectified")
        assert reload(case).stage == "concluded"

    def test_no_reply_is_recorded_only_once_the_period_has_run_then_the_organ_is_sued(
        self, administrative, pil_staff
    ):
        """PIL Interpretation art. 21 ¶2-3, art. 22(3); Organic Law art. 29 (the chief
        procurator decides to sue); art. 25(3): the court orders the organ to perform."""
        case = administrative()
        suggest(case, pil_staff)
        with refused(ValidationFailed, "may still reply", "2024-05-06"):
            record(case, "pil.no_reply_recorded", "2024-05-06", pil_staff["pil"], ["P1"])
        record(case, "pil.no_reply_recorded", "2024-05-07", pil_staff["pil"], ["P1"])
        assert only(case, "pil-pre-litigation-reply", "P1", status="closed_late")
        with refused(
            ValidationFailed, "approval of the chief procurator", field="payload.approved_by"
        ):
            record(case, "pil.lawsuit_filed", "2024-05-20", pil_staff["pil"], ["P1"],
                   court="北京市朝阳区人民法院")  # fmt: skip
        record(case, "pil.lawsuit_filed", "2024-05-20", pil_staff["pil"], ["P1"],
               court="北京市朝阳区人民法院", approved_by=pil_staff["chief"].username)  # fmt: skip
        assert (reload(case).stage, person_of(case)["stage"]) == ("litigation", "sued")
        with refused(ValidationFailed, "not an outcome of an administrative", "ordered_to_perform"):
            record(case, "pil.judgment", "2024-08-01", pil_staff["manager"], ["P1"],
                   outcome="upheld")  # fmt: skip
        record(case, "pil.judgment", "2024-08-01", pil_staff["manager"], ["P1"],
               outcome="ordered_to_perform")  # fmt: skip
        assert person_of(case)["decision"] == "ordered_to_perform"
        assert reload(case).stage == "concluded"

    def test_an_organ_cannot_be_sued_before_a_pre_litigation_suggestion(
        self, administrative, pil_staff
    ):
        """APL art. 25 ¶4: the suggestion comes first."""
        case = administrative()
        with refused(ValidationFailed, "stage 'respondent'"):
            record(case, "pil.lawsuit_filed", "2024-03-10", pil_staff["pil"], ["P1"],
                   court="北京市朝阳区人民法院", approved_by=pil_staff["chief"].username)  # fmt: skip

    def test_a_suggestion_needs_a_filed_case_and_a_receipt_on_or_after_its_issue(
        self, unit, pil_staff
    ):
        case = intake(unit, pil_staff, kind="pil_administrative", on="2024-03-01",
                      agency="procuratorate", persons=[organ()], materials=["lead"])  # fmt: skip
        assign(case, pil_staff, "2024-03-01")
        with refused(ValidationFailed, "has not been filed"):
            suggest(case, pil_staff)
        record(case, "pil.filed", "2024-03-01", pil_staff["pil"], domain="food_drug_safety")
        with refused(ValidationFailed, "before it was issued"):
            suggest(case, pil_staff, on="2024-03-04", received="2024-03-03")
        with refused(ValidationFailed, "not one of", field="payload.domain"):
            record(case, "pil.filed", "2024-03-02", pil_staff["pil"], domain="space")

    def test_a_case_with_a_pending_reply_cannot_be_closed(self, administrative, pil_staff):
        case = administrative(parties=[organ(), organ("北京市朝阳区水务局", OTHER_ORGAN)])
        suggest(case, pil_staff, key="P1")
        suggest(case, pil_staff, key="P2")
        record(case, "pil.suggestion_replied", "2024-04-01", pil_staff["manager"], ["P1"],
               outcome="rectified")  # fmt: skip
        with refused(ValidationFailed, "P2 still await"):
            record(case, "pil.closed", "2024-04-02", pil_staff["pil"], reason="rectified")
        with refused(ValidationFailed, "only a civil case"):
            record(case, "pil.closed", "2024-04-02", pil_staff["pil"], reason="organisation_sued")

    def test_a_lead_not_filed_ends_the_case(self, unit, pil_staff):
        case = intake(unit, pil_staff, kind="pil_administrative", on="2024-03-01",
                      agency="public", persons=[organ()], materials=["lead"])  # fmt: skip
        record(case, "pil.not_filed", "2024-03-08", pil_staff["pil"], reason="no_harm")
        assert reload(case).stage == "concluded"


class TestCivil:
    def test_an_action_is_brought_only_after_the_thirty_day_announcement(self, civil, pil_staff):
        """PIL Interpretation art. 13: announced Mon 2024-04-01, 30 days end Wed 2024-05-01,
        a holiday: the announcement runs to Mon 2024-05-06. An action incidental to a
        prosecution (art. 20) is announced too (SPC-SPP Reply of 2019)."""
        case = civil()
        assert reload(case).number == "京朝检民公受〔2024〕1号"
        with refused(ValidationFailed, "only after the 30-day announcement"):
            record(case, "pil.lawsuit_filed", "2024-03-20", pil_staff["pil"], ["P1"],
                   court="北京市第四中级人民法院", approved_by=pil_staff["chief"].username)  # fmt: skip
        record(case, "pil.announced", "2024-04-01", pil_staff["pil"])
        assert only(case, "pil-announcement")["due"] == "2024-05-06"
        with refused(ValidationFailed, "runs to 2024-05-06"):
            record(case, "pil.lawsuit_filed", "2024-05-06", pil_staff["pil"], ["P1"],
                   court="北京市第四中级人民法院", approved_by=pil_staff["chief"].username)  # fmt: skip
        record(case, "pil.lawsuit_filed", "2024-05-07", pil_staff["pil"], ["P1", "P2"],
               court="北京市第四中级人民法院", incidental=True,
               approved_by=pil_staff["chief"].username)  # fmt: skip
        with refused(ValidationFailed, "not an outcome of a civil"):
            record(case, "pil.judgment", "2024-09-01", pil_staff["manager"], ["P1"],
                   outcome="revoked")  # fmt: skip
        record(case, "pil.judgment", "2024-09-01", pil_staff["manager"], ["P1"], outcome="upheld")
        assert reload(case).stage == "litigation"  # P2 awaits the judgment
        record(case, "pil.judgment", "2024-09-01", pil_staff["manager"], ["P2"],
               outcome="partly_upheld")  # fmt: skip
        assert reload(case).stage == "concluded"

    def test_an_entitled_organisation_suing_ends_the_case(self, civil, pil_staff):
        """CivPL art. 58 ¶2: the procuratorate may then support that action."""
        case = civil()
        record(case, "pil.announced", "2024-04-01", pil_staff["pil"])
        record(case, "pil.closed", "2024-04-15", pil_staff["pil"], reason="organisation_sued")
        assert reload(case).stage == "concluded"

    def test_the_announcement_is_the_organisations_time_and_ends_by_itself(self, civil, pil_staff):
        """PIL Interpretation art. 13 ¶1 ("应当依法公告，公告期间为三十日"): the 30 days are the
        time of the organs and organisations entitled to sue (law catalogue ``holder: party``),
        not the procuratorate's deadline. Once run out it is over, not overdue: a case closed
        because an organisation sued, or brought to court after it, is not listed in process
        monitoring (the demo listed every announced case as overdue), and the case page shows
        the announcement as 期满 (ran out)."""
        from procuracy.cases import selectors as case_selectors
        from procuracy.cases.models import Case
        from procuracy.web import selectors as web_selectors

        case = civil()
        record(case, "pil.announced", "2024-04-01", pil_staff["pil"])
        assert Case.objects.get(pk=case.pk).next_due is None
        record(case, "pil.closed", "2024-04-15", pil_staff["pil"], reason="organisation_sued")
        watched = web_selectors.monitoring(pil_staff["manager"], include_later=True)
        assert case.pk not in {d.case_id for d in watched["deadlines"]}
        view = case_selectors.case_view(pil_staff["manager"], reload(case).number)
        shown = next(d for d in view["deadlines"] if d["rule"] == "pil-announcement")
        assert shown["status"] == "ran_out"  # 2024-05-06 is past

    def test_no_pre_litigation_suggestion_in_a_civil_case(self, civil, pil_staff):
        case = civil()
        with refused(ValidationFailed, "not part of a civil public interest litigation case"):
            suggest(case, pil_staff)

    def test_only_a_civil_action_is_incidental(self, administrative, pil_staff):
        """PIL Interpretation art. 20."""
        case = administrative()
        suggest(case, pil_staff)
        record(case, "pil.suggestion_replied", "2024-04-10", pil_staff["manager"], ["P1"],
               outcome="refused")  # fmt: skip
        with refused(ValidationFailed, "only a civil public interest action is incidental"):
            record(case, "pil.lawsuit_filed", "2024-05-10", pil_staff["pil"], ["P1"],
                   court="北京市朝阳区人民法院", incidental=True,
                   approved_by=pil_staff["chief"].username)  # fmt: skip


def test_the_credit_code_helper_reproduces_the_standards_example():
    """GB 32100-2015's example 91350100M000100Y43 (organisation code M000100Y4)."""
    assert gb32100("91", "350100", "M000100Y") == COMPANY


class TestParties:
    @pytest.mark.parametrize(
        ("party", "field", "fragment"),
        [
            (organ(role=None), "persons.P1.role", "is not one of respondent"),
            (organ(role="defendant"), "persons.P1.role", "is not one of respondent"),
            (organ(code=ORGAN[:-1] + ("0" if ORGAN[-1] != "0" else "1")),
             "persons.P1.id_number", "check character"),
            (organ(custody="detained"), "persons.P1.custody", "has no custody"),
            (organ(charges=[{"article": "264", "name": "盗窃罪"}]), "persons.P1.charges",
             "has no charges"),
            (organ(name=""), "persons.P1.name", "a name is required"),
        ],
    )  # fmt: skip
    def test_a_bad_party_is_refused_by_field_and_nothing_is_written(
        self, unit, pil_staff, party, field, fragment
    ):
        with refused(ValidationFailed, fragment, field=field):
            intake(unit, pil_staff, kind="pil_administrative", on="2024-03-01",
                   agency="procuratorate", persons=[party], materials=["lead"])  # fmt: skip

    def test_a_suspect_is_a_natural_person(self, unit, pil_staff):
        from casewalk import person

        suspect = person(id_kind="credit_code", id_number=COMPANY)
        with refused(ValidationFailed, "a suspect is a natural person",
                     field="persons.P1.id_kind"):  # fmt: skip
            intake(unit, pil_staff, kind="arrest_review", on="2024-03-01", agency="police",
                   persons=[suspect], materials=["arrest_request", "case_file", "evidence"])  # fmt: skip


def test_an_export_of_public_interest_cases_imports_into_an_empty_ledger_identically(
    administrative, civil, pil_staff
):
    """The ledger issue's round trip holds for the new line: the same projections."""
    from test_interchange import export_text, states, wipe_ledger_and_projections

    case = administrative()
    suggest(case, pil_staff)
    record(case, "pil.no_reply_recorded", "2024-05-07", pil_staff["pil"], ["P1"])
    other = civil()
    record(other, "pil.announced", "2024-04-01", pil_staff["pil"])
    text = export_text()
    digest, before, count = projection.digest(), states(), LedgerEvent.objects.count()
    wipe_ledger_and_projections()
    result = interchange.import_lines(StringIO(text))
    assert result.ok, result.rejected
    assert (result.imported, result.cases) == (count, 2)
    assert states() == before
    assert projection.digest() == digest


def test_the_case_command_shows_a_party_with_its_role(administrative):
    from django.core.management import call_command

    case = reload(administrative())
    out = StringIO()
    call_command("case", "show", case.number, stdout=out)
    assert "P1 北京市朝阳区生态环境局: respondent, role respondent" in out.getvalue()
