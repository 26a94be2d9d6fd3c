"""The staff web is in Chinese first: the engine's common refusals carry a Chinese text
(``zh``) beside the English message, with their articles cited as Chinese statutes cite them.
The English message (command line, import reports) is unchanged. Expected Chinese written by
hand."""

import re
from datetime import date

import pytest
from casewalk import ADULT_ID, assign, gb11643, intake, person, record

from procuracy.cases import actions, approvals
from procuracy.cases.declarations import PayloadError, clean_charges
from procuracy.core.errors import DomainError, Forbidden, NotFound, ValidationFailed, in_language
from procuracy.parties import identifiers
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
    assert exc.field == "expected_version"
    assert f"case {case.number} changed since you opened it (version 0, now " in exc.message
    assert exc.zh.startswith(f"案件{case.number}在您打开后已有变动（版本0，现为")
    assert exc.zh.endswith("）：请刷新后重新决定")


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


# --- the intake's checks of a person's identity, custody and charges --------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")
COMPANY = "91350100M000100Y43"  # GB 32100 example (tests/cases/test_public_interest.py)


def intake_refusal(receive, *persons, kind="arrest_review") -> ValidationFailed:
    """The refusal of an intake of ``persons`` received on 2024-03-04, with its Chinese."""
    with pytest.raises(ValidationFailed) as caught:
        receive(kind, on=date(2024, 3, 4), persons=list(persons))
    exc = caught.value
    assert exc.zh and HAN.search(exc.zh), exc.zh
    return exc


def test_a_citizen_id_with_a_wrong_check_character(receive):
    """GB 11643: the worked example's check character is X."""
    exc = intake_refusal(receive, person(id_number="110105194912310021"))
    assert exc.field == "persons.P1.id_number"
    assert exc.message == "wrong check character (expected X, found 1)"
    assert exc.zh == "校验码错误（应为X，实为1）"


def test_a_citizen_id_with_an_impossible_birth_date(receive):
    exc = intake_refusal(receive, person(id_number=gb11643("11010519490230002")))
    assert exc.field == "persons.P1.id_number"
    assert "impossible birth date 1949-02-30" in exc.message
    assert exc.zh == "出生日期1949-02-30不存在"


def test_a_credit_code_for_a_suspect(receive):
    exc = intake_refusal(receive, person(id_kind="credit_code", id_number=COMPANY))
    assert exc.field == "persons.P1.id_kind"
    assert "a suspect is a natural person" in exc.message
    assert exc.zh == "犯罪嫌疑人是自然人：应当填写身份证件，而不是统一社会信用代码"


def test_a_sex_that_contradicts_the_id_number(receive):
    exc = intake_refusal(receive, person(sex="male"))  # ADULT_ID: a woman
    assert exc.field == "persons.P1.sex"
    assert exc.message == "contradicts the ID number (female)"
    assert exc.zh == "与身份证号码不符（号码显示为女性）"


def test_an_offence_after_the_case_was_received(receive):
    exc = intake_refusal(receive, person(offence_date="2024-03-05"))
    assert exc.field == "persons.P1.offence_date"
    assert "the offence date 2024-03-05 is after the case was received (2024-03-04)" in (
        exc.message
    )
    assert exc.zh == "犯罪日期2024-03-05晚于案件受理日期（2024-03-04）"


def test_an_offence_date_that_is_no_date(receive):
    exc = intake_refusal(receive, person(offence_date="2024-02-30"))
    assert exc.field == "persons.P1.offence_date"
    assert "is not a real date (YYYY-MM-DD)" in exc.message
    assert exc.zh == "犯罪日期不是有效日期（YYYY-MM-DD）"


def test_the_same_identity_twice(receive):
    exc = intake_refusal(receive, person(), person(name="李某"))
    assert exc.field == "persons.P2.id_number"
    assert "the same identity document as person P1" in exc.message
    assert exc.zh == "与人员P1的身份证件相同（11010519491231002X）：同一人只能列一次"


def test_an_unknown_custody(receive):
    exc = intake_refusal(receive, person(custody="jailed"))
    assert exc.field == "persons.P1.custody"
    assert "'jailed' is not one of detained, arrested" in exc.message
    assert exc.zh.startswith("羁押情况只能是拘留、逮捕、留置、")
    assert "jailed" not in exc.zh


def test_a_charge_that_is_not_an_official_charge(receive):
    exc = intake_refusal(receive, person(charge="偷东西罪"))
    assert exc.field == "persons.P1.charges"
    assert "charge 1: '偷东西罪' is not an official charge name" in exc.message
    assert exc.zh.startswith("涉嫌罪名第1项：'偷东西罪'不是正式的罪名名称")


