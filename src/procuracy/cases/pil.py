"""Public interest litigation (公益诉讼检察), declared as data.

Two procedures, each a case opened on a lead (线索) that the procuratorate found in performing
its duties or received (Organic Law art. 20(4)):

administrative PIL (APL art. 25 ¶4; PIL Interpretation arts. 21-25)
  the case is filed (立案) in a field → a pre-litigation procuratorial suggestion to each
  administrative organ that failed its duty (诉前检察建议) → the organ replies within 2 months,
  or 15 days when the harm is spreading → if it did not perform its duty, a lawsuit against it
  → the court's judgment (art. 25) or the withdrawal once every claim is met (art. 24).
civil PIL (CivPL art. 58 ¶2; PIL Interpretation arts. 13-20)
  the case is filed → an announcement of 30 days (公告) for the organs and organisations the
  law entitles to sue → if none sues, a lawsuit against the infringer, possibly incidental to a
  prosecution (art. 20) → the judgment, a mediation or the withdrawal (art. 19).

Either case may be closed without a lawsuit: the organ rectified, a qualified organisation sued
(the procuratorate may then support its action, CivPL art. 58 ¶2), or the public interest is no
longer harmed.

Party stages
  administrative organ: respondent → suggestion_pending → replied | no_reply → sued → judged
  infringer:            defendant → sued → judged
Case stages: received → under_review → filed (→ announced) → litigation → concluded.
"""

from __future__ import annotations

from procuracy.core.errors import shown

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure, Said
from .engine import passed_due

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
RECORDERS = DECIDERS | frozenset({"procurator_assistant", "case_manager"})
CHIEF = "chief_procurator"

APL = "APL art. 25 ¶4"
CIVPL = "CivPL art. 58 ¶2"
GENERAL = "Organic Law art. 20(4)"

#: The fields of public interest litigation (办案领域). A case is filed in one field. The
#: four of APL art. 25 ¶4 and the two of CivPL art. 58 ¶2 are the statutory core; the others
#: were added by the laws cited, or are fields the work report counts on the general power of
#: Organic Law art. 20(4) (``GENERAL``).
DOMAINS = (
    Choice("environment_resources", "生态环境和资源保护", "ecological environment and resources",
           (APL, CIVPL)),
    Choice("food_drug_safety", "食品药品安全", "food and drug safety", (APL, CIVPL)),
    Choice("state_property", "国有财产保护", "protection of state-owned property", (APL,)),
    Choice("land_protection", "国有土地使用权出让和土地资源保护",
           "transfer of state land-use rights and land protection", (APL,)),
    Choice("heroes_martyrs", "英雄烈士权益保护", "rights and interests of heroes and martyrs",
           ("Heroes and Martyrs Protection Law art. 25",)),
    Choice("minors", "未成年人保护", "protection of minors", ("Minors Protection Law art. 106",)),
    Choice("military", "国防和军事利益、军人权益保护",
           "national defence, military interests and servicemen's rights",
           ("Servicemen Status and Rights Protection Law art. 62",)),
    Choice("production_safety", "安全生产", "production safety", ("Work Safety Law art. 74",)),
    Choice("internet", "网络治理（个人信息保护、虚假宣传、消费欺诈等）",
           "the internet (personal information, untrue promotion, consumer fraud)",
           ("PIPL art. 70", "Anti-Telecom and Online Fraud Law art. 47")),
    Choice("womens_rights", "妇女权益保障", "women's rights and interests",
           ("Women's Rights and Interests Protection Law art. 77",)),
    Choice("accessibility", "无障碍环境建设", "barrier-free environments",
           ("Barrier-Free Environment Construction Law art. 63",)),
    Choice("cultural_heritage", "文物和文化遗产保护", "historical and cultural heritage", (GENERAL,)),
    Choice("intellectual_property", "知识产权", "intellectual property", (GENERAL,)),
    Choice("other", "其他领域", "other fields", (GENERAL,)),
)  # fmt: skip

