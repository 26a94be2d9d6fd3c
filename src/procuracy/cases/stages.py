"""Names of the stages of cases and persons, for people (Chinese and English)."""

STAGES: dict[str, tuple[str, str]] = {
    # case stages
    "received": ("已受理", "received"),
    "under_review": ("审查中", "under review"),
    "supplementary_investigation": ("退回补充侦查中", "returned for supplementary investigation"),
    "concluded": ("已审结", "concluded"),
    "filed": ("已立案", "filed"),
    "announced": ("公告中", "announcement running"),
    "litigation": ("诉讼中", "in litigation"),
    "retrial_suggested": ("已提出再审检察建议", "retrial suggested to the court"),
    "suggested": ("已提出检察建议", "suggestion made, awaiting the reply"),
    "not_adopted": ("建议未被采纳", "suggestion not taken up"),
    "supported": ("已支持起诉", "action supported"),
    # person stages
    "arrest_review": ("审查逮捕", "review for arrest"),
    "arrest_approved": ("已批准逮捕", "arrest approved"),
    "arrest_not_approved": ("不批准逮捕", "arrest not approved"),
    "reconsideration": ("复议中", "under reconsideration"),
    "next_level_review": ("上一级复核中", "under review by the next level"),
    "reexamination": ("复核审查中", "under review (the procuratorate above)"),
    "reexamined": ("已复核", "reviewed by the procuratorate above"),
    "police_withdrew": ("公安机关已撤销案件", "case withdrawn by the police"),
    "jurisdiction_transferred": (
        "已移送有管辖权的人民检察院",
        "transferred to the competent procuratorate",
    ),
    "prosecution_review": ("审查起诉", "review for prosecution"),
    "commission_measure": ("决定强制措施", "measure to be decided"),
    "prosecuted": ("已提起公诉", "prosecuted"),
    "retrial": ("发回重审", "remanded for retrial"),
    "not_prosecuted": ("不起诉", "not prosecuted"),
    "conditional_probation": ("附条件不起诉考验期", "conditional non-prosecution probation"),
    "conditional_revoked": ("撤销附条件不起诉", "conditional non-prosecution revoked"),
    "first_instance_decided": ("一审已判决、裁定", "first-instance decision"),
    "protested": ("已抗诉", "protested"),
    "protest_decided": ("抗诉已审结", "protest decided"),
    "judgment_final": ("裁判生效", "judgment final"),
    "filing_supervision": ("立案监督", "supervision of case filing"),
    "detention_review": ("羁押必要性审查", "review of the necessity of detention"),
    "suggestion_pending": ("等待建议回复", "awaiting the reply to the suggestion"),
    "detention_reviewed": ("审查完毕", "review completed"),
    "at_large": ("在逃", "at large"),
    "respondent": ("被监督行政机关", "administrative organ"),
    "defendant": ("违法行为人", "infringer"),
    "replied": ("已回复", "replied"),
    "no_reply": ("逾期未回复", "no reply within the period"),
    "sued": ("已提起诉讼", "sued"),
    "party": ("当事人", "party"),
    "relief_granted": ("已决定救助", "relief granted"),
    "opinion_made": ("已提出纠正意见", "opinion made"),
    "reviewed": ("审查完毕", "reviewed"),
    "returned": ("已收监执行", "returned to prison"),
    "enforced": ("已执行到位", "enforced"),
    "preliminary_inquiry": ("初查", "lead under examination"),
    "investigation": ("侦查中", "under investigation"),
    "transferred": ("已移送起诉", "transferred for prosecution"),
    "withdrawn": ("已撤销案件", "investigation withdrawn"),
    "not_filed": ("不予立案", "not placed on file"),
    "approval_review": ("报请核准追诉", "approval of prosecution requested"),
    "limitation_approved": ("核准追诉", "prosecution approved"),
    "limitation_refused": ("不予核准追诉", "prosecution not approved"),
    "confiscation_review": ("审查没收违法所得意见书", "request to confiscate under review"),
    "confiscation_applied": ("已申请没收违法所得", "confiscation applied for"),
    "confiscation_declined": ("不提出没收申请", "no application"),
    "review_ended": ("终止审查", "review ended"),
    "relief_refused": ("不予救助", "relief refused"),
    "judged": ("已裁判", "decided by the court"),
    # decisions recorded on a person
    "conditional_non_prosecution": ("附条件不起诉", "conditional non-prosecution"),
}

