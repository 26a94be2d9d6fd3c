"""The event-type reference: procuracy case types --fields / --type / --json / --markdown, and
docs/events.md generated from the registry."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from procuracy.cases.catalogue import EVENT_TYPES
from procuracy.cases.management.commands.case import events_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


def run(*args) -> str:
    out = StringIO()
    call_command("case", "types", *args, stdout=out)
    return out.getvalue()


def described(code: str) -> dict:
    (d,) = json.loads(run("--type", code, "--json"))
    return d


class TestFields:
    def test_conditional_non_prosecution_carries_its_probation_months(self):
        out = run("--type", "prosecution.conditional_non_prosecution")
        assert "probation_months  int 6–12  required  考验期（月） / probation (months)" in out
        assert "starts conditional-non-prosecution-probation" in out
        assert "months in payload.probation_months" in out
        assert "stages: prosecution_review → conditional_probation" in out
        d = described("prosecution.conditional_non_prosecution")
        assert [f["name"] for f in d["fields"]] == ["probation_months", "likely_sentence"]
        assert "imprisonment_over_one_year" in [c["code"] for c in d["fields"][1]["choices"]]
        assert (d["fields"][0]["minimum"], d["fields"][0]["maximum"]) == (6, 12)
        assert d["deadlines"]["months_field"] == "probation_months"
        assert d["scope"] == "person" and "procurator" in d["roles"]

    def test_a_protest_has_two_kinds_and_an_optional_protesting_procuratorate(self):
        out = run("--type", "protest.filed")
        assert "kind  choice  required" in out
        assert "second_instance  二审抗诉 / second-instance protest  (CPL art. 228)" in out
        assert "trial_supervision  审判监督抗诉 / trial-supervision protest" in out
        assert "by  text  optional" in out
        d = described("protest.filed")
        kind, by = d["fields"]
        assert [c["code"] for c in kind["choices"]] == ["second_instance", "trial_supervision"]
        assert kind["required"] and not by["required"]
        # decided by the chief of the procuratorate above when lodged there (Rules art. 595)
        assert d["approval"]["when"] == "by is not given"
        assert "approval: chief_procurator, only when by is not given" in out

    def test_only_some_reasons_for_not_arresting_need_the_chief(self):
        approval = described("arrest.not_approved")["approval"]
        assert approval["role"] == "chief_procurator" and not approval["always"]
        assert approval["field"] == "reason"
        assert approval["values"] == ["no_crime", "insufficient_evidence"]
        out = run("--type", "arrest.not_approved")
        assert "only when reason is no_crime or insufficient_evidence" in out
        # the default listing says so too, and an unconditional approval stays as it was
        listing = run("--kind", "arrest_review")
        (line,) = [x for x in listing.splitlines() if "arrest.not_approved " in x]
        assert line.endswith(
            "approval: chief_procurator only when reason is no_crime or insufficient_evidence, "
            "or when the case is self-investigated (Rules art. 297)"
        )
        # Rules art. 297: in the procuratorate's own cases every arrest decision is the chief's
        assert described("arrest.approved")["approval"]["in_case"] == (
            "the case is self-investigated (Rules art. 297)"
        )
        (line,) = [x for x in listing.splitlines() if "arrest.reconsideration_decided " in x]
        assert line.endswith("approval: chief_procurator")

    def test_a_deadline_chosen_by_the_payload_is_described_by_its_values(self):
        start = described("trial.first_instance_decided")["deadlines"]
        assert start["start"] == [
            {"rule": "protest-judgment", "when": "form is judgment"},
            {"rule": "protest-ruling", "when": "form is ruling"},
        ]
        assert start["counted_from"] == "payload.received_on"

    def test_a_line_lists_its_types_with_their_fields(self):
        out = run("--line", "criminal", "--fields")
        assert "prosecution.conditional_non_prosecution" in out
        assert "pil.filed" not in out and "case.assigned" not in out
        general = json.loads(run("--line", "general", "--json"))
        assert {d["line"] for d in general} == {"*"}
        assert "case.received" in {d["code"] for d in general}


class TestJson:
    def test_every_registered_event_type_with_every_field(self):
        data = json.loads(run("--json"))
        assert sorted(d["code"] for d in data) == sorted(EVENT_TYPES)
        assert data[0]["line"] == "criminal"  # criminal first
        # only early involvement (Rules art. 256 ¶2) comes before the transfer
        assert [d["code"] for d in data if d["may_precede_receipt"]] == [
            "commission.early_involvement"
        ]
        assert {d["code"]: d["sources"] for d in data if d["sources"]} == {
            "commission.early_involvement": ["supervision_commission"]
        }
        for d in data:
            assert set(d) == {
                "code", "zh", "en", "line", "scope", "roles", "from_stages", "to_stage",
                "to_stage_when", "approval", "deadlines", "basis", "checks", "procedures", "fields",
                "may_precede_receipt", "sources",
            }  # fmt: skip
            assert [f["name"] for f in d["fields"]] == [
                f.name for f in EVENT_TYPES[d["code"]].fields
            ]
            approval = EVENT_TYPES[d["code"]].approval
            assert (d["approval"] or {}).get("role") == approval
            assert d["procedures"], d["code"]

    def test_a_whole_number_shows_the_ceiling_the_engine_holds_it_to(self):
        """A whole number without a maximum of its own is held to a trillion (the payload's
        validation): the reference showed no maximum ("1–", null)."""
        data = {d["code"]: d for d in json.loads(run("--json"))}
        amount = next(f for f in data["prosecution.wages_recovered"]["fields"]
                      if f["name"] == "amount")  # fmt: skip
        assert (amount["minimum"], amount["maximum"]) == (1, 10**12)
        days = next(f for f in data["arrest.decision_extended"]["fields"] if f["name"] == "days")
        assert days["maximum"] == 3

    def test_a_kind_selects_the_types_its_procedure_allows(self):
        codes = {d["code"] for d in json.loads(run("--kind", "arrest_review", "--json"))}
        assert "arrest.not_approved" in codes and "case.received" in codes
        assert "prosecution.prosecuted" not in codes


class TestErrors:
    @pytest.mark.parametrize(
        "args, message",
        [
            (("--type", "arrest.aproved"), "unknown event type 'arrest.aproved'"),
            (("--line", "penal"), "unknown line 'penal'"),
            (("--kind", "nope", "--fields"), "unknown case kind 'nope'"),
            (("--type", "pil.filed", "--line", "criminal"), "is not of line criminal"),
        ],
    )
    def test_an_unknown_type_or_line_is_refused(self, args, message):
        with pytest.raises(CommandError) as error:
            run(*args)
        assert message in str(error.value)

    def test_the_cli_says_so_in_one_line_and_fails(self):
        cli = Path(sys.executable).with_name("procuracy")
        done = subprocess.run(
            [str(cli), "case", "types", "--type", "no.such"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode != 0
        assert done.stdout == ""
        assert done.stderr.strip().splitlines() == [
            "CommandError: unknown event type 'no.such' (procuracy case types lists them)"
        ]


class TestReference:
    def test_docs_events_md_is_the_registry_rendered(self):
        assert DOC.read_text(encoding="utf-8") == events_markdown(), (
            "docs/events.md differs from the event-type registry; regenerate it with "
            "`procuracy case types --markdown > docs/events.md`"
        )

    def test_the_markdown_option_prints_it(self):
        assert run("--markdown") == events_markdown()

    def test_the_reference_covers_every_type_grouped_by_line(self):
        text = events_markdown()
        for code in EVENT_TYPES:
            assert f"### `{code}` " in text
        headings = [x for x in text.splitlines() if x.startswith("## ")]
        assert headings[0].startswith("## Criminal")
        assert "| `probation_months` | int 6–12 | yes |" in text
