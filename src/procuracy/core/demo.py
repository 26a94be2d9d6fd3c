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
