"""Refusals raised outside the case modules that a Chinese page shows carry their Chinese too:
a record not found (``access``), the figures (an unknown figure, edition or procuratorate, a
year without data), the parties' and the staff's actions. The field and the English message
(command line, import reports) are unchanged. Expected Chinese written by hand. That every
such raise passes its ``zh`` is checked from the source by
``tests/cases/test_every_refusal_has_chinese.py``."""

import uuid

import pytest
from django.utils import translation

from procuracy import access
from procuracy.cases.models import Case
from procuracy.core.errors import DomainError, NotFound, ValidationFailed, in_language
from procuracy.figures import facts, service
from procuracy.orgs.selectors import get_by_code
from procuracy.parties import actions as parties
from procuracy.parties.models import Person
from procuracy.staff import actions as staff
from procuracy.staff.roles import Role

pytestmark = pytest.mark.django_db

# GB 11643-1999's own worked example: born 1949-12-31, female.
EXAMPLE_ID = "11010519491231002X"


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_the_page_language_picks_the_text():
    exc = refusal(lambda: get_by_code("999999"))
    with translation.override("zh-hans"):
        assert in_language(exc) == "未知的检察院代码'999999'"
    with translation.override("en"):
        assert in_language(exc) == "unknown procuratorate code '999999'"


def test_an_unknown_procuratorate():
    exc = refusal(lambda: get_by_code("999999"))
    assert isinstance(exc, NotFound)
    assert exc.message == "unknown procuratorate code '999999'"
    assert exc.zh == "未知的检察院代码'999999'"


def test_an_unknown_figure_with_its_near_names():
    exc = refusal(lambda: service.explain("criminal.prosecute", 2024, "110105"))
    assert isinstance(exc, NotFound)
    assert exc.message.startswith("unknown figure 'criminal.prosecute' (did you mean ")
    assert exc.zh.startswith("未知的统计指标'criminal.prosecute'（是否应为")
    assert "criminal.prosecuted" in exc.zh and exc.zh.endswith("？）")
    exc = refusal(lambda: service.drill("no.such.figure", 2024, get_by_code("110105")))
    assert exc.message == "unknown figure 'no.such.figure'"
    assert exc.zh == "未知的统计指标'no.such.figure'"


def test_an_unknown_edition_and_a_figure_outside_the_edition():
    con = facts.connect(":memory:")
    exc = refusal(lambda: service.figures(2024, "110105", "annual", con=con))
    assert isinstance(exc, ValidationFailed)
    assert exc.field == "edition"
    assert exc.message.startswith("unknown edition 'annual': one of ")
    assert exc.zh.startswith("未知的统计口径'annual'：应为") and exc.zh.endswith("之一")
    assert "work-report" in exc.zh
    exc = refusal(lambda: service.explain("criminal.prosecuted", 2024, "110105", edition="quality"))
    assert exc.message == "figure 'criminal.prosecuted' is not in edition 'quality'"
    assert exc.zh == "统计指标'criminal.prosecuted'不在统计口径'quality'中"


def test_a_year_without_data(unit):
    exc = refusal(lambda: service.figures(2031, "110105", con=facts.connect(":memory:")))
    assert isinstance(exc, NotFound)
    name = unit("110105").name_zh
    assert exc.message == f"no ledger data for 2031 in {name} (110105)"
    assert exc.zh == f"{name}（110105）没有2031年的台账数据"


def test_a_person_refused_at_registration(make_user, unit):
    clerk = make_user("110105", Role.PROCURATOR)
    register = parties.register_person
    exc = refusal(
        lambda: register(unit("110105"), name="张某", id_number=EXAMPLE_ID, sex="male", actor=clerk)
    )
    assert exc.field == "sex"
    assert exc.message == "sex 'male' contradicts the ID number (female)"
    assert exc.zh == "性别'male'与身份证号码（female）不符"
    exc = refusal(lambda: register(unit("110105"), name="  ", actor=clerk))
    assert (exc.field, exc.message, exc.zh) == ("name", "a name is required", "未填写姓名或者名称")
    exc = refusal(lambda: register(unit("110105"), name="张" * 65, actor=clerk))
    assert exc.message == "too long (65 characters, at most 64)"
    assert exc.zh == "姓名或者名称过长（65个字符，最多64个）"
    # An identifier's own reason, in Chinese as the identifiers module gives it.
    exc = refusal(lambda: register(unit("110105"), name="张某", id_number="123", actor=clerk))
    assert exc.field == "id_number"
    assert exc.zh and exc.zh != exc.message and "位" in exc.zh
    assert not Person.objects.filter(name="张某").exists()


def test_an_organisation_with_a_wrong_credit_code(make_user, unit):
    clerk = make_user("110105", Role.PROCURATOR)
    exc = refusal(
        lambda: parties.register_organisation(
            unit("110105"), name="某公司", credit_code="91110000X", actor=clerk
        )
    )
    assert exc.field == "credit_code"
    assert exc.zh and exc.zh != exc.message


def test_staff_actions_refused(make_user, unit):
    user = make_user("110105", Role.PROCURATOR)
    exc = refusal(lambda: staff.create_user(user.username, actor=None))
    assert exc.field == "username"
    assert exc.message == f"user {user.username!r} already exists"
    assert exc.zh == f"用户名{user.username!r}已经存在"
    exc = refusal(lambda: staff.create_user(" ", actor=None))
    assert (exc.field, exc.message, exc.zh) == (
        "username",
        "a username is required",
        "未填写用户名",
    )
    exc = refusal(lambda: staff.grant_role(user, unit("110105"), "janitor", actor=None))
    assert (exc.field, exc.message, exc.zh) == (
        "role",
        "unknown role 'janitor'",
        "未知的职务'janitor'",
    )
    exc = refusal(
        lambda: staff.grant_role(
            user, unit("110105"), Role.PROCURATOR, department="kitchen", actor=None
        )
    )
    assert exc.field == "department"
    assert exc.message == "unknown department kind 'kitchen'"
    assert exc.zh == "未知的部门类型'kitchen'"


def test_a_password_refused_says_why_in_chinese_whatever_the_language():
    with translation.override("en"):
        exc = refusal(lambda: staff.create_user("newcomer", password="1", actor=None))
    assert exc.field == "password"
    assert "too short" in exc.message
    assert exc.zh.startswith("密码太短：至少应有10个字符。")  # the project's own words
    assert "常见" in exc.zh and "数字" in exc.zh  # Django's Simplified Chinese


def test_a_record_not_found_or_not_visible(make_user, unit):
    reader = make_user("110105", Role.PROCURATOR)
    missing = uuid.uuid4()
    exc = refusal(lambda: access.access_record(reader, Case, missing))
    assert isinstance(exc, NotFound)
    assert exc.message == f"no case {missing}"
    assert exc.zh == f"找不到案件{missing}"
    # A person registered in another district answers alike: not found.
    other = make_user("110108", Role.PROCURATOR)
    person = parties.register_person(unit("110108"), name="李某", id_kind="none", actor=other)
    exc = refusal(lambda: access.access_record(reader, Person, person.pk))
    assert isinstance(exc, NotFound)
    assert exc.message == f"no person {person.pk}"
    assert exc.zh == f"找不到人员{person.pk}"
