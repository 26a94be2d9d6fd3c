"""One procuratorate's year as ``procuracy-events/1`` lines, from its quotas. Pure Python.

Every person gets a fate from the quotas (arrest approved, not approved for a reason,
prosecuted for an article, not prosecuted by type, conditional non-prosecution, guilty plea,
verdict accepted, protested, ...), persons are grouped into cases, and each case is walked
through its procedure with dates inside the statutory periods (a few decisions late, as
``timing.late_share`` says). Everything of a case happens within its year, so that the year's
figures are exactly the quotas; only the end of a conditional non-prosecution's probation
(6 to 12 months) may fall in the next year. Deterministic for a seed.
"""

from __future__ import annotations

import heapq
import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from procuracy import charges
from procuracy.cases.engine import AGE_14_CHARGES
from procuracy.parties.identifiers import (
    citizen_id_check_character,
    credit_code_check_character,
    organisation_code_check_character,
)

from .complaints import complaint_cases
from .enforcement import enforcement_cases
from .extras import add_extras, add_wages, investigation_cases, transfer_cases
from .plan import PIL_FIELDS, _round, a, review_days, theft_leaf
from .supervision import supervision_cases

FORMAT = "procuracy-events/1"
CST = timezone(timedelta(hours=8))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
# A company's name: a trade name and its trade (恒达化工有限公司).
TRADE_NAMES = (
    "华兴",
    "恒达",
    "宏远",
    "鑫源",
    "正泰",
    "天成",
    "金鼎",
    "永盛",
    "瑞丰",
    "东方",
    "新宇",
)
TRADES = ("化工", "建设", "实业", "贸易", "科技", "物流", "矿业", "食品", "环保", "制药")
# Given-name characters as men's and women's names commonly use them (some both).
GIVEN_MALE = (
    "伟强磊军洋勇杰涛明超平刚华鹏辉建国志斌波宇浩凯健俊帆帅旭宁龙林晨瑞博文昊天子轩然一诺海峰亮鑫"
)
GIVEN_FEMALE = "芳娜敏静丽艳娟秀霞桂英华玉兰萍红宁林欣晨瑞文佳怡子涵思雨梓一诺婷雪琳颖倩慧晶燕丹"
#: Foreign suspects' countries, each with names as a passport writes them, men's then women's
#: (and the Chinese transliteration the case file gives beside them), and its passport
#: numbers' form: letters, then how many digits.
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, int]] = {
    "VNM": (("阮文雄（NGUYEN VAN HUNG）", "陈文明（TRAN VAN MINH）", "黎德勇（LE DUC DUNG）"),
            ("阮氏兰（NGUYEN THI LAN）", "范氏香（PHAM THI HUONG）"), "C", 7),
    "MMR": (("昂觉（AUNG KYAW）", "敏貌（MIN MAUNG）", "吴丁温（U TIN WIN）"),
            ("苏苏（SU SU）", "埃埃敏（AYE AYE MYINT）"), "MA", 6),
    "LAO": (("宋萨（SOMSACK）", "本米（BOUNMY）", "坎平（KHAMPHENG）"),
            ("占巴（CHANTHA）", "玛莉（MALY）"), "P", 7),
    "KOR": (("金民俊（KIM MINJUN）", "李承宪（LEE SEUNGHUN）", "朴志勋（PARK JIHOON）"),
            ("崔秀妍（CHOI SOOYEON）", "郑恩智（JUNG EUNJI）"), "M", 8),
    "RUS": (("伊万诺夫·谢尔盖（IVANOV SERGEI）", "彼得罗夫·阿列克谢（PETROV ALEKSEI）"),
            ("斯米尔诺娃·安娜（SMIRNOVA ANNA）", "波波娃·叶莲娜（POPOVA ELENA）"), "", 9),
    "USA": (("约翰·史密斯（JOHN SMITH）", "迈克尔·约翰逊（MICHAEL JOHNSON）"),
            ("艾米丽·布朗（EMILY BROWN）", "莎拉·戴维斯（SARAH DAVIS）"), "", 9),
    "NGA": (("丘库·奥卡福（CHUKWU OKAFOR）", "埃梅卡·恩沃苏（EMEKA NWOSU）"),
            ("恩戈齐·阿迪（NGOZI ADEYEMI）", "阿达·奥比（ADA OBI）"), "A", 8),
    "PAK": (("穆罕默德·阿里（MUHAMMAD ALI）", "艾哈迈德·汗（AHMED KHAN）"),
            ("法蒂玛·比比（FATIMA BIBI）", "艾莎·马利克（AYESHA MALIK）"), "AB", 7),
    "THA": (("颂猜·通（SOMCHAI THONG）", "巴差·坤（PRACHA KHUN）"),
            ("玛莉·素万（MALEE SUWAN）", "妮蓬·占（NIPHON CHAN）"), "AA", 7),
    "MNG": (("巴特尔（BATAR）", "甘巴特（GANBAATAR）", "额尔登（ERDENE）"),
            ("其其格（TSETSEG）", "萨仁（SARAN）"), "E", 7),
}  # fmt: skip

# Charges by article for the people outside the reported groups (weights: how common).
# (No serious violent crime here: its people are the serious-violence group's quota; 234
# counts there only with the case flag serious_injury, which these cases do not have.)
OTHER = (
    ("133-1", 30), ("234", 14), ("293", 8), ("303", 8), ("133", 6), ("277", 4), ("238", 2),
    ("280", 2), ("292", 2), ("312", 4),
)  # fmt: skip
# Charges in chapters 4-6 (CPL art. 282) for conditional non-prosecution of minors.
JUVENILE = (("264", 5), ("234", 3), ("293", 3), ("263", 1))
# Duty crimes: bribe-taking the commonest; the givers are the report's bribe-giving count.
DUTY_OTHER = (("385", 8), ("382", 5), ("384", 2), ("397", 4))
BRIBE_GIVING = (("389", 6), ("390-1", 1), ("391", 1), ("393", 2))
ARREST = (("264", 10), ("266", 6), ("347", 4), ("234", 8), ("293", 5), ("303", 4), ("263", 2))
JUSTIFIED = (("234", 3), ("232", 1))
# Charges of the flagged cases (cases/flags.py): internet crimes outside the groups, gang and
# evil forces, crimes against minors, against women (the against-women group's), domestic
# violence.
INTERNET = (("253-1", 4), ("287-1", 2), ("285", 1), ("286", 1), ("363", 1))
GANG_EVIL = (("294", 1), ("293", 2), ("274", 1))
MINOR_VICTIM = (("236-1", 2), ("237(3)", 2), ("234", 3), ("260", 1))
FEMALE_VICTIM = (("237(1)", 3), ("240", 1), ("241", 1))
DOMESTIC = (("234", 3), ("260", 2))
DELIVERY = (("125", 3), ("128", 1))
MEDICAL_STAFF = (("234", 2), ("290", 1), ("293", 1))
#: quota key -> (flags of its cases, charges)
FLAGGED = {
    "flag.online_gambling": (("internet",), (("303", 1),)),
    "flag.internet_other": (("internet",), INTERNET),
    "flag.gang_evil": (("gang_evil",), GANG_EVIL),
    "flag.rural_clan_gang": (("gang_evil", "rural_clan_gang"), GANG_EVIL),
    "flag.delivery_contraband": (("delivery_contraband",), DELIVERY),
    "flag.medical_staff_victim": (("medical_staff_victim",), MEDICAL_STAFF),
    "flag.minor_victim": (("minor_victim",), MINOR_VICTIM),
    "flag.female_victim": (("female_victim",), FEMALE_VICTIM),
    "flag.domestic_violence": (("domestic_violence",), DOMESTIC),
}


