"""The charge catalogue (procuracy.charges): counts, known charges, renamings, abolitions."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from procuracy import charges as ch

D = dt.date


def names(charges):
    return {c.name for c in charges}


# --- counts -----------------------------------------------------------------------------------


def test_totals_after_each_provision():
    # the commonly cited totals: 414 in the SPP's 1997 opinion (the SPC's list had 413), 451 after
    # 补充规定（五）, 468 after （六）, 483 after （七）, unchanged by （八）
    expected = {
        D(1997, 10, 1): 414,
        D(2002, 3, 26): 418,
        D(2003, 8, 21): 422,
        D(2007, 11, 6): 435,
        D(2009, 10, 16): 444,
        D(2011, 5, 1): 451,
        D(2015, 11, 1): 468,
        D(2021, 3, 1): 483,
        D(2024, 3, 1): 483,
    }
    assert {day: len(ch.charges(day)) for day in expected} == expected
    assert len(ch.charges(D(2025, 1, 1))) == 483
    assert len(ch.all_charges()) == 542


def test_counts_per_chapter_in_force_2024():
    per_chapter = Counter(c.chapter for c in ch.charges(D(2024, 3, 1)))
    assert dict(per_chapter) == {
        1: 12,
        2: 54,
        3: 110,
        4: 43,
        5: 13,
        6: 146,
        7: 23,
        8: 14,
        9: 37,
        10: 31,
    }


def test_counts_per_chapter_1997():
    per_chapter = Counter(c.chapter for c in ch.charges(D(1997, 10, 1)))
    assert dict(per_chapter) == {
        1: 12,
        2: 42,
        3: 94,
        4: 37,
        5: 12,
        6: 119,
        7: 21,
        8: 12,
        9: 34,
        10: 31,
    }


def test_nothing_before_the_criminal_law():
    assert ch.charges(D(1997, 9, 30)) == []


def test_ids_and_names_unique():
    all_charges = ch.all_charges()
    assert len({c.id for c in all_charges}) == len(all_charges)
    assert len({c.name for c in all_charges}) == len(all_charges)


def test_every_charge_is_placed():
    for c in ch.all_charges():
        assert 1 <= c.chapter <= 10
        assert c.chapter_title
        assert (c.section is None) == (c.section_title is None)
        for article in c.articles:
            assert ch.chapter_of(article) == c.chapter
        assert c.in_force_to is None or c.in_force_to > c.in_force_from


# --- known charges ----------------------------------------------------------------------------


def test_theft():
    c = ch.by_name("盗窃罪")
    assert c.id == "264.1"
    assert c.articles == ("264",)
    assert (c.chapter, c.chapter_title) == (5, "侵犯财产罪")
    assert c.section is None
    assert c.in_force_from == D(1997, 10, 1)
    assert c.in_force_to is None
    assert c.source == "spp-1997"
    assert ch.get("264.1") is c


def test_assisting_information_network_crimes():
    c = ch.by_name("帮助信息网络犯罪活动罪")
    assert c.articles == ("287-2",)
    assert (c.chapter, c.section, c.section_title) == (6, 1, "扰乱公共秩序罪")
    assert (c.source, c.in_force_from) == ("sup-6", D(2015, 11, 1))
    assert not c.in_force(D(2015, 10, 31))
    assert c.in_force(D(2015, 11, 1))


def test_dangerous_driving_and_safe_driving():
    danger = ch.by_name("危险驾驶罪")
    assert danger.articles == ("133-1",)
    assert (danger.source, danger.in_force_from) == ("sup-5", D(2011, 5, 1))
    safe = ch.by_name("妨害安全驾驶罪")
    assert safe.articles == ("133-2",)
    assert (safe.chapter, safe.source, safe.in_force_from) == (2, "sup-7", D(2021, 3, 1))
    assert ch.by_article("第一百三十三条之二") == [safe]


def test_child_prostitution_charge_abolished():
    c = ch.by_name("嫖宿幼女罪")
    assert c.provisions == ("360(2)",)
    assert c.in_force_to == D(2015, 11, 1)
    assert c.ended_by == "sup-6"
    assert c.replaced_by == ()
    assert c.in_force(D(2015, 10, 31)) and not c.in_force(D(2015, 11, 1))


def test_paragraphs_and_items():
    assert ch.by_name("猥亵儿童罪").provisions == ("237(3)",)
    assert ch.by_name("走私固体废物罪").provisions == ("155[3]",)
    assert ch.by_name("组织考试作弊罪").provisions == ("284-1(1)", "284-1(2)")
    assert ch.by_name("放火罪").provisions == ("114", "115(1)")
    assert ch.by_name("放火罪").articles == ("114", "115")


def test_forex_decision_charge():
    c = ch.by_name("骗购外汇罪")
    assert c.articles == ()
    assert c.provisions == ("D1998-1",)
    assert (c.chapter, c.section) == (3, 4)
    assert "骗购外汇" in c.basis
    assert ch.chapter_of("D1998-1") == 3


# --- renamings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "date"),
    [
        ("投毒罪", "投放危险物质罪", D(2001, 12, 29)),  # Amendment III
        ("枉法追诉、裁判罪", "徇私枉法罪", D(2002, 3, 26)),
        (
            "窝藏、转移、收购、销售赃物罪",
            "掩饰、隐瞒犯罪所得、犯罪所得收益罪",
            D(2006, 6, 29),
        ),  # VI
        ("偷税罪", "逃税罪", D(2009, 2, 28)),  # Amendment VII
        ("重大环境污染事故罪", "污染环境罪", D(2011, 5, 1)),
        ("强制猥亵、侮辱妇女罪", "强制猥亵、侮辱罪", D(2015, 11, 1)),
        ("生产、销售假药罪", "生产、销售、提供假药罪", D(2021, 3, 1)),
        ("侮辱国旗、国徽罪", "侮辱国旗、国徽、国歌罪", D(2017, 11, 4)),  # Amendment X
        ("食品监管渎职罪", "食品、药品监管渎职罪", D(2021, 3, 1)),
        (
            "徇私舞弊低价折股、出售国有资产罪",
            "徇私舞弊低价折股、出售公司、企业资产罪",
            D(2024, 3, 1),
        ),
        # implicit: a new name on the same provisions, without a 取消 clause
        ("操纵证券交易价格罪", "操纵证券、期货交易价格罪", D(1999, 12, 25)),  # Amendment I
        (
            "盗窃、抢夺枪支、弹药、爆炸物罪",
            "盗窃、抢夺枪支、弹药、爆炸物、危险物质罪",
            D(2001, 12, 29),  # Amendment III
        ),
    ],
)
def test_renamed(old, new, date):
    """A renaming takes effect with the amendment that changed the article (in force on
    promulgation, or on its own date: VIII 2011-05-01, IX 2015-11-01, XI 2021-03-01, XII
    2024-03-01), or with the provision where it cites none (枉法追诉、裁判罪, 2002-03-26)."""
    old_charge, new_charge = ch.by_name(old), ch.by_name(new)
    assert old_charge.in_force_to == date == new_charge.in_force_from
    assert new_charge.id in old_charge.replaced_by
    assert old_charge.id in new_charge.replaces
    assert old_charge.in_force(date - dt.timedelta(days=1))
    assert not old_charge.in_force(date)


def test_renamed_twice():
    chain = ["操纵证券交易价格罪", "操纵证券、期货交易价格罪", "操纵证券、期货市场罪"]
    charges = [ch.by_name(n) for n in chain]
    assert charges[0].replaced_by == (charges[1].id,)
    assert charges[1].replaced_by == (charges[2].id,)
    assert charges[2].in_force_to is None


def test_merged_and_split():
    merged = ch.by_name("侵犯公民个人信息罪")
    assert names(ch.get(i) for i in merged.replaces) == {
        "出售、非法提供公民个人信息罪",
        "非法获取公民个人信息罪",
    }
    split = ch.by_name("徇私舞弊造成破产、亏损罪")
    assert names(ch.get(i) for i in split.replaced_by) == {
        "国有公司、企业、事业单位人员失职罪",
        "国有公司、企业、事业单位人员滥用职权罪",
    }


def test_absorbed_charge():
    # 奸淫幼女罪 was folded into 强奸罪, which continues (now on the whole of art. 236)
    rape = ch.by_name("强奸罪")
    assert rape.in_force_to is None
    assert rape.provisions == ("236",)
    assert ch.by_name("奸淫幼女罪").replaced_by == (rape.id,)


def test_spp_only_charge_abolished():
    c = ch.by_name("国家机关工作人员徇私舞弊罪")
    assert c.in_force_to == D(2002, 3, 26)


# --- lookups ----------------------------------------------------------------------------------


def test_by_article():
    assert names(ch.by_article("303")) == {"赌博罪", "开设赌场罪", "组织参与国（境）外赌博罪"}
    # a charge cited at a whole article (赌博罪: art. 303, when it had one paragraph) covers
    # every paragraph of it
    assert names(ch.by_article("303(2)")) == {"赌博罪", "开设赌场罪"}
    assert names(ch.by_article("237(3)")) == {"猥亵儿童罪"}
    assert names(ch.by_article("237", on=D(2024, 1, 1))) == {"强制猥亵、侮辱罪", "猥亵儿童罪"}
    assert names(ch.by_article("第一百二十条之一")) == {"资助恐怖活动罪", "帮助恐怖活动罪"}
    assert ch.by_article("1") == []


def test_search():
    found = ch.search("诈骗")
    assert "诈骗罪" in names(found) and "集资诈骗罪" in names(found)
    assert all("诈骗" in c.name for c in found)
    assert names(ch.search("假药", on=D(2024, 1, 1))) == {"生产、销售、提供假药罪"}
    assert [c.in_force() for c in ch.search("假药")] == [True, False]
    assert ch.search("  ") == []


@pytest.mark.parametrize(
    ("article", "chapter"),
    [("102", 1), ("139-1", 2), ("231", 3), ("264", 5), ("287-2", 6), ("367", 6), ("451", 10)],
)
def test_chapter_of(article, chapter):
    assert ch.chapter_of(article) == chapter


def test_chapter_boundaries_follow_the_criminal_law():
    """CL part II: ch. 1 arts. 102-113, ch. 2 114-139, ch. 3 140-231, ch. 4 232-262,
    ch. 5 263-276, ch. 6 277-367, ch. 7 368-381, ch. 8 382-396, ch. 9 397-419, ch. 10 420-451."""
    bounds = [
        (1, 102, 113),
        (2, 114, 139),
        (3, 140, 231),
        (4, 232, 262),
        (5, 263, 276),
        (6, 277, 367),
        (7, 368, 381),
        (8, 382, 396),
        (9, 397, 419),
        (10, 420, 451),
    ]
    for chapter, first, last in bounds:
        assert ch.chapter_of(str(first)) == chapter
        assert ch.chapter_of(str(last)) == chapter


def test_chapter_of_outside_the_specific_provisions():
    with pytest.raises(ValueError):
        ch.chapter_of("17")
    with pytest.raises(ValueError):
        ch.chapter_of("500")
    with pytest.raises(ValueError):
        ch.chapter_of("abc")


def test_sections():
    assert ch.section_of("264") is None
    assert ch.section_of("213") == 7
    assert ch.chapter_title(6) == "妨害社会管理秩序罪"
