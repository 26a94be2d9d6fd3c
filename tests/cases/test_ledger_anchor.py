"""Anchors: the chains' heads kept outside the database (docs/ledger.md, "Anchors").

The hash chain alone cannot catch someone with write access to the database who changes an
event and then recomputes every later hash and the head: ``ledger verify`` passes. An anchor
taken before holds the hash of an anchored position, so ``ledger verify --anchor`` catches the
rewrite, and a shortened history too. Tamper steps go around the triggers as in
``test_ledger_integrity.py``."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from test_ledger_integrity import bypass_triggers, db_id, raw

from procuracy.cases import actions, ledger
from procuracy.cases.models import LedgerEvent, LedgerHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(receive, staff):
    first = receive()
    actions.assign_case(first.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
    actions.record_event(first.pk, "arrest.approved", persons=["P1"],
                         occurred_on=date(2024, 3, 8), actor=staff["procurator"])  # fmt: skip
    return first


def take_anchor(tmp_path) -> str:
    path = tmp_path / "anchor.json"
    call_command("ledger", "anchor", "-o", str(path), stdout=StringIO(), stderr=StringIO())
    return str(path)


def verify(*anchors) -> str:
    out = StringIO()
    args = [a for path in anchors for a in ("--anchor", path)]
    call_command("ledger", "verify", *args, stdout=out)
    return out.getvalue()


def rewrite_from(seq: int, payload: str) -> None:
    """Change event #seq's payload, then recompute its hash, every later one and the head,
    as a careful forger would: the chain is consistent again."""
    bypass_triggers()
    rows = list(LedgerEvent.objects.select_related("procuratorate").order_by("seq"))
    prev = rows[seq - 2].hash if seq > 1 else ledger.genesis(rows[0].procuratorate.code)
    for row in rows[seq - 1 :]:
        if row.seq == seq:
            row.payload = payload
        text = ledger.canonical(
            row.id, row.procuratorate.code, row.seq, row.case_id, row.event_type, row.persons,
            row.occurred_on, row.recorded_at, row.actor_name, row.payload, row.basis,
            row.corrects, row.idempotency_key,
        )  # fmt: skip
        row.hash, row.prev_hash = ledger.chain_hash(prev, text), prev
        prev = row.hash
        raw("UPDATE {table} SET payload = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row.payload, row.prev_hash, row.hash, db_id(row)])  # fmt: skip
    LedgerHead.objects.filter(procuratorate=rows[0].procuratorate).update(hash=prev)


def test_an_anchor_holds_every_chain_head_and_its_own_digest(history, tmp_path):
    data = json.loads(open(take_anchor(tmp_path), encoding="utf-8").read())
    head = LedgerHead.objects.get()
    assert data["format"] == "procuracy-anchor/1"
    assert data["chains"] == [{"org": "110105", "seq": head.seq, "hash": head.hash}]
    assert ledger.read_anchor(data) == data
    out = StringIO()  # without -o, to the standard output
    call_command("ledger", "anchor", stdout=out)
    assert json.loads(out.getvalue())["chains"] == data["chains"]


def test_a_ledger_that_grew_since_the_anchor_still_holds_it(history, tmp_path, staff, receive):
    path = take_anchor(tmp_path)
    receive(on=date(2024, 3, 6))  # more events after the anchor
    assert "all 1 anchored position(s) of 1 anchor(s) held" in verify(path)


def test_a_rewritten_history_passes_the_chain_but_not_the_anchor(history, tmp_path):
    path = take_anchor(tmp_path)
    rewrite_from(2, '{"department":"criminal_prosecution","handler":"someone-else",'
                    '"method":"override"}')  # fmt: skip
    assert "all intact" in verify()  # the chain alone is fooled
    with pytest.raises(CommandError, match=r"chain of 110105 at #3: the hash differs from the "
                                           r"anchor of .*: the history up to there was rewritten"):  # fmt: skip
        verify(path)


def test_a_shortened_history_with_its_head_rewound_is_caught(history, tmp_path):
    path = take_anchor(tmp_path)
    last = LedgerEvent.objects.order_by("-seq").first()
    bypass_triggers()
    raw("DELETE FROM {table} WHERE id = %s", [db_id(last)])
    LedgerHead.objects.update(seq=last.seq - 1, hash=last.prev_hash)
    assert "all intact" in verify()
    with pytest.raises(CommandError, match=f"has #{last.seq}, the ledger ends at "
                                           f"#{last.seq - 1}: events removed"):  # fmt: skip
        verify(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "--anchor"),
        ('{"format": "something/1"}', "its format must be 'procuracy-anchor/1'"),
        ('{"format": "procuracy-anchor/1", "chains": [{"org": "110105", "seq": 0, '
         '"hash": "x"}], "digest": ""}', "chains[0]: must be"),
        # a NUL in the code went to PostgreSQL's query (a DataError traceback)
        ('{"format": "procuracy-anchor/1", "chains": [{"org": "1101\\u00005", "seq": 1, '
         '"hash": "' + "0" * 64 + '"}], "digest": ""}', "chains[0]: must be {org: 6-digit code"),
    ],
)  # fmt: skip
def test_an_unreadable_anchor_is_one_clear_line(history, tmp_path, text, says):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(says)) as caught:
        verify(str(path))
    assert "\n" not in str(caught.value)


def test_a_changed_anchor_copy_is_refused_by_its_digest(history, tmp_path):
    path = take_anchor(tmp_path)
    data = json.loads(open(path, encoding="utf-8").read())
    data["chains"][0]["seq"] -= 1
    open(path, "w", encoding="utf-8").write(json.dumps(data))
    with pytest.raises(CommandError, match="digest: does not match its chains"):
        verify(path)


def test_a_chain_whose_head_was_removed_does_not_verify(history, tmp_path):
    """Without this, an anchor taken then would silently leave the chain out."""
    LedgerHead.objects.all().delete()
    result = ledger.verify()
    assert not result.ok and "no head: the head was removed" in result.broken
    with pytest.raises(CommandError, match="no anchor written"):
        take_anchor(tmp_path)


def test_an_anchor_of_other_chains_checks_nothing_and_says_so(history, tmp_path, receive, unit):
    path = take_anchor(tmp_path)
    with pytest.raises(CommandError, match="holds no position of the chain"):
        call_command("ledger", "verify", "--org", "110000", "--anchor", path, stdout=StringIO())


def test_an_anchor_that_cannot_be_written_is_one_clear_line(history, tmp_path):
    with pytest.raises(CommandError, match=r"-o .*missing"):
        call_command("ledger", "anchor", "-o", str(tmp_path / "missing" / "a.json"),
                     stdout=StringIO())  # fmt: skip


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "not an anchor file (not JSON: empty)"),
        (b"\xe6\x00\xff", "not an anchor file (not UTF-8 text)"),
    ],
)
def test_an_empty_or_binary_anchor_file_says_it_is_not_an_anchor(history, tmp_path, content, says):
    """It said "Expecting value: line 1 column 1 (char 0)" or a codec's error."""
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        verify(str(path))
    assert str(caught.value) == f"--anchor {path}: {says}"


