"""Investigation by the procuratorate itself (检察侦查) and approvals of prosecution after the
limitation period (核准追诉), declared as data.

Self-investigation (CPL art. 19 ¶2; Rules arts. 166-173)
  the procuratorate investigates the crimes of judicial staff that it finds in supervising
  litigation (unlawful detention, extorting confessions by torture, unlawful searches, ...:
  the 14 charges of the charge group ``judicial-staff``); and, when a provincial-level
  procuratorate or the SPP so decides, other major crimes of state organ staff abusing their
  powers that the police would investigate (机动侦查). A lead is examined, then the suspect is
  placed on file with the chief procurator's approval (Rules art. 171), or not (arts.
  172-173); the investigation ends with a transfer for prosecution or a withdrawal (CPL art.
  163).
Approval of prosecution after 20 years (CL art. 87(4); Rules arts. 320-327)
  a crime punishable by life imprisonment or death may be prosecuted after 20 years only with
  the SPP's approval: the case is reported up level by level and the SPP decides, with the
  Prosecutor General's approval (Rules art. 325).

Confiscation of unlawful gains without a conviction (CPL art. 298; Rules arts. 512-526)
  when a suspect of a major crime has absconded (wanted for a year) or died, the supervision
  commission or the police send a request to confiscate; within 30 days (Rules art. 523) the
  procuratorate at the intermediate court's level applies to the court, or does not; a suspect
  who surrenders or is caught ends the review (art. 526).

International criminal judicial assistance (国际刑事司法协助; International Criminal Judicial
  Assistance Law (2018), a secondary source: the text is not in ../shared/law)
  a foreign country's request, or China's request to one, in a procuratorial matter: completed
  (taking evidence, service, witnesses, assets, transfer of sentenced persons) or refused, with
  the chief procurator's approval. The persons are the people concerned, as parties.

Person stages: preliminary_inquiry → investigation → transferred | withdrawn, or not_filed;
approval_review → limitation_approved | limitation_refused; at_large → confiscation_applied |
confiscation_declined | review_ended.
"""

from __future__ import annotations

from .declarations import Check, Choice, Deadlines, EventType, Field, Procedure, Said
from .engine import extend_once_in_time
from .levels import SPP, is_basic, level_of

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
CHIEF = "chief_procurator"
CONFISCATION = "confiscation-application-review"


def _judicial_staff_charges() -> frozenset[str]:
    from procuracy.charges.groups import GROUPS

    return frozenset(next(g for g in GROUPS if g.id == "judicial-staff").charges)


def _filing_check(st):
    """CPL art. 19 ¶2: a judicial staff crime, or a mobile investigation decided by a
    provincial-level procuratorate or the SPP."""
    if st.payload["mobile"]:
        by = st.payload.get("decided_by") or ""
        if not (len(by) == 6 and by.isdigit() and level_of(by) in ("national", "provincial")):
            return Said(
                "a mobile investigation (机动侦查) is decided by a provincial-level procuratorate "
                "or the SPP: give its code (decided_by), e.g. 110000",
                zh="机动侦查须经省级以上人民检察院决定：请填写作出决定的省级以上人民检察院的代码，"
                "例如110000",
            )
        return None
    names = {c["name"] for c in st.person.get("charges") or ()}
    if not names & _judicial_staff_charges():
        return Said(
            f"{st.person['name']} is not suspected of a judicial staff crime of CPL art. 19 ¶2; "
            "other crimes of state organ staff need a mobile investigation",
            zh=f"{st.person['name']}涉嫌的不是司法工作人员利用职权实施的侵犯公民权利、损害司法"
            "公正的犯罪；国家机关工作人员利用职权实施的其他重大犯罪，须经省级以上人民检察院决定"
            "进行机动侦查",
        )
    return None


def _spp_only(st):
    if st.state["unit"] != SPP:
        return Said(
            "only the Supreme People's Procuratorate approves prosecution after 20 years",
            zh="二十年以后认为必须追诉的，只能由最高人民检察院核准",
        )
    return None


