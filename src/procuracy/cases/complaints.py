"""Petitions (信访), judicial relief (司法救助), hearings and people's supervisors, declared
as data: the work of the complaints and appeals department (控告申诉检察) and two kinds of
participation open to every case.

Petitions (Rules arts. 161-165; Regulations on Xinfang Work arts. 17, 23, 31-36)
  a letter, visit, call or online message from the public is registered as a case. The
  complaints and appeals department answers within 7 days how it is handled (程序性答复: taken
  up, passed to the department that handles it, handed to the procuratorate below, or referred
  to the competent organ), and the handling department answers within 3 months with the
  progress or the result (Rules art. 163; the SPP's "every petition answered" of 2019). The
  result (信访处理意见, Regulations art. 32) supports the request, explains, or does not support
  it. A leading cadre may take a petition in hand (领导包案); an upper procuratorate may hand a
  petition to the one below and follow it to its end (交办, Rules art. 161 ¶2).
Judicial relief (国家司法救助)
  a victim in financial difficulty because of a case applies, or the handling department finds
  them; the chief procurator decides the relief and its amount (SPP Rules on National Judicial
  Relief (Trial, 2016) [S]; no text in ../shared/law), per applicant.
Hearings (公开听证) and people's supervisors (人民监督员)
  any case may be heard publicly (Civil Supervision Rules art. 57; Regulations on Xinfang Work
  art. 31(6); SPP Rules on Public Hearings (2020) [S]), and people's supervisors may take part
  in any case's handling (Organic Law art. 27; Rules art. 12).

Case stages: received → under_review → concluded. Person stages of relief: party →
relief_granted | relief_refused.
"""

from __future__ import annotations

from datetime import date

from procuracy.core.errors import shown

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure, Said
from .engine import close_deadlines
from .levels import is_below

OFFICERS = frozenset({"petition_officer", "procurator", "department_head", "chief_procurator"})
RECORDERS = OFFICERS | frozenset({"case_manager", "procurator_assistant"})
LEADERS = frozenset({"department_head", "chief_procurator"})
CHIEF = "chief_procurator"
OPEN = frozenset({"received", "under_review"})
PROCEDURAL = "petition-procedural-reply"
OUTCOME = "petition-outcome-reply"
REGULATIONS = "Regulations on Xinfang Work"
RELIEF_RULES = "Judicial Relief Rules"  # a secondary source: no text in ../shared/law

HANDLING = (
    Choice("accepted", "本院受理，转办案部门办理", "taken up here, with the department that "
           "handles it", ("Rules art. 161(1)",)),
    Choice("handed_down", "交下级人民检察院办理", "handed to the procuratorate below",
           ("Rules art. 161 ¶2",)),
    Choice("referred", "移送主管机关处理", "referred to the competent organ",
           ("Rules art. 161(2)", f"{REGULATIONS} art. 23")),
    Choice("outside_scope", "告知向有权处理的机关提出", "told to apply to the competent organ",
           ("Rules art. 161(2)", f"{REGULATIONS} art. 23")),
)  # fmt: skip
#: A petition that is not handled by the procuratorate ends with the procedural answer.
ENDS_WITH_ANSWER = ("referred", "outside_scope")
RESULTS = (
    Choice("supported", "予以支持（纠正）", "request supported (corrected)",
           (f"{REGULATIONS} art. 32(1)",)),
    Choice("explained", "解释说明", "explained", (f"{REGULATIONS} art. 32(2)",)),
    Choice("not_supported", "不予支持", "request not supported", (f"{REGULATIONS} art. 32(3)",)),
)  # fmt: skip
SUPERVISOR_ACTIVITIES = (
    Choice("hearing", "参加公开听证", "took part in a public hearing"),
    Choice("quality_review", "参加案件质量评查", "reviewed the quality of the case"),
    Choice("inspection", "参加巡回检察", "took part in an inspection"),
    Choice("trial_observation", "旁听庭审", "observed the trial"),
    Choice("other", "其他监督活动", "other"),
)
PETITIONER = (Choice("petitioner", "信访人", "petitioner", (f"{REGULATIONS} art. 17",)),)
APPLICANT = (Choice("relief_applicant", "救助申请人", "applicant for relief", (RELIEF_RULES,)),)


def answered_in_time(rule: str):
    """The fact's flag of an answer: True if this event met the period ``rule``, False if it
    answered late, None if the period was already answered (figures/facts.py)."""

    def flag(payload: dict, occurred_on: date, state: dict, event_id: str) -> bool | None:
        for d in state["deadlines"].values():
            if d["rule"] == rule and d.get("closed_by") == event_id:
                return d["status"] == "met"
        return None

    return flag


