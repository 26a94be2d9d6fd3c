"""Every staff view against: the owner unit's staff (allowed), a sibling unit (404), a superior
unit (read-only: 200 on reads, 403 on writes), the wrong role (403), anonymous (redirect to
login) and the wrong HTTP method (405)."""

import pytest
from django.urls import reverse

from procuracy.audit.models import AuditEvent
from procuracy.cases.models import Case, LedgerEvent


def url(name, case=None, **kw):
    if case is not None:
        kw["case_id"] = case.pk
    return reverse(f"web:{name}", kwargs=kw or None)


CASE_READS = ["case"]
CASE_WRITES = [
    # (view name, extra url kwargs, POST data, role that may do it)
    (
        "case_event",
        {"event_type": "arrest.approved"},
        {"occurred_on": "2024-03-06", "persons": ["P1"]},
        "procurator",
    ),
    ("case_assign", {}, {}, "manager"),
    ("monitoring_notice", {}, {"problem": "逾期"}, "manager"),
]


@pytest.mark.django_db
class TestCaseViews:
    @pytest.mark.parametrize("name", CASE_READS)
    def test_reads(self, client, people, make_case, name):
        case = make_case()
        client.force_login(people["procurator"])
        assert client.get(url(name, case)).status_code == 200
        client.force_login(people["sibling"])
        assert client.get(url(name, case)).status_code == 404
        client.force_login(people["superior"])
        page = client.get(url(name, case))
        assert page.status_code == 200
        assert "只读" in page.content.decode() or "read-only" in page.content.decode()
        client.logout()
        response = client.get(url(name, case))
        assert response.status_code == 302 and "/login/" in response["Location"]
        client.force_login(people["procurator"])
        assert client.post(url(name, case)).status_code == 405

    @pytest.mark.parametrize(("name", "kwargs", "data", "allowed"), CASE_WRITES)
    def test_writes(self, client, people, make_case, name, kwargs, data, allowed):
        case = make_case(assign=name != "case_assign")
        target = url(name, case, **kwargs)
        before = LedgerEvent.objects.count()
        for who, status in (
            ("sibling", 404),
            ("superior", 403),
            ("superior_manager", 403),
            ("analyst", 403),
        ):
            client.force_login(people[who])
            assert client.post(target, data).status_code == status, who
        client.logout()
        assert client.post(target, data).status_code == 302
        client.force_login(people[allowed])
        assert client.get(target).status_code == 405
        assert LedgerEvent.objects.count() == before
        response = client.post(target, data)
        assert response.status_code == 302
        assert LedgerEvent.objects.count() == before + 1

    def test_an_action_form_is_for_those_who_may_record_it(self, client, people, make_case):
        case = make_case()
        target = url("case_event_form", case, event_type="arrest.approved")
        for who, status in (
            ("sibling", 404),
            ("superior", 403),
            ("manager", 403),  # arrest decisions are the procurators' (Rules art. 4)
        ):
            client.force_login(people[who])
            assert client.get(target).status_code == status, who
        client.logout()
        assert client.get(target).status_code == 302
        client.force_login(people["procurator"])
        page = client.get(target)
        assert page.status_code == 200 and 'name="persons"' in page.content.decode()
        fragment = client.get(target, headers={"HX-Request": "true"}).content.decode()
        assert fragment.lstrip().startswith("<form") and "<html" not in fragment
        assert client.post(target).status_code == 405
        # an action the case's stage does not allow now
        closed = url("case_event_form", case, event_type="protest.decided")
        assert client.get(closed).status_code == 404

    def test_the_wrong_role_for_the_event_is_forbidden(self, client, people, make_case):
        case = make_case()
        client.force_login(people["manager"])
        response = client.post(
            url("case_event", case, event_type="arrest.approved"),
            {"occurred_on": "2024-03-06", "persons": ["P1"]},
        )
        assert response.status_code == 403

    def test_an_unknown_case_is_404(self, client, people):
        client.force_login(people["procurator"])
        assert (
            client.get(
                reverse("web:case", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
            ).status_code
            == 404
        )


PAGES = ["home", "search", "dashboard"]


@pytest.mark.django_db
class TestPages:
    @pytest.mark.parametrize("name", PAGES)
    def test_pages_need_login_and_refuse_post(self, client, people, name):
        response = client.get(url(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
        client.force_login(people["procurator"])
        assert client.get(url(name)).status_code == 200
        assert client.post(url(name)).status_code == 405

    def test_intake_is_for_case_managers(self, client, people):
        client.force_login(people["procurator"])
        assert client.get(url("intake")).status_code == 403
        client.force_login(people["manager"])
        assert client.get(url("intake")).status_code == 200
        assert client.put(url("intake")).status_code == 405
        client.logout()
        assert client.get(url("intake")).status_code == 302

    def test_monitoring_is_for_case_managers(self, client, people):
        client.force_login(people["procurator"])
        assert client.get(url("monitoring")).status_code == 403
        client.force_login(people["manager"])
        assert client.get(url("monitoring")).status_code == 200
        assert client.post(url("monitoring")).status_code == 405

    def test_a_dashboard_of_a_unit_outside_the_users_tree_is_404(self, client, people):
        client.force_login(people["procurator"])
        assert client.get(url("dashboard") + "?org=110106").status_code == 404
        assert client.get(url("dashboard") + "?org=110000").status_code == 404
        client.force_login(people["superior"])
        assert client.get(url("dashboard") + "?org=110105").status_code == 200

    def test_an_arrest_in_an_own_case_goes_to_the_chief_for_approval(self, client, people, unit):
        """Rules art. 297: in a self-investigated case the procurator's arrest decision is
        submitted to the chief procurator (approval_in_case), not recorded; in a case from
        the police the same form records it."""
        from datetime import date

        from conftest import ADULT

        from procuracy.cases import actions
        from procuracy.cases.models import ApprovalRequest

        own = actions.receive_case(
            unit("110105"), kind="arrest_review", received_on=date(2024, 3, 4),
            source={"agency": "procuratorate"}, self_investigated=True,
            materials=["arrest_request", "case_file", "evidence"],
            persons=[{"name": "张某", "id_number": ADULT, "custody": "detained",
                      "charges": [{"article": "264", "name": "盗窃罪"}]}],
            actor=people["manager"],
        )  # fmt: skip
        actions.assign_case(own.pk, handler=None, occurred_on=date(2024, 3, 4),
                            actor=people["manager"])  # fmt: skip
        client.force_login(people["procurator"])
        client.post(url("case_event", own, event_type="arrest.approved"),
                    {"occurred_on": "2024-03-06", "persons": ["P1"]})  # fmt: skip
        req = ApprovalRequest.objects.get()
        assert (req.event_type, req.status) == ("arrest.approved", "pending")
        assert Case.objects.get(pk=own.pk).state["persons"]["P1"]["stage"] == "arrest_review"

    def test_approvals_are_decided_only_by_the_approver(self, client, people, make_case):
        case = make_case()
        client.force_login(people["procurator"])
        client.post(
            url("case_event", case, event_type="arrest.not_approved"),
            {"occurred_on": "2024-03-06", "persons": ["P1"], "f_reason": "insufficient_evidence"},
        )
        from procuracy.cases.models import ApprovalRequest

        req = ApprovalRequest.objects.get()
        target = reverse("web:approval", kwargs={"request_id": req.pk})
        for who, status in (("procurator2", 403), ("sibling", 404), ("superior", 403)):
            client.force_login(people[who])
            assert client.post(target, {"decision": "approve"}).status_code == status, who
        # the 403 page says why; the 404 page does not tell a hidden record from none
        client.force_login(people["procurator2"])
        page = client.post(target, {"decision": "approve"}).content.decode()
        assert "无权操作" in page and "此请求只能由北京市朝阳区人民检察院检察长决定" in page
        client.force_login(people["sibling"])
        page = client.post(target, {"decision": "approve"}).content.decode()
        assert "未找到" in page and "approval request" not in page
        # every denial is audited (docs/access.md), each with its reason
        denials = AuditEvent.objects.filter(
            kind="access_denied", code="cases.decide_approval", object_id=str(req.pk)
        ).order_by("id")
        assert [(d.actor, d.detail["reason"]) for d in denials] == [
            (people["procurator2"], "only the chief procurator of 110105"),
            (people["sibling"], "not visible"),
            (people["superior"], "only the chief procurator of 110105"),
            (people["procurator2"], "only the chief procurator of 110105"),
            (people["sibling"], "not visible"),
        ]
        # under the request's lock the role is read again from the database: one revoked
        # between the check and the write (here never held) does not reject the request
        from procuracy.cases import approvals
        from procuracy.core.errors import Forbidden

        with pytest.raises(Forbidden, match="only the chief procurator"):
            approvals._decide(req.pk, approve=False, comment="", actor=people["procurator2"])
        assert ApprovalRequest.objects.get().status == "pending"
        client.force_login(people["chief"])
        assert client.get(target).status_code == 405
        assert client.post(target, {"decision": "approve"}).status_code == 302
        person = Case.objects.get(pk=case.pk).state["persons"]["P1"]
        assert person["decision"] == "arrest_not_approved"
