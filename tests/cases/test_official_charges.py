"""Charges in cases come from the official catalogue (the SPP's and SPC-SPP's charge names)."""

import pytest

from procuracy.cases.declarations import PayloadError, clean_charges


def test_an_official_charge_at_its_article_is_accepted():
    assert clean_charges([{"article": "133-1", "name": "危险驾驶罪"}]) == [
        {"article": "133-1", "name": "危险驾驶罪"}
    ]


def test_an_unofficial_charge_name_is_refused_with_suggestions():
    with pytest.raises(PayloadError, match="not an official charge name") as error:
        clean_charges([{"article": "264", "name": "偷东西罪"}])
    assert error.value.field == "charges"


def test_a_charge_at_the_wrong_article_is_refused():
    with pytest.raises(PayloadError, match=r"defined at CL art\. 264, not art\. 266"):
        clean_charges([{"article": "266", "name": "盗窃罪"}])


def test_an_article_outside_the_specific_provisions_is_refused():
    with pytest.raises(PayloadError, match=r"arts\. 102-451"):
        clean_charges([{"article": "20", "name": "盗窃罪"}])
