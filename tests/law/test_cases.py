"""The table of hand-worked deadlines (cases.yaml), each with the article it tests."""

from datetime import date
from pathlib import Path

import pytest

from procuracy.law import compute, due_date
from procuracy.law.schedule import load_yaml

CASES = load_yaml((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))


def test_every_case_names_the_article_it_tests():
    assert CASES
    for case in CASES:
        assert case.get("article"), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_deadline_is_the_one_the_law_gives(case):
    start = date.fromisoformat(case["from"])
    deadline = compute(case["rule"], start, custody=case.get("custody"), months=case.get("months"))
    assert deadline.raw_end.isoformat() == case["raw_end"]
    assert deadline.due.isoformat() == case["due"]
    assert deadline.rolled_over == (case["raw_end"] != case["due"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_fast_path_gives_the_same_due_date(case):
    start = date.fromisoformat(case["from"])
    due = due_date(case["rule"], start, custody=case.get("custody"), months=case.get("months"))
    assert due.isoformat() == case["due"]
