"""The law module's refusals say why in Chinese too (``LawError.zh``), for the staff web: the
engine passes them on when a period of a case cannot be counted."""

from datetime import date

import pytest

from procuracy.law import (
    CustodyNotApplicable,
    DateOutOfRange,
    InvalidPeriod,
    RuleNotInForce,
    ScheduleMissing,
    UnknownRule,
    compute,
)


def test_the_custody_exception_of_cpl_105_4_refused_in_chinese_too():
    """CPL art. 105 ¶4: only a person in custody has no holiday roll-over; a civil period
    (CivPL art. 85) never takes the exception."""
    with pytest.raises(CustodyNotApplicable) as caught:
        compute("civil-supervision-review", date(2024, 2, 3), custody=True)
    assert "CivPL art. 85" in str(caught.value)
    assert caught.value.zh == (
        "期限civil-supervision-review不适用在押期间不因节假日延长的规定"
        "（《刑事诉讼法》第一百零五条第四款）"
    )


def test_a_given_period_s_months_refused_in_chinese_too():
    """CPL art. 283: conditional non-prosecution's probation is 6 to 12 months."""
    with pytest.raises(InvalidPeriod) as missing:
        compute("conditional-non-prosecution-probation", date(2024, 2, 3))
    assert "6 to 12" in str(missing.value)
    assert missing.value.zh == (
        "期限conditional-non-prosecution-probation需要填写期间的月数（6至12个月）"
    )
    with pytest.raises(InvalidPeriod) as beyond:
        compute("conditional-non-prosecution-probation", date(2024, 2, 3), months=13)
    assert beyond.value.zh == "期间应为6至12个月，而不是13个月"
    with pytest.raises(InvalidPeriod) as fixed:
        compute("prosecution-review", date(2024, 2, 3), months=2)
    assert "fixed period" in str(fixed.value)
    assert fixed.value.zh.startswith("期限prosecution-review的期间固定为") and "不填写月数" in (
        fixed.value.zh
    )


def test_a_missing_holiday_schedule_and_a_rule_not_in_force_refused_in_chinese_too():
    with pytest.raises(ScheduleMissing) as caught:
        compute("prosecution-review", date(2026, 12, 15))
    assert "no holiday schedule for 2027" in str(caught.value)
    assert caught.value.zh.startswith("尚无国务院2027年节假日安排")
    with pytest.raises(RuleNotInForce) as old:
        compute("arrest-review-detained", date(2012, 3, 4))
    assert old.value.zh == (
        "期限arrest-review-detained没有适用于2012-03-04起算的规定（施行期间：自2019-12-30起）"
    )
    with pytest.raises(UnknownRule) as unknown:
        compute("prosecution-reveiw", date(2024, 2, 3))
    assert unknown.value.zh == "未知的期限规则'prosecution-reveiw'"


def test_a_period_past_the_year_9999_refused_in_chinese_too():
    with pytest.raises(DateOutOfRange) as caught:
        compute("prosecution-review", date(9999, 12, 31))
    assert caught.value.zh == (
        "自9999-12-31起算的期间将于9999年之后届满：不计算9999年12月31日以后的期限"
    )