def test_an_anchor_naming_a_procuratorate_this_database_does_not_know_says_so(history, tmp_path):
    """A well-formed anchor of another installation's unit was reported as "events removed"."""
    path = take_anchor(tmp_path)
    data = json.loads(open(path, encoding="utf-8").read())
    data["chains"][0]["org"] = "999999"
    data["digest"] = ledger._anchor_digest(data["chains"])
    open(path, "w", encoding="utf-8").write(json.dumps(data))
    with pytest.raises(CommandError, match="names a procuratorate this database does not know"):
        verify(path)


def test_an_anchor_saved_with_a_byte_order_mark_is_read(history, tmp_path):
    path = take_anchor(tmp_path)
    raw = open(path, "rb").read()
    open(path, "wb").write(b"\xef\xbb\xbf" + raw)
    assert "all 1 anchored position(s) of 1 anchor(s) held" in verify(path)


def test_anchor_and_report_write_to_standard_output_with_a_dash(history, tmp_path, monkeypatch):
    """-o - is standard output (as import reads - from standard input); it made a file "-"."""
    monkeypatch.chdir(tmp_path)
    out = StringIO()
    call_command("ledger", "anchor", "-o", "-", stdout=out)
    assert json.loads(out.getvalue())["format"] == "procuracy-anchor/1"
    with pytest.raises(CommandError, match="give a file name"):
        call_command("ledger", "anchor", "-o", " ", stdout=StringIO())
    assert not (tmp_path / "-").exists()
