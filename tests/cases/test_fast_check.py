"""The importer's fast structural check accepts exactly the lines the JSON Schema accepts.

``interchange.fast_check`` is the schema written out by hand; a line it refuses goes to the
general validator, which reports the errors (tests/cases/test_interchange.py checks their
wording). So the one thing that must hold is: the fast check never accepts a line the schema
refuses. These properties check more: the two agree on every generated line, valid or not.
"""

import copy
import json
import uuid
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procuracy.cases import interchange
from procuracy.cases.bench import import_lines

FORMAT = interchange.FORMAT
KINDS = sorted(interchange.SCHEMA["$defs"]["intake"]["properties"]["kind"]["enum"])


def schema_accepts(obj) -> bool:
    return not any(interchange.validator().iter_errors(obj))


def agree(obj) -> None:
    fast = interchange.fast_check(obj)
    assert fast == schema_accepts(obj), (fast, obj)


# --- values near the edges of what the schema allows --------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=4)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def mostly(valid, invalid):
    """Nineteen times in twenty a valid value, else one near the edge (so that whole lines are valid
    often enough, and each way of being invalid still comes up)."""
    return st.integers(0, 19).flatmap(lambda i: valid if i else invalid)


uuid_texts = mostly(
    st.one_of(st.uuids().map(str), st.uuids().map(lambda u: u.hex)),
    st.one_of(
        st.uuids().map(lambda u: str(u).upper()),
        st.uuids().map(lambda u: str(u) + "\n"),  # "$" also matches before a final newline
        st.uuids().map(lambda u: str(u)[:-1]),
        st.text(max_size=40),
        json_scalars,
    ),
)
day_texts = mostly(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.one_of(
        st.sampled_from(
            [
                "2024-02-30",
                "2024-1-01",
                "20240301",
                "2024-03-04\n",
                "２０２４-03-04",
                "",
                "2024-13-01",
            ]
        ),
        st.text(max_size=12),
        json_scalars,
    ),
)
instants = mostly(
    st.one_of(
        st.none(),
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda d: d.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
        ),
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda d: d.isoformat(timespec="seconds") + "+08:00"
        ),
    ),
    st.one_of(
        st.sampled_from(
            ["2024-03-04T10:00:00", "2024-03-04 10:00:00Z", "2024-03-04T10:00:00.1234567Z"]
        ),
        st.text(max_size=30),
        json_scalars,
    ),
)
person_keys = mostly(
    st.sampled_from(["P1", "P2", "a_b-9", "X"]),
    st.one_of(st.sampled_from(["P1\n", "", "toolongkey", "P 1", "张"]), json_scalars),
)


def texts(low: int, high: int):
    return mostly(
        st.text(min_size=low, max_size=high),
        st.one_of(st.text(max_size=low), st.text(min_size=high, max_size=high + 2), json_scalars),
    )


def maybe(draw, d: dict, key: str, strategy) -> None:
    """Add ``key`` (or not) to ``d``."""
    if draw(st.booleans()):
        d[key] = draw(strategy)


def required(draw, d: dict, key: str, strategy) -> None:
    """Add ``key`` to ``d``, nearly always."""
    if draw(st.integers(0, 19)):
        d[key] = draw(strategy)


any_text = texts(0, 8)
text_or_null = mostly(st.one_of(st.none(), st.text(max_size=10)), json_scalars)
booleans = mostly(st.booleans(), json_scalars)


@st.composite
def charges(draw):
    c = {}
    required(draw, c, "article", any_text)
    required(draw, c, "name", any_text)
    maybe(draw, c, "x", json_values)
    return draw(mostly(st.just(c), json_scalars))


@st.composite
def people(draw):
    p = {}
    required(draw, p, "name", texts(1, 64))
    for key, strategy in (
        ("key", person_keys),
        ("id_kind", any_text),
        ("id_number", any_text),
        ("id_country", any_text),
        ("sex", mostly(st.sampled_from(["male", "female", "unknown", None]), any_text)),
        ("birth_date", text_or_null),
        ("custody", any_text),
        ("offence_date", text_or_null),
        ("guilty_plea", booleans),
        ("charges", mostly(st.lists(charges(), max_size=2), json_scalars)),
    ):
        maybe(draw, p, key, strategy)
    if not draw(st.integers(0, 9)):
        p[draw(st.text(max_size=6))] = draw(json_values)
    return draw(mostly(st.just(p), json_scalars))


