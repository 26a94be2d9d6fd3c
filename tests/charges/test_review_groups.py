"""Adversarial review of the charge catalogue and the charge groups against the statute texts
(刑法 2023 修正, the SPP's 1997 opinion and the 补充规定) and the SPP's work report on 2023.

Each test here checks one defect found in the review; each docstring cites the article or the
report sentence it rests on.
"""

from __future__ import annotations

import datetime as dt

import pytest

from procuracy import charges as ch
from procuracy.charges.groups import GROUPS

D = dt.date
DAY_2023 = D(2023, 12, 31)


# --- the groups as the figures count them ------------------------------------------------------


@pytest.mark.parametrize("spec", GROUPS, ids=lambda s: s.id)
def test_the_charges_a_group_counts_are_its_members(spec):
    """The figures count a group by the names of its charges (figures/service.charge_groups,
    the facts' ``charges``), not by bare article, which brought in every charge defined at a
    member's article: 失火罪 and the other negligent crimes of art. 115 ¶2 into serious
    violence, 走私武器、弹药罪 (art. 151 ¶1) into cultural relics, 非法侵入住宅罪 (art. 245) into
    the judicial staff's crimes, 猥亵儿童罪 (art. 237 ¶3) into crimes against women.
    tests/figures/test_conditional_groups.py counts such cases."""
    from procuracy.figures import service

    group = ch.group(spec.id)
    members = {ch.get(i).name for i in group.charge_ids}
    counted = set(service.charge_groups()[spec.id])
    conditional = {name for name, _ in service.charge_group_conditions().get(spec.id, ())}
    assert counted == members - conditional


# --- against women (report: 46,000) ----------------------------------------------------------


def test_against_women_counts_the_reports_own_insult_case():
    """Report: "Crimes of infringing upon women's lives, health, and personal dignity were
    severely punished ..., with 46,000 people being prosecuted ... A criminal suspect who posted a
    secretly filmed video of a woman online was prosecuted for criminal insult". Criminal insult
    is 侮辱罪, CL art. 246 (公然侮辱他人). The figure criminal.prosecuted.against_women requires
    the group, so the report's own example is not counted: art. 237's 强制猥亵、侮辱罪 is another
    charge."""
    assert ch.in_group("against-women", "侮辱罪")
    assert "246" in ch.group("against-women").counted_articles


def test_against_women_covers_life_and_health_as_its_basis_says():
    """The group's basis and the report define it as crimes against women's "lives, health, and
    personal dignity", but it lists no crime against life or health: 故意杀人罪 (CL art. 232) and
    故意伤害罪 (art. 234) of a woman are not counted, the figure requiring the group."""
    assert ch.in_group("against-women", "故意杀人罪")
    assert ch.in_group("against-women", "故意伤害罪")


def test_against_women_lists_every_charge_whose_definition_names_a_female_victim():
    """Basis: "Listed: the charges whose definition names women as victims". CL art. 236-1
    (负有照护职责人员性侵罪, Amendment XI) names only female victims: "对已满十四周岁不满十六周岁的
    未成年女性负有监护、收养、看护、教育、医疗等特殊职责的人员，与该未成年女性发生性关系的". A girl
    of 14 or more is 妇女, not 幼女, in art. 236's own terms."""
    assert ch.in_group("against-women", "负有照护职责人员性侵罪")


# --- against minors (report: 67,000) ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "聚众阻碍解救被收买的妇女、儿童罪",
        "不解救被拐卖、绑架妇女、儿童罪",
        "阻碍解救被拐卖、绑架妇女、儿童罪",
    ],
    ids=["art242-2", "art416-1", "art416-2"],
)
def test_against_minors_lists_every_charge_whose_definition_names_a_child(name):
    """Basis: "Listed: the charges whose definition names a child or minor victim". CL art. 242
    ¶2 (聚众阻碍国家机关工作人员解救被收买的妇女、儿童) and art. 416 ¶1-2 (对被拐卖、绑架的妇女、
    儿童负有解救职责的国家机关工作人员…) name children; the same rule puts them in
    against-women ("names women"), but against-minors leaves them out."""
    assert ch.in_group("against-minors", name)


@pytest.mark.parametrize("name", ["强制猥亵、侮辱罪", "虐待罪"], ids=["art237-1", "art260"])
def test_against_minors_lists_the_kinds_the_report_names(name):
    """Report: "'zero tolerance' for crimes against minors such as sexual assault, injury, and
    abuse, prosecuting 67,000 people"; the basis lists "the sexual and injury crimes the report
    names (sexual assault, injury, abuse)". Sexual assault of a minor of 14-17 is 强制猥亵罪
    (CL art. 237 ¶1: 强制猥亵他人; 猥亵儿童罪 of ¶3 is under 14 only), and abuse of a child by a
    family member is 虐待罪 (art. 260: 虐待家庭成员); only 虐待被监护、看护人罪 (art. 260-1) is
    listed."""
    assert ch.in_group("against-minors", name)
