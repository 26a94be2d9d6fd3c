"""The criminal procedures, declared as data (CPL 2018; Rules 2019).

Person stages
  arrest review:      arrest_review → arrest_approved | arrest_not_approved → reconsideration
                      → next_level_review
  prosecution review: prosecution_review → prosecuted | not_prosecuted | conditional_probation
                      (→ conditional_revoked → prosecuted | not_prosecuted); after trial:
                      first_instance_decided → protested → protest_decided
  supervision-commission cases start at commission_measure (detention in place of the
  commission's, then the measure decided within 10 days of it: CPL art. 170 ¶2, Rules arts.
  142-143) before prosecution_review.
Case stages: received → under_review ⇄ supplementary_investigation → concluded.
"""

from __future__ import annotations

from procuracy import charges
from procuracy.core.errors import shown

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure, Said
from .engine import _case_custody, due_of, extend_once_in_time, open_deadlines_of, passed_due
from .levels import SPP, is_below, level_of
from .stages import CUSTODY
from .stages import label as stage_label

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
RECEIVERS = DECIDERS | frozenset({"procurator_assistant", "case_manager"})
CHIEF = "chief_procurator"


def _person_custody(st, custody: str):
    st.person["custody"] = custody
    st.person["measure"] = custody


def _choice_zh(st, field: str, code: str) -> str:
    """The Chinese label of a choice of the event's own field (the code where none)."""
    for f in st.etype.fields:
        if f.name == field and code in f.codes:
            return f.choice(code).zh
    return code


# --- arrest review ----------------------------------------------------------------------------

NON_ARREST_REASONS = (
    Choice(
        "no_crime",
        "无犯罪事实或具有刑事诉讼法第十六条规定情形",
        "no crime, or a CPL art. 16 ground",
        ("Rules art. 139",),
    ),
    Choice("insufficient_evidence", "证据不足", "insufficient evidence", ("Rules art. 139",)),
    Choice(
        "no_necessity", "无社会危险性，不需要逮捕", "no necessity of arrest", ("Rules art. 140",)
    ),
)


def _arrest_rule(case, person):
    if case["self_investigated"]:  # CPL art. 167; Rules art. 297
        if person["custody"] == "detained":
            return "self-investigated-arrest"
        if case["complex"]:
            return "self-investigated-arrest-review-complex"
        return "self-investigated-arrest-review"
    if person["custody"] == "detained":
        return "arrest-review-detained"
    return "arrest-review-complex" if case["complex"] else "arrest-review"


ARREST_REVIEW_RULES = (
    "arrest-review-detained",
    "arrest-review",
    "arrest-review-complex",
    "self-investigated-arrest",
    "self-investigated-arrest-review",
    "self-investigated-arrest-review-complex",
)


def _self_investigated(state: dict) -> bool:
    return bool(state.get("self_investigated"))


#: Rules art. 297: in the procuratorate's own cases the arrest is 报请检察长决定.
SELF_INVESTIGATED = "the case is self-investigated (Rules art. 297)"


def _not_yet_determined(st):
    """A person's justified defence is determined once; a mistaken finding is corrected
    (event.corrected voids it, and the figures with it), not outweighed by a second."""
    if st.person.get("justified_defence"):
        return Said(
            f"the justified defence of person {st.person['key']} has already been determined "
            ": correct that determination instead",
            zh=f"已经对人员{st.person['key']}作出正当防卫的认定：如有错误，应当更正该认定",
        )
    return None


def _no_liability_check(st):
    """Criminal Law art. 20 ¶1: a person found to have acted in justified defence bears no
    criminal liability, so is neither arrested nor prosecuted (CPL arts. 16, 177 ¶1)."""
    if st.person.get("justified_defence") == "justified":
        return Said(
            f"person {st.person['key']} was found to have acted in justified defence and bears "
            "no criminal liability: correct that determination first",
            zh=f"人员{st.person['key']}已被认定为正当防卫，不负刑事责任：如认定有误，应当先更正",
        )
    return None


def _approve_arrest(st):
    # a suspect at large stays so until caught: the approval is what the wanted notice rests
    # on (CPL art. 155)
    if st.person["custody"] != "at_large":
        _person_custody(st, "arrested")
    st.person["decision"] = "arrest_approved"
    st.person["reason"] = None


def _not_approve(st):
    if st.person["custody"] in ("detained", "arrested"):
        _person_custody(st, "released")
    st.person["decision"] = "arrest_not_approved"
    st.person["reason"] = st.payload["reason"]
    st.person["decided_by"] = st.event.actor  # a reconsideration goes to another (Rules 290)


def _withdrawal_rule(st):
    """Rules art. 287: with a non-arrest for no crime (¶1) the police are told to withdraw the
    case; 15 days from the decision for them to do so or to ask for reconsideration (¶3)."""
    if st.state["self_investigated"]:  # Rules arts. 296-299: no police to tell
        return None
    return "non-arrest-police-withdrawal" if st.payload["reason"] == "no_crime" else None


def _police_notice_check(st):
    """Rules art. 287 ¶3: a corrective notice when the police, more than 15 days after the
    decision, neither asked for reconsideration or review nor withdrew the case."""
    periods = [
        d
        for d in st.state["deadlines"].values()
        if d["rule"] == "non-arrest-police-withdrawal" and d["person"] == st.person["key"]
    ]
    if not periods or periods[-1]["status"] != "open":
        return Said(
            f"the police were not told to withdraw the case of person {st.person['key']}, or "
            "have withdrawn it or asked for reconsideration: no corrective notice follows",
            zh=f"未告知公安机关撤销人员{st.person['key']}的案件，或者公安机关已经撤销案件、"
            "要求复议：不发出纠正违法通知书",
        )
    if not passed_due(periods[-1], st.occurred_on):
        return (
            "occurred_on",
            Said(
                f"the police have 15 days from receiving the decision (to {periods[-1]['due']}) to withdraw "
                "the case or ask for reconsideration: a corrective notice comes after them",
                zh=f"公安机关在收到不批准逮捕决定书后十五日以内（至{periods[-1]['due']}）撤销案件"
                "或者要求复议：超过十五日的，才发出纠正违法通知书",
            ),
        )
    return None


def _police_noticed(st):
    st.person["corrective_notice"] = st.occurred_on.isoformat()


def _reconsidered(st):
    step = (
        "reexamination" if st.etype.code.startswith("arrest.reexamination") else "reconsideration"
    )
    st.person[step] = st.payload["outcome"]
    if st.payload["outcome"] == "changed":
        _approve_arrest(st)


def _another_procurator(st):
    """Rules art. 290: the reconsideration is given to another procurator (另行指派), not the
    one who decided not to approve the arrest."""
    if st.event.actor and st.event.actor == st.person.get("decided_by"):
        return (
            "actor",
            Said(
                f"{st.event.actor} decided not to approve the arrest of person "
                f"{st.person['key']}: the reconsideration is assigned to another procurator",
                zh=f"{st.event.actor}作出了对人员{st.person['key']}不批准逮捕的决定：复议应当"
                "另行指派检察官进行审查",
            ),
        )
    return None


def _reconsideration_check(st):
    """CPL art. 92: the police may ask once for reconsideration, then for review by the next
    level only if the reconsideration did not accept their opinion."""
    if st.person.get("reconsideration"):
        return Said(
            f"the non-arrest decision on person {st.person['key']} has already been "
            "reconsidered; the police may now ask the next level for review",
            zh=f"对人员{st.person['key']}的不批准逮捕决定已经复议，公安机关可以向上一级人民检察院"
            "提请复核",
        )
    return None


def _reexamination_check(st):
    if st.person.get("reconsideration") != "maintained":
        return Said(
            "review by the next level is asked only after a reconsideration that maintained the "
            "non-arrest decision",
            zh="复议维持不批准逮捕决定后，公安机关才可以向上一级人民检察院提请复核",
        )
    if st.person.get("reexamination"):
        return Said(
            f"the next level has already reviewed the decision on person {st.person['key']}",
            zh=f"上一级人民检察院已经复核对人员{st.person['key']}的不批准逮捕决定",
        )
    return None


def _reexamined(st):
    """The procuratorate above maintains the non-arrest, has the one below revoke it and approve
    the arrest, or approves the arrest itself, for the one below to serve on the police (Rules
    art. 291 ¶1)."""
    outcome = st.payload["outcome"]
    st.person["reexamination"] = outcome
    if outcome == "approved_directly":
        _approve_arrest(st)
    else:
        st.person["decision"] = (
            "arrest_not_approved" if outcome == "maintained" else "arrest_approved"
        )


def _reexamined_reasons(st):
    """Rules art. 291 ¶2: a non-arrest maintained on review is served with its reasons."""
    if st.payload.get("outcome") == "maintained" and not (st.payload.get("reasons") or "").strip():
        return Said(
            "a non-arrest decision maintained on review is served with its reasons",
            zh="经复核维持原不批准逮捕决定的，送达复核决定时应当说明理由",
        )
    return None


def _served_after_decision(st):
    served = st.payload.get("served_on")
    if served and served < st.occurred_on.isoformat():
        return Said(
            f"the decision cannot be served ({served}) before it was made ({st.occurred_on})",
            zh=f"决定书送达日期（{served}）不能早于决定作出的日期（{st.occurred_on}）",
        )
    return None


def _served_or_decided(st):
    from datetime import date

    served = st.payload.get("served_on")
    return date.fromisoformat(served) if served else st.occurred_on


def _add_person(st, *, check_age: bool = False):
    from .engine import ProcedureError, clean_person

    raw = st.payload["person"]
    n = len(st.state["persons"]) + 1
    while f"P{n}" in st.state["persons"]:  # keys given at intake may leave gaps
        n += 1
    key = f"P{n}"
    try:
        person = clean_person(raw, key, st.occurred_on, check_age=check_age)
    except ProcedureError as exc:
        exc.field = f"payload.person.{(exc.field or '').split('.', 2)[-1]}"
        raise
    person["stage"] = st.procedure.initial_person_stage
    st.state["persons"][key] = person


def _person_payload_check(st):
    """An added person must be a valid person (validated by applying it to a scratch copy)."""
    import copy

    from .engine import ProcedureError

    scratch = copy.deepcopy(st.state)
    st2 = type(st)(scratch, st.event, st.etype, st.procedure, st.payload, None)
    raw = st.payload.get("person")
    if not isinstance(raw, dict):
        return Said(
            "payload.person must be an object with name, id_number, custody and charges",
            zh="人员信息应当包括姓名、身份证件号码、羁押情况和罪名",
        )
    try:
        _add_person(st2, check_age=st.procedure.criminal_age)
    except ProcedureError as exc:
        # the reason is the intake's (engine.clean_person), in Chinese where it has one, with
        # the article it cites
        cited = f" ({exc.basis})" if exc.basis else ""
        if exc.zh:
            return Said(f"{exc.field}: {exc.message}{cited}", zh=f"{exc.field}：{exc.zh}{cited}")
        return f"{exc.field}: {exc.message}{cited}"
    return None


