"""The deadline catalogue: ``catalogue.yaml`` read into frozen declarations.

Each rule carries its period, its legal basis (law and article), how it is counted (the
procedure: criminal, civil, administrative or general), whether the custody exception of
CPL art. 105 can apply and its default, and the dates it is in force.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from procuracy.law.errors import InvalidPeriod, RuleNotInForce, UnknownRule
from procuracy.law.periods import CORRESPONDING_DAY, LAST_DAY_TO_LAST_DAY, Period
from procuracy.law.schedule import load_yaml

IN_CUSTODY, NOT_IN_CUSTODY, NOT_APPLICABLE = "in-custody", "not-in-custody", "not-applicable"

_ZH_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 105 -> 一百零五, 220 -> 二百二十 (as statutes number articles)."""
    if not 0 < n < 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            if not (value == 10 and digit == 1 and not out):
                out += _ZH_DIGITS[digit]
            out += unit
            zero = False
        elif out:
            zero = True
    return out


@dataclass(frozen=True, slots=True)
class Law:
    key: str
    zh: str
    en: str
    in_force: date


@dataclass(frozen=True, slots=True)
class Article:
    """A citation: a law and, where known, an article number."""

    law: Law
    number: int | None = None

    def text(self, lang: str = "en") -> str:
        if lang == "zh":
            name = f"《{self.law.zh}》"
            return f"{name}第{chinese_number(self.number)}条" if self.number else name
        return f"{self.law.key} art. {self.number}" if self.number else self.law.key

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True, slots=True)
class Procedure:
    """How periods of one kind are counted."""

    key: str
    holiday_rule: tuple[Article, ...]
    month_rule: str
    month_basis: tuple[Article, ...]
    custody_exception: bool


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory period, with its basis next to its value."""

    id: str
    zh: str
    en: str
    period: Period
    basis: tuple[Article, ...]
    procedure: Procedure
    custody: str  # in-custody | not-in-custody | not-applicable
    in_force_from: date
    in_force_to: date | None = None
    custody_reason: str = ""
    note: str = ""
    # Who must act within the period: the procuratorate (its handling deadline), a party (a
    # victim's or a person's time to appeal or to ask: one that runs out with nothing done
    # has ended, it is not overdue), or another agency (the police's, an organ's reply, which
    # the procuratorate follows up) (HOLDERS).
    holder: str = "procuratorate"

    @property
    def custody_applies(self) -> bool:
        """Whether the custody exception of CPL art. 105 can apply to this period."""
        return self.custody != NOT_APPLICABLE and self.procedure.custody_exception

    @property
    def custody_default(self) -> bool:
        return self.custody == IN_CUSTODY

    @property
    def last_day_rule(self) -> bool:
        return self.procedure.month_rule == LAST_DAY_TO_LAST_DAY

    def name(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def why_no_custody(self, lang: str = "en") -> str:
        """Why the custody exception cannot apply (for the error message)."""
        if self.custody_reason:
            return self.custody_reason
        rules = "; ".join(a.text(lang) for a in self.procedure.holiday_rule)
        return (
            f"it is a {self.procedure.key} period, counted under {rules}, which has no custody "
            f"exception (only criminal-procedure periods have one, CPL art. 105)"
        )


class Catalogue:
    """All rules, looked up by id (and by start date where a rule has several versions)."""

    def __init__(self, rules: list[Rule], laws: dict[str, Law]):
        self.laws = laws
        self.rules = tuple(rules)
        self._by_id: dict[str, tuple[Rule, ...]] = {}
        for rule in rules:
            self._by_id[rule.id] = (*self._by_id.get(rule.id, ()), rule)
        for rid, versions in self._by_id.items():
            ordered = sorted(versions, key=lambda r: r.in_force_from)
            for a, b in itertools.pairwise(ordered):
                if a.in_force_to is None or a.in_force_to >= b.in_force_from:
                    raise InvalidPeriod(f"catalogue: versions of {rid!r} overlap in time")
            self._by_id[rid] = tuple(ordered)

    def ids(self) -> list[str]:
        return list(self._by_id)

    @functools.cached_property
    def party_periods(self) -> frozenset[str]:
        """The ids of the periods a party holds (``Rule.holder``)."""
        return frozenset(r.id for r in self.rules if r.holder == PARTY)

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def suggest(self, rule_id: str) -> tuple[str, ...]:
        ids = self.ids()
        close = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.6)
        if not close:
            close = [i for i in ids if rule_id and (rule_id in i or i in rule_id)][:3]
        return tuple(close)

    def versions(self, rule_id: str) -> tuple[Rule, ...]:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise UnknownRule(rule_id, self.suggest(rule_id)) from None

    def get(self, rule_id: str, on: date | None = None) -> Rule:
        """The rule ``rule_id`` in force on ``on`` (the latest version if ``on`` is None)."""
        versions = self.versions(rule_id)
        if on is None:
            return versions[-1]
        for rule in versions:
            if rule.in_force_on(on):
                return rule
        ranges = ", ".join(f"{r.in_force_from}–{r.in_force_to or ''}".rstrip("–") for r in versions)
        spans = "、".join(
            f"自{r.in_force_from}起" + (f"至{r.in_force_to}止" if r.in_force_to else "")
            for r in versions
        )
        raise RuleNotInForce(
            f"rule {rule_id!r} is not declared for a start on {on} (in force: from {ranges})",
            zh=f"期限{rule_id}没有适用于{on}起算的规定（施行期间：{spans}）",
        )


# --- loading ----------------------------------------------------------------------------------

_BASIS = re.compile(r"(?P<law>.+?)(?: art\. (?P<num>\d+))?")


def _date(value, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidPeriod(f"catalogue: {where}: {value!r} is not a date YYYY-MM-DD") from None


def _articles(values, laws: dict[str, Law], where: str) -> tuple[Article, ...]:
    if isinstance(values, str):
        values = [values]
    out = []
    for value in values or ():
        m = _BASIS.fullmatch(str(value).strip())
        if not m or m["law"] not in laws:
            raise InvalidPeriod(f"catalogue: {where}: unknown basis {value!r} (laws: {list(laws)})")
        out.append(Article(laws[m["law"]], int(m["num"]) if m["num"] else None))
    return tuple(out)


_RULE_KEYS = {
    "id", "zh", "en", "period", "basis", "procedure", "custody", "in_force", "custody_reason",
    "note", "holder",
}  # fmt: skip
#: Who holds a period (``Rule.holder``).
PROCURATORATE, PARTY, AGENCY = "procuratorate", "party", "agency"
HOLDERS = (PROCURATORATE, PARTY, AGENCY)


def parse_catalogue(text: str) -> Catalogue:
    data = load_yaml(text)
    laws = {
        key: Law(key, spec["zh"], spec["en"], _date(spec["in_force"], f"law {key}"))
        for key, spec in data["laws"].items()
    }
    procedures = {}
    for key, spec in data["procedures"].items():
        if spec["month_rule"] not in (LAST_DAY_TO_LAST_DAY, CORRESPONDING_DAY):
            raise InvalidPeriod(f"catalogue: procedure {key}: unknown month_rule")
        procedures[key] = Procedure(
            key,
            _articles(spec["holiday_rule"], laws, f"procedure {key}"),
            spec["month_rule"],
            _articles(spec["month_basis"], laws, f"procedure {key}"),
            bool(spec["custody_exception"]),
        )
    rules = []
    for spec in data["rules"]:
        rid = spec.get("id", "?")
        unknown = set(spec) - _RULE_KEYS
        if unknown:
            raise InvalidPeriod(f"catalogue: rule {rid}: unknown key {sorted(unknown)[0]!r}")
        basis = _articles(spec["basis"], laws, f"rule {rid}")
        if not basis:
            raise InvalidPeriod(f"catalogue: rule {rid}: a rule needs its legal basis")
        custody = spec["custody"]
        if custody not in (IN_CUSTODY, NOT_IN_CUSTODY, NOT_APPLICABLE):
            raise InvalidPeriod(f"catalogue: rule {rid}: custody must be in-custody, ...")
        procedure = procedures[spec["procedure"]]
        if custody != NOT_APPLICABLE and not procedure.custody_exception:
            raise InvalidPeriod(f"catalogue: rule {rid}: a {procedure.key} period has no custody")
        holder = spec.get("holder", PROCURATORATE)
        if holder not in HOLDERS:
            raise InvalidPeriod(
                f"catalogue: rule {rid}: holder must be one of {', '.join(HOLDERS)}"
            )
        in_force = spec.get("in_force") or {}
        start = in_force.get("from")
        rules.append(
            Rule(
                id=rid,
                zh=spec["zh"],
                en=spec["en"],
                period=Period.parse(spec["period"]),
                basis=basis,
                procedure=procedure,
                custody=custody,
                in_force_from=(
                    _date(start, f"rule {rid}") if start else max(a.law.in_force for a in basis)
                ),
                in_force_to=_date(in_force["to"], f"rule {rid}") if in_force.get("to") else None,
                custody_reason=spec.get("custody_reason", ""),
                note=spec.get("note", ""),
                holder=holder,
            )
        )
    return Catalogue(rules, laws)


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    if path is None:
        text = resources.files("procuracy.law").joinpath("catalogue.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_catalogue(text)


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue shipped with Procuracy (``procuracy/law/catalogue.yaml``)."""
    return load_catalogue()


def get_rule(rule_id: str, on: date | None = None) -> Rule:
    return catalogue().get(rule_id, on)
