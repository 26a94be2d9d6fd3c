"""Social-governance procuratorial suggestions (社会治理检察建议) and guardianship orders
(督促监护令), declared as data.

A procuratorate that finds, in any case, a widespread unlawful situation or a gap in an
organ's or a unit's management makes a procuratorial suggestion to it with the chief
procurator's decision (Rules art. 552; Organic Law art. 21); the addressee answers in writing
within 2 months (`suggestion-reply`, Rules on the Work of Procuratorial Suggestions [S]).

In a criminal case of a minor, the procuratorate that finds the parents or guardians failing
their duty admonishes them and may order them to receive family-education guidance (Law on
the Prevention of Juvenile Delinquency art. 61; Law on the Protection of Minors art. 118 ¶2):
the guardianship order, recorded on the minor.
"""

from __future__ import annotations

from .declarations import Check, Choice, Deadlines, EventType, Field, Said

DECIDERS = frozenset({"procurator", "department_head", "chief_procurator"})
RECORDERS = DECIDERS | frozenset({"case_manager", "procurator_assistant", "petition_officer"})
REPLY = "suggestion-reply"

#: The fields of social governance the suggestions address (the report counts road traffic
#: safety); each suggestion names one.
DOMAINS = (
    Choice("road_traffic_safety", "道路交通安全", "road traffic safety"),
    Choice("campus_safety", "校园安全", "safety on campus"),
    Choice("financial_risk", "金融风险防范", "financial risks"),
    Choice("internet_governance", "网络治理", "the internet"),
    Choice("production_safety", "安全生产", "production safety"),
    Choice("market_regulation", "市场监管", "market regulation"),
    Choice("other", "其他社会治理领域", "other fields of social governance"),
)
REPLY_OUTCOMES = (
    Choice("adopted", "采纳并整改", "adopted"),
    Choice("not_adopted", "未采纳", "not adopted"),
)


def reply_pending(st):
    """One suggestion awaiting its answer at a time (its ``suggestion-reply`` period)."""
    for d in st.state["deadlines"].values():
        if d["rule"] == REPLY and d["status"] == "open":
            return Said(
                f"the answer to the last suggestion is still due by {d['due']}: record it first",
                zh=f"上一份检察建议尚待书面回复（回复期限至{d['due']}）：请先记录回复情况",
            )
    return None


def awaiting_reply(st):
    """An answer is recorded only while a suggestion awaits one."""
    if not any(
        d["rule"] == REPLY and d["status"] == "open" for d in st.state["deadlines"].values()
    ):
        return Said(
            "no suggestion of this case awaits an answer", zh="本案没有等待书面回复的检察建议"
        )
    return None


def _minor(st):
    if not st.person.get("minor_at_offence"):
        return Said(
            f"{st.person['name']} was not a minor at the offence: no guardianship order",
            zh=f"{st.person['name']}实施犯罪时不是未成年人：不制发督促监护令",
        )
    return None


#: Open to every case (catalogue.py adds them to every procedure).
SUGGESTION_EVENTS = (
    EventType(
        code="suggestion.social_governance",
        zh="提出社会治理检察建议",
        en="social-governance procuratorial suggestion made",
        line="*",
        scope="case",
        roles=DECIDERS,
        basis=("Rules art. 552", "Organic Law art. 21"),
        fields=(
            Field("domain", "choice", "领域", "field", choices=DOMAINS),
            Field("addressee", "text", "被建议单位", "addressed to"),
            Field("subject", "text", "建议事项", "what should be done", required=False),
        ),
        approval="chief_procurator",
        deadlines=Deadlines(start=(REPLY,)),
        checks=(Check("Organic Law art. 21", reply_pending),),
    ),
    EventType(
        code="suggestion.replied",
        zh="被建议单位书面回复",
        en="answer to the suggestion",
        line="*",
        scope="case",
        roles=RECORDERS,
        basis=("Organic Law art. 21",),
        fields=(Field("outcome", "choice", "回复情况", "outcome", choices=REPLY_OUTCOMES),),
        deadlines=Deadlines(stop=(REPLY,)),
        checks=(Check("Organic Law art. 21", awaiting_reply),),
    ),
)

#: In the criminal procedures with suspects (catalogue.py).
GUARDIANSHIP_EVENTS = (
    EventType(
        code="juvenile.guardianship_order",
        zh="制发督促监护令",
        en="guardianship order issued",
        line="criminal",
        scope="person",
        roles=DECIDERS,
        basis=(
            "Law on the Prevention of Juvenile Delinquency art. 61",
            "Law on the Protection of Minors art. 118",
        ),
        fields=(
            Field("guardian", "text", "监护人", "parent or guardian"),
            Field(
                "family_education",
                "bool",
                "责令接受家庭教育指导",
                "ordered to receive family-education guidance",
                required=False,
            ),
        ),
        checks=(Check("Law on the Prevention of Juvenile Delinquency art. 61", _minor, "persons"),),
    ),
)
