"""Generated office names (pure functions)."""

import pytest

from ourvoice.offices.models import Office
from ourvoice.offices.names import office_name, unit_name

T = Office.Type


@pytest.mark.parametrize(
    ("unit_type", "names", "km", "en"),
    [
        ("capital", ("ភ្នំពេញ", "Phnom Penh"), "រាជធានីភ្នំពេញ", "Phnom Penh Capital"),
        ("province", ("សៀមរាប", "Siem Reap"), "ខេត្តសៀមរាប", "Siem Reap Province"),
        ("district", ("អង្គរជុំ", "Angkor Chum"), "ស្រុកអង្គរជុំ", "Angkor Chum District"),
        ("municipality", ("សៀមរាប", "Siem Reap"), "ក្រុងសៀមរាប", "Siem Reap Municipality"),
        ("khan", ("សែនសុខ", "Sen Sok"), "ខណ្ឌសែនសុខ", "Khan Sen Sok"),
        ("commune", ("ចារឈូក", "Char Chhuk"), "ឃុំចារឈូក", "Commune Char Chhuk"),
        ("sangkat", ("អូឡាំពិក", "Olympic"), "សង្កាត់អូឡាំពិក", "Sangkat Olympic"),
    ],
)
def test_unit_words_in_khmer_and_english(unit_type, names, km, en):
    name = unit_name(unit_type=unit_type, name_km=names[0], name_en=names[1])
    assert (name.km, name.en) == (km, en)


@pytest.mark.parametrize(
    ("office_type", "unit_type", "names", "km", "en"),
    [
        (
            T.COMMUNE,
            "sangkat",
            ("បឹងកេងកងទី ១", "Boeng Keng Kang 1"),
            "សាលាសង្កាត់បឹងកេងកងទី ១",
            "Sangkat Boeng Keng Kang 1 office",
        ),
        (T.COMMUNE, "commune", ("ចារឈូក", "Char Chhuk"), "សាលាឃុំចារឈូក", "Commune Char Chhuk office"),
        (
            T.OWSO,
            "municipality",
            ("សៀមរាប", "Siem Reap"),
            "ការិយាល័យច្រកចេញចូលតែមួយ ក្រុងសៀមរាប",
            "One Window Service Office, Siem Reap Municipality",
        ),
        (
            T.DISTRICT_OMBUDSMAN,
            "khan",
            ("សែនសុខ", "Sen Sok"),
            "ការិយាល័យប្រជាពលរដ្ឋ ខណ្ឌសែនសុខ",
            "District Ombudsman, Khan Sen Sok",
        ),
        (
            T.OWSU,
            "province",
            ("សៀមរាប", "Siem Reap"),
            "អង្គភាពច្រកចេញចូលតែមួយ ខេត្តសៀមរាប",
            "One Window Service Unit, Siem Reap Province",
        ),
        (
            T.PROVINCIAL_OMBUDSMAN,
            "capital",
            ("ភ្នំពេញ", "Phnom Penh"),
            "ការិយាល័យប្រជាពលរដ្ឋ រាជធានីភ្នំពេញ",
            "Phnom Penh Capital Ombudsman",
        ),
        (
            T.PROVINCIAL_OMBUDSMAN,
            "province",
            ("សៀមរាប", "Siem Reap"),
            "ការិយាល័យប្រជាពលរដ្ឋ ខេត្តសៀមរាប",
            "Siem Reap Provincial Ombudsman",
        ),
    ],
)
def test_office_names(office_type, unit_type, names, km, en):
    name = office_name(office_type=office_type, unit_type=unit_type, name_km=names[0], name_en=names[1])
    assert (name.km, name.en) == (km, en)


def test_national_oversight_is_the_ministry_of_interior():
    name = office_name(office_type=T.NATIONAL_OVERSIGHT)
    assert (name.km, name.en) == ("ក្រសួងមហាផ្ទៃ", "Ministry of Interior")


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown office type"):
        office_name(office_type="mailbox", unit_type="province", name_km="ក", name_en="K")
