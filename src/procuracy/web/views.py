"""Staff views: thin; selectors read, actions write, access decides."""

from __future__ import annotations

import functools
import re
from datetime import date

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procuracy import access
from procuracy.cases import actions, approvals
from procuracy.cases import selectors as case_selectors
from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
from procuracy.cases.models import Case
from procuracy.core.errors import DomainError, Forbidden, NotFound, in_language
from procuracy.orgs.models import Procuratorate
from procuracy.staff.roles import Role

from . import selectors
from .forms import CorrectionForm, EventForm, IntakeForm
from .paging import page_of


def domain_errors(view):
    """NotFound → 404 and Forbidden → 403 (both audited by the access layer)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from None
        except Forbidden as exc:
            raise PermissionDenied(_said(exc)) from None

    return wrapper


#: A version as the form sends it: ASCII digits only ("²" is a digit to str.isdigit, not to int)
SEARCH_PAGE = 50  # cases per page of search results
MONITORING_PAGE = 100  # deadlines per page of process monitoring
_ASCII_NUMBER = re.compile(r"[0-9]{1,18}")


def _said(exc: DomainError) -> str:
    """A refusal as the page shows it: in Chinese where the error has it and the page is in
    Chinese, else the English message with its record and field."""
    text = in_language(exc)
    return text if text == getattr(exc, "zh", None) else str(exc)


def client_ip(request):
    return request.META.get("REMOTE_ADDR")


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect("web:login")


@require_GET
@login_required
def home(request):
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return render(request, "web/workbench.html", {
        "me": selectors.my_units(request.user), "wb": selectors.workbench(request.user, page),
        "management": selectors.case_management(request.user),
    })  # fmt: skip


def _case(request, case_id, *, write_roles=None, code="web.case", sensitive=False) -> Case:
    if write_roles is None:
        return access.access_record(
            request.user, Case, case_id, code=code, ip=client_ip(request), sensitive=sensitive
        )
    return access.access_record(
        request.user, Case, case_id, write=True, roles=write_roles,
        department_field="department", code=code, ip=client_ip(request),
    )  # fmt: skip


def _case_context(request, case: Case, forms_by_code=None, correction=None):
    view = case_selectors.case_view(request.user, case.number)
    allowed = selectors.allowed_events(request.user, case)
    # The forms are rendered when opened (htmx, or a page of their own without JavaScript);
    # a form sent back with errors is rendered here, open.
    roles = access.roles_on_case(request.user, case)
    forms = [
        {
            "etype": etype,
            "form": (forms_by_code or {}).get(etype.code),
            "needs_approval": etype.approval not in roles and etype.may_need_approval(case.state),
        }
        for etype in allowed
    ]
    can_correct = bool(roles & EVENT_TYPES["event.corrected"].roles)
    procedure = PROCEDURES[case.kind]
    party_roles = {r.code: r for r in procedure.parties}
    english = (translation.get_language() or "zh").startswith("en")
    for p in view["persons"]:  # a party's role, in the page's language
        role = party_roles.get(p.get("role") or "")
        p["role_label"] = (role.en if english else role.zh) if role else ""
    for d in view["deadlines"]:
        d["urgency"] = (
            selectors.urgency(date.fromisoformat(d["due"]))
            if d["status"] == "open"
            else d["status"]
        )
    return {
        "case": case, "view": view, "procedure": procedure, "forms": forms,
        "can_correct": can_correct, "correction": correction,
        "read_only": not roles,
        "event_types": EVENT_TYPES,
    }  # fmt: skip


@require_GET
@login_required
@domain_errors
def case_detail(request, case_id):
    case = _case(request, case_id, sensitive=True)
    return render(request, "web/case.html", _case_context(request, case))


def _event_type(code: str):
    etype = EVENT_TYPES.get(code)
    if etype is None:
        raise Http404("no such event type")
    return etype


@require_GET
@login_required
@domain_errors
def case_event_form(request, case_id, event_type):
    """The form of one action on a case: a fragment for htmx, else a page of its own."""
    etype = _event_type(event_type)
    case = _case(request, case_id, write_roles=etype.roles, code=f"web.form.{event_type}")
    if etype not in selectors.allowed_events(request.user, case):
        raise Http404("this action is not open on this case now")
    roles = access.roles_on_case(request.user, case)
    item = {
        "etype": etype,
        "form": EventForm(
            etype,
            selectors.person_choices(case, etype),
            initial={"occurred_on": timezone.localdate()},
        ),
        "needs_approval": etype.approval not in roles and etype.may_need_approval(case.state),
    }
    template = (
        "web/_event_form.html" if request.headers.get("HX-Request") else "web/event_form.html"
    )
    return render(request, template, {"case": case, "item": item})


@require_POST
@login_required
@domain_errors
def case_event(request, case_id, event_type):
    etype = _event_type(event_type)
    case = _case(request, case_id, write_roles=etype.roles, code=f"web.{event_type}")
    seen = request.POST.get("version", "")
    if _ASCII_NUMBER.fullmatch(seen) and int(seen) != case.version:
        messages.error(request, _(
            "Case %(number)s changed since you opened it (someone recorded something else): "
            "nothing was recorded. Look at the timeline and decide again."
        ) % {"number": case.number})  # fmt: skip
        return redirect("web:case", case_id=case.pk)
    if etype not in selectors.allowed_events(request.user, case):
        english = (translation.get_language() or "zh").startswith("en")
        messages.error(request, _(
            "%(action)s is not open on case %(number)s now (its stage or the persons' have "
            "moved on): nothing was recorded."
        ) % {"action": etype.en if english else etype.zh, "number": case.number})  # fmt: skip
        return redirect("web:case", case_id=case.pk)
    form = EventForm(etype, selectors.person_choices(case, etype), request.POST)
    if form.is_valid():
        payload = form.payload()
        persons = form.cleaned_data.get("persons", [])
        on = form.cleaned_data["occurred_on"]
        version = request.POST.get("version")
        try:
            needs = etype.needs_approval(payload, case.state)
            if needs and needs not in access.roles_on_case(request.user, case):
                approvals.request(
                    case.pk,
                    event_type,
                    occurred_on=on,
                    persons=persons,
                    payload=payload,
                    actor=request.user,
                )
                messages.success(request, _("Sent for approval."))
            else:
                actions.record_event(
                    case.pk, event_type, occurred_on=on, persons=persons, payload=payload,
                    expected_version=(
                        int(version) if version and _ASCII_NUMBER.fullmatch(version) else None
                    ),
                    actor=request.user,
                )  # fmt: skip
                messages.success(request, _("Recorded."))
            return redirect("web:case", case_id=case.pk)
        except actions.Conflict as exc:
            messages.error(request, _said(exc))
            return redirect("web:case", case_id=case.pk)
        except DomainError as exc:
            form.add_domain_error(exc.field, in_language(exc))
    access.record_case_read(request.user, case, code="web.case", ip=client_ip(request))
    response = render(
        request, "web/case.html", _case_context(request, case, forms_by_code={event_type: form})
    )
    response.status_code = 422
    return response


@require_POST
@login_required
@domain_errors
def case_correct(request, case_id):
    case = _case(
        request, case_id, write_roles=EVENT_TYPES["event.corrected"].roles, code="web.correct"
    )
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_event(
                case.pk,
                "event.corrected",
                occurred_on=form.cleaned_data["occurred_on"],
                corrects=form.cleaned_data["corrects"],
                payload={"reason": form.cleaned_data["reason"]},
                actor=request.user,
            )
            messages.success(request, _("Corrected."))
            return redirect("web:case", case_id=case.pk)
        except DomainError as exc:
            form.add_error(None, _said(exc))
    access.record_case_read(request.user, case, code="web.case", ip=client_ip(request))
    response = render(request, "web/case.html", _case_context(request, case, correction=form))
    response.status_code = 422
    return response


@require_POST
@login_required
@domain_errors
def case_assign(request, case_id):
    case = _case(
        request, case_id, write_roles=EVENT_TYPES["case.assigned"].roles, code="web.assign"
    )
    handler = request.POST.get("handler") or None
    try:
        actions.assign_case(case.pk, handler=handler, actor=request.user)
        messages.success(request, _("Assigned."))
    except DomainError as exc:
        messages.error(request, _said(exc))
    return redirect("web:case", case_id=case.pk)


@require_POST
@login_required
@domain_errors
def approval_decide(request, request_id):
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):  # a rejection cannot be undone: never by default
        messages.error(request, _("Choose to approve or to reject the request."))
        return redirect("web:home")
    approve = decision == "approve"
    try:
        req = approvals.decide(
            request_id, approve=approve, comment=request.POST.get("comment", ""), actor=request.user
        )
        messages.success(request, _("Approved and recorded.") if approve else _("Rejected."))
        return redirect("web:case", case_id=req.case_id)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        messages.error(request, _said(exc))
        return redirect("web:home")


def _official_charges():
    """Charges in force today, for the charge inputs' suggestions (searchable in Chinese)."""
    from procuracy import charges

    return sorted(charges.charges(), key=lambda c: c.name)


