"""The figure registry: declarations, versioned by edition. Pure Python.

A figure counts facts of the ledger (events, distinct persons, or distinct cases) that match a
filter, or divides two figures. Each fact is one event on one person (or on the case, for a
case-wide event); see ``facts.py`` for its columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Match:
    """One event type, optionally restricted to some codes (the payload's reason, type,
    outcome, kind or measure) and to a flag value (the payload's ``accepted`` or ``long``)."""

    event_type: str
    codes: tuple[str, ...] = ()
    flag: bool | None = None
    # the event's detail, the payload value after its code (facts.CODE_KEYS): a first-instance
    # decision's outcome
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filter:
    events: tuple[Match, ...]
    case_kinds: tuple[str, ...] = ()
    source_agencies: tuple[str, ...] = ()
    minor: bool | None = None
    female: bool | None = None
    foreign: bool | None = None
    guilty_plea: bool | None = None
    charge_groups: tuple[str, ...] = ()
    case_flags: tuple[str, ...] = ()  # every one of these case-level findings (cases/flags.py)
    # Facts of these procuratorates only (by code), not of their subtrees: what the SPP
    # itself did ("000000").
    units: tuple[str, ...] = ()
    ranks: tuple[str, ...] = ()  # the person's rank (cases/engine.py RANKS)
    custody: tuple[str, ...] = ()  # the person's custody when the case was received


@dataclass(frozen=True)
class Figure:
    id: str
    zh: str
    en: str
    unit: str  # persons, cases, events, rate, yuan
    count: str  # "persons", "cases", "events", "sum" (of the facts' amounts) or "ratio"
    filter: Filter | None = None
    numerator: str | None = None
    denominator: str | None = None
    definition: str = ""
    definition_zh: str = ""  # the same in Chinese, for the staff web
    basis: tuple[str, ...] = field(default_factory=tuple)
    # what a "sum" adds up: the payload's "amount" (yuan) or the fact's "days" since the case
    # was received
    measure: str = "amount"


def E(
    event_type: str, *codes: str, flag: bool | None = None, details: tuple[str, ...] = ()
) -> Match:
    return Match(event_type, tuple(codes), flag, details)


#: The kinds of case of the criminal business line (cases.catalogue.PROCEDURES with line
#: "criminal"; a test keeps the two in step).
CRIMINAL_KINDS = (
    "arrest_reexamination",
    "arrest_review",
    "confiscation_review",
    "detention_necessity",
    "filing_supervision",
    "judicial_assistance",
    "limitation_approval",
    "property_penalty_supervision",
    "prosecution_review",
    "self_investigation",
    "sentence_change_supervision",
)

PROSECUTED = E("prosecution.prosecuted")
NOT_PROSECUTED = E("prosecution.not_prosecuted")
CONDITIONAL_DONE = E("prosecution.conditional_completed")
#: The cases a supervision commission transfers for review for prosecution (CPL art. 170): not
#: its applications to confiscate an absconded suspect's gains (CPL art. 298).
COMMISSION_TRANSFERS = Filter(
    (E("case.received"),),
    source_agencies=("supervision_commission",),
    case_kinds=("prosecution_review",),
)
ARRESTED = (
    E("arrest.approved"),
    E("arrest.reconsideration_decided", "changed"),
    E("arrest.reexamination_decided", "changed"),
    E("commission.measure_decided", "arrested"),
)

WORK_REPORT: tuple[Figure, ...] = (
    Figure(
        "criminal.arrested",
        "批准和决定逮捕人数",
        "suspects approved or decided for arrest",
        "persons",
        "persons",
        Filter(ARRESTED),
        definition="persons with an arrest approved at review, after reconsideration or "
        "review, or decided for a supervision-commission detainee",
        definition_zh="审查逮捕中批准逮捕、经复议或者复核后批准逮捕，以及对被留置人决定逮捕的人数",
        basis=("CPL art. 81", "CPL art. 170"),
    ),
    Figure(
        "criminal.prosecuted",
        "提起公诉人数",
        "people prosecuted",
        "persons",
        "persons",
        Filter((PROSECUTED,)),
        basis=("CPL art. 176",),
    ),
    Figure(
        "criminal.not_arrested_no_necessity",
        "无逮捕必要不捕人数",
        "people not arrested because arrest was not necessary",
        "persons",
        "persons",
        Filter((E("arrest.not_approved", "no_necessity"),)),
        basis=("Rules art. 140",),
    ),
    Figure(
        "criminal.not_prosecuted_discretionary",
        "酌定不起诉人数",
        "people not prosecuted because the circumstances were slight",
        "persons",
        "persons",
        Filter((E("prosecution.not_prosecuted", "discretionary"),)),
        basis=("CPL art. 177 ¶2",),
    ),
    Figure(
        "criminal.not_prosecuted",
        "不起诉人数",
        "people not prosecuted",
        "persons",
        "persons",
        Filter((NOT_PROSECUTED, CONDITIONAL_DONE)),
        basis=("CPL art. 177", "CPL art. 284"),
    ),
    Figure(
        "criminal.detention_changed",
        "羁押必要性审查后变更强制措施人数",
        "suspects whose measure was changed after a review of detention",
        "persons",
        "persons",
        Filter((E("detention.reply_received", flag=True),)),
        basis=("CPL art. 95",),
    ),
    Figure(
        "criminal.concluded_review",
        "审查起诉审结人数",
        "people whose review for prosecution was concluded",
        "persons",
        "persons",
        Filter((PROSECUTED, NOT_PROSECUTED, E("prosecution.conditional_non_prosecution"))),
    ),
    Figure(
        "criminal.concluded_review_with_plea",
        "认罪认罚审结人数",
        "people concluded in review for prosecution who admitted guilt",
        "persons",
        "persons",
        Filter(
            (PROSECUTED, NOT_PROSECUTED, E("prosecution.conditional_non_prosecution")),
            guilty_plea=True,
        ),
        basis=("CPL art. 15",),
    ),
    Figure(
        "criminal.plea_rate",
        "认罪认罚适用率",
        "guilty-plea application rate",
        "rate",
        "ratio",
        numerator="criminal.concluded_review_with_plea",
        denominator="criminal.concluded_review",
        definition="[I] concluded persons with a plea ÷ persons concluded (domain.md §3.4)",
        definition_zh="[I] 审查起诉终结人员中适用认罪认罚的人数 ÷ 审查起诉终结人数（domain.md §3.4）",
    ),
    Figure(
        "criminal.first_instance_with_plea",
        "认罪认罚案件一审判决人数",
        "first-instance judgments in guilty-plea cases",
        "persons",
        "persons",
        Filter((E("trial.first_instance_decided", "judgment"),), guilty_plea=True),
    ),
    Figure(
        "criminal.first_instance_with_plea_accepted",
        "认罪认罚案件一审服判人数",
        "first-instance judgments in guilty-plea cases accepted by the parties",
        "persons",
        "persons",
        Filter((E("trial.first_instance_decided", "judgment", flag=True),), guilty_plea=True),
    ),
    Figure(
        "criminal.plea_acceptance_rate",
        "认罪认罚案件一审服判率",
        "rate of parties' acceptance of first-instance verdicts (guilty-plea cases)",
        "rate",
        "ratio",
        numerator="criminal.first_instance_with_plea_accepted",
        denominator="criminal.first_instance_with_plea",
    ),
    Figure(
        "duty.transferred",
        "受理监察机关移送职务犯罪人数",
        "people transferred by supervision commissions for duty crimes",
        "persons",
        "persons",
        COMMISSION_TRANSFERS,
        definition="the suspects of the cases a supervision commission transfers for review "
        "for prosecution, not the absconded suspects of its applications to confiscate gains "
        "(CPL art. 298)",
        definition_zh="监察机关移送审查起诉案件中的犯罪嫌疑人，不含其申请没收违法所得案件中"
        "逃匿的犯罪嫌疑人（刑事诉讼法第二百九十八条）",
        basis=("CPL art. 170",),
    ),
    Figure(
        "duty.prosecuted",
        "职务犯罪起诉人数",
        "people prosecuted for duty crimes",
        "persons",
        "persons",
        Filter((PROSECUTED,), source_agencies=("supervision_commission",)),
    ),
    Figure(
        "duty.prosecuted.provincial_ministerial",
        "起诉原省部级干部人数",
        "former provincial and ministerial level cadres prosecuted",
        "persons",
        "persons",
        Filter(
            (PROSECUTED,),
            source_agencies=("supervision_commission",),
            ranks=("provincial_ministerial",),
        ),
        definition="people prosecuted in cases from supervision commissions whose rank, as "
        "the commission transferred them, is provincial or ministerial",
        definition_zh="监察机关移送的案件中，按移送时职级为省部级的被起诉人数",
    ),
    Figure(
        "duty.cases_received",
        "受理监察机关移送审查起诉案件数",
        "duty-crime cases received for review for prosecution",
        "cases",
        "cases",
        COMMISSION_TRANSFERS,
        definition="cases a supervision commission transfers for review for prosecution "
        "(CPL art. 170), not its applications to confiscate an absconded suspect's gains "
        "(CPL art. 298)",
        definition_zh="监察机关移送审查起诉的案件（刑事诉讼法第一百七十条），不含其申请没收"
        "逃匿犯罪嫌疑人违法所得的案件（刑事诉讼法第二百九十八条）",
    ),
    Figure(
        "duty.cases_early_involvement",
        "提前介入案件数",
        "duty-crime cases with early involvement",
        "cases",
        "cases",
        Filter((E("commission.early_involvement"),), source_agencies=("supervision_commission",)),
    ),
    Figure(
        "duty.early_involvement_share",
        "提前介入案件占受理案件比例",
        "share of accepted cases with early involvement",
        "rate",
        "ratio",
        numerator="duty.cases_early_involvement",
        denominator="duty.cases_received",
    ),
    Figure(
        "duty.self_supplementary",
        "自行补充侦查案件数",
        "duty-crime cases with supplementary investigation by the procuratorate",
        "cases",
        "cases",
        Filter(
            (E("prosecution.self_supplementary_investigation"),),
            source_agencies=("supervision_commission",),
        ),
    ),
    Figure(
        "duty.returned",
        "退回补充调查案件数",
        "duty-crime cases returned for supplementary investigation",
        "cases",
        "cases",
        Filter(
            (E("prosecution.returned_for_supplementary_investigation"),),
            source_agencies=("supervision_commission",),
        ),
    ),
    Figure(
        "criminal.justified_defence",
        "认定正当防卫人数",
        "people found to have acted in justified defence",
        "persons",
        "persons",
        Filter((E("justified_defence.determined", "justified"),)),
        basis=("Criminal Law art. 20",),
    ),
    Figure(
        "criminal.protests_concluded",
        "抗诉案件审结人数",
        "protests concluded by the courts",
        "persons",
        "persons",
        Filter((E("protest.decided"),)),
    ),
    Figure(
        "criminal.protests_changed",
        "抗诉案件改变人数",
        "protests ending in a changed judgment or a remand",
        "persons",
        "persons",
        Filter((E("protest.decided", "changed", "remanded"),)),
    ),
    Figure(
        "criminal.protest_change_rate",
        "刑事抗诉改变率",
        "change rate of criminal protests",
        "rate",
        "ratio",
        numerator="criminal.protests_changed",
        denominator="criminal.protests_concluded",
    ),
    Figure(
        "criminal.filing_ordered",
        "监督公安机关立案件数",
        "cases the police were ordered to file",
        "cases",
        "cases",
        Filter((E("filing.ordered_to_file"),)),
        basis=("CPL art. 113",),
    ),
    Figure(
        "criminal.withdrawal_ordered",
        "监督公安机关撤案件数",
        "cases the police were ordered to withdraw",
        "cases",
        "cases",
        Filter((E("filing.ordered_to_withdraw"),)),
        basis=("Rules art. 559",),
    ),
    Figure(
        "criminal.additional_arrests",
        "追捕人数",
        "additional arrests",
        "persons",  # each event is one more person arrested or prosecuted
        "events",
        Filter((E("arrest.additional_arrest"),)),
        basis=("Rules art. 288",),
    ),
    Figure(
        "criminal.additional_prosecutions",
        "追诉人数",
        "additional prosecutions",
        "persons",  # each event is one more person arrested or prosecuted
        "events",
        Filter((E("prosecution.additional_prosecution"),)),
        basis=("Rules art. 356",),
    ),
    Figure(
        "juvenile.conditional_non_prosecution",
        "附条件不起诉人数",
        "minors given conditional non-prosecution",
        "persons",
        "persons",
        Filter((E("prosecution.conditional_non_prosecution"),)),
        basis=("CPL art. 282",),
    ),
    Figure(
        "juvenile.prosecuted",
        "起诉未成年人人数",
        "minors prosecuted",
        "persons",
        "persons",
        Filter((PROSECUTED,), minor=True),
    ),
    Figure(
        "criminal.cases_received",
        "受理刑事案件数",
        "criminal cases received",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=CRIMINAL_KINDS),
        definition="cases received of the criminal business line's kinds",
        definition_zh="受理的刑事检察业务类型的案件",
    ),
)

