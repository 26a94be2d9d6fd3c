"""The pure identifier validators: citizen numbers, credit codes, foreign documents, ages.

The check characters are recomputed here from the standards' formulas (not with stdnum, which the
module uses), so the property tests compare two independent implementations.
"""

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procuracy.parties.identifiers import (
    CREDIT_CODE_ALPHABET,
    PROVINCE_CODES,
    REGISTRATION_AUTHORITIES,
    CitizenId,
    CreditCode,
    ForeignDocument,
    ForeignDocumentKind,
    InvalidIdentifier,
    age_on,
    citizen_id_check_character,
    credit_code_check_character,
    is_minor_on,
    organisation_code_check_character,
    parse_citizen_id,
    parse_credit_code,
    parse_foreign_document,
)

TODAY = datetime.date(2025, 6, 1)


# --- independent implementations of the check characters, straight from the standards --------


def gb11643_check(body17: str) -> str:
    """ISO 7064 MOD 11-2: weights 2^(17-i) mod 11 for i = 0..16, check (12 - sum mod 11) mod 11."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body17))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def gb11714_check(body8: str) -> str:
    """Weights 3,7,9,10,5,8,4,2, letters A-Z worth 10-35, C9 = 11 - sum mod 11 (10: X, 11: 0)."""
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body8]
    check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def gb32100_check(body17: str) -> str:
    """ISO 7064 MOD 31-3: weights 3^i mod 31, values by index, check 31 - sum mod 31 (31: 0)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(alphabet.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return alphabet[(31 - total % 31) % 31]


def citizen_number(region: str, birth: str, sequence: str) -> str:
    body = region + birth + sequence
    return body + gb11643_check(body)


def reason_for(parse, value, **kwargs) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        parse(value, **kwargs)
    assert caught.value.value == value
    return caught.value.reason


# --- citizen identity numbers ----------------------------------------------------------------


def test_it_accepts_the_example_number_of_gb_11643():
    # GB 11643-1999's own example, 北京市朝阳区, born 1949-12-31, sequence 002 (even: female).
    # By hand: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times weights
    # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
    # 167 mod 11 = 2, (12 - 2) mod 11 = 10, written X.
    assert parse_citizen_id("11010519491231002X", today=TODAY) == CitizenId(
        value="11010519491231002X",
        region_code="110105",
        birth_date=datetime.date(1949, 12, 31),
        sex="female",
    )


def test_it_accepts_a_published_male_number():
    # The example in python-stdnum's documentation; sequence 007 is odd: male.
    # By hand: 3*7+6*9+0+4*5+2*8+6*4+1*2+9*1+9*6+1*3+0+1*9+0+1*5+0+0+7*2 = 231, mod 11 = 0,
    # (12 - 0) mod 11 = 1.
    citizen = parse_citizen_id("360426199101010071", today=TODAY)
    assert citizen.sex == "male"
    assert citizen.birth_date == datetime.date(1991, 1, 1)
    assert citizen.region_code == "360426"


def test_it_accepts_a_lowercase_x_and_writes_it_in_uppercase():
    assert parse_citizen_id("11010519491231002x", today=TODAY).value == "11010519491231002X"


def test_it_ignores_surrounding_whitespace():
    assert parse_citizen_id("  11010519491231002X\n", today=TODAY).value == "11010519491231002X"


def test_it_converts_a_fifteen_digit_first_generation_number_to_eighteen_digits():
    # The standard's example in its first-generation form: 19 goes before the year.
    assert parse_citizen_id("110105491231002", today=TODAY).value == "11010519491231002X"


def test_it_rejects_a_fifteen_digit_number_when_legacy_numbers_are_not_allowed():
    reason = reason_for(parse_citizen_id, "110105491231002", today=TODAY, allow_legacy=False)
    assert reason == "15-digit first-generation number: convert to 18 digits"


def test_it_rejects_a_fifteen_digit_number_with_an_impossible_date():
    assert reason_for(parse_citizen_id, "110105490231002") == "impossible birth date 1949-02-31"


def test_it_rejects_a_wrong_length():
    assert (
        reason_for(parse_citizen_id, "11010519491231002")
        == "wrong length (17 characters, expected 18)"
    )
    assert reason_for(parse_citizen_id, "1") == "wrong length (1 character, expected 18)"
    assert reason_for(parse_citizen_id, "") == "wrong length (0 characters, expected 18)"


def test_it_rejects_an_invalid_character_and_says_where():
    assert (
        reason_for(parse_citizen_id, "1101A519491231002X") == "invalid character 'A' at position 5"
    )
    assert (
        reason_for(parse_citizen_id, "11010519491231 02X") == "invalid character ' ' at position 15"
    )


def test_it_accepts_x_only_as_the_check_character():
    assert (
        reason_for(parse_citizen_id, "1101051949123100X2") == "invalid character 'X' at position 17"
    )
    assert (
        reason_for(parse_citizen_id, "11010519491231002Y") == "invalid character 'Y' at position 18"
    )


def test_it_rejects_full_width_digits():
    assert (
        reason_for(parse_citizen_id, "１10105194912310025")
        == "invalid character '１' at position 1"
    )


def test_it_rejects_a_wrong_check_character():
    assert (
        reason_for(parse_citizen_id, "110105194912310025", today=TODAY)
        == "wrong check character (expected X, found 5)"
    )
    assert (
        reason_for(parse_citizen_id, "360426199101010075", today=TODAY)
        == "wrong check character (expected 1, found 5)"
    )


def test_it_rejects_an_unknown_province_code():
    number = citizen_number("990105", "19491231", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY).startswith("unknown province code 99")
    number = citizen_number("200105", "19491231", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY) == "unknown province code 20"


def test_it_points_to_the_permanent_residence_card_for_a_number_starting_with_9():
    number = citizen_number("910105", "19491231", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY) == (
        "unknown province code 91 (a number starting with 9 is a foreigner's permanent "
        "residence card)"
    )


@pytest.mark.parametrize("province", ["71", "81", "82", "83", "11", "65"])
def test_it_accepts_taiwan_hong_kong_macao_and_residence_permit_codes(province):
    number = citizen_number(province + "0000", "19800101", "001")
    assert parse_citizen_id(number, today=TODAY).region_code == province + "0000"


def test_the_province_codes_are_the_34_of_gb_2260_and_83():
    assert len(PROVINCE_CODES) == 35
    assert {"83", "71", "81", "82"} <= PROVINCE_CODES
    assert not {"10", "16", "20", "24", "30", "38", "47", "55", "60", "66", "70", "80", "84"} & (
        PROVINCE_CODES
    )


def test_it_rejects_an_impossible_birth_date():
    number = citizen_number("110105", "20230229", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY) == "impossible birth date 2023-02-29"
    number = citizen_number("110105", "19491301", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY) == "impossible birth date 1949-13-01"


def test_it_accepts_29_february_of_2000_a_leap_year():
    number = citizen_number("110105", "20000229", "002")
    assert parse_citizen_id(number, today=TODAY).birth_date == datetime.date(2000, 2, 29)


def test_it_rejects_29_february_of_1900_which_was_not_a_leap_year():
    number = citizen_number("110105", "19000229", "002")
    assert reason_for(parse_citizen_id, number, today=TODAY) == "impossible birth date 1900-02-29"


def test_it_rejects_a_birth_date_in_the_future():
    number = citizen_number("110105", "20300101", "002")
    assert (
        reason_for(parse_citizen_id, number, today=TODAY)
        == "birth date 2030-01-01 is in the future"
    )
    tomorrow = citizen_number("110105", "20250602", "002")
    assert (
        reason_for(parse_citizen_id, tomorrow, today=TODAY)
        == "birth date 2025-06-02 is in the future"
    )


def test_it_accepts_someone_born_today():
    number = citizen_number("110105", "20250601", "002")
    assert parse_citizen_id(number, today=TODAY).birth_date == TODAY


def test_it_uses_the_system_date_when_today_is_not_given():
    number = citizen_number("110105", "29991231", "002")
    assert reason_for(parse_citizen_id, number) == "birth date 2999-12-31 is in the future"


def test_it_rejects_a_birth_date_before_1900_even_the_standards_own_1880_example():
    # GB 11643-1999's second example, born 1880-01-01. Its check character is right, so only the
    # date is wrong: 4*7 + 4*9 + 0 + 5*5 + 2*8 + 4*4 + 1*2 + 8*1 + 8*6 + 0 + 0 + 1*9 + 0 + 1*5
    # + 0 + 0 + 1*2 = 195, 195 mod 11 = 8, (12 - 8) mod 11 = 4.
    assert (
        reason_for(parse_citizen_id, "440524188001010014", today=TODAY)
        == "birth date 1880-01-01 is before 1900-01-01"
    )
    assert parse_citizen_id(citizen_number("440524", "19000101", "001"), today=TODAY)


def test_it_rejects_a_value_that_is_not_text():
    with pytest.raises(InvalidIdentifier) as caught:
        parse_citizen_id(110105194912310025)
    assert caught.value.reason == "expected text, found int"


def test_an_invalid_identifier_is_a_value_error_that_names_the_value():
    with pytest.raises(ValueError, match=r"'110105194912310025': wrong check character"):
        parse_citizen_id("110105194912310025", today=TODAY)


def test_the_check_character_helper_refuses_a_body_that_is_not_17_digits():
    assert citizen_id_check_character("11010519491231002") == "X"
    with pytest.raises(ValueError):
        citizen_id_check_character("1101051949123100")
    with pytest.raises(ValueError):
        citizen_id_check_character("1101051949123100A")


citizen_bodies = st.builds(
    lambda province, rest, birth, sequence: (
        province + rest + birth.strftime("%Y%m%d") + sequence,
        birth,
        int(sequence) % 2,
    ),
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.text("0123456789", min_size=4, max_size=4),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    st.text("0123456789", min_size=3, max_size=3),
)


@given(citizen_bodies)
def test_it_accepts_any_real_body_with_its_computed_check_character(body_birth_odd):
    body, birth, odd = body_birth_odd
    citizen = parse_citizen_id(body + gb11643_check(body), today=TODAY)
    assert citizen.value == body + gb11643_check(body)
    assert citizen.birth_date == birth
    assert citizen.region_code == body[:6]
    assert citizen.sex == ("male" if odd else "female")


@given(citizen_bodies, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_changing_any_one_character_of_a_valid_number_makes_it_invalid(
    body_birth_odd, position, replacement
):
    body = body_birth_odd[0]
    number = body + gb11643_check(body)
    if number[position] == replacement:
        replacement = "1" if replacement == "0" else "0"
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdentifier):
        parse_citizen_id(changed, today=TODAY)


@given(st.text("0123456789", min_size=17, max_size=17))
def test_the_stdnum_check_character_agrees_with_the_standards_formula(body):
    assert citizen_id_check_character(body) == gb11643_check(body)


# --- ages --------------------------------------------------------------------------------------

BORN = datetime.date(2006, 5, 1)


def test_a_person_reaches_an_age_on_the_day_after_the_birthday():
    assert age_on(BORN, datetime.date(2024, 4, 30)) == 17
    assert age_on(BORN, datetime.date(2024, 5, 1)) == 17
    assert age_on(BORN, datetime.date(2024, 5, 2)) == 18


def test_a_person_is_still_a_minor_on_the_eighteenth_birthday():
    assert is_minor_on(BORN, datetime.date(2024, 5, 1))
    assert not is_minor_on(BORN, datetime.date(2024, 5, 2))


def test_the_everyday_count_lets_the_birthday_itself_count():
    assert age_on(BORN, datetime.date(2024, 4, 30), birthday_counts=True) == 17
    assert age_on(BORN, datetime.date(2024, 5, 1), birthday_counts=True) == 18
    assert not is_minor_on(BORN, datetime.date(2024, 5, 1), birthday_counts=True)


def test_someone_born_on_29_february_has_the_birthday_on_28_february_in_common_years():
    leap_born = datetime.date(2004, 2, 29)
    assert age_on(leap_born, datetime.date(2022, 2, 28)) == 17
    assert age_on(leap_born, datetime.date(2022, 3, 1)) == 18
    assert age_on(leap_born, datetime.date(2022, 2, 28), birthday_counts=True) == 18
    assert age_on(leap_born, datetime.date(2024, 2, 29)) == 19
    assert age_on(leap_born, datetime.date(2024, 3, 1)) == 20


def test_age_is_zero_on_the_day_of_birth_and_refused_before_it():
    assert age_on(BORN, BORN) == 0
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(BORN, datetime.date(2006, 4, 30))


def reference_age(birth, on, shift_days):
    """Count the birthdays (plus shift_days) that fall on or before ``on``, one by one."""

    def birthday(n):
        if (birth.month, birth.day) == (2, 29) and not calendar.isleap(birth.year + n):
            return datetime.date(birth.year + n, 2, 28)
        return birth.replace(year=birth.year + n)

    n = 0
    while birthday(n + 1) + datetime.timedelta(days=shift_days) <= on:
        n += 1
    return n


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.integers(0, 120),
    st.integers(0, 365),
)
def test_age_agrees_with_counting_the_birthdays_one_by_one(birth, years, offset):
    on = birth + datetime.timedelta(days=365 * years + offset)
    assert age_on(birth, on) == reference_age(birth, on, shift_days=1)
    assert age_on(birth, on, birthday_counts=True) == reference_age(birth, on, shift_days=0)
    assert is_minor_on(birth, on) == (reference_age(birth, on, shift_days=1) < 18)


