"""The ledger's canonical payload text is ``json.dumps(ensure_ascii=False, sort_keys=True,
separators=(",", ":"))`` whichever encoder writes it: the chain hashes that text, so a faster
encoder must never write a different one (``ledger.canonical_json`` uses orjson where it
agrees). And the bulk writers' JSON column text reads back as the same values."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from procuracy.cases import interchange, ledger


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # beyond 64 bits too
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),  # control characters, non-BMP characters, lone surrogates
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_canonical_json_is_the_reference_text(value):
    assert ledger.canonical_json(value) == reference(value)


@settings(max_examples=300, deadline=None)
@given(values)
def test_json_column_text_reads_back_equal(value):
    assert json.loads(ledger.json_text(value)) == value


def test_the_texts_orjson_prints_differently_still_come_out_as_json_prints_them():
    # orjson prints 1e-07 as 1e-7 and 3.4e-05 as 0.000034; json refuses nothing of these
    payload = {"amount": 1e-07, "rate": 3.4e-05, "big": 2**70, "text": "\ud800"}
    assert ledger.canonical_json(payload) == reference(payload)
    assert "1e-07" in ledger.canonical_json(payload)


def test_a_line_orjson_refuses_is_read_as_json_reads_it():
    # an integer beyond 64 bits is JSON to Python's json (orjson refuses it): the line is
    # decoded and then refused by the schema, field by field, not as "not JSON"
    line = '{"format": 100000000000000000000000, "x": 1}\n'
    ((_no, rejections),) = list(interchange.read_lines([line]))
    assert not any("not JSON" in r.reason for r in rejections)
    assert {"format", "x"} <= {r.field for r in rejections}


def test_what_no_database_stores_is_refused_where_python_s_json_would_take_it():
    # NaN is no JSON number (RFC 8259 §6); a lone surrogate is no Unicode text: the first for
    # the line, the second on its field
    ((_no, rejections),) = list(interchange.read_lines(['{"format": NaN}\n']))
    assert [(r.field, r.reason) for r in rejections] == [
        ("(line)", "not JSON: NaN is not a JSON number")
    ]
    ((_no, rejections),) = list(interchange.read_lines(['{"format": "x", "x": ["\\ud800"]}\n']))
    assert [r.field for r in rejections] == ["x[0]"]
    assert "not Unicode text" in rejections[0].reason


def test_a_line_that_is_not_json_names_the_column():
    ((_no, item),) = list(interchange.read_lines(['{"format": \n']))
    assert len(item) == 1 and item[0].field == "(line)"
    assert item[0].reason.startswith("not JSON: Expecting value at column")
