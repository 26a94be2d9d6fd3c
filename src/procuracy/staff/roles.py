"""Roles and department kinds, declared once.

Staff roles act inside a procuratorate; external roles (people's supervisors, deputies of
people's congresses) take part in hearings and supervision but do not work cases.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROCURATOR = "procurator", _("procurator")
    PROCURATOR_ASSISTANT = "procurator_assistant", _("procurator assistant")
    DEPARTMENT_HEAD = "department_head", _("department head")
    CHIEF_PROCURATOR = "chief_procurator", _("chief procurator")
    CASE_MANAGER = "case_manager", _("case manager")
    PETITION_OFFICER = "petition_officer", _("petition officer")
    ANALYST = "analyst", _("analyst")
    ADMINISTRATOR = "administrator", _("administrator")
    PEOPLES_SUPERVISOR = "peoples_supervisor", _("people's supervisor")
    DEPUTY = "deputy", _("deputy")


STAFF_ROLES = frozenset(r for r in Role if r not in (Role.PEOPLES_SUPERVISOR, Role.DEPUTY))
EXTERNAL_ROLES = frozenset({Role.PEOPLES_SUPERVISOR, Role.DEPUTY})
# Roles that decide cases (record decisions on persons).
CASE_HANDLING_ROLES = frozenset(
    {Role.PROCURATOR, Role.PROCURATOR_ASSISTANT, Role.DEPARTMENT_HEAD, Role.CHIEF_PROCURATOR}
)


# Roles that act only in the cases of their own department when the membership names one.
# The case management office passes a registered case to the handling department (办案部门,
# Rules art. 158), whose procurators handle it under the responsibility system (Organic Law
# art. 18 业务机构, art. 34 检察官办案责任制); its head approves that department's decisions.
# A membership without a department, or in the leadership (院领导), acts in every department.
DEPARTMENT_ROLES = frozenset({Role.PROCURATOR, Role.PROCURATOR_ASSISTANT, Role.DEPARTMENT_HEAD})


class DepartmentKind(models.TextChoices):
    CRIMINAL_PROSECUTION = "criminal_prosecution", _("criminal prosecution")
    DUTY_CRIME_PROSECUTION = "duty_crime_prosecution", _("duty crime prosecution")
    CRIMINAL_ENFORCEMENT = "criminal_enforcement", _("criminal enforcement")
    CIVIL = "civil", _("civil")
    ADMINISTRATIVE = "administrative", _("administrative")
    PUBLIC_INTEREST = "public_interest", _("public interest litigation")
    JUVENILE = "juvenile", _("juvenile")
    COMPLAINTS_APPEALS = "complaints_appeals", _("complaints and appeals")
    CASE_MANAGEMENT = "case_management", _("case management")
    DIGITAL_PROCURACY = "digital_procuracy", _("digital procuracy")
    LEADERSHIP = "leadership", _("leadership")
    GENERAL_OFFICE = "general_office", _("general office")


DEPARTMENT_NAMES_ZH = {
    DepartmentKind.CRIMINAL_PROSECUTION: "刑事检察部",
    DepartmentKind.DUTY_CRIME_PROSECUTION: "职务犯罪检察部",
    DepartmentKind.CRIMINAL_ENFORCEMENT: "刑事执行检察部",
    DepartmentKind.CIVIL: "民事检察部",
    DepartmentKind.ADMINISTRATIVE: "行政检察部",
    DepartmentKind.PUBLIC_INTEREST: "公益诉讼检察部",
    DepartmentKind.JUVENILE: "未成年人检察部",
    DepartmentKind.COMPLAINTS_APPEALS: "控告申诉检察部",
    DepartmentKind.CASE_MANAGEMENT: "案件管理部",
    DepartmentKind.DIGITAL_PROCURACY: "数字检察部",
    DepartmentKind.LEADERSHIP: "院领导",
    DepartmentKind.GENERAL_OFFICE: "办公室",
}


# Departments whose members also act in some of another department's cases, and which: the
# juvenile department in the criminal cases of a suspect who was a minor at the offence or of a
# victim under 18 (Minors Protection Law art. 101: 专门机构 for 涉及未成年人案件; 捕诉监防一体,
# crimes against minors handled together with minors' crimes), the duty crime department
# in the cases a supervision commission transferred (its 职务犯罪检察). The condition is a tag
# of the case (``access.case_tags``).
MINOR = "minor"
FROM_COMMISSION = "supervision_commission"
ALSO_ACTS_IN = {
    DepartmentKind.JUVENILE: {DepartmentKind.CRIMINAL_PROSECUTION: MINOR},
    DepartmentKind.DUTY_CRIME_PROSECUTION: {DepartmentKind.CRIMINAL_PROSECUTION: FROM_COMMISSION},
}


def department_en(kind: str | None) -> str:
    """A department kind in the words of the (English) refusals: "criminal prosecution"."""
    return (kind or "").replace("_", " ")


def departments_served(member_of: str | None) -> frozenset[str] | None:
    """The departments all of whose cases a department-scoped role held in department
    ``member_of`` acts in; None for all (no department, or the leadership). The departments
    it acts in only for some cases (``ALSO_ACTS_IN``) are not among them."""
    if member_of is None or member_of == DepartmentKind.LEADERSHIP:
        return None
    return frozenset({member_of})


def acts_in(
    member_of: str | None, department: str | None, tags: frozenset[str] = frozenset()
) -> bool:
    """Whether a department-scoped role held in department ``member_of`` (None: the whole
    unit) acts in a case of ``department`` (None: not a department's case) with ``tags``."""
    served = departments_served(member_of)
    if served is None or department is None or department in served:
        return True
    needed = ALSO_ACTS_IN.get(member_of, {}).get(department)
    return needed is not None and needed in tags