ARREST_EVENTS = (
    EventType(
        code="arrest.decision_extended",
        zh="延长决定逮捕的时间",
        en="time to decide on arrest extended",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 167", "Rules art. 297"),
        fields=(Field("days", "int", "延长天数", "days", minimum=1, maximum=3),),
        from_stages=frozenset({"arrest_review"}),
        checks=(
            Check(
                "CPL art. 167",
                extend_once_in_time(
                    "self-investigated-arrest",
                    "the arrest decision in a self-investigated case of a detained suspect",
                    "直接受理案件中被拘留的人决定逮捕",
                ),
                "persons",
            ),
        ),
        deadlines=Deadlines(extend=(("self-investigated-arrest", "{days} days"),)),
    ),
    EventType(
        code="arrest.approved",
        zh="批准逮捕",
        en="arrest approved",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 81", "CPL art. 90", "Rules art. 128", "Rules art. 297"),
        from_stages=frozenset({"arrest_review"}),
        to_stage="arrest_approved",
        approval=CHIEF,
        approval_in_case=_self_investigated,
        approval_in_case_text=SELF_INVESTIGATED,
        checks=(Check("Criminal Law art. 20 ¶1", _no_liability_check, "persons"),),
        deadlines=Deadlines(stop=ARREST_REVIEW_RULES),
        effect=_approve_arrest,
    ),
    EventType(
        code="arrest.not_approved",
        zh="不批准逮捕",
        en="arrest not approved",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 90", "Rules art. 139-141", "Rules art. 285", "Rules art. 297"),
        fields=(
            Field("reason", "choice", "不捕理由", "reason", choices=NON_ARREST_REASONS),
            # Rules art. 287 ¶3: the police's 15 days run from their receipt of the decision
            Field(
                "served_on",
                "date",
                "不批准逮捕决定书送达日期",
                "served on the police on",
                required=False,
            ),
        ),
        from_stages=frozenset({"arrest_review"}),
        to_stage="arrest_not_approved",
        # Rules art. 285 ¶3: no crime or insufficient evidence needs the chief's approval.
        approval=CHIEF,
        approval_when=lambda p: p.get("reason") in ("no_crime", "insufficient_evidence"),
        approval_in_case=_self_investigated,
        approval_in_case_text=SELF_INVESTIGATED,
        checks=(Check("Rules art. 287", _served_after_decision, "payload.served_on"),),
        deadlines=Deadlines(
            stop=ARREST_REVIEW_RULES, start=(_withdrawal_rule,), start_from=_served_or_decided
        ),
        effect=_not_approve,
    ),
    EventType(
        code="arrest.reconsideration_requested",
        zh="公安机关要求复议",
        en="police request reconsideration",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 92", "Rules art. 290"),
        from_stages=frozenset({"arrest_not_approved"}),
        to_stage="reconsideration",
        checks=(Check("CPL art. 92", _reconsideration_check),),
        deadlines=Deadlines(
            start=("arrest-reconsideration",), stop=("non-arrest-police-withdrawal",)
        ),
    ),
    EventType(
        code="arrest.reconsideration_decided",
        zh="复议决定",
        en="reconsideration decided",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 92", "Rules art. 290"),
        fields=(
            Field(
                "outcome",
                "choice",
                "复议结果",
                "outcome",
                choices=(
                    Choice("maintained", "维持不批准逮捕", "decision maintained"),
                    Choice("changed", "变更为批准逮捕", "changed to arrest approved"),
                ),
            ),
        ),
        from_stages=frozenset({"reconsideration"}),
        approval=CHIEF,  # Rules art. 290: 经检察长批准
        checks=(Check("Rules art. 290", _another_procurator),),
        deadlines=Deadlines(stop=("arrest-reconsideration",)),
        to_stage="arrest_not_approved",
        to_stage_when=(("outcome", "changed", "arrest_approved"),),
        effect=_reconsidered,
    ),
    EventType(
        code="arrest.reexamination_requested",
        zh="公安机关提请上一级人民检察院复核",
        en="police request review by the next level",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 92", "Rules art. 291"),
        from_stages=frozenset({"arrest_not_approved"}),
        to_stage="next_level_review",
        checks=(Check("CPL art. 92", _reexamination_check),),
        deadlines=Deadlines(
            start=("arrest-reexamination",), stop=("non-arrest-police-withdrawal",)
        ),
    ),
    EventType(
        code="arrest.reexamination_decided",
        zh="上一级人民检察院复核决定",
        en="next-level review decided",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 92", "Rules art. 291"),
        fields=(
            Field(
                "outcome",
                "choice",
                "复核结果",
                "outcome",
                choices=(
                    Choice("maintained", "维持不批准逮捕", "decision maintained"),
                    Choice("changed", "变更为批准逮捕", "changed to arrest approved"),
                ),
            ),
        ),
        from_stages=frozenset({"next_level_review"}),
        deadlines=Deadlines(stop=("arrest-reexamination",)),
        to_stage="arrest_not_approved",
        to_stage_when=(("outcome", "changed", "arrest_approved"),),
        effect=_reconsidered,
    ),
    EventType(
        code="arrest.reexamined",
        zh="复核不批准逮捕决定",
        en="non-arrest decision reviewed (the procuratorate above)",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 92", "Rules art. 291"),
        fields=(
            Field(
                "outcome",
                "choice",
                "复核决定",
                "decision",
                choices=(
                    Choice("maintained", "维持不批准逮捕决定", "non-arrest maintained"),
                    Choice(
                        "changed",
                        "通知下级人民检察院撤销不批准逮捕决定、另行批准逮捕",
                        "the procuratorate below to revoke it and approve the arrest",
                    ),
                    Choice(
                        "approved_directly",
                        "直接作出批准逮捕决定",
                        "arrest approved directly by the procuratorate above",
                    ),
                ),
            ),
            Field("reasons", "text", "理由", "reasons", required=False),
        ),
        from_stages=frozenset({"reexamination"}),
        approval=CHIEF,  # Rules art. 291: 经检察长批准
        checks=(Check("Rules art. 291 ¶2", _reexamined_reasons, "payload.reasons"),),
        deadlines=Deadlines(stop=("arrest-reexamination",)),
        to_stage="reexamined",
        effect=_reexamined,
    ),
    EventType(
        code="arrest.police_withdrew_case",
        zh="公安机关撤销案件（终止侦查）",
        en="police withdrew the case (or ended the investigation)",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("Rules art. 287",),
        from_stages=frozenset({"arrest_not_approved"}),
        to_stage="police_withdrew",
        deadlines=Deadlines(stop=("non-arrest-police-withdrawal",)),
    ),
    EventType(
        code="arrest.corrective_notice",
        zh="不批准逮捕后发出纠正违法通知书",
        en="corrective notice: the police did not withdraw the case",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 287 ¶3",),
        from_stages=frozenset({"arrest_not_approved"}),
        approval=CHIEF,  # a corrective notice is the procuratorate's: 经检察长批准 (Rules art. 552)
        checks=(Check("Rules art. 287 ¶3", _police_notice_check, "persons"),),
        effect=_police_noticed,
        deadlines=Deadlines(stop=("non-arrest-police-withdrawal",)),
    ),
    EventType(
        code="arrest.additional_arrest",
        zh="追捕",
        en="additional arrest",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 288",),
        fields=(Field("person", "person", "追捕对象", "person to arrest"),),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,  # Rules art. 288: 经检察长批准
        checks=(Check("Rules art. 288", _person_payload_check, "payload.person"),),
        effect=_add_person,
    ),
)

# --- review for prosecution -------------------------------------------------------------------

NON_PROSECUTION_TYPES = (
    Choice(
        "statutory",
        "法定不起诉",
        "statutory non-prosecution",
        ("CPL art. 177 ¶1", "Rules art. 365"),
    ),
    Choice(
        "discretionary",
        "酌定不起诉",
        "discretionary non-prosecution",
        ("CPL art. 177 ¶2", "Rules art. 370"),
    ),
    Choice(
        "insufficient_evidence",
        "存疑不起诉",
        "non-prosecution for insufficient evidence",
        ("CPL art. 175 ¶4", "Rules art. 367"),
    ),
    Choice("special", "特殊不起诉", "special non-prosecution (CPL art. 182)", ("CPL art. 182",)),
)


def _review_rule(case):
    return "prosecution-review"


RETURN_TO = {
    "police": "police",
    "supervision_commission": "supervision_commission",
    "procuratorate": "investigation_department",
}
#: Who transferred the case, in Chinese (the agencies of ``RETURN_TO``).
TRANSFERRED_BY_ZH = {
    "police": "公安机关",
    "supervision_commission": "监察机关",
    "procuratorate": "本院负责侦查的部门",
}


def _returns_check(st):
    if st.state["returns"] >= 2:
        return Said(
            f"case {st.state['number']} has already been returned for supplementary "
            "investigation twice: a third return is not allowed",
            zh=f"案件{st.state['number']}已经两次退回补充侦查，不得第三次退回",
        )
    # back to whoever investigated: the police investigate further (CPL art. 175 ¶2), a
    # supervision commission inquires further (CPL art. 170 ¶1), and a case the procuratorate
    # investigated itself goes to its own investigation department (Rules art. 346 ¶4)
    agency = (st.state.get("source") or {}).get("agency")
    expected = RETURN_TO.get(agency)
    if expected and st.payload["to"] != expected:
        return (
            "payload.to",
            Said(
                f"the case was transferred by the {agency.replace('_', ' ')}: it is returned to "
                f"{expected.replace('_', ' ')}, not to the {st.payload['to'].replace('_', ' ')}",
                zh=f"本案由{TRANSFERRED_BY_ZH[agency]}移送：应当退回"
                f"{_choice_zh(st, 'to', expected)}，而不是{_choice_zh(st, 'to', st.payload['to'])}",
            ),
        )
    return None


def _return(st):
    st.state["returns"] += 1
    # the fast-track period ends with the return; on resubmission the review period is counted
    # afresh (CPL art. 175 ¶3), as any, and may be fast-tracked or extended again
    st.state["fast_track"] = None


def _fast_track_check(st):
    if st.state["fast_track"]:
        return Said("the fast-track period is already set", zh="已经适用速裁程序的审查期限")
    waiting = [p["key"] for p in st.state["persons"].values() if p["stage"] == "commission_measure"]
    if waiting:
        return Said(
            f"the coercive measure on person {', '.join(waiting)} is not decided yet: the time "
            "to decide it does not count in the review period (CPL art. 170 ¶2), which the "
            "fast-track period replaces",
            zh=f"尚未对人员{'、'.join(waiting)}决定强制措施：决定采取强制措施的期间不计入审查"
            "起诉期限（刑事诉讼法第一百七十条第二款），速裁程序的审查期限自作出决定后起算",
        )
    for d in open_deadlines_of(st.state, "prosecution-review", None):
        if d.get("paused"):  # CPL art. 149: the period the fast track replaces is not running
            since = d["paused"]["from"]
            return Said(
                f"the review period is not counted since {since} ({d['paused']['reason']}), "
                "still under way: the fast-track period is set once that time has ended",
                zh=f"审查起诉期限自{since}起暂停计算，尚未结束：应当在该期间结束后再适用速裁程序的审查期限",
            )
    if not all(
        p["guilty_plea"] or p["stage"] != "prosecution_review" for p in st.state["persons"].values()
    ):
        return Said(
            "fast-track review needs every suspect under review to admit guilt and accept "
            "punishment",
            zh="适用速裁程序须每名被审查的犯罪嫌疑人均认罪认罚",
        )
    # CPL art. 172 ¶1: the fast track decides within 10 days (15) of the review's start; set
    # after they have run, it would be a period overdue on the day it is set
    from datetime import date

    from procuracy.law import LawError, compute

    from .engine import _case_custody

    rule = _fast_track_rule(st)
    for d in open_deadlines_of(st.state, "prosecution-review", None):
        start = date.fromisoformat(d["start"])
        try:
            custody = _case_custody(st.state, rule)
            due = compute(rule, start, custody=custody, calendar=st.calendar).due
        except LawError:  # a period the calendar cannot count yet: the effect says so
            continue
        if st.occurred_on > due:
            return (
                "occurred_on",
                Said(
                    f"the fast-track period counted from {start} ran out on {due}: the fast "
                    "track is set within it, not after",
                    zh=f"自{start}起计算的速裁程序审查期限已于{due}届满：应当在该期限内适用速裁程序，"
                    "不能在届满后适用",
                ),
            )
    return None