def _answered(st):
    if st.state["stage"] == "received":
        st.state["stage"] = "under_review"
    if st.payload["handling"] in ENDS_WITH_ANSWER:
        # not the procuratorate's to handle: the answer ends it (Rules art. 161(2))
        close_deadlines(st.state, OUTCOME, None, event_id=st.event.id, on=st.occurred_on)
        st.state["stage"] = "concluded"


def _handed_over(st):
    st.state["handed_to"] = st.payload["to"]


def _handover_check(st):
    if not st.state.get("handed_to"):
        return Said(
            "the petition was not handed to a procuratorate below: record the handover first",
            zh="该信访案件尚未交办下级人民检察院：请先记录“信访案件交办”",
        )
    return None


def _lower_unit(st):
    """The procuratorate below, by its division code (cases/levels.py); a basic procuratorate
    has none."""
    to, unit = st.payload["to"], st.state["unit"]
    if not is_below(to, unit):
        return Said(
            f"{shown(to)} is not the code of a procuratorate below {unit}",
            zh=f"{shown(to)}不是{unit}的下级人民检察院的代码",
        )
    return None


PETITION_EVENTS = (
    EventType(
        code="petition.procedural_reply",
        zh="信访程序性答复",
        en="procedural answer to a petition",
        line="complaints",
        scope="case",
        roles=OFFICERS,
        basis=("Rules art. 161", "Rules art. 163", f"{REGULATIONS} art. 23"),
        fields=(Field("handling", "choice", "处理方式", "how it is handled", choices=HANDLING),),
        from_stages=OPEN,
        deadlines=Deadlines(stop=(PROCEDURAL,)),
        effect=_answered,
        fact_flag=answered_in_time(PROCEDURAL),
    ),
    EventType(
        code="petition.progress_reply",
        zh="信访办理进展答复",
        en="answer on a petition's progress",
        line="complaints",
        scope="case",
        roles=OFFICERS,
        basis=("Rules art. 163",),
        fields=(Field("content", "text", "答复内容", "what was answered", required=False),),
        from_stages=frozenset({"under_review"}),
        deadlines=Deadlines(stop=(OUTCOME,)),
        fact_flag=answered_in_time(OUTCOME),
    ),
    EventType(
        code="petition.result_reply",
        zh="信访办理结果答复",
        en="answer with a petition's result",
        line="complaints",
        scope="case",
        roles=OFFICERS,
        basis=("Rules art. 163", "Rules art. 165", f"{REGULATIONS} art. 32"),
        fields=(Field("outcome", "choice", "处理意见", "result", choices=RESULTS),),
        from_stages=frozenset({"under_review"}),
        to_stage="concluded",
        deadlines=Deadlines(stop=(OUTCOME,)),
        fact_flag=answered_in_time(OUTCOME),
    ),
    EventType(
        code="petition.leader_handling",
        zh="院领导包案办理信访",
        en="petition taken in hand by a leading cadre",
        line="complaints",
        scope="case",
        roles=LEADERS,
        basis=(f"{REGULATIONS} art. 18 ¶2",),
        from_stages=OPEN,
    ),
    EventType(
        code="petition.handed_over",
        zh="信访案件交办",
        en="petition handed to the procuratorate below",
        line="complaints",
        scope="case",
        roles=OFFICERS,
        basis=("Rules art. 161 ¶2",),
        fields=(Field("to", "text", "承办的下级人民检察院（代码）", "procuratorate below (code)"),),
        from_stages=OPEN,
        checks=(Check("Rules art. 161 ¶2", _lower_unit, "payload.to"),),
        effect=_handed_over,
    ),
    EventType(
        code="petition.handover_completed",
        zh="交办信访案件办结",
        en="handed-over petition completed",
        line="complaints",
        scope="case",
        roles=RECORDERS,
        basis=("Rules art. 161 ¶2",),
        from_stages=OPEN | {"concluded"},
        checks=(Check("Rules art. 161 ¶2", _handover_check),),
    ),
)

RELIEF_EVENTS = (
    EventType(
        code="relief.granted",
        zh="决定给予司法救助",
        en="judicial relief granted",
        line="complaints",
        scope="person",
        roles=OFFICERS,
        basis=(RELIEF_RULES,),
        fields=(Field("amount", "int", "救助金额（元）", "amount (yuan)", minimum=1),),
        from_stages=frozenset({"party"}),
        to_stage="relief_granted",
        approval=CHIEF,
    ),
    EventType(
        code="relief.refused",
        zh="决定不予司法救助",
        en="judicial relief refused",
        line="complaints",
        scope="person",
        roles=OFFICERS,
        basis=(RELIEF_RULES,),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=frozenset({"party"}),
        to_stage="relief_refused",
    ),
)