INVESTIGATION_EVENTS = (
    EventType(
        code="investigation.filed",
        zh="立案侦查",
        en="placed on file for investigation",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 19 ¶2", "Rules art. 171"),
        fields=(
            Field(
                "mobile", "bool", "机动侦查", "mobile investigation (CPL art. 19 ¶2, 2nd sentence)"
            ),
            Field(
                "decided_by",
                "text",
                "决定机动侦查的省级以上人民检察院（代码）",
                "the provincial procuratorate or SPP that decided it (code)",
                required=False,
            ),
        ),
        from_stages=frozenset({"preliminary_inquiry"}),
        to_stage="investigation",
        approval=CHIEF,
        checks=(Check("CPL art. 19 ¶2", _filing_check),),
    ),
    EventType(
        code="investigation.not_filed",
        zh="不予立案",
        en="not placed on file",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 172", "Rules art. 173"),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=frozenset({"preliminary_inquiry"}),
        to_stage="not_filed",
    ),
    EventType(
        code="investigation.transferred",
        zh="侦查终结移送起诉",
        en="investigation concluded, transferred for prosecution",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 162", "CPL art. 168"),
        from_stages=frozenset({"investigation"}),
        to_stage="transferred",
        approval=CHIEF,
    ),
    EventType(
        code="investigation.withdrawn",
        zh="撤销案件",
        en="investigation withdrawn",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 163",),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=frozenset({"investigation"}),
        to_stage="withdrawn",
        approval=CHIEF,
    ),
    EventType(
        code="limitation.approved",
        zh="核准追诉",
        en="prosecution after the limitation period approved",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Criminal Law art. 87(4)", "Rules art. 325"),
        from_stages=frozenset({"approval_review"}),
        to_stage="limitation_approved",
        approval=CHIEF,
        checks=(Check("Criminal Law art. 87(4)", _spp_only, "org"),),
    ),
    EventType(
        code="limitation.refused",
        zh="不予核准追诉",
        en="prosecution after the limitation period refused",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Criminal Law art. 87(4)", "Rules art. 325", "Rules art. 327"),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=frozenset({"approval_review"}),
        to_stage="limitation_refused",
        approval=CHIEF,
        checks=(Check("Criminal Law art. 87(4)", _spp_only, "org"),),
    ),
)


def _intermediate_level(st):
    """Rules art. 519: the application is made by the procuratorate at the level of the
    intermediate court that has jurisdiction: not by a basic procuratorate."""
    unit = st.state["unit"]
    if is_basic(unit):
        return Said(
            "a basic procuratorate does not apply: the one at the intermediate court's level does",
            zh="基层人民检察院不提出没收违法所得的申请：应当由有管辖权的中级人民法院的同级人民"
            "检察院提出",
        )
    return None


CONFISCATION_STAGES = frozenset({"at_large", "confiscation_review"})
CONFISCATION_EVENTS = (
    EventType(
        code="confiscation.review_extended",
        zh="延长审查没收违法所得意见书的期限",
        en="review of the request to confiscate extended",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 523",),  # 三十日以内不能作出决定的，可以延长十五日
        from_stages=CONFISCATION_STAGES,
        checks=(
            Check(
                "Rules art. 523",
                extend_once_in_time(
                    CONFISCATION, "review of the request to confiscate", "审查没收违法所得意见书"
                ),
                "persons",
            ),
        ),
        deadlines=Deadlines(extend=((CONFISCATION, "15 days"),)),
    ),
    EventType(
        code="confiscation.applied",
        zh="提出没收违法所得申请",
        en="application to confiscate unlawful gains made",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("CPL art. 298", "Rules art. 519", "Rules art. 520"),
        fields=(Field("court", "text", "中级人民法院", "intermediate court"),),
        from_stages=CONFISCATION_STAGES,
        to_stage="confiscation_applied",
        approval=CHIEF,
        deadlines=Deadlines(stop=(CONFISCATION,)),
        checks=(Check("Rules art. 519", _intermediate_level, "org"),),
    ),
    EventType(
        code="confiscation.not_applied",
        zh="决定不提出没收违法所得申请",
        en="decision not to apply for confiscation",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 523",),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=CONFISCATION_STAGES,
        to_stage="confiscation_declined",
        approval=CHIEF,
        deadlines=Deadlines(stop=(CONFISCATION,)),
    ),
    EventType(
        code="confiscation.terminated",
        zh="终止审查（犯罪嫌疑人到案）",
        en="review ended: the suspect surrendered or was caught",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=("Rules art. 526",),
        from_stages=CONFISCATION_STAGES,
        to_stage="review_ended",
        deadlines=Deadlines(stop=(CONFISCATION,)),
    ),
)