def _intake_units(user) -> list[Procuratorate]:
    return [m.procuratorate for m in access.memberships(user) if m.role == Role.CASE_MANAGER]


@require_http_methods(["GET", "POST"])
@login_required
@domain_errors
def intake(request):
    units = _intake_units(request.user)
    if not units:
        raise PermissionDenied(_("Only the case management office registers cases."))
    unit = units[0]
    procedures = list(PROCEDURES.values())
    form = IntakeForm(
        procedures, request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.receive_case(
                unit, kind=data["kind"], received_on=data["received_on"],
                source={"agency": data["agency"], "name": data["agency_name"],
                        "case_number": data["source_number"]},
                persons=form.persons(), materials=data["materials"], complex=data["complex"],
                flags=data["flags"], actor=request.user,
            )  # fmt: skip
            if request.POST.get("assign") == "rotation":
                try:
                    actions.assign_case(case.pk, actor=request.user)
                except DomainError as exc:
                    messages.warning(request, _said(exc))
            messages.success(request, _("Received as %(number)s.") % {"number": case.number})
            return redirect("web:case", case_id=case.pk)
        except DomainError as exc:
            form.add_domain_error(exc.field, in_language(exc))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "web/intake.html",
        {
            "form": form,
            "unit": unit,
            "procedures": procedures,
            "official_charges": _official_charges(),
        },
        status=status,
    )


