"""The catalogue in the admin: filters, search, the source rule, and CSV/XLSX import and export
with a refused row named with its number and reason."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from ourvoice.catalogue.models import Service
from ourvoice.catalogue.resources import ServiceResource

URL = "/en/admin/catalogue/service/"
HEADER = "code,name_km,name_en,office_types,official_fee_riel,processing_days,source,is_active\n"


def _csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "services.csv", (HEADER + "\n".join(rows) + "\n").encode(), content_type="text/csv"
    )


def _import(client, upload: SimpleUploadedFile, file_format: str = "0"):
    page = client.get(f"{URL}import/")
    assert page.status_code == 200
    return client.post(f"{URL}import/", {"import_file": upload, "format": file_format, "resource": "0"})


def test_changelist_filters_and_search(verified_admin_client):
    def listed(**params: str) -> set[str]:
        response = verified_admin_client.get(URL, params)
        assert response.status_code == 200
        return {service.code for service in response.context["cl"].queryset}

    assert "birth-certificate" in listed(office_type="commune")
    assert "birth-certificate" not in listed(office_type="owso")
    assert "business-permit" in listed(office_type="owso")
    assert listed(fee="published") == set()
    Service.objects.filter(code="birth-certificate").update(official_fee_riel=4000, source="Test source")
    assert listed(fee="published") == {"birth-certificate"}
    assert listed(q="សំបុត្រមរណភាព") == {"death-certificate"}


def test_the_admin_form_refuses_a_fee_without_a_source(verified_admin_client):
    form = {
        "code": "new-service",
        "name_km": "សេវាថ្មី",
        "name_en": "New service",
        "office_types": ["commune", "owso"],
        "official_fee_riel": "5000",
        "is_active": "on",
    }
    response = verified_admin_client.post(f"{URL}add/", form)
    assert response.status_code == 200
    assert "Give the source of the official fee" in response.content.decode()
    response = verified_admin_client.post(f"{URL}add/", {**form, "source": "Fee table, 2026"})
    assert response.status_code == 302
    assert Service.objects.get(code="new-service").office_types == ["commune", "owso"]


def test_import_refuses_malformed_rows_naming_each_one_and_saves_nothing(verified_admin_client):
    upload = _csv(
        "good-one,សេវាល្អ,Good one,commune,,,,1",
        "negative-fee,សេវា,Negative fee,commune,-100,,Fee table 2026,1",
        "no-source,សេវា,No source,owso,4000,,,1",
        "bad-type,សេវា,Bad type,commune; ministry,,,,1",
    )
    response = _import(verified_admin_client, upload)
    html = response.content.decode()
    assert response.status_code == 200
    result = response.context["result"]
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "greater than or equal to 0" in str(invalid[2]["official_fee_riel"])
    assert "Give the source" in str(invalid[3]["source"])
    assert "Unknown office type: ministry" in str(invalid[4]["office_types"])
    for message in ("greater than or equal to 0", "Give the source", "Unknown office type: ministry"):
        assert message in html
    assert not Service.objects.filter(code__in=["good-one", "negative-fee", "no-source", "bad-type"]).exists()


def test_import_of_good_rows_confirms_then_saves(verified_admin_client):
    upload = _csv(
        "birth-certificate,សំបុត្រកំណើត,Birth certificate,commune,4000,3,Test fee table 2026,1",
        'new-owso-service,សេវាថ្មី,New OWSO service,"owso, owsu",,,,1',
    )
    response = _import(verified_admin_client, upload)
    assert response.status_code == 200 and not response.context["result"].has_validation_errors()
    confirm = response.context["confirm_form"]
    response = verified_admin_client.post(f"{URL}process_import/", confirm.initial)
    assert response.status_code == 302
    birth = Service.objects.get(code="birth-certificate")
    assert (birth.official_fee_riel, birth.processing_days, birth.source) == (4000, 3, "Test fee table 2026")
    assert Service.objects.get(code="new-owso-service").office_types == ["owso", "owsu"]


@pytest.mark.django_db
def test_export_round_trips_as_xlsx():
    data = ServiceResource().export()
    assert "birth-certificate" in data.csv
    book = tablib.Dataset().load(io.BytesIO(data.export("xlsx")), format="xlsx")
    assert "office_types" in book.headers and "source" in book.headers
    result = ServiceResource().import_data(book, dry_run=True, raise_errors=False)
    assert not result.has_errors() and not result.has_validation_errors()


def test_export_through_the_admin(verified_admin_client):
    page = verified_admin_client.get(f"{URL}export/")
    assert page.status_code == 200
    response = verified_admin_client.post(
        f"{URL}export/",
        {"format": "0", "resource": "0", "serviceresource_code": "on", "serviceresource_name_km": "on"},
    )
    assert response.status_code == 200
    assert "សំបុត្រកំណើត" in response.content.decode()