@st.composite
def intakes(draw):
    p = {}
    required(draw, p, "kind", mostly(st.sampled_from(KINDS), any_text))
    source = {}
    required(draw, source, "agency", any_text)
    maybe(draw, source, "name", json_values)
    required(draw, p, "source", mostly(st.just(source), json_scalars))
    required(
        draw,
        p,
        "persons",
        mostly(st.lists(people(), min_size=1, max_size=2), st.one_of(st.just([]), json_scalars)),
    )
    required(draw, p, "materials", mostly(st.lists(any_text, max_size=3), json_scalars))
    maybe(draw, p, "complex", booleans)
    maybe(draw, p, "self_investigated", booleans)
    if not draw(st.integers(0, 9)):
        p[draw(st.text(max_size=12))] = draw(json_values)
    return draw(mostly(st.just(p), json_scalars))


@st.composite
def lines(draw):
    obj = {}
    event_type = draw(
        mostly(
            st.sampled_from(
                ["case.received", "event.corrected", "case.assigned", "arrest.approved"]
            ),
            st.one_of(
                st.sampled_from(["Case.received", "case.", "case.received\n", "a.b.c"]),
                json_scalars,
            ),
        )
    )
    required(draw, obj, "format", mostly(st.just(FORMAT), st.one_of(any_text, json_scalars)))
    required(draw, obj, "id", uuid_texts)
    required(
        draw, obj, "org", mostly(st.sampled_from(["110105", "000000"]), st.one_of(
            st.sampled_from(["11010", "110105\n", "１１０１０５"]), any_text
        ))
    )  # fmt: skip
    case = {}
    required(draw, case, "id", uuid_texts)
    maybe(draw, case, "number", mostly(st.one_of(st.none(), texts(1, 64)), json_scalars))
    if not draw(st.integers(0, 9)):
        case[draw(st.text(max_size=6))] = draw(json_values)
    required(draw, obj, "case", mostly(st.just(case), json_scalars))
    required(draw, obj, "type", st.just(event_type))
    required(draw, obj, "occurred_on", day_texts)
    if event_type == "case.received":
        maybe(draw, obj, "persons", mostly(st.just([]), st.lists(person_keys, max_size=2)))
    else:
        maybe(draw, obj, "persons", mostly(st.lists(person_keys, max_size=3), json_scalars))
    required(draw, obj, "actor", texts(1, 150))
    if event_type == "case.received":
        required(draw, obj, "payload", intakes())
    else:
        required(draw, obj, "payload", mostly(st.dictionaries(st.text(max_size=5), json_values), st.one_of(intakes(), json_scalars)))  # fmt: skip
    if event_type == "event.corrected":
        required(draw, obj, "corrects", mostly(uuid_texts, st.none()))
    else:
        maybe(draw, obj, "corrects", mostly(st.none(), uuid_texts))
    maybe(draw, obj, "idempotency_key", mostly(st.one_of(st.none(), texts(1, 200)), json_scalars))
    maybe(draw, obj, "recorded_at", instants)
    if not draw(st.integers(0, 19)):
        obj[draw(st.text(max_size=12))] = draw(json_values)
    return obj


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines())
def test_the_fast_check_agrees_with_the_schema_on_generated_lines(obj):
    agree(obj)


# --- valid lines, and each of them changed in one place ----------------------------------


def valid_lines() -> list[dict]:
    out = [json.loads(json.dumps(o)) for o in import_lines(6)]
    received = out[0]
    out.append({**received, "recorded_at": "2024-03-04T10:00:00.123456Z", "idempotency_key": "k"})
    out.append(
        {
            **out[1],
            "type": "event.corrected",
            "corrects": str(uuid.uuid4()),
            "payload": {"reason": "录错"},
        }
    )
    full = copy.deepcopy(received)
    full["payload"]["persons"][0].update(
        key="P7", id_kind="citizen_id", id_country="CHN", sex=None, birth_date=None,
        offence_date="2024-01-01", guilty_plea=True,
    )  # fmt: skip
    full["payload"].update(complex=False, self_investigated=True)
    out.append(full)
    return out


VALID = valid_lines()


def paths(value, prefix=()):
    """Every place in a JSON value: (path to the container, key or index)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix, k
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield prefix, i
            yield from paths(v, (*prefix, i))


def test_the_fast_check_accepts_the_valid_lines():
    for obj in VALID:
        assert schema_accepts(obj), obj
        assert interchange.fast_check(obj), obj


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_fast_check_agrees_with_the_schema_on_mutated_lines(data):
    obj = copy.deepcopy(data.draw(st.sampled_from(VALID)))
    places = list(paths(obj))
    where, key = data.draw(st.sampled_from(places))
    container = obj
    for step in where:
        container = container[step]
    action = data.draw(st.sampled_from(["delete", "replace", "add"]))
    if action == "delete":
        del container[key]
    elif action == "replace":
        container[key] = data.draw(st.one_of(json_values, uuid_texts, day_texts, any_text))
    elif isinstance(container, dict):
        container[data.draw(st.text(max_size=12))] = data.draw(json_values)
    else:
        container.append(data.draw(st.one_of(json_values, person_keys)))
    agree(obj)
