#!/usr/bin/env python3
"""Build the charge catalogue (src/procuracy/charges/data/charges.json) from the statute texts.

Sources (Markdown, from the LawRefBook/Laws collection, kept beside the repository in
``/work/shared/law``; pass ``--law-dir`` or set ``PROCURACY_LAW_DIR`` to use another copy):

- ``刑法(2023-12-29修正).md``: the structure of the specific provisions (第二编 分则: chapters,
  sections, articles 第N条 and 第N条之M) and the date the 1997 Criminal Law took effect (art. 452);
- ``charges/最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25).md``: the SPP's 414
  charges of 1997;
- ``charges/…确定罪名的补充规定…(一 to 八).md``: the SPC–SPP supplementary provisions, which add,
  rename and abolish charges, each with its own date of effect.

The output is sorted, stable and pretty-printed, so a rebuild from the same texts gives the same
bytes (``--check`` compares without writing). See docs/charges.md for the parsing rules and the id
scheme. The script uses only the standard library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "procuracy" / "charges" / "data" / "charges.json"
DEFAULT_LAW_DIR = ROOT.parent / "shared" / "law"
CRIMINAL_LAW = "刑法(2023-12-29修正).md"
OPINION_1997 = "最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25).md"
FORMAT = 1

# The supplementary provisions, by key; the file is found by the ordinal in its name.
SUPPLEMENTS = {
    "sup-1": "补充规定(",
    "sup-2": "补充规定（二）",
    "sup-3": "补充规定（三）",
    "sup-4": "补充规定（四）",
    "sup-5": "补充规定（五）",
    "sup-6": "补充规定（六）",
    "sup-7": "补充规定（七）",
    "sup-8": "补充规定（八）",
}

# Errors in the source texts, corrected before parsing. Each must match exactly once, so a changed
# source text fails the build instead of being silently mis-corrected.
ERRATA = {
    "spp-1997": (
        # item 13 has lost its number; the sequence 1..414 runs through it
        ("\n\n放火罪（第114条", "\n\n13．放火罪（第114条", "item 13 (放火罪) lacks its number"),
        # the SPC's 1997 name and every later text: 伪造、变造国家有价证券罪
        ("伪造变造国家有价证券罪", "伪造、变造国家有价证券罪", "missing 、 in 伪造、变造"),
        # 剌 (là) for 刺 (cì): 刺探 as in item 11 and in CL art. 431(2)
        ("剌探", "刺探", "剌探 for 刺探 (item 396)"),
        ("第371条第2条", "第371条第2款", "第2条 for 第2款 (item 323)"),
    ),
}

# Names abolished by a supplementary provision that were never in the SPP's 1997 list: they were
# the SPC's 1997 names (最高人民法院关于执行《刑法》确定罪名的规定), where the SPP used another name.
SPC_ONLY_NAMES = {
    "枉法裁判罪": "the SPC's name for art. 399(2); the SPP's 民事、行政枉法裁判罪 was kept",
    "国家机关工作人员签订、履行合同失职罪": (
        "the SPC's name for art. 406; the SPP's 国家机关工作人员签订、履行合同失职被骗罪 was kept"
    ),
}

# The one charge whose basis is not an article of the Criminal Law.
DECISION_1998 = {
    "article": "D1998-1",
    "text": "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定 第一条",
    # customary placement: listed with the foreign-exchange crimes of CL ch. 3 sec. 4 (逃汇罪, 190)
    "chapter": 3,
    "section": 4,
}

CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
}
CN_DIGITS["九"] = 9
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"[0-9零一二三四五六七八九十百千]+"


def cn_int(text: str) -> int:
    """一百三十三 → 133, 四百零八 → 408, 十 → 10, 133 → 133."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_UNITS:
            total += (digit or 1) * CN_UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + digit


def cn_date(text: str) -> str:
    match = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    if not match:
        raise ValueError(f"no date in {text!r}")
    return dt.date(*map(int, match.groups())).isoformat()


def article_key(article: str) -> tuple[int, int]:
    """Sort key of an article id: "133-1" → (133, 1); "D1998-1" sorts after the Criminal Law."""
    if article.startswith("D"):
        return (10_000, 0)
    number, _, sub = article.partition("-")
    return (int(number), int(sub or 0))


# --- the Criminal Law: chapters, sections, articles -------------------------------------------