def _fast_track(st):
    st.state["fast_track"] = "long" if st.payload.get("long") else "short"
    for d in st.state["deadlines"].values():
        if d["rule"] == "prosecution-review" and d["status"] == "open":
            d.update(status="replaced", closed_by=st.event.id, closed_on=st.occurred_on.isoformat())


def _received_on(st):
    from datetime import date

    return date.fromisoformat(st.state["received_on"])


def _review_start(st):
    """The fast-track period counts from when the review period does: receipt, or in a case
    from a supervision commission the measure decision (CPL art. 170 ¶2)."""
    from datetime import date

    periods = [  # the period this event replaces (_fast_track has closed it)
        d
        for d in st.state["deadlines"].values()
        if d["rule"] == "prosecution-review" and d.get("closed_by") == st.event.id
    ]
    return date.fromisoformat(periods[0]["start"]) if periods else _received_on(st)


def _fast_track_rule(st):
    return (
        "prosecution-review-fast-track-long"
        if st.payload.get("long")
        else "prosecution-review-fast-track"
    )


def _extension_check(st):
    # the period as now counted: a resubmission counts it again, extensions and all (CPL art.
    # 175 ¶3, Rules art. 351)
    if any(d["extensions"] for d in open_deadlines_of(st.state, "prosecution-review", None)):
        return Said(
            "the review period has already been extended by 15 days",
            zh="审查起诉期限已经延长十五日",
        )
    if st.state["fast_track"]:
        return Said(
            "a fast-track review period cannot be extended", zh="速裁程序的审查期限不得延长"
        )
    # Rules art. 351: extended when no decision can be made within the month (一个月以内不能
    # 作出决定的), so decided before the month has run out, not after.
    for d in open_deadlines_of(st.state, "prosecution-review", None):
        if passed_due(d, st.occurred_on):
            return (
                "occurred_on",
                Said(
                    f"the review period ran out on {d['due']}: it is extended before it runs "
                    "out, not after",
                    zh=f"审查起诉期限已于{d['due']}届满：延长审查起诉期限应当在期限届满前决定",
                ),
            )
    return None


def _extend(st):
    st.state["extended"] = True


def _charges_of_the_day_check(st):
    """Criminal Law art. 12: the charges prosecuted are those of the offence's day."""
    from datetime import date

    from .engine import ProcedureError, check_charges_in_force

    if not st.person.get("offence_date"):
        return None
    try:
        check_charges_in_force(
            st.payload["charges"], date.fromisoformat(st.person["offence_date"]), "payload.charges"
        )
    except ProcedureError as exc:
        return exc.field, Said(exc.message, zh=exc.zh)
    return None


def _prosecute_check(st):
    if st.person["guilty_plea"] and not st.payload.get("sentencing_recommendation"):
        return Said(
            "a suspect who admits guilt and accepts punishment is prosecuted with a "
            "sentencing recommendation",
            zh="犯罪嫌疑人认罪认罚的，提起公诉时应当提出量刑建议",
        )
    return None


def _prosecute(st):
    st.person["decision"] = "prosecuted"
    st.person["reason"] = None
    st.person["charges"] = st.payload["charges"]


def _not_prosecute_check(st):
    kind = st.payload.get("type")
    approved = st.payload.get("spp_approved_on")
    if kind == "special" and not approved:
        return (
            "payload.spp_approved_on",
            Said(
                "a special non-prosecution needs the approval (核准) of the Supreme People's "
                "Procuratorate (CPL art. 182 ¶1): give the day it approved",
                zh="特殊不起诉须经最高人民检察院核准：请填写最高人民检察院核准日期",
            ),
        )
    if approved and kind != "special":
        return (
            "payload.spp_approved_on",
            Said(
                "only a special non-prosecution is approved by the SPP",
                zh="只有特殊不起诉须经最高人民检察院核准",
            ),
        )
    if approved and approved > st.occurred_on.isoformat():
        return (
            "payload.spp_approved_on",
            Said(
                "the SPP's approval comes before the decision",
                zh="最高人民检察院的核准应在不起诉决定之前",
            ),
        )
    if kind == "insufficient_evidence" and st.state["returns"] < 1:
        return Said(
            "non-prosecution for insufficient evidence comes after at least one return for "
            "supplementary investigation",
            zh="存疑不起诉须在至少一次退回补充侦查之后作出",
        )
    return None


def _not_prosecute(st):
    st.person["decision"] = "not_prosecuted"
    st.person["reason"] = st.payload["type"]
    if st.person["custody"] in ("detained", "arrested", "commission_detention"):
        _person_custody(st, "released")


REFERRAL_KINDS = (
    Choice(
        "administrative_penalty",
        "行政处罚",
        "an administrative penalty",
        ("CPL art. 177 ¶3", "Rules art. 373 ¶2"),
    ),
    Choice(
        "sanction",
        "政务处分或者其他处分",
        "a governmental or other sanction",
        ("CPL art. 177 ¶3", "Rules art. 373 ¶2"),
    ),
    Choice(
        "confiscation",
        "没收违法所得",
        "confiscation of unlawful gains",
        ("CPL art. 177 ¶3", "Rules art. 375"),
    ),
)


def _referral_check(st):
    if st.person.get("decision") != "not_prosecuted":
        return Said(
            f"person {st.person['key']} was not the subject of a non-prosecution decision: only "
            "a person not prosecuted is referred with a procuratorial opinion",
            zh=f"人员{st.person['key']}不是被不起诉人：只有对被不起诉人才提出检察意见，移送有关"
            "主管机关处理",
        )
    if st.payload["kind"] in st.person.get("referred", ()):
        return Said(
            f"person {st.person['key']} was already referred for {st.payload['kind']}",
            zh=f"已经就人员{st.person['key']}提出{_choice_zh(st, 'kind', st.payload['kind'])}的"
            "检察意见，移送有关主管机关处理",
        )
    return None


def _refer(st):
    st.person["referred"] = sorted({*st.person.get("referred", ()), st.payload["kind"]})


#: The sentence the suspect is likely to get (CPL art. 282 ¶1: 可能判处一年有期徒刑以下刑罚);
#: conditional non-prosecution is refused for the last.
LIKELY_SENTENCES = (
    Choice("imprisonment_up_to_one_year", "一年以下有期徒刑", "imprisonment of up to one year"),
    Choice("criminal_detention", "拘役", "criminal detention"),
    Choice("public_surveillance", "管制", "public surveillance"),
    Choice("supplementary_only", "单处附加刑", "a supplementary penalty only"),
    Choice(
        "imprisonment_over_one_year",
        "一年以上有期徒刑",
        "imprisonment of more than one year",
    ),
)


def _objection_check(st):
    person = st.person
    if person.get("conditional_objection"):
        return Said(
            f"person {person['key']} or their legal representative objected to conditional "
            "non-prosecution: the case is prosecuted (or not prosecuted on another ground)",
            zh=f"人员{person['key']}及其法定代理人对拟作出附条件不起诉决定提出异议：应当提起公诉"
            "（或者依其他理由不起诉）",
        )
    return None


def _likely_sentence_check(st):
    if st.payload["likely_sentence"] == "imprisonment_over_one_year":
        return Said(
            "conditional non-prosecution is for a likely sentence of at most one year's "
            "fixed-term imprisonment",
            zh="附条件不起诉只适用于可能判处一年有期徒刑以下刑罚的未成年犯罪嫌疑人",
        )
    return None


def _conditional_check(st):
    person = st.person
    if person["minor_at_offence"] is not True:
        return Said(
            f"person {person['key']} ({person['name']}) was not a minor at the time of the "
            "offence: conditional non-prosecution is for minors only",
            zh=f"人员{person['key']}（{person['name']}）犯罪时不是未成年人：附条件不起诉"
            "只适用于未成年人",
        )
    # Chapters of the Criminal Law's specific provisions, from the parsed statute text.
    chapters = {charges.chapter_of(c["article"]) for c in person["charges"]}
    if not chapters <= {4, 5, 6}:
        from procuracy.law.catalogue import chinese_number

        others = sorted(chapters - {4, 5, 6})
        return Said(
            "conditional non-prosecution applies to crimes in chapters 4-6 of the specific "
            f"provisions of the Criminal Law, not chapter(s) {others}",
            zh="附条件不起诉只适用于涉嫌刑法分则第四章、第五章、第六章规定的犯罪，不适用于"
            + "、".join(f"第{chinese_number(n)}章" for n in others)
            + "规定的犯罪",
        )
    return None


def _conditional(st):
    st.person["decision"] = "conditional_non_prosecution"
    st.person["reason"] = None
    st.person["probation_months"] = st.payload["probation_months"]


def _probation_over_check(st):
    due = [
        d
        for d in st.state["deadlines"].values()
        if d["rule"] == "conditional-non-prosecution-probation"
        and d["person"] == st.person["key"]
        and d["status"] == "open"
    ]
    if due and not passed_due(due[0], st.occurred_on, inclusive=True):
        return Said(
            f"the probation of person {st.person['key']} runs until {due[0]['due']}: it "
            "cannot be completed earlier",
            zh=f"人员{st.person['key']}的考验期至{due[0]['due']}届满：考验期满前不能作出不起诉决定",
        )
    return None


def _conditional_completed(st):
    """Rules art. 480: the probation served, the decision not to prosecute; a suspect still
    in custody is released as on any decision not to prosecute (CPL art. 178)."""
    st.person["decision"] = "not_prosecuted"
    st.person["reason"] = "conditional"
    if st.person["custody"] in ("detained", "arrested", "commission_detention"):
        _person_custody(st, "released")


def _minor_check(st):
    if st.person["minor_at_offence"] is not True:
        return Said(
            f"person {st.person['key']} was not a minor at the time of the offence: "
            "conditional non-prosecution, and so an objection to it, is for minors only",
            zh=f"人员{st.person['key']}犯罪时不是未成年人：附条件不起诉及对其提出异议只适用于"
            "未成年人",
        )
    return None


def _objected(st):
    st.person["conditional_objection"] = st.payload["by"]


def _objection_pending_check(st):
    if not st.person.get("conditional_objection"):
        return Said(
            f"no objection to conditional non-prosecution of person {st.person['key']} to withdraw",
            zh=f"人员{st.person['key']}没有可以撤回的对附条件不起诉的异议",
        )
    return None


def _objection_withdrawn(st):
    st.person["conditional_objection"] = None


def _within_probation_check(st):
    """CPL art. 284 ¶1, Rules art. 479: revoked for what happens in the probation (在考验期内);
    once it has run out without it, the person is not prosecuted (¶2, Rules art. 480)."""
    due = [
        d
        for d in st.state["deadlines"].values()
        if d["rule"] == "conditional-non-prosecution-probation"
        and d["person"] == st.person["key"]
        and d["status"] == "open"
    ]
    if due and passed_due(due[0], st.occurred_on):
        return Said(
            f"the probation of person {st.person['key']} ran out on {due[0]['due']}: after it "
            "the person is not prosecuted, and the conditional non-prosecution is no longer "
            "revoked",
            zh=f"人员{st.person['key']}的考验期已于{due[0]['due']}届满：考验期满应当作出不起诉"
            "决定，不能再撤销附条件不起诉",
        )
    return None


def _conditional_revoked(st):
    st.person["decision"] = "conditional_revoked"
    st.person["reason"] = st.payload["ground"]


