"""Case-level findings the charges alone cannot tell (declared, with their legal basis).

The case management office marks them at intake (``flags`` of ``case.received``); the figures
count by them where the work report does (crimes committed using the internet, telecom
network fraud, crimes against minors, ...). Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseFlag:
    code: str
    zh: str
    en: str
    basis: str


CASE_FLAGS: tuple[CaseFlag, ...] = (
    CaseFlag(
        "internet",
        "利用信息网络实施",
        "committed using the internet",
        "SPC/SPP/MPS Opinions on Criminal Procedure in Information Network Crime Cases (2022)",
    ),
    CaseFlag(
        "telecom_network",
        "电信网络诈骗",
        "telecom network fraud",
        "Anti-Telecom and Online Fraud Law art. 2",
    ),
    CaseFlag(
        "gang_evil",
        "涉黑涉恶",
        "gang or evil-forces crime",
        "SPC/SPP/MPS/MOJ Guiding Opinions on Handling Gang-Related Criminal Cases (2018)",
    ),
    CaseFlag(
        "rural_clan_gang",
        "农村宗族黑恶势力",
        "clan or gang forces in rural areas",
        "Anti-Organized Crime Law art. 2; SPC/SPP/MPS/MOJ Guiding Opinions on Handling "
        "Gang-Related Criminal Cases (2018)",
    ),
    CaseFlag(
        "delivery_contraband",
        "寄递毒品、枪支弹药、爆炸物",
        "drugs, guns, ammunition or explosives sent by post or courier",
        "Criminal Law arts. 125, 347",
    ),
    CaseFlag(
        "medical_staff_victim",
        "伤害、侮辱医务人员",
        "medical staff injured or harassed",
        "Law on Basic Medical and Health Care art. 46; Criminal Law art. 290 ¶1",
    ),
    CaseFlag(
        "financial_sector",
        "金融领域职务犯罪",
        "a duty crime in the financial sector",
        "Supervision Law art. 15",
    ),
    CaseFlag(
        "medical_sector",
        "医药领域职务犯罪",
        "a duty crime in the medical and pharmaceutical sector",
        "Supervision Law art. 15",
    ),
    CaseFlag(
        "minor_victim",
        "被害人系未成年人",
        "a victim under 18",
        "Law on the Protection of Minors art. 2",
    ),
    CaseFlag(
        "female_victim",
        "被害人系妇女",
        "a woman victim",
        "Law on the Protection of Women's Rights and Interests art. 2",
    ),
    CaseFlag(
        "domestic_violence",
        "家庭暴力",
        "domestic violence",
        "Anti-Domestic Violence Law art. 2",
    ),
    CaseFlag(
        "ship_pollution",
        "船舶污染",
        "pollution from ships",
        "Yangtze River Protection Law (2020), on ship pollution of the river and its tributaries",
    ),
    CaseFlag(
        "intellectual_property",
        "知识产权",
        "intellectual property",
        "Civil Code art. 123 (the rights of intellectual property)",
    ),
    CaseFlag(
        "repeat_petition",
        "重复信访",
        "a repeated petition",
        "Regulations on Xinfang Work art. 35 (a request already answered)",
    ),
    CaseFlag(
        "lawyer_rights",
        "阻碍律师依法执业",
        "obstruction of a lawyer's practice rights",
        "CPL art. 49",
    ),
    CaseFlag(
        "against_own_decision",
        "不服检察机关处理决定",
        "against a decision of the procuratorate",
        "Rules art. 164",
    ),
    CaseFlag(
        "rural_victim",
        "农村籍被害人",
        "a victim from the countryside",
        "Judicial Relief Rules (a secondary source)",
    ),
    CaseFlag(
        "military_family",
        "军人军属、退役军人",
        "a serviceman, a serviceman's family or a veteran",
        "Servicemen Status and Rights Protection Law art. 2",
    ),
    CaseFlag(
        "serious_injury",
        "致人重伤、死亡",
        "causing serious injury or death",
        "Criminal Law art. 234 ¶2 (the serious outcomes of intentional injury)",
    ),
    CaseFlag(
        "military_victim",
        "侵害军人、军属、英雄烈士权益",
        "against servicemen, their families, heroes or martyrs",
        "Servicemen Status and Rights Protection Law art. 2; Heroes and Martyrs Protection Law",
    ),
    CaseFlag(
        "false_litigation",
        "虚假诉讼",
        "false litigation",
        "CivPL art. 115; Criminal Law art. 307-1",
    ),
    CaseFlag(
        "temporary_service",
        "暂予监外执行决定（批准）",
        "a decision to let a convict serve outside prison",
        "CPL art. 267 (reviewed within one month of the notice; Rules art. 632)",
    ),
)
FLAGS = {f.code: f for f in CASE_FLAGS}
#: flag -> the flag it narrows (a case of clan forces in rural areas is a gang case)
IMPLIES = {"rural_clan_gang": "gang_evil"}


class FlagError(ValueError):
    """Why an intake's flags are refused, in English (the message) and in Chinese (``zh``)."""

    def __init__(self, message: str, zh: str):
        super().__init__(message)
        self.zh = zh


def clean_flags(value: Any) -> list[str]:
    """The flags of an intake, sorted and without repeats; :class:`FlagError` if any is
    unknown or the value is not a list of codes."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise FlagError("must be a list of flag codes", zh="案件情节应为情节代码的列表")
    unknown = sorted(set(value) - set(FLAGS))
    if unknown:
        raise FlagError(
            f"unknown flag(s) {', '.join(unknown)}: one of {', '.join(sorted(FLAGS))}",
            zh=f"未知的案件情节{'、'.join(unknown)}：应为{'、'.join(sorted(FLAGS))}之一",
        )
    for flag, wider in IMPLIES.items():
        if flag in value and wider not in value:
            raise FlagError(
                f"{flag} narrows {wider}: mark the case {wider} too",
                zh=f"案件情节{flag}（{FLAGS[flag].zh}）属于{wider}（{FLAGS[wider].zh}）："
                f"应当同时标记{wider}",
            )
    return sorted(set(value))
