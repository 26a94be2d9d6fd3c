"""A case whose period runs into a year whose holiday schedule is not imported yet: received
with a provisional due date, made final when the year is imported (docs/law.md).

The built-in schedule (chinese-calendar 1.11.0) ends with 2026. An application for civil
supervision received on Fri 2026-11-06 is reviewed within 3 months (CivPL art. 220 ¶2), which
end on Sat 2027-02-06 (Civil Code art. 202: the corresponding day). Without the 2027 schedule
that day is the provisional due date (no roll-over: never later than the real one). With the
test schedule below (Spring Festival 02-06 to 02-13, Sunday
02-14 worked) the last day is a holiday and the period ends on the first working day after it,
Sun 2027-02-14 (CivPL art. 85 ¶3).
"""

from datetime import date
from io import StringIO

import pytest
from casewalk import assign, intake, only, reload
from django.core.management import call_command

from procuracy.cases import engine, projection
from procuracy.cases.models import CaseDeadline
from procuracy.law.management.store import site_calendar
from procuracy.staff.roles import DepartmentKind, Role

#: A test schedule (not the State Council's real 2027 one), as in tests/law/test_schedule.py.
VALID_2027 = """\
year: 2027
source: a test schedule
holidays:
  - {date: 2027-01-01, name: New Year's Day}
  - {from: 2027-02-06, to: 2027-02-13, name: Spring Festival}
workdays:
  - {date: 2027-02-14, name: Spring Festival}
"""
pytestmark = pytest.mark.django_db

APPLICANT = {"name": "李某", "id_number": "11010519491231002X", "role": "applicant"}
COMPANY = {"name": "某建设有限公司", "id_kind": "credit_code", "id_number": "91350100M000100Y43",
           "role": "other_party"}  # fmt: skip


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    assert 2027 not in site_calendar().years, "the 2027 schedule is built in now: move the dates"
    return settings.DATA_DIR


@pytest.fixture
def application(unit, make_user, data_dir):
    staff = {
        "manager": make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "civil": make_user("110105", Role.PROCURATOR, DepartmentKind.CIVIL),
    }
    case = intake(unit, staff, kind="civil_judgment_supervision", on="2026-11-06",
                  agency="public", persons=[APPLICANT, COMPANY],
                  materials=["application", "judgment"])  # fmt: skip
    assign(case, staff, "2026-11-06")
    return case


def test_the_case_is_received_with_a_provisional_due_date(application):
    """Before, the intake was refused ("no holiday schedule for 2027")."""
    d = only(application, "civil-supervision-review")
    assert (d["due"], d["raw_end"], d["provisional"]) == ("2027-02-06", "2027-02-06", True)
    explained = engine.deadline_object(d, site_calendar())
    assert "暂定：2027年国务院节假日安排尚未导入" in explained.explanation("zh")
    # the projection replays to the same provisional date
    before = projection.digest()
    projection.replay()
    assert projection.digest() == before


def test_importing_the_year_makes_the_due_date_final(application, tmp_path):
    source = tmp_path / "schedule-2027.yaml"
    source.write_text(VALID_2027, encoding="utf-8")
    out = StringIO()
    call_command("calendar", "import", str(source), stdout=out)
    assert "recomputed the deadlines of 1 case(s) reaching into 2027" in out.getvalue()
    d = only(application, "civil-supervision-review")
    assert (d["due"], d["raw_end"], d["rolled_over"]) == ("2027-02-14", "2027-02-06", True)
    assert "provisional" not in d
    row = CaseDeadline.objects.get(case_id=application.pk, rule="civil-supervision-review")
    assert row.due == date(2027, 2, 14)
    assert reload(application).next_due == date(2027, 2, 14)
    # the same as a case built afresh from the ledger with the schedule
    before = projection.digest()
    projection.replay()
    assert projection.digest() == before


