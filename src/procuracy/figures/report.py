"""The work report, written from the figure registry for a year and a procuratorate.

It follows the structure of the review part of the SPP's 2023 report (sections I-V). In
English, each figure the registry computes is printed in the sentence where the 2023 report
prints it, in the report's own number style (``726,000``, ``4.253 million``, ``79.9%``, "up
17.3% year on year"): the report's figures data (``data/report-2023.yaml``) gives the sentence,
the printed text and its style; the words that depend on a figure follow it (the direction of
its change, a count of 1 in the singular), and so do the years and who handled the cases in the
report of another year or procuratorate (``Scope``), which leaves out what is not its case data.
In Chinese, each figure is a line in official style (``426.3万件``, ``2178人``). Every number is
rounded half up, as the report rounds (``formatting``). Formats: Markdown, HTML, Word (.docx).
"""

from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from . import report_data
from .cube import Value
from .formatting import (
    Number,
    below_hundred,
    change,
    exact,
    fixed,
    format_change,
    grouped,
    is_zero,
    percent,
    to_decimal,
)
from .registry import Figure

SECTIONS = {
    "I": ("Serving the overall situation and fully performing the procuratorial functions to "
          "maintain stability and promote development",
          "为大局服务，充分履行检察职能维护稳定促进发展"),
    "II": ("Safeguarding and improving the people's livelihood in the performance of "
           "procuratorial duties, to achieve justice for the people", "在履职中保障和改善民生，司法为民"),
    "III": ("Stepping forward for the rule of law and promoting social fairness and justice "
            "through procuratorial supervision", "以检察监督促进社会公平正义"),
    "IV": ("Accepting the people's oversight, ensuring the correct exercise of procuratorial "
           "power in accordance with the law", "自觉接受监督，确保检察权依法正确行使"),
    "V": ("Strengthening our own establishment and forging an invincible procuratorial army for "
          "the New Era", "加强自身建设，锻造新时代检察铁军"),
}  # fmt: skip
ROMAN = ("I", "II", "III", "IV", "V")
#: The section numbers as Chinese official documents write them (一、二、…).
ZH_NUMERALS = dict(zip(ROMAN, "一二三四五", strict=True))


def section_heading(roman: str, lang: str) -> str:
    """ "I. Heading" in English, "一、标题" in Chinese."""
    heading = SECTIONS[roman][0 if lang == "en" else 1]
    return f"{roman}. {heading}" if lang == "en" else f"{ZH_NUMERALS[roman]}、{heading}"


INTRO = "intro"


# --- numbers as the report prints them ---------------------------------------------------------


def _decimals(text: str) -> int:
    m = re.search(r"\d+\.(\d+)", text)
    return len(m.group(1)) if m else 0


