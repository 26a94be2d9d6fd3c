"""The charge catalogue and the charge groups against the statute texts (刑法 2023 修正, the
SPP's 1997 opinion and the 补充规定) and the SPP's work report on 2023: what an adversarial
review found (2026-11-29). Each docstring cites the article or the report sentence it rests on.
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
    the group, so the group holds it (it had not: art. 237's 强制猥亵、侮辱罪 is another
    charge)."""
    assert ch.in_group("against-women", "侮辱罪")
    assert "246" in ch.group("against-women").counted_articles


def test_against_women_covers_life_and_health_as_its_basis_says():
    """The group's basis and the report define it as crimes against women's "lives, health, and
    personal dignity": 故意杀人罪 (CL art. 232) and 故意伤害罪 (art. 234) of a woman count (the
    group had listed no crime against life or health)."""
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
    against-women ("names women"), and against-minors (which had left them out)."""
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


# --- paragraphs renumbered by amendments -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "now", "stale"),
    [
        ("包庇、纵容黑社会性质组织罪", "294(3)", "294(4)"),
        ("协助组织卖淫罪", "358(4)", "358(3)"),
    ],
    ids=["art294", "art358"],
)
def test_paragraphs_follow_the_amended_article(name, now, stale):
    """The catalogue had kept the 1997 opinion's paragraphs in the 2023 text.
    Amendment VIII (2011-05-01) rewrote CL art. 294: ¶3 is now 包庇、纵容黑社会性质组织 ("国家机关
    工作人员包庇黑社会性质的组织，或者纵容…") and ¶4 is "犯前三款罪又有其他犯罪行为的，依照数罪并罚".
    Amendment IX (2015-11-01) rewrote art. 358: ¶3 is now "犯前两款罪，并有杀害、伤害…数罪并罚" and
    the 协助组织卖淫 conduct ("为组织卖淫的人招募、运送人员…") is ¶4. So by_article("294(3)") and
    by_article("358(4)") must find the charges, not the stale paragraphs, now 数罪并罚 clauses."""
    charge = ch.by_name(name)
    assert charge in ch.by_article(now, on=DAY_2023)
    assert now in charge.provisions and stale not in charge.provisions


# --- dates of effect ---------------------------------------------------------------------------


def test_insulting_the_national_anthem_in_force_from_amendment_x():
    """Amendment X (刑法修正案（十）, adopted 2017-11-04 and in force on promulgation) added the
    national anthem to CL art. 299 as a new ¶2 (在公共场合，故意篡改中华人民共和国国歌歌词、曲谱，以
    歪曲、贬损方式奏唱国歌，或者以其他方式侮辱国歌…). The charge for the amended
    article, 侮辱国旗、国徽、国歌罪 (补充规定（七）, row 第二百九十九条（《刑法修正案（十）》）), must
    carry the amendment's date, 2017-11-04, not the 补充规定's 2021-03-01; 侮辱国旗、国徽罪 ends then."""
    new = ch.by_name("侮辱国旗、国徽、国歌罪")
    old = ch.by_name("侮辱国旗、国徽罪")
    assert new.in_force_from == D(2017, 11, 4)
    assert old.in_force_to == D(2017, 11, 4)
    assert new in ch.by_article("299", on=D(2019, 1, 1))


@pytest.mark.parametrize(
    ("name", "article", "in_force"),
    [
        # 1998 NPCSC decision on foreign exchange crimes, art. 1 (in force on promulgation)
        ("骗购外汇罪", "D1998-1", D(1998, 12, 29)),
        ("隐匿、故意销毁会计凭证、会计账簿、财务会计报告罪", "162-1", D(1999, 12, 25)),  # Am. I
        ("资助恐怖活动罪", "120-1", D(2001, 12, 29)),  # Amendment III
        ("雇用童工从事危重劳动罪", "244-1", D(2002, 12, 28)),  # Amendment IV
        ("妨害信用卡管理罪", "177-1", D(2005, 2, 28)),  # Amendment V
        ("虚假破产罪", "162-2", D(2006, 6, 29)),  # Amendment VI
        ("组织残疾人、儿童乞讨罪", "262-1", D(2006, 6, 29)),  # Amendment VI
        ("组织、领导传销活动罪", "224-1", D(2009, 2, 28)),  # Amendment VII
        ("利用影响力受贿罪", "388-1", D(2009, 2, 28)),  # Amendment VII
    ],
    ids=["D1998-1", "162-1", "120-1", "244-1", "177-1", "162-2", "262-1", "224-1", "388-1"],
)
def test_charges_for_new_articles_in_force_from_the_amendment(name, article, in_force):
    """A charge is in force when the statute defining it is, as docs/charges.md itself reasons for
    the 1997 charges (dated 1997-10-01 by CL art. 452, not by the opinion of 1997-12-17). The CL
    text's history (刑法(2023-12-29修正).md) dates each amendment; amendments I-VII, X and the
    1998 decision took effect on promulgation. The charges created for new articles had carried
    the date of the later 补充规定 (2002-03-26, 2003-08-21, 2007-11-06, 2009-10-16), leaving for
    months or years no charge at an article in force: art. 224-1 (组织、领导传销活动, in force
    2009-02-28) had none until 2009-10-16, art. 177-1 (妨害信用卡管理, 2005-02-28) none until
    2007-11-06."""
    charge = ch.by_name(name)
    assert charge.in_force_from == in_force
    assert charge in ch.by_article(article, on=in_force)
