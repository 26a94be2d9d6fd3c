"""The procedure checks refuse in Chinese too (``Said``): each test walks a case through the
actions to a real refusal and reads both texts. The English message (command line, import
reports) is unchanged; the Chinese is written here by hand in the statutes' own terms, and the
engine adds the article as the Chinese texts cite it."""

from datetime import date

import pytest
from casewalk import MINOR_ID, assign, gb11643, intake, person, record, reload

from procuracy.core.errors import DomainError
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

THEFT = [{"article": "264", "name": "盗窃罪"}]
RULES = "《人民检察院刑事诉讼规则》"
PIL = "《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》"


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def review(receive, staff, on=date(2024, 3, 4), **suspect):
    case = receive(kind="prosecution_review", on=on, persons=[person(**suspect)])
    assign(case, staff, on)
    return case


# --- criminal.py ------------------------------------------------------------------------------


def test_reconsideration_and_review_by_the_next_level(receive, staff):
    """CPL art. 92 (复议, then 复核 by the next level if the opinion is not accepted); Rules art.
    290 (另行指派检察官)."""
    case = receive("arrest_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    record(case, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_necessity")  # fmt: skip
    exc = refusal(lambda: record(case, "arrest.reexamination_requested", "2024-03-11",
                                 staff["manager"], ["P1"]))  # fmt: skip
    assert "only after a reconsideration that maintained" in exc.message
    assert exc.zh == (
        "复议维持不批准逮捕决定后，公安机关才可以向上一级人民检察院提请复核（《刑事诉讼法》第九十二条）"
    )

    record(case, "arrest.reconsideration_requested", "2024-03-11", staff["manager"], ["P1"])
    chief = staff["chief"].username
    exc = refusal(lambda: record(case, "arrest.reconsideration_decided", "2024-03-15",
                                 staff["procurator"], ["P1"], outcome="maintained",
                                 approved_by=chief))  # fmt: skip
    assert exc.field == "actor"
    assert "the reconsideration is assigned to another procurator" in exc.message
    assert exc.zh.endswith(
        f"作出了对人员P1不批准逮捕的决定：复议应当另行指派检察官进行审查（{RULES}第二百九十条）"
    )
    assert staff["procurator"].username in exc.zh

    record(case, "arrest.reconsideration_decided", "2024-03-15", staff["procurator2"], ["P1"],
           outcome="maintained", approved_by=chief)  # fmt: skip
    exc = refusal(lambda: record(case, "arrest.reconsideration_requested", "2024-03-18",
                                 staff["manager"], ["P1"]))  # fmt: skip
    assert "has already been reconsidered" in exc.message
    assert exc.zh == (
        "对人员P1的不批准逮捕决定已经复议，公安机关可以向上一级人民检察院提请复核"
        "（《刑事诉讼法》第九十二条）"
    )

    record(case, "arrest.reexamination_requested", "2024-03-20", staff["manager"], ["P1"])
    record(case, "arrest.reexamination_decided", "2024-04-01", staff["manager"], ["P1"],
           outcome="maintained")  # fmt: skip
    exc = refusal(lambda: record(case, "arrest.reexamination_requested", "2024-04-02",
                                 staff["manager"], ["P1"]))  # fmt: skip
    assert "the next level has already reviewed the decision on person P1" in exc.message
    assert exc.zh == "上一级人民检察院已经复核对人员P1的不批准逮捕决定（《刑事诉讼法》第九十二条）"


def test_a_guilty_plea_is_prosecuted_with_a_sentencing_recommendation(receive, staff):
    """CPL art. 176 ¶2: 犯罪嫌疑人认罪认罚的，人民检察院应当……提出量刑建议."""
    case = review(receive, staff, custody="arrested", guilty_plea=True)
    exc = refusal(lambda: record(case, "prosecution.prosecuted", "2024-03-20",
                                 staff["procurator"], ["P1"], charges=THEFT))  # fmt: skip
    assert exc.field == "payload.sentencing_recommendation"
    assert "is prosecuted with a sentencing recommendation" in exc.message
    assert exc.zh == (
        "犯罪嫌疑人认罪认罚的，提起公诉时应当提出量刑建议（《刑事诉讼法》第一百七十六条第二款）"
    )