# People prosecuted per charge group of the report (docs/charges.md): the charge decides the
# group, or, for a group's conditional charges, the charge in a case with the group's flag
# (serious violence counts intentional injury only with serious_injury; national defence
# counts any crime against servicemen, flag military_victim).
REPORTED_GROUPS = (
    "theft-fraud-drugs", "market-economy", "tax", "intellectual-property", "financial",
    "illegal-fundraising", "securities", "money-laundering", "assisting-information-network",
    "agricultural-inputs", "farmland", "cultural-relics", "production-safety",
    "food-drug-safety", "environmental-pollution", "environment-resources", "false-litigation",
    "wage-arrears", "serious-violence", "national-defence",
)  # fmt: skip


def _group_prosecutions() -> tuple[Figure, ...]:
    from procuracy import charges

    out = []
    for gid in REPORTED_GROUPS:
        group = charges.group(gid)
        out.append(Figure(
            f"criminal.prosecuted.{gid.replace('-', '_')}", f"起诉{group.zh}人数",
            f"people prosecuted for {group.en}", "persons", "persons",
            Filter((PROSECUTED,), charge_groups=(gid,)), basis=(group.basis,),
        ))  # fmt: skip
    return tuple(out)


NO_PLEA_JUDGMENTS = Filter((E("trial.first_instance_decided", "judgment"),), guilty_plea=False)
WORK_REPORT = (
    *WORK_REPORT,
    *_group_prosecutions(),
    Figure(
        "duty.prosecuted.bribe_giving",
        "起诉行贿犯罪人数",
        "people prosecuted for bribe-giving",
        "persons",
        "persons",
        Filter((PROSECUTED,), charge_groups=("bribe-giving",)),
    ),
    Figure(
        "criminal.not_arrested_no_crime_or_evidence",
        "不构成犯罪或证据不足不捕人数",
        "people not arrested for no crime or insufficient evidence",
        "persons",
        "persons",
        Filter((E("arrest.not_approved", "no_crime", "insufficient_evidence"),)),
        basis=("Rules art. 139",),
    ),
    Figure(
        "criminal.not_prosecuted_statutory_or_evidence",
        "法定不起诉和存疑不起诉人数",
        "people not prosecuted on statutory grounds or for insufficient evidence",
        "persons",
        "persons",
        Filter((E("prosecution.not_prosecuted", "statutory", "insufficient_evidence"),)),
        basis=("CPL art. 175", "CPL art. 177 ¶1"),
    ),
    Figure(
        "criminal.not_prosecuted_referred",
        "不起诉后提出检察意见移送主管机关处理人数",
        "people not prosecuted and referred to the competent authority with a procuratorial "
        "opinion",
        "persons",
        "persons",
        Filter((E("prosecution.referred_for_penalty"),)),
        definition="persons not prosecuted for whom a procuratorial opinion was sent to the "
        "competent authority for an administrative penalty, a sanction or confiscation",
        definition_zh="不起诉后，对被不起诉人提出检察意见移送主管机关给予行政处罚、处分或者"
        "没收违法所得的人数",
        basis=("CPL art. 177 ¶3", "Rules art. 373 ¶2"),
    ),
    Figure(
        "criminal.filing_supervised",
        "监督立案和撤案件数",
        "cases the police were ordered to file or to withdraw",
        "cases",
        "cases",
        Filter((E("filing.ordered_to_file"), E("filing.ordered_to_withdraw"))),
        basis=("CPL art. 113", "Rules art. 559"),
    ),
    Figure(
        "criminal.protests_filed",
        "提出刑事抗诉人数",
        "criminal protests filed",
        "persons",
        "persons",
        Filter((E("protest.filed"),)),
        basis=("CPL art. 228", "CPL art. 254"),
    ),
    Figure(
        "criminal.cases_foreign",
        "涉外刑事案件数",
        "criminal cases with a foreign party",
        "cases",
        "cases",
        Filter((E("case.received"),), foreign=True, case_kinds=("prosecution_review",)),
        definition="cases received for review for prosecution with a suspect who holds a "
        "foreign identity document; not the judicial assistance cases, which the report "
        "counts on their own, nor the review for arrest of the same suspects",
        definition_zh="受理审查起诉的案件中，有犯罪嫌疑人持外国身份证件的案件数；不含另行统"
        "计的司法协助案件，也不含同一犯罪嫌疑人的审查逮捕案件",
    ),
    Figure(
        "criminal.first_instance_no_plea",
        "未认罪认罚案件一审判决人数",
        "first-instance judgments in cases without a guilty plea",
        "persons",
        "persons",
        NO_PLEA_JUDGMENTS,
    ),
    Figure(
        "criminal.first_instance_no_plea_accepted",
        "未认罪认罚案件一审服判人数",
        "first-instance judgments without a guilty plea accepted by the parties",
        "persons",
        "persons",
        Filter((E("trial.first_instance_decided", "judgment", flag=True),), guilty_plea=False),
    ),
    Figure(
        "criminal.no_plea_acceptance_rate",
        "未认罪认罚案件一审服判率",
        "rate of parties' acceptance of first-instance verdicts (cases without a plea)",
        "rate",
        "ratio",
        numerator="criminal.first_instance_no_plea_accepted",
        denominator="criminal.first_instance_no_plea",
    ),
)