#: Open to every case (catalogue.py adds them to every procedure).
PARTICIPATION_EVENTS = (
    EventType(
        code="hearing.held",
        zh="公开听证",
        en="public hearing held",
        line="*",
        scope="case",
        roles=OFFICERS,
        basis=(
            "Civil Supervision Rules art. 57",
            f"{REGULATIONS} art. 31(6)",
            "Hearing Rules",
        ),
        fields=(
            Field(
                "resolved",
                "bool",
                "听证后息诉罢访（化解）",
                "the dispute was resolved after the hearing",
                required=False,
            ),
            Field("participants", "text", "听证员", "hearing officers", required=False),
        ),
    ),
    EventType(
        code="oversight.peoples_supervisors",
        zh="人民监督员监督",
        en="people's supervisors took part",
        line="*",
        scope="case",
        roles=RECORDERS,
        basis=("Organic Law art. 27", "Rules art. 12"),
        fields=(
            Field("activity", "choice", "监督方式", "how", choices=SUPERVISOR_ACTIVITIES),
            Field("supervisors", "int", "人民监督员人数", "people's supervisors", minimum=1),
        ),
    ),
)

COMPENSATION = "State Compensation Law"
COMPENSATION_OUTCOMES = (
    Choice("granted", "决定赔偿", "compensation granted", (f"{COMPENSATION} art. 23",)),
    Choice("refused", "决定不予赔偿", "compensation refused", (f"{COMPENSATION} art. 23",)),
)
COMPENSATION_EVENTS = (
    EventType(
        code="compensation.decided",
        zh="刑事赔偿决定",
        en="decision on a claim for criminal compensation",
        line="complaints",
        scope="case",
        roles=OFFICERS,
        basis=(f"{COMPENSATION} art. 21", f"{COMPENSATION} art. 23"),
        fields=(
            Field("outcome", "choice", "决定", "decision", choices=COMPENSATION_OUTCOMES),
            Field("amount", "int", "赔偿金额（元）", "amount (yuan)", required=False, minimum=1),
        ),
        from_stages=OPEN,
        to_stage="concluded",
        approval=CHIEF,
        deadlines=Deadlines(stop=("criminal-compensation-decision",)),
    ),
)

COMPLAINTS_EVENTS = (*PETITION_EVENTS, *RELIEF_EVENTS, *COMPENSATION_EVENTS)
_GENERAL = frozenset({"case.assigned", "event.corrected"})

CLAIMANT = (Choice("claimant", "赔偿请求人", "claimant", (f"{COMPENSATION} art. 6",)),)

COMPLAINTS_PROCEDURES = (
    Procedure(
        kind="petition",
        zh="群众信访",
        en="petition from the public",
        line="complaints",
        number_code="信访受",
        department="complaints_appeals",
        basis=("Rules art. 161", "Rules art. 163", f"{REGULATIONS} art. 17"),
        sources=frozenset({"public"}),
        events=_GENERAL | {e.code for e in PETITION_EVENTS},
        initial_person_stage="party",
        required_materials=(
            Choice(
                "petition",
                "来信、来访记录或者网上信访材料",
                "the letter, or the record of the visit, call or online message",
            ),
        ),
        case_deadline=lambda state: (PROCEDURAL, OUTCOME),
        parties=PETITIONER,
    ),
    Procedure(
        kind="judicial_relief",
        zh="国家司法救助",
        en="national judicial relief",
        line="complaints",
        number_code="司救受",
        department="complaints_appeals",
        basis=(RELIEF_RULES,),
        sources=frozenset({"public", "procuratorate"}),
        events=_GENERAL | {e.code for e in RELIEF_EVENTS},
        initial_person_stage="party",
        required_materials=(Choice("application", "申请书或者线索材料", "application or lead"),),
        final_stages=frozenset({"relief_granted", "relief_refused"}),
        parties=APPLICANT,
    ),
    Procedure(
        kind="criminal_compensation",
        zh="刑事赔偿",
        en="criminal compensation",
        line="complaints",
        number_code="刑赔受",
        department="complaints_appeals",
        basis=(f"{COMPENSATION} art. 21", f"{COMPENSATION} art. 23"),
        sources=frozenset({"public"}),
        events=_GENERAL | {e.code for e in COMPENSATION_EVENTS},
        initial_person_stage="party",
        required_materials=(Choice("application", "申请书或者线索材料", "application or lead"),),
        case_deadline=lambda state: "criminal-compensation-decision",
        parties=CLAIMANT,
    ),
)