def test_a_special_non_prosecution_names_the_day_of_the_spps_approval(receive, staff):
    """CPL art. 182 ¶1: 经最高人民检察院核准."""
    case = review(receive, staff)
    exc = refusal(lambda: record(case, "prosecution.not_prosecuted", "2024-03-20",
                                 staff["procurator"], ["P1"], type="special",
                                 approved_by=staff["chief"].username))  # fmt: skip
    assert exc.field == "payload.spp_approved_on"
    assert "give the day it approved" in exc.message
    assert exc.zh.startswith("特殊不起诉须经最高人民检察院核准：请填写最高人民检察院核准日期（")


def test_a_referral_with_a_procuratorial_opinion_is_made_once_per_measure(receive, staff):
    """CPL art. 177 ¶3: 对被不起诉人需要给予行政处罚……人民检察院应当提出检察意见，移送有关
    主管机关处理."""
    case = review(receive, staff, custody="bail")
    chief = staff["chief"].username
    record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
           type="discretionary", approved_by=chief)  # fmt: skip
    refer = {"kind": "administrative_penalty", "authority": "北京市公安局朝阳分局"}
    record(case, "prosecution.referred_for_penalty", "2024-03-22", staff["procurator"], ["P1"],
           approved_by=chief, **refer)  # fmt: skip
    exc = refusal(lambda: record(case, "prosecution.referred_for_penalty", "2024-03-25",
                                 staff["procurator"], ["P1"], approved_by=chief, **refer))  # fmt: skip
    assert "person P1 was already referred for administrative_penalty" in exc.message
    assert exc.zh == (
        "已经就人员P1提出行政处罚的检察意见，移送有关主管机关处理"
        "（《刑事诉讼法》第一百七十七条第三款）"
    )


def test_conditional_non_prosecution_only_for_chapters_four_to_six(receive, staff):
    """CPL art. 282: 未成年人涉嫌刑法分则第四章、第五章、第六章规定的犯罪; art. 140 is in
    chapter 3."""
    case = review(receive, staff, custody="bail", id_number=MINOR_ID, offence_date="2024-02-01",
                  article="140", charge="生产、销售伪劣产品罪")  # fmt: skip
    exc = refusal(lambda: record(case, "prosecution.conditional_non_prosecution", "2024-03-20",
                                 staff["procurator"], ["P1"], probation_months=6, likely_sentence="criminal_detention"))  # fmt: skip
    assert "not chapter(s) [3]" in exc.message
    assert exc.zh == (
        "附条件不起诉只适用于涉嫌刑法分则第四章、第五章、第六章规定的犯罪，不适用于第三章规定的犯罪"
        "（《刑事诉讼法》第二百八十二条）"
    )


def test_the_probation_is_completed_only_at_its_end(receive, staff):
    """CPL art. 284 ¶2: 考验期满的，人民检察院应当作出不起诉的决定. Six months from Wed
    2024-03-20 end Fri 2024-09-20."""
    case = review(receive, staff, custody="bail", id_number=MINOR_ID, offence_date="2024-02-01")
    record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="criminal_detention")  # fmt: skip
    exc = refusal(lambda: record(case, "prosecution.conditional_completed", "2024-09-19",
                                 staff["procurator"], ["P1"],
                                 approved_by=staff["chief"].username))  # fmt: skip
    assert exc.field == "occurred_on"
    assert "runs until 2024-09-20: it cannot be completed earlier" in exc.message
    assert exc.zh == (
        "人员P1的考验期至2024-09-20届满：考验期满前不能作出不起诉决定"
        "（《刑事诉讼法》第二百八十四条第二款）"
    )


def test_a_return_goes_back_to_the_organ_that_transferred_the_case(receive, staff):
    """CPL art. 175 ¶2: a case the police transferred is returned to the police (补充侦查),
    not to a supervision commission."""
    case = review(receive, staff)
    exc = refusal(lambda: record(case, "prosecution.returned_for_supplementary_investigation",
                                 "2024-03-10", staff["procurator"],
                                 to="supervision_commission"))  # fmt: skip
    assert exc.field == "payload.to"
    assert "transferred by the police: it is returned to police" in exc.message
    assert exc.zh.startswith(
        "本案由公安机关移送：应当退回公安机关（补充侦查），而不是监察机关（补充调查）（"
    )


def test_wages_are_recovered_only_in_a_case_of_refusing_to_pay_them(receive, staff):
    """Criminal Law art. 276-1: 拒不支付劳动报酬罪."""
    case = review(receive, staff)
    exc = refusal(lambda: record(case, "prosecution.wages_recovered", "2024-03-20",
                                 staff["procurator"], amount=120_000))  # fmt: skip
    assert "refusing to pay labour remuneration (276-1)" in exc.message
    assert exc.zh == "本案没有人员涉嫌拒不支付劳动报酬罪（《刑法》第二百七十六条之一）"