# --- unified social credit codes ---------------------------------------------------------------


def test_it_accepts_the_commonly_cited_example_code():
    # 91350100M000100Y43: 9 工商, 1 企业, 350100 福州市, organisation code M000100Y4, check 3.
    # GB 11714 by hand: M=22, Y=34; 22*3 + 0*7 + 0*9 + 0*10 + 1*5 + 0*8 + 0*4 + 34*2 = 139,
    # 139 mod 11 = 7, 11 - 7 = 4: position 17 is 4.
    # GB 32100 by hand (values by index in 0-9 A-H J-N P-R T U W-Y: M=21, Y=30), weights
    # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28: 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420
    # + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640, 1640 mod 31 = 28, 31 - 28 = 3: position 18 is 3.
    assert parse_credit_code("91350100M000100Y43") == CreditCode(
        value="91350100M000100Y43",
        registration_authority="9",
        organisation_category="1",
        division_code="350100",
        organisation_code="M000100Y4",
    )


@pytest.mark.parametrize(
    ("code", "division"),
    [
        # python-stdnum's documentation example (a Beijing enterprise). GB 11714 by hand:
        # 6*3 + 0 + 0 + 0 + 3*5 + 7*8 + 3*4 + 4*2 = 109, mod 11 = 10, 11 - 10 = 1.
        ("91110000600037341L", "110000"),
        # The codes printed on the business licences of Huawei Technologies Co., Ltd. (Shenzhen),
        # Alibaba (China) Co., Ltd. (Hangzhou) and Shenzhen Tencent Computer Systems Co., Ltd.,
        # as publicly listed (quoted from memory: a wrong recollection would pass both check
        # characters by chance with odds of about 1 in 341). GB 11714 for Huawei
        # by hand: 1*3 + 9*7 + 2*9 + 2*10 + 0*5 + 3*8 + 8*4 + 2*2 = 164, mod 11 = 10, 11 - 10 = 1.
        ("914403001922038216", "440300"),
        ("91330100716105852F", "330100"),
        ("91440300708461136T", "440300"),
    ],
)
def test_it_accepts_published_codes_of_real_enterprises(code, division):
    credit = parse_credit_code(code)
    assert credit.value == code
    assert credit.division_code == division
    assert (credit.registration_authority, credit.organisation_category) == ("9", "1")
    assert credit.registration_authority_name == "工商"
    assert credit.organisation_category_name == "企业"


