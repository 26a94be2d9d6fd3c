"""Decisions that wait for an approver (department head or chief procurator).

``request`` validates the decision as if it were approved (stage, role, payload, checks) and
stores it as pending; ``decide`` by a holder of the approving role records it as a ledger event
with ``approved_by`` naming the approver, or rejects it (nothing enters the ledger).
"""

from __future__ import annotations

import copy
from datetime import date

from django.utils import timezone

from procuracy import access
from procuracy.audit.actions import record_access_denied
from procuracy.core.actions import action
from procuracy.core.errors import Forbidden, NotFound, ValidationFailed, shown
from procuracy.law.management.store import site_calendar
from procuracy.staff.roles import (
    DEPARTMENT_NAMES_ZH,
    DEPARTMENT_ROLES,
    department_en,
    departments_served,
)

from . import actions
from .catalogue import EVENT_TYPES
from .engine import Context, Event, ProcedureError, role_zh, step
from .models import ApprovalRequest, Case

#: A decided request's status, as the Chinese of "the request was already approved" says it.
DECIDED_ZH = {"approved": "批准", "rejected": "不批准"}


@action("cases.request_approval")
def request(
    case_id, event_type: str, *, occurred_on: date, persons=(), payload=None, actor
) -> ApprovalRequest:
    etype = EVENT_TYPES.get(event_type)
    if etype is None:
        raise ValidationFailed(
            f"unknown event type {shown(event_type)}",
            field="type",
            zh=f"未知的事项类型{shown(event_type)}",
        )
    case = access.access_record(
        actor, Case, case_id, write=True, roles=etype.roles, department_field="department",
        code="cases.request_approval",
    )  # fmt: skip
    payload = {k: v for k, v in (payload or {}).items() if k != "approved_by"}
    role = etype.needs_approval(payload, case.state)
    if role is None:
        raise ValidationFailed(
            f"{etype.en} needs no approval: record it directly",
            field="type",
            zh=f"“{etype.zh}”无须批准：请直接记录",
        )
    ctx = Context(
        frozenset(access.roles_on_case(actor, case)),
        frozenset({role}),
        today=timezone.localdate(),
    )
    trial = Event(
        "00000000-0000-0000-0000-000000000000",
        event_type,
        occurred_on,
        tuple(persons),
        {**payload, "approved_by": "(pending)"},
    )
    try:
        step(copy.deepcopy(case.state), trial, ctx, site_calendar())
    except ProcedureError as exc:
        raise actions._refused(exc) from None
    return ApprovalRequest.objects.create(
        case=case, procuratorate=case.procuratorate, event_type=event_type,
        persons=",".join(persons), occurred_on=occurred_on, payload=payload,
        approver_role=role, requested_by=actor,
    )  # fmt: skip


def pending_for(user):
    """Requests waiting for this user's approval (their role, their unit, and for a
    department head the cases of their department)."""
    mine = access.memberships(user)
    if not mine:
        return ApprovalRequest.objects.none()
    from django.db.models import Q

    q = Q()
    for m in mine:
        one = Q(procuratorate_id=m.procuratorate_id, approver_role=m.role)
        served = departments_served(m.department.kind if m.department_id else None)
        if m.role in DEPARTMENT_ROLES and served is not None:
            one &= Q(case__department__in=served)
        q |= one
    return (ApprovalRequest.objects.filter(q, status=ApprovalRequest.Status.PENDING)
            .select_related("case", "requested_by"))  # fmt: skip


def _not_the_approver(req: ApprovalRequest) -> Forbidden:
    in_department = req.approver_role in DEPARTMENT_ROLES  # a department head: the case's
    whose = f"the {department_en(req.case.department)} department of " if in_department else ""
    whose_zh = DEPARTMENT_NAMES_ZH.get(req.case.department, "") if in_department else ""
    return Forbidden(
        f"only the {req.approver_role.replace('_', ' ')} of {whose}{req.procuratorate.name_zh} "
        "decides this request",
        zh=f"此请求只能由{req.procuratorate.name_zh}{whose_zh}{role_zh(req.approver_role)}决定",
    )


def decide(request_id, *, approve: bool, comment: str = "", actor) -> ApprovalRequest:
    """Approve (the decision enters the ledger) or reject a pending request. Only a holder of
    the approving role in the request's unit decides; a denial is audited (docs/access.md)
    before the write transaction, which a refusal would roll back with it."""
    req = (
        ApprovalRequest.objects.select_related("procuratorate", "case", "case__procuratorate")
        .filter(pk=request_id)
        .first()
    )
    label = ApprovalRequest._meta.label
    if req is None or not access.can_read_unit(actor, req.procuratorate):
        if req is not None:
            record_access_denied(actor=actor, code="cases.decide_approval", object_type=label,
                                 object_id=request_id, reason="not visible")  # fmt: skip
        raise NotFound(f"no approval request {request_id}", zh=f"找不到审批请求{request_id}")
    if req.approver_role not in access.roles_on_case(actor, req.case):
        reason = f"only the {req.approver_role.replace('_', ' ')} of {req.procuratorate.code}"
        if req.approver_role in DEPARTMENT_ROLES:
            reason += f" ({department_en(req.case.department)} department)"
        record_access_denied(actor=actor, code="cases.decide_approval", object_type=label,
                             object_id=request_id, reason=reason)  # fmt: skip
        raise _not_the_approver(req)
    return _decide(req.pk, approve=approve, comment=comment, actor=actor)


@action("cases.decide_approval")
def _decide(request_id, *, approve: bool, comment: str, actor) -> ApprovalRequest:
    # locked: two approvers deciding at once get one decision and one refusal
    req = (
        ApprovalRequest.objects.select_for_update()
        .select_related("case", "procuratorate")
        .filter(pk=request_id)
        .first()
    )
    if req is None:
        raise NotFound(f"no approval request {request_id}", zh=f"找不到审批请求{request_id}")
    # checked again under the lock, from the database: a role revoked since the check above
    # no longer decides
    access.forget(actor)
    if req.approver_role not in access.roles_on_case(actor, req.case):
        raise _not_the_approver(req)
    if req.status != ApprovalRequest.Status.PENDING:
        raise ValidationFailed(
            f"the request was already {req.status}",
            field="status",
            zh=f"该请求已经作出{DECIDED_ZH.get(req.status, req.status)}决定",
        )
    req.decided_by, req.decided_at, req.comment = actor, timezone.now(), comment.strip()
    if approve:
        row = actions.record_event(
            req.case_id, req.event_type, occurred_on=req.occurred_on,
            persons=[p for p in req.persons.split(",") if p],
            payload={**req.payload, "approved_by": actor.username},
            actor=req.requested_by,
        )  # fmt: skip
        req.status, req.event_id = ApprovalRequest.Status.APPROVED, row.pk
    else:
        req.status = ApprovalRequest.Status.REJECTED
    req.save()
    return req
