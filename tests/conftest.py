"""Shared fixtures: the real procuratorate tree (loaded once per test database) and personas
built through the actions."""

from __future__ import annotations

import pytest

from procuracy.orgs.actions import load_tree
from procuracy.orgs.models import Procuratorate
from procuracy.staff import actions as staff_actions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_tree(actor=None)


@pytest.fixture
def unit(db):
    def get(code: str) -> Procuratorate:
        return Procuratorate.objects.get(code=code)

    return get


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(unit_code: str, role: str, department: str | None = None, *, password=None):
        counter["n"] += 1
        user = staff_actions.create_user(
            f"user{counter['n']}-{role}",
            display_name=f"{role} {unit_code}",
            password=password,
            actor=None,
        )
        staff_actions.grant_role(
            user,
            Procuratorate.objects.get(code=unit_code),
            role,
            department=department,
            actor=None,
        )
        return user

    return make