NOT_FILED_REASONS = (
    Choice("no_harm", "国家利益或者社会公共利益未受侵害", "no harm to the state's or the public "
           "interest", (APL, CIVPL)),
    Choice("outside_scope", "不属于公益诉讼案件范围", "outside public interest litigation",
           (GENERAL,)),
    Choice("remedied", "违法行为已经纠正、损害已经消除", "already remedied", (APL,)),
)  # fmt: skip

REPLY_OUTCOMES = (
    Choice("rectified", "已依法履职、整改到位", "duty performed, rectified",
           ("PIL Interpretation art. 21 ¶2",)),
    Choice("rectifying", "正在整改", "rectification under way", ("PIL Interpretation art. 21 ¶2",)),
    Choice("refused", "拒不整改", "refused to rectify", ("PIL Interpretation art. 21 ¶3",)),
)  # fmt: skip

#: The court's outcome of a PIL lawsuit. Administrative: PIL Interpretation art. 25 (1)-(5)
#: and the withdrawal of art. 24; civil: the claims upheld in whole or in part, a mediation,
#: dismissal, and the withdrawal of art. 19.
ADMINISTRATIVE_OUTCOMES = (
    Choice("confirmed_unlawful", "确认违法或者无效", "act confirmed unlawful or void",
           ("PIL Interpretation art. 25(1)",)),
    Choice("revoked", "撤销或者部分撤销", "act revoked in whole or in part",
           ("PIL Interpretation art. 25(2)",)),
    Choice("ordered_to_perform", "判决限期履行", "ordered to perform its duty",
           ("PIL Interpretation art. 25(3)",)),
    Choice("varied", "判决变更", "act varied", ("PIL Interpretation art. 25(4)",)),
    Choice("rejected", "驳回诉讼请求", "claims rejected", ("PIL Interpretation art. 25(5)",)),
    Choice("withdrawn", "诉讼请求全部实现后撤回起诉", "withdrawn, every claim met",
           ("PIL Interpretation art. 24",)),
)  # fmt: skip
CIVIL_OUTCOMES = (
    Choice("upheld", "支持全部诉讼请求", "claims upheld", (CIVPL,)),
    Choice("partly_upheld", "支持部分诉讼请求", "claims upheld in part", (CIVPL,)),
    Choice("mediated", "调解结案", "settled by mediation", (CIVPL,)),
    Choice("rejected", "驳回诉讼请求", "claims rejected", (CIVPL,)),
    Choice("withdrawn", "诉讼请求全部实现后撤回起诉", "withdrawn, every claim met",
           ("PIL Interpretation art. 19",)),
)  # fmt: skip
CLOSE_REASONS = (
    Choice("rectified", "行政机关已依法履职，公益得到保护", "the organ performed its duty",
           ("PIL Interpretation art. 21",)),
    Choice("organisation_sued", "法律规定的机关或者有关组织已提起诉讼",
           "an entitled organ or organisation sued", (CIVPL, "PIL Interpretation art. 13 ¶2")),
    Choice("harm_ended", "损害已经消除", "the harm has ended", (GENERAL,)),
    Choice("decided", "诉讼审结", "the lawsuit has been decided", (GENERAL,)),
)  # fmt: skip

PARTY_ROLES = (
    Choice(
        "respondent", "负有监督管理职责的行政机关", "administrative organ with the duty", (APL,)
    ),
    Choice("defendant", "侵害公益的违法行为人", "infringer of the public interest", (CIVPL,)),
)


def _administrative(st) -> bool:
    return st.state["kind"] == "pil_administrative"


def _filed_check(st):
    if st.state["stage"] not in ("filed", "announced", "litigation"):
        return Said(
            f"case {st.state['number']} has not been filed (立案) yet",
            zh=f"案件{st.state['number']}尚未立案",
        )
    return None


def _domain(st):
    st.state["domain"] = st.payload["domain"]


def _suggestion_dates(st):
    if st.payload["received_on"] < st.occurred_on.isoformat():
        return Said(
            f"the organ cannot receive the suggestion ({st.payload['received_on']}) before it "
            f"was issued ({st.occurred_on})",
            zh=f"行政机关收到检察建议书的日期（{st.payload['received_on']}）不能早于发出检察建议的"
            f"日期（{st.occurred_on}）",
        )
    return None


