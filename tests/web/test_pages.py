"""What the staff pages do, through the test client."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from procuracy.audit.models import AuditEvent
from procuracy.cases.models import Case, LedgerEvent

ADULT = "11010519491231002X"


def intake_post(**overrides):
    data = {
        "kind": "arrest_review", "received_on": "2024-03-04", "agency": "police",
        "agency_name": "北京市公安局朝阳分局", "source_number": "",
        "materials": ["arrest_request", "case_file", "evidence"],
        "p1_name": "张某", "p1_id_number": ADULT, "p1_custody": "detained",
        "p1_charges": "264 盗窃罪", "p2_custody": "detained", "p3_custody": "detained",
        "assign": "rotation",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestIntake:
    def test_a_complete_intake_registers_numbers_and_assigns_the_case(self, client, people):
        client.force_login(people["manager"])
        response = client.post(reverse("web:intake"), intake_post())
        case = Case.objects.get()
        assert response.status_code == 302
        assert case.number == "京朝检刑捕受〔2024〕1号"
        assert case.state["handler"] in (
            people["procurator"].username,
            people["procurator2"].username,
        )

    def test_case_level_flags_are_recorded_at_intake(self, client, people):
        client.force_login(people["manager"])
        assert "telecom_network" in client.get(reverse("web:intake")).content.decode()
        response = client.post(reverse("web:intake"), intake_post(flags=["minor_victim"]))
        assert response.status_code == 302
        assert Case.objects.get().state["flags"] == ["minor_victim"]

    def test_an_invalid_id_number_is_shown_on_its_field_and_nothing_is_written(
        self, client, people
    ):
        client.force_login(people["manager"])
        response = client.post(
            reverse("web:intake"), intake_post(p1_id_number="110105194912310021")
        )
        assert response.status_code == 422
        assert "校验码错误" in response.content.decode()  # the page is in Chinese
        assert not Case.objects.exists() and not LedgerEvent.objects.exists()

    def test_a_public_interest_case_is_registered_with_an_organ_as_its_party(
        self, client, people, make_user
    ):
        """APL art. 25 ¶4: the party is the administrative organ, by its credit code; it has
        no custody or charges, and the case goes to the PIL department's procurators."""
        pil = make_user("110105", "procurator", "public_interest")
        client.force_login(people["manager"])
        organ = {"p1_id_kind": "credit_code", "p1_id_number": "111101050000210122",
                 "p1_name": "北京市朝阳区生态环境局", "p1_charges": ""}  # fmt: skip
        response = client.post(
            reverse("web:intake"),
            intake_post(kind="pil_administrative", agency="public", materials=["lead"], **organ),
        )
        assert response.status_code == 422
        assert "请填写该当事人在案件中的身份" in response.content.decode()
        assert not Case.objects.exists()
        response = client.post(
            reverse("web:intake"),
            intake_post(kind="pil_administrative", agency="public", materials=["lead"],
                        p1_role="respondent", **organ),
        )  # fmt: skip
        assert response.status_code == 302
        case = Case.objects.get()
        assert case.number == "京朝检行公受〔2024〕1号"
        assert case.state["handler"] == pil.username
        party = case.state["persons"]["P1"]
        assert (party["role"], party["custody"], party["charges"]) == ("respondent", "", [])
        client.force_login(pil)
        response = client.post(
            reverse("web:case_event", args=[case.pk, "pil.filed"]),
            {"occurred_on": "2024-03-05", "f_domain": "environment_resources",
             "version": str(case.version)},
        )  # fmt: skip
        assert response.status_code == 302
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "北京市朝阳区生态环境局" in page and "pil.filed" in page and "已立案" in page

    def test_a_civil_supervision_application_goes_to_the_civil_department_and_its_decision_to_the_chief(
        self, client, people, make_user
    ):
        """CivPL art. 220: a party applies; Civil Supervision Rules art. 53 ¶2: the chief
        procurator approves the retrial suggestion (art. 54(1))."""
        from procuracy.cases.models import ApprovalRequest

        civil = make_user("110105", "procurator", "civil")
        client.force_login(people["manager"])
        page = client.get(reverse("web:intake")).content.decode()
        assert "民事生效裁判监督" in page and "申请监督人" in page
        parties = {"p1_name": "李某", "p1_role": "applicant", "p1_charges": "",
                   "p2_name": "某建设有限公司", "p2_id_kind": "credit_code",
                   "p2_id_number": "91350100M000100Y43", "p2_role": "other_party"}  # fmt: skip
        response = client.post(
            reverse("web:intake"),
            intake_post(kind="civil_judgment_supervision", agency="public",
                        materials=["application", "judgment"], **parties),
        )  # fmt: skip
        assert response.status_code == 302
        case = Case.objects.get()
        assert case.number == "京朝检民监受〔2024〕1号"
        assert case.state["handler"] == civil.username
        client.force_login(civil)
        response = client.post(
            reverse("web:case_event", args=[case.pk, "civil.retrial_suggestion"]),
            {"occurred_on": "2024-04-01", "f_court": "北京市朝阳区人民法院",
             "version": str(case.version)},
        )  # fmt: skip
        assert response.status_code == 302
        assert not LedgerEvent.objects.filter(event_type="civil.retrial_suggestion").exists()
        req = ApprovalRequest.objects.get()
        client.force_login(people["chief"])
        target = reverse("web:approval", kwargs={"request_id": req.pk})
        for unclear in ({}, {"decision": "bogus"}):  # never read as a rejection
            assert client.post(target, unclear).status_code == 302
            req.refresh_from_db()
            assert req.status == "pending", unclear
        assert client.post(target, {"decision": "approve"}).status_code == 302
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "civil.retrial_suggestion" in page and "已提出再审检察建议" in page
        assert "当事人身份" in page and "申请监督人" in page and "其他当事人" in page
        # the approver by the name users know them by, as the actor is (it gave the username)
        chief = people["chief"]
        assert chief.display_name and chief.display_name != chief.username
        assert f"审批人 {chief.display_name}" in page

    def test_a_commission_case_records_the_suspects_rank(self, client, people):
        client.force_login(people["manager"])
        assert (
            "职级（曾担任公职的犯罪嫌疑人）" in client.get(reverse("web:intake")).content.decode()
        )
        response = client.post(
            reverse("web:intake"),
            intake_post(kind="prosecution_review", agency="supervision_commission",
                        materials=["transfer_opinion", "case_file", "evidence"],
                        p1_custody="commission_detention", p1_charges="385 受贿罪",
                        p1_rank="provincial_ministerial"),
        )  # fmt: skip
        assert response.status_code == 302
        assert Case.objects.get().state["persons"]["P1"]["rank"] == "provincial_ministerial"

    def test_an_organisation_is_no_suspect(self, client, people):
        client.force_login(people["manager"])
        response = client.post(
            reverse("web:intake"),
            intake_post(p1_id_kind="credit_code", p1_id_number="91350100M000100Y43"),
        )
        assert response.status_code == 422
        assert "犯罪嫌疑人是自然人" in response.content.decode()
        assert not Case.objects.exists()

    def test_the_inline_check_reads_a_credit_code(self, client, people):
        client.force_login(people["manager"])
        ok = client.get("/parties/check-id/", {"p1_id_kind": "credit_code",
                                               "p1_id_number": "91350100M000100Y43"})  # fmt: skip
        assert "M000100Y4" in ok.content.decode()
        bad = client.get("/parties/check-id/", {"p1_id_kind": "credit_code",
                                                "p1_id_number": "91350100M000100Y44"})  # fmt: skip
        assert "校验码错误" in bad.content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        bad = client.get("/parties/check-id/", {"p1_id_kind": "credit_code",
                                                "p1_id_number": "91350100M000100Y44"})  # fmt: skip
        assert "check character" in bad.content.decode()

    def test_missing_materials_are_named_with_the_rule(self, client, people):
        client.force_login(people["manager"])
        response = client.post(reverse("web:intake"), intake_post(materials=["case_file"]))
        assert response.status_code == 422
        page = response.content.decode()
        # the page is in Chinese: the refusal and its articles too (Rules arts. 157-158)
        assert "材料不齐备，缺少" in page and "证据" in page
        assert "《人民检察院刑事诉讼规则》第一百五十七条至第一百五十八条" in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.post(
            reverse("web:intake"), intake_post(materials=["case_file"])
        ).content.decode()
        assert "Rules art. 157-158" in page and "evidence" in page
        assert not Case.objects.exists()

    def test_an_unofficial_charge_is_refused(self, client, people):
        client.force_login(people["manager"])
        response = client.post(reverse("web:intake"), intake_post(p1_charges="264 偷窃罪"))
        assert response.status_code == 422
        assert "不是正式的罪名名称" in response.content.decode()

    def test_the_inline_id_check_answers_with_a_partial(self, client, people):
        client.force_login(people["manager"])
        ok = client.get(reverse("web:check_id"), {"p1_id_number": ADULT}).content.decode()
        assert "1949-12-31" in ok
        bad = client.get(reverse("web:check_id"), {"p1_id_number": "110105194912310021"})
        assert "校验码错误" in bad.content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        bad = client.get(reverse("web:check_id"), {"p1_id_number": "110105194912310021"})
        assert "check character" in bad.content.decode()