def test_it_accepts_lowercase_letters_and_writes_them_in_uppercase():
    assert parse_credit_code("91350100m000100y43").value == "91350100M000100Y43"
    assert parse_credit_code(" 91350100M000100Y43 ").value == "91350100M000100Y43"


def test_it_rejects_a_credit_code_of_the_wrong_length():
    assert (
        reason_for(parse_credit_code, "91350100M000100Y4")
        == "wrong length (17 characters, expected 18)"
    )


def test_it_rejects_a_wrong_credit_code_check_character():
    assert (
        reason_for(parse_credit_code, "91350100M000100Y44")
        == "wrong check character (position 18: expected 3, found 4)"
    )


def test_it_rejects_a_wrong_organisation_code_check_character_and_says_both_are_wrong():
    # Position 17 also counts in the code's own check character, so both are wrong.
    assert reason_for(parse_credit_code, "91350100M000100Y53") == (
        "wrong organisation code check character (position 17: expected 4, found 5); "
        "wrong check character (position 18: expected 6, found 3)"
    )


def test_it_rejects_an_organisation_code_check_character_alone_when_position_18_agrees():
    body = "91350100M000100Y5"
    code = body + gb32100_check(body)
    assert (
        reason_for(parse_credit_code, code)
        == "wrong organisation code check character (position 17: expected 4, found 5)"
    )


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_it_rejects_the_letters_the_standard_leaves_out(letter):
    code = "91350100M000100" + letter + "43"
    assert reason_for(parse_credit_code, code) == (
        f"invalid character '{letter}' at position 16 (the letters I, O, Z, S and V are not used)"
    )