def _transfer_in_time_check(st):
    """Rules art. 328: 在发现之日起五日以内 移送; found before it is recorded."""
    from datetime import date

    found = st.payload.get("found_on")
    if not found:
        return None
    if found > st.occurred_on.isoformat():
        return Said(
            f"the case cannot be transferred ({st.occurred_on}) before it was found not to be "
            f"this procuratorate's ({found})",
            zh=f"移送日期（{st.occurred_on}）不能早于发现不属于本院管辖的日期（{found}）",
        )
    # a suspect in custody: the 5 days do not roll over a holiday (CPL art. 105 ¶4)
    custody = bool(_case_custody(st.state, "jurisdiction-transfer"))
    last = due_of("jurisdiction-transfer", date.fromisoformat(found), custody=custody,
                  calendar=st.calendar)  # fmt: skip
    if st.occurred_on.isoformat() > last:
        return Said(
            f"a case found on {found} not to be this procuratorate's is transferred within 5 "
            f"days, by {last}",
            zh=f"{found}发现不属于本院管辖的，应当在五日以内（{last}以前）移送",
        )
    return None


def _transferred(st):
    """The persons under review leave this procuratorate's case with it; the one that receives
    it registers it as a case of its own (CPL art. 172 ¶2: its review counts from then)."""
    for p in st.state["persons"].values():
        if p["stage"] in ("prosecution_review", "commission_measure"):
            p["stage"] = "jurisdiction_transferred"
    st.state["transferred_to"] = st.payload["to"]


def _measure_decided(st):
    _person_custody(st, st.payload["measure"])


def _commission_detained(st):
    _person_custody(st, "detained")


def _early_involvement_check(st):
    """Rules art. 256 ¶2: at a supervision commission's request the procuratorate takes part
    in its inquiry, before the case is transferred (in a case the commission transferred:
    ``EventType.sources``): on or before the receipt, and not before the conduct inquired
    into."""
    day = st.occurred_on.isoformat()
    if day > st.state["received_on"]:
        return Said(
            f"early involvement comes before the transfer (received {st.state['received_on']}), "
            f"not on {day}",
            zh=f"提前介入应当在案件移送（受理日期{st.state['received_on']}）以前，不能是{day}",
        )
    # (an intake without an offence date takes the receipt's: no bound)
    received = st.state["received_on"]
    offences = [
        p["offence_date"]
        for p in st.state["persons"].values()
        if p.get("offence_date") and p["offence_date"] < received
    ]
    if offences and day < min(offences):
        return Said(
            f"the date {day} is before the earliest offence inquired into ({min(offences)})",
            zh=f"日期{day}早于所调查的最早的犯罪日期（{min(offences)}）",
        )
    return None


def _still_under_commission_detention(st):
    """Rules art. 142: the detention replaces the commission's (留置), once."""
    if st.person["custody"] != "commission_detention":
        return Said(
            f"person {st.person['key']} is not under a supervision commission's detention "
            f"({stage_label(st.person['custody'], 'en', CUSTODY)})",
            zh=f"人员{st.person['key']}未被监察机关留置"
            f"（{stage_label(st.person['custody'], 'zh', CUSTODY)}）",
        )
    return None


def _detained_before_the_measure(st):
    """Rules arts. 142-143: the measure is decided within 10 days of the execution of the
    detention that replaces the commission's, so the detention comes first."""
    if st.person["custody"] == "commission_detention":
        return Said(
            f"person {st.person['key']} is still under the supervision commission's detention: "
            "record the detention executed (commission.detained) first; the measure is decided "
            "within 10 days of it",
            zh=f"人员{st.person['key']}仍处于留置状态：应当先记录对其执行拘留，"
            "并在执行拘留后十日以内决定强制措施",
        )
    return None


PROSECUTION_EVENTS = (
    EventType(
        code="prosecution.fast_track",
        zh="适用速裁程序审查期限",
        en="fast-track review period",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 172 ¶1", "Rules art. 351"),
        fields=(
            Field(
                "long",
                "bool",
                "可能判处的有期徒刑超过一年",
                "possible sentence over one year",
                required=False,
            ),
        ),
        from_stages=frozenset({"under_review"}),
        checks=(Check("CPL art. 172", _fast_track_check),),
        effect=_fast_track,
        # The fast-track period counts from receipt of the case (CPL art. 172 ¶1), or from
        # the measure decision in a case from a supervision commission (CPL art. 170 ¶2).
        deadlines=Deadlines(start=(_fast_track_rule,), start_from=_review_start),
    ),
    EventType(
        code="prosecution.extended",
        zh="延长审查起诉期限",
        en="review period extended by 15 days",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 172 ¶1", "Rules art. 351"),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,
        checks=(Check("CPL art. 172; Rules art. 351", _extension_check),),
        effect=_extend,
        deadlines=Deadlines(extend=(("prosecution-review", "15 days"),)),
    ),
    EventType(
        code="prosecution.returned_for_supplementary_investigation",
        zh="退回补充侦查（调查）",
        en="returned for supplementary investigation",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 175 ¶2", "CPL art. 170", "Rules art. 342"),
        fields=(
            Field(
                "to",
                "choice",
                "退回对象",
                "returned to",
                choices=(
                    Choice(
                        "police", "公安机关（补充侦查）", "the police (supplementary investigation)"
                    ),
                    Choice(
                        "supervision_commission",
                        "监察机关（补充调查）",
                        "the supervision commission (supplementary inquiry)",
                    ),
                    Choice(
                        "investigation_department",
                        "本院负责侦查的部门（补充侦查）",
                        "the procuratorate's own investigation department",
                        ("Rules art. 346 ¶4",),
                    ),
                ),
            ),
        ),
        from_stages=frozenset({"under_review"}),
        to_stage="supplementary_investigation",
        checks=(Check("CPL art. 175 ¶3; CPL art. 170; Rules art. 346", _returns_check),),
        effect=_return,
        deadlines=Deadlines(
            stop=(
                "prosecution-review",
                "prosecution-review-fast-track",
                "prosecution-review-fast-track-long",
            ),
            start=("supplementary-investigation",),
        ),
    ),
    EventType(
        code="prosecution.jurisdiction_transferred",
        zh="移送有管辖权的人民检察院",
        en="transferred to the competent procuratorate",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 328", "CPL art. 172 ¶2"),
        fields=(
            Field(
                "reason",
                "choice",
                "移送理由",
                "reason",
                choices=(
                    Choice(
                        "not_ours",
                        "不属于本院管辖，移送有管辖权的人民检察院",
                        "not this procuratorate's: to the competent one",
                        ("Rules art. 328 ¶1",),
                    ),
                    Choice(
                        "higher_court",
                        "属于上级人民法院管辖，报送上级人民检察院",
                        "first instance at a higher court: to the procuratorate above",
                        ("Rules art. 328 ¶2",),
                    ),
                    Choice(
                        "designation",
                        "报送共同的上级人民检察院指定管辖",
                        "to the common procuratorate above, to designate",
                        ("Rules art. 328 ¶2",),
                    ),
                ),
            ),
            Field("to", "text", "受移送的人民检察院", "transferred to"),
            Field(
                "found_on", "date", "发现不属于本院管辖的日期", "found not ours on", required=False
            ),
        ),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 328", _transfer_in_time_check, "occurred_on"),),
        effect=_transferred,
        deadlines=Deadlines(
            stop=(
                "prosecution-review",
                "prosecution-review-fast-track",
                "prosecution-review-fast-track-long",
                "supervision-commission-measure",
            )
        ),
    ),
    EventType(
        code="prosecution.resubmitted",
        zh="补充侦查（调查）后重新移送",
        en="resubmitted after supplementary investigation",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("CPL art. 175 ¶3", "Rules art. 346"),
        from_stages=frozenset({"supplementary_investigation"}),
        to_stage="under_review",
        deadlines=Deadlines(stop=("supplementary-investigation",), restart=("prosecution-review",)),
    ),
    EventType(
        code="prosecution.self_supplementary_investigation",
        zh="自行补充侦查",
        en="supplementary investigation by the procuratorate",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 175 ¶2", "Rules art. 348"),
        fields=(Field("matters", "text", "补充侦查事项", "matters investigated"),),
        from_stages=frozenset({"under_review"}),
    ),
    EventType(
        code="prosecution.prosecuted",
        zh="提起公诉",
        en="prosecuted",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 176",),
        fields=(
            Field("charges", "charges", "起诉罪名", "charges"),
            Field(
                "sentencing_recommendation",
                "text",
                "量刑建议",
                "sentencing recommendation",
                required=False,
            ),
            Field("court", "text", "起诉法院", "court", required=False),
        ),
        from_stages=frozenset({"prosecution_review", "conditional_revoked"}),
        to_stage="prosecuted",
        checks=(
            Check("CPL art. 176 ¶2", _prosecute_check, "payload.sentencing_recommendation"),
            Check("Criminal Law art. 12", _charges_of_the_day_check, "payload.charges"),
            Check("Criminal Law art. 20 ¶1", _no_liability_check, "persons"),
        ),
        effect=_prosecute,
        deadlines=Deadlines(
            stop=(
                "prosecution-review",
                "prosecution-review-fast-track",
                "prosecution-review-fast-track-long",
            )
        ),
    ),
    EventType(
        code="prosecution.not_prosecuted",
        zh="不起诉",
        en="not prosecuted",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=(
            "CPL art. 175",
            "CPL art. 177",
            "CPL art. 182",
            "Rules art. 365",
            "Rules art. 367",
            "Rules art. 370",
        ),
        fields=(
            Field("type", "choice", "不起诉类型", "type", choices=NON_PROSECUTION_TYPES),
            Field(
                "spp_approved_on",
                "date",
                "最高人民检察院核准日期",
                "approved by the SPP on",
                required=False,
            ),
            Field(
                "served_on",
                "date",
                "不起诉决定书送达日期",
                "decision served on",
                required=False,
            ),
        ),
        from_stages=frozenset({"prosecution_review"}),
        to_stage="not_prosecuted",
        approval=CHIEF,  # Rules art. 365, 367, 370: 经检察长批准
        checks=(
            Check("Rules art. 367; CPL art. 182", _not_prosecute_check, "payload.type"),
            Check("CPL art. 180", _served_after_decision, "payload.served_on"),
        ),
        effect=_not_prosecute,
        deadlines=Deadlines(
            stop=(
                "prosecution-review",
                "prosecution-review-fast-track",
                "prosecution-review-fast-track-long",
            ),
            start=("non-prosecution-appeal",),
            # CPL arts. 180, 181: 自收到决定书后七日以内 (the decision's day when not given)
            start_from=_served_or_decided,
        ),
    ),
    EventType(
        code="prosecution.referred_for_penalty",
        zh="提出检察意见移送主管机关",
        en="referred to the competent authority with a procuratorial opinion",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 177 ¶3", "Rules art. 373 ¶2", "Rules art. 375"),
        fields=(
            Field("kind", "choice", "处理建议", "to be considered for", choices=REFERRAL_KINDS),
            Field("authority", "text", "主管机关", "competent authority"),
        ),
        from_stages=frozenset({"not_prosecuted"}),
        approval=CHIEF,  # Rules art. 373 ¶2, 375: 经检察长批准
        checks=(Check("CPL art. 177 ¶3", _referral_check, "persons"),),
        effect=_refer,
    ),
    EventType(
        code="prosecution.conditional_objected",
        zh="对拟附条件不起诉提出异议",
        en="objection to conditional non-prosecution",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 282 ¶3", "Rules art. 470"),
        fields=(
            Field(
                "by",
                "choice",
                "提出异议的人",
                "raised by",
                choices=(
                    Choice("suspect", "未成年犯罪嫌疑人", "the minor suspect"),
                    Choice("legal_representative", "法定代理人", "the legal representative"),
                ),
            ),
        ),
        from_stages=frozenset({"prosecution_review"}),
        checks=(Check("CPL art. 282 ¶3", _minor_check, "persons"),),
        effect=_objected,
    ),
    EventType(
        code="prosecution.conditional_objection_withdrawn",
        zh="撤回对附条件不起诉的异议",
        en="objection to conditional non-prosecution withdrawn",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 470 ¶3",),
        from_stages=frozenset({"prosecution_review"}),
        checks=(Check("Rules art. 470 ¶3", _objection_pending_check, "persons"),),
        effect=_objection_withdrawn,
    ),
    EventType(
        code="prosecution.conditional_non_prosecution",
        zh="附条件不起诉",
        en="conditional non-prosecution",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 282", "CPL art. 283", "Rules art. 469", "Rules art. 473"),
        fields=(
            Field(
                "probation_months",
                "int",
                "考验期（月）",
                "probation (months)",
                minimum=6,
                maximum=12,
            ),
            Field(
                "likely_sentence",
                "choice",
                "可能判处的刑罚",
                "likely sentence",
                choices=LIKELY_SENTENCES,
            ),
        ),
        from_stages=frozenset({"prosecution_review"}),
        to_stage="conditional_probation",
        checks=(
            Check("CPL art. 282", _conditional_check, "persons"),
            Check("CPL art. 282 ¶1", _likely_sentence_check, "payload.likely_sentence"),
            Check("CPL art. 282 ¶3; Rules art. 470", _objection_check, "persons"),
        ),
        effect=_conditional,
        deadlines=Deadlines(
            stop=(
                "prosecution-review",
                "prosecution-review-fast-track",
                "prosecution-review-fast-track-long",
            ),
            start=("conditional-non-prosecution-probation",),
            months_field="probation_months",
        ),
    ),
    EventType(
        code="prosecution.conditional_completed",
        zh="考验期满作出不起诉决定",
        en="probation completed: not prosecuted",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 284 ¶2", "Rules art. 477", "Rules art. 480", "CPL art. 178"),
        from_stages=frozenset({"conditional_probation"}),
        to_stage="not_prosecuted",
        approval=CHIEF,  # Rules art. 477: 报请检察长决定
        checks=(Check("CPL art. 284 ¶2", _probation_over_check, "occurred_on"),),
        effect=_conditional_completed,
        deadlines=Deadlines(stop=("conditional-non-prosecution-probation",)),
    ),
    EventType(
        code="prosecution.conditional_revoked",
        zh="撤销附条件不起诉",
        en="conditional non-prosecution revoked",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 284 ¶1", "Rules art. 479"),
        fields=(
            Field(
                "ground",
                "choice",
                "撤销理由",
                "ground",
                choices=(
                    Choice("new_crime", "实施新的犯罪或者发现漏罪", "a new or undiscovered crime"),
                    Choice(
                        "violation",
                        "违反治安管理规定或者监督管理规定，情节严重",
                        "serious violation of the supervision rules",
                    ),
                ),
            ),
        ),
        from_stages=frozenset({"conditional_probation"}),
        to_stage="conditional_revoked",
        checks=(Check("CPL art. 284 ¶1; Rules art. 479", _within_probation_check, "occurred_on"),),
        effect=_conditional_revoked,
        deadlines=Deadlines(stop=("conditional-non-prosecution-probation",)),
    ),
    EventType(
        code="prosecution.additional_prosecution",
        zh="追诉",
        en="additional prosecution",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 356",),
        fields=(Field("person", "person", "追诉对象", "person to prosecute"),),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 356", _person_payload_check, "payload.person"),),
        effect=_add_person,
    ),
    # Cases from supervision commissions
    EventType(
        code="commission.early_involvement",
        zh="提前介入监察调查",
        en="early involvement",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 256 ¶2",),
        fields=(Field("opinion", "text", "介入意见", "opinion", required=False),),
        checks=(Check("Rules art. 256 ¶2", _early_involvement_check, "occurred_on"),),
        may_precede_receipt=True,
        sources=frozenset({"supervision_commission"}),
    ),
    EventType(
        code="commission.detained",
        zh="对留置对象执行拘留",
        en="detention executed in place of the commission's",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 170 ¶2", "Rules art. 142"),
        from_stages=frozenset({"commission_measure"}),
        checks=(Check("Rules art. 142", _still_under_commission_detention, "persons"),),
        effect=_commission_detained,
        # Rules art. 143: the measure is decided within 10 days of the detention's execution
        deadlines=Deadlines(start=("supervision-commission-measure",)),
    ),
    EventType(
        code="commission.measure_decided",
        zh="对留置对象决定强制措施",
        en="coercive measure decided",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 170 ¶2", "Rules art. 143"),
        fields=(
            Field(
                "measure",
                "choice",
                "强制措施",
                "measure",
                choices=(
                    Choice("arrested", "逮捕", "arrest"),
                    Choice("bail", "取保候审", "bail"),
                    Choice("residential_surveillance", "监视居住", "residential surveillance"),
                ),
            ),
        ),
        from_stages=frozenset({"commission_measure"}),
        to_stage="prosecution_review",
        checks=(Check("Rules art. 143", _detained_before_the_measure, "persons"),),
        effect=_measure_decided,
        deadlines=Deadlines(
            stop=("supervision-commission-measure",), restart=("prosecution-review",)
        ),
    ),
    EventType(
        code="commission.measure_extended",
        zh="延长决定强制措施的时间",
        en="time to decide the coercive measure extended",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 170 ¶2", "Rules art. 143"),
        fields=(Field("days", "int", "延长天数", "days", minimum=1, maximum=4),),
        from_stages=frozenset({"commission_measure"}),
        checks=(
            Check(
                "CPL art. 170 ¶2",
                extend_once_in_time(
                    "supervision-commission-measure", "the measure decision", "决定强制措施"
                ),
                "persons",
            ),
        ),
        deadlines=Deadlines(extend=(("supervision-commission-measure", "{days} days"),)),
    ),
)

