"""Writes of staff, departments and roles."""

from __future__ import annotations

from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from procuracy.core.actions import action
from procuracy.core.errors import ValidationFailed, shown
from procuracy.orgs.models import Procuratorate

from .models import Department, Membership, User
from .roles import DEPARTMENT_NAMES_ZH, DepartmentKind, Role


def _department(procuratorate: Procuratorate, kind: str) -> Department:
    try:
        kind = DepartmentKind(kind)
    except ValueError:
        raise ValidationFailed(
            f"unknown department kind {kind!r}", field="department", zh=f"未知的部门类型{kind!r}"
        ) from None
    department, _ = Department.objects.get_or_create(
        procuratorate=procuratorate, kind=kind, defaults={"name_zh": DEPARTMENT_NAMES_ZH[kind]}
    )
    return department


def _password_refused_zh(password: str, user: User) -> str:
    """Why the password validators refuse ``password``, in Simplified Chinese. They word their
    messages as they run, in the active language: run them again in Chinese. Django's own
    Chinese lacks the minimum length's message (its English changed in Django 5.2): said here."""
    reasons = []
    with translation.override("zh-hans"):
        for validator in get_default_password_validators():
            try:
                validator.validate(password, user)
            except ValidationError as exc:
                if isinstance(validator, MinimumLengthValidator):
                    reasons.append(f"密码太短：至少应有{validator.min_length}个字符。")
                else:
                    reasons.extend(exc.messages)
    return "".join(reasons) or "密码不符合要求。"


@action("staff.ensure_department")
def ensure_department(procuratorate: Procuratorate, kind: str, *, actor) -> Department:
    return _department(procuratorate, kind)


def check_user_fields(username: str, display_name: str = "") -> None:
    """Refuse, naming the field, a username Django's user model would not take (its
    validator: letters, digits and @ . + - _; its length) or a display name longer than the
    model's field. ``username`` as stored: already stripped."""
    if not isinstance(username, str) or not username:
        raise ValidationFailed("a username is required", field="username", zh="未填写用户名")
    _check_length("username", username, "用户名")
    try:
        User.username_validator(username)
    except ValidationError:
        raise ValidationFailed(
            f"{shown(username)} is not a username: letters, digits and @ . + - _ only (no spaces)",
            field="username",
            zh=f"用户名{shown(username)}无效：只能包含字母、数字和 @ . + - _（不能有空格）",
        ) from None
    if not isinstance(display_name, str):
        raise ValidationFailed("must be text", field="display_name", zh="姓名应为文字")
    _check_length("display_name", display_name, "姓名")


def _check_length(name: str, value: str, zh: str) -> None:
    """At most the model field's length."""
    limit = User._meta.get_field(name).max_length
    if len(value) > limit:
        raise ValidationFailed(
            f"{len(value):,} characters is too long: at most {limit}",
            field=name,
            zh=f"{zh}过长：{len(value)}个字符，最多{limit}个字符",
        )


@action("staff.create_user")
def create_user(
    username: str, *, display_name: str = "", password: str | None = None, actor
) -> User:
    username = (username or "").strip()
    check_user_fields(username, display_name)
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            f"user {username!r} already exists", field="username", zh=f"用户名{username!r}已经存在"
        )
    user = User(username=username, display_name=display_name)
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    user.save()
    return user


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(
            " ".join(exc.messages), field="password", zh=_password_refused_zh(password, user)
        ) from None
    user.set_password(password)


@action("staff.set_password")
def set_password(user: User, password: str, *, actor) -> User:
    """A new password for ``user``, checked by the validators (a restored user has none)."""
    _set_password(user, password)
    user.save(update_fields=["password"])
    return user


@action("staff.grant_role")
def grant_role(
    user: User, procuratorate: Procuratorate, role: str, *, department: str | None = None, actor
) -> Membership:
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed(
            f"unknown role {role!r}", field="role", zh=f"未知的职务{role!r}"
        ) from None
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
