"""Criminal Law art. 12: conduct is judged by the law of its day, so a suspect's charges are
the official charges in force on the offence date (the charge catalogue's ``in_force_from`` /
``in_force_to``, docs/charges.md), at intake and at prosecution. The charge catalogue's dates:
嫖宿幼女罪 (art. 360 ¶2) ended 2015-11-01 (Amendment IX); 组织、领导传销活动罪 (art. 224-1) began
2009-02-28 (Amendment VII); 生产、销售假药罪 became 生产、销售、提供假药罪 on 2021-03-01
(Amendment XI)."""

from datetime import date

import pytest
from casewalk import assign, person, record, refused

from procuracy.cases.models import Case
from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_charge_that_ended_before_the_offence_is_refused_naming_what_replaced_it(receive):
    with refused(ValidationFailed, "生产、销售假药罪 no longer applied on the offence date 2024-06-01",
                 "since then: 生产、销售、提供假药罪", "Criminal Law art. 12",
                 field="persons.P1.charges"):  # fmt: skip
        receive(on=date(2024, 7, 1), persons=[person(
            article="141", charge="生产、销售假药罪", offence_date="2024-06-01")])  # fmt: skip
    with refused(ValidationFailed, "嫖宿幼女罪 no longer applied"):
        receive(on=date(2024, 7, 1), persons=[person(
            article="360", charge="嫖宿幼女罪", offence_date="2024-06-01")])  # fmt: skip
    # the same charge for what was done while it applied
    case = receive(on=date(2024, 7, 1), persons=[person(
        article="141", charge="生产、销售假药罪", offence_date="2020-12-01")])  # fmt: skip
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_crime_the_law_of_the_day_did_not_know_is_refused(receive):
    with refused(ValidationFailed, "组织、领导传销活动罪 applies from 2009-02-28, after the offence "
                 "date 2005-01-01", field="persons.P1.charges"):  # fmt: skip
        receive(on=date(2024, 7, 1), persons=[person(
            article="224-1", charge="组织、领导传销活动罪", offence_date="2005-01-01")])  # fmt: skip


def test_a_later_name_of_a_crime_that_applied_then_is_accepted(receive):
    """Art. 12 ¶1: the later law applies where it is milder, under its own charge name: the
    conduct was a crime on its day (under the charge the later one replaces)."""
    case = receive(on=date(2021, 6, 1), persons=[person(
        article="141", charge="生产、销售、提供假药罪", offence_date="2020-12-01")])  # fmt: skip
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_charges_prosecuted_are_those_of_the_offence_s_day(receive, staff):
    case = receive(kind="prosecution_review", on=date(2024, 7, 1), persons=[person(
        custody="arrested", offence_date="2024-06-01")])  # fmt: skip
    assign(case, staff, "2024-07-01")
    with refused(ValidationFailed, "嫖宿幼女罪 no longer applied", field="payload.charges"):
        record(case, "prosecution.prosecuted", "2024-07-20", staff["procurator"], ["P1"],
               charges=[{"article": "360", "name": "嫖宿幼女罪"}])  # fmt: skip
    record(case, "prosecution.prosecuted", "2024-07-20", staff["procurator"], ["P1"],
           charges=[{"article": "264", "name": "盗窃罪"}])  # fmt: skip
