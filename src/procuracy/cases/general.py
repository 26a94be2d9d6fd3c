"""Events common to every procedure: receipt, assignment, correction."""

from __future__ import annotations

from procuracy.core.errors import shown

from .declarations import Check, Choice, Deadlines, EventType, Field, Said

CASE_MANAGERS = frozenset({"case_manager"})
HEADS = frozenset({"department_head", "chief_procurator"})


def _monitored_rule(st):
    """The deadline a process-monitoring notice concerns is one of this case's (Rules art.
    665 (三): 违反羁押期限、办案期限规定的), not a free text that no reply could answer."""
    rule = st.payload.get("rule")
    if not rule:
        return None
    rules = sorted({d["rule"] for d in st.state["deadlines"].values()})
    if rule not in rules:
        return Said(
            f"{shown(rule)} is not a deadline of this case ({', '.join(rules) or 'none'})",
            zh=f"{shown(rule)}不是本案的期限（本案的期限：{'、'.join(rules) or '无'}）",
        )
    return None


def _handling_department(st):
    """The case goes to the department that handles its kind (Rules art. 158: 移送办案部门
    办理); an assignment naming another department would file it where no one handles it."""
    named = st.payload.get("department")
    if named and named != st.state["department"] and named not in st.procedure.former_departments:
        from procuracy.staff.roles import DEPARTMENT_NAMES_ZH

        handling = st.state["department"].replace("_", " ")
        handling_zh = DEPARTMENT_NAMES_ZH.get(st.state["department"], st.state["department"])
        return Said(
            f"a {st.procedure.en} case is handled by the {handling} department",
            zh=f"{st.procedure.zh}案件由{handling_zh}办理",
        )
    return None


def _rotation_once(st):
    """Rotation (轮案) gives a case its first handler; a case that has one changes it only by a
    department head's or the chief procurator's override, so that rotating again cannot pick
    the handler."""
    handler = st.state.get("handler")
    if st.payload.get("method") == "rotation" and handler:
        return Said(
            f"the case is already assigned to {handler}: a change of handler is an override by "
            "a department head or the chief procurator",
            zh=f"案件已分给{handler}承办：更换承办检察官应当由部门负责人或者检察长指定分案",
        )
    return None


def _assign(st):
    st.state["handler"] = st.payload["handler"]
    if st.state["stage"] == "received":
        st.state["stage"] = "under_review"


#: Time the law does not count in a procuratorate's period, and the periods it is not counted
#: in (declared with their articles).
EXCLUSION_REASONS = (
    Choice(
        "psychiatric_assessment",
        "对犯罪嫌疑人作精神病鉴定",
        "psychiatric assessment of the suspect",
        ("CPL art. 149", "Rules art. 222"),
    ),
    Choice(
        "supplementary_evidence",
        "监察机关或者公安机关补充证据",
        "the supervision commission or the police supplement the evidence",
        ("Rules art. 523 ¶3",),
    ),
    Choice(
        "files_and_appraisal",
        "调卷、鉴定、评估、审计",
        "obtaining the files, expert examination, appraisal or audit",
        ("Administrative Supervision Rules art. 12",),
    ),
)
EXCLUDED_FROM: dict[str, tuple[str, ...]] = {
    "psychiatric_assessment": (
        "prosecution-review",
        "prosecution-review-fast-track",
        "prosecution-review-fast-track-long",
    ),
    "supplementary_evidence": ("confiscation-application-review",),
    "files_and_appraisal": ("administrative-supervision-review",),
}

EXCLUSION_BASIS = (
    "CPL art. 149",
    "Rules art. 222",
    "Rules art. 523 ¶3",
    "Administrative Supervision Rules art. 12",
)
EXCLUSION_CHECK_BASIS = "CPL art. 149; Rules art. 523 ¶3; Administrative Supervision Rules art. 12"


def _excluded_rules(st) -> tuple[str, ...]:
    return EXCLUDED_FROM.get(st.payload.get("reason"), ())