# People prosecuted by case-level findings the charges alone cannot tell (cases/flags.py),
# with the charge group where the report names one.
WORK_REPORT = (
    *WORK_REPORT,
    Figure(
        "criminal.prosecuted.organized_crime",
        "起诉涉黑涉恶犯罪人数",
        "people prosecuted for gang and organized crimes",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("gang_evil",)),
        definition="persons prosecuted in cases found to be gang or evil-forces crimes",
        definition_zh="认定为涉黑涉恶犯罪的案件中的被起诉人数",
        basis=("SPC/SPP/MPS/MOJ Guiding Opinions on Gang-Related Cases (2018)",),
    ),
    Figure(
        "criminal.prosecuted.rural_clan_gang",
        "起诉农村宗族黑恶势力犯罪人数",
        "people prosecuted for clan or gang crimes in rural areas",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("gang_evil", "rural_clan_gang")),
        basis=("Anti-Organized Crime Law art. 2",),
    ),
    Figure(
        "criminal.prosecuted.delivery_contraband",
        "起诉寄递毒品、枪支弹药、爆炸物犯罪人数",
        "people prosecuted for sending drugs, guns, ammunition or explosives by post or courier",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("delivery_contraband",)),
        basis=("Criminal Law art. 125", "Criminal Law art. 347"),
    ),
    Figure(
        "criminal.prosecuted.against_medical_staff",
        "起诉伤害、侮辱医务人员犯罪人数",
        "people prosecuted for injuring or harassing medical staff",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("medical_staff_victim",)),
        basis=("Criminal Law art. 290 ¶1",),
    ),
    Figure(
        "duty.prosecuted.financial_sector",
        "起诉金融领域职务犯罪人数",
        "people prosecuted for duty crimes in the financial sector",
        "persons",
        "persons",
        Filter(
            (PROSECUTED,),
            source_agencies=("supervision_commission",),
            case_flags=("financial_sector",),
        ),
        basis=("Supervision Law art. 15",),
    ),
    Figure(
        "duty.prosecuted.medical_sector",
        "起诉医药领域职务犯罪人数",
        "people prosecuted for duty crimes in the medical and pharmaceutical sector",
        "persons",
        "persons",
        Filter(
            (PROSECUTED,),
            source_agencies=("supervision_commission",),
            case_flags=("medical_sector",),
        ),
        basis=("Supervision Law art. 15",),
    ),
    Figure(
        "criminal.prosecuted.internet",
        "起诉利用网络实施犯罪人数",
        "people prosecuted for crimes committed using the internet",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("internet",)),
    ),
    Figure(
        "criminal.prosecuted.telecom_fraud",
        "起诉电信网络诈骗犯罪人数",
        "people prosecuted for telecom network fraud",
        "persons",
        "persons",
        Filter((PROSECUTED,), charge_groups=("telecom-fraud",), case_flags=("telecom_network",)),
        basis=("Anti-Telecom and Online Fraud Law art. 2", "Criminal Law art. 266"),
    ),
    Figure(
        "criminal.prosecuted.online_gambling",
        "起诉网络赌博犯罪人数",
        "people prosecuted for online gambling",
        "persons",
        "persons",
        Filter((PROSECUTED,), charge_groups=("online-gambling",), case_flags=("internet",)),
        basis=("Criminal Law art. 303",),
    ),
    Figure(
        "criminal.prosecuted.against_minors",
        "起诉侵害未成年人犯罪人数",
        "people prosecuted for crimes against minors",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("minor_victim",)),
        basis=("Law on the Protection of Minors art. 2",),
    ),
    Figure(
        "criminal.prosecuted.against_women",
        "起诉侵害妇女人身权利犯罪人数",
        "people prosecuted for crimes against women's life, health and dignity",
        "persons",
        "persons",
        Filter((PROSECUTED,), charge_groups=("against-women",), case_flags=("female_victim",)),
    ),
    Figure(
        "criminal.prosecuted.domestic_violence",
        "起诉家庭暴力犯罪人数",
        "people prosecuted for domestic violence",
        "persons",
        "persons",
        Filter((PROSECUTED,), case_flags=("domestic_violence",)),
        basis=("Anti-Domestic Violence Law art. 2",),
    ),
)

PIL_FILED = E("pil.filed")
PIL_BASIS = ("APL art. 25 ¶4", "CivPL art. 58 ¶2")
#: Decisions that uphold the claims (PIL Interpretation art. 25(1)-(4); a civil action's claims
#: upheld in whole or in part, or settled by mediation); the rest are rejections and
#: withdrawals (cases/pil.py).
PIL_UPHELD = (
    "confirmed_unlawful", "revoked", "ordered_to_perform", "varied", "upheld", "partly_upheld",
    "mediated",
)  # fmt: skip
#: The fields whose cases the report counts (cases/pil.py DOMAINS; "other" is not counted).
PIL_REPORTED_DOMAINS = (
    "environment_resources", "food_drug_safety", "state_property", "land_protection",
    "heroes_martyrs", "minors", "military", "production_safety", "internet", "womens_rights",
    "accessibility", "cultural_heritage", "intellectual_property",
)  # fmt: skip