def _next_document(person: dict, tries: int) -> dict:
    """``person`` with another document number of the same kind: a citizen ID number's
    sequence moved on by ``tries`` (keeping its parity, the sex; GB 11643), the birth date a
    day earlier every 500 tries (15,000 tries before a planned minor's 30 days of margin are
    spent); a passport number made of its letters and ``tries``."""
    number = person["id_number"]
    if person.get("id_kind", "citizen_id") == "citizen_id":
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        born -= timedelta(days=tries // 500)
        seq = (int(number[14:17]) + 2 * tries) % 1000
        body = f"{number[:6]}{born:%Y%m%d}{seq:03d}"
        return {**person, "id_number": body + citizen_id_check_character(body)}
    letters = number.rstrip("0123456789")  # the country's form: its letters, then digits
    return {**person, "id_number": f"{letters}{tries:0{max(len(number) - len(letters), 5)}d}"}


@dataclass
class Staff:
    manager: str
    head: str
    chief: str
    procurators: list[str]
    # the procurators of the public interest litigation, civil, administrative, complaints and
    # appeals, and criminal enforcement departments: each handles only its department's cases
    # (access.roles_at), so a unit that has such cases needs them
    pil: list[str] = field(default_factory=list)
    civil: list[str] = field(default_factory=list)
    administrative: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    enforcement: list[str] = field(default_factory=list)
    _next: int = 0
    _next_in: dict[str, int] = field(default_factory=dict)

    def rotate(self) -> str:
        name = self.procurators[self._next % len(self.procurators)]
        self._next += 1
        return name

    def rotate_in(self, department: str) -> str:
        """The next procurator of ``department`` (pil, civil, administrative, complaints,
        enforcement)."""
        pool = getattr(self, department)
        if not pool:
            raise ValueError(f"the simulated staff has no procurator for {department} cases")
        n = self._next_in.get(department, 0)
        self._next_in[department] = n + 1
        return pool[n % len(pool)]

    def rotate_pil(self) -> str:
        return self.rotate_in("pil")


#: The administrative organ with the duty, by field (a party of an administrative PIL case).
ORGANS = {
    "environment_resources": ("生态环境局", "自然资源局", "水务局", "林业和草原局"),
    "food_drug_safety": ("市场监督管理局",),
    "production_safety": ("应急管理局",),
    "land_protection": ("自然资源和规划局",),
    "internet": ("网信办", "市场监督管理局"),
    "cultural_heritage": ("文化和旅游局", "文物局"),
    "accessibility": ("住房和城乡建设局",),
    "womens_rights": ("人力资源和社会保障局",),
    "military": ("退役军人事务局",),
    "heroes_martyrs": ("退役军人事务局",),
    "intellectual_property": ("知识产权局",),
    "state_property": ("财政局", "医疗保障局"),
    "minors": ("教育局",),
    "other": ("农业农村局",),
}
OTHER_FIELDS = (("state_property", 5), ("minors", 3), ("other", 2))
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def of_the_day(charge: dict, offence: date | None) -> dict:
    """The charge as named on the offence date (Criminal Law art. 12): the catalogue's name of
    2023 is followed to the one that replaced it where it ended before the offence (Amendment
    XII renamed art. 169's charge from 2024-03-01)."""
    if offence is None:
        return charge
    found = charges.by_name(charge["name"])
    while not found.in_force(offence) and found.replaced_by:
        found = charges.get(found.replaced_by[0])
    return charge if found.name == charge["name"] else {**charge, "name": found.name}


@dataclass
class Person:
    fate: str  # approved, no_necessity, ..., prosecuted, discretionary, conditional, ...
    article: str = ""
    plea: bool = False
    minor: bool = False
    foreign: bool = False
    duty: bool = False
    added: bool = False  # joins the case by additional arrest / prosecution
    accepted: bool = False
    protest: str = ""  # "", "pending", "changed", "remanded", "maintained"
    reconsider: str = ""  # "", "maintained", "changed", "reexamined-maintained", ...
    justified: bool = False
    measure: str = ""
    flags: tuple[str, ...] = ()  # the case-level flags of the person's case
    exact: bool = False  # the article as given, not spread over its siblings
    referred: bool = False  # not prosecuted, and referred with a procuratorial opinion
    rank: str = ""  # a duty-crime suspect's rank (cases/engine.py RANKS)
    outcome: str = "guilty"  # the first-instance outcome of a person prosecuted
    offence: date | None = None  # the offence date the intake gave


@dataclass
class Case:
    kind: str
    source: str
    persons: list[Person]
    events: list[dict] = field(default_factory=list)
    flags: tuple[str, ...] = ()


#: The quota of reviews of the necessity of detention finding it still necessary that make up
#: the report's cases handled (``all.cases_handled``; load.fill_cases_handled).
CASES_HANDLED_FILL = "detention.continued_other"
#: The quota of days since receipt the year's decisions concluding a review for prosecution
#: add up to (load.share_review_days); without it, the plan's average times the decisions.
REVIEW_DAYS = "prosecution.review_days_total"
#: Kinds the report's cases handled leave out: petitions are counted on their own.
NOT_HANDLED = frozenset({"petition"})


def cases_handled(cases: list[Case]) -> int:
    """The cases of a year (all of them, before the lines stop at the last day simulated)
    that the report counts as handled."""
    return sum(1 for case in cases if case.kind not in NOT_HANDLED and case.events)


@dataclass
class _Decision:
    """A decision concluding a person's review for prosecution, where it is in its case's
    events, and the days it may be moved to (``lo`` to ``hi``; both its own day when fixed)."""

    case: Case
    index: int
    received: date
    on: date
    lo: date
    hi: date

    def move(self, days: int) -> None:
        self.on += timedelta(days=days)
        _, order, event = self.case.events[self.index]
        at = datetime.fromisoformat(event["recorded_at"]) + timedelta(days=days)
        event["occurred_on"], event["recorded_at"] = self.on.isoformat(), at.isoformat()
        self.case.events[self.index] = (self.on, order, event)


def region_uuid_text(region: int, bits: int) -> str:
    """A UUID (RFC 9562 version 8, "custom") whose first 32 bits are ``region`` and the rest
    ``bits``: the simulator's ids are grouped by procuratorate-year (:func:`uuid_region`), in
    the order the simulator imports them, so that each index of ids (the ledger's, the cases',
    the events' case ids) grows at a few places at a time instead of at random places all over
    it: at scale 1.0 those indexes hold tens of millions of ids, far more than the server keeps
    in its buffers. Written without the UUID object (a third of the time; tests/simulator read
    it back with :class:`uuid.UUID`)."""
    bits = (region << 96) | (bits & ((1 << 96) - 1))
    bits = (bits & ~(0xF000 << 64) & ~(0xC000 << 48)) | (8 << 76) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uuid_region(year: int, code: str) -> int:
    """The 32 bits that lead the ids of a procuratorate-year: the year (12 bits), then the
    six-digit division code as a number (20 bits), so that the regions follow the simulator's
    order (year by year, each year in the tree's order)."""
    number = int(code) if code.isdigit() and len(code) == 6 else zlib.crc32(code.encode())
    return ((year & 0xFFF) << 20) | (number & 0xFFFFF)


class UnitYear:
    """Generates the lines of one procuratorate (``unit``: code, abbreviation, name) for a
    year from its quotas."""

    def __init__(self, unit, year: int, quotas: dict[str, int], staff: Staff, seed: int,
                 charge_names: dict[str, str], siblings: dict[str, tuple[str, ...]],
                 last_day: date | None = None, horizon: date | None = None,
                 numbers: dict[str, int] | None = None):  # fmt: skip
        self.unit = unit
        self.year = year
        self.q = quotas
        self.staff = staff
        self.rng = random.Random(f"{seed}:{unit.code}:{year}")
        self.region = uuid_region(year, unit.code)
        self.names = charge_names
        self.siblings = siblings
        self.first_day = date(year, 1, 2)
        # the last day the holiday schedule knows: a period that ends after it is provisional
        # (engine._provisionally, docs/law.md) until its year's schedule is imported
        self.horizon = horizon or date(year + 1, 12, 31)
        self.last_day = min(last_day or date(year, 12, 31), self.horizon)
        # the last case number already given per case kind this year (the unit's counters)
        self.numbers: dict[str, int] = dict(numbers or {})
        self.issued: set[str] = set()  # identity documents given out this unit-year
        self.court = self._court()
        self.below: tuple[str, ...] = ()  # the basic procuratorates under this one (handovers)
        # the year's decisions concluding a review for prosecution (_calibrate_review_days),
        # and their number and least and most total days since receipt
        self.decisions: list[_Decision] = []
        self.review_bounds: tuple[int, int, int] = (0, 0, 0)
        self.theft_leaf = theft_leaf().removeprefix("charge.")

    # --- small helpers ---------------------------------------------------------------------
    def _uuid(self) -> str:
        return region_uuid_text(self.region, self.rng.getrandbits(96))

    def _pick(self, table) -> str:
        total = sum(w for _, w in table)
        x = self.rng.uniform(0, total)
        for value, weight in table:
            x -= weight
            if x <= 0:
                return value
        return table[-1][0]

    def _court(self) -> str:
        name = self.unit.name_zh
        return name.replace("人民检察院", "人民法院") if "人民检察院" in name else "人民法院"

    def _charge(self, article: str, exact: bool = False) -> dict:
        # a leaf article (a quota key) stands for every article with the same groups (264:
        # theft, fraud, drugs all count the same), so spread over them; an article picked
        # from a list stays itself (263 robbery of a minor is not arson)
        leaf = not exact and f"charge.{article}" in self.q
        choices = self.siblings.get(article) if leaf else None
        if choices:
            article = self.rng.choice(choices)
        # "237(1)": the charge of that paragraph (an article may define several), recorded
        # under its article
        return {"article": article.partition("(")[0], "name": self.names[article]}

    def _name(self, female: bool = False) -> str:
        pool = GIVEN_FEMALE if female else GIVEN_MALE
        given = self.rng.choice(pool) + (self.rng.choice(pool) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def _identity(self, p: Person, on: date, youngest: int = 14) -> dict:
        """A new person: drawn again in the rare case the document was already issued this
        unit-year (an intake refuses one document twice, and at scale 1.0 random citizen ID
        numbers of one region would meet). A minor is at least ``youngest`` at the offence."""
        person = first = self._draw_identity(p, on, youngest)
        tries = 0
        while person["id_number"] in self.issued:
            tries += 1
            # a few draws again; then (a generator whose draws repeat) the next free number
            person = (
                self._draw_identity(p, on, youngest) if tries < 10 else _next_document(first, tries)
            )
        self.issued.add(person["id_number"])
        return person

    def _draw_identity(self, p: Person, on: date, youngest: int) -> dict:
        if p.minor:
            # at least ``youngest`` at the offence, up to 200 days before ``on``
            age_days = self.rng.randint(youngest * 366 + 200, 18 * 365 - 30)
        else:  # adults: most between 19 and 60, some up to 80
            oldest = 80 if self.rng.random() < 0.08 else 60
            age_days = self.rng.randint(19 * 365, oldest * 365)
        born = on - timedelta(days=age_days + 30)
        female = self.rng.random() < 0.13 if p.fate not in ("woman", "man") else p.fate == "woman"
        if p.foreign:  # a passport gives the name, sex and birth date
            country = self.rng.choice(sorted(COUNTRIES))
            men, women, letters, digits = COUNTRIES[country]
            number = letters + "".join(self.rng.choice("0123456789") for _ in range(digits))
            return {
                "name": self.rng.choice(women if female else men),
                "id_kind": "passport",
                "id_number": number,
                "id_country": country,
                "sex": "female" if female else "male",
                "birth_date": born.isoformat(),
            }
        seq = self.rng.randrange(0, 500) * 2 + (0 if female else 1)
        region = self.unit.code if self.unit.code[:2] != "00" else "110101"
        body = f"{region}{born:%Y%m%d}{seq:03d}"
        return {"name": self._name(female), "id_number": body + citizen_id_check_character(body)}

    def _person(self, p: Person, on: date, custody: str) -> dict:
        charge = self._charge(p.article, p.exact)
        # Criminal Law art. 17: from 14 to 16 only the eight crimes of ¶2 are punished (from 12
        # to 14 only homicide and injury, ¶3: the simulation has no minor so young)
        out = self._identity(p, on, 14 if charge["name"] in AGE_14_CHARGES else 16)
        out["custody"] = custody
        offence = on - timedelta(days=self.rng.randint(20, 200))
        p.offence = offence
        out["charges"] = [of_the_day(charge, offence)]
        out["offence_date"] = offence.isoformat()
        if p.plea:
            out["guilty_plea"] = True
        if p.rank:
            out["rank"] = p.rank
        return out

    def _number(self, kind: str, code: str) -> str:
        self.numbers[kind] = n = self.numbers.get(kind, 0) + 1
        return f"{self.unit.abbreviation}{code}〔{self.year}〕{n}号"

    def _late(self) -> bool:
        return self.rng.random() < a("timing.late_share")

    def _line(self, case: Case, case_id: str, number: str, etype: str, on: date, actor: str,
              payload: dict, persons=(), sort_on: date | None = None) -> None:  # fmt: skip
        """Queue a line; a case's lines are put in date order (``sort_on`` if given) when the
        case is complete, ties in the order queued."""
        at = datetime.combine(on, time(8, 30), CST) + timedelta(minutes=self.rng.randint(0, 540))
        case.events.append((sort_on or on, len(case.events), {
            "format": FORMAT, "id": self._uuid(), "org": self.unit.code,
            "case": {"id": case_id, "number": number}, "type": etype,
            "occurred_on": on.isoformat(), "persons": list(persons), "actor": actor,
            "recorded_at": at.isoformat(), "payload": payload,
        }))  # fmt: skip

    def _start(self, span: int, lead: int = 0) -> date:
        """A receipt date leaving ``span`` days for the case before the year ends (and
        ``lead`` days before it, in the year, for early involvement)."""
        first = self.first_day + timedelta(days=lead)
        last = max(first, date(self.year, 12, 31) - timedelta(days=span))
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def _sizes(self, n: int, mean: float) -> list[int]:
        """Case sizes (1-4 persons) adding up to ``n``, averaging about ``mean``."""
        out = []
        p_more = (mean - 1) / mean  # geometric, truncated at 4
        while n > 0:
            size = 1
            while size < min(4, n) and self.rng.random() < p_more:
                size += 1
            out.append(size)
            n -= size
        return out

    def _flags(self, people: list[Person], count: int, attr: str, value=True) -> None:
        for p in self.rng.sample(people, min(count, len(people))):
            setattr(p, attr, value)

    # --- the year ----------------------------------------------------------------------------
    def cases(self) -> list[Case]:
        out = []
        out += self._arrest_cases()
        out += self._prosecution_cases()
        out += self._filing_cases()
        out += self._detention_cases()
        out += self._pil_cases()
        out += supervision_cases(self)
        out += complaint_cases(self)
        add_extras(self, out)
        add_wages(self, out)
        out += transfer_cases(self)
        out += enforcement_cases(self)
        out += investigation_cases(self)
        # last, so that the cases above are the same with or without them: the cases the
        # report counts among those handled that the lines above do not make (load.py)
        out += [self._detention_case("continued") for _ in range(self.q.get(CASES_HANDLED_FILL, 0))]
        return out

    def lines(self) -> list[dict]:
        """Every line of the year, cases interleaved by date (each case in its own order)."""
        streams = []
        for i, case in enumerate(self.cases()):
            keyed = [(on.isoformat(), i, e) for on, _, e in sorted(case.events, key=_order)]
            _recorded_in_order([e for _, _, e in keyed])
            if keyed:
                streams.append(keyed)
        merged = heapq.merge(*streams, key=lambda t: (t[0], t[1]))
        last = self.last_day.isoformat()
        out, cut = [], set()
        for key, i, e in merged:
            # the future is not recorded: a case stops at the last day simulated
            if i in cut or e["occurred_on"] > last or key > last:
                cut.add(i)
                continue
            out.append(e)
        return out

    # --- review for arrest ---------------------------------------------------------------------
    def _arrest_cases(self) -> list[Case]:
        q = self.q
        people = [Person("approved") for _ in range(q.get("arrest.approved", 0))]
        for p in people[: q.get("arrest.additional", 0)]:
            p.added = True
        people += [Person("no_necessity") for _ in range(q.get("arrest.no_necessity", 0))]
        refused = [Person("no_crime") for _ in range(q.get("arrest.no_crime", 0))]
        refused += [
            Person("insufficient_evidence") for _ in range(q.get("arrest.insufficient_evidence", 0))
        ]
        reconsidered = self.rng.sample(refused, min(q.get("arrest.reconsidered", 0), len(refused)))
        changed = q.get("arrest.reconsideration_changed", 0)
        reexamined = q.get("arrest.reexamined", 0)
        reexam_changed = q.get("arrest.reexamination_changed", 0)
        for i, p in enumerate(reconsidered):
            if i < changed:
                p.reconsider = "changed"
            elif i < changed + reexam_changed:
                p.reconsider = "reexamined-changed"
            elif i < changed + reexamined:
                p.reconsider = "reexamined-maintained"
            else:
                p.reconsider = "maintained"
        people += refused
        for p in people:
            p.article = self._pick(ARREST)
        added = [p for p in people if p.added]
        main = [p for p in people if not p.added]
        self.rng.shuffle(main)
        cases, i = [], 0
        for size in self._sizes(len(main), a("arrest.persons_per_case")):
            cases.append(Case("arrest_review", "police", main[i : i + size]))
            i += size
        hosts = [c for c in cases if any(p.fate == "approved" for p in c.persons)] or cases
        for p in added:
            self.rng.choice(hosts).persons.append(p)
        for case in cases:
            self._walk_arrest(case)
        return cases

    def _walk_arrest(self, case: Case) -> None:
        span = 40 if any(p.reconsider for p in case.persons) else 10
        d0 = self._start(span)
        cid, number = self._uuid(), self._number("arrest_review", "刑捕受")
        st = self.staff
        handler = st.rotate()
        initial = [p for p in case.persons if not p.added]
        intake = {
            "kind": "arrest_review",
            "source": {"agency": "police", "name": "公安机关"},
            "persons": [self._person(p, d0, "detained") for p in initial],
            "materials": ["arrest_request", "case_file", "evidence"],
        }
        self._line(case, cid, number, "case.received", d0, st.manager, intake)
        self._line(case, cid, number, "case.assigned", d0, st.manager,
                   {"handler": handler, "method": "rotation",
                    "department": "criminal_prosecution"})  # fmt: skip
        keys = {id(p): f"P{i}" for i, p in enumerate(initial, 1)}
        n, t = len(initial), d0
        for p in case.persons:
            if p.added:
                n += 1
                keys[id(p)] = f"P{n}"
                # in the order they join: each decision below comes after every joining
                t = max(t, d0 + timedelta(days=self.rng.randint(1, 3)))
                payload = {"person": self._person(p, t, "not_detained"), "approved_by": st.chief}
                self._line(case, cid, number, "arrest.additional_arrest", t, handler, payload)
        for p in case.persons:
            key = keys[id(p)]
            days = self.rng.randint(8, 11) if self._late() else self.rng.randint(2, 6)
            on = max(t, d0 + timedelta(days=days))
            if p.fate == "approved":
                self._line(case, cid, number, "arrest.approved", on, handler, {}, (key,))
                continue
            payload = {"reason": p.fate}
            if p.fate != "no_necessity":
                payload["approved_by"] = st.chief
            self._line(case, cid, number, "arrest.not_approved", on, handler, payload, (key,))
            if not p.reconsider:
                if p.fate == "no_crime":  # told to withdraw the case, the police do (Rules 287)
                    self._line(case, cid, number, "arrest.police_withdrew_case",
                               on + timedelta(days=8), st.manager, {}, (key,))  # fmt: skip
                continue
            on += timedelta(days=self.rng.randint(2, 5))
            self._line(case, cid, number, "arrest.reconsideration_requested", on, st.manager, {},
                       (key,))  # fmt: skip
            on += timedelta(days=self.rng.randint(2, 6))
            outcome = "changed" if p.reconsider == "changed" else "maintained"
            other = next(name for name in st.procurators if name != handler)  # Rules art. 290
            self._line(case, cid, number, "arrest.reconsideration_decided", on, other,
                       {"outcome": outcome, "approved_by": st.chief}, (key,))  # fmt: skip
            if p.reconsider.startswith("reexamined"):
                on += timedelta(days=self.rng.randint(2, 5))
                self._line(case, cid, number, "arrest.reexamination_requested", on, st.manager,
                           {}, (key,))  # fmt: skip
                on += timedelta(days=self.rng.randint(5, 14))
                outcome = "changed" if p.reconsider.endswith("changed") else "maintained"
                self._line(case, cid, number, "arrest.reexamination_decided", on, st.manager,
                           {"outcome": outcome}, (key,))  # fmt: skip

    # --- review for prosecution ----------------------------------------------------------------
    def _prosecution_cases(self) -> list[Case]:
        q, rng = self.q, self.rng
        police: list[Person] = []
        for key, count in q.items():
            if key.startswith("charge."):
                police += [Person("prosecuted", key[7:]) for _ in range(count)]
        others = [
            Person("prosecuted", self._pick(OTHER)) for _ in range(q.get("prosecuted.other", 0))
        ]
        for p in others[: q.get("prosecuted.additional", 0)]:
            p.added = True
        plain = [p for p in others if not p.added]
        # case-level flags (cases/flags.py): telecom fraud from the theft-fraud-drugs leaf,
        # internet for every assisting-network person, the others from the people outside
        # the groups
        theft = [p for p in police if p.article == self.theft_leaf]
        for p in theft[: q.get("flag.telecom_fraud", 0)]:
            p.article, p.exact, p.flags = "266", True, ("internet", "telecom_network")
        for p in police:
            if p.article == "287-2":
                p.flags = ("internet",)
        i = 0
        for key, (flags, table) in FLAGGED.items():
            for p in plain[i : i + q.get(key, 0)]:
                p.article, p.exact, p.flags = self._pick(table), True, flags
            i += q.get(key, 0)
        plain = plain[i:]
        for p in plain[: q.get("prosecuted.foreign_cases", 0)]:
            p.foreign = True
        self._flags([p for p in plain if not p.foreign], q.get("prosecuted.minor", 0), "minor")
        police += others
        # acquitted or exempted from punishment at first instance, under arrest when received
        # (the custody is set at intake): from the last of the people the police transferred
        transferred = [p for p in police if not p.added]
        acquitted = q.get("trial.acquitted_after_arrest", 0)
        for i, p in enumerate(transferred[len(transferred) - acquitted :] if acquitted else ()):
            p.outcome = "not_guilty" if i % 2 == 0 else "guilty_exempt"
        # the other duty crimes first: the former cadres of rank are among them (the takers)
        duty = [
            Person("prosecuted", self._pick(DUTY_OTHER), duty=True)
            for _ in range(q.get("duty.prosecuted", 0) - q.get("duty.bribe_giving", 0))
        ]
        duty += [Person("prosecuted", self._pick(BRIBE_GIVING), duty=True)
                 for _ in range(q.get("duty.bribe_giving", 0))]  # fmt: skip
        for p in duty[: q.get("duty.provincial", 0)]:  # former provincial-ministerial cadres
            p.rank = "provincial_ministerial"
        sectors = ["financial_sector"] * q.get("duty.financial", 0)
        sectors += ["medical_sector"] * q.get("duty.medical", 0)
        for p, sector in zip(duty, sectors, strict=False):
            p.flags = (sector,)
        prosecuted = police + duty
        # not prosecuted
        statutory = [Person("statutory", self._pick(OTHER))
                     for _ in range(q.get("not_prosecuted.statutory", 0))]  # fmt: skip
        for p in statutory[: q.get("justified_defence", 0)]:
            p.justified, p.article = True, self._pick(JUSTIFIED)
        evidence = [Person("insufficient_evidence", self._pick(OTHER))
                    for _ in range(q.get("not_prosecuted.insufficient_evidence", 0))]  # fmt: skip
        duty_out = q.get("duty.not_prosecuted", 0)
        discretionary = [
            Person("discretionary", self._pick(OTHER))
            for _ in range(q.get("not_prosecuted.discretionary", 0) - duty_out)
        ]
        duty += [
            Person("discretionary", self._pick(DUTY_OTHER), duty=True) for _ in range(duty_out)
        ]
        for p in duty:
            p.measure = "bail"
        for p in (discretionary + [p for p in duty if p.fate == "discretionary"])[
            : q.get("not_prosecuted.referred", 0)
        ]:
            p.referred = True
        self._flags(duty, q.get("duty.measure_arrested", 0), "measure", "arrested")
        conditional = [Person("conditional", self._pick(JUVENILE), minor=True)
                       for _ in range(q.get("conditional", 0))]  # fmt: skip
        not_prosecuted = statutory + evidence + discretionary + conditional
        not_prosecuted += [p for p in duty if p.fate == "discretionary"]
        # guilty pleas, verdicts, protests
        self._flags(prosecuted, q.get("plea.prosecuted", 0), "plea")
        self._flags(not_prosecuted, q.get("plea.not_prosecuted", 0), "plea")
        self._flags([p for p in prosecuted if p.plea], q.get("trial.plea_accepted", 0), "accepted")
        self._flags([p for p in prosecuted if not p.plea], q.get("trial.no_plea_accepted", 0),
                    "accepted")  # fmt: skip
        outcomes = (["changed"] * q.get("protest.changed", 0)
                    + ["remanded"] * q.get("protest.remanded", 0))  # fmt: skip
        outcomes += ["maintained"] * (q.get("protest.decided", 0) - len(outcomes))
        outcomes += ["pending"] * (q.get("protest.filed", 0) - len(outcomes))
        protested = rng.sample([p for p in prosecuted if not p.accepted],
                               min(len(outcomes), len([p for p in prosecuted if not p.accepted])))  # fmt: skip
        for p, outcome in zip(protested, outcomes, strict=False):
            p.protest = outcome
        # cases
        cases = []
        plain = [p for p in police + statutory + discretionary + conditional
                 if not p.added and not p.foreign]  # fmt: skip
        rng.shuffle(plain)
        # persons with the same case-level flags share cases (a flag is the whole case's)
        by_flags: dict[tuple, list[Person]] = {}
        for p in plain:
            by_flags.setdefault(p.flags, []).append(p)
        for flags, people in sorted(by_flags.items()):
            i = 0
            for size in self._sizes(len(people), a("prosecution.persons_per_case")):
                cases.append(
                    Case("prosecution_review", "police", people[i : i + size], flags=flags)
                )
                i += size
        cases += [Case("prosecution_review", "police", [p]) for p in evidence]
        cases += [Case("prosecution_review", "police", [p]) for p in police if p.foreign]
        hosts = (
            [c for c in cases if c.persons[0].fate != "insufficient_evidence" and not c.flags]
            or [c for c in cases if not c.flags]
            or cases
        )
        for p in police:
            if p.added and hosts:
                rng.choice(hosts).persons.append(p)
        # a sector's duty crimes are cases of one person each; the others share the rest
        duty_cases = [
            Case("prosecution_review", "supervision_commission", [p], flags=p.flags)
            for p in duty
            if p.flags
        ]
        rest = [p for p in duty if not p.flags]
        rng.shuffle(rest)
        n_rest = min(q.get("duty.cases", 0) - len(duty_cases), len(rest))
        if n_rest > 0:
            sizes = [1] * n_rest
            for _ in range(len(rest) - n_rest):
                sizes[rng.randrange(n_rest)] += 1
            i = 0
            for size in sizes:
                duty_cases.append(Case("prosecution_review", "supervision_commission",
                                       rest[i : i + size]))  # fmt: skip
                i += size
        n_cases = len(duty_cases)
        early = set(rng.sample(range(n_cases), min(q.get("duty.early_involvement", 0), n_cases)))
        own = set(rng.sample(range(n_cases), min(q.get("duty.self_supplementary", 0), n_cases)))
        back = set(rng.sample(range(n_cases), min(q.get("duty.returned", 0), n_cases)))
        for c in cases:
            self._walk_prosecution(c, early=False, own=False,
                                   back=c.persons[0].fate == "insufficient_evidence"
                                   or rng.random() < a("prosecution.returned_share"))  # fmt: skip
        for i, c in enumerate(duty_cases):
            self._walk_prosecution(c, early=i in early, own=i in own, back=i in back)
        self._calibrate_review_days()
        return cases + duty_cases

    def _decided(self, decision: _Decision) -> None:
        """Remember a decision just queued (the last of its case's events)."""
        decision.index = len(decision.case.events) - 1
        self.decisions.append(decision)

    def _calibrate_review_days(self) -> None:
        """Move the year's decisions concluding a review for prosecution, each within its room,
        so that their days since receipt add up to the quota ``REVIEW_DAYS`` (shared by
        load.share_review_days), or else the plan's average times the decisions, as near as
        their rooms allow."""
        decisions = self.decisions
        self.review_bounds = (
            len(decisions),
            sum((d.lo - d.received).days for d in decisions),
            sum((d.hi - d.received).days for d in decisions),
        )
        if not decisions:
            return
        target = self.q.get(REVIEW_DAYS, _round(review_days(self.year) * len(decisions)))
        rest = target - sum((d.on - d.received).days for d in decisions)
        movable = [d for d in decisions if d.lo < d.hi]
        self.rng.shuffle(movable)
        while rest and movable:
            step = max(1, abs(rest) // len(movable))
            moved = False
            for d in movable:
                room = (d.hi - d.on).days if rest > 0 else (d.on - d.lo).days
                shift = min(step, abs(rest), room)
                if shift:
                    d.move(shift if rest > 0 else -shift)
                    rest -= shift if rest > 0 else -shift
                    moved = True
                if not rest:
                    break
            if not moved:
                break

    def _walk_prosecution(self, case: Case, *, early: bool, own: bool, back: bool) -> None:
        rng, st = self.rng, self.staff
        commission = case.source == "supervision_commission"
        trial = any(p.fate == "prosecuted" for p in case.persons)
        protest = any(p.protest for p in case.persons)
        span = 50 + (60 if back else 0) + (75 if trial else 0) + (100 if protest else 0)
        d0 = self._start(min(span, 330), lead=40 if early else 0)
        cid, number = self._uuid(), self._number("prosecution_review", "刑诉受")
        handler = st.rotate()
        initial = [p for p in case.persons if not p.added]
        custody = "commission_detention" if commission else None
        raw = []
        for p in initial:
            c = custody or rng.choice(("arrested", "arrested", "bail", "not_detained"))
            if p.outcome != "guilty":
                c = "arrested"
            raw.append(self._person(p, d0, c))
        intake = {
            "kind": "prosecution_review",
            "source": {"agency": case.source,
                       "name": "监察委员会" if commission else "公安机关"},
            "persons": raw,
            "materials": ["transfer_opinion", "case_file", "evidence"],
        }  # fmt: skip
        if case.flags:
            intake["flags"] = list(case.flags)
        line = self._line
        line(case, cid, number, "case.received", d0, st.manager, intake)
        line(case, cid, number, "case.assigned", d0, st.manager,
             {"handler": handler, "method": "rotation", "department": "criminal_prosecution"})  # fmt: skip
        if early:
            # recorded after the receipt, dated when the procuratorate got involved
            on = d0 - timedelta(days=rng.randint(10, 40))
            # in the commission's inquiry, so not before the conduct (Rules art. 256 ¶2)
            on = max([on, *(p.offence for p in initial if p.offence)])
            line(case, cid, number, "commission.early_involvement", on, handler, {}, sort_on=d0)
        keys = {id(p): f"P{i}" for i, p in enumerate(initial, 1)}
        t = d0
        if commission:
            for p in initial:
                # detained on receipt in place of the commission's detention (Rules art. 142),
                # the measure decided within the 10 days that follow (Rules art. 143)
                line(case, cid, number, "commission.detained", d0, handler, {},
                     (keys[id(p)],))  # fmt: skip
                on = d0 + timedelta(days=rng.randint(1, 8))
                line(case, cid, number, "commission.measure_decided", on, handler,
                     {"measure": p.measure}, (keys[id(p)],))  # fmt: skip
                t = max(t, on)
        all_plea = all(p.plea for p in case.persons)
        fast = (not commission and not back and all_plea and not any(p.added for p in case.persons)
                and rng.random() < a("prosecution.fast_track_share"))  # fmt: skip
        if fast:
            t = d0 + timedelta(days=1)
            line(case, cid, number, "prosecution.fast_track", t, handler, {})
        n = len(initial)
        for p in case.persons:
            if p.added:
                n += 1
                keys[id(p)] = f"P{n}"
                t = t + timedelta(days=rng.randint(1, 3))
                line(case, cid, number, "prosecution.additional_prosecution", t, handler,
                     {"person": self._person(p, t, "not_detained")})  # fmt: skip
        if own:
            t = t + timedelta(days=rng.randint(2, 8))
            line(case, cid, number, "prosecution.self_supplementary_investigation", t, handler,
                 {"matters": "核实证据"})  # fmt: skip
        review_start = d0
        if back:
            t = t + timedelta(days=rng.randint(5, 20))
            to = "supervision_commission" if commission else "police"
            line(case, cid, number, "prosecution.returned_for_supplementary_investigation", t,
                 handler, {"to": to})  # fmt: skip
            t = t + timedelta(days=rng.randint(15, 29))
            line(case, cid, number, "prosecution.resubmitted", t, st.manager, {})
            review_start = t
        limit = 9 if fast else 28
        if not fast and rng.random() < a("prosecution.extended_share"):
            t = max(t, review_start + timedelta(days=rng.randint(15, 25)))
            line(case, cid, number, "prosecution.extended", t, handler, {"approved_by": st.chief})
            limit = 40
        for p in case.persons:
            key = keys[id(p)]
            late = self._late()
            days = rng.randint(limit + 3, limit + 8) if late else rng.randint(3, limit)
            on = max(t, review_start + timedelta(days=days))
            # how far _calibrate_review_days may move the decision: within its period (not a
            # late one; the judgment comes after the last day it may move to); not a decision
            # with a determination on its day, a referral after it or a probation counted from it
            lo = max(t, review_start + timedelta(days=3))
            hi = max(t, review_start + timedelta(days=limit))
            fixed = late or p.justified or p.fate == "conditional" or p.referred
            decision = _Decision(case, -1, d0, on, on if fixed else lo, on if fixed else hi)
            if p.justified:
                line(case, cid, number, "justified_defence.determined", on, handler,
                     {"finding": "justified"}, (key,))  # fmt: skip
            if p.fate == "prosecuted":
                charge = of_the_day(self._charge(p.article, p.exact), p.offence)
                payload = {"charges": [charge], "court": self.court}
                if p.plea:
                    payload["sentencing_recommendation"] = rng.choice(
                        ("有期徒刑六个月", "拘役三个月，缓刑六个月", "有期徒刑一年", "罚金一万元")
                    )
                line(case, cid, number, "prosecution.prosecuted", on, handler, payload, (key,))
                self._decided(decision)
                # judged 15 to 60 days after the decision, or after the last day it may move to
                base = max(on + timedelta(days=14), decision.hi)
                self._walk_trial(case, cid, number, p, key, base, handler)
            elif p.fate == "conditional" and self._probation_end(on, 6) <= self.horizon:
                months = rng.choice(
                    [m for m in (6, 8, 10, 12) if self._probation_end(on, m) <= self.horizon]
                )
                line(case, cid, number, "prosecution.conditional_non_prosecution", on, handler,
                     {"probation_months": months, "likely_sentence": "imprisonment_up_to_one_year"},
                     (key,))  # fmt: skip
                self._decided(decision)
                # the probation counts from the decision; completion once it has ended (a
                # holiday at its end moves the end later)
                end = _add_months(on, months) + timedelta(days=rng.randint(12, 25))
                line(case, cid, number, "prosecution.conditional_completed", end, handler,
                     {"approved_by": st.chief}, (key,))  # fmt: skip
            else:
                # (a minor whose probation would end beyond the holiday schedule: discretionary)
                fate = "discretionary" if p.fate == "conditional" else p.fate
                line(case, cid, number, "prosecution.not_prosecuted", on, handler,
                     {"type": fate, "approved_by": st.chief}, (key,))  # fmt: skip
                self._decided(decision)
                if p.referred:
                    kind = "sanction" if p.duty else "administrative_penalty"
                    authority = "纪检监察机关" if p.duty else "公安机关"
                    line(case, cid, number, "prosecution.referred_for_penalty",
                         on + timedelta(days=rng.randint(0, 7)), handler,
                         {"kind": kind, "authority": authority, "approved_by": st.chief},
                         (key,))  # fmt: skip

    @staticmethod
    def _probation_end(on: date, months: int) -> date:
        return _add_months(on, months) + timedelta(days=25)

    def _walk_trial(self, case, cid, number, p: Person, key, on, handler) -> None:
        """The first-instance judgment after ``on`` (at least 14 days after the decision to
        prosecute) and what follows it."""
        rng = self.rng
        judged = on + timedelta(days=rng.randint(1, 46))
        payload = {"form": "judgment", "outcome": p.outcome, "accepted": p.accepted,
                   "received_on": judged.isoformat()}  # fmt: skip
        if p.plea:
            adopted = rng.random() < 0.95  # (drawn for every plea: the stream stays the same)
            if p.outcome == "guilty":
                payload["sentencing_recommendation_adopted"] = adopted
        self._line(case, cid, number, "trial.first_instance_decided", judged, handler, payload,
                   (key,))  # fmt: skip
        if not p.protest:
            on = judged + timedelta(days=rng.randint(8, 10))
            self._line(case, cid, number, "protest.not_filed", on, handler, {}, (key,))
            return
        on = judged + timedelta(days=rng.randint(3, 9))
        self._line(case, cid, number, "protest.filed", on, handler,
                   {"kind": "second_instance", "approved_by": self.staff.chief}, (key,))  # fmt: skip
        if p.protest != "pending":
            on += timedelta(days=rng.randint(30, 90))
            self._line(case, cid, number, "protest.decided", on, handler,
                       {"outcome": p.protest}, (key,))  # fmt: skip
        if p.protest == "remanded":
            # the court retries the case (CPL art. 236 ¶1(3), art. 238): a new first-instance
            # judgment, as the first one (the same outcome, again not accepted: the year's
            # counts of persons judged stay the quotas), and no protest against it; a retrial
            # that would end after the year is not recorded (``lines``)
            retried = on + timedelta(days=rng.randint(30, 90))
            self._line(case, cid, number, "trial.first_instance_decided", retried, handler,
                       {"form": "judgment", "outcome": p.outcome, "accepted": False,
                        "received_on": retried.isoformat()}, (key,))  # fmt: skip
            self._line(case, cid, number, "protest.not_filed",
                       retried + timedelta(days=rng.randint(8, 10)), handler, {}, (key,))  # fmt: skip

    # --- supervision of case filing ------------------------------------------------------------
    def _filing_cases(self) -> list[Case]:
        q, rng, st = self.q, self.rng, self.staff
        fates = (["file"] * q.get("filing.ordered_to_file", 0)
                 + ["withdraw"] * q.get("filing.ordered_to_withdraw", 0))  # fmt: skip
        cases = []
        for fate in fates:
            case = Case("filing_supervision", "victim", [Person(fate, self._pick(OTHER))])
            d0 = self._start(60)
            cid, number = self._uuid(), self._number("filing_supervision", "刑立监受")
            handler = st.rotate()
            intake = {
                "kind": "filing_supervision",
                "source": {"agency": "victim" if fate == "file" else "police",
                           "name": "被害人" if fate == "file" else "公安机关"},
                "persons": [self._person(case.persons[0], d0, "not_detained")],
                "materials": ["complaint"],
            }  # fmt: skip
            line = self._line
            line(case, cid, number, "case.received", d0, st.manager, intake)
            line(case, cid, number, "case.assigned", d0, st.manager,
                 {"handler": handler, "method": "rotation", "department": "criminal_prosecution"})  # fmt: skip
            on = d0 + timedelta(days=rng.randint(1, 4))
            about = "not_filing" if fate == "file" else "filing"
            line(case, cid, number, "filing.explanation_requested", on, handler, {"about": about})
            on += timedelta(days=rng.randint(3, 6))
            line(case, cid, number, "filing.explanation_received", on, st.manager,
                 {"accepted": False})  # fmt: skip
            on += timedelta(days=rng.randint(2, 10))
            etype = "filing.ordered_to_file" if fate == "file" else "filing.ordered_to_withdraw"
            line(case, cid, number, etype, on, handler, {"approved_by": st.chief})
            on += timedelta(days=rng.randint(5, 14))
            line(case, cid, number, "filing.police_complied", on, st.manager, {})
            cases.append(case)
        return cases

    # --- review of the necessity of detention --------------------------------------------------
    def _detention_cases(self) -> list[Case]:
        q = self.q
        fates = (["accepted"] * q.get("detention.accepted", 0)
                 + ["not_accepted"] * q.get("detention.not_accepted", 0)
                 + ["continued"] * q.get("detention.continued", 0))  # fmt: skip
        return [self._detention_case(fate) for fate in fates]

    def _detention_case(self, fate: str) -> Case:
        rng, st = self.rng, self.staff
        case = Case("detention_necessity", "detention_centre", [Person(fate, self._pick(OTHER))])
        d0 = self._start(30)
        cid, number = self._uuid(), self._number("detention_necessity", "刑羁审受")
        handler = st.rotate()
        intake = {
            "kind": "detention_necessity",
            "source": {"agency": rng.choice(("suspect_application", "detention_centre")),
                       "name": "看守所"},
            "persons": [self._person(case.persons[0], d0, "arrested")],
            "materials": ["application"],
        }  # fmt: skip
        line = self._line
        line(case, cid, number, "case.received", d0, st.manager, intake)
        line(case, cid, number, "case.assigned", d0, st.manager,
             {"handler": handler, "method": "rotation", "department": "criminal_prosecution"})  # fmt: skip
        on = d0 + timedelta(days=rng.randint(3, 12))
        if fate == "continued":
            line(case, cid, number, "detention.continued", on, handler, {}, ("P1",))
        else:
            line(case, cid, number, "detention.release_suggested", on, handler,
                 {"suggestion": rng.choice(("release", "change_measure"))}, ("P1",))  # fmt: skip
            on += timedelta(days=rng.randint(2, 9))
            line(case, cid, number, "detention.reply_received", on, st.manager,
                 {"accepted": fate == "accepted"}, ("P1",))  # fmt: skip
        return case

    # --- public interest litigation ------------------------------------------------------------
    def _credit_code(self, registration: str) -> str:
        """A unified social credit code (GB 32100) with both check characters."""
        org = "".join(self.rng.choice("0123456789") for _ in range(8))
        region = self.unit.code if self.unit.code[:2] != "00" else "110101"
        body = registration + region + org + organisation_code_check_character(org)
        return body + credit_code_check_character(body)

    def _pil_party(self, administrative: bool, domain: str, on: date) -> dict:
        if administrative:
            place = self.unit.name_zh.replace("人民检察院", "")
            return {"name": place + self.rng.choice(ORGANS[domain]), "id_kind": "credit_code",
                    "id_number": self._credit_code("11"), "role": "respondent"}  # fmt: skip
        if self.rng.random() < 0.3:
            out = self._identity(Person("defendant"), on)
            out["role"] = "defendant"
            return out
        name = self.rng.choice(TRADE_NAMES) + self.rng.choice(TRADES) + "有限公司"
        return {"name": name, "id_kind": "credit_code", "id_number": self._credit_code("91"),
                "role": "defendant"}  # fmt: skip

    def _pil_cases(self) -> list[Case]:
        """Cases filed per field, the civil ones drawn at random; administrative ones get
        their suggestions, replies and actions, civil ones their announcements and actions,
        each from the unit's quotas (plan._public_interest)."""
        q, rng = self.q, self.rng
        fields: list[str] = []
        for name in (*PIL_FIELDS, "other"):
            fields += [name] * q.get(f"pil.field.{name}", 0)
        fields = [f if f != "other" else self._pick(OTHER_FIELDS) for f in fields]
        rng.shuffle(fields)
        ship = set(
            rng.sample(
                [i for i, f in enumerate(fields) if f == "environment_resources"],
                q.get("pil.ship_pollution", 0),
            )
        )
        civil = set(rng.sample(range(len(fields)), q.get("pil.civil", 0)))
        admin = [i for i in range(len(fields)) if i not in civil]
        civil_order = sorted(civil)
        rng.shuffle(civil_order)
        fates: dict[int, str] = {}
        # administrative: suggestion, then rectified, refused or no reply; some organs sued
        n_sugg, n_not = q.get("pil.suggestions", 0), q.get("pil.not_rectified", 0)
        n_no_reply, n_sued = q.get("pil.no_reply", 0), q.get("pil.administrative_sued", 0)
        not_rectified = admin[:n_not]
        for k, i in enumerate(not_rectified):
            reply = "no_reply" if k < n_no_reply else "refused"
            sued = k >= n_not - n_sued  # the last ones sued: no-replies first
            fates[i] = f"{reply}{'+sued' if sued else ''}"
        for i in admin[n_not:n_sugg]:
            fates[i] = "rectified"
        for i in admin[n_sugg:]:
            fates[i] = "closed"
        n_civil_sued = q.get("pil.civil_sued", 0)
        n_org = q.get("pil.organisation_sued", 0)
        for k, i in enumerate(civil_order):
            fates[i] = ("sued" if k < n_civil_sued else
                        "organisation" if k < n_civil_sued + n_org else "harm_ended")  # fmt: skip
        sued = [i for i in range(len(fields)) if "sued" in fates[i] and fates[i] != "organisation"]
        rng.shuffle(sued)
        n_withdrawn, n_rejected = q.get("pil.withdrawn", 0), q.get("pil.rejected", 0)
        outcomes = {}
        for k, i in enumerate(sued):
            outcomes[i] = ("withdrawn" if k < n_withdrawn else
                           "rejected" if k < n_withdrawn + n_rejected else "")  # fmt: skip
        urgent = set(rng.sample(admin[:n_sugg], q.get("pil.urgent", 0)))
        cases = []
        for i, domain in enumerate(fields):
            cases.append(self._walk_pil(i not in civil, domain, fates[i], outcomes.get(i, ""),
                                        i in ship, i in urgent))  # fmt: skip
        for _ in range(q.get("pil.not_filed", 0)):
            cases.append(self._walk_pil(rng.random() < 0.9, "other", "not_filed", "", False,
                                        False))  # fmt: skip
        return cases

    def _walk_pil(self, administrative: bool, field: str, fate: str, outcome: str,
                  ship: bool, urgent: bool) -> Case:  # fmt: skip
        rng, st, line = self.rng, self.staff, self._line
        kind = "pil_administrative" if administrative else "pil_civil"
        span = 240 if "sued" in fate else 150
        d0 = self._start(span)
        case = Case(kind, "procuratorate", [])
        cid = self._uuid()
        number = self._number(kind, "行公受" if administrative else "民公受")
        handler = st.rotate_pil()
        party = self._pil_party(administrative, field, d0)
        intake = {
            "kind": kind,
            "source": {"agency": rng.choice(("procuratorate", "procuratorate", "public",
                                             "administrative_agency", "police")),
                       "name": "履职中发现"},
            "persons": [party],
            "materials": ["lead"],
        }  # fmt: skip
        if ship:
            intake["flags"] = ["ship_pollution"]
        line(case, cid, number, "case.received", d0, st.manager, intake)
        line(case, cid, number, "case.assigned", d0, st.manager,
             {"handler": handler, "method": "rotation", "department": "public_interest"})  # fmt: skip
        on = d0 + timedelta(days=rng.randint(3, 15))
        if fate == "not_filed":
            line(case, cid, number, "pil.not_filed", on, handler,
                 {"reason": rng.choice(("no_harm", "outside_scope", "remedied"))})  # fmt: skip
            return case
        line(case, cid, number, "pil.filed", on, handler, {"domain": field})
        on += timedelta(days=rng.randint(5, 20))
        if fate in ("closed", "harm_ended"):
            reason = "rectified" if fate == "closed" else "harm_ended"
            line(case, cid, number, "pil.closed", on + timedelta(days=rng.randint(5, 40)), handler,
                 {"reason": reason})  # fmt: skip
            return case
        if administrative:
            got = on + timedelta(days=rng.randint(0, 3))
            payload = {"received_on": got.isoformat()}
            if urgent:
                payload["urgent"] = True
            line(case, cid, number, "pil.pre_litigation_suggestion", on, handler, payload, ("P1",))
            period = 15 if urgent else 59
            if fate.startswith("no_reply"):
                # recorded once the period (and any holiday after it) has run
                on = got + timedelta(days=period + rng.randint(12, 20))
                line(case, cid, number, "pil.no_reply_recorded", on, handler, {}, ("P1",))
            else:
                on = got + timedelta(days=rng.randint(3, period - 2))
                if self._late():
                    on = got + timedelta(days=period + rng.randint(12, 20))
                reply = "rectified" if fate == "rectified" else "refused"
                line(case, cid, number, "pil.suggestion_replied", on, st.manager,
                     {"outcome": reply}, ("P1",))  # fmt: skip
            if fate == "rectified":
                line(case, cid, number, "pil.closed", on + timedelta(days=rng.randint(1, 15)),
                     handler, {"reason": "rectified"})  # fmt: skip
                return case
            if "sued" not in fate:
                line(case, cid, number, "pil.closed", on + timedelta(days=rng.randint(5, 20)),
                     handler, {"reason": "harm_ended"})  # fmt: skip
                return case
        else:
            line(case, cid, number, "pil.announced", on, handler, {})
            if fate == "organisation":
                line(case, cid, number, "pil.closed", on + timedelta(days=rng.randint(5, 25)),
                     handler, {"reason": "organisation_sued"})  # fmt: skip
                return case
            # 30 days, and a holiday at their end rolls over (at most 8 days)
            on += timedelta(days=rng.randint(40, 55))
        on += timedelta(days=rng.randint(7, 20))
        court = self.court
        line(case, cid, number, "pil.lawsuit_filed", on, handler,
             {"court": court, "approved_by": st.chief}, ("P1",))  # fmt: skip
        on += timedelta(days=rng.randint(40, 90))
        if not outcome:
            outcome = (rng.choice(("ordered_to_perform", "confirmed_unlawful", "revoked"))
                       if administrative else rng.choice(("upheld", "partly_upheld", "mediated")))  # fmt: skip
        # the only party's decision concludes the case (a withdrawal too)
        line(case, cid, number, "pil.judgment", on, st.manager, {"outcome": outcome}, ("P1",))
        return case


def _order(item) -> tuple:
    return item[0], item[1]


def _recorded_in_order(events: list[dict]) -> None:
    """A case's lines recorded in the order they come: each draws its own time of its day,
    so one recorded at or before the line before it (the same day, or an early involvement
    dated before the receipt and recorded after it) takes the minute after that line's."""
    last = None
    for e in events:
        at = datetime.fromisoformat(e["recorded_at"])
        if last is not None and at <= last:
            at = last + timedelta(minutes=1)
            e["recorded_at"] = at.isoformat()
        last = at


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
