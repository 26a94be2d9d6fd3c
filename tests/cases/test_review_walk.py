"""Walking the procedures with ``procuracy case`` (receive, assign, record, show), and the round
trip ``procuracy export`` / ``procuracy import``: what an adversarial review found (2026-11-29).

Each test names the promise or article it checks. The staff are the personas of
tests/cases/conftest.py (北京市朝阳区人民检察院, 110105).
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from casewalk import wipe_ledger_and_projections
from django.core.management import CommandError, call_command

from procuracy.cases import interchange, projection
from procuracy.cases.catalogue import EVENT_TYPES
from procuracy.cases.models import (
    Case,
    CaseNumberCounter,
    LedgerEvent,
)
from procuracy.staff import actions as staff_actions
from procuracy.staff.models import Membership

pytestmark = pytest.mark.django_db

UNIT = "110105"
ADULT_ID = "11010519491231002X"  # GB 11643 worked example (see tests/parties)
# 110105 + 20070303 + 003 + check digit 8: born 2007-03-03, a minor until 2025-03-03
MINOR_ID = "110105200703030038"
THEFT = [{"article": "264", "name": "盗窃罪"}]


def run(*args) -> str:
    out = StringIO()
    call_command("case", *args, stdout=out)
    return out.getvalue()


def intake(tmp_path, **changes) -> str:
    """A prosecution review intake file (docs/ledger.md, 'Intake file'); ``changes`` replace
    top-level fields (None removes one); ``person`` changes the one suspect's fields."""
    suspect = {
        "name": "张某",
        "id_number": ADULT_ID,
        "custody": "arrested",
        "offence_date": "2024-06-01",
        "guilty_plea": True,
        "charges": THEFT,
    }
    suspect.update(changes.pop("person", {}))
    data = {
        "kind": "prosecution_review",
        "received_on": "2024-09-20",
        "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
        "materials": ["transfer_opinion", "case_file", "evidence"],
        "persons": [suspect],
    }
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    path = tmp_path / f"intake-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def receive(staff, path) -> str:
    return run("receive", path, "--org", UNIT, "--as", staff["manager"].username)


def nothing_written():
    return (
        not Case.objects.exists()
        and not LedgerEvent.objects.exists()
        and not CaseNumberCounter.objects.filter(last__gt=0).exists()
    )


def export_text() -> str:
    out = StringIO()
    call_command("export", stdout=out)
    return out.getvalue()


NUMBER = "京朝检刑诉受〔2024〕1号"


def prosecuted_and_judged(staff, tmp_path):
    """A prosecution review walked from the command line to a first-instance judgment:
    received Fri 2024-09-20, prosecuted 10-08, judged and the judgment received Mon 12-02
    (the 10 days to protest, CPL art. 230, end Thu 12-12). Returns the handler."""
    receive(staff, intake(tmp_path))
    run("assign", NUMBER, "--as", staff["manager"].username, "--on", "2024-09-20")
    handler = Case.objects.get(number=NUMBER).state["handler"]
    run("record", NUMBER, "prosecution.prosecuted", "--as", handler, "--on", "2024-10-08",
        "--person", "P1", "--set", f"charges={json.dumps(THEFT)}",
        "--set", "sentencing_recommendation=有期徒刑六个月")  # fmt: skip
    run("record", NUMBER, "trial.first_instance_decided", "--as", handler, "--on", "2024-12-02",
        "--person", "P1", "--set", "form=judgment", "--set", "outcome=guilty",
        "--set", "received_on=2024-12-02")  # fmt: skip
    return handler


def prosecuted_and_final(staff, tmp_path):
    """As above, and no protest recorded on Fri 12-13: the judgment is final."""
    handler = prosecuted_and_judged(staff, tmp_path)
    run("record", NUMBER, "protest.not_filed", "--as", handler, "--on", "2024-12-13",
        "--person", "P1")  # fmt: skip
    return handler


# --- record: --set and the payload field kinds ------------------------------------------------


def test_a_procuratorate_code_given_with_set_is_taken_as_the_text_it_is(staff, tmp_path):
    """Rules art. 595, CPL art. 254 ¶3 (protest.requested ``to``: the code of the procuratorate
    above, a text field); promise: every procedure can be walked from the command line.

    ``--set to=110000`` gives the code as written: read as JSON it had been the number 110000,
    which the text field refused ("must be text"). The same for ``protest.filed`` ``by`` and
    ``petition.handed_over`` ``to``."""
    handler = prosecuted_and_final(staff, tmp_path)
    run("record", NUMBER, "protest.requested", "--as", handler, "--on", "2025-01-06",
        "--person", "P1", "--set", "to=110000",
        "--approved-by", staff["chief"].username)  # fmt: skip
    event = LedgerEvent.objects.filter(event_type="protest.requested").get()
    assert json.loads(event.payload)["to"] == "110000"