@dataclass
class Structure:
    effective: str
    # amendment ordinal ("一" for the first, "决定1998", "决定2009") -> its date of effect
    amendments: dict[str, str] = field(default_factory=dict)
    chapters: dict[int, str] = field(default_factory=dict)
    sections: dict[tuple[int, int], str] = field(default_factory=dict)
    articles: dict[str, tuple[int, int | None]] = field(default_factory=dict)


def parse_criminal_law(path: Path) -> Structure:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^第四百五十二条\s*本法自(\d{4}年\d{1,2}月\d{1,2}日)起施行", text, re.M)
    if not match:
        raise SystemExit(f"{path.name}: art. 452 (date of effect) not found")
    structure = Structure(effective=cn_date(match.group(1)))
    structure.amendments = parse_amendments(text)
    in_specific = False
    chapter = section = None
    for line in text.splitlines():
        if line.startswith("## "):
            in_specific = line.strip() == "## 第二编 分则"
            continue
        if not in_specific:
            continue
        if m := re.match(rf"^### 第({NUM})章\s+(\S.*)$", line):
            chapter, section = cn_int(m.group(1)), None
            structure.chapters[chapter] = m.group(2).strip()
        elif m := re.match(rf"^#### 第({NUM})节\s+(\S.*)$", line):
            section = cn_int(m.group(1))
            structure.sections[(chapter, section)] = m.group(2).strip()
        elif m := re.match(rf"^第({NUM})条(?:之({NUM}))?[\s　]", line):
            article = str(cn_int(m.group(1)))
            if m.group(2):
                article += f"-{cn_int(m.group(2))}"
            if article in structure.articles:
                raise SystemExit(f"{path.name}: article {article} twice")
            structure.articles[article] = (chapter, section)
    if sorted(structure.chapters) != list(range(1, 11)):
        raise SystemExit(f"{path.name}: expected chapters 1-10, got {sorted(structure.chapters)}")
    return structure


#: Amendments that did not take effect on promulgation: their own last article says when
#: (本修正案自…起施行). The CL text's history gives only the dates they were adopted.
LATER_EFFECT = {"八": "2011-05-01", "九": "2015-11-01", "十一": "2021-03-01", "十二": "2024-03-01"}
AMENDMENT_LINE = re.compile(
    r"^(\d{4}年\d{1,2}月\d{1,2}日)[^《\n]*通过的《(?:中华人民共和国刑法修正案(?:（([一二三四五六七八九十]+)）)?"
    r"|全国人民代表大会常务委员会关于(惩治骗购外汇|修改部分法律))",
    re.M,
)


def parse_amendments(text: str) -> dict[str, str]:
    """The amendments and decisions listed in the CL text's history, by ordinal ("一" for the
    first, which has none; "决定1998" the decision on foreign exchange crimes, "决定2009" the
    decision amending several laws), with their dates of effect: adopted and in force on
    promulgation, unless ``LATER_EFFECT`` says otherwise."""
    out = {}
    for m in AMENDMENT_LINE.finditer(text):
        adopted = cn_date(m.group(1))
        key = m.group(2) or ("一" if not m.group(3) else None)
        if m.group(3):
            key = "决定1998" if m.group(3) == "惩治骗购外汇" else "决定2009"
        out[key] = LATER_EFFECT.get(key, adopted)
    missing = {"一", "三", "七", "十", "十一", "决定1998"} - set(out)
    if missing:
        raise SystemExit(f"amendments not found in the CL text's history: {sorted(missing)}")
    return out


AMENDMENT_REF = re.compile(
    r"《(?:刑法)?修正案(?:（([一二三四五六七八九十]+)）?)?》|《决定》|关于修改部分法律的决定"
)


def amendment_date(cell: str, structure: Structure) -> str | None:
    """The date of effect of the amendment a supplementary provision's row cites for its
    article (``（《刑法修正案（六）》第3条）``, ``《修正案》`` for the first, ``《决定》`` for the
    1998 decision), or None when the row cites none."""
    m = AMENDMENT_REF.search(cell)
    if not m:
        return None
    if m.group(0) == "《决定》":
        key = "决定1998"
    elif "修改部分法律" in m.group(0):
        key = "决定2009"
    else:
        key = m.group(1) or "一"
    if key not in structure.amendments:
        raise SystemExit(f"{cell!r}: amendment {key} not in the CL text's history")
    return structure.amendments[key]


