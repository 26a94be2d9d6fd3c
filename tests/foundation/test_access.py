"""The access matrix (issue: foundation, §6).

Each role at a basic (410102 郑州市中原区), a prefectural (410100 郑州市) and a provincial
(410000 河南省) unit, against records of its own unit, a sibling, a subordinate and a
superior. The expected outcome is written out from the rules, not computed by the code:

- staff roles read their own unit's and subordinates' records, never a sibling's or a
  superior's (those answer "not found", exactly as a missing record);
- they write only their own unit's records, and only with a role the action allows; a
  subordinate's record is read-only (forbidden);
- external roles (people's supervisor, deputy) see nothing through the tree.

A basic procuratorate has no subordinate, so that relation is absent at the basic level.
"""

import pytest

from procuracy import access
from procuracy.audit.models import AuditEvent
from procuracy.core.errors import Forbidden, NotFound
from procuracy.parties.models import Person
from procuracy.staff.roles import Role

UNITS = {"basic": "410102", "prefectural": "410100", "provincial": "410000"}
RELATED = {
    # level: {relation: code}
    "basic": {"own": "410102", "sibling": "410103", "superior": "410100"},
    "prefectural": {
        "own": "410100",
        "sibling": "410200",
        "subordinate": "410102",
        "superior": "410000",
    },
    "provincial": {
        "own": "410000",
        "sibling": "420000",
        "subordinate": "410102",
        "superior": "000000",
    },
}
# The roles an example write allows (e.g. recording a decision on a person).
WRITE_ROLES = {
    Role.PROCURATOR,
    Role.PROCURATOR_ASSISTANT,
    Role.DEPARTMENT_HEAD,
    Role.CHIEF_PROCURATOR,
}
STAFF = {
    Role.PROCURATOR,
    Role.PROCURATOR_ASSISTANT,
    Role.DEPARTMENT_HEAD,
    Role.CHIEF_PROCURATOR,
    Role.CASE_MANAGER,
    Role.PETITION_OFFICER,
    Role.ANALYST,
    Role.ADMINISTRATOR,
}
EXTERNAL = {Role.PEOPLES_SUPERVISOR, Role.DEPUTY}

CASES = [
    (role, level, relation)
    for role in Role
    for level, relations in RELATED.items()
    for relation in relations
]


def expected(role: Role, relation: str) -> tuple[str, str]:
    """(read outcome, write outcome): 'ok', 'not_found' or 'forbidden'."""
    if role in EXTERNAL:
        return "not_found", "not_found"
    if relation == "own":
        return "ok", ("ok" if role in WRITE_ROLES else "forbidden")
    if relation == "subordinate":
        return "ok", "forbidden"
    return "not_found", "not_found"  # sibling, superior


def outcome(func) -> str:
    try:
        func()
    except NotFound:
        return "not_found"
    except Forbidden:
        return "forbidden"
    return "ok"


def test_the_matrix_covers_every_role_level_and_relation():
    assert {c[0] for c in CASES} == set(Role)
    assert len(Role) == len(STAFF) + len(EXTERNAL)
    assert {c[2] for c in CASES} == {"own", "sibling", "subordinate", "superior"}
    assert len(CASES) == len(Role) * 11


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "level", "relation"), CASES)
def test_access_matrix(role, level, relation, make_user, unit):
    user = make_user(UNITS[level], role)
    record = Person.objects.create(procuratorate=unit(RELATED[level][relation]), name="测试人")
    read, write = expected(role, relation)
    assert outcome(lambda: access.access_record(user, Person, record.pk)) == read
    assert (
        outcome(
            lambda: access.access_record(user, Person, record.pk, write=True, roles=WRITE_ROLES)
        )
        == write
    )
    listed = access.visible(user, Person.objects.all()).filter(pk=record.pk).exists()
    assert listed == (read == "ok")


@pytest.mark.django_db
def test_a_record_you_may_not_see_answers_like_one_that_does_not_exist(make_user, unit):
    user = make_user("410102", Role.PROCURATOR)
    hidden = Person.objects.create(procuratorate=unit("410103"), name="隐藏")
    with pytest.raises(NotFound) as seen:
        access.access_record(user, Person, hidden.pk)
    with pytest.raises(NotFound) as missing:
        access.access_record(user, Person, 10**9)
    assert str(seen.value).replace(str(hidden.pk), "N") == str(missing.value).replace(
        str(10**9), "N"
    )


@pytest.mark.django_db
def test_a_denied_access_is_audited(make_user, unit):
    user = make_user("410102", Role.PROCURATOR)
    hidden = Person.objects.create(procuratorate=unit("410103"), name="隐藏")
    with pytest.raises(NotFound):
        access.access_record(user, Person, hidden.pk, code="test.read")
    event = AuditEvent.objects.get(kind="access_denied", actor=user)
    assert event.object_type == "parties.Person"
    assert event.object_id == str(hidden.pk)


@pytest.mark.django_db
def test_a_user_with_roles_in_two_units_sees_both(make_user, unit):
    from procuracy.staff import actions as staff_actions

    user = make_user("410102", Role.PROCURATOR)
    staff_actions.grant_role(user, unit("420000"), Role.ANALYST, actor=None)
    access.forget(user)
    a = Person.objects.create(procuratorate=unit("410102"), name="甲")
    b = Person.objects.create(procuratorate=unit("420100"), name="乙")
    c = Person.objects.create(procuratorate=unit("410103"), name="丙")
    seen = set(access.visible(user, Person.objects.all()).values_list("pk", flat=True))
    assert {a.pk, b.pk} <= seen
    assert c.pk not in seen


@pytest.mark.django_db
def test_a_revoked_role_gives_no_access(make_user, unit):
    from procuracy.staff import actions as staff_actions

    user = make_user("410102", Role.PROCURATOR)
    record = Person.objects.create(procuratorate=unit("410102"), name="甲")
    staff_actions.revoke_role(user.memberships.get(), actor=None)
    access.forget(user)
    with pytest.raises(NotFound):
        access.access_record(user, Person, record.pk)


@pytest.mark.django_db
def test_anonymous_users_see_nothing(unit):
    from django.contrib.auth.models import AnonymousUser

    record = Person.objects.create(procuratorate=unit("410102"), name="甲")
    with pytest.raises(NotFound):
        access.access_record(AnonymousUser(), Person, record.pk)
