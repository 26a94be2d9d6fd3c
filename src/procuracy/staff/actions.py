"""Writes of staff, departments and roles."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from procuracy.core.actions import action
from procuracy.core.errors import ValidationFailed
from procuracy.orgs.models import Procuratorate

from .models import Department, Membership, User
from .roles import DEPARTMENT_NAMES_ZH, DepartmentKind, Role


def _department(procuratorate: Procuratorate, kind: str) -> Department:
    try:
        kind = DepartmentKind(kind)
    except ValueError:
        raise ValidationFailed(f"unknown department kind {kind!r}", field="department") from None
    department, _ = Department.objects.get_or_create(
        procuratorate=procuratorate, kind=kind, defaults={"name_zh": DEPARTMENT_NAMES_ZH[kind]}
    )
    return department


@action("staff.ensure_department")
def ensure_department(procuratorate: Procuratorate, kind: str, *, actor) -> Department:
    return _department(procuratorate, kind)


@action("staff.create_user")
def create_user(
    username: str, *, display_name: str = "", password: str | None = None, actor
) -> User:
    username = (username or "").strip()
    if not username:
        raise ValidationFailed("a username is required", field="username")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(f"user {username!r} already exists", field="username")
    user = User(username=username, display_name=display_name)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages), field="password") from None
        user.set_password(password)
    user.save()
    return user


@action("staff.grant_role")
def grant_role(
    user: User, procuratorate: Procuratorate, role: str, *, department: str | None = None, actor
) -> Membership:
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed(f"unknown role {role!r}", field="role") from None
    dept = _department(procuratorate, department) if department else None
    membership, _ = Membership.objects.get_or_create(
        user=user, procuratorate=procuratorate, department=dept, role=role
    )
    if not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    return membership


@action("staff.revoke_role")
def revoke_role(membership: Membership, *, actor) -> Membership:
    membership.active = False
    membership.save(update_fields=["active"])
    return membership