#: Paragraphs renumbered by an amendment that no supplementary provision restates: the 1997
#: opinion's paragraph, the paragraph in the amended article, when, and why.
PARAGRAPH_MOVES = (
    ("包庇、纵容黑社会性质组织罪", "294(4)", "294(3)", "2011-05-01",
     "Amendment VIII rewrote art. 294: ¶4 is now 数罪并罚"),
    ("协助组织卖淫罪", "358(3)", "358(4)", "2015-11-01",
     "Amendment IX rewrote art. 358: ¶3 is now 数罪并罚"),
)  # fmt: skip


# --- provision references ---------------------------------------------------------------------

AMENDMENT_NOTE = re.compile(r"（\s*《[^》]*》[^）]*）")
REF_TOKEN = re.compile(rf"第({NUM})(条|款|项)(?:之({NUM}))?")


def parse_refs(text: str, article: str | None = None) -> tuple[list[str], str | None]:
    """ "第114条、第115条第1款" → ["114", "115(1)"]; 第N条之M → "N-M"; 第N项 → "[N]".

    A group that names only paragraphs ("第3款") continues the article of the previous group,
    which the caller passes as ``article``; the last article is returned for the next group.
    """
    refs: list[str] = []
    pending = False  # an article named but not yet emitted
    for match in REF_TOKEN.finditer(text):
        number, kind, sub = match.groups()
        if kind == "条":
            if pending:
                refs.append(article)
            article = str(cn_int(number)) + (f"-{cn_int(sub)}" if sub else "")
            pending = True
        elif kind == "款":
            refs.append(f"{article}({cn_int(number)})")
            pending = False
        else:  # 项
            if not pending and refs and refs[-1].startswith(f"{article}("):
                refs[-1] += f"[{cn_int(number)}]"
            else:
                refs.append(f"{article}[{cn_int(number)}]")
            pending = False
    if pending:
        refs.append(article)
    return refs, article


def ref_article(ref: str) -> str:
    return re.split(r"[(\[]", ref, maxsplit=1)[0]


# --- the catalogue being built ----------------------------------------------------------------


@dataclass
class Charge:
    id: str
    name: str
    provisions: list[str]
    in_force_from: str
    source: str
    seq: int | None = None
    in_force_to: str | None = None
    ended_by: str | None = None
    end_note: str | None = None
    replaced_by: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)
    basis: str | None = None


class Catalogue:
    def __init__(self, structure: Structure):
        self.structure = structure
        self.charges: list[Charge] = []
        self.ordinals: dict[str, int] = {}
        self.notes: list[str] = []

    def in_force(self, name: str) -> Charge | None:
        found = [c for c in self.charges if c.name == name and c.in_force_to is None]
        return found[0] if found else None

    def create(self, name: str, provisions: list[str], date: str, source: str, **extra) -> Charge:
        if any(c.name == name for c in self.charges):
            raise SystemExit(f"{source}: charge name {name} reused")
        primary = ref_article(provisions[0])
        if primary not in self.structure.articles and not primary.startswith("D"):
            raise SystemExit(f"{source}: {name}: article {primary} not in the Criminal Law")
        for ref in provisions:
            if ref_article(ref) not in self.structure.articles and not ref.startswith("D"):
                raise SystemExit(f"{source}: {name}: article {ref} not in the Criminal Law")
        self.ordinals[primary] = self.ordinals.get(primary, 0) + 1
        charge = Charge(
            id=f"{primary}.{self.ordinals[primary]}",
            name=name,
            provisions=provisions,
            in_force_from=date,
            source=source,
            **extra,
        )
        self.charges.append(charge)
        return charge

    def end(self, charge: Charge, date: str, source: str, by: list[Charge], note=None) -> None:
        if charge.in_force_to is not None:
            raise SystemExit(f"{source}: {charge.name} ended twice")
        charge.in_force_to = date
        charge.ended_by = source
        charge.end_note = note
        charge.replaced_by = [c.id for c in by]
        for new in by:
            if charge.id not in new.replaces:
                new.replaces.append(charge.id)

    def apply_row(self, source, date, refs_groups, items) -> None:
        """One row of a supplementary provision.

        ``items`` is a list of (name or None, [abolished names]); ``refs_groups`` the article
        groups of the row's first cell (paired with the names when their counts agree).
        """
        names = [name for name, _ in items if name]
        all_refs = [ref for group in refs_groups for ref in group]
        paired = len(refs_groups) == len(names) and len(names) > 1
        charges: dict[str, Charge] = {}
        for index, name in enumerate(names):
            refs = refs_groups[index] if paired else all_refs
            existing = self.in_force(name)
            if existing:
                if refs != existing.provisions:
                    existing.revisions.append(
                        {
                            "date": date,
                            "source": source,
                            "was": existing.provisions,
                            "provisions": refs,
                        }
                    )
                    existing.provisions = refs
                charges[name] = existing
            else:
                charges[name] = self.create(name, refs, date, source)
        # 取消 clauses: attached to each name, or one clause for the whole row
        with_clause = [(name, abolished) for name, abolished in items if abolished]
        each_own = all(abolished for name, abolished in items if name) and len(names) > 1
        for name, abolished in with_clause:
            by = [charges[name]] if (each_own and name) else list(charges.values())
            for old_name in abolished:
                old = self.in_force(old_name)
                if old is None:
                    if old_name in SPC_ONLY_NAMES:
                        self.notes.append(
                            f"{source}: abolishes {old_name}, not in the SPP list "
                            f"({SPC_ONLY_NAMES[old_name]})"
                        )
                        continue
                    raise SystemExit(f"{source}: abolishes {old_name}, which is not in force")
                self.end(old, date, source, by)
        if with_clause:
            return
        # no 取消 clause: a new name on exactly the provisions of one charge in force renames it
        for name in names:
            new = charges[name]
            if new.source != source or new.in_force_from != date:
                continue
            same = [
                c
                for c in self.charges
                if c.in_force_to is None
                and c.provisions == new.provisions
                and not (c.source == source and c.in_force_from == date)  # not this provision's
            ]
            if len(same) > 1:
                raise SystemExit(f"{source}: {name}: ambiguous implicit renaming")
            if same:
                note = "renamed without a 取消 clause: new name on the same provisions"
                self.end(same[0], date, source, [new], note=note)
                self.notes.append(f"{source}: {same[0].name} → {name} (implicit renaming)")


