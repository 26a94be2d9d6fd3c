"""The charge catalogue (罪名): the official charges with their Criminal Law articles, chapter and
section, and the dates they were in force; and the declared charge groups of the SPP's reports.

Pure Python, no Django. The data (``data/charges.json``) is built from the statute texts by
``scripts/build_charges.py``; see docs/charges.md.

Article references are strings: ``"264"``, ``"133-1"`` (第一百三十三条之一), with a paragraph
``"237(3)"`` (第三款) or an item ``"155[3]"`` (第三项). ``"D1998-1"`` is article 1 of the NPCSC's
1998 decision on foreign exchange crimes (骗购外汇罪).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .groups import GROUPS, GroupSpec

__all__ = [
    "Charge",
    "Group",
    "all_charges",
    "by_article",
    "by_name",
    "chapter_of",
    "chapter_title",
    "charges",
    "get",
    "group",
    "groups",
    "in_group",
    "search",
    "section_of",
]


@dataclass(frozen=True)
class Charge:
    id: str
    name: str
    articles: tuple[str, ...]
    provisions: tuple[str, ...]
    chapter: int
    chapter_title: str
    section: int | None
    section_title: str | None
    in_force_from: dt.date
    in_force_to: dt.date | None  # the first day it no longer applies
    source: str
    ended_by: str | None
    replaces: tuple[str, ...]
    replaced_by: tuple[str, ...]
    basis: str | None = None

    def in_force(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.in_force_from <= on and (self.in_force_to is None or on < self.in_force_to)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Group:
    id: str
    zh: str
    en: str
    status: str
    basis: str
    case_level: bool
    report: str
    spec: GroupSpec
    charge_ids: frozenset[str]
    articles: frozenset[str]  # articles (no paragraph) of the members and those listed
    # article (or "*") -> the case flag without which it does not count (GroupSpec.conditional)
    conditional: tuple[tuple[str, str], ...] = ()

    @property
    def counted_articles(self) -> frozenset[str]:
        """The articles that count whatever the case's flags (the simulator plans by article;
        the figures count by charge: :attr:`counted_names`)."""
        return self.articles - {a for a, _ in self.conditional}

    @property
    def names(self) -> frozenset[str]:
        """The names of the member charges, current and historical: what the figures match a
        recorded charge by (an article alone would bring in the other charges defined there,
        e.g. 失火罪 beside 放火罪 at art. 115)."""
        return frozenset(get(i).name for i in self.charge_ids)

    @property
    def counted_names(self) -> frozenset[str]:
        """The member charges that count whatever the case's flags."""
        return self.names - {n for n, _ in self.spec.conditional}

    @property
    def inferred(self) -> bool:
        return self.status == "inferred"

    def charges(self, on: dt.date | None = None) -> list[Charge]:
        """The member charges in force on ``on`` (today if omitted)."""
        return [c for c in charges(on) if c.id in self.charge_ids]


# --- loading ----------------------------------------------------------------------------------


@cache
def _data() -> dict:
    text = resources.files(__package__).joinpath("data", "charges.json").read_text("utf-8")
    return json.loads(text)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def _charges() -> tuple[Charge, ...]:
    return tuple(
        Charge(
            id=c["id"],
            name=c["name"],
            articles=tuple(c["articles"]),
            provisions=tuple(c["provisions"]),
            chapter=c["chapter"],
            chapter_title=c["chapter_title"],
            section=c["section"],
            section_title=c["section_title"],
            in_force_from=_date(c["in_force_from"]),
            in_force_to=_date(c["in_force_to"]),
            source=c["source"],
            ended_by=c["ended_by"],
            replaces=tuple(c["replaces"]),
            replaced_by=tuple(c["replaced_by"]),
            basis=c.get("basis"),
        )
        for c in _data()["charges"]
    )


@cache
def _by_id() -> dict[str, Charge]:
    return {c.id: c for c in _charges()}


@cache
def _by_name() -> dict[str, Charge]:
    return {c.name: c for c in _charges()}


@cache
def _structure() -> dict[str, tuple[int, int | None]]:
    return {article: (chapter, section) for article, chapter, section in _data()["articles"]}


def sources() -> dict[str, dict]:
    """The source texts, by key (``spp-1997``, ``sup-1`` … ``sup-8``, ``criminal-law``)."""
    return _data()["sources"]


# --- charges ----------------------------------------------------------------------------------


def all_charges() -> list[Charge]:
    """Every charge ever in the catalogue, in force or not (ordered by article)."""
    return list(_charges())


def charges(on: dt.date | None = None) -> list[Charge]:
    """The charges in force on ``on`` (today if omitted)."""
    on = on or dt.date.today()
    return [c for c in _charges() if c.in_force(on)]


def get(charge_id: str) -> Charge:
    """The charge with this id (``"264.1"``); KeyError if none."""
    return _by_id()[charge_id]


def by_name(name: str) -> Charge:
    """The charge with exactly this name (names are unique across the history); KeyError."""
    return _by_name()[name.strip()]


_REF = re.compile(r"^(?P<article>D?\d+(?:-\d+)?)(?:\((?P<para>\d+)\))?(?:\[(?P<item>\d+)\])?$")


def normalize_article(article: str | int) -> str:
    """ "133之一" / "第一百三十三条之一" / "133-1" / 133 → "133-1" (paragraphs kept: "237(3)")."""
    text = str(article).strip().replace("（", "(").replace("）", ")")
    if text.startswith("第") or "条" in text or "之" in text:
        text = _from_chinese(text)
    if not _REF.match(text):
        raise ValueError(f"not an article reference: {article!r}")
    return text


