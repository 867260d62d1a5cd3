import pytest

from leatadmin.directory.folding import fold, looks_like_phone, phone_key, postcode_key, unquote, words


@pytest.mark.parametrize(("text", "folded"), [("José", "jose"), ("De Vries", "de vries"), ("Chloé", "chloe"), ("Yılmaz", "yilmaz"), ("Zoë", "zoe"), ("Aïcha", "aicha"), ("STRASSE ß", "strasse ss")])
def test_accents_and_case_do_not_matter(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("number", [
    "+31 6 1234 5678", "+31612345678", "0031 6 12345678", "06-12345678", "06 1234 5678", "(06) 12 34 56 78", "0612345678",
    # #28.8: the Dutch way to write a mobile number, "(0)" the trunk prefix after the country code.
    "+31 (0)6 1234 5678", "+31(0)612345678", "0031 (0)6 12345678", "+31 06 1234 5678", "0031 ( 0 ) 6-12 34 56 78",
])
def test_a_phone_number_is_the_same_in_any_notation(number):
    assert looks_like_phone(number)
    assert phone_key(number) == "612345678"


def test_words_split_on_spaces_and_commas():
    assert words("Anna de Vries, Haarlem") == ["anna", "de", "vries", "haarlem"]
    assert not looks_like_phone("Anna 06")
    assert postcode_key("2011 AB") == "2011ab"


@pytest.mark.parametrize("number", ["+49 (0)30 1234 5678", "+49 30 1234 5678", "0049 30 12345678", "0049 (0)30 12345678"])
def test_00_is_plus_for_every_country(number):
    """Another country keeps its code, whichever way its international prefix is written."""
    assert phone_key(number) == "493012345678"


@pytest.mark.parametrize(
    ("typed", "searched"),
    [('"de vries"', "de vries"), ("“de vries”", "de vries"), ("„de vries”", "de vries"), ("'de vries'", "de vries"), ("‘de vries’", "de vries"),
     ("«de vries»", "de vries"), ('  " de vries "  ', "de vries"), ('"de vries', "de vries"), ("'t Hart", "'t Hart"), ("O'Brien", "O'Brien"), ('""', "")],
)
def test_quotes_around_a_search_are_dropped_an_apostrophe_in_a_name_is_not(typed, searched):
    assert unquote(typed) == searched
