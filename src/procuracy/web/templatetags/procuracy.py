from django import template
from django.utils.translation import get_language

from procuracy.cases import stages

register = template.Library()


@register.filter
def stage(code):
    """A stage's name in the current language (审查逮捕 / review for arrest)."""
    return stages.label(code, get_language() or "zh-hans")


@register.filter
def custody(code):
    return stages.label(code, get_language() or "zh-hans", stages.CUSTODY)


@register.filter
def decision(person):
    """A person's decision and its reason in the current language (不批准逮捕（证据不足）)."""
    return stages.decision_label(
        person.get("decision"), person.get("reason"), get_language() or "zh-hans"
    )


@register.filter
def status(code):
    return stages.label(code, get_language() or "zh-hans", stages.DEADLINE_STATUS)


def _english() -> bool:
    return (get_language() or "zh").startswith("en")


@register.filter
def event_label(code):
    """An event type's name in the current language (批准逮捕 / arrest approved)."""
    from procuracy.cases.catalogue import EVENT_TYPES

    etype = EVENT_TYPES.get(code)
    if etype is None:
        return code
    return etype.en if _english() else etype.zh


@register.filter
def choice_label(code, event_type):
    """A choice of an event type's payload by its name in the current language (证据不足 /
    insufficient evidence), e.g. the code a figure's fact carries; the code itself when the
    type has no such choice."""
    return stages.choice_label(event_type, code, get_language() or "zh-hans") or code


@register.filter
def decision_text(req):
    """What an approval request asks, as a procurator says it: the event type's name and the
    choices of its payload (不批准逮捕 · 证据不足), not their codes."""
    from procuracy.cases.catalogue import EVENT_TYPES

    etype = EVENT_TYPES.get(req.event_type)
    if etype is None:
        return req.event_type
    lang = get_language() or "zh-hans"
    chosen = (
        stages.choice_label(req.event_type, req.payload.get(f.name), lang, f.name)
        for f in etype.fields
        if f.choices
    )
    return " · ".join([etype.en if _english() else etype.zh, *filter(None, chosen)])


@register.filter
def person_names(req):
    """The persons of an approval request by key and name (P1 张某)."""
    persons = (req.case.state or {}).get("persons", {})
    keys = [k for k in req.persons.split(",") if k]
    return "、".join(f"{k} {persons[k]['name']}" if k in persons else k for k in keys)


@register.filter
def unit_name(unit):
    """A procuratorate's name in the current language (北京市朝阳区人民检察院 / Beijing Chaoyang
    District People's Procuratorate), its Chinese name where it has no English one."""
    if unit is None:
        return ""
    return (unit.name_en or unit.name_zh) if _english() else unit.name_zh


@register.filter
def basis(articles):
    """Legal bases in the current language, joined."""
    from procuracy.law import cite

    lang = "zh" if (get_language() or "zh").startswith("zh") else "en"
    return "；".join(cite(a, lang) for a in articles) if lang == "zh" else "; ".join(articles)


@register.filter
def rule_holder(rule_id):
    """Who must act within the period (law catalogue ``holder``): procuratorate, party or
    agency."""
    from procuracy.law import get_rule

    try:
        return get_rule(rule_id).holder
    except Exception:
        return ""


@register.filter
def rule_name(rule_id):
    from procuracy.law import get_rule

    try:
        rule = get_rule(rule_id)
    except Exception:
        return rule_id
    return rule.zh if (get_language() or "zh").startswith("zh") else rule.en


@register.filter
def urgency(due):
    """How near a due date is (overdue, soon, later), the class the pages colour it by."""
    from procuracy.web.selectors import urgency

    return urgency(due)


@register.filter
def days_to(due):
    """How far a due date is from today, in words (3 days overdue / due today / 2 days left)."""
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    days = (due - timezone.localdate()).days
    if days < 0:
        return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}
    if days == 0:
        return gettext("due today")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


@register.filter
def department(kind):
    """A department by its name in the current language (刑事检察部 / criminal prosecution)."""
    from procuracy.staff.roles import DEPARTMENT_NAMES_ZH, department_en

    return department_en(kind) if _english() else DEPARTMENT_NAMES_ZH.get(kind, kind)


@register.filter
def person_of(deadline):
    """The person a case's deadline runs for, by key and name (P3 张某), or nothing."""
    if not deadline.person_key:
        return ""
    person = (deadline.case.state or {}).get("persons", {}).get(deadline.person_key)
    return f"{deadline.person_key} {person['name']}" if person else deadline.person_key
