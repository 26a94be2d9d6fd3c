"""Web fixtures: staff of 110105 (owner), 110106 (sibling), 110000 (superior), cases built
through the actions."""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.staff.roles import DepartmentKind, Role

PASSWORD = "correct-horse-battery-9"
ADULT = "11010519491231002X"  # GB 11643 worked example


@pytest.fixture
def people(make_user):
    return {
        "manager": make_user(
            "110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT, password=PASSWORD
        ),
        "procurator": make_user(
            "110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION, password=PASSWORD
        ),
        "procurator2": make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "chief": make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        "sibling": make_user("110106", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "sibling_manager": make_user("110106", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "superior": make_user("110000", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "superior_manager": make_user("110000", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "analyst": make_user("110105", Role.ANALYST, DepartmentKind.DIGITAL_PROCURACY),
    }


@pytest.fixture
def make_case(people, unit):
    def make(on=date(2024, 3, 4), kind="arrest_review", assign=True, name="张某"):
        materials = {
            "arrest_review": ["arrest_request", "case_file", "evidence"],
            "prosecution_review": ["transfer_opinion", "case_file", "evidence"],
        }[kind]
        case = actions.receive_case(
            unit("110105"), kind=kind, received_on=on, source={"agency": "police"},
            materials=materials,
            persons=[{"name": name, "id_number": ADULT, "custody": "detained",
                      "charges": [{"article": "264", "name": "盗窃罪"}]}],
            actor=people["manager"],
        )  # fmt: skip
        if assign:
            actions.assign_case(case.pk, handler=None, occurred_on=on, actor=people["manager"])
        return case

    return make