@pytest.mark.django_db
class TestCasePage:
    def test_a_decision_changes_the_timeline_and_closes_the_deadline(
        self, client, people, make_case
    ):
        case = make_case()
        client.force_login(people["procurator"])
        response = client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {
                "occurred_on": "2024-03-06",
                "persons": ["P1"],
                "version": str(Case.objects.get(pk=case.pk).version),
            },
        )
        assert response.status_code == 302
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "arrest.approved" in page and "按期办结" in page

    def test_an_assessment_begun_shows_the_review_period_paused(self, client, people, make_case):
        """CPL art. 149: the beginning of a psychiatric assessment, recorded through the case
        page's form, shows the review month as 暂停计算 since that day, with the article, in
        place of its due day; in English "not counted for now"."""
        case = make_case(kind="prosecution_review")
        client.force_login(people["procurator"])
        response = client.post(
            reverse("web:case_event", args=[case.pk, "deadline.time_exclusion_began"]),
            {
                "occurred_on": "2024-03-12",
                "f_reason": "psychiatric_assessment",
                "f_excluded_from": "2024-03-11",
                "version": str(Case.objects.get(pk=case.pk).version),
            },
        )
        assert response.status_code == 302
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "[暂停计算]" in page
        assert "自2024-03-11起不计入办案期限（《刑事诉讼法》第一百四十九条" in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "not counted since 2024-03-11" in page and "[not counted for now]" in page

    def test_the_handler_and_actors_are_shown_by_their_names(self, client, people, make_case):
        """A procurator knows a colleague as 王检察官, not by a username: the handler and the
        timeline's actors are shown by their display names, the username kept beside."""
        case = make_case()
        handler = Case.objects.get(pk=case.pk).state["handler"]
        client.force_login(people["procurator"])
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        shown = next(u for u in people.values() if u.username == handler).display_name
        assert f'data-username="{handler}">{shown}</span>' in page
        manager = people["manager"]
        assert f'<span title="{manager.username}">{manager.display_name}</span>' in page

    def test_the_procuratorate_is_named_in_the_page_s_language(self, client, people, make_case):
        """The English page named the procuratorate in Chinese (its name_zh)."""
        case = make_case()
        client.force_login(people["procurator"])
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "北京市朝阳区人民检察院" in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "Beijing Chaoyang District People&#x27;s Procuratorate" in page
        assert "北京市朝阳区人民检察院" not in page

    def test_a_request_awaiting_approval_says_what_it_asks_in_words(
        self, client, people, make_case
    ):
        """The chief's workbench listed "arrest.not_approved" and "P1": the decision by name
        with its reason (不批准逮捕 · 证据不足) and the person by name."""
        from procuracy.cases import approvals

        case = make_case()
        approvals.request(case.pk, "arrest.not_approved", persons=["P1"],
                          occurred_on=date(2024, 3, 6),
                          payload={"reason": "insufficient_evidence"},
                          actor=people["procurator"])  # fmt: skip
        client.force_login(people["chief"])
        page = client.get(reverse("web:home")).content.decode()
        assert "不批准逮捕 · 证据不足" in page and "P1 张某" in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("web:home")).content.decode()
        assert "arrest not approved · insufficient evidence" in page

    def test_intake_and_monitoring_are_in_the_menu_of_the_case_management_office_only(
        self, client, people
    ):
        """The chief procurator's menu offered 案件受理, which then answered 无权操作."""
        for who, shown in (("manager", True), ("chief", False), ("procurator", False)):
            client.force_login(people[who])
            page = client.get(reverse("web:home")).content.decode()
            assert (reverse("web:intake") in page) is shown, who
            assert (reverse("web:monitoring") in page) is shown, who

    def test_a_case_manager_s_workbench_has_the_cases_to_assign_and_the_monitoring_counts(
        self, client, people, make_case
    ):
        """A case manager handles no case, so the workbench was empty: it lists the cases
        received and not yet assigned (Rules art. 158) and counts what process monitoring
        finds overdue or due soon (Rules art. 664). Others do not see it."""
        waiting = make_case(assign=False, on=timezone.localdate())
        make_case(on=date(2024, 3, 4), name="李某")  # assigned; its review month long past
        client.force_login(people["manager"])
        page = client.get(reverse("web:home")).content.decode()
        assert "待分案" in page and waiting.number in page
        # the 2024 case's review is overdue; today's intake has its 7 days (CPL art. 91)
        assert "流程监控：已超期1件，3日内届满0件" in page
        client.force_login(people["procurator"])
        assert "case-management" not in client.get(reverse("web:home")).content.decode()

    def test_the_reminders_say_how_late_or_how_near_each_deadline_is(
        self, client, people, make_case
    ):
        """Rules art. 620: the workbench reminds of deadlines overdue or about to expire. Both
        were listed under 期限即将届满 with their dates alone: each now says how many days it
        is overdue, or how many are left."""
        today = timezone.localdate()
        late = make_case(on=today - timedelta(days=30))  # the 7 days (CPL art. 91) long past
        make_case(on=today, name="王某")  # the rotation's other procurator (轮案)
        near = make_case(on=today - timedelta(days=5), name="李某")
        late, near = Case.objects.get(pk=late.pk), Case.objects.get(pk=near.pk)
        assert near.handler == late.handler
        assert late.next_due < today <= near.next_due <= today + timedelta(days=3)
        client.force_login(late.handler)
        page = client.get(reverse("web:home")).content.decode()
        assert "期限已超期或即将届满" in page
        assert f"已超期{(today - late.next_due).days}日" in page
        left = (near.next_due - today).days
        assert (f"还有{left}日" if left else "今日届满") in page

    def test_a_version_that_is_not_a_number_is_ignored_not_an_error(
        self, client, people, make_case
    ):
        """ "²" is a digit to str.isdigit but not to int(): it answered 500."""
        case = make_case()
        client.force_login(people["procurator"])
        response = client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {"occurred_on": "2024-03-06", "persons": ["P1"], "version": "²"},
        )
        assert response.status_code == 302
        assert LedgerEvent.objects.filter(case_id=case.pk, event_type="arrest.approved").exists()

    def test_a_decision_is_shown_with_its_reason_by_name(self, client, people, make_case):
        """Rules art. 140: a refusal to arrest for no necessity reads 不批准逮捕（无社会危险性，
        不需要逮捕）on the case page, not "(no_necessity)"."""
        from procuracy.cases import actions

        case = make_case()
        actions.record_event(case.pk, "arrest.not_approved", persons=["P1"],
                             occurred_on=date(2024, 3, 6), payload={"reason": "no_necessity"},
                             actor=people["procurator"])  # fmt: skip
        client.force_login(people["procurator"])
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "不批准逮捕（无社会危险性，不需要逮捕）" in page and "(no_necessity)" not in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "arrest not approved (" in page and "no_necessity)" not in page

    def test_a_stale_form_gets_a_clear_conflict_message(self, client, people, make_case):
        case = make_case()
        stale = Case.objects.get(pk=case.pk).version
        client.force_login(people["procurator2"])
        client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {"occurred_on": "2024-03-06", "persons": ["P1"], "version": str(stale)},
        )
        client.force_login(people["procurator"])
        response = client.post(
            reverse("web:case_event", args=[case.pk, "arrest.not_approved"]),
            {"occurred_on": "2024-03-06", "persons": ["P1"], "f_reason": "no_necessity",
             "version": str(stale)}, follow=True,
        )  # fmt: skip
        assert response.status_code == 200
        page = response.content.decode()
        assert "changed since you opened it" in page or "自您打开后已有变化" in page
        assert LedgerEvent.objects.filter(case_id=case.pk).count() == 3

    def test_a_refused_decision_shows_the_rule_on_the_form(self, client, people, make_case):
        case = make_case()
        client.force_login(people["procurator"])
        response = client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {"occurred_on": "2024-03-01", "persons": ["P1"]},
        )
        assert response.status_code == 422
        assert "日期2024-03-01早于案件受理日期" in response.content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {"occurred_on": "2024-03-01", "persons": ["P1"]},
        )
        assert "before the case was received" in response.content.decode()

    def test_a_refused_correction_says_why_on_the_page(self, client, people, make_case):
        """A correction dated in the future, or with no reason, is refused with its message on
        the page (the form's field errors were not shown, only a bare 422)."""
        case = make_case()
        client.force_login(people["procurator"])
        client.post(
            reverse("web:case_event", args=[case.pk, "arrest.approved"]),
            {"occurred_on": "2024-03-06", "persons": ["P1"]},
        )
        approved = LedgerEvent.objects.get(case_id=case.pk, event_type="arrest.approved")
        url = reverse("web:case_correct", args=[case.pk])
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        response = client.post(
            url, {"corrects": str(approved.pk), "occurred_on": future, "reason": "误录"}
        )
        assert response.status_code == 422
        assert f"日期{future}晚于今天" in response.content.decode()  # a Chinese page: the Chinese
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(
            url, {"corrects": str(approved.pk), "occurred_on": future, "reason": "误录"}
        )
        assert response.status_code == 422
        assert f"the date {future} is in the future" in response.content.decode()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        response = client.post(
            url, {"corrects": str(approved.pk), "occurred_on": "2024-03-07", "reason": ""}
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert "更正理由" in page and "这个字段是必填项" in page
        assert not LedgerEvent.objects.filter(event_type="event.corrected").exists()

    def test_early_involvement_is_offered_only_in_a_commission_s_case(
        self, client, people, make_case
    ):
        """Rules art. 256 ¶2: involvement in a supervision commission's inquiry belongs to the
        cases a commission transferred (EventType.sources); a police case offered it, to be
        refused once recorded."""
        from procuracy.web import selectors

        police = make_case(kind="prosecution_review")
        client.force_login(people["procurator"])
        page = client.get(reverse("web:case", args=[police.pk])).content.decode()
        assert "提前介入监察调查" not in page
        assert "commission.early_involvement" not in {
            e.code for e in selectors.allowed_events(people["procurator"], police)
        }
        police.state["source"] = {"agency": "supervision_commission"}  # as a commission's case
        assert "commission.early_involvement" in {
            e.code for e in selectors.allowed_events(people["procurator"], police)
        }

    def test_the_page_switches_to_english(self, client, people, make_case):
        case = make_case()
        client.force_login(people["procurator"])
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get(reverse("web:case", args=[case.pk])).content.decode()
        assert "Timeline" in page and "review for arrest" in page


@pytest.mark.django_db
class TestMonitoringAndSearch:
    def test_a_monitoring_notice_starts_the_ten_day_reply(self, client, people, make_case):
        case = make_case(on=date(2024, 3, 4))
        client.force_login(people["manager"])
        page = client.get(reverse("web:monitoring") + "?all=1").content.decode()
        assert case.number in page
        # the period by its name, with its id (it showed the id only); the procuratorate's own
        assert "审查批准逮捕（犯罪嫌疑人已被拘留） <code>arrest-review-detained</code>" in page
        assert "其他机关的期限" not in page
        notice = reverse("web:monitoring_notice", args=[case.pk])
        # Rules art. 665 (三): the notice names a deadline of this case, or none
        page = client.post(notice, {"rule": "x"}, follow=True).content.decode()
        assert "&#x27;x&#x27;不是本案的期限（本案的期限：arrest-review" in page  # in Chinese
        assert not LedgerEvent.objects.filter(event_type="monitoring.notice_issued").exists()
        client.post(notice, {"rule": "arrest-review-detained"})
        rules = [d["rule"] for d in Case.objects.get(pk=case.pk).state["deadlines"].values()]
        assert "process-monitoring-reply" in rules

    def test_another_agency_s_time_is_marked_as_such(self, client, people, unit):
        """Rules art. 560: the police's 7 days to explain why they did not file a case is the
        police's time (law catalogue holder: agency), not the procuratorate's: monitoring lists
        it for the follow-up and says whose it is."""
        from procuracy.cases import actions

        case = actions.receive_case(
            unit("110105"), kind="filing_supervision", received_on=date(2024, 9, 20),
            source={"agency": "victim", "name": "被害人"}, materials=["complaint"],
            persons=[{"name": "张某", "id_number": ADULT, "custody": "not_detained",
                      "charges": [{"article": "264", "name": "盗窃罪"}]}],
            actor=people["manager"],
        )  # fmt: skip
        actions.assign_case(case.pk, occurred_on=date(2024, 9, 20), actor=people["manager"])
        handler = Case.objects.get(pk=case.pk).state["handler"]
        actor = next(u for u in people.values() if u.username == handler)
        actions.record_event(case.pk, "filing.explanation_requested",
                             occurred_on=date(2024, 9, 24), payload={"about": "not_filing"},
                             actor=actor)  # fmt: skip
        client.force_login(people["manager"])
        page = client.get(reverse("web:monitoring") + "?all=1").content.decode()
        assert "<code>filing-supervision-explain</code>" in page
        assert "其他机关的期限：跟进督促" in page

    def test_monitoring_filters_by_name_and_pages_through_the_deadlines(
        self, client, people, make_case, monkeypatch
    ):
        """Rules art. 664: the case manager picks a department, a handler or a period by its
        name (the filters were free text that wanted the codes: 刑事检察部 found nothing), sees
        how many days each deadline is overdue and for whom it runs, and pages through them
        (the list stopped at 500 without saying so)."""
        from procuracy.cases.models import CaseDeadline
        from procuracy.web import views

        first, second = make_case(on=date(2024, 3, 4)), make_case(on=date(2024, 3, 5), name="李某")
        handlers = {c.pk: Case.objects.get(pk=c.pk).handler for c in (first, second)}
        assert len(set(handlers.values())) == 2  # rotation gave each procurator one
        client.force_login(people["manager"])
        url = reverse("web:monitoring")
        page = client.get(url).content.decode()
        assert '<option value="criminal_prosecution">刑事检察部</option>' in page
        assert (
            '<option value="arrest-review-detained">审查批准逮捕（犯罪嫌疑人已被拘留）</option>'
            in page
        )
        for user in handlers.values():
            assert f'<option value="{user.username}">{user.display_name}</option>' in page
        # CPL art. 91: seven days from the police's request; long past today
        due = CaseDeadline.objects.get(case=first.pk, rule="arrest-review-detained").due
        assert f"已超期{(timezone.localdate() - due).days}日" in page
        assert "P1 张某" in page and "P1 李某" in page
        assert "第 1–2 条，共 2 条" in page

        mine = handlers[second.pk].username
        page = client.get(url, {"handler": mine}).content.decode()
        assert second.number in page and first.number not in page
        assert f'<option value="{mine}" selected>' in page
        page = client.get(url, {"department": "civil"}).content.decode()
        assert first.number not in page and "没有已超期或3日内届满的期限" in page

        monkeypatch.setattr(views, "MONITORING_PAGE", 1)
        page = client.get(url, {"department": "criminal_prosecution"}).content.decode()
        assert "第 1–1 条，共 2 条" in page and first.number in page
        assert "?department=criminal_prosecution&amp;page=2" in page
        page = client.get(url, {"department": "criminal_prosecution", "page": 2}).content.decode()
        assert "第 2–2 条，共 2 条" in page and second.number in page
        assert client.get(url, {"page": 3}).status_code == 404

    def test_a_notice_returns_to_the_filtered_list_it_was_issued_from(
        self, client, people, make_case
    ):
        case = make_case(on=date(2024, 3, 4))
        client.force_login(people["manager"])
        notice = reverse("web:monitoring_notice", args=[case.pk])
        back = reverse("web:monitoring") + "?department=criminal_prosecution&all=1"
        response = client.post(notice, {"rule": "arrest-review-detained", "next": back})
        assert response.status_code == 302 and response["Location"] == back
        response = client.post(
            notice, {"rule": "arrest-review-detained", "next": "https://elsewhere.example/"}
        )
        assert response["Location"] == reverse("web:monitoring")  # never off the site

    def test_search_says_how_many_cases_and_pages_through_them(
        self, client, people, make_case, monkeypatch
    ):
        """The search listed the first 100 cases without saying so; now how many in all, the
        latest received first, a page at a time."""
        from procuracy.web import views

        older, newer = make_case(on=date(2024, 3, 4)), make_case(on=date(2024, 3, 5))
        monkeypatch.setattr(views, "SEARCH_PAGE", 1)
        client.force_login(people["procurator"])
        url = reverse("web:search")
        page = client.get(url, {"q": "张某"}).content.decode()
        assert "第 1–1 条，共 2 条" in page and newer.number in page and older.number not in page
        assert "2024-03-05" in page and "?q=%E5%BC%A0%E6%9F%90&amp;page=2" in page
        page = client.get(url, {"q": "张某", "page": 2}).content.decode()
        assert older.number in page and newer.number not in page
        assert client.get(url, {"q": "张某", "page": "x"}).status_code == 404

    def test_searching_an_id_number_is_audited(self, client, people, make_case):
        case = make_case()
        client.force_login(people["procurator"])
        page = client.get(reverse("web:search"), {"q": ADULT}).content.decode()
        assert case.number in page
        assert AuditEvent.objects.filter(
            kind="sensitive_read", code="web.search", detail__query=ADULT
        ).exists()

    def test_search_does_not_reach_another_units_cases(self, client, people, make_case):
        case = make_case()
        client.force_login(people["sibling"])
        page = client.get(reverse("web:search"), {"q": "张某"}).content.decode()
        assert case.number not in page


@pytest.mark.django_db
def test_the_excel_export_opens_with_the_figures(client, people, make_case):
    from openpyxl import load_workbook

    case = make_case(on=date(2024, 3, 4))
    from procuracy.cases import actions

    actions.record_event(
        case.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 6),
        actor=people["procurator"],
    )
    client.force_login(people["superior"])
    response = client.get(reverse("web:figures_export") + "?year=2024&org=110000")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r for r in book["figures"].iter_rows(values_only=True)}
    assert rows["criminal.arrested"][2] == "1"
    subordinates = list(book["subordinates"].iter_rows(values_only=True))
    assert subordinates[1][0] == "北京市朝阳区人民检察院"