@pytest.fixture
def judged(receive, staff):
    """Prosecuted Tue 2024-08-20; a ruling received Fri 2024-09-20 (5 days: to Wed 09-25)."""
    case = review(receive, staff, on=date(2024, 8, 1), custody="arrested")
    record(case, "prosecution.prosecuted", "2024-08-20", staff["procurator"], ["P1"],
           charges=THEFT)  # fmt: skip
    return case


def test_a_judgment_is_received_on_or_after_the_day_it_was_given(judged, staff):
    """CPL art. 230: the period runs from the day after 接到判决书、裁定书."""
    exc = refusal(lambda: record(judged, "trial.first_instance_decided", "2024-09-20",
                                 staff["manager"], ["P1"], form="judgment", outcome="guilty",
                                 received_on="2024-08-10"))  # fmt: skip
    assert "cannot be received (2024-08-10) before it was given (2024-09-20)" in exc.message
    assert exc.zh == (
        "收到判决书、裁定书的日期（2024-08-10）不能早于判决、裁定作出的日期（2024-09-20）"
        "（《刑事诉讼法》第二百三十条）"
    )


def test_protests_out_of_time_and_requests_to_the_level_above(judged, staff):
    """CPL art. 230 (five days against a ruling), art. 228 (二审抗诉 by the prosecuting
    procuratorate), art. 254 ¶3 (审判监督抗诉 by a procuratorate above); Rules art. 595 ¶2
    (提请上一级人民检察院抗诉)."""
    chief = staff["chief"].username
    record(judged, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
           form="ruling", outcome="other", received_on="2024-09-20")  # fmt: skip
    exc = refusal(lambda: record(judged, "protest.requested", "2024-09-24", staff["procurator"],
                                 ["P1"], to="110000", approved_by=chief))  # fmt: skip
    assert "the judgment is not yet final" in exc.message
    assert exc.zh.startswith(
        "判决、裁定尚未发生法律效力：在抗诉期限内，由本院提出二审抗诉（《刑事诉讼法》第二百二十八条）（"
    )
    exc = refusal(lambda: record(judged, "protest.filed", "2024-09-26", staff["procurator"],
                                 ["P1"], kind="second_instance", approved_by=chief))  # fmt: skip
    assert exc.field == "occurred_on"
    assert "a second-instance protest is out of time" in exc.message
    assert exc.zh.startswith(
        "抗诉期限已于2024-09-25届满：已经超过提出二审抗诉的期限（仍可以由上级人民检察院提出审判监督抗诉）"
    )
    exc = refusal(lambda: record(judged, "protest.filed", "2024-10-15", staff["procurator"],
                                 ["P1"], kind="trial_supervision", by="310000"))  # fmt: skip
    assert "'310000' is not the code of a procuratorate above 110105" in exc.message
    assert exc.zh.startswith("'310000'不是110105的上级人民检察院的代码（")


def test_filing_supervision_orders_and_notices_follow_the_explanation(unit, staff):
    """Rules arts. 560-561 (说明不立案理由 within 7 days; 通知公安机关立案或者撤销案件),
    art. 564 ¶2 (超过十五日: 纠正违法通知书), art. 557 ¶3 (检察意见 to an administrative
    enforcement organ)."""
    chief = staff["chief"].username
    case = intake(unit, staff, kind="filing_supervision", on="2024-09-20", agency="victim",
                  persons=[person(custody="not_detained")], materials=["complaint"])  # fmt: skip
    assign(case, staff, "2024-09-20")
    exc = refusal(lambda: record(case, "filing.ordered_to_file", "2024-09-23",
                                 staff["procurator"], approved_by=chief))  # fmt: skip
    assert "the police are first asked to explain" in exc.message
    assert exc.zh.startswith(
        "应当先要求公安机关说明理由（“要求公安机关说明不立案（立案）理由”，"
        f"{RULES}第五百六十条）；认为理由不能成立的，才通知公安机关立案或者撤销案件"
    )
    exc = refusal(lambda: record(case, "filing.transfer_done", "2024-09-25", staff["manager"]))
    assert "no procuratorial opinion asked the organ" in exc.message
    assert exc.zh == (
        f"尚未向行政执法机关提出移送涉嫌犯罪案件的检察意见（{RULES}第五百五十七条第三款）"
    )
    record(case, "filing.explanation_requested", "2024-09-24", staff["procurator"],
           about="not_filing")  # fmt: skip
    record(case, "filing.explanation_received", "2024-09-27", staff["manager"], accepted=False)
    exc = refusal(lambda: record(case, "filing.ordered_to_withdraw", "2024-10-08",
                                 staff["procurator"], approved_by=chief))  # fmt: skip
    assert "the police were asked why they were not filing" in exc.message
    assert exc.zh == (
        f"要求公安机关说明的是不立案理由：不能据此通知公安机关撤销案件（{RULES}第五百六十一条）"
    )
    record(case, "filing.ordered_to_file", "2024-10-10", staff["procurator"], approved_by=chief)
    exc = refusal(lambda: record(case, "filing.corrective_notice", "2024-10-25",
                                 staff["procurator"], approved_by=chief))  # fmt: skip
    assert "the police have 15 days from receiving the order (to 2024-10-25)" in exc.message
    assert exc.zh.startswith(
        "公安机关收到通知后十五日以内（至2024-10-25）立案或者撤销案件：超过十五日的，"
        "才发出纠正违法通知书（"
    )


