"""The stored quarterly reports: rendered after each quarter into the default storage.

Names: ``reports/quarterly/<year>-Q<n>/<area>-<language>.pdf`` where ``<area>`` is ``national``
or ``province-<code>``. Rendering again overwrites the file, so the scheduled task is safe to
run twice. Who may download which file is decided by ``report_access.py``.
"""

import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ourvoice.analytics.models import Level
from ourvoice.analytics.report import report_areas
from ourvoice.analytics.report_format import Quarter
from ourvoice.analytics.report_pdf import report_pdf
from ourvoice.analytics.scope import NATION, Area

FOLDER = "reports/quarterly"
LANGUAGES = ("km", "en")
NAME = re.compile(
    r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])/(?P<area>national|province-(?P<code>\d{1,4}))-(?P<lang>km|en)\.pdf$"
)


@dataclass(frozen=True)
class StoredReport:
    name: str  # relative to FOLDER, e.g. "2026-Q2/province-17-km.pdf"
    quarter: Quarter
    area: Area
    language: str


def area_slug(area: Area) -> str:
    return "national" if area.level == Level.NATIONAL else f"province-{area.id}"


def report_name(*, area: Area, quarter: Quarter, language: str) -> str:
    return f"{quarter.code}/{area_slug(area)}-{language}.pdf"


def parse_name(name: str) -> StoredReport | None:
    """The report a stored name stands for; None for anything else (bad input, not an error)."""
    match = NAME.match(name)
    if match is None:
        return None
    area = Area(Level.PROVINCE, match["code"]) if match["code"] else NATION
    return StoredReport(name, Quarter(int(match["year"]), int(match["quarter"])), area, match["lang"])


def report_store(*, area: Area, quarter: Quarter, language: str) -> str:
    """Render one report and write it to the default storage (replacing it); returns its path."""
    path = f"{FOLDER}/{report_name(area=area, quarter=quarter, language=language)}"
    pdf = report_pdf(area=area, quarter=quarter, language=language)
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(pdf))


def reports_store_all(
    *, quarter: Quarter, areas: list[Area] | None = None, languages: tuple[str, ...] = LANGUAGES
) -> list[str]:
    """Render and store the reports of ``quarter`` (by default the nation and every province, in
    Khmer and English: 26 × 2 files)."""
    return [
        report_store(area=area, quarter=quarter, language=language)
        for area in (areas if areas is not None else report_areas())
        for language in languages
    ]


def stored_reports() -> list[StoredReport]:
    """Every stored report, newest quarter first."""
    found: list[StoredReport] = []
    try:
        quarters, _files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    for folder in quarters:
        for file in default_storage.listdir(f"{FOLDER}/{folder}")[1]:
            report = parse_name(f"{folder}/{file}")
            if report is not None:
                found.append(report)
    return sorted(
        found,
        key=lambda r: (
            -r.quarter.year,
            -r.quarter.quarter,
            r.area.level != Level.NATIONAL,
            r.area.id,
            r.language,
        ),
    )


def stored_report_file(report: StoredReport) -> bytes | None:
    path = f"{FOLDER}/{report.name}"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return bytes(file.read())