@pytest.mark.django_db
def test_the_drill_down_lists_the_case_behind_the_number(client, people, make_case):
    from procuracy.cases import actions

    case = make_case(on=date(2024, 3, 4))
    actions.record_event(
        case.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 6),
        actor=people["procurator"],
    )
    client.force_login(people["procurator"])
    page = client.get(
        reverse("web:figure_drill", args=["criminal.arrested"]), {"year": 2024, "org": "110105"}
    ).content.decode()
    assert case.number in page
    assert "批准逮捕 <code>arrest.approved</code>" in page  # the event by its name (was its code)
    # the figure's definition in the page's language (it was in English only)
    assert "审查逮捕中批准逮捕、经复议或者复核后批准逮捕" in page
    assert "persons with an arrest approved" not in page
    client.force_login(people["sibling"])
    assert (
        client.get(
            reverse("web:figure_drill", args=["criminal.arrested"]), {"year": 2024, "org": "110105"}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_drill_down_says_how_many_facts_and_pages_through_them(
    client, people, make_case, monkeypatch
):
    """A figure of hundreds of people listed only its first 200 facts, without saying so: the
    page says which of how many it shows and links the pages before and after."""
    from procuracy.cases import actions
    from procuracy.web import dashboard

    monkeypatch.setattr(dashboard, "DRILL_PAGE", 1)
    first, second = make_case(on=date(2024, 3, 4)), make_case(on=date(2024, 3, 5))
    for case, day in ((first, 6), (second, 7)):
        actions.record_event(case.pk, "arrest.approved", persons=["P1"],
                             occurred_on=date(2024, 3, day), actor=people["procurator"])  # fmt: skip
    client.force_login(people["procurator"])
    url = reverse("web:figure_drill", args=["criminal.arrested"])
    params = {"year": 2024, "org": "110105"}
    page = client.get(url, params).content.decode()
    assert "第 1–1 条，共 2 条" in page
    assert first.number in page and second.number not in page
    assert "page=2" in page and "page=0" not in page
    page = client.get(url, {**params, "page": 2}).content.decode()
    assert "第 2–2 条，共 2 条" in page
    assert second.number in page and first.number not in page
    assert "page=1" in page and "page=3" not in page
    for bad in (3, 0, "x"):
        assert client.get(url, {**params, "page": bad}).status_code == 404


@pytest.mark.django_db
def test_the_work_report_is_viewable_and_downloadable_as_word(client, people, make_case):
    from docx import Document

    from procuracy.cases import actions

    case = make_case(on=date(2024, 3, 4))
    actions.record_event(
        case.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 6),
        actor=people["procurator"],
    )
    client.force_login(people["procurator"])
    page = client.get(reverse("web:work_report"), {"year": 2024, "org": "110105"})
    assert "批准和决定逮捕人数1人" in page.content.decode()
    # sections headed as Chinese documents number them (the page had "I. 为大局服务…")
    assert "<h2>一、为大局服务，充分履行检察职能维护稳定促进发展</h2>" in page.content.decode()
    response = client.get(reverse("web:work_report_docx"), {"year": 2024, "org": "110105"})
    document = Document(io.BytesIO(response.content))
    assert any("批准和决定逮捕人数1人" in p.text for p in document.paragraphs)
    # in English, the district's own report: its name, not the nation's organs (nor the SPP)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("web:work_report"), {"year": 2024, "org": "110105"}).content.decode()
    assert "Beijing Chaoyang District People&#x27;s Procuratorate handled a total of 1 case" in text
    assert "nation&#x27;s procuratorial organs" not in text and "the SPP" not in text
    assert "<h2>I. Serving the overall situation" in text
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    client.force_login(people["sibling"])
    assert (
        client.get(reverse("web:work_report"), {"year": 2024, "org": "110105"}).status_code == 404
    )


@pytest.mark.django_db
def test_opening_a_case_and_taking_figures_away_are_audited_as_sensitive_reads(
    client, people, make_case
):
    """Every sensitive read is audited (who, what, when, from where): a case page with its
    persons, naming a minor's case as such (Minors Protection Law art. 103 keeps a minor's
    personal data from disclosure); a drill-down to a figure's cases; the downloads."""
    from procuracy.cases import actions

    case = make_case(on=date(2024, 3, 4))
    actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6),
        actor=people["procurator"],
    )  # fmt: skip
    client.force_login(people["procurator"])
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 200
    opened = AuditEvent.objects.get(kind="sensitive_read", code="web.case")
    assert (opened.actor, opened.object_id, opened.procuratorate_code) == (
        people["procurator"], str(case.pk), "110105",
    )  # fmt: skip
    assert (opened.detail["reason"], opened.ip_address) == ("case opened", "127.0.0.1")

    year = {"year": 2024, "org": "110105"}
    client.get(reverse("web:figure_drill", args=["criminal.arrested"]), year)
    client.get(reverse("web:figures_export"), year)
    client.get(reverse("web:work_report_docx"), year)
    reads = {
        e.code: e.detail["query"]
        for e in AuditEvent.objects.filter(kind="sensitive_read", code__startswith="web.").exclude(
            code="web.case"
        )
    }
    assert reads == {
        "web.figures.drill": "figure=criminal.arrested year=2024",
        "web.figures.xlsx": "edition=work-report year=2024",
        "web.report.docx": "year=2024 lang=zh",
    }


