"""Personas of 北京市朝阳区人民检察院 (110105) built through the actions, and an intake helper."""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.staff.roles import DepartmentKind, Role

UNIT = "110105"
# GB 11643 example numbers (check characters verified by hand in tests/parties):
ADULT_ID = "11010519491231002X"  # born 1949-12-31, female
# 110105 + 20080101 + 001 (odd: male) + check digit. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
# give 7+9+0+5+0+20+4+0+0+24+0+9+0+5+0+0+2 = 85; 85 % 11 = 8; (12 - 8) % 11 = 4.
MINOR_ID = "110105200801010014"


@pytest.fixture
def staff(make_user):
    return {
        "manager": make_user(UNIT, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "procurator": make_user(UNIT, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "procurator2": make_user(UNIT, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "head": make_user(UNIT, Role.DEPARTMENT_HEAD, DepartmentKind.CRIMINAL_PROSECUTION),
        "chief": make_user(UNIT, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }


def person(
    name="张某", id_number=ADULT_ID, custody="detained", article="264", charge="盗窃罪", **extra
):
    return {
        "name": name,
        "id_number": id_number,
        "custody": custody,
        "charges": [{"article": article, "name": charge}],
        **extra,
    }


MATERIALS = {
    "arrest_review": ["arrest_request", "case_file", "evidence"],
    "prosecution_review": ["transfer_opinion", "case_file", "evidence"],
}


@pytest.fixture
def receive(staff, unit):
    def go(kind="arrest_review", on=date(2024, 3, 4), persons=None, agency="police", **kw):
        return actions.receive_case(
            unit(UNIT),
            kind=kind,
            received_on=on,
            source={"agency": agency, "name": "北京市公安局朝阳分局"},
            persons=persons or [person()],
            materials=kw.pop("materials", MATERIALS[kind]),
            actor=staff["manager"],
            **kw,
        )

    return go
