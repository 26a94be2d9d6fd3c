"""The work report, written from the figure registry for a year and a procuratorate.

It follows the structure of the review part of the SPP's 2023 report (sections I-V). In
English, each figure the registry computes is printed in the sentence where the 2023 report
prints it, in the report's own number style (``726,000``, ``4.253 million``, ``79.9%``, "up
17.3% year on year"): the report's figures data (``data/report-2023.yaml``) gives the sentence,
the printed text and its style. In Chinese, each figure is a line with the 万/亿 conventions
(``426.3万件``). Formats: Markdown, HTML, Word (.docx).
"""

from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass

from . import report_data
from .cube import Value
from .formatting import percent
from .registry import Figure

SECTIONS = {
    "I": ("Serving the overall situation and fully performing the procuratorial functions to "
          "maintain stability and promote development",
          "服务大局，充分履行检察职能，维护稳定、促进发展"),
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


# --- numbers as the report prints them ---------------------------------------------------------


def _decimals(text: str) -> int:
    m = re.search(r"\d+\.(\d+)", text)
    return len(m.group(1)) if m else 0


def print_like(value: float | None, template: str) -> str:
    """``value`` in the style of the report's printed ``template``: "726,000" (rounded to the
    thousand), "9,428" (exact), "4.253 million", "79.9%", "more than 90%"."""
    if value is None:
        return "—"
    text = template.strip()
    if re.fullmatch(r"\d+\. \d+%", text):  # the report's own typo "7. 1%": printed alike
        return print_like(value, text.replace(". ", ".")).replace(".", ". ", 1)
    more_than = text.startswith("more than ")
    core = text.removeprefix("more than ")
    if core.endswith(" percent"):  # the report writes "36.2 percent" as well as "36.2%"
        return print_like(value, text.removesuffix(" percent") + "%")[:-1] + " percent"
    if core.endswith("%"):
        if more_than:
            step = 10 if re.fullmatch(r"\d*0", core[:-1]) else 1
            floor = math.floor(value / step) * step
            if floor < value:
                return f"more than {floor:.0f}%"
        return f"{value:.{_decimals(core)}f}%"
    for word, scale in ((" billion", 1e9), (" million", 1e6)):
        if core.endswith(word) and abs(value) >= scale:
            return f"{value / scale:.{_decimals(core)}f}{word}"
    if "." in core and not core.endswith(("million", "billion")):
        return f"{value:.{_decimals(core)}f}"
    # The report rounds large counts to the thousand (726,000); small ones are exact (9,428).
    if core.endswith(",000") and abs(value) >= 10_000:
        return f"{round(value / 1000) * 1000:,.0f}"
    return f"{value:,.0f}"


def zh_number(value: float | None, unit: str = "") -> str:
    """Chinese style: 亿 and 万 with one decimal place (426.3万件), plain below 10,000."""
    if value is None:
        return "—"
    for word, scale in (("亿", 1e8), ("万", 1e4)):
        if abs(value) >= scale:
            text = f"{value / scale:.1f}".removesuffix(".0")
            return f"{text}{word}{unit}"
    return f"{value:,.0f}{unit}" if value == int(value) else f"{value:.1f}{unit}"


# --- the document ------------------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    figures: list[tuple[Figure, Value]]


def _display(v: Value) -> float | None:
    if v.value is None:
        return None
    return v.value * 100 if is_rate(v.figure) else v.value


def is_rate(fig: Figure) -> bool:
    """A ratio printed in percent (an average of days is a ratio printed in days)."""
    return fig.count == "ratio" and fig.unit != "days"


def days_change(entry, values) -> float | None:
    """An average of days printed as its change against the year before ("decreased by 4.8
    days"), signed against the direction the sentence states."""
    v = values[entry.figure]
    if v.value is None or v.previous is None:
        return None
    diff = v.value - v.previous
    return -diff if entry.change == "down" else diff


def points(entry, values) -> float | None:
    """A figure printed in percentage points: the gap below another rate (``gap_from``), or
    the change of a rate against the year before (``change: up|down``)."""
    v = values[entry.figure]
    if entry.gap_from is not None:
        other = values[entry.gap_from].value
        return None if other is None or v.value is None else (other - v.value) * 100
    if v.value is None or v.previous is None:
        return None
    diff = (v.value - v.previous) * 100
    return -diff if entry.change == "down" else diff


def times(v: Value) -> float | None:
    """A count as a multiple of the year before's ("2.7 times higher than that in 2022" read as
    2.7 times the 2022 count)."""
    if v.value is None or not v.previous:
        return None
    return v.value / v.previous


def printed(entry, values) -> str:
    """The entry's figure, printed as the report prints it."""
    if entry.unit == "percentage-points":
        return print_like(points(entry, values), entry.text)
    if entry.unit == "times":
        return print_like(times(values[entry.figure]), entry.text)
    if entry.unit == "days" and entry.change:
        return print_like(days_change(entry, values), entry.text)
    v = values[entry.figure]
    if entry.unit == "percent" and entry.change and v.figure.count != "ratio":
        # a count's change printed as the change ("decreased by 7.9%"): signed against the
        # direction the sentence states
        if v.change is None:
            return "—"
        return print_like(v.change * (-100 if entry.change == "down" else 100), entry.text)
    return print_like(_display(values[entry.figure]), entry.text)


def printed_change(entry, values) -> str | None:
    """The entry's year-on-year change as the report prints it, if the report prints one."""
    if not entry.yoy_text or entry.yoy is None:
        return None
    change = values[entry.figure].change
    if change is None:
        return "—"
    if (change < 0) != (entry.yoy < 0):
        return f"{'down' if change < 0 else 'up'} {abs(change * 100):.1f}%"
    return print_like(abs(change) * 100, entry.yoy_text)


def _english_sentence(sentence: str, entries, values) -> str:
    out = sentence
    for entry in entries:
        out = _replace_once(out, entry.text, printed(entry, values))
        change = printed_change(entry, values)
        if change is not None:
            out = _replace_once(out, entry.yoy_text, change)
    return out


def _replace_once(text: str, old: str, new: str) -> str:
    i = text.find(old)
    return text if i < 0 else text[:i] + new + text[i + len(old) :]


def build(values: dict[str, Value], lang: str) -> dict[str, list[Paragraph]]:
    """Paragraphs per section: in English the report's sentences with computed figures; in
    Chinese one line per figure."""
    entries = [e for e in report_data.entries() if e.figure and e.figure in values]
    sections: dict[str, list[Paragraph]] = {s: [] for s in ROMAN}
    if lang == "en":
        by_sentence: dict[tuple[str, str], list] = {}
        for e in entries:
            key = ("I" if e.section == "intro" else e.section, e.sentence)
            by_sentence.setdefault(key, []).append(e)
        for (section, sentence), group in by_sentence.items():
            text = _english_sentence(sentence, group, values)
            sections[section].append(
                Paragraph(text, [(values[e.figure].figure, values[e.figure]) for e in group])
            )
        return sections
    seen = set()
    for e in entries:
        if e.figure in seen:
            continue
        seen.add(e.figure)
        v = values[e.figure]
        section = "I" if e.section == "intro" else e.section
        sections[section].append(Paragraph(zh_line(v), [(v.figure, v)]))
    return sections


def zh_line(v: Value) -> str:
    fig = v.figure
    if fig.count == "ratio" and fig.unit == "days":
        value = "—" if v.value is None else f"{v.value:.1f}天"
        change = ""
        if v.value is not None and v.previous is not None:
            diff = v.value - v.previous
            change = (
                "，同比持平"
                if f"{abs(diff):.1f}" == "0.0"
                else f"，同比{'增加' if diff > 0 else '减少'}{abs(diff):.1f}天"
            )
        return f"{fig.zh}{value}{change}。"
    if fig.count == "ratio":
        value = "—" if v.value is None else percent(v.value)
        return f"{fig.zh}为{value}。"
    unit = {"persons": "人", "cases": "件", "events": "次", "yuan": "元", "days": "天"}.get(
        fig.unit, ""
    )
    line = f"{fig.zh}{zh_number(v.value, unit)}"
    if v.change is not None and f"{abs(v.change) * 100:.1f}" == "0.0":
        line += "，同比持平"
    elif v.change is not None:
        line += f"，同比{'上升' if v.change >= 0 else '下降'}{abs(v.change) * 100:.1f}%"
    return line + "。"


def title(unit_name: str, year: int, lang: str) -> str:
    if lang == "zh":
        return f"{unit_name}{year}年工作报告（数据部分）"
    return f"Work report of {unit_name}, {year}: a review of our work (figures)"


def to_markdown(doc_title: str, sections, lang: str) -> str:
    lines = [f"# {doc_title}", ""]
    for roman in ROMAN:
        heading = SECTIONS[roman][0 if lang == "en" else 1]
        lines += [f"## {roman}. {heading}", ""]
        paragraphs = sections[roman]
        if not paragraphs:
            lines += ["—" if lang == "en" else "（暂无可计算的数据）", ""]
        for p in paragraphs:
            lines += [p.text, ""]
    return "\n".join(lines)


def to_html(doc_title: str, sections, lang: str) -> str:
    body = [f"<h1>{html.escape(doc_title)}</h1>"]
    for roman in ROMAN:
        heading = SECTIONS[roman][0 if lang == "en" else 1]
        body.append(f"<h2>{roman}. {html.escape(heading)}</h2>")
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
    for roman in ROMAN:
        heading = SECTIONS[roman][0 if lang == "en" else 1]
        document.add_heading(f"{roman}. {heading}", level=1)
        rows = []
        for p in sections[roman]:
            document.add_paragraph(p.text)
            rows += p.figures
        if rows:
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            head = ("Figure", "Value", "Change") if lang == "en" else ("指标", "数值", "同比")
            for cell, text in zip(table.rows[0].cells, head, strict=True):
                cell.text = text
            for fig, v in rows:
                cells = table.add_row().cells
                cells[0].text = fig.en if lang == "en" else fig.zh
                if fig.count == "ratio" and fig.unit == "days":
                    cells[1].text = "—" if v.value is None else f"{v.value:.1f}"
                elif fig.count == "ratio":
                    cells[1].text = "—" if v.value is None else f"{v.value * 100:.1f}%"
                else:
                    cells[1].text = f"{v.value:,}" if v.value is not None else "—"
                cells[2].text = "" if v.change is None else f"{v.change * 100:+.1f}%"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
