"""Deadlines: a rule of the catalogue applied to a start date, explained in Chinese and English.

Counting (see ``periods`` and ``schedule``):

1. The start day is not counted (CPL art. 105; CivPL art. 85).
2. Days are added; months follow SPC CPL Interpretation art. 202 (criminal) or Civil Code
   art. 202 (other periods); "1 month + 15 days" adds the month, then the days.
3. Extensions and suspended days (``Deadline.extended``, ``Deadline.suspended``) move this
   last day ("raw end").
4. Holiday rule, applied once, at the end: if the raw end is not a working day, the period ends
   on the first working day after it, unless the person is in custody in a criminal-procedure
   period (CPL art. 105: never extended because of a holiday).

``compute`` builds a ``Deadline`` (with its explanation built lazily); ``due_date`` is the
fast path that returns the due date only (nightly recomputation, the benchmark).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date

from procuracy.law.catalogue import Article, Rule, catalogue
from procuracy.law.errors import (
    CustodyNotApplicable,
    DateOutOfRange,
    InvalidPeriod,
    LawError,
    ScheduleMissing,
)
from procuracy.law.periods import Period, add_months_ordinal, within_range
from procuracy.law.schedule import (
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    WorkCalendar,
    default_calendar,
    holiday_name,
)

#: Default bases of the adjustments.
SUSPENSION_BASIS = "CPL art. 149"  # psychiatric assessment not counted in the period
RESTART_BASIS = "CPL art. 175"  # review for prosecution recounted after supplementary investigation


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An extension (``period``) or a suspension (``suspended_from`` .. ``suspended_to``,
    both days excluded from the period), with its legal basis."""

    kind: str  # "extension" | "suspension"
    basis: str
    period: Period | None = None
    suspended_from: date | None = None
    suspended_to: date | None = None

    @property
    def suspended_days(self) -> int:
        if self.kind != "suspension":
            return 0
        return (self.suspended_to - self.suspended_from).days + 1  # type: ignore[operator]


@dataclass(frozen=True, slots=True)
class Restart:
    previous_start: date
    basis: str


def _resolve(rule: Rule, custody: bool | None, months: int | None) -> tuple[bool, Period]:
    if custody is None:
        custody = rule.custody_default if rule.custody_applies else False
    elif custody and not rule.custody_applies:
        raise CustodyNotApplicable(
            f"the custody exception cannot apply to {rule.id}: {rule.why_no_custody()}",
            zh=f"期限{rule.id}不适用在押期间不因节假日延长的规定（《刑事诉讼法》第一百零五条第四款）",
        )
    period = rule.period
    if period.given:
        if months is None:
            low, high = period.given_range  # type: ignore[misc]
            raise InvalidPeriod(
                f"{rule.id} needs its length in months ({low} to {high})",
                zh=f"期限{rule.id}需要填写期间的月数（{low}至{high}个月）",
            )
        period = period.with_months(int(months))
    elif months is not None:
        raise InvalidPeriod(
            f"{rule.id} has a fixed period of {period.text()}: it takes no number of months",
            zh=f"期限{rule.id}的期间固定为{period.text('zh')}，不填写月数",
        )
    return bool(custody), period


def _apply_period(period: Period, s: int, last_day_rule: bool, cal: WorkCalendar) -> int:
    if period.working_days:
        return cal.nth_working_day_after_ordinal(s, period.working_days)
    end = add_months_ordinal(s, period.months, last_day_rule) if period.months else s
    return within_range(end + period.days, s)


def _roll(raw: int, custody: bool, cal: WorkCalendar) -> int:
    return raw if custody else cal.next_working_day_ordinal(raw)