@pytest.mark.django_db
def test_a_minors_case_opened_is_named_in_the_audit_trail(client, people, unit):
    from procuracy.cases import actions

    minor = "110105200801010014"  # born 2008-01-01 (tests/cases/conftest.py)
    case = actions.receive_case(
        unit("110105"), kind="arrest_review", received_on=date(2024, 3, 4),
        source={"agency": "police"}, materials=["arrest_request", "case_file", "evidence"],
        persons=[{"name": "小明", "id_number": minor, "custody": "detained",
                  "charges": [{"article": "264", "name": "盗窃罪"}]}],
        actor=people["manager"],
    )  # fmt: skip
    client.force_login(people["manager"])
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 200
    opened = AuditEvent.objects.get(kind="sensitive_read", code="web.case")
    assert opened.detail["reason"] == "a minor's case opened"


@pytest.mark.django_db
def test_each_language_names_ranks_departments_and_bases_in_its_own_words(
    client, people, make_case
):
    """No Chinese on the English pages' choices and roles, no English legal bases on the Chinese
    drill-down (《刑事诉讼法》 for CPL)."""
    from procuracy.cases import actions

    case = make_case(on=date(2024, 3, 4))
    actions.record_event(case.pk, "arrest.approved", persons=["P1"],
                         occurred_on=date(2024, 3, 6), actor=people["procurator"])  # fmt: skip
    client.force_login(people["manager"])
    drill = reverse("web:figure_drill", args=["criminal.arrested"])
    page = client.get(drill, {"year": 2024, "org": "110105"}).content.decode()
    assert "《刑事诉讼法》" in page and "CPL art." not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    intake = client.get(reverse("web:intake")).content.decode()
    assert "county or division level" in intake and "县处级" not in intake
    workbench = client.get(reverse("web:home")).content.decode()
    assert "Case management" in workbench and "案件管理部" not in workbench
    english = client.get(drill, {"year": 2024, "org": "110105"}).content.decode()
    assert "CPL art." in english and "persons with an arrest approved" in english