def _pil_domains() -> tuple[Figure, ...]:
    from procuracy.cases.pil import DOMAINS

    out = []
    for choice in DOMAINS:
        if choice.code not in PIL_REPORTED_DOMAINS:
            continue
        out.append(Figure(
            f"pil.cases_filed.{choice.code}", f"{choice.zh}领域公益诉讼立案数",
            f"public interest cases filed in the field of {choice.en}", "cases", "cases",
            Filter((E("pil.filed", choice.code),)), basis=choice.basis,
        ))  # fmt: skip
    return tuple(out)


PIL: tuple[Figure, ...] = (
    Figure(
        "pil.cases_filed",
        "公益诉讼立案数",
        "public interest cases filed",
        "cases",
        "cases",
        Filter((PIL_FILED,)),
        basis=PIL_BASIS,
    ),
    Figure(
        "pil.administrative_cases_filed",
        "行政公益诉讼立案数",
        "administrative public interest cases filed",
        "cases",
        "cases",
        Filter((PIL_FILED,), case_kinds=("pil_administrative",)),
        basis=("APL art. 25 ¶4",),
    ),
    *_pil_domains(),
    Figure(
        "pil.cases_filed.ship_pollution",
        "船舶污染公益诉讼立案数",
        "public interest cases filed on pollution from ships",
        "cases",
        "cases",
        Filter((PIL_FILED,), case_flags=("ship_pollution",)),
        definition="cases filed in any field with the case-level finding ship_pollution",
        definition_zh="各领域中案件情节为“船舶污染”（ship_pollution）的公益诉讼立案数",
    ),
    Figure(
        "pil.pre_litigation_suggestions",
        "发出诉前检察建议数",
        "pre-litigation procuratorial suggestions issued",
        "events",
        "events",
        Filter((E("pil.pre_litigation_suggestion"),)),
        definition="one per administrative organ the suggestion is addressed to",
        definition_zh="按建议所针对的行政机关，每个机关计一件",
        basis=("PIL Interpretation art. 21",),
    ),
    Figure(
        "pil.suggestions_rectified",
        "诉前检察建议回复整改数",
        "pre-litigation suggestions replied to with the duty performed",
        "events",
        "events",
        Filter((E("pil.suggestion_replied", "rectified"),)),
        basis=("PIL Interpretation art. 21 ¶2",),
    ),
    Figure(
        "pil.suggestions_due",
        "诉前检察建议到期数",
        "pre-litigation suggestions replied to or past their reply period",
        "events",
        "events",
        Filter((E("pil.suggestion_replied"), E("pil.no_reply_recorded"))),
        definition="replies of every outcome, and the records of no reply within the period",
        definition_zh="各种结果的回复，以及期限内未回复的记录",
        basis=("PIL Interpretation art. 21 ¶2",),
    ),
    Figure(
        "pil.rectification_rate",
        "诉前检察建议回复整改率",
        "reply and rectification rate of pre-litigation suggestions",
        "rate",
        "ratio",
        numerator="pil.suggestions_rectified",
        denominator="pil.suggestions_due",
        definition="suggestions replied to with the duty performed ÷ suggestions replied to "
        "or past their period (domain.md §3.4, 诉前整改率); both counted in the year of the "
        "reply or of the record of no reply",
        definition_zh="回复已依法履职的诉前检察建议 ÷ 已回复或者已过回复期限的诉前检察建"
        "议（domain.md §3.4，诉前整改率）；二者均计入回复或者记"
        "录未回复的年度",
    ),
    Figure(
        "pil.lawsuits_filed",
        "提起公益诉讼案件数",
        "public interest actions brought",
        "cases",
        "cases",
        Filter((E("pil.lawsuit_filed"),)),
        definition="cases in which an action was brought, whatever the number of defendants",
        definition_zh="提起诉讼的案件数，不论被告人数多少",
        basis=("PIL Interpretation art. 13 ¶2", "PIL Interpretation art. 21 ¶3"),
    ),
    Figure(
        "pil.judgments_supporting",
        "公益诉讼诉请获裁判支持数",
        "decisions upholding the procuratorate's claims",
        "events",
        "events",
        Filter((E("pil.judgment", *PIL_UPHELD),)),
        basis=("PIL Interpretation art. 25",),
    ),
    Figure(
        "pil.judgments",
        "公益诉讼裁判数",
        "decisions on public interest actions",
        "events",
        "events",
        Filter((E("pil.judgment", *PIL_UPHELD, "rejected"),)),
        definition="one per defendant; withdrawals after every claim was met are not decisions",
        definition_zh="每个被告计一件；诉讼请求全部实现后撤回起诉的，不计为裁判",
        basis=("PIL Interpretation art. 19", "PIL Interpretation art. 24"),
    ),
    Figure(
        "pil.lawsuit_support_rate",
        "公益诉讼起诉支持率",
        "rate of public interest actions upheld by the court",
        "rate",
        "ratio",
        numerator="pil.judgments_supporting",
        denominator="pil.judgments",
        definition="decisions upholding the claims in whole or in part, or settling them by "
        "mediation ÷ decisions (domain.md §3.4: claims upheld by the court ÷ PIL suits decided)",
        definition_zh="全部或者部分支持诉讼请求、或者调解结案的裁判 ÷ 裁判（domain.md §3.4："
        "法院支持的诉讼请求 ÷ 审结的公益诉讼）",
    ),
)

#: The court's handling of a protest or retrial suggestion that the report counts as a change
#: (改变率: changed, remanded, or withdrawn after mediation or a settlement), and every outcome
#: of a retrial that was held (a retrial suggestion not taken up held none). cases/supervision.py.
RETRIAL_CHANGED = ("changed", "remanded", "mediated", "withdrawn")
RETRIAL_CONCLUDED = (*RETRIAL_CHANGED, "maintained")
SUPERVISION_KINDS = (
    "civil_judgment_supervision", "civil_activity_supervision",
    "administrative_judgment_supervision", "administrative_activity_supervision",
)  # fmt: skip
_LINE = {"civil": ("民事", "civil", "CivPL art. 219"), "administrative": ("行政", "administrative",
                                                                       "APL art. 93")}  # fmt: skip


def _protest_figures(line: str) -> tuple[Figure, ...]:
    zh, en, article = _LINE[line]
    return (
        Figure(
            f"{line}.protests_and_retrial_suggestions",
            f"{zh}抗诉和再审检察建议件数",
            f"{en} protests and retrial suggestions made",
            "cases",
            "cases",
            Filter((E(f"{line}.protest"), E(f"{line}.retrial_suggestion"))),
            definition="cases in which a protest was lodged or a retrial suggested",
            definition_zh="提出抗诉或者再审检察建议的案件数",
            basis=(f"{article} ¶1", f"{article} ¶2"),
        ),
        Figure(
            f"{line}.protests_concluded",
            f"{zh}抗诉和再审检察建议法院审结件数",
            f"{en} protests and retrial suggestions concluded by the courts",
            "cases",
            "cases",
            Filter((E(f"{line}.retrial_outcome", *RETRIAL_CONCLUDED),)),
            definition="retrials concluded (a suggestion the court did not take up is not one)",
            definition_zh="法院审结的再审案件（法院未采纳的再审检察建议不计入）",
            basis=("CivPL art. 222",),
        ),
        Figure(
            f"{line}.protests_changed",
            f"{zh}抗诉和再审检察建议改变件数",
            f"{en} protests and retrial suggestions ending in a change",
            "cases",
            "cases",
            Filter((E(f"{line}.retrial_outcome", *RETRIAL_CHANGED),)),
            definition="judgment changed, remanded, or withdrawn after mediation or a settlement",
            definition_zh="改判、发回重审，或者经调解、和解后撤回的案件",
            basis=("CivPL art. 222",),
        ),
        Figure(
            f"{line}.protest_change_rate",
            f"{zh}抗诉和再审检察建议改变率",
            f"{en} protest and retrial suggestion change rate",
            "rate",
            "ratio",
            numerator=f"{line}.protests_changed",
            denominator=f"{line}.protests_concluded",
        ),
        Figure(
            f"{line}.conduct_suggestions",
            f"对{zh}审判和执行活动违法情形提出检察建议数",
            f"suggestions on unlawful conduct in {en} trial and enforcement",
            "events",
            "events",
            Filter((E(f"{line}.conduct_suggestion"),)),
            basis=(f"{article} ¶3",),
        ),
    )


