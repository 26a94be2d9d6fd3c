"""Demo personas, created through the actions (idempotent)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from procuracy.orgs.selectors import get_by_code
from procuracy.staff import actions as staff_actions
from procuracy.staff.models import User
from procuracy.staff.roles import DepartmentKind, Role


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    unit_code: str
    role: Role
    department: DepartmentKind


BASIC = "110105"  # 北京市朝阳区人民检察院
PROVINCIAL = "110000"  # 北京市人民检察院

PERSONAS = (
    Persona("procurator", "王检察官", BASIC, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
    Persona("procurator2", "李检察官", BASIC, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
    Persona("civil", "孙检察官", BASIC, Role.PROCURATOR, DepartmentKind.CIVIL),
    Persona("administrative", "周检察官", BASIC, Role.PROCURATOR, DepartmentKind.ADMINISTRATIVE),
    Persona("complaints", "吴检察官", BASIC, Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS),
    Persona("pil", "郑检察官", BASIC, Role.PROCURATOR, DepartmentKind.PUBLIC_INTEREST),
    Persona("enforcement", "冯检察官", BASIC, Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT),
    Persona("head", "张主任", BASIC, Role.DEPARTMENT_HEAD, DepartmentKind.CRIMINAL_PROSECUTION),
    Persona("chief", "赵检察长", BASIC, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    Persona("manager", "刘案管", BASIC, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
    Persona(
        "province-manager", "陈案管", PROVINCIAL, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT
    ),
)


def demo_password() -> str:
    """A random password for the demo personas, kept in the data folder (not the repo)."""
    path = Path(settings.DATA_DIR) / "demo-password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


@transaction.atomic
def ensure_personas(password: str) -> list[Persona]:
    for persona in PERSONAS:
        unit = get_by_code(persona.unit_code)
        user = User.objects.filter(username=persona.username).first()
        if user is None:
            user = staff_actions.create_user(
                persona.username, display_name=persona.display_name, password=password, actor=None
            )
        staff_actions.grant_role(
            user, unit, persona.role, department=persona.department, actor=None
        )
    return list(PERSONAS)


SAMPLE_PERSONS = [
    # (name, GB 11643 number generated below from this birth date and sequence, custody, charge)
    ("张伟", "19850312", "011", "detained", ("264", "盗窃罪")),
    ("李娜", "19920704", "022", "arrested", ("266", "诈骗罪")),
    ("王强", "19780115", "031", "detained", ("234", "故意伤害罪")),
    ("刘洋", "20080601", "041", "not_detained", ("264", "盗窃罪")),
    ("陈静", "19900923", "052", "bail", ("133-1", "危险驾驶罪")),
    ("杨磊", "19880228", "061", "arrested", ("347", "走私、贩卖、运输、制造毒品罪")),
]


def _citizen_id(region: str, birth: str, seq: str) -> str:
    from procuracy.parties.identifiers import citizen_id_check_character

    body = f"{region}{birth}{seq}"
    return body + citizen_id_check_character(body)


@transaction.atomic
def ensure_sample_cases() -> int:
    """A few cases of 北京市朝阳区人民检察院 at different stages, through the actions, so that
    the demo's screens are not empty. Only when the unit has no case yet."""
    from datetime import timedelta

    from django.utils import timezone

    from procuracy.cases import actions, approvals
    from procuracy.cases.models import Case

    unit = get_by_code(BASIC)
    if Case.objects.filter(procuratorate=unit).exists():
        return 0
    users = {
        u.username: u for u in User.objects.filter(username__in=[p.username for p in PERSONAS])
    }
    today = timezone.localdate()
    made = 0
    for i, (name, birth, seq, custody, (article, charge)) in enumerate(SAMPLE_PERSONS):
        kind = "arrest_review" if i % 2 == 0 else "prosecution_review"
        # the fourth (a review for prosecution received 40 days ago, undecided) has run past
        # its month (CPL art. 172): an overdue case for process monitoring to act on
        received = today - timedelta(days=[6, 20, 3, 40, 1, 27][i])
        materials = (
            ["arrest_request", "case_file", "evidence"]
            if kind == "arrest_review"
            else ["transfer_opinion", "case_file", "evidence"]
        )
        case = actions.receive_case(
            unit, kind=kind, received_on=received,
            source={"agency": "police", "name": "北京市公安局朝阳分局"}, materials=materials,
            persons=[{"name": name, "id_number": _citizen_id("110105", birth, seq),
                      "custody": custody, "guilty_plea": i % 3 != 2,
                      "charges": [{"article": article, "name": charge}]}],
            actor=users["manager"],
        )  # fmt: skip
        actions.assign_case(case.pk, occurred_on=received, actor=users["manager"])
        handler = Case.objects.get(pk=case.pk).state["handler"]
        if i == 0:
            actions.record_event(
                case.pk,
                "arrest.approved",
                persons=["P1"],
                occurred_on=received + timedelta(days=2),
                actor=users[handler],
            )
        elif i == 1:
            actions.record_event(
                case.pk, "prosecution.prosecuted", persons=["P1"],
                occurred_on=received + timedelta(days=15),
                payload={"charges": [{"article": article, "name": charge}],
                         "sentencing_recommendation": "有期徒刑一年"},
                actor=users[handler],
            )  # fmt: skip
        elif i == 2:
            approvals.request(
                case.pk,
                "arrest.not_approved",
                persons=["P1"],
                occurred_on=today,
                payload={"reason": "insufficient_evidence"},
                actor=users[handler],
            )
        elif i == 5:
            # a psychiatric assessment under way: the review month is paused (CPL art. 149)
            actions.record_event(
                case.pk, "deadline.time_exclusion_began", occurred_on=received + timedelta(days=10),
                payload={"reason": "psychiatric_assessment",
                         "excluded_from": (received + timedelta(days=9)).isoformat()},
                actor=users[handler],
            )  # fmt: skip
        made += 1
    return made


DEMO_SCALE = 0.25  # of 北京市朝阳区人民检察院's share of the national case flow
DEMO_SEED = 2023


def ensure_simulation(today=None) -> int:
    """Last year and this year (up to today) of 北京市朝阳区人民检察院, simulated with the demo
    personas as its staff: their workbenches, the monitoring list and the figures have a
    working procuratorate's cases. Idempotent (the simulator skips what is there)."""
    from django.utils import timezone

    from procuracy.orgs.models import Procuratorate
    from procuracy.simulator import load
    from procuracy.simulator.generate import Staff

    today = today or timezone.localdate()
    unit = Procuratorate.objects.get(code=BASIC)
    staff = Staff(
        manager="manager", head="head", chief="chief", procurators=["procurator", "procurator2"],
        civil=["civil"], administrative=["administrative"], complaints=["complaints"],
        pil=["pil"], enforcement=["enforcement"],
    )  # fmt: skip
    report = load.run(
        (today.year - 1, today.year), DEMO_SCALE, DEMO_SEED, org=unit, today=today,
        staff={BASIC: staff},
    )  # fmt: skip
    return report.events