def _exclusion_check(st):
    """The time is over when it is recorded, and the case has an open period it is not
    counted in."""
    begins, ends = st.payload.get("excluded_from"), st.payload.get("excluded_to")
    return _end_check(st, begins, ends) or _open_period(st) or _pause_under_way(st)


def _end_check(st, begins: str | None, ends: str | None):
    """An excluded time ends on or after it began, and is recorded once it is over."""
    if begins and ends and ends < begins:
        return (
            "payload.excluded_to",
            Said(f"the excluded time cannot end ({ends}) before it began ({begins})",
                 zh=f"不计入的期间不能在开始（{begins}）以前结束（{ends}）"),
        )  # fmt: skip
    if ends and ends > st.occurred_on.isoformat():
        return (
            "payload.excluded_to",
            Said(f"the excluded time is recorded once it is over, not before {ends}",
                 zh=f"不计入的期间应当在结束后记录，不能早于{ends}"),
        )  # fmt: skip
    return None


def _open_period(st):
    """The case has an open period that the reason's time is not counted in."""
    rules = _excluded_rules(st)
    if not any(
        d["status"] == "open" and d["rule"] in rules for d in st.state["deadlines"].values()
    ):
        reason = st.payload.get("reason")
        return (
            "payload.reason",
            Said(
                f"the case has no open period that {reason} is not counted in ({', '.join(rules)})",
                zh=f"本案没有进行中的、不计入该期间的期限（{'、'.join(rules)}）",
            ),
        )
    return None


def _pause_under_way(st):
    """None of the periods concerned is already paused: one excluded time at a time."""
    rules = _excluded_rules(st)
    for d in st.state["deadlines"].values():
        paused = d.get("paused")
        if d["status"] == "open" and paused and d["rule"] in rules:
            return (
                "payload.excluded_from",
                Said(
                    f"time is not counted in {d['rule']} since {paused['from']} "
                    f"({paused['reason']}), still under way: record its end first",
                    zh=f"期限{d['rule']}自{paused['from']}起已暂停计算，尚未结束：应当先记录其结束",
                ),
            )
    return None


def _exclusion_begins_check(st):
    """An excluded time under way (CPL art. 149: an assessment begun, its end not known) is
    recorded once it has begun, in a case with an open period it is not counted in and no
    other excluded time under way in it."""
    begins = st.payload.get("excluded_from")
    if begins and begins > st.occurred_on.isoformat():
        return (
            "payload.excluded_from",
            Said(f"the excluded time is recorded once it has begun, not before {begins}",
                 zh=f"不计入的期间应当在开始后记录，不能早于{begins}"),
        )  # fmt: skip
    return _open_period(st) or _pause_under_way(st)


def _exclusion_ends_check(st):
    """The end of an excluded time under way: one of the reason's is under way, and it ends
    on or after it began and not after the day recorded."""
    reason, ends = st.payload.get("reason"), st.payload.get("excluded_to")
    started = [
        d["paused"]["from"]
        for d in st.state["deadlines"].values()
        if d["status"] == "open" and (d.get("paused") or {}).get("reason") == reason
    ]
    if not started:
        return (
            "payload.reason",
            Said(f"no time of {reason} is being excluded in this case",
                 zh="本案没有该事由的、正在不计入办案期限的期间"),
        )  # fmt: skip
    return _end_check(st, min(started), ends)


EXCLUDED_FROM_FIELD = Field("excluded_from", "date", "起始日期", "from")
EXCLUDED_TO_FIELD = Field("excluded_to", "date", "截止日期", "to")


def _exclusion_event(code, zh, en, dates, check, deadlines) -> EventType:
    """One of the three events of time not counted in a period: the same holders, articles and
    reason, with its dates, check and effect on the deadlines."""
    return EventType(
        code=code,
        zh=zh,
        en=en,
        line="*",
        scope="case",
        roles=frozenset({"procurator", "department_head", "chief_procurator"}),
        basis=EXCLUSION_BASIS,
        fields=(
            Field("reason", "choice", "不计入的事由", "reason", choices=EXCLUSION_REASONS),
            *dates,
        ),
        checks=(Check(EXCLUSION_CHECK_BASIS, check, "payload.reason"),),
        deadlines=deadlines,
    )


