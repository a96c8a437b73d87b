"""The Khmer and English names of generated offices, built from the names of the units they serve.

These are stored data in both languages, shown side by side whatever the reader's language, so
they are fixed strings here and not gettext messages. Khmer joins a unit word to its name
without a space (ស្រុក + អង្គរធំ), as the gazetteer's own unit names are written, and puts a
space between the office term and the unit, where a Khmer line may then wrap on a small screen.
"""

from dataclasses import dataclass

from ourvoice.offices.models import Office

# The unit words of each place type (models' Type values): (Khmer, English, English before name).
_UNITS: dict[str, tuple[str, str, bool]] = {
    "capital": ("រាជធានី", "Capital", False),
    "province": ("ខេត្ត", "Province", False),
    "district": ("ស្រុក", "District", False),
    "municipality": ("ក្រុង", "Municipality", False),
    "khan": ("ខណ្ឌ", "Khan", True),
    "commune": ("ឃុំ", "Commune", True),
    "sangkat": ("សង្កាត់", "Sangkat", True),
}

NATIONAL_OVERSIGHT_KM = "ក្រសួងមហាផ្ទៃ"
NATIONAL_OVERSIGHT_EN = "Ministry of Interior"


@dataclass(frozen=True)
class OfficeName:
    km: str
    en: str


def unit_name(*, unit_type: str, name_km: str, name_en: str) -> OfficeName:
    """A place with its unit word: "ខណ្ឌសែនសុខ" / "Khan Sen Sok", "ខេត្តសៀមរាប" / "Siem Reap Province"."""
    word_km, word_en, before = _UNITS[unit_type]
    return OfficeName(
        km=f"{word_km}{name_km}", en=f"{word_en} {name_en}" if before else f"{name_en} {word_en}"
    )


def office_name(*, office_type: str, unit_type: str = "", name_km: str = "", name_en: str = "") -> OfficeName:
    """The name of an office of ``office_type`` serving the unit (empty for national oversight)."""
    if office_type == Office.Type.NATIONAL_OVERSIGHT:
        return OfficeName(km=NATIONAL_OVERSIGHT_KM, en=NATIONAL_OVERSIGHT_EN)
    unit = unit_name(unit_type=unit_type, name_km=name_km, name_en=name_en)
    if office_type == Office.Type.COMMUNE:
        return OfficeName(km=f"សាលា{unit.km}", en=f"{unit.en} office")
    if office_type == Office.Type.OWSO:
        return OfficeName(km=f"ការិយាល័យច្រកចេញចូលតែមួយ {unit.km}", en=f"One Window Service Office, {unit.en}")
    if office_type == Office.Type.DISTRICT_OMBUDSMAN:
        return OfficeName(km=f"ការិយាល័យប្រជាពលរដ្ឋ {unit.km}", en=f"District Ombudsman, {unit.en}")
    if office_type == Office.Type.OWSU:
        return OfficeName(km=f"អង្គភាពច្រកចេញចូលតែមួយ {unit.km}", en=f"One Window Service Unit, {unit.en}")
    if office_type == Office.Type.PROVINCIAL_OMBUDSMAN:
        # "Phnom Penh Capital Ombudsman", "Siem Reap Provincial Ombudsman".
        level = "Capital" if unit_type == "capital" else "Provincial"
        return OfficeName(km=f"ការិយាល័យប្រជាពលរដ្ឋ {unit.km}", en=f"{name_en} {level} Ombudsman")
    raise ValueError(f"unknown office type {office_type!r}")