# --- the texts --------------------------------------------------------------------------------


def read_source(path: Path, key: str) -> str:
    text = path.read_text(encoding="utf-8")
    for old, new, _why in ERRATA.get(key, ()):
        if text.count(old) != 1:
            raise SystemExit(f"{path.name}: erratum {old!r} matches {text.count(old)} times")
        text = text.replace(old, new)
    return text


def title_of(text: str) -> str:
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def parse_opinion(path: Path, catalogue: Catalogue, date: str) -> dict:
    text = read_source(path, "spp-1997")
    chapter = section = None
    expected = 1
    item = re.compile(r"^(\d+)．(.+罪)（(第.+)）$")
    for line in text.splitlines():
        if m := re.match(rf"^## 第({NUM})章\s+(.+)$", line):
            chapter, section = cn_int(m.group(1)), None
            continue
        if m := re.match(rf"^### 第({NUM})节\s+(.+)$", line):
            section = cn_int(m.group(1))
            continue
        if chapter is None or not line.strip():
            continue
        for token in line.split():
            m = item.match(token)
            if not m:
                raise SystemExit(f"{path.name}: cannot parse {token!r}")
            seq, name, refs = int(m.group(1)), m.group(2), m.group(3)
            if seq != expected:
                raise SystemExit(f"{path.name}: item {seq} after {expected - 1}")
            expected += 1
            provisions, _ = parse_refs(refs)
            catalogue.create(name, provisions, date, "spp-1997", seq=seq)
            where = catalogue.structure.articles[ref_article(provisions[0])]
            if where != (chapter, section):
                raise SystemExit(f"{path.name}: {name} under {chapter}/{section}, CL says {where}")
    adopted = re.search(r"^(\d{4}年\d{1,2}月\d{1,2}日)\s*最高人民检察院检察委员会", text, re.M)
    return {
        "title": title_of(text),
        "file": f"charges/{path.name}",
        "adopted": cn_date(adopted.group(1)),
        "in_force_from": date,
        "in_force_basis": "the revised Criminal Law's date of effect (CL art. 452)",
        "items": expected - 1,
    }


CLAUSE = re.compile(r"（\s*取消(.*?)）")


def abolished_names(clause: str) -> list[str]:
    clause = re.sub(rf"^刑法原第{NUM}条(?:第{NUM}[款项])*", "", clause.strip())
    clause = re.sub(r"罪名$", "", clause)
    return [name.strip() for name in re.split(r"(?<=罪)和", clause)]


def split_names(text: str) -> list[str]:
    # a space inside a name (a line break in the original table) is dropped; a space after 罪
    # separates two names, as do ；and 罪、 (but not 犯罪、, which occurs inside names)
    text = re.sub(r"(?<!罪)\s+", "", text.strip())
    parts = re.split(r"[；;\s]+|(?<=(?<!犯)罪)、", text)
    return [part for part in parts if part]