def test_the_necessity_of_detention_is_reviewed_after_an_arrest(unit, staff):
    """CPL art. 95: 犯罪嫌疑人、被告人被逮捕后，人民检察院仍应当对羁押的必要性进行审查: a case
    for a person who is not under arrest is not received."""
    exc = refusal(
        lambda: intake(
            unit,
            staff,
            kind="detention_necessity",
            on="2024-03-01",
            agency="suspect_application",
            persons=[person(custody="detained")],
            materials=["application"],
        )
    )
    assert exc.field == "persons.P1.custody"
    assert "received for a person in custody arrested, not detained" in exc.message
    assert exc.zh == "羁押必要性审查案件的人员应为逮捕，不能是拘留（《刑事诉讼法》第九十五条）"


# --- general.py -------------------------------------------------------------------------------


def test_an_assignment_and_a_monitoring_notice_refused_in_chinese(receive, staff):
    """Rules art. 158 (移送办案部门办理); Rules art. 665 (三) (违反羁押期限、办案期限规定的)."""
    case = receive("arrest_review", on=date(2024, 3, 4))
    exc = refusal(lambda: record(case, "case.assigned", "2024-03-04", staff["manager"],
                                 handler=staff["procurator"].username, method="rotation",
                                 department="civil"))  # fmt: skip
    assert "a review for arrest case is handled by the criminal prosecution department" in (
        exc.message
    )
    assert exc.zh == f"审查逮捕案件由刑事检察部办理（{RULES}第一百五十八条）"
    assign(case, staff, "2024-03-04")
    exc = refusal(lambda: record(case, "monitoring.notice_issued", "2024-03-05",
                                 staff["manager"], problem="期限将届满", rule="x"))  # fmt: skip
    assert "'x' is not a deadline of this case (arrest-review-detained)" in exc.message
    assert exc.zh == (
        f"'x'不是本案的期限（本案的期限：arrest-review-detained）（{RULES}第六百六十五条）"
    )


# --- complaints.py ----------------------------------------------------------------------------


@pytest.fixture
def petitions(unit, make_user):
    def at(code):
        staff = {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "officer": make_user(code, Role.PETITION_OFFICER, DepartmentKind.COMPLAINTS_APPEALS),
            "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS),
        }
        case = intake(unit, staff, kind="petition", on="2024-03-01", agency="public",
                      unit_code=code, materials=["petition"],
                      persons=[{"name": "王某", "id_number": "11010519491231002X",
                                "role": "petitioner"}])  # fmt: skip
        assign(case, staff, "2024-03-01")
        return case, staff

    return at


def test_a_petition_is_handed_only_to_a_procuratorate_below(petitions):
    """Rules art. 161 ¶2: 向下级人民检察院交办控告、申诉、举报案件."""
    basic, staff = petitions("110105")
    exc = refusal(lambda: record(basic, "petition.handed_over", "2024-03-04", staff["officer"],
                                 to="110106"))  # fmt: skip
    assert "'110106' is not the code of a procuratorate below 110105" in exc.message
    assert exc.zh == f"'110106'不是110105的下级人民检察院的代码（{RULES}第一百六十一条第二款）"
    upper, staff = petitions("110000")
    exc = refusal(lambda: record(upper, "petition.handover_completed", "2024-03-04",
                                 staff["officer"]))  # fmt: skip
    assert "record the handover first" in exc.message
    assert exc.zh.startswith("该信访案件尚未交办下级人民检察院：请先记录“信访案件交办”（")


