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


def prosecute(unit, manager, procurator, article, charge, flags=()):
    """A case received on 2024-03-01 with one adult suspect, prosecuted on 2024-03-20 for
    ``charge``; ``flags``: the case's."""
    case = actions.receive_case(
        unit, kind="prosecution_review", received_on=date(2024, 3, 1),
        source={"agency": "police"}, flags=list(flags), actor=manager,
        persons=[{"name": "某", "id_number": ADULT, "custody": "not_detained",
                  "charges": [{"article": article, "name": charge}]}],
        materials=["transfer_opinion", "case_file", "evidence"],
    )  # fmt: skip
    actions.assign_case(case.pk, actor=manager, occurred_on=date(2024, 3, 1))
    actions.record_event(case.pk, "prosecution.prosecuted", occurred_on=date(2024, 3, 20),
                         persons=["P1"], actor=procurator,
                         payload={"charges": [{"article": article, "name": charge}]})  # fmt: skip


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
        prosecute(unit("110105"), manager, procurator, article, charge, flags)

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


@pytest.mark.django_db
def test_a_group_counts_its_own_charges_not_every_charge_of_their_article(make_user, unit):
    """A group is its charges, and an article may define others: art. 115 ¶1 is 放火罪 (serious
    violence), ¶2 失火罪 (a negligent crime, not a serious violent one); art. 151 ¶2 is 走私文物罪
    (cultural relics), ¶1 走私武器、弹药罪. The facts keep each charge's name, and the groups
    match names, so the article alone brings nothing in (found by a review, 2026-11-29)."""
    manager = make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT)
    procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION)
    for article, charge in (("115", "放火罪"), ("115", "失火罪"), ("151", "走私文物罪"),
                            ("151", "走私武器、弹药罪")):  # fmt: skip
        prosecute(unit("110105"), manager, procurator, article, charge)
    v = service.figures(2024, "110105", con=facts.connect(":memory:")).values
    assert v["criminal.prosecuted.serious_violence"].value == 1
    assert v["criminal.prosecuted.cultural_relics"].value == 1
    assert v["criminal.prosecuted.market_economy"].value == 2  # ch. 3: both smuggling charges
    assert "失火罪" not in service.charge_groups()["serious-violence"]
    assert "放火罪" in service.charge_groups()["serious-violence"]
