"""Walking a case from the command line (procuracy case ...)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procuracy.cases.models import Case, LedgerEvent

ADULT_ID = "11010519491231002X"  # GB 11643 worked example (see tests/parties)


def run(*args) -> str:
    out = StringIO()
    call_command("case", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def intake_file(tmp_path):
    path = tmp_path / "intake.json"
    path.write_text(json.dumps({
        "kind": "prosecution_review", "received_on": "2024-09-20",
        "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
        "materials": ["transfer_opinion", "case_file", "evidence"],
        "persons": [{"name": "张某", "id_number": ADULT_ID, "custody": "arrested",
                     "guilty_plea": True, "charges": [{"article": "264", "name": "盗窃罪"}]}],
    }, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.django_db
class TestWalkingACase:
    def test_a_prosecution_review_is_received_assigned_and_decided(self, staff, intake_file):
        out = run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        number = "京朝检刑诉受〔2024〕1号"
        assert number in out
        run("assign", number, "--as", staff["manager"].username, "--on", "2024-09-20")
        run(
            "record",
            number,
            "prosecution.prosecuted",
            "--as",
            staff["procurator"].username,
            "--on",
            "2024-10-08",
            "--person",
            "P1",
            "--set",
            'charges=[{"article":"264","name":"盗窃罪"}]',
            "--set",
            "sentencing_recommendation=有期徒刑六个月",
        )
        view = json.loads(run("show", number, "--json"))
        assert view["persons"][0]["stage"] == "prosecuted"
        assert [e["type"] for e in view["events"]] == [
            "case.received",
            "case.assigned",
            "prosecution.prosecuted",
        ]
        # CPL art. 172: one month from 2024-09-20 (not counted) is 2024-10-20; the suspect is
        # in custody, so the Sunday end does not roll over (CPL art. 105).
        assert view["deadlines"][0]["due"] == "2024-10-20"
        assert "2024-10-20" in view["deadlines"][0]["explanation"]["en"]

    @pytest.mark.parametrize("missing", ["source", "persons", "materials"])
    def test_an_intake_file_without_a_required_field_is_one_clear_line(
        self, staff, intake_file, missing
    ):
        """It raised a TypeError from the action (receive_case() missing an argument)."""
        data = json.loads(intake_file.read_text(encoding="utf-8"))
        del data[missing]
        intake_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(CommandError, match=f"field {missing} is required"):
            run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        assert not Case.objects.exists() and not LedgerEvent.objects.exists()

    @pytest.mark.parametrize(
        ("field", "value", "says"),
        [
            ("materials", 5, "field payload.materials: must be a list of material codes"),
            ("flags", 5, "field payload.flags: must be a list of flag codes"),
            ("kind", ["x"], "field kind: unknown case kind"),
        ],
    )
    def test_an_intake_field_of_another_type_is_refused_not_a_traceback(
        self, staff, intake_file, field, value, says
    ):
        data = json.loads(intake_file.read_text(encoding="utf-8"))
        data[field] = value
        intake_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(CommandError) as error:
            run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        assert str(error.value).startswith(says)
        assert not Case.objects.exists()

    def test_an_intake_file_with_a_byte_order_mark_is_read(self, staff, intake_file):
        intake_file.write_bytes(b"\xef\xbb\xbf" + intake_file.read_bytes())
        out = run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        assert "京朝检刑诉受〔2024〕1号" in out

    def test_materials_given_as_one_text_are_not_read_as_a_list_of_letters(
        self, staff, intake_file
    ):
        """ "materials": "case_file" was taken letter by letter and refused as incomplete."""
        data = json.loads(intake_file.read_text(encoding="utf-8"))
        data["materials"] = "case_file"
        intake_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(
            CommandError, match=r"field payload\.materials: must be a list of material codes"
        ):
            run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        assert not Case.objects.exists()

    def test_a_repeated_key_says_already_recorded_and_records_nothing(self, staff, intake_file):
        """docs/ledger.md, "Concurrency and repeats": the same idempotency key again returns
        the recorded event and changes nothing; the command says so."""
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        number = "京朝检刑诉受〔2024〕1号"
        run("assign", number, "--as", staff["manager"].username, "--on", "2024-09-20")
        args = ("record", number, "prosecution.extended", "--as", staff["procurator"].username,
                "--on", "2024-10-08", "--approved-by", staff["chief"].username, "--key", "k-1")  # fmt: skip
        first = run(*args)
        assert first.startswith("recorded prosecution.extended")
        again = run(*args)
        assert again.startswith("already recorded (key k-1)")
        assert first.split("event ")[-1] == again.split("event ")[-1]
        view = json.loads(run("show", number, "--json"))
        assert [e["type"] for e in view["events"]].count("prosecution.extended") == 1

    def test_a_refused_event_is_one_line_naming_the_rule_and_writes_nothing(
        self, staff, intake_file
    ):
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        before = LedgerEvent.objects.count()
        with pytest.raises(CommandError) as error:
            run(
                "record",
                "京朝检刑诉受〔2024〕1号",
                "prosecution.prosecuted",
                "--as",
                staff["procurator"].username,
                "--on",
                "2024-10-08",
                "--person",
                "P1",
                "--set",
                'charges=[{"article":"264","name":"盗窃罪"}]',
            )
        assert "CPL art. 176" in str(error.value)
        assert "\n" not in str(error.value)
        assert LedgerEvent.objects.count() == before

    def test_a_whole_number_field_set_to_words_says_it_must_be_a_whole_number(
        self, staff, intake_file
    ):
        """It said "'abc' is not JSON (Expecting value, at character 1)"."""
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        run("assign", "京朝检刑诉受〔2024〕1号", "--as", staff["manager"].username)
        with pytest.raises(CommandError) as error:
            run("record", "京朝检刑诉受〔2024〕1号", "oversight.peoples_supervisors", "--as",
                staff["procurator"].username, "--on", "2024-10-08", "--set", "activity=hearing",
                "--set", "supervisors=abc")  # fmt: skip
        assert str(error.value) == "field payload.supervisors: must be a whole number, not 'abc'"

    def test_a_refusal_of_access_names_the_case_by_its_number(self, staff, intake_file, make_user):
        """A procurator of the superior procuratorate reads the case but may not change it:
        the refusal named the case by its UUID, which no user knows."""
        from procuracy.staff.roles import DepartmentKind, Role

        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        superior = make_user("110000", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION)
        with pytest.raises(CommandError) as error:
            run("record", "京朝检刑诉受〔2024〕1号", "prosecution.prosecuted", "--as",
                superior.username, "--on", "2024-10-08", "--person", "P1")  # fmt: skip
        assert str(error.value).startswith(
            "you may not change case 京朝检刑诉受〔2024〕1号: read-only: the record belongs to "
            "another unit"
        )

    def test_a_number_too_long_for_python_is_one_line(self, staff, intake_file):
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        with pytest.raises(CommandError) as error:
            run("record", "京朝检刑诉受〔2024〕1号", "oversight.peoples_supervisors", "--as",
                staff["procurator"].username, "--on", "2024-10-08", "--set", "activity=hearing",
                "--set", "supervisors=" + "9" * 5000)  # fmt: skip
        assert str(error.value) == "field payload.supervisors: a number too long"

    def test_an_unknown_case_number_is_not_found(self, staff):
        with pytest.raises(CommandError, match="no case"):
            run(
                "record",
                "京朝检刑诉受〔2024〕999号",
                "arrest.approved",
                "--as",
                staff["procurator"].username,
                "--on",
                "2024-10-08",
                "--person",
                "P1",
            )

    def test_an_impossible_date_is_refused(self, staff, intake_file):
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        with pytest.raises(CommandError, match="not a real date"):
            run(
                "record",
                "京朝检刑诉受〔2024〕1号",
                "prosecution.extended",
                "--as",
                staff["procurator"].username,
                "--on",
                "2024-02-30",
            )

    def test_dates_are_written_yyyy_mm_dd_and_nothing_else(self, staff, intake_file):
        run("receive", str(intake_file), "--org", "110105", "--as", staff["manager"].username)
        for on in ("20240921", "2024-W38-6"):  # what date.fromisoformat also reads
            with pytest.raises(CommandError, match="not a real date"):
                run("assign", "京朝检刑诉受〔2024〕1号", "--as", staff["manager"].username,
                    "--on", on)  # fmt: skip
        assert Case.objects.get().handler is None

    def test_an_intake_file_that_is_not_utf8_or_lacks_its_date_is_one_line(self, staff, tmp_path):
        latin = tmp_path / "latin.json"
        latin.write_bytes('{"kind": "arrest_review", "note": "café"}'.encode("latin-1"))
        with pytest.raises(CommandError, match="not UTF-8 text"):
            run("receive", str(latin), "--org", "110105", "--as", staff["manager"].username)
        undated = tmp_path / "undated.json"
        undated.write_text('{"kind": "arrest_review"}')
        with pytest.raises(CommandError, match="received_on is required"):
            run("receive", str(undated), "--org", "110105", "--as", staff["manager"].username)
        assert not Case.objects.exists()

    def test_an_intake_file_with_an_unknown_field_is_refused(self, staff, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text('{"kind": "arrest_review", "colour": "red"}')
        with pytest.raises(CommandError, match="unknown field"):
            run("receive", str(path), "--org", "110105", "--as", staff["manager"].username)
        assert not Case.objects.exists()

    def test_an_intake_with_a_bad_id_number_names_the_person_and_field(self, staff, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps({
            "kind": "arrest_review", "received_on": "2024-03-04", "source": {"agency": "police"},
            "materials": ["arrest_request", "case_file", "evidence"],
            "persons": [{"name": "张某", "id_number": "110105194912310021", "custody": "detained",
                         "charges": [{"article": "264", "name": "盗窃罪"}]}],
        }))  # fmt: skip
        with pytest.raises(CommandError) as error:
            run("receive", str(path), "--org", "110105", "--as", staff["manager"].username)
        assert "persons.P1.id_number" in str(error.value)
        assert "check character" in str(error.value)
        assert not Case.objects.exists()

    def test_types_lists_each_procedure_with_its_events_and_articles(self):
        out = run("types", "--kind", "arrest_review")
        assert "审查逮捕" in out
        assert "arrest.not_approved" in out and "Rules art. 285" in out
        assert "approval: chief_procurator" in out