@require_GET
@login_required
def monitoring(request):
    if not selectors.is_case_manager(request.user):
        raise PermissionDenied(_("Process monitoring is for the case management office."))
    filters = {k: request.GET.get(k, "") for k in ("department", "handler", "rule")}
    include_later = request.GET.get("all") == "1"
    found = selectors.monitoring(request.user, **filters, include_later=include_later)
    my_unit_ids = {
        m.procuratorate_id for m in access.memberships(request.user) if m.role == Role.CASE_MANAGER
    }
    return render(request, "web/monitoring.html", {
        "page_obj": page_of(request, found["deadlines"], MONITORING_PAGE),
        "choices": found["choices"], "filters": filters, "include_later": include_later,
        "my_unit_ids": my_unit_ids,
    })  # fmt: skip


@require_POST
@login_required
@domain_errors
def monitoring_notice(request, case_id):
    etype = EVENT_TYPES["monitoring.notice_issued"]
    case = _case(request, case_id, write_roles=etype.roles, code="web.monitoring_notice")
    problem = (request.POST.get("problem") or "").strip() or _("deadline overdue or due soon")
    try:
        actions.record_event(
            case.pk,
            "monitoring.notice_issued",
            occurred_on=timezone.localdate(),
            payload={"problem": problem, "rule": request.POST.get("rule", "")},
            actor=request.user,
        )
        messages.success(request, _("Process-monitoring notice issued: reply due in 10 days."))
    except DomainError as exc:
        messages.error(request, _said(exc))
    back = request.POST.get("next", "")  # the filtered page the notice was issued from
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("web:monitoring")
    return redirect(back)


@require_GET
@login_required
def search(request):
    q = request.GET.get("q", "")
    page = page_of(request, selectors.search(request.user, q, ip=client_ip(request)), SEARCH_PAGE)
    return render(request, "web/search.html", {"q": q, "page_obj": page})


@require_GET
@login_required
def charges_datalist(request):
    """The official charges as a ``<datalist>``, loaded once by the pages that need it and
    cached by the browser (the catalogue changes only with a release)."""
    response = render(
        request, "web/charges_datalist.html", {"official_charges": _official_charges()}
    )
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
@login_required
def check_id(request):
    """Inline check of a citizen ID number (GB 11643) for the intake form (htmx partial)."""
    from procuracy.parties.identifiers import (
        InvalidIdentifier,
        parse_citizen_id,
        parse_credit_code,
    )

    value = next((v for k, v in request.GET.items() if k.endswith("id_number")), "")
    kind = next((v for k, v in request.GET.items() if k.endswith("id_kind")), "citizen_id")
    if not value.strip():
        return HttpResponse("")
    try:
        if kind == "credit_code":  # GB 32100, an organisation
            code = parse_credit_code(value)
            return render(request, "web/id_check.html", {"ok": True, "code": code})
        cid = parse_citizen_id(value)
    except InvalidIdentifier as exc:
        return render(request, "web/id_check.html", {"ok": False, "reason": in_language(exc)})
    return render(request, "web/id_check.html", {"ok": True, "cid": cid})


def health(request):
    return HttpResponse("ok", content_type="text/plain")
