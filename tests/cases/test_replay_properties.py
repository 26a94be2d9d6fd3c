"""Property: any valid history replays to the same projections, and the chain verifies.

Histories of reviews for arrest and for prosecution, cases from supervision commissions,
supervision of case filing and reviews of the necessity of detention are generated the way
users make them: at each step an event allowed in the current stage (of the case or of one of
its persons) is chosen, its payload drawn from the event's declared fields, and recorded
through the actions; refused events write nothing and are skipped; now and then the last event
is corrected.
"""

import json
from datetime import date, timedelta

import pytest
from casewalk import gb11643, person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procuracy.cases import actions, ledger, projection
from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
from procuracy.cases.models import LedgerEvent
from procuracy.core.errors import DomainError
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

KINDS = {
    "arrest_review": ("police", ["arrest_request", "case_file", "evidence"]),
    "prosecution_review": ("police", ["transfer_opinion", "case_file", "evidence"]),
    "commission": ("supervision_commission", ["transfer_opinion", "case_file", "evidence"]),
    "filing_supervision": ("victim", ["complaint"]),
    "detention_necessity": ("suspect_application", ["application"]),
}
CUSTODIES = {
    "commission": ("commission_detention", "bail"),
    "filing_supervision": ("not_detained",),
    "detention_necessity": ("arrested",),  # CPL art. 95: reviewed after an arrest
}
CHARGES = [("264", "盗窃罪"), ("266", "诈骗罪"), ("234", "故意伤害罪"), ("385", "受贿罪")]


@st.composite
def people(draw, custodies=("detained", "arrested", "bail", "not_detained")):
    year = draw(st.integers(1970, 2008))
    seq = draw(st.integers(1, 999))
    article, charge = draw(st.sampled_from(CHARGES))
    return person(
        name=draw(st.sampled_from(["张某", "李某", "王某", "赵某"])),
        id_number=gb11643(f"110105{year}0101{seq:03d}"),
        custody=draw(st.sampled_from(custodies)),
        article=article,
        charge=charge,
        guilty_plea=draw(st.booleans()),
        offence_date="2024-01-02",
    )


def payload_for(draw, etype, on: date) -> dict:
    payload = {}
    for f in etype.fields:
        if not f.required and draw(st.booleans()):
            continue
        if f.kind == "choice":
            payload[f.name] = draw(st.sampled_from([c.code for c in f.choices]))
        elif f.kind == "bool":
            payload[f.name] = draw(st.booleans())
        elif f.kind == "int":
            payload[f.name] = draw(st.integers(f.minimum or 0, f.maximum or 12))
        elif f.kind == "text":
            payload[f.name] = "有期徒刑六个月"
        elif f.kind == "date":
            payload[f.name] = on.isoformat()
        elif f.kind == "charges":
            payload[f.name] = [{"article": "264", "name": "盗窃罪"}]
        elif f.kind == "person":
            payload[f.name] = draw(people(("bail", "not_detained", "detained")))
    if etype.approval:
        payload["approved_by"] = "CHIEF"
    return payload


def candidates(state) -> list[tuple[str, tuple[str, ...]]]:
    """Events allowed now: (type, persons)."""
    procedure = PROCEDURES[state["kind"]]
    found = []
    for code in sorted(procedure.events):
        etype = EVENT_TYPES[code]
        if code in ("case.received", "case.assigned", "event.corrected"):
            continue
        allowed = etype.from_stages
        if etype.scope == "case":
            if "*" in allowed or state["stage"] in allowed:
                found.append((code, ()))
        else:
            for key, p in sorted(state["persons"].items()):
                if "*" in allowed or p["stage"] in allowed:
                    found.append((code, (key,)))
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_valid_history_replays_to_identical_projections(unit, staff, make_user, data):
    draw = data.draw
    kind = draw(st.sampled_from(sorted(KINDS)))
    agency, materials = KINDS[kind]
    custodies = CUSTODIES.get(kind, ("detained", "arrested", "bail", "not_detained"))
    procurators = [staff["procurator"], staff["procurator2"]]
    if kind == "detention_necessity":  # the criminal enforcement department's
        procurators = [
            make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT)
            for _ in range(2)
        ]
    on = date(2024, 1, 2) + timedelta(days=draw(st.integers(0, 300)))
    persons = draw(
        st.lists(people(custodies), min_size=1, max_size=3, unique_by=lambda p: p["id_number"])
    )
    case = actions.receive_case(
        unit("110105"),
        kind="prosecution_review" if kind == "commission" else kind,
        received_on=on,
        source={"agency": agency},
        persons=persons,
        materials=materials,
        actor=staff["manager"],
    )
    actions.assign_case(case.pk, actor=staff["manager"], occurred_on=on)
    last = None
    for _ in range(draw(st.integers(3, 12))):
        state = type(case).objects.get(pk=case.pk).state
        options = candidates(state)
        if not options:
            break
        code, who = draw(st.sampled_from(options))
        etype = EVENT_TYPES[code]
        on = min(on + timedelta(days=draw(st.integers(0, 40))), date.today())
        payload = payload_for(draw, etype, on)
        if "approved_by" in payload:
            payload["approved_by"] = staff["chief"].username
        # either procurator: a reconsideration needs another than the one who decided
        actor = (
            draw(st.sampled_from(procurators)) if "procurator" in etype.roles else staff["manager"]
        )
        try:
            last = actions.record_event(
                case.pk, code, occurred_on=on, persons=list(who), payload=payload, actor=actor
            )
        except DomainError:
            continue  # refused: nothing written
        if draw(st.integers(0, 5)) == 0:
            try:
                actions.record_event(
                    case.pk,
                    "event.corrected",
                    occurred_on=on,
                    corrects=str(last.pk),
                    payload={"reason": "误录"},
                    actor=staff["procurator"],
                )
            except DomainError:
                pass
    assert LedgerEvent.objects.filter(case_id=case.pk).count() >= 2
    before = projection.digest()
    projection.replay()
    assert projection.digest() == before
    assert ledger.verify().ok


@pytest.mark.django_db
def test_intakes_stored_with_compact_dates_by_earlier_versions_still_replay(receive, monkeypatch):
    """Before 2026-11-28 an intake's offence date could be written 20240301 (Python 3.11's
    date.fromisoformat reads it) and was stored as given. New input must be YYYY-MM-DD, but
    the ledger as written must still replay to the same projections."""
    from procuracy.cases import declarations

    monkeypatch.setattr(declarations, "iso_date", date.fromisoformat)  # the earlier reading
    case = receive(persons=[person(offence_date="20240301")])
    monkeypatch.undo()
    stored = json.loads(LedgerEvent.objects.get(case_id=case.pk).payload)
    assert stored["persons"][0]["offence_date"] == "20240301"
    with pytest.raises(DomainError, match="not a real date"):
        receive(persons=[person(offence_date="20240301")])  # new input: refused

    before = projection.digest()
    projection.replay()
    assert projection.digest() == before
