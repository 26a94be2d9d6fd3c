"""Access, decided in one place.

The rules (architecture guide, idea 4):

- Staff of a unit see that unit's records; a higher unit sees its subordinate units' records.
  Visibility follows the tree: a record is visible when its procuratorate's path starts with
  the path of a unit where the user holds an active staff role.
- Writes are limited to the unit that owns the record (no writing down the tree, nor up) and
  to the roles the action allows. On a case, a procurator, procurator assistant or department
  head acts only when they belong to the case's department (``staff.roles.acts_in``): a civil
  procurator does not decide an arrest.
- External roles (people's supervisors, deputies) see no records through the tree.
- A record a user may not see answers exactly like one that does not exist: the helpers raise
  the same :class:`NotFound` for both, and log the denied access.

Every domain read or write of an owned record goes through :func:`access_record` (one helper
that fetches and authorises in one step, like Zulip's ``access_stream_by_id``) or filters with
:func:`visible_q`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet

from procuracy.audit.actions import record_access_denied, record_sensitive_read
from procuracy.core.errors import Forbidden, NotFound
from procuracy.orgs.models import Procuratorate
from procuracy.staff.models import Membership
from procuracy.staff.roles import (
    DEPARTMENT_NAMES_ZH,
    DEPARTMENT_ROLES,
    FROM_COMMISSION,
    MINOR,
    STAFF_ROLES,
    Role,
    acts_in,
    department_en,
)

_CACHE_ATTR = "_procuracy_memberships"


def memberships(user) -> list[Membership]:
    """The user's active memberships, read once per request (cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, active=True).select_related(
                "procuratorate", "department"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def prime(users) -> None:
    """Read the memberships of many users in one query (for an import of many lines)."""
    users = [u for u in users if getattr(u, "is_active", False)]
    by_user: dict[int, list[Membership]] = {u.pk: [] for u in users}
    for chunk in range(0, len(users), 500):
        ids = [u.pk for u in users[chunk : chunk + 500]]
        for m in Membership.objects.filter(user_id__in=ids, active=True).select_related(
            "procuratorate", "department"
        ):
            by_user[m.user_id].append(m)
    for u in users:
        setattr(u, _CACHE_ATTR, by_user[u.pk])


