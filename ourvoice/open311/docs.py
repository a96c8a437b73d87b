"""The table of services in docs/api.md, made from the data so that it cannot drift.

``python manage.py open311_services_table`` rewrites the table between its markers in
docs/api.md; a test fails when the file differs from what the data gives.
"""

from pathlib import Path

from django.conf import settings

from ourvoice.feedback.models import Kind
from ourvoice.feedback.selectors import category_list

START, END = "<!-- services:start -->", "<!-- services:end -->"
API_DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


def services_table() -> str:
    rows = ["| service_code | group | Khmer | English |", "| --- | --- | --- | --- |"]
    for category in category_list():
        rows.append(
            f"| `{category.code}` | {Kind(category.kind).value} | {category.name_km} | {category.name_en} |"
        )
    return "\n".join(rows)


def with_table(text: str) -> str:
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{START}\n{services_table()}\n{END}{after}"
