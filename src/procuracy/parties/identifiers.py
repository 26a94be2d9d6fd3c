"""Identifiers of parties: citizen identity numbers, unified social credit codes, foreign documents.

Pure Python, no Django: models, forms, actions and the ``procuracy parties`` command all call
the parsers here. Each parser takes the text as typed, returns a frozen dataclass holding the
normalised value and what the number says about its holder, and raises :class:`InvalidIdentifier`
with one precise, human reason when the text is not a valid identifier.

Check characters are computed with python-stdnum (``stdnum.cn.ric`` and ``stdnum.cn.uscc``);
stdnum's own ``validate`` functions are not used, because their exceptions do not say what is
wrong, and because ``stdnum.cn.uscc.validate`` wrongly requires the first eight characters to be
digits (registration authorities ``A``, ``N`` and ``Y`` are letters). The GB 11714 organisation
code check character, which stdnum does not cover, is computed here.

Citizen identity numbers (公民身份号码, GB 11643-1999)
    18 characters: a 6-digit address code, the birth date as YYYYMMDD, a 3-digit sequence number
    (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (``X`` stands for 10;
    a lowercase ``x`` is accepted and written ``X``). Surrounding whitespace is ignored.

    The first two digits of the address code must be a province-level code of GB/T 2260
    (:data:`PROVINCE_CODES`): the 31 mainland provinces, 71 (Taiwan), 81 (Hong Kong) and
    82 (Macao). 83 is accepted too: it is not a GB/T 2260 code, but the residence permits of
    Taiwan residents (台湾居民居住证, 2018) carry the citizen-number format with address code
    830000, as those of Hong Kong and Macao residents carry 810000 and 820000.

    The birth date must be a real date, not before 1900-01-01 (:data:`EARLIEST_BIRTH_DATE`; the
    standard's own example 440524188001010014 is therefore rejected) and not after ``today``.

    A 15-digit first-generation number (1984-1999: address code, birth date as YYMMDD, sequence)
    is converted to 18 digits as GB 11643 prescribes: "19" is inserted before the year and the
    check character computed. ``allow_legacy=False`` rejects it instead.

Unified social credit codes (统一社会信用代码, GB 32100-2015)
    18 characters from ``0-9 A-Z`` without ``I O Z S V`` (lowercase is accepted and written in
    uppercase): the registration authority (1 character), the organisation category
    (1 character), the division code of the registering authority (6 digits, GB/T 2260; only
    checked to be digits), the organisation code under GB 11714 (8 characters and a check
    character) and a check character under GB 32100 (ISO 7064 MOD 31-3 over the 17 characters
    before it). Both check characters are verified. The registration authority and the
    organisation category must be in the standard's table 1 (:data:`REGISTRATION_AUTHORITIES`).

Foreign documents
    :func:`parse_foreign_document` checks the kind, an ISO 3166-1 alpha-3 country (three letters;
    the code list itself is not checked) and a number of 5 to 20 letters and digits. The number of
    a foreigner's permanent residence ID card of the 2023 version (外国人永久居留身份证, issued from
    2023-12-01) is 17 digits starting with 9 and a MOD 11-2 check character computed as for
    citizen numbers: an 18-character number of that kind must be one. The earlier cards' numbers
    (3 letters and 12 digits) get the generic check only.

Ages
    :func:`age_on` counts full years the way Chinese law does (周岁): a person reaches an age on the
    day after the birthday (Civil Code art. 201; 法释〔2006〕1号 art. 2 for criminal liability), so
    on the 18th birthday itself a person is still a minor. Someone born on 29 February has the
    birthday on 28 February in common years (Civil Code art. 202).
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass

from stdnum.cn import ric, uscc

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "EARLIEST_BIRTH_DATE",
    "FEMALE",
    "MALE",
    "PROVINCE_CODES",
    "REGISTRATION_AUTHORITIES",
    "CitizenId",
    "CreditCode",
    "ForeignDocument",
    "ForeignDocumentKind",
    "InvalidIdentifier",
    "age_on",
    "citizen_id_check_character",
    "credit_code_check_character",
    "is_minor_on",
    "organisation_code_check_character",
    "parse_citizen_id",
    "parse_credit_code",
    "parse_foreign_document",
]


class InvalidIdentifier(ValueError):
    """The text is not a valid identifier; ``reason`` says why, in words a clerk can act on.
    ``zh``, where given, is the same reason in Chinese (for the staff web)."""

    def __init__(self, value: str, reason: str, zh: str | None = None) -> None:
        super().__init__(f"invalid identifier {value!r}: {reason}")
        self.value = value
        self.reason = reason
        self.zh = zh


# --- citizen identity numbers (GB 11643-1999) -------------------------------------------------

#: First two digits of a citizen number's address code that are accepted (see the module doc).
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 16)]  # 北京 天津 河北 山西 内蒙古
    + [str(n) for n in range(21, 24)]  # 辽宁 吉林 黑龙江
    + [str(n) for n in range(31, 38)]  # 上海 江苏 浙江 安徽 福建 江西 山东
    + [str(n) for n in range(41, 47)]  # 河南 湖北 湖南 广东 广西 海南
    + [str(n) for n in range(50, 55)]  # 重庆 四川 贵州 云南 西藏
    + [str(n) for n in range(61, 66)]  # 陕西 甘肃 青海 宁夏 新疆
    + ["71", "81", "82", "83"]  # 台湾 香港 澳门; 83: Taiwan residents' residence permits
)

#: Birth dates before this one are rejected.
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

MALE = "male"
FEMALE = "female"


@dataclass(frozen=True)
class CitizenId:
    """A valid 18-character citizen identity number and what it says."""

    value: str  # 18 characters, check character in uppercase
    region_code: str  # the 6-digit address code
    birth_date: datetime.date
    sex: str  # "male" or "female"

    def __str__(self) -> str:
        return self.value


def citizen_id_check_character(body: str) -> str:
    """The GB 11643 check character (``0``-``9`` or ``X``) for the first 17 digits."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError("the body of a citizen identity number is 17 digits")
    # stdnum wants the number with a check character in place; its value is not used.
    return ric.calc_check_digit(body + "0")