def due_date(
    rule_id: str,
    start: date,
    *,
    custody: bool | None = None,
    months: int | None = None,
    calendar: WorkCalendar | None = None,
) -> date:
    """The due date only: same rules and errors as ``compute``, no explanation object."""
    rule = catalogue().get(rule_id, start)
    cal = calendar or default_calendar()
    if custody is None and months is None:
        custody = rule.custody_default and rule.custody_applies
        period = rule.period
    else:
        custody, period = _resolve(rule, custody, months)
    s = start.toordinal()
    if period.working_days:
        raw = cal.nth_working_day_after_ordinal(s, period.working_days)
    else:
        if period.given:
            raise InvalidPeriod(
                f"{rule.id} needs its length in months", zh=f"期限{rule.id}需要填写期间的月数"
            )
        raw = add_months_ordinal(s, period.months, rule.last_day_rule) if period.months else s
        raw = within_range(raw + period.days, start)
        if custody:
            return date.fromordinal(raw)
    return date.fromordinal(cal.next_working_day_ordinal(raw))


def compute(
    rule_id: str,
    start: date,
    *,
    custody: bool | None = None,
    months: int | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Apply rule ``rule_id`` of the catalogue to ``start`` (the day of the triggering event,
    not counted). ``custody`` None takes the rule's default; ``months`` is the length of a
    given period (e.g. 6 to 12 for conditional-non-prosecution-probation). Raises a
    ``LawError``: ``UnknownRule``, ``RuleNotInForce``, ``CustodyNotApplicable``,
    ``InvalidPeriod``, ``ScheduleMissing``."""
    if not isinstance(start, date):
        raise LawError(f"start must be a date, not {start!r}")
    rule = catalogue().get(rule_id, start)
    custody_, period = _resolve(rule, custody, months)
    return Deadline._build(rule, start, custody_, period, calendar or default_calendar())


@dataclass(frozen=True)
class Deadline:
    """A computed deadline. ``raw_end`` is the period's last day before the holiday rule,
    ``due`` the day the period ends. Immutable: recompute with ``restarted``, ``extended``,
    ``suspended``."""

    rule: Rule
    start: date
    custody: bool
    period: Period
    base_end: date  # last day of the period itself, before extensions and suspensions
    raw_end: date
    due: date
    adjustments: tuple[Adjustment, ...] = ()
    restarts: tuple[Restart, ...] = ()
    calendar: WorkCalendar = field(default_factory=default_calendar, repr=False, compare=False)

    @classmethod
    def _build(
        cls,
        rule: Rule,
        start: date,
        custody: bool,
        period: Period,
        cal: WorkCalendar,
        adjustments: tuple[Adjustment, ...] = (),
        restarts: tuple[Restart, ...] = (),
    ) -> Deadline:
        try:
            base = raw = _apply_period(period, start.toordinal(), rule.last_day_rule, cal)
            for adj in adjustments:
                if adj.kind == "extension":
                    raw = _apply_period(adj.period, raw, rule.last_day_rule, cal)  # type: ignore[arg-type]
                else:
                    raw = within_range(raw + adj.suspended_days)
        except DateOutOfRange:
            raise DateOutOfRange(start) from None  # named by the deadline's own start
        due = _roll(raw, custody, cal)
        return cls(
            rule, start, custody, period, date.fromordinal(base), date.fromordinal(raw),
            date.fromordinal(due), adjustments, restarts, cal,
        )  # fmt: skip

    # --- facts ------------------------------------------------------------------------------
    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def rolled_over(self) -> bool:
        return self.due != self.raw_end

    @property
    def provisional_years(self) -> tuple[int, ...]:
        """The years between the start and the due date that the calendar only stands in
        for (``WorkCalendar.assuming``): while there are any, the due date is provisional. A
        custody period in days or months never asks the calendar (CPL art. 105 ¶4): exact."""
        assumed = self.calendar.provisional_years
        if not assumed or (
            self.custody
            and not self.period.working_days
            and not any(a.period is not None and a.period.working_days for a in self.adjustments)
        ):
            return ()
        return tuple(y for y in range(self.start.year, self.due.year + 1) if y in assumed)

    @property
    def skipped(self) -> tuple[date, ...]:
        """The rest days the holiday rule skipped (raw end up to the day before the due date)."""
        n = (self.due - self.raw_end).days
        return tuple(date.fromordinal(self.raw_end.toordinal() + k) for k in range(n))

    @property
    def basis(self) -> tuple[Article, ...]:
        """The articles that set the period."""
        return self.rule.basis

    @property
    def counting_basis(self) -> tuple[Article, ...]:
        """The articles that say how it is counted (start day, months, holidays)."""
        proc = self.rule.procedure
        months = self.period.months or any(
            a.period is not None and a.period.months for a in self.adjustments
        )
        return proc.holiday_rule + (proc.month_basis if months else ())

    # --- recomputation ----------------------------------------------------------------------
    def restarted(self, new_start: date, *, basis: str = RESTART_BASIS) -> Deadline:
        """The same period counted again from ``new_start``, e.g. the review for prosecution
        after resubmission following supplementary investigation (CPL art. 175; Rules art.
        346), a change of jurisdiction (Rules art. 351) or a newly found major crime (CPL
        art. 160). Extensions and suspensions of the old count are dropped."""
        if new_start < self.start:
            raise LawError(f"a restart ({new_start}) cannot be before the start ({self.start})")
        rule = (
            self.rule
            if self.rule.in_force_on(new_start)
            else catalogue().get(self.rule.id, new_start)
        )
        return Deadline._build(
            rule, new_start, self.custody, self.period, self.calendar, (),
            (*self.restarts, Restart(self.start, basis)),
        )  # fmt: skip

    def extended(self, period: str | Period, *, basis: str) -> Deadline:
        """The period extended by ``period`` (e.g. "15 days", CPL art. 172; "1 month",
        CPL art. 156), counted from the end of the current period before any roll-over; the
        holiday rule is applied once, at the new end."""
        if isinstance(period, str):
            period = Period.parse(period)
        if period.given:
            raise InvalidPeriod("an extension needs a fixed length")
        adj = Adjustment("extension", basis, period=period)
        return self._with(adj)

    def suspended(
        self, from_date: date, to_date: date, *, basis: str = SUSPENSION_BASIS
    ) -> Deadline:
        """The days ``from_date`` to ``to_date`` (both included) are not counted in the
        period, which ends that many days later: e.g. a psychiatric assessment (CPL art. 149;
        Rules art. 222) or the decision on coercive measures in a supervision-commission case
        (CPL art. 170). The suspension must begin after the start and no later than the
        current last day of the period, and not overlap another suspension."""
        if to_date < from_date:
            raise LawError(f"a suspension cannot end ({to_date}) before it begins ({from_date})")
        if not self.start < from_date <= self.raw_end:
            raise LawError(
                f"a suspension must begin after the start {self.start} and no later than the "
                f"last day of the period {self.raw_end}, not on {from_date}"
            )
        for adj in self.adjustments:
            if adj.kind == "suspension" and not (
                to_date < adj.suspended_from or from_date > adj.suspended_to
            ):
                raise LawError(
                    f"the suspension {from_date}..{to_date} overlaps the suspension "
                    f"{adj.suspended_from}..{adj.suspended_to}"
                )
        return self._with(Adjustment("suspension", basis, None, from_date, to_date))

    def _with(self, adj: Adjustment) -> Deadline:
        return Deadline._build(
            self.rule, self.start, self.custody, self.period, self.calendar,
            (*self.adjustments, adj), self.restarts,
        )  # fmt: skip

    def with_calendar(self, calendar: WorkCalendar) -> Deadline:
        """The same deadline under another calendar (e.g. after a year was imported)."""
        return replace(self, calendar=calendar)._rebuilt()

    def _rebuilt(self) -> Deadline:
        return Deadline._build(
            self.rule, self.start, self.custody, self.period, self.calendar,
            self.adjustments, self.restarts,
        )  # fmt: skip

    # --- explanation ------------------------------------------------------------------------
    def explanation(self, lang: str = "zh") -> str:
        """Rule, start, period, last day before roll-over, holidays skipped, due date,
        articles: one paragraph per line, in Chinese (``zh``) or English (``en``)."""
        return _explain(self, lang)

    def as_dict(self) -> dict:
        """The JSON contract of ``procuracy deadline --json`` (docs/law.md)."""
        return {
            "rule": self.rule.id,
            "name": {"zh": self.rule.zh, "en": self.rule.en},
            "from": self.start.isoformat(),
            "period": self.period.text("en"),
            "period_zh": self.period.text("zh"),
            "custody": self.custody,
            "raw_end": self.raw_end.isoformat(),
            "due": self.due.isoformat(),
            "rolled_over": self.rolled_over,
            "skipped": [d.isoformat() for d in self.skipped],
            "basis": [a.text("en") for a in self.basis],
            "basis_zh": [a.text("zh") for a in self.basis],
            "counting_basis": [a.text("en") for a in self.counting_basis],
            "adjustments": [
                {
                    "kind": a.kind,
                    "basis": a.basis,
                    **({"period": a.period.text("en")} if a.period else {}),
                    **(
                        {
                            "from": a.suspended_from.isoformat(),
                            "to": a.suspended_to.isoformat(),
                            "days": a.suspended_days,
                        }
                        if a.kind == "suspension"
                        else {}
                    ),
                }
                for a in self.adjustments
            ],
            "restarted_from": [r.previous_start.isoformat() for r in self.restarts],
            "explanation": {"zh": self.explanation("zh"), "en": self.explanation("en")},
        }


# --- explanation text ---------------------------------------------------------------------------


def cite(text: str, lang: str) -> str:
    """A legal basis such as "CPL art. 81" in the language asked ("zh": 《刑事诉讼法》第八十一条),
    or unchanged where it cannot be read."""
    return _cite(text, lang)


#: "LAW art. 276-1 ¶2(3)" (an article, 之一, a paragraph, an item) or "LAW arts. 5-6".
_CITATION = re.compile(
    r"(?P<law>.+?) (?:art\. (?P<num>\d+)(?:-(?P<sub>\d+))?(?: ¶(?P<para>\d+))?"
    r"(?:\((?P<item>\d+)\))?|arts\. (?P<first>\d+)-(?P<last>\d+))"
)


@functools.cache
def _cite(text: str, lang: str) -> str:
    """A free-text basis such as "CPL art. 149" in the language asked, if it can be read:
    paragraphs (¶2: 第二款), items ((3): 第三项), 之一 articles (276-1) and ranges too."""
    from procuracy.law.catalogue import _articles, chinese_number

    if lang != "zh":
        return text
    try:
        return "、".join(a.text("zh") for a in _articles(text, catalogue().laws, ""))
    except InvalidPeriod:
        pass
    m = _CITATION.fullmatch(text.strip())
    law = catalogue().laws.get(m["law"]) if m else None
    if law is None:
        return text
    if m["first"]:
        return f"《{law.zh}》第{chinese_number(int(m['first']))}条至第{chinese_number(int(m['last']))}条"
    if m["sub"] and int(m["sub"]) > int(m["num"]) and not (m["para"] or m["item"]):
        # "art. 157-158" written for a range: no article has a 之一百五十八
        return (
            f"《{law.zh}》第{chinese_number(int(m['num']))}条至第{chinese_number(int(m['sub']))}条"
        )
    out = f"《{law.zh}》第{chinese_number(int(m['num']))}条"
    if m["sub"]:
        out += f"之{chinese_number(int(m['sub']))}"
    if m["para"]:
        out += f"第{chinese_number(int(m['para']))}款"
    if m["item"]:
        out += f"第（{chinese_number(int(m['item']))}）项"
    return out


def _cites(articles, lang: str) -> str:
    return ("、" if lang == "zh" else "; ").join(a.text(lang) for a in articles)


def _day(d: date, cal: WorkCalendar, lang: str) -> str:
    """``2024-02-10（星期六，春节假日）`` / ``2024-02-10 (Sat, Spring Festival holiday)``."""
    zh = lang == "zh"
    wd = f"星期{WEEKDAYS_ZH[d.weekday()]}" if zh else WEEKDAYS_EN[d.weekday()]
    try:
        if d.year in cal.provisional_years:
            raise ScheduleMissing(d.year)
        working = cal.is_working_day(d)
        name = None if working else cal.holiday_name(d)
    except ScheduleMissing:
        status = f"{d.year}年节假日安排未知" if zh else f"no holiday schedule for {d.year}"
    else:
        if working:
            adjusted = d.weekday() >= 5
            status = (
                ("调休工作日" if adjusted else "工作日")
                if zh
                else ("adjusted working day" if adjusted else "working day")
            )
        elif name:
            status = f"{holiday_name(name, 'zh')}假日" if zh else f"{name} holiday"
        else:
            status = "休息日" if zh else "weekend"
    return f"{d.isoformat()}（{wd}，{status}）" if zh else f"{d.isoformat()} ({wd}, {status})"


def _explain(dl: Deadline, lang: str) -> str:
    if lang not in ("zh", "en"):
        raise LawError(f"unknown language {lang!r}: use zh or en")
    zh = lang == "zh"
    rule, cal, proc = dl.rule, dl.calendar, dl.rule.procedure
    holiday = _cites(proc.holiday_rule, lang)
    lines = []
    if zh:
        lines.append(f"{rule.zh}（{rule.id}），依据{_cites(rule.basis, lang)}。")
        for r in dl.restarts:
            lines.append(
                f"原自{r.previous_start.isoformat()}起算，依{_cite(r.basis, lang)}重新计算期限。"
            )
        lines.append(
            f"起算：{dl.start.isoformat()}，起算日不计算在期间内（{holiday}）；"
            f"期间{dl.period.text('zh')}。"
        )
    else:
        lines.append(f"{rule.en} ({rule.id}); basis: {_cites(rule.basis, lang)}.")
        for r in dl.restarts:
            lines.append(
                f"Previously counted from {r.previous_start.isoformat()}; counted again "
                f"under {_cite(r.basis, lang)}."
            )
        lines.append(
            f"Start: {dl.start.isoformat()}; the start day is not counted ({holiday}); "
            f"period: {dl.period.text('en')}."
        )
    months_basis = _cites(proc.month_basis, lang)
    if dl.period.working_days:
        lines.append(
            f"按工作日计算，起算日后第{dl.period.working_days}个工作日为{dl.base_end.isoformat()}"
            f"（国务院节假日安排）。"
            if zh
            else f"Counted in working days: working day {dl.period.working_days} after the "
            f"start is {dl.base_end.isoformat()} (State Council holiday schedule)."
        )
        rest = [
            date.fromordinal(o)
            for o in range(dl.start.toordinal() + 1, dl.base_end.toordinal())
            if not cal.is_working_day(date.fromordinal(o))
        ]
        if rest:
            days = ", ".join(_day(d, cal, lang) for d in rest)
            lines.append(f"不计入的非工作日：{days}。" if zh else f"Rest days not counted: {days}.")
    elif dl.period.months:
        rule_text = (
            "自本月某日至下月同日为一个月；起算日为月末的，至到期月末日；到期月无对应日的，至该月末日"
            if rule.last_day_rule and zh
            else "到期月的对应日为期间的最后一日，没有对应日的，月末日为最后一日"
            if zh
            else "from a day of one month to the same day of the target month; a start on a "
            "month's last day ends on the target month's last day; with no such day, on the "
            "target month's last day"
            if rule.last_day_rule
            else "the corresponding day of the target month, or its last day if it has none"
        )
        lines.append(
            f"按月计算（{months_basis}：{rule_text}）；期间届满：{dl.base_end.isoformat()}。"
            if zh
            else f"Months ({months_basis}: {rule_text}); the period's last day: "
            f"{dl.base_end.isoformat()}."
        )
    elif dl.adjustments:
        lines.append(
            f"期间本身的最后一日：{dl.base_end.isoformat()}。"
            if zh
            else f"The period's own last day: {dl.base_end.isoformat()}."
        )
    end = dl.base_end
    for adj in dl.adjustments:
        before = end
        if adj.kind == "extension":
            end = date.fromordinal(
                _apply_period(adj.period, end.toordinal(), rule.last_day_rule, cal)  # type: ignore[arg-type]
            )
            lines.append(
                f"依{_cite(adj.basis, lang)}延长{adj.period.text('zh')}，自{before.isoformat()}"
                f"续算至{end.isoformat()}。"
                if zh
                else f"Extended by {adj.period.text('en')} under {adj.basis}: from "
                f"{before.isoformat()} to {end.isoformat()}."
            )
        else:
            end = date.fromordinal(end.toordinal() + adj.suspended_days)
            lines.append(
                f"{adj.suspended_from.isoformat()}至{adj.suspended_to.isoformat()}共"
                f"{adj.suspended_days}日不计入期限（{_cite(adj.basis, lang)}），期间的最后一日"
                f"顺延至{end.isoformat()}。"
                if zh
                else f"{adj.suspended_from.isoformat()} to {adj.suspended_to.isoformat()} "
                f"({adj.suspended_days} days) are not counted ({adj.basis}): the last day "
                f"moves to {end.isoformat()}."
            )
    raw = _day(dl.raw_end, cal, lang)
    lines.append(
        f"期间的最后一日（顺延前）：{raw}。" if zh else f"Last day before roll-over: {raw}."
    )
    raw_is_rest = dl.rolled_over
    if not dl.rolled_over and dl.custody:
        try:
            raw_is_rest = not cal.is_working_day(dl.raw_end)
        except ScheduleMissing:
            raw_is_rest = None  # not needed: custody never rolls
    if dl.rolled_over:
        skipped = ", ".join(_day(d, cal, lang) for d in dl.skipped)
        lines.append(
            f"期间的最后一日为节假日，以节假日后的第一个工作日为期满日期（{holiday}）；"
            f"跳过：{skipped}。"
            if zh
            else f"The last day is a holiday, so the period ends on the first working day "
            f"after it ({holiday}); skipped: {skipped}."
        )
    elif dl.custody and raw_is_rest is not False:
        lines.append(
            "犯罪嫌疑人、被告人或者罪犯在押，应当至期满之日为止，不得因节假日而延长（《刑事诉讼法》第一百零五条）。"
            if zh
            else "The suspect, defendant or convict is in custody: the period ends on its last "
            "day and is never extended because of a holiday (CPL art. 105)."
        )
    due = _day(dl.due, cal, lang)
    lines.append(f"期满日期：{due}。" if zh else f"Due: {due}.")
    if dl.provisional_years:
        years = "、".join(str(y) for y in dl.provisional_years)
        lines.append(
            f"暂定：{years}年国务院节假日安排尚未导入，期间的最后一日不顺延；导入后重新计算，"
            "期满日期只会不变或者推后。"
            if zh
            else f"Provisional: the State Council's schedule for {years} is not imported, so "
            "the last day is not rolled over; once it is imported the date is recomputed, and "
            "it can only stay or move later."
        )
    lines.append(
        f"依据：{_cites(rule.basis + dl.counting_basis, lang)}。"
        if zh
        else f"Articles: {_cites(rule.basis + dl.counting_basis, lang)}."
    )
    return "\n".join(lines)