def test_a_malformed_json_value_for_a_list_field_says_it_is_not_json(staff, tmp_path):
    """Promise: a user mistake gets one clear line naming the field and the reason.

    ``--set charges=[{...`` with the closing bracket missing is refused as not JSON, on the
    field (it had been taken as a text and refused as "not a list of charges")."""
    receive(staff, intake(tmp_path))
    run("assign", NUMBER, "--as", staff["manager"].username, "--on", "2024-09-20")
    handler = Case.objects.get(number=NUMBER).state["handler"]
    with pytest.raises(CommandError) as error:
        run("record", NUMBER, "prosecution.prosecuted", "--as", handler, "--on", "2024-10-08",
            "--person", "P1", "--set", 'charges=[{"article":"264","name":"盗窃罪"}',
            "--set", "sentencing_recommendation=有期徒刑六个月")  # fmt: skip
    message = str(error.value)
    assert "payload.charges" in message
    assert "JSON" in message, message


def test_corrects_on_an_event_that_is_not_a_correction_is_refused(staff, tmp_path):
    """docs/ledger.md 'Corrections' and ``case record --help`` ("--corrects: event id corrected
    (event.corrected)"): ``--corrects`` with another type is refused, not dropped without a
    word (a user who meant to correct an event would record something else)."""
    receive(staff, intake(tmp_path))
    received = LedgerEvent.objects.get()
    before = LedgerEvent.objects.count()
    with pytest.raises(CommandError, match="corrects"):
        run("record", NUMBER, "hearing.held", "--as", staff["head"].username,
            "--on", "2024-09-23", "--corrects", str(received.id))  # fmt: skip
    assert LedgerEvent.objects.count() == before


# --- receive: the intake file ------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kind": None}, "kind"),
        ({"source": "北京市公安局朝阳分局"}, "source"),
    ],
    ids=["kind-missing", "source-not-an-object"],
)
def test_a_malformed_intake_file_is_one_line_not_a_traceback(staff, tmp_path, changes, field):
    """README 'The command line': bad input gets one clear line and a non-zero exit, nothing
    written: an intake file without ``kind``, or with a ``source`` that is a text, not an
    object (both had ended in a stack trace)."""
    with pytest.raises(CommandError) as error:
        receive(staff, intake(tmp_path, **changes))
    assert field in str(error.value)
    assert nothing_written()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"complex": "false"}, "complex"),
        ({"person": {"guilty_plea": "false"}}, "persons.P1.guilty_plea"),
    ],
    ids=["complex", "guilty_plea"],
)
def test_a_yes_no_field_given_as_text_is_refused_not_read_as_true(staff, tmp_path, changes, field):
    """docs/ledger.md 'Intake file' (``complex``, ``guilty_plea`` are true or false), CPL art.
    172 and Rules art. 282 (the complex case's longer period), CPL art. 176 ¶2 (a sentencing
    recommendation needs a guilty plea).

    ``"complex": "false"`` and ``"guilty_plea": "false"`` are refused: they had been read as
    true (``bool("false")``), giving the case the wrong period and the suspect a guilty plea he
    did not make, in an event that ``procuracy import``'s schema refuses."""
    with pytest.raises(CommandError) as error:
        receive(staff, intake(tmp_path, **changes))
    assert field in str(error.value)
    assert nothing_written()


def test_a_case_received_from_the_command_line_survives_export_and_import(staff, tmp_path):
    """docs/interchange.md 'Export': importing an export into an empty database reproduces the
    same chain and identical projections.

    A case received with ``"complex": "yes"`` had been exported as such, and the import refused
    its line, so the whole ledger could not be restored: either the intake refuses the value or
    the export imports."""
    try:
        receive(staff, intake(tmp_path, complex="yes"))
    except CommandError:
        return  # refused at the intake: nothing in the ledger that the import would refuse
    text = export_text()
    digest = projection.digest()
    wipe_ledger_and_projections()
    result = interchange.import_lines(StringIO(text))
    assert result.ok, [str(r) for r in result.rejected]
    assert projection.digest() == digest


def test_a_misspelt_field_of_a_person_is_refused_not_ignored(staff, tmp_path):
    """``case receive`` refuses unknown fields of a person as of the intake: ``offense_date`` (for
    ``offence_date``) had been dropped, the offence dated at the receipt (2025-04-01), and a
    suspect born 2007-03-03 who offended at 17 on 2024-06-01 recorded as an adult at the
    offence, to whom conditional non-prosecution (minors only, CPL art. 282) is refused."""
    path = intake(
        tmp_path,
        received_on="2025-04-01",
        person={"id_number": MINOR_ID, "offense_date": "2024-06-01"},
    )
    data = json.loads(open(path, encoding="utf-8").read())
    del data["persons"][0]["offence_date"]
    open(path, "w", encoding="utf-8").write(json.dumps(data, ensure_ascii=False))
    with pytest.raises(CommandError) as error:
        receive(staff, path)
    assert "persons.P1.offense_date" in str(error.value)
    assert nothing_written()