def _reply_rule(st):
    return (
        "pil-pre-litigation-reply-urgent"
        if st.payload.get("urgent")
        else "pil-pre-litigation-reply"
    )


REPLY_RULES = ("pil-pre-litigation-reply", "pil-pre-litigation-reply-urgent")


def _open_reply(st) -> dict | None:
    for d in st.state["deadlines"].values():
        if d["rule"] in REPLY_RULES and d["person"] == st.person["key"] and d["status"] == "open":
            return d
    return None


def _replied(st):
    st.person["decision"] = "replied"
    st.person["reason"] = st.payload["outcome"]


def _no_reply_check(st):
    d = _open_reply(st)
    if d is not None and not passed_due(d, st.occurred_on):
        return Said(
            f"the organ may still reply: its period runs to {d['due']} "
            "(2 months, or 15 days when urgent)",
            zh=f"行政机关仍在回复期限内：回复期限至{d['due']}（两个月，紧急情形为十五日）",
        )
    return None


def _no_reply(st):
    st.person["decision"] = "no_reply"
    st.person["reason"] = None


def _incidental_check(st):
    """Only a civil action is incidental to a prosecution (PIL Interpretation art. 20)."""
    if _administrative(st) and st.payload.get("incidental"):
        return Said(
            "only a civil public interest action is incidental to a prosecution",
            zh="只有民事公益诉讼可以在提起刑事公诉时一并提起（刑事附带民事公益诉讼）",
        )
    return None


def _rectified_check(st):
    """Administrative: only against an organ that did not perform its duty after the
    suggestion (PIL Interpretation art. 21 ¶3, art. 22(3))."""
    if _administrative(st) and st.person["stage"] == "replied":
        if st.person["reason"] == "rectified":
            return Said(
                f"{st.person['name']} performed its duty after the suggestion: no lawsuit lies "
                "against an organ that rectified",
                zh=f"{st.person['name']}收到检察建议后已经依法履行职责：不能对已经整改到位的行政机关"
                "提起诉讼",
            )
    return None


def _announcement_check(st):
    """Civil: only after the 30-day announcement, when no entitled organ or organisation sued
    (PIL Interpretation art. 13 ¶2), also when incidental to a prosecution (SPC-SPP Reply of
    2019 on the announcement before an incidental civil public interest action)."""
    if _administrative(st):
        return None
    if st.state["stage"] not in ("announced", "litigation"):
        return Said(
            "a civil public interest action is brought only after the 30-day announcement",
            zh="民事公益诉讼应当在依法公告、三十日公告期满后提起",
        )
    for d in st.state["deadlines"].values():
        if d["rule"] == "pil-announcement" and not passed_due(d, st.occurred_on):
            return Said(
                f"the announcement runs to {d['due']}: entitled organisations may still sue",
                zh=f"公告期至{d['due']}届满：法律规定的机关和有关组织仍可以提起诉讼",
            )
    return None


def _sued(st):
    st.state["stage"] = "litigation"
    st.person["decision"] = "sued"


def _outcome_check(st):
    allowed = ADMINISTRATIVE_OUTCOMES if _administrative(st) else CIVIL_OUTCOMES
    if st.payload["outcome"] not in {c.code for c in allowed}:
        line = "an administrative" if _administrative(st) else "a civil"
        line_zh = "行政" if _administrative(st) else "民事"
        return Said(
            f"{shown(st.payload['outcome'])} is not an outcome of {line} public interest action: "
            + ", ".join(c.code for c in allowed),
            zh=f"{shown(st.payload['outcome'])}不是{line_zh}公益诉讼的裁判结果：只能是"
            + "、".join(c.zh for c in allowed)
            + "之一",
        )
    return None


def _judged(st):
    st.person["decision"] = st.payload["outcome"]
    if all(p["stage"] in ("judged",) or p is st.person for p in st.state["persons"].values()):
        st.state["stage"] = "concluded"


