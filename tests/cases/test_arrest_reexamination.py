"""The next-level review of a non-arrest decision, at the procuratorate above (CPL art. 92;
Rules art. 291), walked through the actions.

Rules art. 291 ¶1: 公安机关提请上一级人民检察院复核的，上一级人民检察院应当在收到提请复核意见书和
案卷材料后十五日以内，经检察长批准，作出是否变更的决定 … 必要时，上级人民检察院也可以直接作出批准
逮捕决定. ¶2: 对于经复议复核维持原不批准逮捕决定的 … 应当说明理由.

Holidays (State Council, 2024): Qingming 04-04..04-06, Sunday 04-07 a working day.
"""

import io
import json
import uuid
from datetime import date

import pytest
from casewalk import assign, only, person, person_of, record, refused, reload

from procuracy.cases import actions, interchange
from procuracy.core.errors import ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

ABOVE = "110000"  # 北京市人民检察院, above 北京市朝阳区人民检察院 (110105)
MATERIALS = ["reexamination_request", "reconsideration_decision", "case_file"]


@pytest.fixture
def above(make_user):
    return {
        "manager": make_user(ABOVE, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "procurator": make_user(ABOVE, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "chief": make_user(ABOVE, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }


def receive(unit, staff, code=ABOVE, on=date(2024, 3, 20), **kw):
    return actions.receive_case(
        unit(code),
        kind="arrest_reexamination",
        received_on=on,
        source={"agency": "police", "name": "北京市公安局朝阳分局"},
        persons=[person(custody="bail")],
        materials=kw.pop("materials", MATERIALS),
        actor=staff["manager"],
        **kw,
    )


def reexamine(case, above, on, **payload):
    """The procuratorate above's procurator records the review's decision on P1."""
    return record(case, "arrest.reexamined", on, above["procurator"], ["P1"], **payload)


def test_the_procuratorate_above_decides_in_fifteen_days_with_its_chiefs_approval(unit, above):
    """Received Wed 2024-03-20: the 15th day is Thu 04-04, Qingming; the suspect is on bail,
    not in custody, so the period ends on the first working day after the holiday, Sun 04-07
    (CPL art. 105 ¶4). Without the chief's approval the decision is refused (经检察长批准); a
    decision that maintains the non-arrest states its reasons (Rules art. 291 ¶2)."""
    case = receive(unit, above)
    assert reload(case).number.startswith("京检刑捕复受〔2024〕")
    deadline = only(case, "arrest-reexamination", "P1")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-04-04", "2024-04-07")
    assert person_of(case)["stage"] == "reexamination"
    assign(case, above, "2024-03-20")

    with refused(ValidationFailed, "chief"):
        reexamine(case, above, "2024-04-02", outcome="maintained", reasons="证据不足")
    with refused(ValidationFailed, "Rules art. 291 ¶2", "reasons"):
        reexamine(
            case, above, "2024-04-02", outcome="maintained", approved_by=above["chief"].username
        )
    reexamine(
        case,
        above,
        "2024-04-02",
        outcome="maintained",
        reasons="现有证据不足以证明有犯罪事实",
        approved_by=above["chief"].username,
    )
    suspect = person_of(case)
    assert (suspect["stage"], suspect["decision"], suspect["custody"]) == (
        "reexamined",
        "arrest_not_approved",
        "bail",
    )
    assert only(case, "arrest-reexamination", "P1", status="met")["closed_on"] == "2024-04-02"
    assert reload(case).stage == "concluded"


def test_the_procuratorate_above_may_approve_the_arrest_itself(unit, above):
    """Rules art. 291 ¶1: 必要时，上级人民检察院也可以直接作出批准逮捕决定."""
    case = receive(unit, above)
    assign(case, above, "2024-03-20")
    reexamine(
        case, above, "2024-03-28", outcome="approved_directly", approved_by=above["chief"].username
    )
    suspect = person_of(case)
    assert (suspect["decision"], suspect["custody"]) == ("arrest_approved", "arrested")


def test_a_basic_procuratorate_does_not_receive_a_next_level_review(unit, staff):
    """Rules art. 291: the review is the procuratorate above's; a basic procuratorate has no
    procuratorate below it whose decision it could review."""
    with refused(ValidationFailed, "Rules art. 291", "basic", field="org"):
        receive(unit, staff, code="110105")


def test_an_import_line_for_a_basic_procuratorate_names_the_org(staff):
    line = {
        "format": "procuracy-events/1",
        "id": str(uuid.uuid4()),
        "org": "110105",
        "case": {"id": str(uuid.uuid4())},
        "type": "case.received",
        "occurred_on": "2024-03-20",
        "actor": staff["manager"].username,
        "payload": {
            "kind": "arrest_reexamination",
            "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
            "persons": [person(custody="bail")],
            "materials": MATERIALS,
        },
    }
    report = interchange.import_lines(io.StringIO(json.dumps(line, ensure_ascii=False) + "\n"))
    assert report.imported == 0
    [rejection] = report.rejected
    assert (rejection.line, rejection.field) == (1, "org")
    assert "Rules art. 291" in rejection.reason
