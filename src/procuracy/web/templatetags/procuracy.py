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
def status(code):
    return stages.label(code, get_language() or "zh-hans", stages.DEADLINE_STATUS)


@register.filter
def unit_name(unit):
    """A procuratorate's name in the current language (北京市朝阳区人民检察院 / Beijing Chaoyang
    District People's Procuratorate), its Chinese name where it has no English one."""
    if unit is None:
        return ""
    english = (get_language() or "zh").startswith("en")
    return (unit.name_en or unit.name_zh) if english else unit.name_zh


@register.filter
def basis(articles):
    """Legal bases in the current language, joined."""
    from procuracy.law import cite

    lang = "zh" if (get_language() or "zh").startswith("zh") else "en"
    return "；".join(cite(a, lang) for a in articles) if lang == "zh" else "; ".join(articles)


@register.filter
def rule_name(rule_id):
    from procuracy.law import get_rule

    try:
        rule = get_rule(rule_id)
    except Exception:
        return rule_id
    return rule.zh if (get_language() or "zh").startswith("zh") else rule.en