def parse_citizen_id(
    value: str, *, today: datetime.date | None = None, allow_legacy: bool = True
) -> CitizenId:
    """Check a citizen identity number and return it; raise :class:`InvalidIdentifier` if invalid.

    ``today`` (default: the system date) bounds the birth date. A 15-digit first-generation
    number is converted to 18 digits unless ``allow_legacy`` is false.
    """
    if not isinstance(value, str):
        raise InvalidIdentifier(
            repr(value), f"expected text, found {type(value).__name__}", "应为文字"
        )
    number = value.strip()
    if len(number) == 15:
        _check_characters(value, number, lambda i, c: c in "0123456789")
        if not allow_legacy:
            raise InvalidIdentifier(
                value,
                "15-digit first-generation number: convert to 18 digits",
                "15位的第一代身份证号码：请换算为18位号码",
            )
        body = number[:6] + "19" + number[6:]
        number = body + citizen_id_check_character(body)
        # From here on the positions are those of the 18-digit number; a wrong date is reported
        # with its full year, which is what the conversion assumes.
    elif len(number) != 18:
        raise InvalidIdentifier(value, _wrong_length(number), _wrong_length_zh(number))
    else:
        if not _WELL_FORMED_18(number):  # the loop below says where and why
            _check_characters(
                value, number, lambda i, c: c in "0123456789" or (i == 17 and c in "Xx")
            )
        number = number.upper()

    province = number[:2]
    if province not in PROVINCE_CODES:
        foreign = province[0] == "9"
        hint = " (a number starting with 9 is a foreigner's permanent residence card)"
        hint_zh = "（以9开头的号码是外国人永久居留身份证号码）"
        raise InvalidIdentifier(
            value,
            f"unknown province code {province}{hint if foreign else ''}",
            f"省级行政区划代码{province}不存在{hint_zh if foreign else ''}",
        )

    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError:
        written = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        raise InvalidIdentifier(
            value, f"impossible birth date {written}", f"出生日期{written}不存在"
        ) from None
    if birth_date < EARLIEST_BIRTH_DATE:
        raise InvalidIdentifier(
            value,
            f"birth date {birth_date.isoformat()} is before {EARLIEST_BIRTH_DATE.isoformat()}",
            f"出生日期{birth_date.isoformat()}早于{EARLIEST_BIRTH_DATE.isoformat()}",
        )
    if birth_date > (today or datetime.date.today()):
        raise InvalidIdentifier(
            value,
            f"birth date {birth_date.isoformat()} is in the future",
            f"出生日期{birth_date.isoformat()}晚于今天",
        )

    expected = citizen_id_check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdentifier(
            value,
            f"wrong check character (expected {expected}, found {number[17]})",
            f"校验码错误（应为{expected}，实为{number[17]}）",
        )
    return CitizenId(
        value=number,
        region_code=number[:6],
        birth_date=birth_date,
        sex=MALE if int(number[14:17]) % 2 else FEMALE,
    )


#: 17 ASCII digits and a digit or X: the common case, checked at once.
_WELL_FORMED_18 = re.compile(r"[0-9]{17}[0-9Xx]").fullmatch


def _wrong_length(text: str) -> str:
    return f"wrong length ({len(text)} character{'' if len(text) == 1 else 's'}, expected 18)"