def print_like(value: Number | None, template: str) -> str:
    """``value`` in the style of the report's printed ``template``: "726,000" (rounded to the
    thousand), "9,428" (exact), "4.253 million", "79.9%", "more than 90%". Rounded half up,
    as the report rounds (``formatting.fixed``)."""
    if value is None:
        return "—"
    text = template.strip()
    if re.fullmatch(r"\d+\. \d+%", text):  # the report's own typo "7. 1%"
        fixed_template = text.replace(". ", ".")
        printed = print_like(value, fixed_template)
        # the report's own figure is printed as the report prints it; any other value plainly
        return text if printed == fixed_template else printed
    more_than = text.startswith("more than ")
    core = text.removeprefix("more than ")
    if core.endswith(" percent"):  # the report writes "36.2 percent" as well as "36.2%"
        return print_like(value, text.removesuffix(" percent") + "%")[:-1] + " percent"
    x = to_decimal(value)
    if core.endswith("%"):
        if more_than:
            step = 10 if re.fullmatch(r"\d*0", core[:-1]) else 1
            floor = math.floor(x / step) * step
            if floor < x:
                return f"more than {floor}%"
        # as formatting.percent: a rate below 100% never prints as "100.0%" (the report's
        # own 99.96%)
        return f"{below_hundred(x, _decimals(core))}%"
    for word, scale in ((" billion", 10**9), (" million", 10**6)):
        if core.endswith(word) and abs(x) >= scale:
            # the template's significant digits at least: "670 million" prints 1,340,000 as
            # "1.34 million", not "1 million"
            shown_digits = len(re.sub(r"\D", "", core).lstrip("0"))
            whole_digits = len(str(int(abs(x) // scale)))
            places = _decimals(core)
            text = fixed(x / scale, max(places, shown_digits - whole_digits))
            if "." in text and places == 0:  # no zeros the template does not print: 1.5, 20
                text = text.rstrip("0").rstrip(".")
            return f"{text}{word}"
    if "." in core and not core.endswith(("million", "billion")):
        return fixed(x, _decimals(core))
    # The report rounds large counts to the thousand (726,000); small ones are exact (9,428).
    if core.endswith(",000") and abs(x) >= 10_000:
        return grouped(Decimal(fixed(x / 1000, 0)) * 1000)
    return grouped(x)


def zh_number(value: Number | None, unit: str = "") -> str:
    """Chinese official style: 亿 and 万 with one decimal place (426.3万件, 3亿), below 10,000 the
    plain number without a thousands separator (9428人)."""
    if value is None:
        return "—"
    x = to_decimal(value)
    if abs(x) >= 10**4:
        text = fixed(x / 10**4, 1)
        if abs(Decimal(text)) < 10**4:  # 9999.96万 rounds to 1亿, not "10000万"
            return f"{text.removesuffix('.0')}万{unit}"
        return f"{fixed(x / 10**8, 1).removesuffix('.0')}亿{unit}"
    return f"{fixed(x, 0 if x == x.to_integral_value() else 1)}{unit}"


ZH_UNITS = {"persons": "人", "cases": "件", "events": "次", "yuan": "元", "days": "天"}


def value_text(v: Value, lang: str) -> str:
    """A figure's value for a table: a rate in percent (``percent``), an average in days, a count
    ("12,721"; in Chinese 1.3万件, 2178人), an amount with its unit (330,000 yuan; 33万元)."""
    fig = v.figure
    if v.value is None:
        return "—"
    if fig.count == "ratio" and fig.unit == "days":
        return f"{fixed(v.value, 1)}{'天' if lang == 'zh' else ' days'}"
    if fig.count == "ratio":
        return percent(v.value)
    if lang == "zh":
        return zh_number(v.value, ZH_UNITS.get(fig.unit, ""))
    return grouped(v.value) + (" yuan" if fig.unit == "yuan" else "")


def change_text(v: Value, lang: str) -> str:
    """A figure's change against the year before, for a table: a count's in percent (up 29.0%,
    下降4.0%), a rate's in percentage points, an average's in days; "—" where undefined."""
    fig = v.figure
    if fig.count != "ratio":
        text = format_change(v, lang)
        return text.removesuffix(" year on year").removeprefix("同比")
    if v.value is None or v.previous is None:
        return "—"
    days = fig.unit == "days"
    diff = to_decimal(v.value) - to_decimal(v.previous)
    amount = fixed(abs(diff if days else diff * 100), 1)
    if is_zero(amount):
        return "持平" if lang == "zh" else "unchanged"
    if lang == "zh":
        return (
            f"{'增加' if diff > 0 else '减少'}{amount}天"
            if days
            else (f"{'上升' if diff > 0 else '下降'}{amount}个百分点")
        )
    return f"{'up' if diff > 0 else 'down'} {amount} {'days' if days else 'percentage points'}"


# --- the document ------------------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    figures: list[tuple[Figure, Value]]


@dataclass(frozen=True)
class Scope:
    """Whose report, on which year. The SPP's on the 2023 report's year prints the report's
    sentences as they are; any other names its own subject and years, and leaves out what the
    2023 report tells that is not that procuratorate's case data of that year."""

    year: int
    national: bool
    subject: str  # who handled the cases: "the nation's procuratorial organs", a procuratorate
    basic: bool = False  # a basic procuratorate's own report (no procuratorate under it)
    whole: bool = True  # the ledger holds the nation's whole flow (see ``whole_flow``)

    @classmethod
    def of(cls, year: int | None = None, unit=None, whole: bool = True) -> Scope:
        year = year or report_data.report().year
        if unit is None or unit.level == "national":
            return cls(year, True, "the nation's procuratorial organs", whole=whole)
        name = re.sub(r"^(?i:the )", "", (unit.name_en or "").strip())
        subject = f"the {name}" if name else "this procuratorate"
        if unit.level != "basic" and unit.children.exists():  # its figures add theirs up
            subject += " and the procuratorates under it"
        return cls(year, False, subject, basic=unit.level == "basic")

    @property
    def as_printed(self) -> bool:
        return self.national and self.year == report_data.report().year and self.whole


def whole_flow() -> bool:
    """Whether the ledger's figures are the nation's whole flow, whose 2023 report may tell
    the examples and steps behind them as the report does: not a simulation at a scale below
    1.0, whose "0 homicide cases ... including the case of Jiang Sixing" contradicts itself."""
    from procuracy.simulator.load import simulated_runs

    return all(scale >= 1.0 for _seed, scale in simulated_runs())


# Sentences of the 2023 report that also tell what is not case data of another year or another
# procuratorate (policy documents issued, an example case and the people in it, the SPP's own
# steps), as other reports print them: the part that is case data, for the nation and for a
# procuratorate below the SPP. None leaves the sentence out. Keyed by an entry of the sentence.
OTHER_REPORTS: dict[str, tuple[str | None, str | None]] = {
    # only the SPP approves a prosecution after the limitation period (Criminal Law art. 87(4));
    # the report names the example case of Jiang Sixing and Xue Sanyuan
    "r1-cold-homicides-approved": (
        "The SPP lawfully approved the pursuit of 137 homicide cases that happened more than 20 "
        "years ago.",
        None,
    ),
    # the football-sector cases: Chen Xuyuan and 14 others
    "r1-duty-financial-sector": (
        "We prosecuted 348 and 580 people for duty crimes in the financial and medical fields "
        "respectively.",
    )
    * 2,
    # the SPP's listing of major cases for supervision
    "r1-securities-prosecuted": (
        "We prosecuted 346 people for securities crimes such as fraudulent issuance of "
        "securities, insider trading, and market manipulation.",
    )
    * 2,
    # the SPP's 21 guidelines on cyberspace
    "r1-internet-prosecuted": (
        "The nation's procuratorial organs prosecuted 323,000 people for committing crimes by "
        "using the internet, up 36.2 percent year on year.",
    )
    * 2,
    # the SPP's guidance to the procuratorial organs of Jilin, Heilongjiang, Henan
    "r1-agricultural-inputs-prosecuted": (
        "We punished the crime of producing and selling counterfeit and shoddy agricultural "
        "materials in accordance with the law and prosecuted 820 people.",
    )
    * 2,
    # the SPP's own filings on ship pollution in the Yangtze River; the figure counts the cases
    # on ship pollution wherever they are
    "r2-yangtze-ship-pollution-pil": (
        "575 public interest litigation cases regarding ship pollution were handled.",
    )
    * 2,
    # what the SPP did with national bodies in 2023 (regulations, example cases, campaigns): the
    # SPP's own steps of that year, not case data of another year or procuratorate
    "r1-detention-changed": (
        "We changed the compulsory measures for 29,000 suspects where it was not necessary to "
        "continue detention in accordance with the law.",
    )
    * 2,
    "r1-duty-early-involvement-share": (
        "Cases with early procuratorate involvement accounted for 61.1% of all cases accepted; "
        "with supplementary investigation being carried out by the procuratorate itself in "
        "3,020 cases and 808 cases being returned for supplementary investigation.",
    )
    * 2,
    "r2-delivery-contraband-prosecuted": (
        "3,139 people were prosecuted for crimes of shipping drugs, guns, ammunition, and "
        "explosives, down 36.3% year on year.",
    )
    * 2,
    "r2-guardianship-orders": ("57,000 guardianship exhortation orders were issued.",) * 2,
    "r2-women-relief": (
        "Judicial relief was provided to 23,000 women who had suffered from criminal or civil "
        "infringement and were unable to obtain effective compensation through litigation and "
        "faced urgent difficulties in their lives.",
    )
    * 2,
    "r2-wage-arrears-prosecuted": (
        "We actively participated in the management of arrears of wages, prosecuted 1,082 "
        "people and recovered 380 million yuan from arrears of wages.",
    )
    * 2,
    # the three-year campaign the SPP deployed in 2023
    "r2-xinfang-by-leaders": (
        "The leading cadres of procuratorates at all levels handled 46,000 cases of xinfang, "
        "1,062 cases of repeated xinfang were investigated and handed over and 1,024 have "
        "already been completed.",
    )
    * 2,
    # "of all levels": the nation's; a procuratorate below the SPP deals with its own
    "r1-duty-transferred": (
        "The nation's procuratorial organs accepted the transfer of 20,000 people involved in "
        "duty crimes from the supervision commissions of all levels, a year-on-year increase of "
        "9.3%; 18,000 people have been prosecuted, including 25 former provincial and "
        "ministerial level cadres.",
        "The nation's procuratorial organs accepted the transfer of 20,000 people involved in "
        "duty crimes from the supervision commissions, a year-on-year increase of 9.3%; 18,000 "
        "people have been prosecuted, including 25 former provincial and ministerial level "
        "cadres.",
    ),
    "r1-money-laundering-prosecuted": (
        "We strengthened cooperation with the supervision commissions and public security "
        "organs at all levels on countering money laundering, prosecuting 2,971 people for "
        "money laundering crimes, a year-on-year increase of 14.9%.",
        "We strengthened cooperation with the supervision commissions and public security "
        "organs on countering money laundering, prosecuting 2,971 people for money laundering "
        "crimes, a year-on-year increase of 14.9%.",
    ),
    # the SPP's listing of major accident cases for supervision
    "r2-production-safety-prosecuted": (
        "We prosecuted 4,750 people for major at-fault accidents, dangerous operations, or "
        "other crimes, and handled 17,000 cases of public interest litigation in this field.",
    )
    * 2,
    # "significantly improved" is the 2023 report's judgement on its own changes: another
    # year's or procuratorate's may go the other way
    "r5-review-days-decrease": (
        "On the quality and efficiency of legal supervision work: as compared with 2022, the "
        "average time of the review for prosecution in individual cases decreased by 4.8 days, "
        "and post-arrest acquittals and waivers of criminal punishment decreased by 24.8%, the "
        "number of criminal compensation cases accepted decreased by 30.5%, the percentage of "
        "procuratorial appeal cases resulting in a change increased by 6.3 points, and the "
        "number of xinfang over dissatisfaction with procuratorate's handling decisions "
        "decreased by 7.9%.",
    )
    * 2,
    # the special action against the telecom network fraud of northern Myanmar, 2023's
    "r1-telecom-fraud-prosecuted": (
        "We punished telecommunications fraud and online gambling in accordance with the law, "
        "prosecuting 51,000 people for telecommunications network fraud crimes, 147,000 people "
        "for assisting information network crimes, and 19,000 people for online gambling "
        "crimes, increases of 66.9%, 13%, and 5.3% year-on-year respectively.",
    )
    * 2,
    # protests lodged by the SPP itself (Filter.units): none below it
    "r3-spp-civil-protests": ("The SPP submitted appeals against 41 example cases.", None),
    # the ten opinions on lawyers' practice rights
    "r4-lawyers-rights-corrected": (
        "We corrected 2,355 cases where law enforcement and judicial personnel infringed on the "
        "lawyers' practice rights, an increase of 32.3% year-on-year.",
    )
    * 2,
}
# Figures no basic procuratorate's cases hold, left out of its report (both languages), and
# the sentences that print them as a basic procuratorate's report prints them. Former
# provincial and ministerial level cadres are tried in first instance by an intermediate court
# or above (CPL art. 21; the SPC designates the court), and a procuratorate prosecutes before
# the court of its own level (Rules art. 328): a prefectural procuratorate or above.
NOT_AT_BASIC = frozenset({"duty.prosecuted.provincial_ministerial"})
BASIC_REPORTS: dict[str, str] = {
    "r1-duty-transferred": "The nation's procuratorial organs accepted the transfer of 20,000 "
    "people involved in duty crimes from the supervision commissions, a year-on-year increase "
    "of 9.3%; 18,000 people have been prosecuted.",
}
# Not-case-data numbers that define a figure (a limitation period, a time limit) and hold every
# year; any other (documents issued, people of an example case) is the 2023 report's own.
DEFINING_UNITS = ("years", "months", "days")


def local_sentence(sentence: str, entries, scope: Scope) -> str | None:
    """The sentence as the report of ``scope`` prints it (before its figures are put in), or
    None where it is left out: a sentence that still prints a number that is not case data
    (the 2023 report's own), or, below the SPP, that tells what the SPP did."""
    if scope.as_printed:
        return sentence
    for e in entries:
        if scope.basic and e.id in BASIC_REPORTS:
            sentence = BASIC_REPORTS[e.id]
            break
        if e.id in OTHER_REPORTS:
            sentence = OTHER_REPORTS[e.id][0 if scope.national else 1]
            if sentence is None:
                return None
            break
    for e in entries:
        if (
            e.kind == report_data.NOT_CASE_DATA
            and e.unit not in DEFINING_UNITS
            and report_data.occurrences(e.text, sentence)
        ):
            return None
    if not scope.national and re.search(r"\bSPP\b", sentence):
        return None
    return sentence


def _display(v: Value) -> Number | None:
    if v.value is None:
        return None
    return to_decimal(v.value) * 100 if is_rate(v.figure) else v.value


def is_rate(fig: Figure) -> bool:
    """A ratio printed in percent (an average of days is a ratio printed in days)."""
    return fig.count == "ratio" and fig.unit != "days"


def _diff(a: Number, b: Number) -> Number:
    if isinstance(a, float) or isinstance(b, float):
        return to_decimal(a) - to_decimal(b)
    return a - b


def days_change(entry, values) -> Number | None:
    """An average of days printed as its change against the year before ("decreased by 4.8
    days"), signed against the direction the sentence states."""
    v = values[entry.figure]
    if v.value is None or v.previous is None:
        return None
    diff = _diff(v.value, v.previous)
    return -diff if entry.change == "down" else diff


def points(entry, values) -> Number | None:
    """A figure printed in percentage points: the gap below another rate (``gap_from``), or
    the change of a rate against the year before (``change: up|down``)."""
    v = values[entry.figure]
    if entry.gap_from is not None:
        other = values[entry.gap_from].value
        return None if other is None or v.value is None else _diff(other, v.value) * 100
    if v.value is None or v.previous is None:
        return None
    diff = _diff(v.value, v.previous) * 100
    return -diff if entry.change == "down" else diff


def times(v: Value) -> Number | None:
    """A count as a multiple of the year before's ("2.7 times higher than that in 2022" read as
    2.7 times the 2022 count)."""
    if v.value is None or not v.previous:
        return None
    if isinstance(v.value, int) and isinstance(v.previous, int):
        return Fraction(v.value, v.previous)
    return to_decimal(v.value) / to_decimal(v.previous)


def signed_change(entry, values) -> Number | None:
    """A change printed as the figure ("decreased by 7.9%", "by 4.8 days", "by 6.3 points"),
    signed in the direction the sentence states: negative where it went the other way."""
    if entry.unit == "percentage-points":
        return points(entry, values)
    if entry.unit == "days":
        return days_change(entry, values)
    c = change(values[entry.figure])
    if c is None:
        return None
    return c * (-100 if entry.change == "down" else 100)


def printed(entry, values) -> str:
    """The entry's figure, printed as the report prints it (a change or a gap signed against
    the sentence's direction: ``english`` turns the direction word instead)."""
    if entry.unit == "percentage-points":
        return print_like(points(entry, values), entry.text)
    if entry.unit == "times":
        return print_like(times(values[entry.figure]), entry.text)
    v = values[entry.figure]
    if entry.change and (
        entry.unit == "days" or (entry.unit == "percent" and not is_rate(v.figure))
    ):
        return print_like(signed_change(entry, values), entry.text)
    return print_like(_display(v), entry.text)


def printed_change(entry, values) -> str | None:
    """The entry's year-on-year change as the report prints it, if the report prints one: the
    number alone ("17.3%") where it goes the report's way, with its direction ("down 4.0%",
    "unchanged") where it does not (``bench`` compares it with the report's text; the English
    sentence turns its own direction words instead)."""
    if not entry.yoy_text or entry.yoy is None:
        return None
    c = change(values[entry.figure])
    if c is None:
        return "—"
    text = _yoy_text(entry, c)
    sign = _sign(text, c)
    if sign == 0 and entry.yoy != 0:
        return "unchanged"
    if sign and (sign < 0) != (entry.yoy < 0):
        return f"{'up' if sign > 0 else 'down'} {text}"
    return text


def _yoy_text(entry, c: Number) -> str:
    """A change's size as the report prints its year-on-year change ("17.3%", "7. 1%"). Where
    the report prints a whole percent ("13%"), its own figure is printed so, any other with one
    decimal, as ``figures`` prints changes: 0.4% is a change, not "no change", and 12.5% is not
    12%."""
    size = abs(to_decimal(c)) * 100
    whole = re.fullmatch(r"(\d+)%", entry.yoy_text.strip())
    # the report's own change: the same to within what one decimal shows
    own = entry.yoy is not None and abs(size - to_decimal(entry.yoy)) < Decimal("0.05")
    if whole and not own:
        return print_like(size, f"{whole.group(1)}.0%")
    return print_like(size, entry.yoy_text)


# --- English sentences -------------------------------------------------------------------------
#
# Each figure is put in where the 2023 report prints it, and so are the words that depend on it:
# the direction of a change (up/down, an increase/a decrease, rose/fell, above/below; unchanged
# or no change where it rounds to nothing), a count's noun and verb (1 person was prosecuted,
# 2,734 cases), the years (the year and the year before) and who handled the cases. Every edit
# is a span of the sentence as written, so one never changes another's text.

Edit = tuple[int, int, str]

FLIP = {"up": "down", "down": "up", "rose": "fell", "fell": "rose", "increased": "decreased",
        "decreased": "increased"}  # fmt: skip
PLURALS = {
    "person": "people", "suspect": "suspects", "case": "cases", "suggestion": "suggestions",
    "hearing": "hearings", "victim": "victims", "woman": "women", "serviceman": "servicemen",
    "order": "orders", "opinion": "opinions", "appeal": "appeals", "lawsuit": "lawsuits",
    "action": "actions", "cadre": "cadres",
}  # fmt: skip
SINGULARS = {plural: one for one, plural in PLURALS.items()}
VERBS = {"were": "was", "have": "has", "are": "is"}
# Words that end a count's noun phrase before its noun: prepositions, relatives, verbs.
STOPS = {
    "who", "whose", "which", "that", "where", "when", "to", "for", "in", "of", "with", "by",
    "from", "on", "at", "as", "were", "was", "are", "is", "have", "has", "had", "having",
    "being",
}  # fmt: skip
TOKEN_RE = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[^\w\s]")
LEAD_RE = re.compile(
    r"(?:\b(?P<adv>up|down) "
    r"|\b(?P<art>an? )?(?P<adj>year-on-year )?(?P<noun>increases?|decreases?) of )$"
)
TRAIL_RE = re.compile(r" (?P<yoy>year on year|year-on-year)(?P<resp> respectively)?")
SEPARATORS = (", and ", ", ", " and ")
NO_CHANGE = "with none the year before to compare"


def _find(needle: str, sentence: str, nth: int, used: set[int], after: int = 0) -> int | None:
    """Where ``needle`` is printed: its ``nth`` time (1-based) if given, else its first time
    after ``after`` not ``used`` (else its first time not used)."""
    found = [i for i in report_data.occurrences(needle, sentence) if i not in used]
    if nth:
        return found[nth - 1] if len(found) >= nth else None
    later = [i for i in found if i >= after]
    return (later or found or [None])[0]


def _sign(text: str, value: Number) -> int:
    return 0 if is_zero(text) else (1 if value > 0 else -1)


def _changed_by(sentence: str, start: int, end: int, entry, value: Number | None) -> list[Edit]:
    """A change printed as the figure after its verb ("rose by 25.2%", "decreased by 4.8
    days", "increased by 6.3 points"): the verb turned where it went the other way,
    "remained unchanged" where it rounds to nothing."""
    verb = re.search(r"\b(rose|fell|increased|decreased) by $", sentence[:start])
    if value is None:  # none the year before: no change to print ("decreased by — days")
        if verb is None:
            return [(start, end, "—")]
        rest = re.match(
            r"(?: percentage points| points| days)?(?: year on year| year-on-year)?", sentence[end:]
        )
        return [(verb.start(), end + rest.end(), "had " + NO_CHANGE.removeprefix("with "))]
    text = print_like(abs(to_decimal(value)), entry.text)
    if verb is None:  # no verb to turn: the signed figure
        return [(start, end, print_like(value, entry.text))]
    sign = _sign(text, value)
    if sign == 0:
        unit = re.match(r" (?:percentage points|points|days)\b", sentence[end:])
        return [(verb.start(), end + (unit.end() if unit else 0), "remained unchanged")]
    if sign < 0:
        return [(verb.start(1), verb.end(1), FLIP[verb.group(1)]), (start, end, text)]
    return [(start, end, text)]


def _gap(sentence: str, start: int, end: int, entry, value: Number | None) -> list[Edit]:
    """A gap between two rates ("towering 36 percentage points above the rate for ..."): below
    where it is negative, "equal to" where it rounds to nothing."""
    after = re.match(r" percentage points (above|below)\b", sentence[end:])
    before = re.search(r"\btowering $", sentence[:start])
    if value is None:  # a rate without cases: no gap ("towering — percentage points above")
        other = re.match(
            r" percentage points (?:above|below) the (?P<rate>rate [^,.;]+)", sentence[end:]
        )
        if before is None or other is None:
            return [(start, end, "—")]
        return [(before.start(), end + other.end(), f"with no {other['rate']} to compare")]
    text = print_like(abs(to_decimal(value)), entry.text)
    sign = _sign(text, value)
    if after is None or sign > 0:
        return [(start, end, text if after else print_like(value, entry.text))]
    first = before.start() if before else start
    last = end + after.end()
    return [(first, last, "equal to" if sign == 0 else f"{text} percentage points below")]


def _times(sentence: str, start: int, end: int, entry, value: Number | None) -> list[Edit]:
    """A count as a multiple of the year before's ("2.7 times higher than that in 2022"):
    "0.8 times that in" below it, "the same as that in" where equal."""
    if value is None:  # none the year before
        after = re.match(r" times higher than that in \d{4}\b", sentence[end:])
        before = re.search(r",? which was $", sentence[:start])
        if after and before:
            return [(before.start(), end + after.end(), ", " + NO_CHANGE)]
        return [(start, end, "—")]
    text = print_like(value, entry.text)
    after = re.match(r" times higher than\b", sentence[end:])
    if after is None or Decimal(text) > 1:
        return [(start, end, text)]
    if value == 1:
        return [(start, end + after.end(), "the same as")]
    return [(start, end + after.end(), f"{text} times")]


def _count_words(sentence: str, start: int, end: int, text: str) -> list[Edit]:
    """A count's noun and verb in its number: "1 person was prosecuted", "1 case", "2,734
    cases" (the report's "2,734 case of"), "There was 1 procuratorial appeal"."""
    one = text == "1"
    if re.search(r"\d and $", sentence[:start]):  # "348 and 580 people": one noun for both
        return []
    edits: list[Edit] = []
    tokens = list(TOKEN_RE.finditer(sentence, end))
    noun = None
    for i, tok in enumerate(tokens[:7]):
        word = tok.group()
        if word in SINGULARS or word in PLURALS:
            noun = i
            break
        if not word[0].isalpha() or word.lower() in STOPS:
            break
    if noun is None:  # "and 1,024 have already been completed"
        if one and tokens and tokens[0].group() in VERBS:
            edits.append((tokens[0].start(), tokens[0].end(), VERBS[tokens[0].group()]))
        return edits
    word = tokens[noun]
    if re.match(r", [a-z ]+, and ", sentence[word.end() :]):  # "servicemen, military families,
        return edits  # and veterans": the count is of the list
    if one and word.group() in SINGULARS:
        edits.append((word.start(), word.end(), SINGULARS[word.group()]))
        rest = tokens[noun + 1 : noun + 3]  # "appeals or suggestions"
        if len(rest) == 2 and rest[0].group() == "or" and rest[1].group() in SINGULARS:
            edits.append((rest[1].start(), rest[1].end(), SINGULARS[rest[1].group()]))
    elif not one and noun == 0 and word.group() in PLURALS:
        edits.append((word.start(), word.end(), PLURALS[word.group()]))
    if not one:
        return edits
    there = re.search(r"\bThere (were) $", sentence[:start])
    if there:
        edits.append((there.start(1), there.end(1), "was"))
    relative = False  # in "who ...": every verb of the clause is the count's
    for tok in tokens[noun + 1 :]:
        word = tok.group()
        if word in VERBS:
            edits.append((tok.start(), tok.end(), VERBS[word]))
            if not relative:
                break
        elif word == "who":
            relative = True
        elif not word[0].isalpha() or word in ("whose", "which", "that", "where", "when"):
            break
    return edits


def _yoy_items(items, lead: re.Match, trail: re.Match | None) -> str:
    """The year-on-year changes of a list ("up 47.1% and 17.3%"), from its direction word."""
    texts, signs, separators = zip(*items, strict=True)
    known = {s for s in signs}
    if known == {0}:
        phrase = (
            "unchanged"
            if lead["adv"]
            else ("no year-on-year change" if lead["adj"] else "no change")
        )
        return phrase + (f" {trail['yoy']}" if trail and not lead["adj"] else "")
    uniform = len(known) == 1 and None not in known

    def one(text, sign, plural=False):
        if sign is None:  # none the year before, beside changes that are known
            return "not comparable"
        if lead["adv"]:
            return "unchanged" if sign == 0 else f"{'up' if sign > 0 else 'down'} {text}"
        if sign == 0:
            return "no change"
        noun = "increase" if sign > 0 else "decrease"
        if plural:
            return f"{noun}s of {text}"
        adj = lead["adj"] or ""
        article = "a " if adj or sign < 0 else "an "
        return f"{article}{adj}{noun} of {text}"

    if uniform:
        (sign,) = known
        head = one(texts[0], sign, plural=len(texts) > 1)
        return head + "".join(
            sep + text for sep, text in zip(separators[1:], texts[1:], strict=True)
        )
    return "".join(
        (sep if i else "") + one(text, sign) for i, (text, sign, sep) in enumerate(items)
    )


def _yoy_edits(sentence: str, found: list[tuple[int, int, Number | None, str]]) -> list[Edit]:
    """The year-on-year changes of a sentence, a list at a time: each list ("up 47.1% and
    17.3% year on year respectively", "increases of 22.5% and 12.6%", "a year-on-year increase
    of 9.3%") with its direction word(s) following the signs of its changes."""
    edits: list[Edit] = []
    found = sorted(found)
    groups: list[list] = []
    for item in found:
        if groups and sentence[groups[-1][-1][1] : item[0]] in SEPARATORS:
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        start, end = group[0][0], group[-1][1]
        lead = LEAD_RE.search(sentence[:start])
        items = []
        for i, (s, _e, value, text) in enumerate(group):
            sign = None if value is None else _sign(text, value)
            items.append((text, sign, sentence[group[i - 1][1] : s] if i else ""))
        trail = TRAIL_RE.match(sentence, end)
        if lead is not None and all(sign is None for _t, sign, _s in items):
            # none the year before: no change to print ("a year-on-year increase of —")
            edits.append((lead.start(), trail.end() if trail else end, NO_CHANGE))
            continue
        if lead is None or all(sign is None for _t, sign, _s in items):
            edits += [(s, e, text) for s, e, _v, text in group]
            continue
        replacement = _yoy_items(items, lead, trail)
        if {sign for _t, sign, _s in items} == {0} and trail:
            end = trail.end()  # "unchanged year on year": no "respectively" for one word
        edits.append((lead.start(), end, replacement))
    return edits


def english(sentence: str, entries, values: dict[str, Value], scope: Scope) -> str:
    """The sentence with the computed figures of its entries and the words that go with them."""
    edits: list[Edit] = []
    used: set[int] = set()
    yoys: list[tuple[int, int, Number | None, str]] = []
    used_yoy: set[int] = set()
    own = sentence == entries[0].sentence
    for entry in entries:
        start = _find(entry.text, sentence, entry.occurrence if own else 0, used)
        if start is None:
            continue
        used.add(start)
        end = start + len(entry.text)
        v = values[entry.figure]
        if entry.gap_from is not None:
            edits += _gap(sentence, start, end, entry, points(entry, values))
        elif entry.unit == "times":
            edits += _times(sentence, start, end, entry, times(v))
        elif entry.change and (
            entry.unit in ("days", "percentage-points") or not is_rate(v.figure)
        ):
            edits += _changed_by(sentence, start, end, entry, signed_change(entry, values))
        else:
            text = printed(entry, values)
            edits.append((start, end, text))
            if entry.unit in report_data.COUNT_UNITS and not is_rate(v.figure):
                edits += _count_words(sentence, start, end, text)
        if entry.yoy_text and entry.yoy is not None:
            at = _find(entry.yoy_text, sentence, 0, used_yoy | used, after=end)
            if at is not None:
                used_yoy.add(at)
                c = change(v)
                text = "—" if c is None else _yoy_text(entry, c)
                yoys.append((at, at + len(entry.yoy_text), c, text))
    edits += _yoy_edits(sentence, yoys)
    edits += _scope_edits(sentence, scope, edits)
    return _apply(sentence, edits)


def _scope_edits(sentence: str, scope: Scope, edits: list[Edit]) -> list[Edit]:
    """The years (the 2023 report's year and the year before, as the report's year and the
    year before) and who handled the cases."""
    taken = [(s, e) for s, e, _t in edits]
    out: list[Edit] = []
    base = report_data.report().year
    for offset in (0, 1):
        for m in re.finditer(rf"\b{base - offset}\b", sentence):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                out.append((m.start(), m.end(), str(scope.year - offset)))
    if not scope.national:
        pattern = r"\b(?:([Tt])he nation['’]s procuratorial organs|procuratorates at all levels)"
        for m in re.finditer(pattern, sentence):
            subject = scope.subject
            if m.start() == 0 or m.group(1) == "T":
                subject = subject[0].upper() + subject[1:]
            out.append((m.start(), m.end(), subject))
    return out


def _apply(sentence: str, edits: list[Edit]) -> str:
    out, last = [], len(sentence)
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last:  # overlaps an edit already made: keep that one
            continue
        out.append(text + sentence[end:last])
        last = start
    return sentence[:last] + "".join(reversed(out))


def sentences() -> dict[tuple[str, str], list]:
    """The report's entries by section and sentence, in the report's order."""
    out: dict[tuple[str, str], list] = {}
    for e in report_data.entries():
        out.setdefault((e.section, e.sentence), []).append(e)
    return out


def build(
    values: dict[str, Value], lang: str, year: int | None = None, unit=None, whole: bool = True
) -> dict[str, list[Paragraph]]:
    """Paragraphs per section: in English the report's sentences with computed figures; in
    Chinese one line per figure. ``year`` and ``unit`` (a Procuratorate; default: the 2023
    report's year, the SPP) give the report's years and subject and what it leaves out;
    ``whole`` is False where the ledger holds a part of the nation's flow (``whole_flow``),
    whose report leaves out what the 2023 report tells beyond its figures, as another year's
    does."""
    values = exact(values)
    scope = Scope.of(year, unit, whole)
    # the report's opening sentence ("intro") comes before section I, as in the report
    sections: dict[str, list[Paragraph]] = {s: [] for s in (INTRO, *ROMAN)}
    shown: list[tuple[str, str]] = []  # (section, figure id) in order
    for (section, sentence), group in sentences().items():
        figures = [
            e
            for e in group
            if e.figure and e.figure in values and not (scope.basic and e.figure in NOT_AT_BASIC)
        ]
        if not figures:
            continue
        text = local_sentence(sentence, group, scope)
        if text is None:
            continue
        shown += [(section, e.figure) for e in figures]
        if lang == "en":
            sections[section].append(
                Paragraph(
                    english(text, figures, values, scope),
                    [(values[e.figure].figure, values[e.figure]) for e in figures],
                )
            )
    if lang == "en":
        return sections
    seen = set()  # a figure the report prints in two sections has its line in each
    for section, fid in shown:
        if (section, fid) in seen:
            continue
        seen.add((section, fid))
        v = values[fid]
        sections[section].append(Paragraph(zh_line(v), [(v.figure, v)]))
    return sections


def zh_line(v: Value) -> str:
    """A figure as a Chinese line: 批准和决定逮捕人数72.6万人，同比上升47.1%。, with 同比下降 /
    同比持平 following its change (增加/减少 for an average of days)."""
    fig = v.figure
    if fig.count == "ratio" and fig.unit == "days":
        value = "—" if v.value is None else f"{fixed(v.value, 1)}天"
        change = ""
        if v.value is not None:
            change = NO_PREVIOUS_ZH if v.previous is None else "，同比" + change_text(v, "zh")
        return f"{fig.zh}{value}{change}。"
    if fig.count == "ratio":
        value = "—" if v.value is None else percent(v.value)
        line = f"{fig.zh}为{value}"
        if v.value is not None:
            change = change_text(v, "zh")
            line += NO_PREVIOUS_ZH if change == "—" else f"，同比{change}"
        return line + "。"
    line = f"{fig.zh}{zh_number(v.value, ZH_UNITS.get(fig.unit, ''))}"
    change = format_change(v, "zh")
    line += NO_PREVIOUS_ZH if change == "—" else "，" + change
    return line + "。"


#: A Chinese line's change where the year before had no value to compare with.
NO_PREVIOUS_ZH = "，上年无可比数据"


def title(unit_name: str, year: int, lang: str) -> str:
    if lang == "zh":
        return f"{unit_name}{year}年工作报告（数据部分）"
    name = re.sub(r"^(?i:the )", "", unit_name.strip())
    return f"Work report of the {name}, {year}: a review of our work (figures)"


def to_markdown(doc_title: str, sections, lang: str) -> str:
    lines = [f"# {doc_title}", ""]
    for p in sections.get(INTRO, ()):
        lines += [p.text, ""]
    for roman in ROMAN:
        lines += [f"## {section_heading(roman, lang)}", ""]
        paragraphs = sections[roman]
        if not paragraphs:
            lines += ["—" if lang == "en" else "（暂无可计算的数据）", ""]
        for p in paragraphs:
            lines += [p.text, ""]
    return "\n".join(lines)


def to_html(doc_title: str, sections, lang: str) -> str:
    body = [f"<h1>{html.escape(doc_title)}</h1>"]
    body += [f"<p>{html.escape(p.text)}</p>" for p in sections.get(INTRO, ())]
    for roman in ROMAN:
        body.append(f"<h2>{html.escape(section_heading(roman, lang))}</h2>")
        for p in sections[roman]:
            body.append(f"<p>{html.escape(p.text)}</p>")
    lang_attr = "zh-Hans" if lang == "zh" else "en"
    return (
        f'<!doctype html>\n<html lang="{lang_attr}"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc_title)}</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def to_docx(doc_title: str, sections, lang: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(doc_title, level=0)
    _docx_block(document, sections.get(INTRO, ()), lang)
    for roman in ROMAN:
        document.add_heading(section_heading(roman, lang), level=1)
        _docx_block(document, sections[roman], lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_block(document, paragraphs, lang: str) -> None:
    """Paragraphs, then a table of their figures (figure, value, change)."""
    rows, listed = [], set()
    for p in paragraphs:
        document.add_paragraph(p.text)
        for fig, v in p.figures:  # a figure in two sentences of a section: one row
            if fig.id not in listed:
                listed.add(fig.id)
                rows.append((fig, v))
    if not rows:
        return
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    head = ("Figure", "Value", "Change") if lang == "en" else ("指标", "数值", "同比")
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for fig, v in rows:
        cells = table.add_row().cells
        cells[0].text = fig.en if lang == "en" else fig.zh
        cells[1].text = value_text(v, lang)
        cells[2].text = change_text(v, lang)