# --- trial and protest ------------------------------------------------------------------------


def _verdict_rule(st):
    return "protest-judgment" if st.payload["form"] == "judgment" else "protest-ruling"


def _judgment_received(st):
    """The protest period runs from the day after the judgment was received (CPL art. 230):
    a judgment is received on or after the day it was given, not before."""
    if st.payload["received_on"] < st.occurred_on.isoformat():
        return Said(
            f"the judgment cannot be received ({st.payload['received_on']}) before it was "
            f"given ({st.occurred_on})",
            zh=f"收到判决书、裁定书的日期（{st.payload['received_on']}）不能早于判决、裁定作出的"
            f"日期（{st.occurred_on}）",
        )
    return None


def _verdict(st):
    st.person["verdict"] = {
        k: st.payload.get(k) for k in ("form", "outcome", "accepted", "received_on")
    }
    # CPL art. 260: a defendant found not guilty or exempted from punishment is released at
    # once if in custody (so the protest period is not a period of custody, CPL art. 105 ¶4).
    if st.payload["outcome"] in ("not_guilty", "guilty_exempt") and st.person["custody"] in (
        "detained",
        "arrested",
    ):
        _person_custody(st, "released")


#: A person's stages after which the judgment or ruling may be final (CPL art. 259): no
#: protest was lodged within the period, or the court above decided on the protest.
FINAL = frozenset({"judgment_final", "protest_decided"})
LEVELS = ("basic", "prefectural", "provincial", "national")


def _protest_period(st) -> dict | None:
    periods = open_deadlines_of(st.state, ("protest-judgment", "protest-ruling"), st.person["key"])
    return periods[0] if periods else None


def _is_final(st) -> bool:
    """Final (CPL art. 259): recorded so; decided by the court above (a remand for retrial
    sets the judgment aside: the person is then at ``retrial``, not final); or the period to
    protest has run out and the parties accepted the judgment (no appeal)."""
    stage = st.person["stage"]
    if stage in FINAL:
        return True
    if stage == "retrial":
        return False  # the judgment was set aside (CPL art. 236 ¶1(3)); the retrial awaits
    if (st.person.get("verdict") or {}).get("accepted") is False:
        return False  # appealed: it awaits the second instance
    period = _protest_period(st)
    return period is not None and passed_due(period, st.occurred_on)


def _protest_check(st):
    """A second-instance protest within the period (CPL arts. 228, 230); a trial-supervision
    protest against a final judgment, lodged by the SPP or by a procuratorate above the court
    that gave it (CPL art. 254 ¶3): a procuratorate asks the one above (protest.requested)."""
    unit = st.state["unit"]
    if st.payload["kind"] == "second_instance":
        if st.person["stage"] in FINAL:
            return (
                "payload.kind",
                Said(
                    "the judgment is final: only a trial-supervision protest lies against it "
                    "(CPL art. 254 ¶3)",
                    zh="判决、裁定已经发生法律效力：只能按照审判监督程序提出抗诉",
                ),
            )
        period = _protest_period(st)
        if period is None:
            return Said(
                "no first-instance judgment or ruling is open to protest for this person",
                zh="该人员没有可以提出抗诉的第一审判决、裁定",
            )
        if passed_due(period, st.occurred_on):
            return (
                "occurred_on",
                Said(
                    f"the period to protest ended on {period['due']}: a second-instance protest "
                    "is out of time (a trial-supervision protest by a procuratorate above "
                    "remains possible)",
                    zh=f"抗诉期限已于{period['due']}届满：已经超过提出二审抗诉的期限（仍可以由上级"
                    "人民检察院提出审判监督抗诉）",
                ),
            )
        if st.payload.get("by"):
            return (
                "payload.by",
                Said(
                    "a second-instance protest is lodged by the procuratorate that prosecuted "
                    "(CPL art. 228): leave out payload.by",
                    zh="二审抗诉由提起公诉的人民检察院提出（《刑事诉讼法》第二百二十八条）：不填写"
                    "“提出抗诉的上级人民检察院”",
                ),
            )
        return None
    if not _is_final(st):
        return (
            "payload.kind",
            Said(
                "a trial-supervision protest lies against a judgment or ruling already final "
                "(CPL art. 254 ¶3); within the period to protest, lodge a second-instance "
                "protest",
                zh="审判监督抗诉针对已经发生法律效力的判决、裁定；在抗诉期限内，应当提出二审抗诉",
            ),
        )
    by = st.payload.get("by")
    if not by:
        if unit != SPP:
            return (
                "payload.by",
                Said(
                    "a procuratorate does not protest a final judgment of the court at its own "
                    "level: it asks the procuratorate above (protest.requested; Rules art. 595 "
                    "¶2), and the protest, lodged by that one, is recorded with payload.by its "
                    "code",
                    zh="人民检察院对同级人民法院已经发生法律效力的判决、裁定，不自行提出抗诉，而是"
                    "提请上一级人民检察院抗诉（“提请抗诉”，《人民检察院刑事诉讼规则》第五百九十五条"
                    "第二款）；上级人民检察院提出的抗诉，记录时填写该院代码（“提出抗诉的上级人民"
                    "检察院”）",
                ),
            )
        return None
    if not is_below(unit, by):
        return (
            "payload.by",
            Said(
                f"{shown(by)} is not the code of a procuratorate above {unit}",
                zh=f"{shown(by)}不是{unit}的上级人民检察院的代码",
            ),
        )
    # above the court that gave the final judgment: the court above the unit's own after a
    # decision on a protest (the second instance)
    second = st.person["stage"] == "protest_decided"
    need = min(len(LEVELS) - 1, LEVELS.index(level_of(unit)) + (2 if second else 1))
    if LEVELS.index(level_of(by)) < need:
        return (
            "payload.by",
            Said(
                f"{by} is at the level of the court that gave the final judgment (the court "
                "above, after the second instance): a procuratorate above that court protests",
                zh=f"{by}与作出生效判决、裁定的人民法院同级（经第二审的，为上一级人民法院）：应当"
                "由该人民法院的上级人民检察院提出抗诉",
            ),
        )
    return None