SUPERVISION: tuple[Figure, ...] = (
    *_protest_figures("civil"),
    Figure(
        "civil.protests_filed_by_spp",
        "最高人民检察院提出民事抗诉件数",
        "civil protests lodged by the SPP itself",
        "cases",
        "cases",
        Filter((E("civil.protest"),), units=("000000",)),
        basis=("CivPL art. 219 ¶1",),
    ),
    Figure(
        "civil.applications_not_supported",
        "不支持民事监督申请件数",
        "civil applications for supervision not supported",
        "cases",
        "cases",
        Filter((E("civil.not_supported"),)),
        basis=("Civil Supervision Rules art. 90",),
    ),
    Figure(
        "civil.false_litigation_corrected",
        "纠正虚假诉讼件数",
        "false-litigation cases corrected",
        "cases",
        "cases",
        Filter(
            (E("civil.retrial_outcome", *RETRIAL_CHANGED), E("civil.conduct_reply", "adopted")),
            case_flags=("false_litigation",),
        ),
        definition="civil supervision cases marked false_litigation whose judgment the court "
        "changed after a protest or retrial suggestion, or whose unlawful conduct it corrected "
        "after a suggestion",
        definition_zh="案件情节为“虚假诉讼”（false_litigation）的民事诉讼"
        "监督案件中，经抗诉或者再审检察建议法院改变裁判的，或者经检察建议纠正"
        "违法行为的",
        basis=("CivPL art. 115", "CivPL art. 219"),
    ),
    Figure(
        "civil.ip_supervision_cases",
        "知识产权民事、行政诉讼监督案件数",
        "civil and administrative litigation-supervision cases on intellectual property",
        "cases",
        "cases",
        Filter(
            (E("case.received"),),
            case_kinds=SUPERVISION_KINDS,
            case_flags=("intellectual_property",),
        ),
        definition="civil and administrative supervision cases received, marked "
        "intellectual_property",
        definition_zh="受理的案件情节为“知识产权”（intellectual_property）的民事、行政诉讼监督案件",
    ),
    Figure(
        "civil.support_prosecution",
        "支持起诉件数",
        "civil actions supported",
        "cases",
        "cases",
        Filter((E("civil.support_decided"),)),
        basis=("CivPL art. 15",),
    ),
    *_protest_figures("administrative"),
    Figure(
        "administrative.disputes_resolved",
        "行政争议实质性化解件数",
        "administrative disputes resolved in substance",
        "cases",
        "cases",
        Filter((E("administrative.dispute_resolved"),)),
    ),
    Figure(
        "administrative.disputes_resolved_long",
        "化解十年以上行政争议件数",
        "administrative disputes of more than ten years resolved",
        "cases",
        "cases",
        Filter((E("administrative.dispute_resolved", flag=True),)),
        definition="disputes that had lasted more than ten years on the day they were resolved",
        definition_zh="化解之日已持续十年以上的行政争议",
    ),
    Figure(
        "administrative.illegal_act_suggestions",
        "行政违法行为监督检察建议数",
        "suggestions on administrative organs' unlawful acts or failures to act",
        "events",
        "events",
        Filter((E("administrative.agency_suggestion", "illegal_act"),)),
        basis=("Administrative Supervision Rules art. 34",),
    ),
    Figure(
        "administrative.drug_rehabilitation_suggestions",
        "强制隔离戒毒检察监督检察建议数",
        "suggestions in the supervision of compulsory isolated drug rehabilitation",
        "events",
        "events",
        Filter((E("administrative.agency_suggestion", "drug_rehabilitation"),)),
        basis=("Anti-Drug Law art. 38",),
    ),
)

PETITION = ("petition",)
ANSWERED_FINALLY = ("referred", "outside_scope")  # a procedural answer that ends a petition

COMPLAINTS: tuple[Figure, ...] = (
    Figure(
        "petitions.received",
        "受理群众信访件数",
        "petitions received from the public",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=PETITION),
        basis=("Rules art. 161", "Regulations on Xinfang Work art. 17"),
    ),
    Figure(
        "petitions.procedural_replies_in_time",
        "七日内程序性回复件数",
        "petitions given a procedural answer within 7 days",
        "cases",
        "cases",
        Filter((E("petition.procedural_reply", flag=True),)),
        definition="procedural answers that met the 7-day period (the fact's flag)",
        definition_zh="在七日期限内作出的程序性回复（事实的标记）",
        basis=("Rules art. 163",),
    ),
    Figure(
        "petitions.procedural_reply_rate",
        "七日内程序性回复率",
        "rate of petitions answered procedurally within 7 days",
        "rate",
        "ratio",
        numerator="petitions.procedural_replies_in_time",
        denominator="petitions.received",
        definition="[I] answers within 7 days in the year ÷ petitions received in the year "
        "(domain.md §1.5)",
        definition_zh="[I] 年内七日内程序性回复件数 ÷ 年内受理的信访件数（domain.md §1.5）",
    ),
    Figure(
        "petitions.outcome_replies_in_time",
        "三个月内办理过程或结果答复件数",
        "petitions given a progress or result answer within 3 months",
        "cases",
        "cases",
        Filter(
            (
                E("petition.progress_reply", flag=True),
                E("petition.result_reply", flag=True),
                E("petition.procedural_reply", *ANSWERED_FINALLY),
            )
        ),
        definition="progress or result answers that met the 3-month period, and petitions "
        "ended by a procedural answer (referred to the competent organ)",
        definition_zh="在三个月期限内答复办理过程或者结果的，以及以程序性回复（移送主管机关"
        "）办结的信访件数",
        basis=("Rules art. 163",),
    ),
    Figure(
        "petitions.result_reply_rate",
        "三个月内办理过程或结果答复率",
        "rate of petitions answered with progress or result within 3 months",
        "rate",
        "ratio",
        numerator="petitions.outcome_replies_in_time",
        denominator="petitions.received",
        definition="[I] answered within 3 months ÷ petitions received in the year (domain.md §1.5)",
        definition_zh="[I] 三个月内答复件数 ÷ 年内受理的信访件数（domain.md §1.5）",
    ),
    Figure(
        "petitions.handled_by_leaders",
        "院领导包案办理信访件数",
        "petitions taken in hand by leading cadres",
        "cases",
        "cases",
        Filter((E("petition.leader_handling"),)),
    ),
    Figure(
        "petitions.repeat_handed_over",
        "重复信访交办件数",
        "repeated petitions handed over",
        "cases",
        "cases",
        Filter((E("petition.handed_over"),), case_flags=("repeat_petition",)),
        basis=("Rules art. 161 ¶2",),
    ),
    Figure(
        "petitions.repeat_completed",
        "重复信访交办办结件数",
        "repeated petitions handed over and completed",
        "cases",
        "cases",
        Filter((E("petition.handover_completed"),), case_flags=("repeat_petition",)),
        basis=("Rules art. 161 ¶2",),
    ),
    Figure(
        "petitions.lawyers_rights_corrected",
        "纠正阻碍律师依法执业件数",
        "obstructions of lawyers' practice rights corrected",
        "cases",
        "cases",
        Filter((E("petition.result_reply", "supported"),), case_flags=("lawyer_rights",)),
        definition="petitions marked lawyer_rights whose request was supported (corrected)",
        definition_zh="案件情节为“律师执业权利”（lawyer_rights）且诉求得到支"
        "持（予以纠正）的信访件数",
        basis=("CPL art. 49",),
    ),
    Figure(
        "petitions.against_own_decisions",
        "不服检察机关处理决定信访件数",
        "petitions against the procuratorate's own decisions",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=PETITION, case_flags=("against_own_decision",)),
        basis=("Rules art. 164",),
    ),
    Figure(
        "hearings.held",
        "公开听证次数",
        "public hearings held",
        "events",
        "events",
        Filter((E("hearing.held"),)),
        basis=("Civil Supervision Rules art. 57", "Regulations on Xinfang Work art. 31(6)"),
    ),
    Figure(
        "hearings.petitions_heard",
        "听证信访案件数",
        "petitions heard",
        "cases",
        "cases",
        Filter((E("hearing.held"),), case_kinds=PETITION),
    ),
    Figure(
        "hearings.petitions_resolved",
        "听证后化解信访案件数",
        "petitions resolved after a hearing",
        "cases",
        "cases",
        Filter((E("hearing.held", flag=True),), case_kinds=PETITION),
    ),
    Figure(
        "hearings.petition_resolution_rate",
        "信访案件听证化解率",
        "petitions resolved after a hearing, as a share of those heard",
        "rate",
        "ratio",
        numerator="hearings.petitions_resolved",
        denominator="hearings.petitions_heard",
        definition="[I] petitions whose hearing resolved the dispute (息诉罢访) ÷ petitions heard "
        "(domain.md §3.4)",
        definition_zh="[I] 经听证化解矛盾（息诉罢访）的信访案件 ÷ 举行听证的信访案件"
        "（domain.md §3.4）",
    ),
    Figure(
        "oversight.peoples_supervisor_cases",
        "人民监督员监督案件数",
        "cases supervised by people's supervisors",
        "cases",
        "cases",
        Filter((E("oversight.peoples_supervisors"),)),
        basis=("Organic Law art. 27", "Rules art. 12"),
    ),
    Figure(
        "relief.persons_rural",
        "救助农村籍被害人人数",
        "rural victims given judicial relief",
        "persons",
        "persons",
        Filter((E("relief.granted"),), case_flags=("rural_victim",)),
    ),
    Figure(
        "relief.persons_women",
        "救助妇女人数",
        "women given judicial relief",
        "persons",
        "persons",
        Filter((E("relief.granted"),), female=True),
    ),
    Figure(
        "relief.persons_military",
        "救助军人军属、退役军人人数",
        "servicemen, their families and veterans given judicial relief",
        "persons",
        "persons",
        Filter((E("relief.granted"),), case_flags=("military_family",)),
    ),
)