def test_a_charge_at_the_wrong_article(receive):
    exc = intake_refusal(receive, person(article="266"))
    assert exc.field == "persons.P1.charges"
    assert "defined at CL art. 264, not art. 266" in exc.message
    assert exc.zh == "涉嫌罪名第1项：盗窃罪规定在《刑法》第264条，不是第266条"


def test_a_charge_outside_the_specific_provisions(receive):
    exc = intake_refusal(receive, person(article="20"))
    assert "arts. 102-451" in exc.message
    assert exc.zh == "涉嫌罪名第1项：条文20不在《刑法》分则（第102条至第451条）中"


def test_a_credit_code_with_a_wrong_check_character(unit, staff):
    """GB 32100: the standard's example ends in 3."""
    organ = {"name": "某化工有限公司", "id_kind": "credit_code",
             "id_number": COMPANY[:-1] + "4", "role": "defendant"}  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        intake(unit, staff, kind="pil_civil", on=date(2024, 3, 1), agency="public",
               persons=[organ], materials=["lead"])  # fmt: skip
    exc = caught.value
    assert exc.field == "persons.P1.id_number"
    assert exc.message == "wrong check character (position 18: expected 3, found 4)"
    assert exc.zh == "校验码错误（第18位：应为3，实为4）"


def test_a_party_with_charges(unit, staff):
    organ = {"name": "某化工有限公司", "id_kind": "credit_code", "id_number": COMPANY,
             "role": "defendant", "charges": [{"article": "338", "name": "污染环境罪"}]}  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        intake(unit, staff, kind="pil_civil", on=date(2024, 3, 1), agency="public",
               persons=[organ], materials=["lead"])  # fmt: skip
    exc = caught.value
    assert exc.field == "persons.P1.charges"
    assert exc.message == "a party (defendant) has no charges"
    assert exc.zh == "侵害公益的违法行为人作为当事人，不填写罪名"


def test_a_foreign_document_number_too_short(receive):
    exc = intake_refusal(receive, person(id_kind="passport", id_number="AB1", id_country="USA"))
    assert exc.field == "persons.P1.id_number"
    assert exc.message == "the document number must be 5 to 20 letters (A-Z) and digits"
    assert exc.zh == "证件号码应为5至20位字母（A-Z）和数字"


def test_a_foreign_country_that_is_no_code(receive):
    exc = intake_refusal(
        receive, person(id_kind="passport", id_number="X1234567", id_country="United States")
    )
    assert exc.field == "persons.P1.id_number"
    assert "ISO 3166-1 alpha-3" in exc.message
    assert exc.zh == "国家（地区）应为ISO 3166-1三字母代码，例如USA"


def test_a_person_added_later_is_refused_in_chinese_too(receive, staff):
    """A person added to a case (追捕, criminal.py) is checked by the intake's own function."""
    case = receive("arrest_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    exc = refusal(lambda: record(case, "arrest.additional_arrest", "2024-03-05",
                                 staff["procurator"], person=person(id_number="110105194912310021"),
                                 approved_by=staff["chief"].username))  # fmt: skip
    assert exc.field == "payload.person"
    assert "payload.person.id_number: wrong check character (expected X, found 1)" in exc.message
    assert exc.zh.startswith("payload.person.id_number：校验码错误（应为X，实为1）（")


@pytest.mark.parametrize(
    "parse, reason",
    [
        (lambda: identifiers.parse_citizen_id(None), "expected text, found NoneType"),
        (lambda: identifiers.parse_citizen_id("1101051949"), "wrong length (10 characters"),
        (lambda: identifiers.parse_citizen_id("11010519491231A02X"), "invalid character 'A'"),
        (lambda: identifiers.parse_citizen_id("110105490101001", allow_legacy=False),
         "15-digit first-generation number"),
        (lambda: identifiers.parse_citizen_id(gb11643("99010519491231002")),
         "foreigner's permanent residence card"),
        (lambda: identifiers.parse_citizen_id(gb11643("11010518991231002")),
         "is before 1900-01-01"),
        (lambda: identifiers.parse_citizen_id(ADULT_ID, today=date(1949, 12, 30)),
         "is in the future"),
        (lambda: identifiers.parse_credit_code("91350100M000100Y4"), "wrong length"),
        (lambda: identifiers.parse_credit_code("9135A100M000100Y43"), "the division code"),
        (lambda: identifiers.parse_credit_code("91350100M000100I43"), "I, O, Z, S and V"),
        (lambda: identifiers.parse_credit_code("B1350100M000100Y43"),
         "unknown registration authority code B"),
        (lambda: identifiers.parse_credit_code("9A350100M000100Y43"),
         "unknown organisation category A"),
        (lambda: identifiers.parse_credit_code("91350100M000100Y53"),
         "wrong organisation code check character"),
        (lambda: identifiers.parse_foreign_document("visa", "X1234567", "USA"),
         "unknown document kind 'visa'"),
        (lambda: identifiers.parse_foreign_document("passport", " ", "USA"), "is empty"),
        (lambda: identifiers.parse_foreign_document(
            "foreigner_permanent_residence_card", "810105194912310026", "USA"),
         "starts with 9"),
        (lambda: identifiers.parse_foreign_document(
            "foreigner_permanent_residence_card", "91010519491231002A", "USA"),
         "invalid character 'A' at position 18"),
        (lambda: identifiers.parse_foreign_document(
            "foreigner_permanent_residence_card", "910105194912310020", "USA"),
         "wrong check character"),
    ],
)  # fmt: skip
def test_every_identifier_reason_has_its_chinese(parse, reason):
    """Each reason of :class:`InvalidIdentifier` has its Chinese (``zh``); the English
    ``reason`` is as it was."""
    with pytest.raises(identifiers.InvalidIdentifier) as caught:
        parse()
    assert reason in caught.value.reason
    assert caught.value.zh and HAN.search(caught.value.zh), caught.value.zh


