"""Supervision of the enforcement of criminal judgments (刑事执行检察), declared as data.

Commutation, parole and temporary service outside prison (减刑、假释、暂予监外执行监督; CPL
arts. 265-268, 273-274; Rules arts. 629-641)
  the prison or detention centre sends the procuratorate a copy of its proposal to commute a
  sentence or grant parole, or of its written opinion on temporary service outside prison;
  the court sends a copy of its ruling. The procuratorate reviews each one: within 10 days of a
  proposal (Rules art. 635), within 20 days of a ruling (Rules art. 639), and either finds it
  proper or, with the chief procurator's approval, makes a written opinion against it
  (纠正意见, 检察意见), whose outcome it follows (Rules arts. 633, 641). It has a convict serving
  outside prison returned to prison when the conditions for serving outside no longer exist
  (收监执行, CPL art. 268; Rules art. 634).
Property penalties (财产刑执行监督; Rules arts. 645-646)
  the procuratorate finds the court's enforcement of the property part of a criminal judgment
  wanting, makes a corrective opinion, and records the money enforced after it.

The persons are the convicts (parties with the role ``convict``: no custody or charges of an
intake). Person stages: party → opinion_made → reviewed | returned; party → enforced.
"""

from __future__ import annotations

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure
from .engine import extend_once_in_time

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
RECORDERS = DECIDERS | frozenset({"case_manager", "procurator_assistant"})
CHIEF = "chief_procurator"
PROPOSAL = "sentence-change-proposal-review"
RULING = "sentence-change-ruling-review"
TEMPORARY = "temporary-service-review"
REVIEWS = (PROPOSAL, RULING, TEMPORARY)

MATTERS = (
    Choice("commutation", "减刑", "commutation", ("CPL art. 273",)),
    Choice("parole", "假释", "parole", ("CPL art. 273",)),
    Choice("temporary_service", "暂予监外执行", "temporary service outside prison",
           ("CPL art. 265",)),
)  # fmt: skip
AGAINST = (
    Choice("proposal", "提请（建议）", "the proposal", ("Rules art. 635",)),
    Choice(
        "decision", "裁定、决定", "the ruling or decision", ("Rules art. 632", "Rules art. 639")
    ),
)
RETURN_REASONS = (
    Choice("conditions_ended", "暂予监外执行的情形消失", "the conditions for serving outside ended",
           ("CPL art. 268(3)",)),
    Choice("not_eligible", "不符合暂予监外执行条件", "not eligible to serve outside",
           ("CPL art. 268(1)",)),
    Choice("violated_rules", "严重违反监督管理规定", "serious breach of the supervision rules",
           ("CPL art. 268(2)",)),
)  # fmt: skip
OUTCOMES = (
    Choice("adopted", "采纳，重新作出裁定、决定", "adopted"),
    Choice("not_adopted", "未采纳", "not adopted"),
)
PROPERTY_PROBLEMS = (
    Choice("not_enforced", "应当执行而未执行", "not enforced though it should be",
           ("Rules art. 645",)),
    Choice("improper", "执行不当", "enforced improperly", ("Rules art. 645",)),
    Choice("assets_hidden", "被执行人隐匿、转移财产", "assets hidden or moved",
           ("Rules art. 646",)),
)  # fmt: skip
CONVICT = (Choice("convict", "罪犯（被执行人）", "convict", ("CPL art. 264",)),)

