"""Staff pages: the office page is loaded only through access_office_by_id (SECURITY.md C1)."""

import pytest
from django.test import Client

from ourvoice.accounts import views
from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import Country, sign_in_verified
from ourvoice.offices.models import Office


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def office_url(office: Office | int) -> str:
    return f"/en/staff/offices/{office if isinstance(office, int) else office.pk}/"


def test_official_of_office_a_gets_404_for_office_b(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.OFFICE_STAFF, office=country.tonle_bassac))
    own = client.get(office_url(country.tonle_bassac))
    assert own.status_code == 200
    assert "Tonle Basak" in own.content.decode()
    assert own["Cache-Control"].startswith("max-age=0") or "no-store" in own["Cache-Control"]
    denied = client.get(office_url(country.boeng_keng_kang))
    missing = client.get(office_url(max(Office.objects.values_list("pk", flat=True)) + 1))
    huge = client.get(office_url(2**70))
    assert denied.status_code == missing.status_code == huge.status_code == 404
    # The same answer for what exists and what does not (only the language switcher's link to the
    # requested address differs).
    assert main(denied) == main(missing) == main(huge)
    assert "Page not found" in main(denied)
    assert "Boeng Keng Kang" not in denied.content.decode()


def test_ombudsman_pages_follow_the_oversight_chain(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    for office in (country.chamkar_mon_ombudsman, country.chamkar_mon_owso, country.tonle_bassac):
        assert client.get(office_url(office)).status_code == 200
    for office in (country.wat_phnom, country.doun_penh_ombudsman, country.pp_ombudsman, country.sla_kram):
        assert client.get(office_url(office)).status_code == 404


def test_provincial_admin_pages_stay_in_the_province(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.PROVINCIAL_ADMIN, province=country.pp))
    for office in (country.pp_owsu, country.pp_ombudsman, country.wat_phnom):
        assert client.get(office_url(office)).status_code == 200
    for office in (country.sla_kram, country.sr_owsu, country.national):
        assert client.get(office_url(office)).status_code == 404


def test_national_oversight_opens_every_office(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.NATIONAL_OVERSIGHT, office=country.national))
    for office in country.all_offices():
        assert client.get(office_url(office)).status_code == 200


def test_home_shows_role_office_and_scope(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    html = client.get("/en/staff/").content.decode()
    assert "Ombudsman" in html
    assert "Chamkar Mon Ombudsman" in html
    for office in (country.chamkar_mon_owso, country.tonle_bassac, country.boeng_keng_kang):
        assert f'href="{office_url(office)}"' in html
    assert office_url(country.wat_phnom) not in html
    assert "4 offices" in html
    assert 'action="/en/staff/logout/" ' in html or 'action="/en/staff/logout/"' in html
    assert "/en/admin/" not in html


def test_home_in_khmer_uses_khmer_names(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(Role.OFFICE_HEAD, office=country.tonle_bassac))
    html = client.get("/km/staff/").content.decode()
    assert "ការិយាល័យ Tonle Basak" in html


def test_home_paginates_the_scope(client: Client, country: Country, make_user, monkeypatch) -> None:
    monkeypatch.setattr(views, "OFFICES_PER_PAGE", 5)
    sign_in_verified(client, make_user(Role.SYSTEM_ADMIN, is_staff=True))
    total = Office.objects.count()
    assert total > 10
    seen: set[str] = set()
    for page in (1, 2, 3, 4):
        response = client.get(f"/en/staff/?page={page}")
        assert response.status_code == 200
        listed = {o.pk for o in response.context["page"].object_list}
        assert len(listed) <= 5
        seen |= {str(pk) for pk in listed}
    assert len(seen) == total
    assert "/en/admin/" in client.get("/en/staff/").content.decode()


def test_a_user_without_role_sees_an_empty_scope(client: Client, country: Country, make_user) -> None:
    sign_in_verified(client, make_user(""))
    html = client.get("/en/staff/").content.decode()
    assert "No role yet" in html
    assert "There is no office in your scope." in html
    assert client.get(office_url(country.tonle_bassac)).status_code == 404


@pytest.mark.parametrize("path", ["/en/staff/", "/en/staff/offices/1/"])
def test_staff_pages_are_not_cached(client: Client, country: Country, make_user, path: str) -> None:
    sign_in_verified(client, make_user(Role.SYSTEM_ADMIN))
    response = client.get(path.replace("/1/", f"/{country.national.pk}/"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_staff_home_leads_to_the_cases_notifications_and_staff_intake(area):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.models import User
    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX
    from ourvoice.cases.tests.staff import client_for

    clerk = User.objects.create(username="clerk-home", role="office_staff", office=area.commune_office)
    TOTPDevice.objects.create(user=clerk, name="phone", key=TOTP_KEY_HEX, confirmed=True)
    page = client_for(clerk).get("/en/staff/").content.decode()
    for address in ("/en/staff/cases/", "/en/staff/notifications/", "/en/staff/cases/new/"):
        assert f'href="{address}"' in page