def _request_check(st):
    """Rules art. 595 ¶2: a local procuratorate asks the one above it to protest."""
    unit, to = st.state["unit"], st.payload["to"]
    if unit == SPP:
        return Said(
            "the Supreme People's Procuratorate protests itself: there is no level above",
            zh="最高人民检察院自行提出抗诉：没有可以提请抗诉的上一级人民检察院",
        )
    if not _is_final(st):
        return (
            "type",
            Said(
                "the judgment is not yet final: within the period to protest, the procuratorate "
                "lodges a second-instance protest itself (CPL art. 228)",
                zh="判决、裁定尚未发生法律效力：在抗诉期限内，由本院提出二审抗诉（《刑事诉讼法》"
                "第二百二十八条）",
            ),
        )
    # (the level directly above is not always told by the codes: a municipality's district
    # procuratorates are directly under its own, 110105 under 110000)
    if not is_below(unit, to):
        return (
            "payload.to",
            Said(
                f"{shown(to)} is not the code of a procuratorate above {unit}",
                zh=f"{shown(to)}不是{unit}的上级人民检察院的代码",
            ),
        )
    return None


def _protest_requested(st):
    st.person["protest_requested"] = st.payload["to"]


def _protest(st):
    st.person["protest"] = st.payload["kind"]


def _protest_decided(st):
    st.person["protest_outcome"] = st.payload["outcome"]


def _justified_defence(st):
    st.person["justified_defence"] = st.payload["finding"]


def _wage_arrears(st):
    """CL art. 276-1: only in a case of refusing to pay labour remuneration."""
    articles = {c["article"] for p in st.state["persons"].values() for c in p.get("charges") or ()}
    if "276-1" not in articles:
        return Said(
            "no one in the case is charged with refusing to pay labour remuneration (276-1)",
            zh="本案没有人员涉嫌拒不支付劳动报酬罪",
        )
    return None


WAGE_EVENTS = (
    EventType(
        code="prosecution.wages_recovered",
        zh="追回欠薪",
        en="wages in arrears recovered",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Criminal Law art. 276-1",),
        fields=(Field("amount", "int", "追回欠薪金额（元）", "wages recovered (yuan)", minimum=1),),
        checks=(Check("Criminal Law art. 276-1", _wage_arrears),),
    ),
)


def _victim_request_check(st):
    """CPL art. 229: the victim may ask for a protest against a first-instance judgment (not a
    ruling), received by the victim on or after the day it was given."""
    verdict = st.person.get("verdict") or {}
    if verdict.get("form") != "judgment":
        return Said(
            "a victim may ask for a protest against a first-instance judgment, not a ruling",
            zh="被害人及其法定代理人只能对第一审判决请求抗诉，不能对裁定请求抗诉",
        )
    received = st.payload.get("judgment_received_on")
    if received and received > st.occurred_on.isoformat():
        return (
            "payload.judgment_received_on",
            Said(
                f"the request ({st.occurred_on}) cannot come before the victim received the "
                f"judgment ({received})",
                zh=f"请求抗诉的日期（{st.occurred_on}）不能早于被害人收到判决书的日期（{received}）",
            ),
        )
    return None


def _victim_request_rule(st):
    """The 5 days to decide and reply run for a request made within 5 days of the victim's
    receipt of the judgment; a later request is the procuratorate's to accept (Rules art. 588
    ¶2), without them."""
    from datetime import date

    received = st.payload.get("judgment_received_on")
    if received:
        # the victim's own period: not one of custody, so it ends on a working day
        last = due_of(
            "victim-protest-request", date.fromisoformat(received), custody=False,
            calendar=st.calendar,
        )  # fmt: skip
        if st.occurred_on.isoformat() > last:
            return None
    return "victim-protest-request-reply"


def _victim_requested(st):
    st.person["victim_request"] = "pending"


def _victim_answer_check(st):
    if st.person.get("victim_request") != "pending":
        return Said(
            f"no request of a victim to protest is pending for person {st.person['key']}",
            zh=f"没有被害人就人员{st.person['key']}请求抗诉待答复",
        )
    return None


def _victim_answered(st):
    st.person["victim_request"] = st.payload["decision"]


TRIAL_EVENTS = (
    EventType(
        code="trial.first_instance_decided",
        zh="一审判决、裁定",
        en="first-instance judgment or ruling",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 227", "CPL art. 228", "Rules art. 159"),
        fields=(
            Field(
                "form",
                "choice",
                "文书形式",
                "form",
                choices=(
                    Choice("judgment", "判决", "judgment"),
                    Choice("ruling", "裁定", "ruling"),
                ),
            ),
            Field(
                "outcome",
                "choice",
                "裁判结果",
                "outcome",
                choices=(
                    Choice("guilty", "有罪", "guilty"),
                    Choice("guilty_exempt", "有罪免予刑事处罚", "guilty, exempt from punishment"),
                    Choice("not_guilty", "无罪", "not guilty"),
                    Choice("other", "其他", "other"),
                ),
            ),
            Field("accepted", "bool", "当事人服判", "accepted by the parties", required=False),
            Field(
                "sentencing_recommendation_adopted",
                "bool",
                "量刑建议被采纳",
                "sentencing recommendation adopted",
                required=False,
            ),
            Field("received_on", "date", "收到判决书日期", "received on"),
        ),
        from_stages=frozenset({"prosecuted", "retrial"}),
        to_stage="first_instance_decided",
        checks=(Check("CPL art. 230", _judgment_received, "payload.received_on"),),
        effect=_verdict,
        deadlines=Deadlines(start=(_verdict_rule,), start_from="received_on"),
    ),
    EventType(
        code="protest.requested_by_victim",
        zh="被害人请求抗诉",
        en="victim's request to protest",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 229", "Rules art. 588"),
        fields=(
            Field(
                "requester",
                "choice",
                "请求人",
                "requested by",
                choices=(
                    Choice("victim", "被害人", "the victim"),
                    Choice("legal_representative", "法定代理人", "the legal representative"),
                ),
            ),
            Field(
                "judgment_received_on",
                "date",
                "被害人收到判决书日期",
                "judgment received by the victim on",
                required=False,
            ),
        ),
        from_stages=frozenset({"first_instance_decided"}),
        checks=(Check("CPL art. 229", _victim_request_check, "type"),),
        effect=_victim_requested,
        deadlines=Deadlines(start=(_victim_request_rule,)),
    ),
    EventType(
        code="protest.victim_request_answered",
        zh="答复请求抗诉的被害人",
        en="victim's request to protest answered",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 229", "Rules art. 588"),
        fields=(
            Field(
                "decision",
                "choice",
                "是否抗诉",
                "decision",
                choices=(
                    Choice("protest", "提出抗诉", "to protest"),
                    Choice("no_protest", "不提出抗诉", "not to protest"),
                ),
            ),
        ),
        checks=(Check("CPL art. 229", _victim_answer_check, "persons"),),
        effect=_victim_answered,
        deadlines=Deadlines(stop=("victim-protest-request-reply",)),
    ),
    EventType(
        code="protest.filed",
        zh="提出抗诉",
        en="protest filed",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 228", "CPL art. 254", "Rules art. 584", "Rules art. 591"),
        fields=(
            Field(
                "kind",
                "choice",
                "抗诉类型",
                "kind",
                choices=(
                    Choice(
                        "second_instance", "二审抗诉", "second-instance protest", ("CPL art. 228",)
                    ),
                    Choice(
                        "trial_supervision",
                        "审判监督抗诉",
                        "trial-supervision protest",
                        ("CPL art. 254",),
                    ),
                ),
            ),
            Field(
                "by",
                "text",
                "提出抗诉的上级人民检察院（代码）",
                "protesting procuratorate above (code)",
                required=False,
            ),
        ),
        from_stages=frozenset({"first_instance_decided"}) | FINAL,
        to_stage="protested",
        # the prosecuting procuratorate's chief decides its protest (Rules art. 585); one
        # lodged by a procuratorate above (payload "by") was decided there (Rules art. 595)
        approval=CHIEF,
        approval_when=lambda p: not p.get("by"),
        checks=(Check("CPL art. 230; CPL art. 254 ¶3", _protest_check),),
        effect=_protest,
        deadlines=Deadlines(stop=("protest-judgment", "protest-ruling")),
    ),
    EventType(
        code="protest.requested",
        zh="提请抗诉",
        en="protest requested of the procuratorate above",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 254 ¶3", "Rules art. 595"),
        fields=(
            Field("to", "text", "提请抗诉的上级人民检察院（代码）", "procuratorate above (code)"),
        ),
        from_stages=frozenset({"first_instance_decided"}) | FINAL,
        to_stage="judgment_final",  # asked once the period has run out (CPL art. 259)
        approval=CHIEF,
        checks=(Check("Rules art. 595 ¶2", _request_check, "org"),),
        effect=_protest_requested,
        deadlines=Deadlines(stop=("protest-judgment", "protest-ruling")),
    ),
    EventType(
        code="protest.decided",
        zh="抗诉案件法院裁判结果",
        en="court's decision on the protest",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 236", "CPL art. 256"),
        fields=(
            Field(
                "outcome",
                "choice",
                "结果",
                "outcome",
                choices=(
                    Choice("changed", "改判", "judgment changed"),
                    Choice("remanded", "发回重审", "remanded for retrial"),
                    Choice("maintained", "维持原判", "original judgment maintained"),
                ),
            ),
        ),
        from_stages=frozenset({"protested"}),
        to_stage="protest_decided",
        # CPL art. 236 ¶1(3): the judgment set aside, the court below tries the case again
        to_stage_when=(("outcome", "remanded", "retrial"),),
        effect=_protest_decided,
    ),
    EventType(
        code="protest.not_filed",
        zh="不抗诉（一审裁判生效）",
        en="no protest: first-instance decision final",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 230", "CPL art. 259"),
        from_stages=frozenset({"first_instance_decided"}),
        to_stage="judgment_final",
        deadlines=Deadlines(stop=("protest-judgment", "protest-ruling")),
    ),
    EventType(
        code="justified_defence.determined",
        zh="认定正当防卫",
        en="justified defence determined",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Criminal Law art. 20", "CPL art. 16", "CPL art. 177 ¶1"),
        fields=(
            Field(
                "finding",
                "choice",
                "认定",
                "finding",
                choices=(
                    Choice(
                        "justified",
                        "正当防卫，不负刑事责任",
                        "justified defence: no criminal liability",
                    ),
                    Choice("excessive", "防卫过当", "excessive defence"),
                ),
            ),
        ),
        from_stages=frozenset({"arrest_review", "prosecution_review"}),
        checks=(Check("Criminal Law art. 20", _not_yet_determined, "persons"),),
        effect=_justified_defence,
    ),
)

# --- supervision of case filing, detention necessity -------------------------------------------


def _transfer_urged(st):
    st.state["transfer_urged"] = True


# Supervision of case filing: the police are asked to explain (Rules art. 560), and only when
# their reasons do not hold, or they give none within the 7 days, ordered to file or withdraw
# (Rules art. 561; CPL art. 113); a corrective notice once an order has gone 15 days unheeded
# (Rules art. 564 ¶2), or the explanation 7 days (a breach of Rules art. 560: art. 552).
ORDER_ABOUT = {"filing.ordered_to_file": "not_filing", "filing.ordered_to_withdraw": "filing"}
ORDER_RULES = ("filing-supervision-file", "filing-supervision-withdraw")


def _explanation_asked(st):
    st.state["explanation"] = {"about": st.payload["about"], "accepted": None}


def _explained(st):
    if st.state.get("explanation"):
        st.state["explanation"]["accepted"] = st.payload["accepted"]


def _inform_rule(st):
    """Rules art. 561 ¶2: reasons that hold are told to the victim (or the organ that
    transferred the case) within 10 days."""
    return "filing-supervision-inform" if st.payload["accepted"] else None


def _inform_check(st):
    if not (st.state.get("explanation") or {}).get("accepted"):
        return Said(
            "the police's reasons were not found to hold: nothing to tell as such",
            zh="公安机关的理由未被认定成立：无须告知",
        )
    if st.state.get("informed"):
        return Said("the reasons were already told", zh="已经告知")
    return None