def test_the_chinese_reasons_of_an_identifier():
    with pytest.raises(identifiers.InvalidIdentifier) as caught:
        identifiers.parse_credit_code("9135A100M000100Y43")
    assert caught.value.zh == "第5位字符'A'无效（第3至8位是登记管理机关行政区划码，应为数字）"
    with pytest.raises(identifiers.InvalidIdentifier) as caught:
        identifiers.parse_credit_code("91350100M000100Y53")  # the example with a 5 at 17
    assert caught.value.reason == (
        "wrong organisation code check character (position 17: expected 4, found 5); "
        "wrong check character (position 18: expected 6, found 3)"
    )
    assert caught.value.zh == (
        "组织机构代码校验码错误（第17位：应为4，实为5）；校验码错误（第18位：应为6，实为3）"
    )


def test_charges_refused_in_a_payload_name_the_field_in_chinese():
    """``clean_charges`` gives the reason after the field's Chinese label (起诉罪名…)."""
    with pytest.raises(PayloadError) as caught:
        clean_charges([], "charges")
    assert (caught.value.message, caught.value.zh) == (
        "must be a non-empty list of charges",
        "应当至少填写一项",
    )
    with pytest.raises(PayloadError) as caught:
        clean_charges(["264"], "charges")
    assert caught.value.zh == "第1项应当包括条文和罪名"
    with pytest.raises(PayloadError) as caught:
        clean_charges([{"article": "264", "name": ""}], "charges")
    assert caught.value.zh == "第1项：应当填写罪名名称"
    with pytest.raises(PayloadError) as caught:
        clean_charges([{"article": "第264条", "name": "盗窃罪"}], "charges")
    assert caught.value.zh == "第1项：条文'第264条'不是《刑法》的条文序号（例如264或133-1）"


def test_no_chinese_is_none():
    assert identifiers.InvalidIdentifier("x", "why").zh is None
    assert PayloadError("f", "why").zh is None


# --- the refusals of the actions and of the intake as a whole ---------------------------------


def test_an_unknown_case_kind(unit, staff):
    with pytest.raises(ValidationFailed) as caught:
        intake(unit, staff, kind="arrest_reveiw", on=date(2024, 3, 4), agency="police",
               persons=[person()], materials=[])  # fmt: skip
    exc = caught.value
    assert exc.field == "kind"
    assert exc.message.startswith("unknown case kind 'arrest_reveiw': one of ")
    assert "arrest_review, prosecution_review" in exc.message
    assert exc.zh.startswith("未知的案件类型'arrest_reveiw'：应为")
    assert "arrest_review、prosecution_review" in exc.zh and exc.zh.endswith("之一")


def test_a_case_from_an_agency_that_does_not_transfer_it(receive):
    """Rules art. 156: a review for arrest comes from the police or the procuratorate."""
    with pytest.raises(ValidationFailed) as caught:
        receive("arrest_review", on=date(2024, 3, 4), agency="court")
    exc = caught.value
    assert exc.field == "payload.source.agency"
    assert exc.message == (
        "a review for arrest case comes from police, procuratorate, not 'court' (Rules art. 156)"
    )
    assert exc.zh.startswith("审查逮捕案件的来源只能是公安机关、人民检察院，不能是人民法院（")
    assert "第一百五十六条" in exc.zh