def test_it_rejects_a_letter_in_the_division_code():
    assert reason_for(parse_credit_code, "913501A0M000100Y43") == (
        "invalid character 'A' at position 7 (positions 3-8, the division code, are digits)"
    )


def test_it_rejects_punctuation_in_a_credit_code():
    assert (
        reason_for(parse_credit_code, "91350100-000100Y43") == "invalid character '-' at position 9"
    )


def test_it_rejects_an_unknown_registration_authority():
    assert reason_for(parse_credit_code, "B1350100M000100Y43") == (
        "unknown registration authority code B"
    )


def test_it_rejects_a_category_the_authority_does_not_have():
    assert reason_for(parse_credit_code, "94350100M000100Y43") == (
        "unknown organisation category 4 for registration authority 9 (工商): "
        "expected one of 1, 2, 3"
    )
    assert reason_for(parse_credit_code, "Y2350100M000100Y43").startswith(
        "unknown organisation category 2 for registration authority Y (其他)"
    )


def test_it_rejects_a_non_text_credit_code():
    with pytest.raises(InvalidIdentifier, match="expected text, found NoneType"):
        parse_credit_code(None)


def test_the_registration_authorities_are_those_of_gb_32100_table_1():
    assert "".join(REGISTRATION_AUTHORITIES) == "123456789ANY"
    assert set(REGISTRATION_AUTHORITIES["5"][1]) == {"1", "2", "3", "9"}
    assert REGISTRATION_AUTHORITIES["Y"] == ("其他", {"1": "其他"})
    for _, categories in REGISTRATION_AUTHORITIES.values():
        assert all(c in CREDIT_CODE_ALPHABET for c in categories)