def _close_check(st):
    reason = st.payload["reason"]
    if reason == "organisation_sued" and _administrative(st):
        return Said(
            "an entitled organisation's own action ends only a civil case",
            zh="法律规定的机关或者有关组织提起诉讼，只能终结民事公益诉讼案件",
        )
    waiting = [
        p["key"]
        for p in st.state["persons"].values()
        if p["stage"] in ("suggestion_pending", "sued")
    ]
    if waiting:
        return Said(
            f"parties {', '.join(waiting)} still await a reply or a judgment: record it before "
            "closing the case",
            zh=f"当事人{'、'.join(waiting)}仍在等待回复或者裁判结果：请先记录，再终结案件",
        )
    if reason == "decided" and not any(
        p["stage"] == "judged" for p in st.state["persons"].values()
    ):
        return Said("no lawsuit of this case has been decided", zh="本案尚无已经审结的公益诉讼")
    return None


PIL_EVENTS = (
    EventType(
        code="pil.filed",
        zh="公益诉讼立案",
        en="public interest case filed",
        line="public_interest",
        scope="case",
        roles=DECIDERS,
        basis=(APL, CIVPL, "PIL Interpretation art. 13", "PIL Interpretation art. 21"),
        fields=(Field("domain", "choice", "办案领域", "field", choices=DOMAINS),),
        from_stages=frozenset({"received", "under_review"}),
        to_stage="filed",
        effect=_domain,
    ),
    EventType(
        code="pil.not_filed",
        zh="公益诉讼线索不予立案",
        en="public interest lead not filed",
        line="public_interest",
        scope="case",
        roles=DECIDERS,
        basis=(APL, CIVPL),
        fields=(Field("reason", "choice", "不立案理由", "reason", choices=NOT_FILED_REASONS),),
        from_stages=frozenset({"received", "under_review"}),
        to_stage="concluded",
    ),
    EventType(
        code="pil.pre_litigation_suggestion",
        zh="发出诉前检察建议",
        en="pre-litigation procuratorial suggestion issued",
        line="public_interest",
        scope="person",
        roles=DECIDERS,
        basis=(APL, "PIL Interpretation art. 21"),
        fields=(
            Field(
                "received_on",
                "date",
                "行政机关收到检察建议书日期",
                "day the organ received the suggestion",
            ),
            Field(
                "urgent",
                "bool",
                "损害继续扩大等紧急情形",
                "urgent: the harm is spreading",
                required=False,
            ),
            Field("subject", "text", "建议事项", "what the organ should do", required=False),
        ),
        from_stages=frozenset({"respondent"}),
        to_stage="suggestion_pending",
        deadlines=Deadlines(start=(_reply_rule,), start_from="received_on"),
        checks=(
            Check("PIL Interpretation art. 21", _filed_check),
            Check("PIL Interpretation art. 21 ¶2", _suggestion_dates, "payload.received_on"),
        ),
    ),
    EventType(
        code="pil.suggestion_replied",
        zh="行政机关书面回复诉前检察建议",
        en="administrative organ's reply to the pre-litigation suggestion",
        line="public_interest",
        scope="person",
        roles=RECORDERS,
        basis=("PIL Interpretation art. 21 ¶2",),
        fields=(Field("outcome", "choice", "回复及整改情况", "outcome", choices=REPLY_OUTCOMES),),
        from_stages=frozenset({"suggestion_pending"}),
        to_stage="replied",
        deadlines=Deadlines(stop=REPLY_RULES),
        effect=_replied,
    ),
    EventType(
        code="pil.no_reply_recorded",
        zh="行政机关逾期未回复",
        en="no reply within the period",
        line="public_interest",
        scope="person",
        roles=RECORDERS,
        basis=("PIL Interpretation art. 21 ¶2",),
        from_stages=frozenset({"suggestion_pending"}),
        to_stage="no_reply",
        deadlines=Deadlines(stop=REPLY_RULES),
        checks=(Check("PIL Interpretation art. 21 ¶2", _no_reply_check, "occurred_on"),),
        effect=_no_reply,
    ),
    EventType(
        code="pil.announced",
        zh="民事公益诉讼诉前公告",
        en="announcement before a civil public interest action",
        line="public_interest",
        scope="case",
        roles=DECIDERS,
        basis=("PIL Interpretation art. 13 ¶1",),
        from_stages=frozenset({"filed"}),
        to_stage="announced",
        deadlines=Deadlines(start=("pil-announcement",)),
    ),
    EventType(
        code="pil.lawsuit_filed",
        zh="提起公益诉讼",
        en="public interest action brought",
        line="public_interest",
        scope="person",
        roles=DECIDERS,
        basis=(
            APL,
            CIVPL,
            "PIL Interpretation art. 13 ¶2",
            "PIL Interpretation art. 21 ¶3",
            "Organic Law art. 29",
        ),
        fields=(
            Field("court", "text", "受诉人民法院", "court"),
            Field(
                "incidental",
                "bool",
                "刑事附带民事公益诉讼",
                "incidental to a prosecution (PIL Interpretation art. 20)",
                required=False,
            ),
        ),
        from_stages=frozenset({"replied", "no_reply", "defendant"}),
        to_stage="sued",
        # A decision on a major matter of a case, the chief procurator's (Organic Law art. 29).
        approval=CHIEF,
        checks=(
            Check("PIL Interpretation art. 20", _incidental_check, "payload.incidental"),
            Check("PIL Interpretation art. 21 ¶3", _rectified_check),
            Check("PIL Interpretation art. 13 ¶2", _announcement_check),
        ),
        effect=_sued,
    ),
    EventType(
        code="pil.judgment",
        zh="公益诉讼裁判结果",
        en="court's decision on the public interest action",
        line="public_interest",
        scope="person",
        roles=RECORDERS,
        basis=(
            "PIL Interpretation art. 19",
            "PIL Interpretation art. 24",
            "PIL Interpretation art. 25",
        ),
        fields=(
            Field(
                "outcome",
                "choice",
                "裁判结果",
                "outcome",
                choices=(*ADMINISTRATIVE_OUTCOMES, *CIVIL_OUTCOMES[:3]),
            ),
            Field("court", "text", "人民法院", "court", required=False),
        ),
        from_stages=frozenset({"sued"}),
        to_stage="judged",
        checks=(Check("PIL Interpretation arts. 19, 24, 25", _outcome_check, "payload.outcome"),),
        effect=_judged,
    ),
    EventType(
        code="pil.closed",
        zh="公益诉讼案件终结",
        en="public interest case closed",
        line="public_interest",
        scope="case",
        roles=DECIDERS,
        basis=(APL, CIVPL),
        fields=(Field("reason", "choice", "终结理由", "reason", choices=CLOSE_REASONS),),
        from_stages=frozenset({"filed", "announced", "litigation"}),
        to_stage="concluded",
        checks=(Check("PIL Interpretation arts. 13, 21", _close_check, "payload.reason"),),
    ),
)

