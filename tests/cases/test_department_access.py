"""Who acts in a case: the case's own department (staff/roles.py ``acts_in``).

The case management office passes a registered case to the department that handles it (Rules
art. 158: 移送办案部门办理); its procurators handle it under the responsibility system (Organic
Law art. 18: 业务机构; art. 34: 检察官办案责任制). So a procurator of the civil department
does not decide an arrest, through the actions, the import or the web. A membership without a
department (a small unit's procurator) or in the leadership acts everywhere; the juvenile
department also handles the criminal cases of minors (Minors Protection Law art. 101: 专门机构
for 涉及未成年人案件), the duty crime department those a supervision commission transferred.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from io import StringIO

import pytest
from casewalk import MINOR_ID, assign, person, person_of, record, refused, reload

from procuracy import access
from procuracy.cases import actions, approvals, interchange
from procuracy.cases.models import ApprovalRequest, LedgerEvent
from procuracy.core.errors import Forbidden, ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role, acts_in
from procuracy.web import selectors as web_selectors

pytestmark = pytest.mark.django_db

UNIT = "110105"


@pytest.fixture
def others(make_user):
    return {
        "civil": make_user(UNIT, Role.PROCURATOR, DepartmentKind.CIVIL),
        "civil_head": make_user(UNIT, Role.DEPARTMENT_HEAD, DepartmentKind.CIVIL),
        "juvenile": make_user(UNIT, Role.PROCURATOR, DepartmentKind.JUVENILE),
        "anywhere": make_user(UNIT, Role.PROCURATOR),  # no department: the whole unit
    }


@pytest.fixture
def arrest_case(receive, staff):
    case = receive("arrest_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    return case


class TestTheRule:
    @pytest.mark.parametrize(
        ("member_of", "department", "tags", "acts"),
        [
            ("civil", "civil", (), True),
            ("civil", "criminal_prosecution", (), False),
            ("criminal_prosecution", "civil", (), False),
            # Minors Protection Law art. 101: the cases of minors, not every criminal case
            ("juvenile", "criminal_prosecution", ("minor",), True),
            ("juvenile", "criminal_prosecution", (), False),
            ("juvenile", "civil", ("minor",), False),
            ("duty_crime_prosecution", "criminal_prosecution", ("supervision_commission",), True),
            ("duty_crime_prosecution", "criminal_prosecution", ("minor",), False),
            ("leadership", "public_interest", (), True),
            (None, "administrative", (), True),  # a membership without a department
        ],
    )
    def test_a_department_acts_in_its_own_cases(self, member_of, department, tags, acts):
        assert acts_in(member_of, department, frozenset(tags)) is acts

    def test_unit_wide_roles_are_not_narrowed(self, staff, arrest_case):
        """The chief procurator and the case manager act in every department's cases."""
        unit = arrest_case.procuratorate
        assert "chief_procurator" in access.roles_at(staff["chief"], unit, "civil")
        assert "case_manager" in access.roles_at(staff["manager"], unit, "civil")
        assert access.roles_at(staff["procurator"], unit, "civil") == set()
        assert access.roles_at(staff["procurator"], unit) == {"procurator"}


class TestThroughTheActions:
    def test_a_civil_procurator_does_not_decide_an_arrest(self, arrest_case, others):
        """Refused as Forbidden, the denial audited, nothing else written."""
        with refused(Forbidden, "criminal prosecution department", denial_audited=True):
            record(arrest_case, "arrest.approved", "2024-03-06", others["civil"], ["P1"])
        assert person_of(arrest_case)["stage"] == "arrest_review"

    def test_the_departments_own_procurator_and_a_unit_wide_one_decide(
        self, receive, staff, others
    ):
        for who in (staff["procurator"], others["anywhere"]):
            case = receive("arrest_review", on=date(2024, 3, 4))
            record(case, "arrest.approved", "2024-03-06", who, ["P1"])
            assert person_of(case)["decision"] == "arrest_approved", who

    def test_the_juvenile_department_decides_the_cases_of_minors_only(self, receive, staff, others):
        """Minors Protection Law art. 101: 涉及未成年人案件 go to the specialised department."""
        minor = receive("arrest_review", on=date(2024, 3, 4),
                        persons=[person(id_number=MINOR_ID)])  # fmt: skip
        record(minor, "arrest.approved", "2024-03-06", others["juvenile"], ["P1"])
        assert person_of(minor)["decision"] == "arrest_approved"
        adult = receive("arrest_review", on=date(2024, 3, 4))
        with refused(Forbidden, "criminal prosecution department", denial_audited=True):
            record(adult, "arrest.approved", "2024-03-06", others["juvenile"], ["P1"])

    def test_the_juvenile_department_decides_the_cases_of_a_minor_victim(
        self, receive, staff, others
    ):
        """Minors Protection Law art. 101: a case of a victim under 18 is a 涉及未成年人案件 too
        (the intake's flag ``minor_victim``); the suspect may be an adult."""
        victim = receive("arrest_review", on=date(2024, 3, 4), flags=["minor_victim"])
        record(victim, "arrest.approved", "2024-03-06", others["juvenile"], ["P1"])
        assert person_of(victim)["decision"] == "arrest_approved"
        other = receive("arrest_review", on=date(2024, 3, 4), flags=["female_victim"])
        with refused(Forbidden, "criminal prosecution department", denial_audited=True):
            record(other, "arrest.approved", "2024-03-06", others["juvenile"], ["P1"])

    def test_a_department_head_of_another_department_does_not_override_the_assignment(
        self, receive, staff, others
    ):
        case = receive("arrest_review", on=date(2024, 3, 4))
        with refused(Forbidden, "criminal prosecution department", denial_audited=True):
            actions.assign_case(
                case.pk, handler=staff["procurator2"].username, actor=others["civil_head"]
            )
        with refused(ValidationFailed, "criminal prosecution department", field="handler"):
            actions.assign_case(case.pk, handler=others["civil"].username, actor=staff["head"])
        actions.assign_case(case.pk, handler=staff["procurator2"].username, actor=staff["head"])
        assert reload(case).state["handler"] == staff["procurator2"].username

    def test_the_assignment_event_recorded_directly_has_the_same_rules(
        self, receive, staff, others
    ):
        """The generic path (``record_event``, the web's event form, ``case record``) is held to
        the rules of ``assign_case``: only a head names the handler, who acts in the case."""
        case = receive("arrest_review", on=date(2024, 3, 4))
        with refused(ValidationFailed, "only a department head", field="payload.method"):
            record(case, "case.assigned", "2024-03-04", staff["manager"],
                   handler=staff["procurator"].username, method="override")  # fmt: skip
        for method, actor in (("override", staff["head"]), ("rotation", staff["manager"])):
            with refused(ValidationFailed, "criminal prosecution department",
                         field="payload.handler"):  # fmt: skip
                record(case, "case.assigned", "2024-03-04", actor,
                       handler=others["civil"].username, method=method)  # fmt: skip
        record(case, "case.assigned", "2024-03-04", staff["head"],
               handler=staff["procurator2"].username, method="override")  # fmt: skip
        assert reload(case).state["handler"] == staff["procurator2"].username

    def test_an_assignment_names_the_department_that_handles_the_case(self, receive, staff):
        """Rules art. 158: the case goes to its handling department, not another."""
        case = receive("arrest_review", on=date(2024, 3, 4))
        with refused(ValidationFailed, "handled by the criminal prosecution department",
                     field="payload.department"):  # fmt: skip
            record(case, "case.assigned", "2024-03-04", staff["manager"],
                   handler=staff["procurator"].username, method="rotation",
                   department="civil")  # fmt: skip