@pytest.mark.parametrize(
    ("authority", "category"), [("1", "1"), ("5", "3"), ("A", "1"), ("N", "2"), ("Y", "1")]
)
def test_it_accepts_codes_of_authorities_written_with_letters_and_digits(authority, category):
    organisation = "MA01B2C3"
    body = authority + category + "100000" + organisation + gb11714_check(organisation)
    code = body + gb32100_check(body)
    credit = parse_credit_code(code)
    assert (credit.registration_authority, credit.organisation_category) == (authority, category)
    assert credit.organisation_code == organisation + gb11714_check(organisation)


def test_the_organisation_code_check_character_can_be_x_or_0():
    # 00000001: 1*2 = 2, 11 - 2 = 9.
    assert organisation_code_check_character("00000001") == "9"
    # 0000000B: B = 11, 11*2 = 22, 22 mod 11 = 0, 11 - 0 = 11: written 0.
    assert organisation_code_check_character("0000000B") == "0"
    # 00000030: 3*4 = 12, 12 mod 11 = 1, 11 - 1 = 10: written X.
    assert organisation_code_check_character("00000030") == "X"
    with pytest.raises(ValueError):
        organisation_code_check_character("0000003")


def test_the_credit_code_check_character_helper_refuses_a_bad_body():
    assert credit_code_check_character("91350100M000100Y4") == "3"
    with pytest.raises(ValueError):
        credit_code_check_character("91350100M000100I4")


