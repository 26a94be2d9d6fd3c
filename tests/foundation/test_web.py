import re

import pytest
from django.urls import reverse

from procuracy.audit.models import AuditEvent
from procuracy.staff.roles import DepartmentKind, Role

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def procurator(make_user):
    return make_user(
        "110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION, password=PASSWORD
    )


@pytest.mark.django_db
class TestLogin:
    def test_anonymous_users_are_sent_to_the_login_page(self, client):
        response = client.get(reverse("web:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_the_login_page_is_in_chinese_by_default(self, client):
        response = client.get(reverse("web:login"))
        assert response.status_code == 200
        assert "登录" in response.content.decode()

    def test_the_login_page_switches_to_english(self, client):
        client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
        response = client.get(reverse("web:login"))
        assert "Log in" in response.content.decode()

    def test_after_login_the_home_page_shows_the_unit_and_role(self, client, procurator):
        response = client.post(
            reverse("web:login"), {"username": procurator.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        page = client.get(reverse("web:home")).content.decode()
        assert "北京市朝阳区人民检察院" in page
        assert "检察官" in page
        assert "刑事检察部" in page

    def test_logins_and_failed_logins_are_audited(self, client, procurator):
        client.post(reverse("web:login"), {"username": procurator.username, "password": "nope"})
        client.post(reverse("web:login"), {"username": procurator.username, "password": PASSWORD})
        kinds = list(
            AuditEvent.objects.filter(username=procurator.username, code="auth")
            .order_by("id")
            .values_list("kind", flat=True)
        )
        assert kinds == ["login_failed", "login"]

    def test_five_failed_logins_lock_the_account(self, client, procurator):
        for _ in range(5):
            client.post(
                reverse("web:login"),
                {"username": procurator.username, "password": "wrong-password"},
            )
        response = client.post(
            reverse("web:login"), {"username": procurator.username, "password": PASSWORD}
        )
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_passwords_are_hashed_with_argon2(self, procurator):
        assert procurator.password.startswith("argon2$")

    def test_logout_refuses_get(self, client, procurator):
        client.force_login(procurator)
        assert client.get(reverse("web:logout")).status_code == 405
        assert client.post(reverse("web:logout")).status_code == 302
        assert client.get(reverse("web:home")).status_code == 302

    def test_the_home_page_refuses_post(self, client, procurator):
        client.force_login(procurator)
        assert client.post(reverse("web:home")).status_code == 405

    def test_login_requires_a_csrf_token(self, procurator):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        response = strict.post(
            reverse("web:login"), {"username": procurator.username, "password": PASSWORD}
        )
        assert response.status_code == 403


@pytest.mark.django_db
class TestHeaders:
    def test_pages_carry_a_content_security_policy_with_a_nonce_free_default(self, client):
        response = client.get(reverse("web:login"))
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy

    def test_pages_have_no_inline_scripts_or_handlers(self, client):
        page = client.get(reverse("web:login")).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert not re.search(r"\son[a-z]+=", page)

    def test_pages_refuse_framing(self, client):
        assert client.get(reverse("web:login"))["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_home_page_uses_few_queries(client, procurator, django_assert_max_num_queries):
    client.force_login(procurator)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("web:home")).status_code == 200