def test_recompute_redoes_it_for_a_year_the_calendar_now_knows(application, tmp_path):
    """After a package upgrade brings the year (here: the file stored without the import's
    recompute), ``calendar recompute YEAR`` makes the provisional date final."""
    from procuracy.law.management.store import store_schedule
    from procuracy.law.schedule import parse_schedule

    store_schedule(parse_schedule(VALID_2027))
    assert only(application, "civil-supervision-review")["provisional"] is True
    out = StringIO()
    call_command("calendar", "recompute", "2027", stdout=out)
    assert "recomputed the deadlines of 1 case(s) reaching into 2027" in out.getvalue()
    assert only(application, "civil-supervision-review")["due"] == "2027-02-14"


def test_a_year_before_the_known_ones_is_not_assumed():
    """Only a year after the known ones can be awaited; an older one is an error."""
    from procuracy.law.schedule import WorkCalendar, builtin_schedules

    later = WorkCalendar([s for s in builtin_schedules() if s.year >= 2021], builtin=False)
    with pytest.raises(engine.ProcedureError, match="no holiday schedule for 2020"):
        engine._computed("prosecution-review", date(2020, 6, 1), None, None, later)


class TestAProvisionalDateDoesNotDecide:
    """A check that lets the period decide (here: no reply to a pre-litigation suggestion may
    be recorded only once the organ's period has run, PIL Interpretation art. 21 ¶2) does not
    decide on a provisional date: the real one may be later (CPL art. 105 ¶4, CivPL art. 85 ¶3
    only move it later). 2024 is counted here as if its schedule were not imported: a
    suggestion received Tue 2024-03-05 gives the organ 2 months, to Sun 2024-05-05; with the
    real schedule (Labour Day 05-01 to 05-05) the period ends Mon 2024-05-06."""

    @pytest.fixture
    def assumed_2024(self, monkeypatch):
        from procuracy.cases import actions
        from procuracy.law.schedule import WorkCalendar, builtin_schedules

        cal = WorkCalendar([s for s in builtin_schedules() if s.year < 2024], builtin=False)
        monkeypatch.setattr(actions, "site_calendar", lambda: cal.assuming([2024, 2025]))

    @pytest.fixture
    def suggested(self, assumed_2024, unit, make_user):
        from casewalk import record

        staff = {
            "manager": make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "pil": make_user("110105", Role.PROCURATOR, DepartmentKind.PUBLIC_INTEREST),
        }
        # the code of test_public_interest.ORGAN (its check characters computed there)
        organ = {"name": "北京市朝阳区生态环境局", "id_kind": "credit_code",
                 "id_number": "111101050000210122", "role": "respondent"}  # fmt: skip
        case = intake(unit, staff, kind="pil_administrative", on="2024-03-01",
                      agency="procuratorate", persons=[organ], materials=["lead"])  # fmt: skip
        assign(case, staff, "2024-03-01")
        record(case, "pil.filed", "2024-03-01", staff["pil"], domain="environment_resources")
        record(case, "pil.pre_litigation_suggestion", "2024-03-04", staff["pil"], ["P1"],
               received_on="2024-03-05")  # fmt: skip
        return case, staff

    def test_a_day_just_after_the_provisional_date_waits_for_the_schedule(self, suggested):
        from casewalk import record, refused

        from procuracy.core.errors import ValidationFailed

        case, staff = suggested
        d = only(case, "pil-pre-litigation-reply", "P1")
        assert (d["due"], d["provisional"]) == ("2024-05-05", True)
        with refused(ValidationFailed, "due on 2024-05-05 only provisionally",
                     "2024 holiday schedule is not imported"):  # fmt: skip
            record(case, "pil.no_reply_recorded", "2024-05-06", staff["pil"], ["P1"])
        with refused(ValidationFailed, "may still reply"):  # before it: certainly still open
            record(case, "pil.no_reply_recorded", "2024-05-05", staff["pil"], ["P1"])
        # beyond any holiday break after the provisional date: certainly after the real one
        record(case, "pil.no_reply_recorded", "2024-05-20", staff["pil"], ["P1"])
        assert only(case, "pil-pre-litigation-reply", "P1", status="closed_late")