def forget(user) -> None:
    """Drop the cached memberships (after a role is granted or revoked)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _staff_paths(user) -> list[str]:
    paths = sorted({m.procuratorate.path for m in memberships(user) if m.role in STAFF_ROLES})
    # Drop paths inside another: one prefix covers its subtree.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def can_read_unit(user, unit: Procuratorate) -> bool:
    return any(unit.path.startswith(path) for path in _staff_paths(user))


def roles_at(
    user, unit: Procuratorate, department: str | None = None, tags: frozenset[str] = frozenset()
) -> set[str]:
    """Roles the user holds in exactly this unit; with ``department`` (a case's, and the
    case's ``tags``: ``case_tags``), only those that act in that case (a procurator of another
    department has none)."""
    return {
        m.role
        for m in memberships(user)
        if m.procuratorate_id == unit.pk
        and (
            department is None
            or m.role not in DEPARTMENT_ROLES
            or acts_in(m.department.kind if m.department_id else None, department, tags)
        )
    }


def case_tags(state: dict | None) -> frozenset[str]:
    """What else than its department decides who acts in a case (``staff.roles.ALSO_ACTS_IN``):
    a minor involved (a suspect who was a minor at the offence, or a victim under 18, the
    intake's flag ``minor_victim``: Minors Protection Law art. 101's 涉及未成年人案件); a case a
    supervision commission transferred."""
    if not state:
        return frozenset()
    tags = set()
    if "minor_victim" in (state.get("flags") or ()) or any(
        p.get("minor_at_offence") for p in state.get("persons", {}).values()
    ):
        tags.add(MINOR)
    if (state.get("source") or {}).get("agency") == FROM_COMMISSION:
        tags.add(FROM_COMMISSION)
    return frozenset(tags)


def roles_on_case(user, case) -> set[str]:
    """The roles ``user`` acts with on ``case`` (a ``Case``): its unit, department and tags."""
    return roles_at(user, case.procuratorate, case.department, case_tags(case.state))


def can_write_unit(
    user,
    unit: Procuratorate,
    roles: Iterable[str],
    department: str | None = None,
    tags: frozenset[str] = frozenset(),
) -> bool:
    allowed = {Role(r) for r in roles}
    return bool(roles_at(user, unit, department, tags) & allowed)


def visible_q(user, field: str = "procuratorate") -> Q:
    """A filter for records whose ``field`` (a Procuratorate FK) the user may see."""
    paths = _staff_paths(user)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def visible(user, queryset: QuerySet, field: str = "procuratorate") -> QuerySet:
    return queryset.filter(visible_q(user, field))


def _unit_of(record: Model, field: str) -> Procuratorate:
    return getattr(record, field)


#: The records fetched through :func:`access_record`, by model label, as a refusal names them
#: in Chinese; any other is a 记录.
_NAMES_ZH = {
    "cases.Case": "案件",
    "parties.Person": "人员",
    "parties.Organisation": "单位",
}


def _name_zh(model: type[Model]) -> str:
    return _NAMES_ZH.get(model._meta.label, "记录")


def access_record(
    user,
    model: type[Model],
    pk,
    *,
    write: bool = False,
    roles: Iterable[str] = (),
    field: str = "procuratorate",
    department_field: str | None = None,
    code: str = "",
    ip: str | None = None,
    sensitive: bool = False,
) -> Model:
    """Fetch a record and authorise the user in one step.

    ``sensitive``: the record is being opened to be read whole (a case page with its persons),
    which the audit trail records as a sensitive read, naming a minor's case as such.

    Raises :class:`NotFound` when the record does not exist or the user may not see it (the
    two are indistinguishable), and :class:`Forbidden` when the user may see it but may not
    write it with one of ``roles`` (held in the record's department, its attribute
    ``department_field``, when given).
    """
    label = model._meta.label
    try:
        record = model.objects.select_related(field).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(
            f"no {model._meta.verbose_name} {pk}", zh=f"找不到{_name_zh(model)}{pk}"
        ) from None
    unit = _unit_of(record, field)
    if not can_read_unit(user, unit):
        record_access_denied(
            actor=user, code=code, object_type=label, object_id=pk, reason="not visible", ip=ip
        )
        raise NotFound(f"no {model._meta.verbose_name} {pk}", zh=f"找不到{_name_zh(model)}{pk}")
    department = getattr(record, department_field) if department_field else None
    tags = case_tags(getattr(record, "state", None)) if department_field else frozenset()
    if write and not can_write_unit(user, unit, roles, department, tags):
        if not roles_at(user, unit):
            reason = "read-only: the record belongs to another unit"
            reason_zh = "该记录属于其他单位，只能查看"
        elif can_write_unit(user, unit, roles):
            reason = (
                f"the record belongs to the {department_en(department)} department, "
                "and your role is held in another"
            )
            reason_zh = (
                f"该记录属于{DEPARTMENT_NAMES_ZH.get(department, department)}，您的职务属于其他部门"
            )
        else:
            reason = "role not allowed for this action"
            reason_zh = "您的职务不能进行此项操作"
        record_access_denied(
            actor=user, code=code, object_type=label, object_id=pk, reason=reason, ip=ip
        )
        named = getattr(record, "number", None) or pk  # a case by its number, as users know it
        raise Forbidden(
            f"you may not change {model._meta.verbose_name} {named}: {reason}",
            zh=f"您无权更改此记录：{reason_zh}",
        )
    if sensitive:
        record_case_read(user, record, code=code, ip=ip)
    return record


def record_case_read(user, case, *, code: str, ip: str | None = None) -> None:
    """A case shown whole, with its persons: a sensitive read, naming a minor's case as such."""
    minor = MINOR in case_tags(getattr(case, "state", None))
    record_sensitive_read(
        actor=user, code=code, obj=case, ip=ip,
        reason="a minor's case opened" if minor else "case opened",
    )  # fmt: skip


def require_role_at(user, unit: Procuratorate, roles: Iterable[str], *, code: str = "") -> None:
    """For creating records: the user must hold one of ``roles`` in ``unit`` itself."""
    if not can_write_unit(user, unit, roles):
        record_access_denied(
            actor=user,
            code=code,
            object_type="orgs.Procuratorate",
            object_id=unit.code,
            reason="role not held in this unit",
        )
        raise Forbidden(
            f"you may not do this in {unit.name_zh}: role not held in this unit",
            zh=f"您在{unit.name_zh}不担任可以进行此项操作的职务",
        )