DEADLINE_STATUS: dict[str, tuple[str, str]] = {
    "open": ("进行中", "running"),
    "met": ("按期办结", "met"),
    "closed_late": ("超期办结", "closed late"),
    "replaced": ("已变更", "replaced"),
    # open, with time not counted in it under way (projection.deadline_status)
    "suspended": ("暂停计算", "not counted for now"),
    # a party's period that ran out: a victim's time to appeal with nothing done (shown so on
    # the case page; the ledger holds no event for it), or a probation the suspect served
    # before the decision that closed it: it has ended, it is not overdue
    "ran_out": ("期满", "ran out"),
}

CUSTODY: dict[str, tuple[str, str]] = {
    "detained": ("拘留", "detained"),
    "arrested": ("逮捕", "arrested"),
    "commission_detention": ("留置", "detention by a supervision commission"),
    "bail": ("取保候审", "bail"),
    "residential_surveillance": ("监视居住", "residential surveillance"),
    "not_detained": ("未羁押", "not detained"),
    "at_large": ("在逃", "at large"),
    "released": ("已释放", "released"),
}


def label(code: str | None, lang: str, table: dict = STAGES) -> str:
    if not code:
        return "—"
    zh, en = table.get(code, (code, code))
    return zh if lang.startswith("zh") else en


#: Where a person's ``reason`` comes from, by the decision it explains: the event type and the
#: payload field whose choice it is, so that the case page names it (证据不足) instead of giving
#: its code. ``conditional``: not prosecuted once the probation of a conditional
#: non-prosecution was completed (CPL art. 284 ¶2).
REASON_FIELDS: dict[str, tuple[str, str]] = {
    "arrest_not_approved": ("arrest.not_approved", "reason"),
    "not_prosecuted": ("prosecution.not_prosecuted", "type"),
    "conditional_revoked": ("prosecution.conditional_revoked", "ground"),
    "replied": ("pil.suggestion_replied", "outcome"),
}
REASONS: dict[str, tuple[str, str]] = {
    "conditional": ("附条件不起诉考验期满", "after the probation of a conditional non-prosecution"),
}
#: A decision that is not a stage: the court's decision on a public interest action
#: (``pil.judgment``'s outcome).
DECISION_FIELD = ("pil.judgment", "outcome")


def choice_label(event_type: str, code: str, lang: str, field: str | None = None) -> str | None:
    """The name of a choice of an event type's payload (of ``field``, else of any field) in
    ``lang``: 证据不足 for ``arrest.not_approved``'s ``insufficient_evidence``; None when the
    type has no such choice."""
    from .catalogue import EVENT_TYPES

    etype = EVENT_TYPES.get(event_type)
    if etype is None:
        return None
    for f in (etype.field(field),) if field else etype.fields:
        for c in f.choices:
            if c.code == code:
                return c.zh if lang.startswith("zh") else c.en
    return None


def decision_label(code: str | None, reason: str | None, lang: str) -> str:
    """A person's decision so far, with its reason, in words: 不批准逮捕（无社会危险性，不需要
    逮捕）, 调解结案; "—" when none. A code no table knows is shown as it is."""
    if not code:
        return "—"
    if code in STAGES:
        text = label(code, lang)
    else:
        text = choice_label(DECISION_FIELD[0], code, lang, DECISION_FIELD[1]) or code
    if not reason:
        return text
    if reason in REASONS:
        why = label(reason, lang, REASONS)
    else:
        source = REASON_FIELDS.get(code)
        why = (choice_label(source[0], reason, lang, source[1]) if source else None) or reason
    return f"{text}（{why}）" if lang.startswith("zh") else f"{text} ({why})"
