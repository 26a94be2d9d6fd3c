"""Numbers as the report prints them: half-up rounding of the exact value, changes, the table."""

import dataclasses
from fractions import Fraction

import pytest

from procuracy.figures import formatting, registry
from procuracy.figures.cube import Value
from procuracy.figures.formatting import format_change, format_value, percent

FIGURES = registry.all_figures()


@pytest.mark.parametrize(
    ("rate", "printed"),
    [
        (Fraction(1, 16), "6.3%"),  # 6.25: half up, as the report rounds (half even: 6.2%)
        (1 / 16, "6.3%"),  # the same tie as a float
        (Fraction(3, 16), "18.8%"),  # 18.75
        (Fraction(4885, 6114), "79.9%"),  # the report's protests changed of concluded
        (Fraction(7549, 8537), "88.4%"),  # the report's civil protests
        (7549 / 8537, "88.4%"),
        (Fraction(12_345, 12_350), "99.96%"),  # below 100%, never printed "100.0%"
        (Fraction(99_999, 100_000), "99.999%"),
        (1, "100.0%"),
        (0, "0.0%"),
    ],
)
def test_percent_rounds_the_exact_rate_half_up(rate, printed):
    assert percent(rate) == printed


def test_fixed_rounds_the_decimal_a_float_stands_for():
    # 2.675 is 2.67499999... in binary: a float's format prints 2.67, the report 2.68
    assert formatting.fixed(2.675, 2) == "2.68"
    assert formatting.fixed(Fraction(-1, 40), 1) == "0.0"  # no "-0.0"
    assert formatting.grouped(1_688_412) == "1,688,412"
    assert formatting.grouped(Fraction(3, 2)) == "2"


def test_a_rate_prints_half_up_from_its_counts():
    rate = FIGURES["criminal.protest_change_rate"]
    num, den = FIGURES[rate.numerator], FIGURES[rate.denominator]
    values = {
        rate.id: Value(rate, 1 / 16, 3 / 16),
        num.id: Value(num, 1, 3),
        den.id: Value(den, 16, 16),
    }
    exact = formatting.exact(values)
    assert exact[rate.id].value == Fraction(1, 16)
    assert exact[rate.id].previous == Fraction(3, 16)
    assert format_value(exact[rate.id]) == "6.3%"
    assert format_value(values[rate.id]) == "6.3%"
    # a denominator of zero: no rate
    empty = formatting.exact({**values, den.id: Value(den, 0, 16)})
    assert empty[rate.id].value is None


@pytest.mark.parametrize(
    ("value", "previous", "en", "zh"),
    [
        (17, 16, "up 6.3% year on year", "同比上升6.3%"),  # 1/16 = 6.25%: half up
        (15, 16, "down 6.3% year on year", "同比下降6.3%"),
        (1_688_000, 1_439_000, "up 17.3% year on year", "同比上升17.3%"),
        (4, 4, "unchanged year on year", "同比持平"),
        (100_001, 100_000, "unchanged year on year", "同比持平"),  # rounds to nothing
        (3, 0, "—", "—"),  # nothing the year before: undefined, as the report prints it
        (3, None, "—", "—"),
    ],
)
def test_a_change_prints_its_direction_half_up(value, previous, en, zh):
    v = Value(FIGURES["criminal.prosecuted"], value, previous)
    assert format_change(v) == en
    assert format_change(v, "zh") == zh


def test_a_rate_has_no_change_in_percent():
    assert format_change(Value(FIGURES["criminal.protest_change_rate"], 0.5, 0.25)) == ""


def test_the_table_sizes_the_id_column_to_the_longest_id():
    base = FIGURES["criminal.prosecuted"]
    long = dataclasses.replace(base, id="criminal.prosecuted.a_figure_with_a_very_long_identifier")
    assert len(long.id) > 44
    values = {
        base.id: Value(base, 1_688_000, 1_439_000),
        long.id: Value(long, 7, 0),
        "criminal.arrested": Value(FIGURES["criminal.arrested"], 12, 12),
    }
    lines = formatting.table(values)
    assert len(lines) == 3
    ends = {line.index(format_value(v)) + len(format_value(v)) for line, v in
            zip(lines, values.values(), strict=True)}  # fmt: skip
    assert len(ends) == 1  # every value ends in the same column
    assert lines[1].split()[2] == "—"  # the change of a count that had none the year before
    names = {line.index(v.figure.zh) for line, v in zip(lines, values.values(), strict=True)}
    assert len(names) == 1