def test_no_template_comment_spans_lines():
    """Django's {# #} comment is one line only: one over two lines was printed at the top of
    every page (the language switch's note). A longer note is {% comment %}."""
    from pathlib import Path

    import procuracy

    root = Path(procuracy.__file__).parent
    spanning = [
        f"{path.relative_to(root)}:{no}"
        for path in root.rglob("*.html")
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert spanning == []


@pytest.mark.django_db
def test_the_login_page_shows_no_template_source(client):
    page = client.get(reverse("web:login")).content.decode()
    assert "{#" not in page and "{%" not in page and "#}" not in page


@pytest.mark.django_db
def test_the_figures_page_gives_changes_in_its_language(client, people, make_case):
    """The Chinese page gave "down 12.3% year on year" in English (and no change for a rate):
    the change is ``report.change_text``'s, in the page's language (上升100.0%; a rate's in
    percentage points, as the report's tables give it)."""
    from procuracy.cases import actions

    for on in (date(2023, 3, 6), date(2024, 3, 4), date(2024, 3, 5)):
        case = make_case(on=on)
        actions.record_event(case.pk, "arrest.approved", persons=["P1"],
                             occurred_on=on + timedelta(days=2),
                             actor=people["procurator"])  # fmt: skip
    client.force_login(people["procurator"])
    page = client.get(reverse("web:dashboard") + "?year=2024&org=110105").content.decode()
    assert "<td>上升100.0%</td>" in page and "year on year" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("web:dashboard") + "?year=2024&org=110105").content.decode()
    assert "<td>up 100.0%</td>" in page