ENFORCEMENT: tuple[Figure, ...] = (
    Figure(
        "enforcement.commutation_parole_cases",
        "受理减刑、假释、暂予监外执行监督案件数",
        "supervision cases of commutation, parole and temporary service received",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=("sentence_change_supervision",)),
        basis=("CPL art. 273", "Rules art. 635"),
    ),
    Figure(
        "enforcement.correction_opinions",
        "对减刑、假释、暂予监外执行不当提出纠正意见数",
        "opinions against improper commutation, parole or temporary service",
        "events",
        "events",
        Filter((E("enforcement.correction_opinion"),)),
        basis=("CPL art. 274", "Rules art. 635", "Rules art. 639"),
    ),
    Figure(
        "enforcement.returned_to_prison",
        "监督收监执行人数",
        "convicts returned to prison",
        "persons",
        "persons",
        Filter((E("enforcement.returned_to_prison"),)),
        basis=("CPL art. 268", "Rules art. 634"),
    ),
    Figure(
        "enforcement.property_penalty_opinions",
        "对财产刑执行提出纠正意见数",
        "corrective opinions on the enforcement of property penalties",
        "events",
        "events",
        Filter((E("enforcement.property_opinion"),)),
        basis=("Rules art. 645",),
    ),
    Figure(
        "enforcement.property_penalty_amount",
        "监督财产刑执行到位金额",
        "money enforced after corrective opinions on property penalties",
        "yuan",
        "sum",
        Filter((E("enforcement.property_enforced"),)),
        basis=("Rules art. 645",),
    ),
    Figure(
        "relief.amount_rural",
        "向农村籍被害人发放司法救助金",
        "judicial relief paid to rural victims",
        "yuan",
        "sum",
        Filter((E("relief.granted"),), case_flags=("rural_victim",)),
    ),
)

INVESTIGATION: tuple[Figure, ...] = (
    Figure(
        "investigation.judicial_staff_filed",
        "立案侦查司法工作人员相关职务犯罪人数",
        "people placed on file for crimes of judicial staff",
        "persons",
        "persons",
        Filter((E("investigation.filed", flag=False),), charge_groups=("judicial-staff",)),
        definition="filings that are not mobile investigations, for a charge of the group",
        definition_zh="该罪名组的立案侦查中，不属于机动侦查的人数",
        basis=("CPL art. 19 ¶2",),
    ),
    Figure(
        "investigation.mobile_filed",
        "机动侦查立案人数",
        "people placed on file in mobile investigations",
        "persons",
        "persons",
        Filter((E("investigation.filed", flag=True),)),
        basis=("CPL art. 19 ¶2",),
    ),
    Figure(
        "criminal.prosecution_after_limitation_approved",
        "核准追诉案件数",
        "cases approved for prosecution after the limitation period",
        "cases",
        "cases",
        Filter((E("limitation.approved"),)),
        definition="[I] every approval (the report's are homicides)",
        definition_zh="[I] 每一次核准（工作报告中的均为故意杀人案件）",
        basis=("Criminal Law art. 87(4)",),
    ),
    Figure(
        "duty.confiscation_applied",
        "对逃匿、死亡职务犯罪嫌疑人提出没收违法所得申请人数",
        "absconded duty-crime suspects whose unlawful gains the procuratorate applied to "
        "confiscate",
        "persons",
        "persons",
        Filter((E("confiscation.applied"),), source_agencies=("supervision_commission",)),
        basis=("CPL art. 298", "Rules art. 520"),
    ),
    Figure(
        "criminal.judicial_assistance_cases",
        "办理刑事司法协助案件数",
        "criminal judicial assistance cases",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=("judicial_assistance",)),
        basis=("International Criminal Judicial Assistance Law art. 2",),
    ),
    Figure(
        "criminal.wage_arrears_recovered",
        "追回欠薪金额",
        "wages in arrears recovered",
        "yuan",
        "sum",
        Filter((E("prosecution.wages_recovered"),)),
        basis=("Criminal Law art. 276-1",),
    ),
    Figure(
        "petitions.criminal_compensation_cases",
        "受理刑事赔偿案件数",
        "criminal compensation cases received",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=("criminal_compensation",)),
        basis=("State Compensation Law art. 21",),
    ),
)

SUGGESTIONS: tuple[Figure, ...] = (
    Figure(
        "suggestions.social_governance",
        "社会治理检察建议数",
        "social-governance procuratorial suggestions",
        "events",
        "events",
        Filter((E("suggestion.social_governance"),)),
        basis=("Rules art. 552", "Organic Law art. 21"),
    ),
    Figure(
        "suggestions.road_traffic_safety",
        "道路交通安全检察建议数",
        "procuratorial suggestions on road traffic safety",
        "events",
        "events",
        Filter((E("suggestion.social_governance", "road_traffic_safety"),)),
        basis=("Rules art. 552",),
    ),
    Figure(
        "juvenile.guardianship_orders",
        "制发督促监护令数",
        "guardianship orders issued",
        "events",
        "events",
        Filter((E("juvenile.guardianship_order"),)),
        basis=("Law on the Prevention of Juvenile Delinquency art. 61",),
    ),
    Figure(
        "criminal.administrative_transfers_urged",
        "监督行政执法机关移送涉嫌犯罪案件数",
        "suspected crimes transferred by administrative enforcement organs when asked",
        "cases",
        "cases",
        Filter((E("filing.transfer_done"),)),
        definition="[I] cases the organ transferred to the police after the procuratorate's "
        "opinion",
        definition_zh="[I] 经检察意见后行政执法机关移送公安机关的案件数",
        basis=("Rules art. 557 ¶3",),
    ),
)