_GENERAL = frozenset({"case.assigned", "event.corrected"})
_BOTH = frozenset({"pil.filed", "pil.not_filed", "pil.lawsuit_filed", "pil.judgment", "pil.closed"})
PIL_SOURCES = frozenset(
    {"procuratorate", "public", "administrative_agency", "police", "court",
     "supervision_commission"}
)  # fmt: skip
LEAD = (Choice("lead", "案件线索材料", "material of the lead"),)

PIL_PROCEDURES = (
    Procedure(
        kind="pil_administrative",
        zh="行政公益诉讼",
        en="administrative public interest litigation",
        line="public_interest",
        number_code="行公受",
        department="public_interest",
        basis=(APL, "PIL Interpretation arts. 21-25"),
        sources=PIL_SOURCES,
        events=_GENERAL
        | _BOTH
        | {"pil.pre_litigation_suggestion", "pil.suggestion_replied", "pil.no_reply_recorded"},
        initial_person_stage="respondent",
        required_materials=LEAD,
        parties=PARTY_ROLES[:1],
    ),
    Procedure(
        kind="pil_civil",
        zh="民事公益诉讼",
        en="civil public interest litigation",
        line="public_interest",
        number_code="民公受",
        department="public_interest",
        basis=(CIVPL, "PIL Interpretation arts. 13-20"),
        sources=PIL_SOURCES,
        events=_GENERAL | _BOTH | {"pil.announced"},
        initial_person_stage="defendant",
        required_materials=LEAD,
        parties=PARTY_ROLES[1:],
    ),
)
