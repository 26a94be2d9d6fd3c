"""Civil and administrative litigation supervision (民事、行政诉讼监督) and support for civil
actions (支持起诉), declared as data.

Litigation supervision, one procedure of each kind per business line (civil: CivPL arts.
219-222, 246 and the Civil Supervision Rules; administrative: APL arts. 93, 101 and the
Administrative Supervision Rules, which apply the civil rules where they are silent, art. 36):

judgment supervision (对生效判决、裁定、调解书的监督)
  received on a party's application (source ``public``), or found by the procuratorate itself
  or requested by the procuratorate below (source ``procuratorate``, Civil Supervision Rules
  arts. 23, 41-42). An application is reviewed within 3 months (CivPL art. 220 ¶2;
  Administrative Supervision Rules art. 12). The decision (Civil Supervision Rules art. 54,
  Administrative Supervision Rules art. 11), approved by the chief procurator (Civil
  Supervision Rules art. 53 ¶2): a retrial suggestion to the court at the same level, a
  request to the procuratorate above to protest, a protest against a lower court's judgment,
  not supporting the application, or terminating the review. The court's outcome on a
  protest or a retrial suggestion: changed, remanded, settled by mediation, withdrawn after a
  settlement, maintained, or (a suggestion only) not taken up, after which the procuratorate
  may ask the level above to protest (follow-up supervision, art. 117).
activity supervision (对审判活动、执行活动的监督)
  a procuratorial suggestion on unlawful conduct in trial or enforcement (CivPL art. 219 ¶3,
  art. 246; APL art. 93 ¶3, art. 101), and the court's reply; or not supporting the
  application, or terminating the review.

In administrative cases the procuratorate also makes suggestions to administrative organs
(Administrative Supervision Rules art. 34; the supervision of compulsory isolated drug
rehabilitation is one of its matters) and resolves the underlying dispute in substance
(行政争议实质性化解), recording since when it had lasted.

Support for civil actions (CivPL art. 15): the procuratorate supports a party whose rights were
harmed and who cannot sue alone (migrant workers owed wages, disabled or elderly people), and
records the court's outcome.

Persons are the parties (``Procedure.parties``): natural persons or organisations by their
credit code. The decisions concern the court's judgment or conduct, so they are case-wide.
Case stages: received → under_review → retrial_suggested | protested | suggested | supported
→ not_adopted → concluded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure, Said
from .levels import SPP, is_basic
from .suggestions import awaiting_reply, reply_pending

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
RECORDERS = DECIDERS | frozenset({"procurator_assistant", "case_manager"})
CHIEF = "chief_procurator"
OPEN = frozenset({"received", "under_review"})
PENDING = frozenset({"received", "under_review", "retrial_suggested", "protested", "suggested",
                     "not_adopted"})  # fmt: skip
APPLICATION = "public"  # the source of a case received on a party's application


@dataclass(frozen=True)
class Line:
    """The articles of one business line of litigation supervision."""

    code: str  # civil | administrative
    zh: str
    en: str
    department: str
    rules: str  # the procuratorate's rules for the line, as cited
    protest: tuple[str, ...]
    retrial_suggestion: tuple[str, ...]
    request_protest: tuple[str, ...]
    not_supported: tuple[str, ...]
    terminated: tuple[str, ...]
    decisions: str
    conduct: tuple[str, ...]
    outcome: tuple[str, ...]
    review_rule: str  # an application about an effective judgment
    activity_review_rule: str  # an application about trial or enforcement activities
    judgment_code: str  # the case-number code of judgment supervision
    activity_code: str


CIVIL = Line(
    code="civil",
    zh="民事",
    en="civil",
    department="civil",
    rules="Civil Supervision Rules",
    protest=("CivPL art. 219 ¶1", "Civil Supervision Rules art. 91", "Civil Supervision Rules "
             "art. 92"),
    retrial_suggestion=("CivPL art. 219 ¶2", "Civil Supervision Rules art. 83",
                        "Civil Supervision Rules art. 88"),
    request_protest=("CivPL art. 219 ¶2", "Civil Supervision Rules art. 84",
                     "Civil Supervision Rules art. 85", "Civil Supervision Rules art. 89"),
    not_supported=("Civil Supervision Rules art. 90", "Civil Supervision Rules art. 93",
                   "Civil Supervision Rules art. 104"),
    terminated=("Civil Supervision Rules art. 75",),
    decisions="Civil Supervision Rules art. 54",
    conduct=("CivPL art. 219 ¶3", "CivPL art. 246", "Civil Supervision Rules art. 99",
             "Civil Supervision Rules art. 103"),
    outcome=("CivPL art. 222", "Civil Supervision Rules art. 116"),
    review_rule="civil-supervision-review",
    activity_review_rule="civil-activity-supervision-review",  # Civil Supervision Rules art. 56 ¶2
    judgment_code="民监受",
    activity_code="民活监受",
)  # fmt: skip
ADMINISTRATIVE = Line(
    code="administrative",
    zh="行政",
    en="administrative",
    department="administrative",
    rules="Administrative Supervision Rules",
    protest=("APL art. 93 ¶1", "Administrative Supervision Rules art. 22",
             "Administrative Supervision Rules art. 25"),
    retrial_suggestion=("APL art. 93 ¶2", "Administrative Supervision Rules art. 18",
                        "Administrative Supervision Rules art. 23"),
    request_protest=("APL art. 93 ¶2", "Administrative Supervision Rules art. 19",
                     "Administrative Supervision Rules art. 20",
                     "Administrative Supervision Rules art. 24"),
    not_supported=("Administrative Supervision Rules art. 27",),
    terminated=("Administrative Supervision Rules art. 11", "Civil Supervision Rules art. 75"),
    decisions="Administrative Supervision Rules art. 11",
    conduct=("APL art. 93 ¶3", "APL art. 101", "Administrative Supervision Rules art. 28",
             "Administrative Supervision Rules art. 29", "Administrative Supervision Rules "
             "art. 32"),
    outcome=("APL art. 101", "CivPL art. 222", "Civil Supervision Rules art. 116"),
    review_rule="administrative-supervision-review",
    # Administrative Supervision Rules art. 12: every application, activities too
    activity_review_rule="administrative-supervision-review",
    judgment_code="行监受",
    activity_code="行活监受",
)  # fmt: skip
LINES = (CIVIL, ADMINISTRATIVE)
# The chief procurator approves the decision reached in collective discussion (Civil
# Supervision Rules art. 53 ¶2; Administrative Supervision Rules art. 36).
APPROVAL = "Civil Supervision Rules art. 53"

TERMINATION_REASONS = (
    Choice("court_acted", "人民法院已经裁定再审或者已经纠正违法行为",
           "the court ordered a retrial or corrected the conduct",
           ("Civil Supervision Rules art. 75(1)",)),
    Choice("withdrawn", "申请人撤回监督申请或者当事人达成和解协议",
           "the application was withdrawn or the parties settled",
           ("Civil Supervision Rules art. 75(2)",)),
    Choice("party_ended", "申请监督的自然人死亡或者法人、其他组织终止",
           "the applicant died or ceased to exist without a successor",
           ("Civil Supervision Rules art. 75(3)", "Civil Supervision Rules art. 75(4)")),
    Choice("inadmissible", "不符合受理条件", "the case did not meet the conditions for "
           "acceptance", ("Civil Supervision Rules art. 75(5)",)),
    Choice("no_supervision_needed", "依职权发现的案件经审查不需要采取监督措施",
           "found by the procuratorate, no supervision needed",
           ("Civil Supervision Rules art. 75(6)",)),
    Choice("other", "其他应当终结审查的情形", "other", ("Civil Supervision Rules art. 75(7)",)),
)  # fmt: skip

#: The court's handling of a protest or a retrial suggestion. The first four are the changes
#: the work report counts in its change rate (改变率: changed, remanded, or withdrawn after
#: mediation or a settlement).
RETRIAL_OUTCOMES = (
    Choice("changed", "改判", "judgment changed", ("CivPL art. 222",)),
    Choice("remanded", "发回重审", "remanded for retrial", ("CivPL art. 222",)),
    Choice("mediated", "调解结案", "settled by mediation in the retrial", ("CivPL art. 222",)),
    Choice("withdrawn", "和解撤诉", "withdrawn after a settlement", ("CivPL art. 222",)),
    Choice("maintained", "维持原裁判", "original judgment maintained", ("CivPL art. 222",)),
    Choice("not_adopted", "不予再审（未采纳再审检察建议）",
           "retrial suggestion not taken up", ("Civil Supervision Rules art. 117(2)",)),
)  # fmt: skip
CHANGED = ("changed", "remanded", "mediated", "withdrawn")

CONDUCT_AREAS = (
    Choice("trial", "审判活动", "trial", ("CivPL art. 219 ¶3", "APL art. 93 ¶3")),
    Choice("enforcement", "执行活动", "enforcement", ("CivPL art. 246", "APL art. 101")),
)
REPLY_OUTCOMES = (
    Choice("adopted", "采纳并纠正", "adopted and corrected"),
    Choice("not_adopted", "未采纳", "not adopted"),
)
AGENCY_MATTERS = (
    Choice("illegal_act", "行政机关违法行使职权或者不行使职权",
           "an organ's unlawful exercise of, or failure to exercise, its powers",
           ("Administrative Supervision Rules art. 34", "Organic Law art. 21")),
    Choice("drug_rehabilitation", "强制隔离戒毒", "compulsory isolated drug rehabilitation",
           ("Anti-Drug Law art. 38", "Organic Law art. 21")),
)  # fmt: skip
RESOLUTION_METHODS = (
    Choice("withdrawn", "申请人撤回申请", "the applicant withdrew"),
    Choice("corrected", "行政机关自行纠正", "the organ corrected its act"),
    Choice("settled", "当事人和解", "the parties settled"),
    Choice("relief", "司法救助", "judicial relief"),
)
SUPPORTED_GROUPS = (
    Choice("migrant_worker", "农民工", "migrant workers", ("CivPL art. 15",)),
    Choice("disabled", "残疾人", "disabled people", ("CivPL art. 15",)),
    Choice("elderly", "老年人", "elderly people", ("CivPL art. 15",)),
    Choice("minor", "未成年人", "minors", ("CivPL art. 15",)),
    Choice("woman", "妇女", "women", ("CivPL art. 15",)),
    Choice("other", "其他", "others", ("CivPL art. 15",)),
)
SUPPORT_OUTCOMES = (
    Choice("upheld", "支持全部诉讼请求", "claims upheld", ("CivPL art. 15",)),
    Choice("partly_upheld", "支持部分诉讼请求", "claims upheld in part", ("CivPL art. 15",)),
    Choice("mediated", "调解结案", "settled by mediation", ("CivPL art. 15",)),
    Choice("rejected", "驳回诉讼请求", "claims rejected", ("CivPL art. 15",)),
    Choice("withdrawn", "撤诉", "withdrawn", ("CivPL art. 15",)),
)
PARTY_ROLES = (
    Choice("applicant", "申请监督人", "applicant for supervision",
           ("Civil Supervision Rules art. 24", "Administrative Supervision Rules art. 5")),
    Choice("other_party", "其他当事人", "other party to the original case",
           ("Civil Supervision Rules art. 47",)),
)  # fmt: skip
SUPPORT_ROLES = (
    Choice("plaintiff", "被支持起诉人", "party supported in suing", ("CivPL art. 15",)),
    Choice("sued_party", "被告（对方当事人）", "the party sued", ("CivPL art. 15",)),
)


# --- checks and effects ---------------------------------------------------------------------


def _protest_level(st):
    """A protest lies against a lower court's judgment (CivPL art. 219 ¶1, APL art. 93 ¶1): a
    basic procuratorate has no lower court."""
    if is_basic(st.state["unit"]):
        return Said(
            "a basic procuratorate does not protest: it makes a retrial suggestion to the court "
            "at its level or asks the procuratorate above to protest",
            zh="基层人民检察院不提出抗诉：可以向同级人民法院提出再审检察建议，或者提请上一级人民"
            "检察院抗诉",
        )
    return None


def _request_level(st):
    if st.state["unit"] == SPP:
        return Said(
            "the Supreme People's Procuratorate protests itself: there is no level above",
            zh="最高人民检察院自行提出抗诉：没有可以提请抗诉的上一级人民检察院",
        )
    return None


def _application(st):
    """Not supporting is the answer to an application; a case the procuratorate found itself
    is closed by terminating the review (Civil Supervision Rules art. 75(6))."""
    if (st.state.get("source") or {}).get("agency") != APPLICATION:
        return Said(
            "the case was not received on a party's application: terminate the review "
            "instead (no supervision needed)",
            zh="本案不是依当事人申请受理的：应当终结审查（依职权发现的案件经审查不需要采取监督"
            "措施）",
        )
    return None


def _not_adopted_check(st):
    if st.payload["outcome"] == "not_adopted" and st.state["stage"] != "retrial_suggested":
        return Said(
            "a court declines only a retrial suggestion; a protest always brings a retrial",
            zh="人民法院只能对再审检察建议不予再审；对抗诉，人民法院应当再审",
        )
    return None


def _retrial_outcome(st):
    st.state["stage"] = "not_adopted" if st.payload["outcome"] == "not_adopted" else "concluded"


def _dispute_dates(st):
    if st.payload["dispute_began_on"] > st.occurred_on.isoformat():
        return Said(
            f"the dispute cannot begin ({st.payload['dispute_began_on']}) after it was "
            f"resolved ({st.occurred_on})",
            zh=f"行政争议发生日期（{st.payload['dispute_began_on']}）不能晚于化解日期"
            f"（{st.occurred_on}）",
        )
    return None


def _resolved(st):
    st.state["dispute_resolved"] = True


def long_standing(payload: dict, occurred_on: date, *_) -> bool:
    """The dispute had lasted more than ten years when it was resolved (the work report's
    780 of 22,000)."""
    began = date.fromisoformat(payload["dispute_began_on"])
    try:
        ten_years_on = began.replace(year=began.year + 10)
    except ValueError:  # 29 February
        ten_years_on = date(began.year + 10, 3, 1)
    return occurred_on > ten_years_on


def _plaintiff(st):
    if not any(p.get("role") == "plaintiff" for p in st.state["persons"].values()):
        return Said(
            "name the party supported (role plaintiff) among the case's persons",
            zh="请在本案当事人中列明被支持起诉人",
        )
    return None


# --- event types ----------------------------------------------------------------------------


def _line_events(ln: Line) -> tuple[EventType, ...]:
    c = ln.code
    court = Field("court", "text", "人民法院", "court")
    review = (ln.review_rule,)
    # the decisions that end either kind of case's review
    either = tuple(dict.fromkeys((ln.review_rule, ln.activity_review_rule)))
    return (
        EventType(
            code=f"{c}.retrial_suggestion",
            zh=f"提出{ln.zh}再审检察建议",
            en=f"{ln.en} retrial suggestion made",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.retrial_suggestion, ln.decisions),
            fields=(court,),
            from_stages=OPEN,
            to_stage="retrial_suggested",
            approval=CHIEF,
            deadlines=Deadlines(stop=review),
        ),
        EventType(
            code=f"{c}.protest_requested",
            zh=f"提请上一级人民检察院{ln.zh}抗诉",
            en=f"{ln.en} protest requested of the procuratorate above",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.request_protest, ln.decisions),
            from_stages=OPEN | {"not_adopted"},
            to_stage="concluded",
            approval=CHIEF,
            deadlines=Deadlines(stop=review),
            checks=(Check(ln.request_protest[0], _request_level, "org"),),
        ),
        EventType(
            code=f"{c}.protest",
            zh=f"提出{ln.zh}抗诉",
            en=f"{ln.en} protest lodged",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.protest, ln.decisions),
            fields=(court,),
            from_stages=OPEN,
            to_stage="protested",
            approval=CHIEF,
            deadlines=Deadlines(stop=review),
            checks=(Check(ln.protest[0], _protest_level, "org"),),
        ),
        EventType(
            code=f"{c}.not_supported",
            zh="不支持监督申请",
            en=f"{ln.en} application for supervision not supported",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.not_supported, ln.decisions),
            fields=(Field("reason", "text", "理由", "reasons", required=False),),
            from_stages=OPEN,
            to_stage="concluded",
            approval=CHIEF,
            deadlines=Deadlines(stop=either),
            checks=(Check(ln.decisions, _application),),
        ),
        EventType(
            code=f"{c}.review_terminated",
            zh="终结审查",
            en=f"{ln.en} supervision review terminated",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.terminated, ln.decisions),
            fields=(
                Field("reason", "choice", "终结审查理由", "reason", choices=TERMINATION_REASONS),
            ),
            from_stages=OPEN | {"not_adopted"},
            to_stage="concluded",
            approval=CHIEF,
            deadlines=Deadlines(stop=either),
        ),
        EventType(
            code=f"{c}.retrial_outcome",
            zh="人民法院对抗诉、再审检察建议的处理结果",
            en=f"court's outcome on a {ln.en} protest or retrial suggestion",
            line=c,
            scope="case",
            roles=RECORDERS,
            basis=ln.outcome,
            fields=(
                Field("outcome", "choice", "处理结果", "outcome", choices=RETRIAL_OUTCOMES),
                Field("court", "text", "人民法院", "court", required=False),
            ),
            from_stages=frozenset({"retrial_suggested", "protested"}),
            checks=(
                Check("Civil Supervision Rules art. 117", _not_adopted_check, "payload.outcome"),
            ),
            effect=_retrial_outcome,
        ),
        EventType(
            code=f"{c}.conduct_suggestion",
            zh=f"对{ln.zh}审判、执行活动违法情形提出检察建议",
            en=f"suggestion on unlawful conduct in {ln.en} trial or enforcement",
            line=c,
            scope="case",
            roles=DECIDERS,
            basis=(*ln.conduct, ln.decisions),
            fields=(
                Field("area", "choice", "监督事项", "conduct in", choices=CONDUCT_AREAS),
                court,
                Field("subject", "text", "违法情形", "unlawful conduct found", required=False),
            ),
            from_stages=OPEN,
            to_stage="suggested",
            approval=CHIEF,
            deadlines=Deadlines(stop=(ln.activity_review_rule,)),
        ),
        EventType(
            code=f"{c}.conduct_reply",
            zh="人民法院对检察建议的回复",
            en=f"court's reply to the {ln.en} conduct suggestion",
            line=c,
            scope="case",
            roles=RECORDERS,
            basis=("Civil Supervision Rules art. 116", "Civil Supervision Rules art. 117(2)"),
            fields=(Field("outcome", "choice", "回复情况", "outcome", choices=REPLY_OUTCOMES),),
            from_stages=frozenset({"suggested"}),
            to_stage="concluded",
        ),
    )


ADMINISTRATIVE_ONLY = (
    EventType(
        code="administrative.agency_suggestion",
        zh="向行政机关提出检察建议",
        en="procuratorial suggestion to an administrative organ",
        line="administrative",
        scope="case",
        roles=DECIDERS,
        basis=("Administrative Supervision Rules art. 34", "Organic Law art. 21"),
        fields=(
            Field("matter", "choice", "监督事项", "matter", choices=AGENCY_MATTERS),
            Field("agency", "text", "行政机关", "administrative organ"),
            Field("subject", "text", "建议事项", "what the organ should do", required=False),
        ),
        from_stages=PENDING,
        approval=CHIEF,
        deadlines=Deadlines(start=("suggestion-reply",)),
        checks=(Check("Organic Law art. 21", reply_pending),),
    ),
    EventType(
        code="administrative.agency_replied",
        zh="行政机关对检察建议的回复",
        en="administrative organ's reply to the suggestion",
        line="administrative",
        scope="case",
        roles=RECORDERS,
        basis=("Organic Law art. 21",),
        fields=(Field("outcome", "choice", "回复情况", "outcome", choices=REPLY_OUTCOMES),),
        from_stages=PENDING | {"concluded"},
        deadlines=Deadlines(stop=("suggestion-reply",)),
        checks=(Check("Organic Law art. 21", awaiting_reply),),
    ),
    EventType(
        code="administrative.dispute_resolved",
        zh="行政争议实质性化解",
        en="administrative dispute resolved in substance",
        line="administrative",
        scope="case",
        roles=DECIDERS,
        basis=("APL art. 1", "Administrative Supervision Rules art. 4"),
        fields=(
            Field("dispute_began_on", "date", "行政争议发生日期", "the dispute began on"),
            Field(
                "method", "choice", "化解方式", "how", required=False, choices=RESOLUTION_METHODS
            ),
        ),
        from_stages=PENDING,
        checks=(Check("APL art. 1", _dispute_dates, "payload.dispute_began_on"),),
        effect=_resolved,
        fact_flag=long_standing,
    ),
)

SUPPORT_EVENTS = (
    EventType(
        code="civil.support_decided",
        zh="支持起诉",
        en="civil action supported",
        line="civil",
        scope="case",
        roles=DECIDERS,
        basis=("CivPL art. 15",),
        fields=(
            Field("group", "choice", "支持对象", "party supported", choices=SUPPORTED_GROUPS),
            Field("court", "text", "受诉人民法院", "court"),
        ),
        from_stages=OPEN,
        to_stage="supported",
        checks=(Check("CivPL art. 15", _plaintiff, "persons"),),
    ),
    EventType(
        code="civil.support_declined",
        zh="不支持起诉",
        en="support for a civil action declined",
        line="civil",
        scope="case",
        roles=DECIDERS,
        basis=("CivPL art. 15",),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=OPEN,
        to_stage="concluded",
    ),
    EventType(
        code="civil.support_outcome",
        zh="支持起诉案件裁判结果",
        en="court's decision on the supported action",
        line="civil",
        scope="case",
        roles=RECORDERS,
        basis=("CivPL art. 15",),
        fields=(
            Field("outcome", "choice", "裁判结果", "outcome", choices=SUPPORT_OUTCOMES),
            Field("court", "text", "人民法院", "court", required=False),
        ),
        from_stages=frozenset({"supported"}),
        to_stage="concluded",
    ),
)

SUPERVISION_EVENTS = (*_line_events(CIVIL), *_line_events(ADMINISTRATIVE), *ADMINISTRATIVE_ONLY,
                      *SUPPORT_EVENTS)  # fmt: skip

_GENERAL = frozenset({"case.assigned", "event.corrected"})
SOURCES = frozenset({APPLICATION, "procuratorate"})
JUDGMENT = (Choice("judgment", "生效判决、裁定、调解书", "the effective judgment, ruling or "
                   "mediation statement"),)  # fmt: skip
# The same material as the other procedures' applications (one meaning per code).
APPLICATION_FORM = (Choice("application", "申请书或者线索材料", "application or lead"),)


def _review_rule(rule_id: str):
    def rule(state) -> str | None:
        """Only a party's application is reviewed within the 3 months."""
        return rule_id if state["source"].get("agency") == APPLICATION else None

    return rule


