"""Tables written as CSV (UTF-8 with a byte-order mark, so Excel reads Khmer) or XLSX.

Every text cell that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe, so it stays text
(OWASP "CSV injection"). Numbers stay numbers.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

Cell = str | int | float | None
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Table:
    title: str  # the sheet's name
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def safe_cell(value: Cell) -> Cell:
    """The value as a spreadsheet must get it: text that looks like a formula is escaped."""
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def _rows(table: Table) -> Iterable[list[Cell]]:
    yield [safe_cell(str(name)) for name in table.header]
    for row in table.rows:
        yield [safe_cell(value) for value in row]


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in _rows(table):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(table.title))
    bold = Font(bold=True)
    for number, row in enumerate(_rows(table)):
        if number == 0:
            header = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
        else:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\']", " ", _ILLEGAL_XML.sub("", title)).strip()
    return cleaned[:31] or "Sheet"


def render(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    raise ValueError(fmt)