def _informed(st):
    st.state["informed"] = st.occurred_on.isoformat()


def _explain_overdue(st) -> str | None:
    """The due day of the explanation when it has passed without one, else None."""
    periods = open_deadlines_of(st.state, "filing-supervision-explain", None)
    if periods and passed_due(periods[0], st.occurred_on):
        return periods[0]["due"]
    return None


def _order_check(st):
    explanation = st.state.get("explanation")
    if explanation is None:
        return (
            "type",
            Said(
                "the police are first asked to explain (filing.explanation_requested, Rules art. "
                "560); an order follows when their reasons do not hold (Rules art. 561)",
                zh="应当先要求公安机关说明理由（“要求公安机关说明不立案（立案）理由”，《人民检察院"
                "刑事诉讼规则》第五百六十条）；认为理由不能成立的，才通知公安机关立案或者撤销案件",
            ),
        )
    if explanation["about"] != ORDER_ABOUT[st.etype.code]:
        asked = "not filing" if explanation["about"] == "not_filing" else "filing"
        asked_zh = "不立案理由" if explanation["about"] == "not_filing" else "立案理由"
        return (
            "type",
            Said(
                f"the police were asked why they were {asked}: this order does not follow",
                zh=f"要求公安机关说明的是{asked_zh}：不能据此{st.etype.zh}",
            ),
        )
    if explanation["accepted"]:
        return (
            "type",
            Said(
                "the police's reasons were found to hold: the supervision ends there",
                zh="经审查公安机关的理由成立：立案监督到此结束",
            ),
        )
    if explanation["accepted"] is None and not _explain_overdue(st):
        return (
            "occurred_on",
            Said(
                "the police have 7 days to explain (Rules art. 560): record their explanation, "
                "or order after the 7 days, when reasons not given cannot hold (CPL art. 113)",
                zh="公安机关在收到通知后七日以内说明理由（《人民检察院刑事诉讼规则》第五百六十条）："
                "请记录其说明；七日以内未说明的，期满后可以通知，未说明的理由不能成立（《刑事诉讼法》"
                "第一百一十三条）",
            ),
        )
    if any(d["rule"] in ORDER_RULES for d in st.state["deadlines"].values()):
        return (
            "type",
            Said(
                "the police have already been ordered",
                zh="已经通知公安机关立案或者撤销案件",
            ),
        )
    return None


WITHDRAWAL_REVIEWS = ("filing-withdrawal-reconsideration", "filing-withdrawal-review")
#: The decision on a reconsideration or review of an order to withdraw (Rules art. 565).
WITHDRAWAL_OUTCOME = Field(
    "outcome",
    "choice",
    "决定",
    "outcome",
    choices=(
        Choice("changed", "撤销通知", "order withdrawn"),
        Choice("maintained", "维持通知", "order maintained"),
    ),
)


def _withdrawal_request_check(step: str):
    """Rules art. 565: the police may ask the procuratorate to reconsider an order to withdraw
    the case, within the 15 days to comply; then the procuratorate above to review its
    reconsideration when it was maintained. Each once."""

    def check(st):
        done = st.state.get("withdrawal_review") or {}
        periods = open_deadlines_of(st.state, "filing-supervision-withdraw", None)
        if step == "reconsideration":
            if not periods:
                return Said(
                    "no order to withdraw the case is waiting for the police: a reconsideration "
                    "is asked within the 15 days the order gives them",
                    zh="没有待公安机关执行的通知撤销案件书：要求复议应当在收到通知后十五日以内提出",
                )
            if "reconsideration" in done:
                return Said(
                    "the police already asked for a reconsideration of this order",
                    zh="公安机关已经要求复议该撤销案件通知",
                )
        elif done.get("reconsideration") != "maintained" or "review" in done or not periods:
            return Said(
                "a review by the procuratorate above follows a reconsideration that maintained "
                "the order, once",
                zh="复议维持撤销案件通知的，公安机关才能提请上一级人民检察院复核，并且只能提请一次",
            )
        # Rules art. 564 ¶2: after the 15 days without a request, a corrective notice is due;
        # a request then would hold it off
        if passed_due(periods[0], st.occurred_on):
            return (
                "occurred_on",
                Said(
                    f"the police's 15 days ran out on {periods[0]['due']}: a request after them "
                    "comes too late (a corrective notice is due, Rules art. 564 ¶2)",
                    zh=f"公安机关的十五日期限已于{periods[0]['due']}届满：逾期要求复议、提请复核的，"
                    "不予受理，应当发出纠正违法通知书",
                ),
            )
        return None

    return check


def _withdrawal_requested(step: str):
    def effect(st):
        st.state.setdefault("withdrawal_review", {})[step] = "pending"

    return effect


def _withdrawal_decided(step: str):
    def effect(st):
        st.state["withdrawal_review"][step] = st.payload["outcome"]
        if st.payload["outcome"] == "changed":  # the order is withdrawn (Rules art. 565 ¶3)
            st.state["stage"] = "concluded"

    return effect


def _withdrawal_pending_check(step: str):
    def check(st):
        if (st.state.get("withdrawal_review") or {}).get(step) != "pending":
            return Said(
                f"no {step} of an order to withdraw is pending",
                zh="没有待作出决定的撤销案件通知"
                + ("复议" if step == "reconsideration" else "复核"),
            )
        return None

    return check


def _comply_again(st):
    """A maintained order: the police withdraw the case within 15 days of the decision, or
    (after a reconsideration) ask for a review."""
    return "filing-supervision-withdraw" if st.payload["outcome"] == "maintained" else None


def _notice_check(st):
    pending = open_deadlines_of(st.state, WITHDRAWAL_REVIEWS, None)
    if pending:
        return (
            "type",
            Said(
                "the police asked for a reconsideration or review of the order to withdraw "
                "(Rules art. 565): no corrective notice while it is pending (Rules art. 564 ¶2)",
                zh="公安机关已经要求复议、提请复核撤销案件通知（《人民检察院刑事诉讼规则》第五百六十五条）："
                "在作出决定前不发出纠正违法通知书",
            ),
        )
    orders = open_deadlines_of(st.state, ORDER_RULES, None)
    if orders:
        due = orders[0]["due"]
        if not passed_due(orders[0], st.occurred_on):
            return (
                "occurred_on",
                Said(
                    f"the police have 15 days from receiving the order (to {due}): a corrective notice "
                    "comes after them (Rules art. 564 ¶2)",
                    zh=f"公安机关收到通知后十五日以内（至{due}）立案或者撤销案件：超过十五日的，"
                    "才发出纠正违法通知书",
                ),
            )
        return None
    if _explain_overdue(st):
        return None  # no explanation within the 7 days: a breach of Rules art. 560 (art. 552)
    return (
        "type",
        Said(
            "a corrective notice follows an order the police did not heed within 15 days (Rules "
            "art. 564 ¶2), or an explanation not given within 7 days (Rules arts. 560, 552)",
            zh="公安机关收到通知立案书或者通知撤销案件书后超过十五日不予立案或者不撤销案件的，或者"
            "七日以内未说明理由的（《人民检察院刑事诉讼规则》第五百六十条），才发出纠正违法通知书",
        ),
    )


def _transfer_check(st):
    if not st.state.get("transfer_urged"):
        return Said(
            "no procuratorial opinion asked the organ to transfer the case",
            zh="尚未向行政执法机关提出移送涉嫌犯罪案件的检察意见",
        )
    return None


FILING_EVENTS = (
    EventType(
        code="filing.explanation_requested",
        zh="要求公安机关说明不立案（立案）理由",
        en="police asked to explain",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 113", "Rules art. 559", "Rules art. 560"),
        fields=(
            Field(
                "about",
                "choice",
                "事项",
                "about",
                choices=(
                    Choice("not_filing", "不立案理由", "why the case was not filed"),
                    Choice("filing", "立案理由", "why the case was filed"),
                ),
            ),
            # Rules art. 560: 在收到通知后七日以内
            Field(
                "served_on",
                "date",
                "要求说明理由通知书送达日期",
                "served on the police on",
                required=False,
            ),
        ),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 560", _served_after_decision, "payload.served_on"),),
        deadlines=Deadlines(start=("filing-supervision-explain",), start_from=_served_or_decided),
        effect=_explanation_asked,
    ),
    EventType(
        code="filing.explanation_received",
        zh="收到公安机关说明理由",
        en="police explanation received",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("Rules art. 560", "Rules art. 561"),
        fields=(Field("accepted", "bool", "理由成立", "reasons accepted"),),
        from_stages=frozenset({"under_review"}),
        deadlines=Deadlines(stop=("filing-supervision-explain",), start=(_inform_rule,)),
        effect=_explained,
    ),
    EventType(
        code="filing.reasons_told",
        zh="告知不立案（立案）的依据和理由",
        en="the police's reasons told to the victim",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 561 ¶2",),
        fields=(
            Field(
                "to",
                "choice",
                "告知对象",
                "told to",
                choices=(
                    Choice("victim", "被害人", "the victim"),
                    Choice("legal_representative", "法定代理人", "the legal representative"),
                    Choice("close_relative", "近亲属", "a close relative"),
                    Choice("administrative_organ", "行政执法机关", "the administrative organ"),
                ),
            ),
        ),
        from_stages=frozenset({"under_review", "concluded"}),
        checks=(Check("Rules art. 561 ¶2", _inform_check, "type"),),
        effect=_informed,
        deadlines=Deadlines(stop=("filing-supervision-inform",)),
    ),
    EventType(
        code="filing.ordered_to_file",
        zh="通知公安机关立案",
        en="police ordered to file the case",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("CPL art. 113", "Rules art. 561", "Rules art. 562", "Rules art. 563"),
        # Rules art. 564 ¶2: the police's 15 days run from their receipt of the order
        fields=(
            Field(
                "served_on", "date", "通知立案书送达日期", "served on the police on", required=False
            ),
        ),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,
        deadlines=Deadlines(start=("filing-supervision-file",), start_from=_served_or_decided),
        checks=(
            Check("Rules art. 561", _order_check),
            Check("Rules art. 564", _served_after_decision, "payload.served_on"),
        ),
    ),
    EventType(
        code="filing.ordered_to_withdraw",
        zh="通知公安机关撤销案件",
        en="police ordered to withdraw the case",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 559", "Rules art. 561", "Rules art. 563"),
        # Rules art. 564 ¶2: the police's 15 days run from their receipt of the order
        fields=(
            Field(
                "served_on",
                "date",
                "通知撤销案件书送达日期",
                "served on the police on",
                required=False,
            ),
        ),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,
        checks=(
            Check("Rules art. 561", _order_check),
            Check("Rules art. 564", _served_after_decision, "payload.served_on"),
        ),
        deadlines=Deadlines(start=("filing-supervision-withdraw",), start_from=_served_or_decided),
    ),
    EventType(
        code="filing.withdrawal_reconsideration_requested",
        zh="公安机关要求复议撤销案件通知",
        en="police ask to reconsider the order to withdraw",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("Rules art. 565 ¶1", "Rules art. 564 ¶2"),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 565", _withdrawal_request_check("reconsideration")),),
        effect=_withdrawal_requested("reconsideration"),
        deadlines=Deadlines(
            stop=("filing-supervision-withdraw",), start=("filing-withdrawal-reconsideration",)
        ),
    ),
    EventType(
        code="filing.withdrawal_reconsidered",
        zh="对撤销案件通知复议作出决定",
        en="order to withdraw reconsidered",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 565 ¶1",),
        fields=(WITHDRAWAL_OUTCOME,),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,  # the order was the chief's (Rules art. 561: 经检察长决定)
        checks=(Check("Rules art. 565", _withdrawal_pending_check("reconsideration")),),
        effect=_withdrawal_decided("reconsideration"),
        deadlines=Deadlines(stop=("filing-withdrawal-reconsideration",), start=(_comply_again,)),
    ),
    EventType(
        code="filing.withdrawal_review_requested",
        zh="公安机关提请上一级人民检察院复核撤销案件通知",
        en="police ask the procuratorate above to review the order to withdraw",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("Rules art. 565 ¶2",),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 565 ¶2", _withdrawal_request_check("review")),),
        effect=_withdrawal_requested("review"),
        deadlines=Deadlines(
            stop=("filing-supervision-withdraw",), start=("filing-withdrawal-review",)
        ),
    ),
    EventType(
        code="filing.withdrawal_reviewed",
        zh="上一级人民检察院对撤销案件通知作出复核决定",
        en="order to withdraw reviewed by the procuratorate above",
        line="criminal",
        scope="case",
        roles=RECEIVERS,  # the decision of the procuratorate above, as this one receives it
        basis=("Rules art. 565 ¶2", "Rules art. 565 ¶3"),
        fields=(WITHDRAWAL_OUTCOME,),
        from_stages=frozenset({"under_review"}),
        checks=(Check("Rules art. 565 ¶2", _withdrawal_pending_check("review")),),
        effect=_withdrawal_decided("review"),
        deadlines=Deadlines(stop=("filing-withdrawal-review",), start=(_comply_again,)),
    ),
    EventType(
        code="filing.police_complied",
        zh="公安机关立案（撤案）",
        en="police complied",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("Rules art. 563", "Rules art. 565"),
        from_stages=frozenset({"under_review"}),
        to_stage="concluded",
        deadlines=Deadlines(stop=("filing-supervision-file", "filing-supervision-withdraw")),
    ),
    EventType(
        code="filing.corrective_notice",
        zh="发出纠正违法通知书",
        en="corrective notice issued",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 564", "Rules art. 552"),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,
        checks=(Check("Rules art. 564 ¶2; Rules art. 552", _notice_check),),
    ),
    EventType(
        code="filing.transfer_opinion",
        zh="向行政执法机关提出移送涉嫌犯罪案件的检察意见",
        en="administrative enforcement organ asked to transfer a suspected crime",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 557 ¶3",),
        fields=(Field("agency", "text", "行政执法机关", "administrative enforcement organ"),),
        from_stages=frozenset({"under_review"}),
        approval=CHIEF,
        effect=_transfer_urged,
    ),
    EventType(
        code="filing.transfer_done",
        zh="行政执法机关向公安机关移送涉嫌犯罪案件",
        en="the organ transferred the case to the police",
        line="criminal",
        scope="case",
        roles=RECEIVERS,
        basis=("Rules art. 557 ¶3",),
        from_stages=frozenset({"under_review"}),
        to_stage="concluded",
        checks=(Check("Rules art. 557 ¶3", _transfer_check),),
    ),
    EventType(
        code="filing.concluded",
        zh="立案监督结案",
        en="filing supervision concluded",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 561",),
        from_stages=frozenset({"under_review"}),
        to_stage="concluded",
        deadlines=Deadlines(
            stop=(
                "filing-supervision-explain",
                "filing-supervision-file",
                "filing-supervision-withdraw",
                *WITHDRAWAL_REVIEWS,
            )
        ),
    ),
)


