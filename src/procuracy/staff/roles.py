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