ASSISTANCE_LAW = "International Criminal Judicial Assistance Law"  # secondary source
ASSISTANCE_DIRECTIONS = (
    Choice("incoming", "外国请求我国协助", "a foreign country's request to China",
           (f"{ASSISTANCE_LAW} art. 6",)),
    Choice("outgoing", "我国向外国请求协助", "China's request to a foreign country",
           (f"{ASSISTANCE_LAW} art. 5",)),
)  # fmt: skip
ASSISTANCE_MATTERS = (
    Choice("evidence", "调查取证", "taking evidence"),
    Choice("service", "送达文书", "service of documents"),
    Choice("witness", "安排证人作证", "witnesses"),
    Choice("assets", "查封、扣押、冻结、没收、返还涉案财物", "freezing, confiscating or "
           "returning assets"),
    Choice("transfer", "移管被判刑人", "transfer of sentenced persons"),
)  # fmt: skip
ASSISTANCE_EVENTS = (
    EventType(
        code="assistance.completed",
        zh="刑事司法协助办结",
        en="criminal judicial assistance completed",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=(f"{ASSISTANCE_LAW} art. 15",),
        fields=(
            Field("direction", "choice", "协助方向", "direction", choices=ASSISTANCE_DIRECTIONS),
            Field("matter", "choice", "协助事项", "matter", choices=ASSISTANCE_MATTERS),
            Field("country", "text", "国家", "country (ISO 3166 alpha-3)"),
        ),
        from_stages=frozenset({"received", "under_review"}),
        to_stage="concluded",
        approval=CHIEF,
    ),
    EventType(
        code="assistance.refused",
        zh="拒绝提供刑事司法协助",
        en="criminal judicial assistance refused",
        line="criminal",
        scope="case",
        roles=DECIDERS,
        basis=(f"{ASSISTANCE_LAW} art. 14",),
        fields=(Field("reason", "text", "理由", "reasons"),),
        from_stages=frozenset({"received", "under_review"}),
        to_stage="concluded",
        approval=CHIEF,
    ),
)

_GENERAL = frozenset({"case.assigned", "event.corrected"})
LEAD = (Choice("lead", "案件线索材料", "material of the lead"),)

INVESTIGATION_PROCEDURES = (
    Procedure(
        kind="self_investigation",
        zh="检察机关直接受理侦查",
        en="investigation by the procuratorate",
        line="criminal",
        number_code="侦受",
        department="criminal_enforcement",
        basis=("CPL art. 19 ¶2", "Rules arts. 166-173"),
        sources=frozenset({"procuratorate", "public", "supervision_commission", "court"}),
        events=_GENERAL | {e.code for e in INVESTIGATION_EVENTS[:4]},
        initial_person_stage="preliminary_inquiry",
        required_materials=LEAD,
        final_stages=frozenset({"transferred", "withdrawn", "not_filed"}),
    ),
    Procedure(
        kind="limitation_approval",
        zh="核准追诉",
        en="approval of prosecution after the limitation period",
        line="criminal",
        number_code="刑核受",
        department="criminal_prosecution",
        basis=("Criminal Law art. 87(4)", "Rules arts. 320-327"),
        sources=frozenset({"procuratorate"}),
        events=_GENERAL | {e.code for e in INVESTIGATION_EVENTS[4:]},
        initial_person_stage="approval_review",
        required_materials=(
            Choice(
                "approval_report",
                "报请核准追诉案件报告书及案卷材料",
                "the report asking for approval, with the case file",
            ),
        ),
        final_stages=frozenset({"limitation_approved", "limitation_refused"}),
    ),
    Procedure(
        kind="confiscation_review",
        zh="审查没收违法所得意见书",
        en="review of a request to confiscate unlawful gains",
        line="criminal",
        number_code="刑没受",
        department="criminal_prosecution",
        basis=("CPL art. 298", "Rules arts. 512-526"),
        sources=frozenset({"supervision_commission", "police"}),
        events=_GENERAL | {e.code for e in CONFISCATION_EVENTS},
        initial_person_stage="confiscation_review",
        required_materials=(
            Choice(
                "confiscation_opinion",
                "没收违法所得意见书及证据材料",
                "the request to confiscate, with its evidence",
            ),
        ),
        case_deadline=lambda state: CONFISCATION,
        final_stages=frozenset({"confiscation_applied", "confiscation_declined", "review_ended"}),
    ),
    Procedure(
        kind="judicial_assistance",
        zh="刑事司法协助",
        en="criminal judicial assistance",
        line="criminal",
        number_code="刑协受",
        department="criminal_prosecution",
        basis=(f"{ASSISTANCE_LAW} arts. 5-6",),
        sources=frozenset({"foreign_authority", "procuratorate"}),
        events=_GENERAL | {e.code for e in ASSISTANCE_EVENTS},
        initial_person_stage="party",
        required_materials=(
            Choice(
                "assistance_request",
                "刑事司法协助请求书及所附材料",
                "the request for assistance, with its documents",
            ),
        ),
        parties=(
            Choice(
                "person_concerned", "涉案人员", "person concerned", (f"{ASSISTANCE_LAW} art. 2",)
            ),
        ),
    ),
)