def _reply_overdue_check(st):
    """Rules art. 581 ¶2: a corrective opinion when the reply has not come within 10 days; once."""
    if st.person.get("corrective_opinion"):
        return (
            "persons",
            Said(
                f"a corrective opinion was already given for person {st.person['key']}",
                zh=f"已经就人员{st.person['key']}提出纠正意见",
            ),
        )
    periods = open_deadlines_of(st.state, "detention-release-reply", st.person["key"])
    if periods and not passed_due(periods[0], st.occurred_on):
        return Said(
            f"the reply is due by {periods[0]['due']}: a corrective opinion comes after that day",
            zh=f"办案机关应当在{periods[0]['due']}以前回复：逾期未回复的，才提出纠正意见",
        )
    return None


def _reply_chased(st):
    st.person["corrective_opinion"] = st.occurred_on.isoformat()


def _release_reply(st):
    if st.payload["accepted"]:
        _person_custody(
            st, "bail" if st.person["custody"] in ("arrested", "detained") else st.person["custody"]
        )


def _under_arrest(st):
    """CPL art. 95: the necessity of detention is reviewed after an arrest."""
    custody = st.person["custody"]
    if custody != "arrested":
        return Said(
            f"person {st.person['key']} ({st.person['name']}) is not under arrest ({custody}): "
            "the necessity of detention is reviewed once a suspect or defendant is arrested",
            zh=f"人员{st.person['key']}（{st.person['name']}）未被逮捕"
            f"（{stage_label(custody, 'zh', CUSTODY)}）：犯罪嫌疑人、被告人被逮捕后，才对羁押的"
            "必要性进行审查",
        )
    return None


DETENTION_EVENTS = (
    EventType(
        code="detention.release_suggested",
        zh="建议释放或者变更强制措施",
        en="release or change of measure suggested",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 95", "Rules art. 578", "Rules art. 580", "Rules art. 581"),
        fields=(
            Field(
                "suggestion",
                "choice",
                "建议",
                "suggestion",
                choices=(
                    Choice("release", "释放", "release"),
                    Choice("change_measure", "变更强制措施", "change of measure"),
                ),
            ),
        ),
        from_stages=frozenset({"detention_review"}),
        to_stage="suggestion_pending",
        checks=(Check("CPL art. 95", _under_arrest, "persons"),),
        deadlines=Deadlines(start=("detention-release-reply",)),
    ),
    EventType(
        code="detention.reply_received",
        zh="收到办案机关处理情况回复",
        en="reply to the suggestion received",
        line="criminal",
        scope="person",
        roles=RECEIVERS,
        basis=("CPL art. 95", "Rules art. 581"),
        fields=(Field("accepted", "bool", "建议被采纳", "suggestion accepted"),),
        from_stages=frozenset({"suggestion_pending"}),
        to_stage="detention_reviewed",
        effect=_release_reply,
        deadlines=Deadlines(stop=("detention-release-reply",)),
    ),
    EventType(
        code="detention.corrective_opinion",
        zh="办案机关逾期未回复，提出纠正意见",
        en="corrective opinion: no reply to the suggestion within 10 days",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 581 ¶2", "Rules art. 552"),
        from_stages=frozenset({"suggestion_pending"}),
        checks=(Check("Rules art. 581 ¶2", _reply_overdue_check, "occurred_on"),),
        effect=_reply_chased,
    ),
    EventType(
        code="detention.continued",
        zh="经审查不需要提出建议",
        en="continued detention found necessary",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 579",),
        from_stages=frozenset({"detention_review"}),
        to_stage="detention_reviewed",
        checks=(Check("CPL art. 95", _under_arrest, "persons"),),
    ),
)

CRIMINAL_EVENTS = (
    *ARREST_EVENTS,
    *PROSECUTION_EVENTS,
    *TRIAL_EVENTS,
    *WAGE_EVENTS,
    *FILING_EVENTS,
    *DETENTION_EVENTS,
)

_GENERAL = frozenset({"case.assigned", "event.corrected"})

ARREST_MATERIALS = (
    Choice("arrest_request", "提请批准逮捕书", "request for approval of arrest"),
    Choice("case_file", "案卷材料", "case file"),
    Choice("evidence", "证据", "evidence"),
)
REEXAMINATION_MATERIALS = (
    Choice("reexamination_request", "提请复核意见书", "request for review by the next level"),
    Choice("reconsideration_decision", "复议决定书", "the reconsideration's decision"),
    Choice("case_file", "案卷材料", "case file"),
)
PROSECUTION_MATERIALS = (
    Choice("transfer_opinion", "起诉意见书", "opinion recommending prosecution"),
    Choice("case_file", "案卷材料", "case file"),
    Choice("evidence", "证据", "evidence"),
)

CRIMINAL_PROCEDURES = (
    Procedure(
        kind="arrest_review",
        zh="审查逮捕",
        en="review for arrest",
        line="criminal",
        number_code="刑捕受",
        department="criminal_prosecution",
        basis=("CPL art. 87-94", "Rules art. 280-300"),
        sources=frozenset({"police", "procuratorate"}),
        events=_GENERAL | {e.code for e in ARREST_EVENTS} | {"justified_defence.determined"},
        initial_person_stage="arrest_review",
        required_materials=ARREST_MATERIALS,
        person_deadline=_arrest_rule,
        at_large_reviewed=True,
        final_stages=frozenset({"arrest_approved", "arrest_not_approved", "police_withdrew"}),
        criminal_age=True,  # Criminal Law art. 17
    ),
    Procedure(
        kind="prosecution_review",
        zh="审查起诉",
        en="review for prosecution",
        line="criminal",
        number_code="刑诉受",
        department="criminal_prosecution",
        basis=("CPL art. 169-182", "Rules art. 328-391"),
        sources=frozenset({"police", "supervision_commission", "procuratorate"}),
        events=_GENERAL | {e.code for e in (*PROSECUTION_EVENTS, *TRIAL_EVENTS, *WAGE_EVENTS)},
        initial_person_stage="prosecution_review",
        required_materials=PROSECUTION_MATERIALS,
        case_deadline=_review_rule,
        final_stages=frozenset(
            {
                "not_prosecuted",
                "protest_decided",
                "judgment_final",
                "at_large",
                "jurisdiction_transferred",
            }
        ),
        criminal_age=True,  # Criminal Law art. 17
    ),
    Procedure(
        kind="arrest_reexamination",
        zh="不批准逮捕复核",
        en="next-level review of a non-arrest decision",
        line="criminal",
        number_code="刑捕复受",
        department="criminal_prosecution",
        basis=("CPL art. 92", "Rules art. 291"),
        sources=frozenset({"police"}),
        events=_GENERAL | {"arrest.reexamined"},
        initial_person_stage="reexamination",
        required_materials=REEXAMINATION_MATERIALS,
        person_deadline=lambda case, person: "arrest-reexamination",
        at_large_reviewed=True,
        final_stages=frozenset({"reexamined"}),
        # 上一级人民检察院: the procuratorate above the one that decided not to approve
        levels=frozenset({"national", "provincial", "prefectural"}),
        levels_basis="Rules art. 291",
        criminal_age=True,  # Criminal Law art. 17
    ),
    Procedure(
        kind="filing_supervision",
        zh="立案监督",
        en="supervision of case filing",
        line="criminal",
        number_code="刑立监受",
        department="criminal_prosecution",
        basis=("CPL art. 113", "Rules art. 557-566"),
        sources=frozenset({"victim", "police", "procuratorate", "administrative_agency"}),
        events=_GENERAL | {e.code for e in FILING_EVENTS},
        initial_person_stage="filing_supervision",
        required_materials=(Choice("complaint", "控告、申诉材料或者线索", "complaint or lead"),),
    ),
    Procedure(
        kind="detention_necessity",
        zh="羁押必要性审查",
        en="review of the necessity of detention",
        line="criminal",
        number_code="刑羁审受",
        # 负责捕诉的部门 reviews the necessity of detention (Rules art. 575); the criminal
        # enforcement department passes it what it finds
        department="criminal_prosecution",
        former_departments=frozenset({"criminal_enforcement"}),  # declared so until 2026-11-28
        basis=("CPL art. 95", "Rules art. 573-583"),
        sources=frozenset({"suspect_application", "procuratorate", "detention_centre"}),
        events=_GENERAL | {e.code for e in DETENTION_EVENTS},
        initial_person_stage="detention_review",
        intake_custody=frozenset({"arrested"}),
        intake_custody_basis="CPL art. 95",
        required_materials=(Choice("application", "申请书或者线索材料", "application or lead"),),
        final_stages=frozenset({"detention_reviewed"}),
    ),
)
