"""Citations in Chinese for the staff pages: paragraphs, items, 之一 articles and ranges, as
Chinese statutes are cited (第二款, 第（三）项, 第二百七十六条之一, 第六百二十九条至第六百四十一条).
Expected texts written by hand."""

import pytest

from procuracy.law import cite


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("CPL art. 81", "《刑事诉讼法》第八十一条"),
        ("CivPL art. 219 ¶2", "《民事诉讼法》第二百一十九条第二款"),
        ("Rules art. 161(2)", "《人民检察院刑事诉讼规则》第一百六十一条第（二）项"),
        ("Criminal Law art. 276-1", "《刑法》第二百七十六条之一"),
        ("Rules arts. 629-641", "《人民检察院刑事诉讼规则》第六百二十九条至第六百四十一条"),
        # a range written "art. 157-158" (as several bases are): no article has 之一百五十八
        ("Rules art. 157-158", "《人民检察院刑事诉讼规则》第一百五十七条至第一百五十八条"),
        ("Regulations on Xinfang Work art. 18 ¶2", "《信访工作条例》第十八条第二款"),
        ("Hearing Rules", "《人民检察院审查案件听证工作规定》"),
    ],
)
def test_a_citation_reads_in_chinese(text, zh):
    assert cite(text, "zh") == zh
    assert cite(text, "en") == text


def test_a_citation_of_an_unknown_law_is_left_as_written():
    assert cite("Heroes and Martyrs Protection Law art. 25", "zh") == (
        "Heroes and Martyrs Protection Law art. 25"
    )