def _wrong_length_zh(text: str) -> str:
    return f"位数不对（{len(text)}位，应为18位）"


def _check_characters(value: str, number: str, allowed, hint=lambda i, c: ("", "")) -> None:
    """Raise on the first character ``allowed(position, character)`` refuses; ``hint`` gives
    what to add to the reason, in English and in Chinese."""
    for i, char in enumerate(number):
        if not allowed(i, char):
            en, zh = hint(i, char)
            raise InvalidIdentifier(
                value,
                f"invalid character {char!r} at position {i + 1}{en}",
                f"第{i + 1}位字符{char!r}无效{zh}",
            )


# --- ages ------------------------------------------------------------------------------------


def _anniversary(birth_date: datetime.date, years: int) -> datetime.date:
    """The ``years``-th birthday; 28 February in common years for those born on 29 February."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return datetime.date(birth_date.year + years, 2, 28)


def age_on(
    birth_date: datetime.date, on_date: datetime.date, *, birthday_counts: bool = False
) -> int:
    """Full years of age (周岁) on ``on_date``.

    By default an age is reached on the day after the birthday, as Chinese law counts it (see
    the module doc): born 2006-05-01, a person is 17 on 2024-05-01 and 18 from 2024-05-02.
    ``birthday_counts=True`` gives the everyday count, where the birthday itself counts.
    """
    if on_date < birth_date:
        raise ValueError(f"{on_date.isoformat()} is before the birth date {birth_date.isoformat()}")
    years = on_date.year - birth_date.year
    reached = _anniversary(birth_date, years)
    if not birthday_counts:
        reached += datetime.timedelta(days=1)
    return years if on_date >= reached or years == 0 else years - 1


def is_minor_on(
    birth_date: datetime.date, on_date: datetime.date, *, birthday_counts: bool = False
) -> bool:
    """Whether the person is under 18 on ``on_date`` (counted as :func:`age_on` counts)."""
    return age_on(birth_date, on_date, birthday_counts=birthday_counts) < 18


# --- unified social credit codes (GB 32100-2015) ---------------------------------------------

#: The characters of a credit code, in the order of their values 0-30 (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: GB 32100-2015 table 1: registration authority code -> (name, {category code: name}).
REGISTRATION_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),  # the standard does not divide it: category is always 1
}

_ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class CreditCode:
    """A valid unified social credit code and its parts."""

    value: str  # 18 characters, uppercase
    registration_authority: str  # position 1, a key of REGISTRATION_AUTHORITIES
    organisation_category: str  # position 2
    division_code: str  # positions 3-8
    organisation_code: str  # positions 9-17, check character included

    def __str__(self) -> str:
        return self.value

    @property
    def registration_authority_name(self) -> str:
        return REGISTRATION_AUTHORITIES[self.registration_authority][0]

    @property
    def organisation_category_name(self) -> str:
        return REGISTRATION_AUTHORITIES[self.registration_authority][1][self.organisation_category]


def organisation_code_check_character(body: str) -> str:
    """The GB 11714 check character for the 8 body characters of an organisation code.

    Digits count their value, letters A-Z 10-35; C9 = 11 - (weighted sum mod 11), written ``X``
    for 10 and ``0`` for 11.
    """
    if len(body) != 8 or not all(c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in body):
        raise ValueError("the body of an organisation code is 8 digits or uppercase letters")
    total = sum(int(c, 36) * w for c, w in zip(body, _ORGANISATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_character(body: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    if len(body) != 17 or any(c not in CREDIT_CODE_ALPHABET for c in body):
        raise ValueError("the body of a credit code is 17 characters of CREDIT_CODE_ALPHABET")
    return uscc.calc_check_digit(body)


def _credit_code_hint(i: int, char: str) -> tuple[str, str]:
    if 2 <= i <= 7 and char.upper() in CREDIT_CODE_ALPHABET:
        return (
            " (positions 3-8, the division code, are digits)",
            "（第3至8位是登记管理机关行政区划码，应为数字）",
        )
    if char.upper() in "IOZSV":
        return (
            " (the letters I, O, Z, S and V are not used)",
            "（不使用字母I、O、Z、S、V）",
        )
    return "", ""


def parse_credit_code(value: str) -> CreditCode:
    """Check a unified social credit code and return it; raise :class:`InvalidIdentifier` if not."""
    if not isinstance(value, str):
        raise InvalidIdentifier(
            repr(value), f"expected text, found {type(value).__name__}", "应为文字"
        )
    code = value.strip()
    if len(code) != 18:
        raise InvalidIdentifier(value, _wrong_length(code), _wrong_length_zh(code))
    _check_characters(
        value,
        code,
        lambda i, c: (c in "0123456789") if 2 <= i <= 7 else (c.upper() in CREDIT_CODE_ALPHABET),
        _credit_code_hint,
    )
    code = code.upper()

    authority, category = code[0], code[1]
    if authority not in REGISTRATION_AUTHORITIES:
        raise InvalidIdentifier(
            value,
            f"unknown registration authority code {authority}",
            f"登记管理部门代码{authority}不存在",
        )
    authority_name, categories = REGISTRATION_AUTHORITIES[authority]
    if category not in categories:
        raise InvalidIdentifier(
            value,
            f"unknown organisation category {category} for registration authority "
            f"{authority} ({authority_name}): expected one of {', '.join(categories)}",
            f"登记管理部门{authority}（{authority_name}）没有机构类别代码{category}："
            f"应为{'、'.join(categories)}之一",
        )

    problems = []  # (English, Chinese)
    expected = organisation_code_check_character(code[8:16])
    if code[16] != expected:
        problems.append(
            (
                f"wrong organisation code check character (position 17: expected {expected}, "
                f"found {code[16]})",
                f"组织机构代码校验码错误（第17位：应为{expected}，实为{code[16]}）",
            )
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        problems.append(
            (
                f"wrong check character (position 18: expected {expected}, found {code[17]})",
                f"校验码错误（第18位：应为{expected}，实为{code[17]}）",
            )
        )
    if problems:
        raise InvalidIdentifier(
            value, "; ".join(en for en, _ in problems), "；".join(zh for _, zh in problems)
        )
    return CreditCode(
        value=code,
        registration_authority=authority,
        organisation_category=category,
        division_code=code[2:8],
        organisation_code=code[8:17],
    )


# --- foreign documents -----------------------------------------------------------------------


class ForeignDocumentKind(enum.StrEnum):
    PASSPORT = "passport"
    FOREIGNER_PERMANENT_RESIDENCE_CARD = "foreigner_permanent_residence_card"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    OTHER = "other"


@dataclass(frozen=True)
class ForeignDocument:
    """An identity document other than a citizen identity card; build it with
    :func:`parse_foreign_document`."""

    kind: ForeignDocumentKind
    number: str  # 5-20 letters and digits, uppercase
    country: str  # ISO 3166-1 alpha-3, uppercase

    def __str__(self) -> str:
        return f"{self.kind} {self.country} {self.number}"


_DOCUMENT_NUMBER = re.compile(r"[0-9A-Z]{5,20}")
_COUNTRY = re.compile(r"[A-Z]{3}")


def parse_foreign_document(kind: str, number: str, country: str) -> ForeignDocument:
    """Check a foreign document's kind, number and country; raise :class:`InvalidIdentifier`.

    The number and country are stripped and written in uppercase.
    """
    try:
        kind = ForeignDocumentKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in ForeignDocumentKind)
        raise InvalidIdentifier(
            kind,
            f"unknown document kind {kind!r}: expected one of {kinds}",
            f"证件类型{kind!r}不存在：应为{'、'.join(k.value for k in ForeignDocumentKind)}之一",
        ) from None
    number_text = (number or "").strip().upper()
    country_text = (country or "").strip().upper()
    if not number_text:
        raise InvalidIdentifier(number, "the document number is empty", "未填写证件号码")
    if not _DOCUMENT_NUMBER.fullmatch(number_text):
        raise InvalidIdentifier(
            number,
            "the document number must be 5 to 20 letters (A-Z) and digits",
            "证件号码应为5至20位字母（A-Z）和数字",
        )
    if not _COUNTRY.fullmatch(country_text):
        raise InvalidIdentifier(
            country,
            "the country must be an ISO 3166-1 alpha-3 code: three letters, e.g. USA",
            "国家（地区）应为ISO 3166-1三字母代码，例如USA",
        )
    if kind is ForeignDocumentKind.FOREIGNER_PERMANENT_RESIDENCE_CARD and len(number_text) == 18:
        _check_permanent_residence_id(number, number_text)
    return ForeignDocument(kind=kind, number=number_text, country=country_text)


def _check_permanent_residence_id(value: str, number: str) -> None:
    """The 18-character permanent residence ID card (2023): 9, 16 digits, MOD 11-2 check."""
    if number[0] != "9":
        raise InvalidIdentifier(
            value,
            "an 18-character permanent residence card number starts with 9",
            "18位的外国人永久居留身份证号码以9开头",
        )
    _check_characters(value, number, lambda i, c: c in "0123456789" or (i == 17 and c == "X"))
    expected = citizen_id_check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdentifier(
            value,
            f"wrong check character (expected {expected}, found {number[17]})",
            f"校验码错误（应为{expected}，实为{number[17]}）",
        )
