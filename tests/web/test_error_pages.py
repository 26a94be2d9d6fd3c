"""The pages of what went wrong: in the site's layout and language, with no inline style (the
Content Security Policy), saying that nothing was recorded and what to do."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from procuracy.audit.models import AuditEvent
from procuracy.cases import actions
from procuracy.cases.models import LedgerEvent

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    text = response.content.decode()
    assert "<style" not in text and " style=" not in text  # style-src 'self' would block it
    return text


def test_a_form_address_visited_says_so_instead_of_an_empty_page(client, people):
    client.force_login(people["manager"])
    response = client.get(reverse("web:logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "此地址只接收从页面提交的表单" in _page(response)


def test_an_expired_form_says_to_reload_in_the_users_language(people):
    """A form whose CSRF token no longer holds (the user logged in again in another tab): the
    page says what happened and what to do, not Django's advice to turn DEBUG on."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["manager"])
    response = strict.post(reverse("web:logout"))
    assert response.status_code == 403
    text = _page(response)
    assert "表单已失效" in text and "请刷新页面后重新提交" in text
    assert "DEBUG" not in text


def test_a_request_that_cannot_be_read_gets_the_sites_400_page(client):
    response = client.get("/", HTTP_HOST="not-this-site.example")
    assert response.status_code == 400
    assert "无法读取该请求" in _page(response)


def test_the_500_page_stands_alone_in_both_languages():
    """Rendered without a request (Django's server_error): nothing on it needs one."""
    with translation.override("zh-hans"):
        assert "服务器错误" in render_to_string("500.html")
    with translation.override("en"):
        assert "Nothing was recorded" in render_to_string("500.html")


def test_an_action_no_longer_open_is_refused_with_a_message(client, people, make_case):
    """A decision posted on a case whose person was already decided (another tab, a stale
    page): the page says the action is not open, and nothing is written."""
    case = make_case(on=date(2024, 3, 4))
    actions.record_event(case.pk, "arrest.approved", persons=["P1"],
                         occurred_on=date(2024, 3, 6), actor=people["procurator"])  # fmt: skip
    before = LedgerEvent.objects.count()
    client.force_login(people["procurator"])
    response = client.post(
        reverse("web:case_event", args=[case.pk, "arrest.approved"]),
        {"persons": ["P1"], "occurred_on": "2024-03-07"},
        follow=True,
    )
    assert "目前不能进行“批准逮捕”" in response.content.decode()
    assert LedgerEvent.objects.count() == before


def test_the_language_switch_after_a_form_error_goes_back_to_the_page(client, people, make_case):
    """After a form sent back with errors (422), the page's address takes a POST only, and a
    browser sends it as the Referer: the switch names the case's page as ``next`` instead.
    The page shown again with its persons is a case opened, audited as such."""
    case = make_case(on=date(2024, 3, 4))
    client.force_login(people["procurator"])
    url = reverse("web:case_event", args=[case.pk, "arrest.not_approved"])
    response = client.post(url, {"persons": ["P1"], "occurred_on": "2024-03-06"})
    assert response.status_code == 422
    page = reverse("web:case", args=[case.pk])
    assert f'name="next" type="hidden" value="{page}"' in response.content.decode()
    assert AuditEvent.objects.filter(kind="sensitive_read", code="web.case").count() == 1
    switched = client.post(
        reverse("set_language"),
        {"language": "en", "next": page},
        HTTP_REFERER=f"http://testserver{url}",  # what the browser sends: the POST's address
    )
    assert switched.status_code == 302 and switched["Location"] == page