def parse_name_cell(cell: str) -> list[tuple[str | None, list[str]]]:
    cell = cell.strip()
    if m := re.fullmatch(r"取消(.+)", cell):
        return [(None, abolished_names(m.group(1)))]
    items: list[tuple[str | None, list[str]]] = []
    position = 0
    for m in CLAUSE.finditer(cell):
        names = split_names(cell[position : m.start()])
        if not names:
            raise SystemExit(f"取消 clause without a name: {cell!r}")
        items += [(name, []) for name in names[:-1]]
        items.append((names[-1], abolished_names(m.group(1))))
        position = m.end()
    items += [(name, []) for name in split_names(cell[position:])]
    for name, _ in items:
        if name and not name.endswith("罪"):
            raise SystemExit(f"not a charge name: {name!r} in {cell!r}")
    return items


def parse_article_cell(cell: str, previous: list[list[str]]) -> list[list[str]]:
    cell = AMENDMENT_NOTE.sub(" ", cell).strip()
    if not cell:
        return previous
    if "《决定》" in cell:
        return [[DECISION_1998["article"]]]
    groups, article = [], None
    for group in cell.split():
        refs, article = parse_refs(group, article)
        if refs:
            groups.append(refs)
    if not groups:
        raise SystemExit(f"no article in {cell!r}")
    return groups