QUALITY: tuple[Figure, ...] = (
    Figure(
        "quality.arrest_review_concluded",
        "审查逮捕审结人数",
        "people whose arrest review was concluded",
        "persons",
        "persons",
        Filter((E("arrest.approved"), E("arrest.not_approved"))),
    ),
    Figure(
        "quality.not_arrested",
        "不捕人数",
        "people not arrested",
        "persons",
        "persons",
        Filter((E("arrest.not_approved"),)),
    ),
    Figure(
        "quality.non_arrest_rate",
        "不捕率",
        "non-arrest rate",
        "rate",
        "ratio",
        numerator="quality.not_arrested",
        denominator="quality.arrest_review_concluded",
        definition="[I] people not arrested ÷ people whose arrest review was concluded "
        "(domain.md §3.4)",
        definition_zh="[I] 不捕人数 ÷ 审查逮捕终结人数（domain.md §3.4）",
    ),
    Figure(
        "quality.prosecution_decided",
        "起诉和不起诉人数",
        "people prosecuted or not",
        "persons",
        "persons",
        Filter((PROSECUTED, NOT_PROSECUTED, CONDITIONAL_DONE)),
    ),
    Figure(
        "quality.not_prosecuted",
        "不起诉人数",
        "people not prosecuted",
        "persons",
        "persons",
        Filter((NOT_PROSECUTED, CONDITIONAL_DONE)),
    ),
    Figure(
        "quality.non_prosecution_rate",
        "不诉率",
        "non-prosecution rate",
        "rate",
        "ratio",
        numerator="quality.not_prosecuted",
        denominator="quality.prosecution_decided",
        definition="[I] not prosecuted ÷ (prosecuted + not prosecuted) (domain.md §3.4)",
        definition_zh="[I] 不起诉人数 ÷（起诉人数 + 不起诉人数）（domain.md §3.4）",
    ),
    Figure(
        "quality.pre_trial_detention_rate",
        "诉前羁押率",
        "pre-prosecution detention rate",
        "rate",
        "ratio",
        numerator="criminal.arrested",
        denominator="quality.prosecution_decided",
        definition="[S] arrests approved or decided ÷ (prosecuted + not prosecuted), as the "
        "SPP uses it (domain.md §3.2)",
        definition_zh="[S] 批准和决定逮捕人数 ÷（起诉人数 + 不起诉人数），按最高人"
        "民检察院的口径（domain.md §3.2）",
    ),
    Figure(
        "quality.returns",
        "退回补充侦查次数",
        "returns for supplementary investigation",
        "events",
        "events",
        Filter((E("prosecution.returned_for_supplementary_investigation"),)),
        definition="[S] returns for supplementary investigation, each one counted (退回补充侦查"
        "次数; the SPP counts such returns among criminal activities, domain.md §3.2)",
        definition_zh="[S] 退回补充侦查，每次计一次（退回补充侦查次数；最高人民检察院将"
        "其列为刑事检察业务活动，domain.md §3.2）",
        basis=("CPL art. 175",),
    ),
    Figure(
        "quality.extensions",
        "延长审查起诉期限次数",
        "extensions of the review period",
        "events",
        "events",
        Filter((E("prosecution.extended"),)),
        definition="[S] extensions of the review for prosecution by 15 days, each one counted "
        "(延长审查起诉期限次数; the SPP counts extensions among criminal activities, domain.md "
        "§3.2)",
        definition_zh="[S] 审查起诉延长十五日，每次计一次（延长审查起诉期限次数；最高人"
        "民检察院将其列为刑事检察业务活动，domain.md §3.2）",
        basis=("CPL art. 172",),
    ),
)

#: Every kind of case the procedures declare but petitions (cases.catalogue.PROCEDURES; a test
#: keeps the two in step): the report counts letters and visits on their own, not among the
#: cases handled.
HANDLED_KINDS = (
    "administrative_activity_supervision",
    "administrative_judgment_supervision",
    "arrest_reexamination",
    "arrest_review",
    "civil_activity_supervision",
    "civil_judgment_supervision",
    "civil_support",
    "confiscation_review",
    "criminal_compensation",
    "detention_necessity",
    "filing_supervision",
    "judicial_assistance",
    "judicial_relief",
    "limitation_approval",
    "pil_administrative",
    "pil_civil",
    "property_penalty_supervision",
    "prosecution_review",
    "self_investigation",
    "sentence_change_supervision",
)

ALL_LINES: tuple[Figure, ...] = (
    Figure(
        "all.cases_handled",
        "办理各类案件数",
        "cases handled, every business line",
        "cases",
        "cases",
        Filter((E("case.received"),), case_kinds=HANDLED_KINDS),
        definition="[I] cases received in the year in every business line (criminal, civil, "
        "administrative, public interest litigation, enforcement, compensation, relief, "
        "assistance), petitions excepted: the report counts letters and visits on their own",
        definition_zh="[I] 年内受理的各业务条线案件数（刑事、民事、行政、公益诉讼、刑事"
        "执行、国家赔偿、司法救助、司法协助），信访除外：工作报告另行统计来信"
        "来访",
        basis=("Organic Law art. 20",),
    ),
)

#: The decisions that conclude a person's review for prosecution (CPL arts. 176, 177, 282).
REVIEW_DECISIONS = Filter(
    (
        E("prosecution.prosecuted"),
        E("prosecution.not_prosecuted"),
        E("prosecution.conditional_non_prosecution"),
    ),
    case_kinds=("prosecution_review",),
)

# Quality indicators the work report prints (as their change over the year before).
REPORTED_QUALITY: tuple[Figure, ...] = (
    Figure(
        "quality.review_decisions",
        "审查起诉作出决定人次",
        "decisions concluding a review for prosecution",
        "events",
        "events",
        REVIEW_DECISIONS,
        basis=("CPL art. 176", "CPL art. 177", "CPL art. 282"),
    ),
    Figure(
        "quality.review_days",
        "审查起诉用时（天）",
        "days of review for prosecution",
        "days",
        "sum",
        REVIEW_DECISIONS,
        measure="days",
        definition="[I] for each decision concluding a person's review for prosecution, the "
        "days from the case's receipt to the decision (a return for supplementary "
        "investigation included)",
        definition_zh="[I] 对每一个审查起诉终结的决定，自案件受理之日至决定之日的天数（"
        "含退回补充侦查的期间）",
        basis=("CPL art. 172", "CPL art. 175"),
    ),
    Figure(
        "quality.review_days_average",
        "审查起诉平均用时",
        "average days of review for prosecution",
        "days",
        "ratio",
        numerator="quality.review_days",
        denominator="quality.review_decisions",
        definition="[I] days from receipt to decision ÷ decisions, per person decided (the "
        "report's 件均 reads per case; a case's persons are mostly decided together, and a "
        "person's own review is what the ledger dates)",
        definition_zh="[I] 自受理至决定的天数 ÷ 决定数，按被决定的人计算（工作报告的"
        "“件均”按案件计；一案的犯罪嫌疑人多一并决定，而台账记载的是每人审查"
        "终结的日期）",
        basis=("CPL art. 172",),
    ),
    Figure(
        "quality.post_arrest_acquitted_or_exempt",
        "捕后判无罪、免刑人数",
        "people acquitted or exempted from criminal punishment after arrest",
        "persons",
        "persons",
        Filter(
            (E("trial.first_instance_decided", details=("not_guilty", "guilty_exempt")),),
            custody=("arrested",),
        ),
        definition="[I] people whose first-instance judgment or ruling found them not guilty or "
        "guilty but exempt from punishment, who were under arrest when the case was received "
        "for review for prosecution (捕后判无罪、免刑; domain.md §3.3)",
        definition_zh="[I] 审查起诉受理时处于逮捕状态、一审判决或者裁定无罪或者免予刑事"
        "处罚的人数（捕后判无罪、免刑；domain.md §3.3）",
        basis=("CPL art. 200", "Criminal Law art. 37"),
    ),
)