credit_bodies = st.builds(
    lambda authority_category, division, organisation: (
        authority_category + division + organisation + gb11714_check(organisation)
    ),
    st.sampled_from(
        [a + c for a, (_, categories) in REGISTRATION_AUTHORITIES.items() for c in categories]
    ),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(CREDIT_CODE_ALPHABET, min_size=8, max_size=8),
)


@given(credit_bodies)
def test_it_accepts_any_well_formed_body_with_both_computed_check_characters(body):
    code = body + gb32100_check(body)
    assert parse_credit_code(code).value == code


@given(credit_bodies, st.integers(0, 17), st.sampled_from(CREDIT_CODE_ALPHABET + "IOZSV-"))
def test_changing_any_one_character_of_a_valid_code_makes_it_invalid(body, position, replacement):
    code = body + gb32100_check(body)
    if code[position] == replacement:
        replacement = "1" if replacement == "0" else "0"
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidIdentifier):
        parse_credit_code(changed)


@given(st.text(CREDIT_CODE_ALPHABET, min_size=17, max_size=17))
def test_the_stdnum_credit_code_check_character_agrees_with_the_standards_formula(body):
    assert credit_code_check_character(body) == gb32100_check(body)


@given(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_the_organisation_code_check_character_agrees_with_the_standards_formula(body):
    assert organisation_code_check_character(body) == gb11714_check(body)


# --- foreign documents -------------------------------------------------------------------------


def test_it_accepts_a_passport_and_normalises_number_and_country():
    document = parse_foreign_document("passport", " e1234567 ", "usa")
    assert document == ForeignDocument(ForeignDocumentKind.PASSPORT, "E1234567", "USA")
    assert document.kind == "passport"


@pytest.mark.parametrize("kind", [k.value for k in ForeignDocumentKind])
def test_it_accepts_every_document_kind(kind):
    assert parse_foreign_document(kind, "H12345678", "HKG").kind == kind


def test_it_rejects_an_unknown_document_kind():
    with pytest.raises(InvalidIdentifier, match="unknown document kind 'visa'"):
        parse_foreign_document("visa", "E1234567", "USA")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "the document number is empty"),
        ("   ", "the document number is empty"),
        ("E123", "the document number must be 5 to 20 letters (A-Z) and digits"),
        ("E" * 21, "the document number must be 5 to 20 letters (A-Z) and digits"),
        ("E123-4567", "the document number must be 5 to 20 letters (A-Z) and digits"),
    ],
)
def test_it_rejects_a_bad_document_number(number, reason):
    with pytest.raises(InvalidIdentifier) as caught:
        parse_foreign_document("passport", number, "USA")
    assert caught.value.reason == reason


@pytest.mark.parametrize("country", ["US", "USAA", "84O", "", "U S"])
def test_it_rejects_a_country_that_is_not_three_letters(country):
    with pytest.raises(InvalidIdentifier, match="ISO 3166-1 alpha-3"):
        parse_foreign_document("passport", "E1234567", country)


def test_it_checks_the_check_character_of_a_2023_permanent_residence_card():
    body = "91184019800101001"  # 9, then 16 digits
    valid = body + gb11643_check(body)
    kind = "foreigner_permanent_residence_card"
    assert parse_foreign_document(kind, valid, "USA").number == valid
    wrong = body + ("0" if valid[-1] != "0" else "1")
    with pytest.raises(InvalidIdentifier, match="wrong check character"):
        parse_foreign_document(kind, wrong, "USA")
    with pytest.raises(InvalidIdentifier, match="starts with 9"):
        parse_foreign_document(kind, "8" + valid[1:], "USA")
    with pytest.raises(InvalidIdentifier, match="invalid character 'A' at position 2"):
        parse_foreign_document(kind, "9A" + valid[2:], "USA")


def test_it_accepts_an_older_permanent_residence_card_of_letters_and_digits():
    document = parse_foreign_document(
        "foreigner_permanent_residence_card", "USA110090123456", "USA"
    )
    assert document.number == "USA110090123456"