def _from_chinese(text: str) -> str:
    digits = "零一二三四五六七八九"

    def number(value: str) -> int:
        if value.isdigit():
            return int(value)
        total, digit = 0, 0
        for char in value:
            if char in digits:
                digit = digits.index(char)
            elif char in "十百":
                total += (digit or 1) * (10 if char == "十" else 100)
                digit = 0
            else:
                raise ValueError(value)
        return total + digit

    num = r"[0-9零一二三四五六七八九十百]+"
    m = re.fullmatch(rf"第?({num})条?(?:之({num}))?(?:第({num})款)?(?:第({num})项)?", text)
    if not m:
        raise ValueError(f"not an article reference: {text!r}")
    out = str(number(m.group(1)))
    if m.group(2):
        out += f"-{number(m.group(2))}"
    if m.group(3):
        out += f"({number(m.group(3))})"
    if m.group(4):
        out += f"[{number(m.group(4))}]"
    return out


def _bare(ref: str) -> str:
    return _REF.match(ref).group("article")


def _covers(provision: str, ref: str) -> bool:
    """Whether a charge's provision (e.g. "237" or "237(3)") covers the reference asked for."""
    if ref == _bare(ref):  # a whole article: any provision in it
        return _bare(provision) == ref
    return provision == ref or provision == _bare(ref) or provision.startswith(ref + "[")


def by_article(article: str | int, on: dt.date | None = None) -> list[Charge]:
    """The charges defined at an article ("264", "133-1", "第一百三十三条之一") or at one of its
    paragraphs ("237(3)"). Every charge in the history unless ``on`` is given."""
    ref = normalize_article(article)
    found = [c for c in _charges() if any(_covers(p, ref) for p in c.provisions)]
    return [c for c in found if on is None or c.in_force(on)]


def search(text: str, on: dt.date | None = None) -> list[Charge]:
    """Charges whose name contains ``text`` (spaces ignored). In force on
    ``on`` if given; otherwise all, those in force today first."""
    needle = re.sub(r"\s+", "", text)
    if not needle:
        return []
    found = [c for c in _charges() if needle in c.name]
    if on is not None:
        return [c for c in found if c.in_force(on)]
    today = dt.date.today()
    return sorted(found, key=lambda c: not c.in_force(today))


def chapter_of(article: str | int) -> int:
    """The chapter (1-10) of the specific provisions that holds an article; ValueError for an
    article outside them (the general provisions, arts. 1-101, or one that does not exist)."""
    return _place(article)[0]


def section_of(article: str | int) -> int | None:
    """The section within the chapter, or None for a chapter without sections."""
    return _place(article)[1]


def chapter_title(chapter: int) -> str:
    for entry in _data()["chapters"]:
        if entry["number"] == chapter:
            return entry["title"]
    raise ValueError(f"no chapter {chapter}")


def _place(article: str | int) -> tuple[int, int | None]:
    bare = _bare(normalize_article(article))
    if bare.startswith("D"):
        charge = by_article(bare)
        if charge:
            return charge[0].chapter, charge[0].section
    try:
        return _structure()[bare]
    except KeyError:
        raise ValueError(f"article {article!r} is not in the specific provisions") from None


# --- groups -----------------------------------------------------------------------------------


def _with_predecessors(charge: Charge) -> set[str]:
    seen = {charge.id}
    todo = list(charge.replaces)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(get(current).replaces)
    return seen


@cache
def _groups() -> dict[str, Group]:
    out = {}
    for spec in GROUPS:
        ids: set[str] = set()
        for c in _charges():
            if (
                c.chapter in spec.chapters
                or (c.chapter, c.section) in spec.sections
                or any(a in spec.articles for a in c.articles)
            ):
                ids.add(c.id)
        for name in spec.charges:
            ids |= _with_predecessors(by_name(name))
        for name in spec.exclude:
            ids -= _with_predecessors(by_name(name))
        articles = {a for i in ids for a in get(i).articles} | set(spec.articles)
        conditional = tuple(
            sorted(
                (a, flag)
                for name, flag in spec.conditional
                for a in (("*",) if name == "*" else by_name(name).articles)
            )
        )
        out[spec.id] = Group(
            id=spec.id,
            zh=spec.zh,
            en=spec.en,
            status=spec.status,
            basis=spec.basis,
            case_level=spec.case_level,
            report=spec.report,
            spec=spec,
            charge_ids=frozenset(ids),
            articles=frozenset(articles),
            conditional=conditional,
        )
    return out


def groups() -> list[Group]:
    """The declared groups, in declaration order."""
    return list(_groups().values())


def group(group_id: str) -> Group:
    """The group with this id; KeyError if none."""
    return _groups()[group_id]


def in_group(group_id: str, charge_or_article: Charge | str | int) -> bool:
    """Whether a charge (a Charge, its id or its name) or an article ("264", "237(3)") belongs to
    a group. An article belongs when a member charge is defined there (at that paragraph, if one
    is given) or the group lists it; so art. 234 is in ``serious-violence`` through 故意伤害罪,
    although only the serious outcomes count (``case_level``)."""
    g = group(group_id)
    if isinstance(charge_or_article, Charge):
        return charge_or_article.id in g.charge_ids
    key = str(charge_or_article).strip()
    if key in _by_id():
        return key in g.charge_ids
    if key in _by_name():
        return _by_name()[key].id in g.charge_ids
    ref = normalize_article(key)
    if any(c.id in g.charge_ids for c in by_article(ref)):
        return True
    bare = _bare(ref)
    return ref == bare and bare in g.spec.articles