class TestApprovals:
    def test_a_department_heads_approval_is_their_own_departments(self, arrest_case, staff, others):
        """A request waiting for a department head reaches the head of the case's department
        only (pending list and decision). No event type needs a department head's approval
        today (they all need the chief procurator's), so the request is made directly."""
        req = ApprovalRequest.objects.create(
            case=arrest_case, procuratorate=arrest_case.procuratorate,
            event_type="arrest.approved", persons="P1", occurred_on=date(2024, 3, 6),
            payload={}, approver_role=Role.DEPARTMENT_HEAD, requested_by=staff["procurator"],
        )  # fmt: skip
        assert list(approvals.pending_for(staff["head"])) == [req]
        assert list(approvals.pending_for(others["civil_head"])) == []
        with pytest.raises(Forbidden, match="department head of the criminal prosecution"):
            approvals.decide(req.pk, approve=False, actor=others["civil_head"])
        assert ApprovalRequest.objects.get(pk=req.pk).status == "pending"
        approvals.decide(req.pk, approve=True, actor=staff["head"])
        assert person_of(arrest_case)["decision"] == "arrest_approved"


class TestThroughTheImport:
    def _line(self, case, actor, **changes) -> str:
        line = {
            "format": "procuracy-events/1", "id": str(uuid.uuid4()), "org": UNIT,
            "case": {"id": str(case.pk), "number": case.number}, "type": "arrest.approved",
            "occurred_on": "2024-03-06", "persons": ["P1"], "actor": actor.username,
            "payload": {}, **changes,
        }  # fmt: skip
        return json.dumps(line, ensure_ascii=False) + "\n"

    @pytest.mark.parametrize("mode", ["bulk", "actions"])
    def test_a_line_by_another_departments_procurator_is_rejected(self, arrest_case, others, mode):
        before = LedgerEvent.objects.count()
        result = interchange.import_lines(
            StringIO(self._line(arrest_case, others["civil"])), mode=mode
        )
        assert [(r.line, r.field) for r in result.rejected] == [(1, "actor")]
        assert "criminal prosecution department" in result.rejected[0].reason
        assert LedgerEvent.objects.count() == before

    @pytest.mark.parametrize("mode", ["bulk", "actions"])
    def test_an_assignment_to_another_departments_procurator_is_rejected(
        self, receive, staff, others, mode
    ):
        case = receive("arrest_review", on=date(2024, 3, 4))
        line = self._line(
            case, staff["manager"], type="case.assigned", persons=[], occurred_on="2024-03-04",
            payload={"handler": others["civil"].username, "method": "rotation"},
        )  # fmt: skip
        result = interchange.import_lines(StringIO(line), mode=mode)
        assert [(r.line, r.field) for r in result.rejected] == [(1, "payload.handler")]
        assert "criminal prosecution department" in result.rejected[0].reason


class TestTheWeb:
    def test_another_departments_procurator_sees_no_action_on_the_case(
        self, arrest_case, staff, others
    ):
        """They may read the case (same unit) but are offered nothing to record."""
        assert web_selectors.allowed_events(others["civil"], arrest_case) == []
        assert web_selectors.allowed_events(staff["procurator"], arrest_case) != []
