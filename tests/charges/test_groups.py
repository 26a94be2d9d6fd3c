"""The declared charge groups: every reference resolves, and membership works."""

from __future__ import annotations

import datetime as dt

import pytest

from procuracy import charges as ch
from procuracy.charges.groups import GROUPS

STRUCTURE = {(a, c, s) for a, c, s in ch._data()["articles"]}
ARTICLES = {a for a, _, _ in STRUCTURE}


@pytest.mark.parametrize("spec", GROUPS, ids=lambda s: s.id)
def test_group_references_exist(spec):
    assert spec.status in {"statutory", "customary", "inferred"}
    assert spec.zh and spec.en and spec.basis
    assert (spec.status == "inferred") == spec.basis.startswith("[I]")
    for chapter in spec.chapters:
        assert 1 <= chapter <= 10
    for chapter, section in spec.sections:
        assert any(c == chapter and s == section for _, c, s in STRUCTURE), (chapter, section)
    for article in spec.articles:
        assert article in ARTICLES, article
        assert ch.by_article(article), f"no charge at art. {article}"
    for name in spec.charges + spec.exclude:
        ch.by_name(name)  # KeyError if the name is not in the catalogue
    group = ch.group(spec.id)
    assert group.charges(dt.date(2024, 3, 1)), f"{spec.id} has no charge in force"


def test_group_ids_unique():
    assert len({s.id for s in GROUPS}) == len(GROUPS)


def test_groups_the_report_names():
    ids = {g.id for g in ch.groups()}
    assert {
        "serious-violence",
        "theft-fraud-drugs",
        "market-economy",
        "tax",
        "intellectual-property",
        "financial",
        "money-laundering",
        "telecom-fraud",
        "assisting-information-network",
        "online-gambling",
        "environmental-pollution",
        "against-minors",
        "against-women",
        "duty-crimes",
        "cultural-relics",
    } <= ids


def test_serious_violence():
    members = {c.name for c in ch.group("serious-violence").charges(dt.date(2024, 3, 1))}
    assert members == {
        "故意杀人罪",
        "故意伤害罪",
        "强奸罪",
        "抢劫罪",
        "绑架罪",
        "放火罪",
        "爆炸罪",
        "投放危险物质罪",
    }
    # predecessors come along: 投毒罪 before 2002
    assert ch.in_group("serious-violence", "投毒罪")
    assert ch.in_group("serious-violence", ch.by_name("绑架罪"))
    assert ch.in_group("serious-violence", "234")
    assert not ch.in_group("serious-violence", "264")


def test_in_group_by_article_and_paragraph():
    assert ch.in_group("online-gambling", "303(2)")
    assert ch.in_group("assisting-information-network", "287-2")
    assert ch.in_group("assisting-information-network", "287-2.1")
    assert not ch.in_group("assisting-information-network", "287-1")
    assert ch.in_group("against-minors", "237(3)")
    assert ch.in_group("against-women", "237(1)")
    assert not ch.in_group("against-women", "237(3)")  # 猥亵儿童罪: a child's, not a woman's
    assert ch.in_group("tax", "201")
    assert ch.in_group("market-economy", "D1998-1")
    assert ch.in_group("financial", "骗购外汇罪")


def test_exclusion():
    assert ch.in_group("environmental-pollution", "338")
    assert not ch.in_group("environment-resources", "338")
    assert not ch.in_group("environment-resources", "重大环境污染事故罪")
    assert ch.in_group("environment-resources", "非法占用农用地罪")


def test_sections_and_chapters():
    assert {c.name for c in ch.group("intellectual-property").charges(dt.date(2024, 3, 1))} >= {
        "假冒注册商标罪",
        "侵犯商业秘密罪",
        "为境外窃取、刺探、收买、非法提供商业秘密罪",
    }
    assert len(ch.group("duty-crimes").charges(dt.date(2024, 3, 1))) == 14 + 37


def test_unknown_group():
    with pytest.raises(KeyError):
        ch.group("nope")


def test_the_groups_table_of_the_docs_lists_every_declared_group_with_its_charges_in_force():
    """docs/charges.md §6 is the list of the declared groups: a group added to the code must
    get its row, with the count of member charges in force on 2024-03-01 the table states."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "charges.md").read_text()
    rows = {
        m.group(1): int(m.group(2))
        for m in re.finditer(r"^\| `([a-z-]+)` \|[^\n]*?\| (\d+) \|[^|\n]*\|$", doc, re.M)
    }
    assert set(rows) == {spec.id for spec in GROUPS}
    for spec in GROUPS:
        in_force = ch.group(spec.id).charges(dt.date(2024, 3, 1))
        assert rows[spec.id] == len(in_force), spec.id