# --- detention necessity -----------------------------------------------------------------------


def test_a_review_of_the_necessity_of_detention_is_not_received_for_a_suspect_not_arrested(
    staff, tmp_path
):
    """CPL art. 95 (the necessity of detention is reviewed after an arrest), Rules art. 573.

    A ``detention_necessity`` case whose only suspect is on bail is refused at the intake, as a
    prosecution transfer in which every suspect is at large is (Rules art. 158 ¶3): received,
    every event of it was refused ("not under arrest (bail)") and nothing could conclude it."""
    path = intake(
        tmp_path,
        kind="detention_necessity",
        received_on="2024-03-01",
        source={"agency": "suspect_application", "name": "张某"},
        materials=["application"],
        person={"custody": "bail", "offence_date": "2024-01-01"},
    )
    with pytest.raises(CommandError) as error:
        receive(staff, path)
    assert "CPL art. 95" in str(error.value)
    assert nothing_written()


# --- protests ------------------------------------------------------------------------------------


def test_after_a_remand_for_retrial_the_retrial_judgment_can_be_recorded(staff, tmp_path):
    """CPL art. 236 ¶1(3) and art. 256: a court that remands the case sets the judgment aside
    and the court below tries it again; its new judgment is open to appeal and protest (CPL
    arts. 227-228).

    After ``protest.decided`` with ``outcome=remanded`` the person is at ``retrial`` (it had
    been the final stage ``protest_decided``, which refused the retrial's judgment)."""
    handler = prosecuted_and_judged(staff, tmp_path)
    run("record", NUMBER, "protest.filed", "--as", handler, "--on", "2024-12-05",
        "--person", "P1", "--set", "kind=second_instance",
        "--approved-by", staff["chief"].username)  # fmt: skip
    run("record", NUMBER, "protest.decided", "--as", handler, "--on", "2025-02-20",
        "--person", "P1", "--set", "outcome=remanded")  # fmt: skip
    # the retrial's judgment, given and received Mon 2025-05-12
    run("record", NUMBER, "trial.first_instance_decided", "--as", handler, "--on", "2025-05-12",
        "--person", "P1", "--set", "form=judgment", "--set", "outcome=guilty",
        "--set", "received_on=2025-05-12")  # fmt: skip
    assert Case.objects.get(number=NUMBER).state["persons"]["P1"]["stage"] == (
        "first_instance_decided"
    )


# --- supervision commission cases -------------------------------------------------------------


def test_early_involvement_in_a_commission_case_cites_the_article_that_provides_for_it():
    """Rules art. 256 ¶2 ("经监察机关商请，人民检察院可以派员介入监察机关办理的职务犯罪案件")
    is the basis of early involvement (it cited Supervision Law art. 54, on the coercive
    measures and the decision to prosecute; no article of the Supervision Law mentions 介入)."""
    basis = EVENT_TYPES["commission.early_involvement"].basis
    assert any(b.startswith("Rules art. 256") for b in basis), basis


# --- export / import -------------------------------------------------------------------------------


def test_an_export_imports_again_after_a_procurator_has_left(staff, tmp_path):
    """docs/interchange.md: ``procuracy export`` then ``procuracy import`` into an empty
    database reproduces the same chain and identical projections.

    A plain import checks each line's actor against the roles held today, so once the
    procurator who decided a case has left the unit (role revoked), the export is refused on
    that procurator's lines; ``--restore`` takes the actors as recorded."""
    prosecuted_and_final(staff, tmp_path)
    handler = Case.objects.get(number=NUMBER).state["handler"]
    for membership in Membership.objects.filter(user__username=handler):
        staff_actions.revoke_role(membership, actor=None)
    text = export_text()
    digest = projection.digest()
    wipe_ledger_and_projections()
    path = tmp_path / "export.jsonl"
    path.write_text(text, encoding="utf-8")
    plain = interchange.import_lines(StringIO(text))
    assert not plain.ok and any(r.field == "payload.handler" for r in plain.rejected)
    out = StringIO()
    err = StringIO()
    try:
        call_command("import", str(path), "--restore", stdout=out, stderr=err)
    except CommandError:
        pytest.fail(f"the export was refused: {err.getvalue().splitlines()[:3]}")
    assert projection.digest() == digest