def _judgment_events(ln: Line) -> frozenset[str]:
    c = ln.code
    own = {f"{c}.{e}" for e in ("retrial_suggestion", "protest_requested", "protest",
                                "not_supported", "review_terminated", "retrial_outcome")}  # fmt: skip
    if ln is ADMINISTRATIVE:
        own |= {e.code for e in ADMINISTRATIVE_ONLY}
    return _GENERAL | own


def _activity_events(ln: Line) -> frozenset[str]:
    c = ln.code
    own = {f"{c}.{e}" for e in ("conduct_suggestion", "conduct_reply", "not_supported",
                                "review_terminated")}  # fmt: skip
    if ln is ADMINISTRATIVE:
        own |= {e.code for e in ADMINISTRATIVE_ONLY}
    return _GENERAL | own


SUPERVISION_PROCEDURES = (
    *(
        Procedure(
            kind=f"{ln.code}_judgment_supervision",
            zh=f"{ln.zh}生效裁判监督",
            en=f"supervision of effective {ln.en} judgments",
            line=ln.code,
            number_code=ln.judgment_code,
            department=ln.department,
            basis=(*ln.protest[:1], *ln.retrial_suggestion[:1], ln.decisions),
            sources=SOURCES,
            events=_judgment_events(ln),
            initial_person_stage="party",
            required_materials=APPLICATION_FORM + JUDGMENT,
            case_deadline=_review_rule(ln.review_rule),
            parties=PARTY_ROLES,
        )
        for ln in LINES
    ),
    *(
        Procedure(
            kind=f"{ln.code}_activity_supervision",
            zh=f"{ln.zh}审判和执行活动监督",
            en=f"supervision of {ln.en} trial and enforcement activities",
            line=ln.code,
            number_code=ln.activity_code,
            department=ln.department,
            basis=ln.conduct,
            sources=SOURCES,
            events=_activity_events(ln),
            initial_person_stage="party",
            required_materials=APPLICATION_FORM,
            case_deadline=_review_rule(ln.activity_review_rule),
            parties=PARTY_ROLES,
        )
        for ln in LINES
    ),
    Procedure(
        kind="civil_support",
        zh="民事支持起诉",
        en="support for a civil action",
        line="civil",
        number_code="民支受",
        department="civil",
        basis=("CivPL art. 15",),
        sources=SOURCES,
        events=_GENERAL | {e.code for e in SUPPORT_EVENTS},
        initial_person_stage="party",
        required_materials=APPLICATION_FORM,
        parties=SUPPORT_ROLES,
    ),
)
