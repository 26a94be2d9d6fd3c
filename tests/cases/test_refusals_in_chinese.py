"""The staff web is in Chinese first: the engine's common refusals carry a Chinese text
(``zh``) beside the English message, with their articles cited as Chinese statutes cite them.
The English message (command line, import reports) is unchanged. Expected Chinese written by
hand."""

from datetime import date

import pytest
from casewalk import assign, record

from procuracy.cases import actions
from procuracy.core.errors import DomainError, Forbidden, ValidationFailed, in_language
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(receive, staff):
    c = receive("arrest_review", on=date(2024, 3, 4))
    assign(c, staff, "2024-03-04")
    return c


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_a_decision_at_the_wrong_stage(case, staff):
    """Rules art. 282: the arrest decision is made once; a second is refused at its stage."""
    record(case, "arrest.approved", "2024-03-06", staff["procurator"], ["P1"])
    exc = refusal(
        lambda: record(case, "arrest.approved", "2024-03-07", staff["procurator"], ["P1"])
    )
    assert isinstance(exc, ValidationFailed)
    assert "cannot be recorded while person P1" in exc.message
    assert exc.zh.startswith("人员P1（张某）处于“")
    assert "不能记录“批准逮捕”" in exc.zh
    assert "（《刑事诉讼法》第" in exc.zh  # the basis, cited in Chinese


def test_a_date_before_receipt_and_a_person_not_in_the_case(case, staff):
    exc = refusal(
        lambda: record(case, "arrest.approved", "2024-03-01", staff["procurator"], ["P1"])
    )
    assert exc.zh == "日期2024-03-01早于案件受理日期（2024-03-04）"
    exc = refusal(
        lambda: record(case, "arrest.approved", "2024-03-06", staff["procurator"], ["P9"])
    )
    assert exc.zh.startswith("人员P9不在案件京朝检刑捕受〔2024〕")


def test_a_decision_reserved_to_the_chief_procurator(case, staff):
    """Rules art. 285 ¶3: not approving arrest needs the chief procurator's approval here."""
    exc = refusal(lambda: record(case, "arrest.not_approved", "2024-03-06", staff["procurator"],
                                 ["P1"], reason="insufficient_evidence"))  # fmt: skip
    assert "needs the approval of the chief procurator" in exc.message
    assert "须经检察长批准" in exc.zh


def test_payload_fields_say_which_field_in_chinese(case, staff):
    exc = refusal(lambda: record(case, "arrest.not_approved", "2024-03-06", staff["procurator"],
                                 ["P1"], reason="tired", approved_by=staff["chief"].username))  # fmt: skip
    assert exc.field == "payload.reason"
    assert "只能是" in exc.zh and "之一" in exc.zh and "tired" not in exc.zh


def test_a_version_conflict(case, staff):
    exc = refusal(lambda: actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6),
        expected_version=0, actor=staff["procurator"],
    ))  # fmt: skip
    assert isinstance(exc, actions.Conflict)
    assert exc.zh.startswith(f"案件{case.number}在您打开后已有变动（版本0，现为")


def test_another_departments_procurator(case, make_user):
    civil = make_user("110105", Role.PROCURATOR, DepartmentKind.CIVIL)
    exc = refusal(lambda: record(case, "arrest.approved", "2024-03-06", civil, ["P1"]))
    assert isinstance(exc, Forbidden)
    assert exc.zh == "您无权更改此记录：该记录属于刑事检察部，您的职务属于其他部门"


def test_in_language_follows_the_active_language(case, staff):
    from django.utils import translation

    exc = refusal(
        lambda: record(case, "arrest.approved", "2024-03-01", staff["procurator"], ["P1"])
    )
    with translation.override("zh-hans"):
        assert in_language(exc) == exc.zh
    with translation.override("en"):
        assert in_language(exc) == exc.message
    plain = ValidationFailed("no Chinese yet")
    with translation.override("zh-hans"):
        assert in_language(plain) == "no Chinese yet"


def test_a_third_return_for_supplementary_investigation(receive, staff):
    """CPL art. 175 ¶3: at most two returns; the Chinese cites the article as the statute
    cites it (第一百七十五条第三款)."""
    case = receive("prosecution_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    for returned, resubmitted in (("2024-03-10", "2024-03-25"), ("2024-04-01", "2024-04-20")):
        record(case, "prosecution.returned_for_supplementary_investigation", returned,
               staff["procurator"], to="police")  # fmt: skip
        record(case, "prosecution.resubmitted", resubmitted, staff["manager"])
    exc = refusal(lambda: record(case, "prosecution.returned_for_supplementary_investigation",
                                 "2024-05-06", staff["procurator"], to="police"))  # fmt: skip
    assert "a third return is not allowed" in exc.message
    assert exc.zh.startswith(
        f"案件{case.number}已经两次退回补充侦查，不得第三次退回（《刑事诉讼法》第一百七十五条第三款、"
    )
