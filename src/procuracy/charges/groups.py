"""Declared charge groups: the categories of crime the SPP's work report counts.

Each group names what it covers by chapter, by (chapter, section), by article, and by charge name
(the names of the catalogue, current or historical). A named charge brings in its predecessors
(the charges it replaced, recursively), so a group keeps its meaning across renamings: 投放危险物质罪
brings in 投毒罪 (before 2002-03-26). ``exclude`` removes charges (and their predecessors).

``status`` says how firm the definition is:

- ``statutory``: a chapter or section of the Criminal Law, or a single charge: nothing to decide;
- ``customary``: an official or settled usage (the basis says which);
- ``inferred`` ([I]): our reading of the report's term; no official definition was found.

``case_level`` marks groups that the charge alone cannot decide (the victim's age or sex, the use
of a telecom network, …): the group lists the charges a case must have, and a case-level flag must
do the rest. Membership by charge is then necessary, not sufficient.

The counts quoted in ``report`` are those of the SPP's work report on 2023 (delivered 2024-03-08).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupSpec:
    id: str
    zh: str
    en: str
    status: str  # statutory | customary | inferred
    basis: str
    chapters: tuple[int, ...] = ()
    sections: tuple[tuple[int, int], ...] = ()
    articles: tuple[str, ...] = ()
    charges: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    case_level: bool = False
    report: str = ""
    # (charge name, case flag): the charge counts only in a case with that case-level flag
    # (cases/flags.py); ("*", flag): any charge counts in a case with the flag.
    conditional: tuple[tuple[str, str], ...] = ()


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        id="national-security",
        zh="危害国家安全犯罪",
        en="crimes endangering national security",
        status="statutory",
        basis="CL part II ch. 1 (危害国家安全罪).",
        chapters=(1,),
        report="infiltration, destruction, subversion and separatism by hostile forces",
    ),
    GroupSpec(
        id="organized-crime",
        zh="涉黑恶犯罪（黑社会性质组织犯罪）",
        en="gang and organized crimes (mafia-type organizations)",
        status="inferred",
        basis=(
            "[I] The charges of CL art. 294 (mafia-type organizations). The report's 涉黑涉恶 also "
            "covers ordinary crimes committed by 恶势力 groups, which is a finding about the case, "
            "not a charge."
        ),
        articles=("294",),
        case_level=True,
        report="15,000 prosecuted in the normalized campaign against gang and organized crime",
    ),
    GroupSpec(
        id="serious-violence",
        zh="严重暴力犯罪",
        en="serious violent crimes",
        status="customary",
        basis=(
            "SPP statistical practice: 故意杀人、故意伤害致人重伤或者死亡、强奸、抢劫、绑架、放火、"
            "爆炸、投放危险物质 (compare CL art. 81(2): 故意杀人、强奸、抢劫、绑架、放火、爆炸、投放"
            "危险物质或者有组织的暴力性犯罪). 故意伤害罪 counts only when it causes serious injury "
            "or death: a case-level condition."
        ),
        charges=(
            "故意杀人罪",
            "故意伤害罪",
            "强奸罪",
            "抢劫罪",
            "绑架罪",
            "放火罪",
            "爆炸罪",
            "投放危险物质罪",
        ),
        case_level=True,
        conditional=(("故意伤害罪", "serious_injury"),),
        report="61,000 prosecuted for intentional homicide, robbery, kidnapping and the like",
    ),
    GroupSpec(
        id="theft-fraud-drugs",
        zh="盗窃、诈骗、毒品犯罪",
        en="theft, fraud and drug crimes",
        status="inferred",
        basis=(
            "[I] 盗窃罪 (art. 264), 诈骗罪 (art. 266) and the drug crimes of CL ch. 6 sec. 7. "
            "Contract, financial and fundraising fraud (arts. 192-198, 224) are counted with the "
            "market-economy and financial crimes instead."
        ),
        sections=((6, 7),),
        charges=("盗窃罪", "诈骗罪"),
        report="350,000 prosecuted for theft, fraud and drug crimes",
    ),
    GroupSpec(
        id="drugs",
        zh="毒品犯罪",
        en="drug crimes",
        status="statutory",
        basis="CL ch. 6 sec. 7 (走私、贩卖、运输、制造毒品罪).",
        sections=((6, 7),),
    ),
    GroupSpec(
        id="market-economy",
        zh="破坏社会主义市场经济秩序犯罪",
        en="crimes disrupting the order of the socialist market economy",
        status="statutory",
        basis="CL ch. 3, with 骗购外汇罪 (1998 NPCSC decision), placed there by custom.",
        chapters=(3,),
        report="121,000 prosecuted",
    ),
    GroupSpec(
        id="tax",
        zh="危害税收征管犯罪",
        en="crimes endangering tax collection and administration",
        status="statutory",
        basis="CL ch. 3 sec. 6 (危害税收征管罪).",
        sections=((3, 6),),
        report="9,428 prosecuted (false VAT invoices, export tax refund fraud, …)",
    ),
    GroupSpec(
        id="intellectual-property",
        zh="侵犯知识产权犯罪",
        en="intellectual property crimes",
        status="statutory",
        basis="CL ch. 3 sec. 7 (侵犯知识产权罪).",
        sections=((3, 7),),
        report="18,000 prosecuted (trademark, patent, copyright, trade secrets)",
    ),
    GroupSpec(
        id="financial",
        zh="金融犯罪（金融诈骗和破坏金融管理秩序犯罪）",
        en="financial crimes (financial fraud and disrupting financial management order)",
        status="customary",
        basis=(
            "The report's own wording: financial fraud (CL ch. 3 sec. 5) and crimes disrupting the "
            "order of financial management (ch. 3 sec. 4, with 骗购外汇罪)."
        ),
        sections=((3, 4), (3, 5)),
        report="27,000 prosecuted",
    ),
    GroupSpec(
        id="illegal-fundraising",
        zh="非法集资犯罪",
        en="illegal fundraising crimes",
        status="customary",
        basis=(
            "The report names 集资诈骗 and 非法吸收公众存款. The SPC's 2022 interpretation on "
            "illegal fundraising also reaches 擅自发行股票、公司、企业债券罪 and others when used to "
            "raise funds: not included."
        ),
        charges=("非法吸收公众存款罪", "集资诈骗罪"),
        report="18,000 prosecuted for fundraising fraud and illegal absorption of public savings",
    ),
    GroupSpec(
        id="securities",
        zh="证券犯罪",
        en="securities crimes",
        status="inferred",
        basis=(
            "[I] The securities and futures charges of CL arts. 160, 161, 179-182: fraudulent "
            "issuance, disclosure, unauthorized issuance, insider trading, use of undisclosed "
            "information, false information, inducement, market manipulation."
        ),
        charges=(
            "欺诈发行证券罪",
            "违规披露、不披露重要信息罪",
            "擅自发行股票、公司、企业债券罪",
            "内幕交易、泄露内幕信息罪",
            "利用未公开信息交易罪",
            "编造并传播证券、期货交易虚假信息罪",
            "诱骗投资者买卖证券、期货合约罪",
            "操纵证券、期货市场罪",
        ),
        report="346 prosecuted (fraudulent issuance, insider trading, market manipulation)",
    ),
    GroupSpec(
        id="money-laundering",
        zh="洗钱犯罪",
        en="money laundering",
        status="customary",
        basis=(
            "洗钱罪 (CL art. 191), as the SPP counts it. The broad sense (also 掩饰、隐瞒犯罪所得、"
            "犯罪所得收益罪, art. 312, and 窝藏、转移、隐瞒毒品、毒赃罪, art. 349) is not included."
        ),
        charges=("洗钱罪",),
        report="2,971 prosecuted",
    ),
    GroupSpec(
        id="telecom-fraud",
        zh="电信网络诈骗犯罪",
        en="telecom and network fraud",
        status="customary",
        basis=(
            "Fraud committed remotely and without contact through telecom networks or the internet "
            "(Anti-Telecom and Online Fraud Law 2022, art. 2): 诈骗罪 plus a case-level flag."
        ),
        charges=("诈骗罪",),
        case_level=True,
        report="51,000 prosecuted",
    ),
    GroupSpec(
        id="assisting-information-network",
        zh="帮助信息网络犯罪活动罪",
        en="assisting information network crimes",
        status="statutory",
        basis="The single charge of CL art. 287-2 (in force since 2015-11-01).",
        charges=("帮助信息网络犯罪活动罪",),
        report="147,000 prosecuted",
    ),
    GroupSpec(
        id="online-gambling",
        zh="网络赌博犯罪",
        en="online gambling crimes",
        status="inferred",
        basis=(
            "[I] The gambling charges of CL art. 303 (赌博罪, 开设赌场罪, 组织参与国（境）外赌博罪) "
            "committed over the internet: a case-level flag."
        ),
        articles=("303",),
        case_level=True,
        report="19,000 prosecuted",
    ),
    GroupSpec(
        id="production-safety",
        zh="危害生产安全犯罪",
        en="crimes endangering production safety",
        status="inferred",
        basis=(
            "[I] The accident and dangerous-operation charges of CL arts. 134-139-1, as in the "
            "SPC-SPP 2015 interpretation on production safety crimes."
        ),
        articles=("134", "134-1", "135", "135-1", "136", "137", "138", "139", "139-1"),
        report="4,750 prosecuted (major accidents, dangerous operations, …)",
    ),
    GroupSpec(
        id="food-drug-safety",
        zh="危害食品药品安全犯罪",
        en="crimes endangering food and drug safety",
        status="inferred",
        basis="[I] CL arts. 141-144 (fake and substandard drugs, drug management, food).",
        articles=("141", "142", "142-1", "143", "144"),
        report="13,000 prosecuted (toxic and harmful food, fake or substandard drugs)",
    ),
    GroupSpec(
        id="agricultural-inputs",
        zh="生产、销售伪劣农资犯罪",
        en="counterfeit and shoddy agricultural inputs",
        status="statutory",
        basis="The single charge of CL art. 147.",
        charges=("生产、销售伪劣农药、兽药、化肥、种子罪",),
        report="820 prosecuted",
    ),
    GroupSpec(
        id="wage-arrears",
        zh="拒不支付劳动报酬犯罪",
        en="refusal to pay labour remuneration",
        status="statutory",
        basis="The single charge of CL art. 276-1 (Amendment VIII, 2011-05-01).",
        charges=("拒不支付劳动报酬罪",),
        report="1,082 prosecuted",
    ),
    GroupSpec(
        id="farmland",
        zh="非法占用农用地犯罪",
        en="illegal occupation of agricultural land",
        status="statutory",
        basis="The single charge of CL art. 342 (非法占用耕地罪 before 2002-03-26).",
        charges=("非法占用农用地罪",),
        report="2,883 prosecuted",
    ),
    GroupSpec(
        id="environmental-pollution",
        zh="污染环境犯罪",
        en="environmental pollution",
        status="customary",
        basis=(
            "污染环境罪 (CL art. 338; 重大环境污染事故罪 before 2011-05-01). The solid-waste "
            "charges of art. 339 are counted with the resource crimes."
        ),
        charges=("污染环境罪",),
        report="3,831 prosecuted",
    ),
    GroupSpec(
        id="environment-resources",
        zh="破坏环境资源保护犯罪（污染环境罪除外）",
        en="crimes undermining the protection of resources",
        status="inferred",
        basis="[I] CL ch. 6 sec. 6 (破坏环境资源保护罪) without 污染环境罪.",
        sections=((6, 6),),
        exclude=("污染环境罪",),
        report="35,000 prosecuted",
    ),
    GroupSpec(
        id="against-minors",
        zh="侵害未成年人犯罪",
        en="crimes against minors",
        status="inferred",
        basis=(
            "[I] Any crime with a victim under 18 (a case-level flag). Listed: the charges whose "
            "definition names a child or minor victim, and the sexual and injury crimes the report "
            "names (sexual assault: 强制猥亵 of a minor of 14-17, CL art. 237 ¶1; injury; abuse, "
            "in the family too, art. 260)."
        ),
        charges=(
            "强奸罪",
            "负有照护职责人员性侵罪",
            "猥亵儿童罪",
            "强制猥亵、侮辱罪",
            "故意伤害罪",
            "虐待罪",
            "虐待被监护、看护人罪",
            "拐卖妇女、儿童罪",
            "收买被拐卖的妇女、儿童罪",
            "聚众阻碍解救被收买的妇女、儿童罪",
            "不解救被拐卖、绑架妇女、儿童罪",
            "阻碍解救被拐卖、绑架妇女、儿童罪",
            "拐骗儿童罪",
            "组织残疾人、儿童乞讨罪",
            "组织未成年人进行违反治安管理活动罪",
            "雇用童工从事危重劳动罪",
            "引诱未成年人聚众淫乱罪",
            "引诱幼女卖淫罪",
            "嫖宿幼女罪",
        ),
        case_level=True,
        report="67,000 prosecuted (sexual assault, injury, abuse of minors)",
    ),
    GroupSpec(
        id="against-women",
        zh="侵害妇女犯罪",
        en="crimes against women",
        status="inferred",
        basis=(
            "[I] Crimes against a woman's life, health and personal dignity (a case-level flag on "
            "the victim): intentional homicide and injury (CL arts. 232, 234), insult (art. 246, "
            "the report's own example), the charges whose definition names women or girls as "
            "victims (art. 236-1 among them), and 强制猥亵、侮辱罪 (women only before 2015-11-01)."
        ),
        charges=(
            "故意杀人罪",
            "故意伤害罪",
            "强奸罪",
            "负有照护职责人员性侵罪",
            "强制猥亵、侮辱罪",
            "侮辱罪",
            "拐卖妇女、儿童罪",
            "收买被拐卖的妇女、儿童罪",
            "聚众阻碍解救被收买的妇女、儿童罪",
            "不解救被拐卖、绑架妇女、儿童罪",
            "阻碍解救被拐卖、绑架妇女、儿童罪",
        ),
        case_level=True,
        report="46,000 prosecuted",
    ),
    GroupSpec(
        id="duty-crimes",
        zh="职务犯罪",
        en="duty crimes",
        status="inferred",
        basis=(
            "[I] CL ch. 8 (贪污贿赂罪) and ch. 9 (渎职罪). The supervision commissions' jurisdiction "
            "(Supervision Law art. 11) also reaches duty-related charges elsewhere (e.g. arts. 163, "
            "168, 271, 272 committed by public officials): a case-level matter."
        ),
        chapters=(8, 9),
        case_level=True,
        report="20,000 received from the supervision commissions, 18,000 prosecuted",
    ),
    GroupSpec(
        id="bribe-giving",
        zh="行贿犯罪",
        en="bribe-giving",
        status="inferred",
        basis=(
            "[I] The charges of giving bribes (CL arts. 389, 390-1, 391, 393). The report "
            'prosecuted 2,593 people "by jointly investigating the taking and offering of '
            'bribes" (受贿行贿一起查), its campaign against bribe-givers: 2,593 of the 18,000 '
            "duty-crime prosecutions are the givers, not the takers, bribe-taking (art. 385) "
            "being the commonest duty crime."
        ),
        charges=("行贿罪", "对有影响力的人行贿罪", "对单位行贿罪", "单位行贿罪"),
        report="2,593 prosecuted for bribe-giving",
    ),
    GroupSpec(
        id="judicial-staff",
        zh="司法工作人员相关职务犯罪",
        en="crimes by judicial staff abusing their powers",
        status="customary",
        basis=(
            "CPL art. 19(2) and the SPP's 2018 provisions on investigating them: the 14 charges "
            "below, committed by judicial staff in litigation supervision."
        ),
        charges=(
            "非法拘禁罪",
            "非法搜查罪",
            "刑讯逼供罪",
            "暴力取证罪",
            "虐待被监管人罪",
            "滥用职权罪",
            "玩忽职守罪",
            "徇私枉法罪",
            "民事、行政枉法裁判罪",
            "执行判决、裁定失职罪",
            "执行判决、裁定滥用职权罪",
            "私放在押人员罪",
            "失职致使在押人员脱逃罪",
            "徇私舞弊减刑、假释、暂予监外执行罪",
        ),
        case_level=True,
        report="1,976 people investigated",
    ),
    GroupSpec(
        id="false-litigation",
        zh="虚假诉讼罪",
        en="false litigation",
        status="statutory",
        basis="The single charge of CL art. 307-1.",
        charges=("虚假诉讼罪",),
        report="925 prosecuted",
    ),
    GroupSpec(
        id="cultural-relics",
        zh="文物犯罪",
        en="cultural relics crimes",
        status="inferred",
        basis=(
            "[I] CL ch. 6 sec. 4 (妨害文物管理罪, which also holds the archives and fossil charges) "
            "and 走私文物罪 (art. 151(2))."
        ),
        sections=((6, 4),),
        charges=("走私文物罪",),
        report="2,089 prosecuted (tomb robbing, reselling relics, …)",
    ),
    GroupSpec(
        id="national-defence",
        zh="危害国防利益犯罪",
        en="crimes endangering national defence interests",
        status="statutory",
        basis=(
            "CL ch. 7 (危害国防利益罪); the report counts crimes against servicemen, their "
            "families, heroes and martyrs with them: any charge in a case with the flag "
            "military_victim."
        ),
        chapters=(7,),
        case_level=True,
        conditional=(("*", "military_victim"),),
        report="364 prosecuted (with crimes against servicemen's rights)",
    ),
    GroupSpec(
        id="dangerous-driving",
        zh="危险驾驶罪",
        en="dangerous driving",
        status="statutory",
        basis="The single charge of CL art. 133-1 (in force since 2011-05-01).",
        charges=("危险驾驶罪",),
        report="drunk driving: the SPC-SPP-MPS-MOJ opinions of 2023",
    ),
)