GENERAL_EVENTS = (
    EventType(
        code="case.received",
        zh="受理案件",
        en="case received",
        line="*",
        scope="case",
        roles=CASE_MANAGERS,
        basis=("Rules art. 156", "Rules art. 157", "Rules art. 158"),
    ),
    EventType(
        code="case.assigned",
        zh="分案",
        en="case assigned",
        line="*",
        scope="case",
        begins_stage=False,  # the review began at the receipt
        roles=CASE_MANAGERS | HEADS,
        basis=("Rules art. 158", "Organic Law art. 28"),
        fields=(
            Field("handler", "username", "承办检察官", "handling procurator"),
            Field(
                "method",
                "choice",
                "分案方式",
                "method",
                choices=(
                    Choice("rotation", "随机轮案", "rotation"),
                    Choice("override", "指定分案", "assignment by the department head"),
                ),
            ),
            Field("department", "text", "办案部门", "department", required=False),
        ),
        checks=(
            Check("Rules art. 158", _handling_department, "payload.department"),
            Check(
                "Procuracy: rotation assigns a case once (随机分案为主、指定分案为辅)",
                _rotation_once,
                "payload.method",
            ),
        ),
        effect=_assign,
    ),
    _exclusion_event(
        "deadline.time_excluded",
        "不计入办案期限的期间",
        "time not counted in the period",
        (EXCLUDED_FROM_FIELD, EXCLUDED_TO_FIELD),
        _exclusion_check,
        Deadlines(suspend=_excluded_rules),
    ),
    _exclusion_event(
        "deadline.time_exclusion_began",
        "开始不计入办案期限",
        "time not counted in the period: begun",
        (EXCLUDED_FROM_FIELD,),
        _exclusion_begins_check,
        Deadlines(pause=_excluded_rules),
    ),
    _exclusion_event(
        "deadline.time_exclusion_ended",
        "不计入办案期限的期间结束",
        "time not counted in the period: ended",
        (EXCLUDED_TO_FIELD,),
        _exclusion_ends_check,
        Deadlines(resume=True),
    ),
    EventType(
        code="event.corrected",
        zh="更正",
        en="correction",
        line="*",
        scope="case",
        roles=frozenset({"procurator", "department_head", "chief_procurator", "case_manager"}),
        basis=("Procuracy: corrections are new events that reference the event corrected",),
        fields=(Field("reason", "text", "更正理由", "reason"),),
        corrects_only=True,
    ),
)

# Process monitoring (流程监控) by the case management office: allowed in every procedure.
MONITORING_EVENTS = (
    EventType(
        code="monitoring.notice_issued",
        zh="发出流程监控通知书",
        en="process-monitoring notice issued",
        line="*",
        scope="case",
        roles=CASE_MANAGERS,
        basis=("Rules art. 664", "Rules art. 665"),
        fields=(
            Field("problem", "text", "监控发现的问题", "problem found"),
            Field("rule", "text", "所涉期限", "deadline concerned", required=False),
        ),
        checks=(Check("Rules art. 665", _monitored_rule, "payload.rule"),),
        deadlines=Deadlines(start=("process-monitoring-reply",)),
    ),
    EventType(
        code="monitoring.reply_received",
        zh="收到流程监控回复",
        en="reply to the process-monitoring notice",
        line="*",
        scope="case",
        roles=frozenset({"procurator", "department_head", "chief_procurator", "case_manager"}),
        basis=("Rules art. 665",),
        fields=(Field("reply", "text", "回复内容", "reply"),),
        deadlines=Deadlines(stop=("process-monitoring-reply",)),
    ),
)
