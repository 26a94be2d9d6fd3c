"""Charge groups that count a charge only in a case with a case-level flag: serious violence
counts intentional injury (CL art. 234) only when it caused serious injury or death; national
defence counts any crime against servicemen, their families, heroes or martyrs. Counts worked
out by hand from the cases walked here (2024, 北京市朝阳区人民检察院)."""

from datetime import date

import pytest

from procuracy import charges
from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

ADULT = "11010519491231002X"


def test_the_groups_declare_their_conditions():
    violence = charges.group("serious-violence")
    assert ("234", "serious_injury") in violence.conditional
    assert "234" in violence.articles and "234" not in violence.counted_articles
    assert "232" in violence.counted_articles
    assert charges.group("national-defence").conditional == (("*", "military_victim"),)


@pytest.mark.django_db
def test_conditional_charges_count_only_in_flagged_cases(make_user, unit):
    manager = make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT)
    procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION)

    def prosecuted(article, charge, flags=()):
        case = actions.receive_case(
            unit("110105"), kind="prosecution_review", received_on=date(2024, 3, 1),
            source={"agency": "police"}, flags=list(flags), actor=manager,
            persons=[{"name": "某", "id_number": ADULT, "custody": "not_detained",
                      "charges": [{"article": article, "name": charge}]}],
            materials=["transfer_opinion", "case_file", "evidence"],
        )  # fmt: skip
        actions.assign_case(case.pk, actor=manager, occurred_on=date(2024, 3, 1))
        actions.record_event(case.pk, "prosecution.prosecuted", occurred_on=date(2024, 3, 20),
                             persons=["P1"], actor=procurator,
                             payload={"charges": [{"article": article, "name": charge}]})  # fmt: skip

    prosecuted("234", "故意伤害罪", ["serious_injury"])  # counts: serious injury
    prosecuted("234", "故意伤害罪")  # does not: a minor injury
    prosecuted("263", "抢劫罪")  # counts whatever the case's flags
    prosecuted("234", "故意伤害罪", ["military_victim"])  # a serviceman injured: defence
    prosecuted("368", "阻碍军人执行职务罪")  # chapter 7: defence

    con = facts.connect(":memory:")
    v = service.figures(2024, "110105", con=con).values
    assert v["criminal.prosecuted.serious_violence"].value == 2
    assert v["criminal.prosecuted.national_defence"].value == 2
    # the drill-down uses the same conditions as the grouped pass
    assert len(service.drill("criminal.prosecuted.serious_violence", 2024, unit("110105"),
                             con=con)) == 2  # fmt: skip
