"""docs/api.md documents every operation of the schema, and its services table matches the data."""

import pytest
import yaml

from ourvoice.open311.docs import API_DOC, with_table

pytestmark = pytest.mark.django_db


def test_the_services_table_matches_the_data():
    text = API_DOC.read_text(encoding="utf-8")
    assert text == with_table(text), "run: python manage.py open311_services_table"
    assert "| `slow-service` | complaint | សេវាយឺត ឬហួសពេលកំណត់ | Slow service or a missed deadline |" in text


def test_every_operation_of_the_schema_has_a_curl_example(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    text = API_DOC.read_text(encoding="utf-8")
    for path, operations in schema["paths"].items():
        documented = path.replace("{response_format}", "{xml,json}")
        for method in operations:
            heading = f"### `{method.upper()} {documented}"
            assert heading in text, f"docs/api.md lacks {method.upper()} {path}"