ENFORCEMENT_EVENTS = (
    EventType(
        code="enforcement.review_extended",
        zh="延长审查减刑、假释建议的期限",
        en="review of the proposal extended",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 635",),  # 案情复杂或者情况特殊的，可以延长十日
        from_stages=frozenset({"party"}),
        checks=(
            Check(
                "Rules art. 635",
                extend_once_in_time(PROPOSAL, "review of the proposal", "审查减刑、假释建议"),
                "persons",
            ),
        ),
        deadlines=Deadlines(extend=((PROPOSAL, "10 days"),)),
    ),
    EventType(
        code="enforcement.correction_opinion",
        zh="对减刑、假释、暂予监外执行提出纠正意见",
        en="opinion against an improper commutation, parole or temporary service",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 274", "Rules art. 632", "Rules art. 635", "Rules art. 639"),
        fields=(
            Field("matter", "choice", "事项", "matter", choices=MATTERS),
            Field("against", "choice", "针对", "against", choices=AGAINST),
        ),
        from_stages=frozenset({"party"}),
        to_stage="opinion_made",
        approval=CHIEF,
        deadlines=Deadlines(stop=REVIEWS),
    ),
    EventType(
        code="enforcement.reviewed_proper",
        zh="审查认为减刑、假释、暂予监外执行适当",
        en="found proper on review",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 635", "Rules art. 638"),
        from_stages=frozenset({"party"}),
        to_stage="reviewed",
        deadlines=Deadlines(stop=REVIEWS),
    ),
    EventType(
        code="enforcement.opinion_outcome",
        zh="纠正意见的处理结果",
        en="outcome of the opinion",
        line="criminal",
        scope="person",
        roles=RECORDERS,
        basis=("Rules art. 633", "Rules art. 641"),
        fields=(Field("outcome", "choice", "处理结果", "outcome", choices=OUTCOMES),),
        from_stages=frozenset({"opinion_made"}),
        to_stage="reviewed",
    ),
    EventType(
        code="enforcement.returned_to_prison",
        zh="监督收监执行",
        en="convict returned to prison",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 268", "Rules art. 634"),
        fields=(Field("reason", "choice", "收监理由", "reason", choices=RETURN_REASONS),),
        from_stages=frozenset({"party", "opinion_made", "reviewed"}),
        to_stage="returned",
    ),
    EventType(
        code="enforcement.property_opinion",
        zh="对财产刑执行提出纠正意见",
        en="corrective opinion on the enforcement of a property penalty",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 645", "Rules art. 646"),
        fields=(Field("problem", "choice", "问题", "problem", choices=PROPERTY_PROBLEMS),),
        from_stages=frozenset({"party", "opinion_made"}),
        to_stage="opinion_made",
    ),
    EventType(
        code="enforcement.property_enforced",
        zh="财产刑执行到位",
        en="property penalty enforced",
        line="criminal",
        scope="person",
        roles=RECORDERS,
        basis=("Rules art. 645",),
        fields=(Field("amount", "int", "执行到位金额（元）", "amount enforced (yuan)", minimum=1),),
        from_stages=frozenset({"opinion_made"}),
        to_stage="enforced",
    ),
)

_GENERAL = frozenset({"case.assigned", "event.corrected"})


def _review_rule(state) -> str | None:
    """A decision or approval of temporary service outside prison (the case's flag
    ``temporary_service``): one month (CPL art. 267; Rules art. 632); else a proposal or
    opinion from the prison or detention centre: 10 days; a court's ruling: 20 days; a case
    the procuratorate found itself: none."""
    agency = state["source"].get("agency")
    if "temporary_service" in (state.get("flags") or ()) and agency != "procuratorate":
        return TEMPORARY
    return {"prison": PROPOSAL, "detention_centre": PROPOSAL, "court": RULING}.get(agency)


ENFORCEMENT_PROCEDURES = (
    Procedure(
        kind="sentence_change_supervision",
        zh="减刑、假释、暂予监外执行监督",
        en="supervision of commutation, parole and temporary service outside prison",
        line="criminal",
        number_code="刑执变受",
        department="criminal_enforcement",
        basis=("CPL art. 273", "CPL art. 274", "Rules arts. 629-641"),
        sources=frozenset({"prison", "detention_centre", "court", "procuratorate"}),
        events=_GENERAL | {e.code for e in ENFORCEMENT_EVENTS[:5]},
        initial_person_stage="party",
        required_materials=(
            Choice(
                "documents",
                "减刑、假释建议书或者裁定书、暂予监外执行意见或者决定书副本",
                "copy of the proposal, ruling, opinion or decision",
            ),
        ),
        case_deadline=_review_rule,
        final_stages=frozenset({"reviewed", "returned"}),
        parties=CONVICT,
    ),
    Procedure(
        kind="property_penalty_supervision",
        zh="财产刑执行监督",
        en="supervision of the enforcement of property penalties",
        line="criminal",
        number_code="刑执财受",
        department="criminal_enforcement",
        basis=("Rules art. 645", "Rules art. 646"),
        sources=frozenset({"court", "procuratorate"}),
        events=_GENERAL | {e.code for e in ENFORCEMENT_EVENTS[5:]},
        initial_person_stage="party",
        required_materials=(
            Choice(
                "criminal_judgment",
                "刑事裁判文书（涉财产部分）",
                "the criminal judgment (its property part)",
            ),
        ),
        final_stages=frozenset({"enforced"}),
        parties=CONVICT,
    ),
)