def test_a_person_key_twice_and_an_unknown_flag(receive):
    exc = intake_refusal(
        receive, person(key="A"), person(key="A", id_number=gb11643("11010519500101001"))
    )
    assert exc.field == "payload.persons"
    assert exc.message == "person key A appears twice"
    assert exc.zh == "人员编号A重复出现"
    with pytest.raises(ValidationFailed) as caught:
        receive("arrest_review", on=date(2024, 3, 4), flags=["internet", "aliens"])
    exc = caught.value
    assert exc.field == "payload.flags"
    assert exc.message.startswith("unknown flag(s) aliens: one of ")
    assert exc.zh.startswith("未知的案件情节aliens：应为")
    with pytest.raises(ValidationFailed) as caught:
        receive("arrest_review", on=date(2024, 3, 4), flags=["rural_clan_gang"])
    assert caught.value.message == "rural_clan_gang narrows gang_evil: mark the case gang_evil too"
    assert caught.value.zh == (
        "案件情节rural_clan_gang（农村宗族黑恶势力）属于gang_evil（涉黑涉恶）：应当同时标记gang_evil"
    )


def test_an_idempotency_key_reused_for_another_request(case, staff):
    first = actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6),
        idempotency_key="form-1", actor=staff["procurator"],
    )  # fmt: skip
    again = actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6),
        idempotency_key="form-1", actor=staff["procurator"],
    )  # fmt: skip
    assert again.pk == first.pk  # the same request: answered by what it recorded
    exc = refusal(lambda: actions.record_event(
        case.pk, "arrest.not_approved", persons=["P1"], occurred_on=date(2024, 3, 6),
        payload={"reason": "insufficient_evidence"}, idempotency_key="form-1",
        actor=staff["procurator"],
    ))  # fmt: skip
    assert isinstance(exc, actions.Conflict)
    assert exc.field == "idempotency_key"
    assert exc.message == (
        "idempotency key 'form-1' was already used for a different request "
        f"(event {first.pk}, arrest.approved)"
    )
    assert exc.zh == f"请求标识'form-1'已用于另一项不同的请求（事项{first.pk}，“批准逮捕”）"


def test_a_request_for_approval_refused(case, staff):
    """An approval request of an unknown event type, a request decided twice, and one that does
    not exist."""
    exc = refusal(lambda: approvals.request(case.pk, "arrest.maybe", occurred_on=date(2024, 3, 6),
                                            persons=["P1"], actor=staff["procurator"]))  # fmt: skip
    assert exc.field == "type"
    assert exc.message == "unknown event type 'arrest.maybe'"
    assert exc.zh == "未知的事项类型'arrest.maybe'"
    req = approvals.request(case.pk, "arrest.not_approved", occurred_on=date(2024, 3, 6),
                            persons=["P1"], payload={"reason": "insufficient_evidence"},
                            actor=staff["procurator"])  # fmt: skip
    approvals.decide(req.pk, approve=False, actor=staff["chief"])
    exc = refusal(lambda: approvals.decide(req.pk, approve=True, actor=staff["chief"]))
    assert isinstance(exc, ValidationFailed)
    assert exc.field == "status"
    assert exc.message == "the request was already rejected"
    assert exc.zh == "该请求已经作出不批准决定"
    exc = refusal(lambda: approvals.decide(987654321, approve=True, actor=staff["chief"]))
    assert isinstance(exc, NotFound)
    assert exc.message == "no approval request 987654321"
    assert exc.zh == "找不到审批请求987654321"


def test_a_correction_refused(case, staff):
    row = record(case, "arrest.approved", "2024-03-06", staff["procurator"], ["P1"])
    exc = refusal(lambda: actions.record_event(
        case.pk, "event.corrected", occurred_on=date(2024, 3, 5), corrects=str(row.pk),
        payload={"reason": "wrong person"}, actor=staff["procurator"],
    ))  # fmt: skip
    assert exc.field == "occurred_on"
    assert exc.message == (
        "a correction is made on or after the event it corrects (2024-03-06), not on 2024-03-05"
    )
    assert exc.zh == "更正应当在所更正事项的日期（2024-03-06）当日或者之后作出，不能是2024-03-05"
    exc = refusal(lambda: actions.record_event(
        case.pk, "event.corrected", occurred_on=date(2024, 3, 7), corrects=str(row.pk),
        payload={"reason": " "}, actor=staff["procurator"],
    ))  # fmt: skip
    assert (exc.field, exc.message, exc.zh) == (
        "payload.reason",
        "a correction gives its reason",
        "更正应当说明理由",
    )


def test_a_period_the_law_catalogue_cannot_count(receive):
    """A case received before its period's rule was in force: the law module's English reason,
    and the engine's Chinese for it."""
    with pytest.raises(ValidationFailed) as caught:
        receive("arrest_review", on=date(2012, 3, 4), persons=[person(offence_date="2012-01-01")])
    exc = caught.value
    assert exc.message == (
        "rule 'arrest-review-detained' is not declared for a start on 2012-03-04 "
        "(in force: from 2019-12-30) (law catalogue)"
    )
    assert exc.zh == (
        "期限arrest-review-detained没有适用于2012-03-04起算的规定（施行期间：自2019-12-30起）"
        "（法定期限目录）"
    )
