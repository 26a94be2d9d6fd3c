import datetime

import pytest

from procuracy.audit.models import AuditEvent
from procuracy.core.errors import Forbidden, ValidationFailed
from procuracy.parties import actions
from procuracy.parties.models import Organisation, Person
from procuracy.staff.roles import Role

# GB 11643-1999's own worked example: 11010519491231002X, born 1949-12-31, female
# (sequence 002 is even), check character X.
EXAMPLE_ID = "11010519491231002X"


@pytest.fixture
def procurator(make_user):
    return make_user("110105", Role.PROCURATOR)


@pytest.mark.django_db
class TestRegisterPerson:
    def test_birth_date_and_sex_come_from_the_id_number(self, procurator, unit):
        person = actions.register_person(
            unit("110105"), name="张某", id_number=EXAMPLE_ID.lower(), actor=procurator
        )
        assert person.birth_date == datetime.date(1949, 12, 31)
        assert person.sex == "female"
        assert person.id_number == EXAMPLE_ID

    def test_an_invalid_id_number_is_refused_and_nothing_is_written(self, procurator, unit):
        before = (Person.objects.count(), AuditEvent.objects.count())
        with pytest.raises(ValidationFailed) as error:
            actions.register_person(
                unit("110105"), name="张某", id_number="110105194912310021", actor=procurator
            )
        assert error.value.field == "id_number"
        assert "check character" in error.value.message
        assert (Person.objects.count(), AuditEvent.objects.count()) == before

    def test_a_sex_contradicting_the_id_number_is_refused(self, procurator, unit):
        with pytest.raises(ValidationFailed) as error:
            actions.register_person(
                unit("110105"), name="张某", id_number=EXAMPLE_ID, sex="male", actor=procurator
            )
        assert error.value.field == "sex"

    def test_a_foreigner_is_registered_with_a_passport(self, procurator, unit):
        person = actions.register_person(
            unit("110105"),
            name="John Smith",
            id_kind="passport",
            id_number="x1234567",
            id_country="usa",
            actor=procurator,
        )
        assert (person.id_kind, person.id_number, person.id_country) == (
            "passport",
            "X1234567",
            "USA",
        )

    def test_an_unknown_document_kind_names_the_field(self, procurator, unit):
        with pytest.raises(ValidationFailed) as error:
            actions.register_person(
                unit("110105"),
                name="某",
                id_kind="library_card",
                id_number="12345",
                actor=procurator,
            )
        assert error.value.field == "id_kind"

    def test_registering_the_same_document_twice_returns_the_same_person(self, procurator, unit):
        first = actions.register_person(
            unit("110105"), name="张某", id_number=EXAMPLE_ID, actor=procurator
        )
        again = actions.register_person(
            unit("110105"), name="张某", id_number=EXAMPLE_ID, actor=procurator
        )
        assert first.pk == again.pk

    def test_only_staff_of_the_unit_may_register(self, make_user, unit):
        outsider = make_user("110106", Role.PROCURATOR)
        with pytest.raises(Forbidden):
            actions.register_person(
                unit("110105"), name="张某", id_number=EXAMPLE_ID, actor=outsider
            )
        assert not Person.objects.filter(id_number=EXAMPLE_ID).exists()

    def test_the_write_is_audited_with_actor_and_unit(self, procurator, unit):
        person = actions.register_person(
            unit("110105"), name="张某", id_number=EXAMPLE_ID, actor=procurator
        )
        event = AuditEvent.objects.get(code="parties.register_person", object_id=str(person.pk))
        assert event.actor == procurator
        assert event.procuratorate_code == "110105"
        assert event.kind == "write"


@pytest.mark.django_db
class TestRegisterOrganisation:
    def test_a_valid_credit_code_is_stored_in_upper_case(self, procurator, unit):
        # GB 32100 example (hand-verified in test_identifiers.py): 91350100M000100Y43
        org = actions.register_organisation(
            unit("110105"), name="某公司", credit_code="91350100m000100y43", actor=procurator
        )
        assert org.credit_code == "91350100M000100Y43"

    def test_a_wrong_check_character_is_refused(self, procurator, unit):
        with pytest.raises(ValidationFailed) as error:
            actions.register_organisation(
                unit("110105"), name="某公司", credit_code="91350100M000100Y44", actor=procurator
            )
        assert error.value.field == "credit_code"
        assert not Organisation.objects.exists()