EDITIONS: dict[str, tuple[Figure, ...]] = {
    "work-report": (
        *WORK_REPORT,
        *PIL,
        *SUPERVISION,
        *COMPLAINTS,
        *SUGGESTIONS,
        *ENFORCEMENT,
        *INVESTIGATION,
        *REPORTED_QUALITY,
        *ALL_LINES,
    ),
    # The quality edition uses work-report figures as parts of its ratios.
    "quality": (
        *QUALITY,
        *REPORTED_QUALITY,
        *(f for f in WORK_REPORT if f.id == "criminal.arrested"),
    ),
}


def editions() -> dict[str, tuple[Figure, ...]]:
    """The editions as declared, with the quality indicators an installation defines itself
    (``figures.local``: a figure of its file replaces the declared one of the same id)."""
    from .local import overrides

    local = overrides()
    if not local:
        return EDITIONS
    merged = {f.id: f for f in EDITIONS["quality"]} | {f.id: f for f in local}
    return {**EDITIONS, "quality": tuple(merged.values())}


def edition(name: str) -> dict[str, Figure]:
    if name not in EDITIONS:
        raise KeyError(name)
    figures = {f.id: f for f in (EDITIONS[name] if name == "work-report" else editions()[name])}
    for f in figures.values():
        for part in (f.numerator, f.denominator):
            if part and part not in figures:
                raise ValueError(f"figure {f.id} refers to {part}, not in edition {name}")
    return figures


def all_figures() -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for figures in editions().values():
        for f in figures:
            out[f.id] = f
    return out


#: The words of a definition read from a declaration (:func:`describe`), by language.
_WORDS = {
    "en": {
        "persons": "distinct persons", "cases": "distinct cases", "events": "events",
        "amount": "the sum of the payload amounts (yuan)",
        "days": "the sum of the days since the case was received",
        "ratio": "a {kind}: {0} divided by {1}", "part": "{name} ({id})",
        "average": "average", "rate": "rate",
        "counts": "counts {what}", "with": "counts {what} with an event {events}",
        "or": " or ", "codes": ", ", "extra": "; ", "more": "; ",
        "flag": ("flag true", "flag false"),
        "conditions": (
            "in cases of kind {}", "transferred by {}", "charged in the group {}",
            "in cases marked {}", "recorded by the procuratorate {} itself", "of rank {}",
            "in custody {} at receipt",
        ),
        "flags": (
            ("minors at the offence", "adults at the offence"), ("women", "men"),
            ("foreigners", "Chinese citizens"),
            ("who admitted guilt and accepted punishment", "without a guilty plea"),
        ),
    },
    "zh": {
        "persons": "人数（不重复计人）", "cases": "案件数（不重复计案）", "events": "事件数",
        "amount": "金额合计（元）", "days": "自受理之日起的天数合计",
        "ratio": "{kind}：{0} ÷ {1}", "part": "{name}（{id}）", "average": "平均数",
        "rate": "比率", "counts": "统计{what}", "with": "统计有{events}事件的{what}",
        "or": "或", "codes": "、", "extra": "；", "more": "；",
        "flag": ("标记为是", "标记为否"),
        "conditions": (
            "案件类型为{}", "由{}移送", "罪名属于{}", "案件情节为{}", "仅限代码为{}的检察院本院办理",
            "职级为{}", "受理时羁押情况为{}",
        ),
        "flags": (
            ("犯罪时未成年", "犯罪时已成年"), ("女性", "男性"), ("外国人", "中国公民"),
            ("认罪认罚", "未认罪认罚"),
        ),
    },
}  # fmt: skip


def describe(fig: Figure, figures: dict[str, Figure] | None = None, lang: str = "en") -> str:
    """A figure's definition: the one declared, else one read from its declaration (what it
    counts, of which events, with which filters), so that ``figures explain`` defines every
    figure. ``lang="zh"``: in Chinese, for the staff web: the declared ``definition_zh``, else
    read with the catalogues' Chinese names (event types, their choices, case kinds,
    transferring agencies, charge groups, case findings, ranks, custody); a local figure's
    definition is shown as its file gives it. In English the codes stand as they are."""
    w = _WORDS[lang]
    zh = lang == "zh"
    if zh and fig.definition_zh:
        return fig.definition_zh
    if fig.definition:
        return fig.definition
    if fig.count == "ratio":
        figures = figures if figures is not None else all_figures()
        parts = []
        for fid in (fig.numerator, fig.denominator):
            part = figures.get(fid)
            name = None if part is None else part.zh if zh else part.en
            parts.append(w["part"].format(name=name, id=fid) if part is not None else str(fid))
        return w["ratio"].format(*parts, kind=w["average" if fig.unit == "days" else "rate"])
    what = w[fig.measure] if fig.count == "sum" else w.get(fig.count, fig.count)
    f = fig.filter
    if f is None:
        return w["counts"].format(what=what)
    names = _names(zh)
    matches = []
    for m in f.events:
        label = names["event"](m.event_type)
        extra = (
            [w["codes"].join(names["choice"](m.event_type, c) for c in m.codes)] if m.codes else []
        )
        if m.flag is not None:
            extra.append(w["flag"][0] if m.flag else w["flag"][1])
        if m.details:
            extra.append(w["codes"].join(names["choice"](m.event_type, d) for d in m.details))
        matches.append(w["part"].format(name=label, id=w["extra"].join(extra)) if extra else label)
    text = w["with"].format(what=what, events=w["or"].join(matches))
    values = (f.case_kinds, f.source_agencies, f.charge_groups, f.case_flags, f.units, f.ranks,
              f.custody)  # fmt: skip
    for vals, pattern, table in zip(values, w["conditions"], names["tables"], strict=True):
        if vals:
            text += w["more"] + pattern.format(w["or"].join(table.get(v, v) for v in vals))
    for flag, (yes, no) in zip((f.minor, f.female, f.foreign, f.guilty_plea), w["flags"],
                               strict=True):  # fmt: skip
        if flag is not None:
            text += w["more"] + (yes if flag else no)
    return text


def _names(zh: bool) -> dict:
    """How :func:`describe` names event types, choices and condition values: in Chinese by
    the catalogues' names; in English by their codes."""
    if not zh:
        return {
            "event": lambda code: code,
            "choice": lambda event_type, code: code,
            "tables": ({},) * 7,
        }
    from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
    from procuracy.cases.declarations import SOURCE_AGENCIES
    from procuracy.cases.engine import CUSTODY, RANKS
    from procuracy.cases.flags import FLAGS
    from procuracy.cases.stages import choice_label
    from procuracy.charges.groups import GROUPS

    def event(code: str) -> str:
        etype = EVENT_TYPES.get(code)
        return f"“{etype.zh}”" if etype is not None else code

    return {
        "event": event,
        "choice": lambda event_type, code: choice_label(event_type, code, "zh") or code,
        "tables": (
            {k: p.zh for k, p in PROCEDURES.items()},
            {c.code: c.zh for c in SOURCE_AGENCIES},
            {g.id: g.zh for g in GROUPS},
            {k: c.zh for k, c in FLAGS.items()},
            {"000000": "000000（最高人民检察院）"},
            RANKS,
            CUSTODY,
        ),
    }