# --- investigation.py -------------------------------------------------------------------------


def test_self_investigation_and_prosecution_after_twenty_years(unit, make_user):
    """CPL art. 19 ¶2 (司法工作人员利用职权实施的……犯罪; otherwise 经省级以上人民检察院决定);
    Criminal Law art. 87(4) (须报请最高人民检察院核准)."""

    def at(code):
        return {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "enforcement": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT),
            "prosecutor": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    staff = at("110105")
    case = intake(unit, staff, kind="self_investigation", on="2024-03-01",
                  agency="procuratorate", persons=[person(name="王某", custody="not_detained")],
                  materials=["lead"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    approved = {"approved_by": staff["chief"].username}
    exc = refusal(lambda: record(case, "investigation.filed", "2024-03-10", staff["enforcement"],
                                 ["P1"], mobile=False, **approved))  # fmt: skip
    assert "王某 is not suspected of a judicial staff crime" in exc.message
    assert exc.zh.startswith(
        "王某涉嫌的不是司法工作人员利用职权实施的侵犯公民权利、损害司法公正的犯罪；"
    )
    exc = refusal(lambda: record(case, "investigation.filed", "2024-03-10", staff["enforcement"],
                                 ["P1"], mobile=True, decided_by="110105", **approved))  # fmt: skip
    assert "decided by a provincial-level procuratorate or the SPP" in exc.message
    assert exc.zh.startswith("机动侦查须经省级以上人民检察院决定：")

    staff = at("110000")
    case = intake(unit, staff, kind="limitation_approval", on="2024-03-01", unit_code="110000",
                  agency="procuratorate", materials=["approval_report"],
                  persons=[person(name="赵某", custody="arrested", article="232",
                                  charge="故意杀人罪", offence_date="2001-05-01")])  # fmt: skip
    assign(case, staff, "2024-03-01")
    exc = refusal(lambda: record(case, "limitation.approved", "2024-04-01", staff["prosecutor"],
                                 ["P1"], approved_by=staff["chief"].username))  # fmt: skip
    assert "only the Supreme People's Procuratorate approves" in exc.message
    assert exc.zh == (
        "二十年以后认为必须追诉的，只能由最高人民检察院核准（《刑法》第八十七条第（四）项）"
    )


# --- pil.py -----------------------------------------------------------------------------------

ORGAN = {"name": "北京市朝阳区生态环境局", "id_kind": "credit_code",
         "id_number": "111101050000210122", "role": "respondent"}  # fmt: skip


def test_a_pre_litigation_suggestion_in_a_filed_case_and_the_organs_two_months(
    unit, staff, make_user
):
    """PIL Interpretation art. 21 (立案, then 检察建议), ¶2 (两个月内……书面回复). Received Tue
    2024-03-05: the reply is due Mon 2024-05-06, after the Labour Day holiday."""
    staff = {**staff, "pil": make_user("110105", Role.PROCURATOR, DepartmentKind.PUBLIC_INTEREST)}
    case = intake(unit, staff, kind="pil_administrative", on="2024-03-01",
                  agency="procuratorate", persons=[ORGAN], materials=["lead"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    number = reload(case).number

    def suggest():
        record(case, "pil.pre_litigation_suggestion", "2024-03-04", staff["pil"], ["P1"],
               received_on="2024-03-05")  # fmt: skip

    exc = refusal(suggest)
    assert f"case {number} has not been filed (立案) yet" in exc.message
    assert exc.zh == f"案件{number}尚未立案（{PIL}第二十一条）"
    record(case, "pil.filed", "2024-03-01", staff["pil"], domain="environment_resources")
    suggest()
    exc = refusal(lambda: record(case, "pil.no_reply_recorded", "2024-05-06", staff["pil"],
                                 ["P1"]))  # fmt: skip
    assert "the organ may still reply: its period runs to 2024-05-06" in exc.message
    assert exc.zh == (
        f"行政机关仍在回复期限内：回复期限至2024-05-06（两个月，紧急情形为十五日）（{PIL}第二十一条第二款）"
    )


# --- suggestions.py ---------------------------------------------------------------------------


def test_a_suggestion_awaits_its_answer_and_a_guardianship_order_is_for_a_minor(receive, staff):
    """Organic Law art. 21 (有关单位……书面回复); Law on the Prevention of Juvenile Delinquency
    art. 61 (未成年人的父母或者其他监护人). Two months from Mon 2024-04-15: due Mon 06-17."""
    case = receive(kind="prosecution_review", persons=[
        person(name="小明", id_number=MINOR_ID, offence_date="2024-02-01"),
        person(name="张某", offence_date="2024-02-01",
               id_number=gb11643("11010519800101001")),
    ])  # fmt: skip
    assign(case, staff, "2024-03-04")
    exc = refusal(lambda: record(case, "suggestion.replied", "2024-04-10", staff["manager"],
                                 outcome="adopted"))  # fmt: skip
    assert "no suggestion of this case awaits an answer" in exc.message
    assert exc.zh == "本案没有等待书面回复的检察建议（《人民检察院组织法》第二十一条）"
    suggestion = {"domain": "road_traffic_safety", "addressee": "北京市公安局朝阳分局交通支队",
                  "approved_by": staff["chief"].username}  # fmt: skip
    record(case, "suggestion.social_governance", "2024-04-15", staff["procurator"], **suggestion)
    exc = refusal(lambda: record(case, "suggestion.social_governance", "2024-04-20",
                                 staff["procurator"], **suggestion))  # fmt: skip
    assert "still due by 2024-06-17: record it first" in exc.message
    assert exc.zh.startswith(
        "上一份检察建议尚待书面回复（回复期限至2024-06-17）：请先记录回复情况（"
    )
    exc = refusal(lambda: record(case, "juvenile.guardianship_order", "2024-03-10",
                                 staff["procurator"], ["P2"], guardian="张父"))  # fmt: skip
    assert "张某 was not a minor at the offence" in exc.message
    assert exc.zh == (
        "张某实施犯罪时不是未成年人：不制发督促监护令（《预防未成年人犯罪法》第六十一条）"
    )


# --- supervision.py ---------------------------------------------------------------------------


def test_litigation_supervision_and_support_refused_in_chinese(unit, make_user):
    """CivPL art. 219 ¶1-2 (上级人民检察院对下级人民法院……抗诉; 地方各级人民检察院……向同级
    人民法院提出检察建议); Civil Supervision Rules art. 75(6); CivPL art. 15 (支持起诉)."""
    staff = {
        "manager": make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "civil": make_user("110105", Role.PROCURATOR, DepartmentKind.CIVIL),
        "chief": make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }
    chief = staff["chief"].username
    applicant = {"name": "李某", "id_number": "11010519491231002X", "role": "applicant"}
    case = intake(unit, staff, kind="civil_judgment_supervision", on="2024-03-01",
                  agency="procuratorate", persons=[applicant],
                  materials=["application", "judgment"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    exc = refusal(lambda: record(case, "civil.protest", "2024-04-10", staff["civil"],
                                 court="北京市朝阳区人民法院", approved_by=chief))  # fmt: skip
    assert "a basic procuratorate does not protest" in exc.message
    assert exc.zh == (
        "基层人民检察院不提出抗诉：可以向同级人民法院提出再审检察建议，或者提请上一级人民检察院抗诉"
        "（《民事诉讼法》第二百一十九条第一款）"
    )
    exc = refusal(lambda: record(case, "civil.not_supported", "2024-04-10", staff["civil"],
                                 approved_by=chief))  # fmt: skip
    assert "terminate the review instead" in exc.message
    assert exc.zh.startswith(
        "本案不是依当事人申请受理的：应当终结审查（依职权发现的案件经审查不需要采取监督措施）（"
    )

    sued = {"name": "某建设有限公司", "id_kind": "credit_code",
            "id_number": "91350100M000100Y43", "role": "sued_party"}  # fmt: skip
    support = intake(unit, staff, kind="civil_support", on="2024-03-01", agency="public",
                     persons=[sued], materials=["application"])  # fmt: skip
    assign(support, staff, "2024-03-01")
    exc = refusal(lambda: record(support, "civil.support_decided", "2024-03-15", staff["civil"],
                                 group="elderly", court="北京市朝阳区人民法院"))  # fmt: skip
    assert "name the party supported (role plaintiff)" in exc.message
    assert exc.zh == "请在本案当事人中列明被支持起诉人（《民事诉讼法》第十五条）"