def parse_supplement(path: Path, key: str, catalogue: Catalogue) -> dict:
    text = read_source(path, key)
    effective = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*起?施行", text)
    if not effective:
        raise SystemExit(f"{path.name}: no date of effect")
    date = cn_date(effective.group(1))
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or re.fullmatch(r"\|[-\s|]+\|?", line.strip()):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "刑法条文":
            continue
        rows.append((cells[0], cells[1]))
    # prose form (补充规定（八）): 将…第N条（…）的罪名由“旧”修改为“新”
    for m in re.finditer(r"将[^第]*(第[^“]+?)的罪名由“(.+?)”修改为“(.+?)”", text):
        rows.append((m.group(1), f"{m.group(3)}（取消{m.group(2)}罪名）"))
    if not rows:
        raise SystemExit(f"{path.name}: no rows")
    groups: list[list[str]] = []
    row_date = date
    for article_cell, name_cell in rows:
        if not AMENDMENT_NOTE.sub("", article_cell).strip():
            catalogue.notes.append(
                f"{key}: row {name_cell!r} has no article; continues the row above"
            )
        else:
            # the charges of an amended article are in force when the amendment is (it took
            # effect on promulgation, before the provision that named its charges)
            cited = amendment_date(article_cell, catalogue.structure)
            row_date = min(date, cited) if cited else date
        groups = parse_article_cell(article_cell, groups)
        items = parse_name_cell(name_cell)
        for group in groups:
            if group == [DECISION_1998["article"]]:
                for name, _ in items:
                    catalogue.notes.append(
                        f"{key}: {name} rests on the 1998 NPCSC decision, not a CL article; "
                        f"placed in ch. 3 sec. 4 by custom"
                    )
        catalogue.apply_row(key, row_date, groups, items)
    adopted = re.findall(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*最高人民(?:法院审判委员会|检察院)", text)
    published = re.search(
        r"(\d{4}年\d{1,2}月\d{1,2}日)\s*最高人民法院(?:、最高人民检察院)?公告公布", text
    )
    info = {
        "title": title_of(text),
        "file": f"charges/{path.name}",
        "in_force_from": date,
        "rows": len(rows),
    }
    if published:
        info["published"] = cn_date(published.group(1))
    if adopted:
        info["adopted"] = sorted({cn_date(d) for d in adopted})
    return info


# --- output -----------------------------------------------------------------------------------


def charge_json(charge: Charge, structure: Structure) -> dict:
    primary = ref_article(charge.provisions[0])
    if primary.startswith("D"):
        chapter, section = DECISION_1998["chapter"], DECISION_1998["section"]
        articles: list[str] = []
    else:
        chapter, section = structure.articles[primary]
        articles = sorted({ref_article(r) for r in charge.provisions}, key=article_key)
    record = {
        "id": charge.id,
        "name": charge.name,
        "articles": articles,
        "provisions": charge.provisions,
        "chapter": chapter,
        "chapter_title": structure.chapters[chapter],
        "section": section,
        "section_title": structure.sections.get((chapter, section)),
        "in_force_from": charge.in_force_from,
        "in_force_to": charge.in_force_to,
        "source": charge.source,
        "ended_by": charge.ended_by,
        "replaces": charge.replaces,
        "replaced_by": charge.replaced_by,
    }
    if primary.startswith("D"):
        record["basis"] = DECISION_1998["text"]
    if charge.seq is not None:
        record["seq_1997"] = charge.seq
    if charge.end_note:
        record["end_note"] = charge.end_note
    if charge.revisions:
        record["revisions"] = charge.revisions
    return record


def build(law_dir: Path) -> tuple[dict, Catalogue]:
    structure = parse_criminal_law(law_dir / CRIMINAL_LAW)
    catalogue = Catalogue(structure)
    sources = {
        "criminal-law": {
            "title": "中华人民共和国刑法（2023年12月29日修正）",
            "file": CRIMINAL_LAW,
            "in_force_from": structure.effective,
            "use": "chapters, sections and articles of the specific provisions; date of effect",
        }
    }
    charge_dir = law_dir / "charges"
    sources["spp-1997"] = parse_opinion(charge_dir / OPINION_1997, catalogue, structure.effective)
    files = sorted(p.name for p in charge_dir.glob("*.md"))
    for key, marker in SUPPLEMENTS.items():
        found = [name for name in files if marker in name.replace(" ", "")]
        if len(found) != 1:
            raise SystemExit(f"{key}: expected one file with {marker!r}, found {found}")
        sources[key] = parse_supplement(charge_dir / found[0], key, catalogue)
    dates = [sources[key]["in_force_from"] for key in SUPPLEMENTS]
    if dates != sorted(dates):
        raise SystemExit(f"supplementary provisions out of order: {dates}")
    for key, errata in ERRATA.items():
        for _old, _new, why in errata:
            catalogue.notes.append(f"{key}: corrected: {why}")
    for name, was, now, date, why in PARAGRAPH_MOVES:
        charge = catalogue.in_force(name)
        if charge is None or was not in charge.provisions:
            raise SystemExit(f"paragraph move: {name} is not in force at {was}")
        moved = [now if ref == was else ref for ref in charge.provisions]
        charge.revisions.append(
            {"date": date, "source": "criminal-law", "was": charge.provisions, "provisions": moved}
        )
        charge.provisions = moved
        catalogue.notes.append(f"criminal-law: {name} {was} → {now} ({why})")

    charges = sorted(
        catalogue.charges,
        key=lambda c: (article_key(c.id.rsplit(".", 1)[0]), int(c.id.rsplit(".", 1)[1])),
    )
    chapters = [
        {
            "number": number,
            "title": title,
            "sections": [
                {"number": s, "title": t}
                for (c, s), t in sorted(structure.sections.items())
                if c == number
            ],
        }
        for number, title in sorted(structure.chapters.items())
    ]
    articles = [
        [article, chapter, section]
        for article, (chapter, section) in sorted(
            structure.articles.items(), key=lambda i: article_key(i[0])
        )
    ]
    data = {
        "format": FORMAT,
        "generated_by": "scripts/build_charges.py",
        "sources": sources,
        "chapters": chapters,
        "articles": articles,
        "charges": [charge_json(c, structure) for c in charges],
        "notes": catalogue.notes,
    }
    return data, catalogue


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary(data: dict) -> str:
    charges = data["charges"]
    lines = [f"{len(charges)} charges in all"]
    for key, source in data["sources"].items():
        if key == "criminal-law":
            continue
        date = source["in_force_from"]
        count = sum(
            1
            for c in charges
            if c["in_force_from"] <= date and (c["in_force_to"] is None or c["in_force_to"] > date)
        )
        added = sum(1 for c in charges if c["source"] == key)
        ended = sum(1 for c in charges if c["ended_by"] == key)
        lines.append(f"  {key} {date}: +{added} -{ended} → {count} in force")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--law-dir",
        type=Path,
        default=Path(os.environ.get("PROCURACY_LAW_DIR", DEFAULT_LAW_DIR)),
        help="directory with 刑法(2023-12-29修正).md and charges/ (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output file (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="compare with --out; do not write")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not (args.law_dir / CRIMINAL_LAW).exists():
        print(f"statute texts not found in {args.law_dir}", file=sys.stderr)
        return 2
    data, _ = build(args.law_dir)
    text = dumps(data)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/build_charges.py", file=sys.stderr)
            return 1
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(summary(data))
        for note in data["notes"]:
            print(f"  note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
