"""The office scope of each role (README.md, "Who sees which office"), through access.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from ourvoice.accounts.access import access_office_by_id, offices_visible_to
from ourvoice.accounts.models import Role
from ourvoice.accounts.tests.conftest import Country, verified
from ourvoice.offices.models import Office


def visible(user) -> set[str]:
    return set(offices_visible_to(user=user).values_list("name_en", flat=True))


def names(*offices: Office) -> set[str]:
    return {o.name_en for o in offices}


def test_office_staff_and_head_see_only_their_office(country: Country, make_user) -> None:
    for role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD):
        user = verified(make_user(role, office=country.tonle_bassac))
        assert visible(user) == names(country.tonle_bassac)
        assert access_office_by_id(user=user, office_id=country.tonle_bassac.pk) == country.tonle_bassac
        with pytest.raises(Http404):
            access_office_by_id(user=user, office_id=country.boeng_keng_kang.pk)


def test_district_ombudsman_sees_its_district_offices_only(country: Country, make_user) -> None:
    user = verified(make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    assert visible(user) == names(
        country.chamkar_mon_ombudsman, country.chamkar_mon_owso, country.tonle_bassac, country.boeng_keng_kang
    )
    for other in (country.wat_phnom, country.doun_penh_ombudsman, country.pp_ombudsman, country.sla_kram):
        with pytest.raises(Http404):
            access_office_by_id(user=user, office_id=other.pk)


def test_provincial_ombudsman_sees_the_chain_below_it(country: Country, make_user) -> None:
    user = verified(make_user(Role.OMBUDSMAN, office=country.pp_ombudsman))
    expected = {o for o in country.all_offices() if o.province_id == "12"} - {country.pp_owsu}
    assert visible(user) == names(*expected)
    # The OWSU answers to national oversight (DOMAIN.md routing), not to the provincial ombudsman.
    with pytest.raises(Http404):
        access_office_by_id(user=user, office_id=country.pp_owsu.pk)


def test_provincial_admin_sees_own_province_only(country: Country, make_user) -> None:
    user = verified(make_user(Role.PROVINCIAL_ADMIN, province=country.sr))
    expected = {o for o in country.all_offices() if o.province_id == "17"}
    assert visible(user) == names(*expected)
    assert country.sr_owsu in expected
    with pytest.raises(Http404):
        access_office_by_id(user=user, office_id=country.tonle_bassac.pk)
    with pytest.raises(Http404):
        access_office_by_id(user=user, office_id=country.national.pk)


@pytest.mark.parametrize("role", [Role.NATIONAL_OVERSIGHT, Role.SYSTEM_ADMIN])
def test_national_oversight_and_system_admin_see_all(country: Country, make_user, role: Role) -> None:
    office = country.national if role == Role.NATIONAL_OVERSIGHT else None
    user = verified(make_user(role, office=office))
    assert visible(user) == names(*country.all_offices())
    assert len(country.all_offices()) == Office.objects.count()


def test_nobody_without_role_activity_or_second_factor_sees_anything(country: Country, make_user) -> None:
    no_role = verified(make_user(""))
    inactive = verified(make_user(Role.SYSTEM_ADMIN, is_active=False))
    not_verified = make_user(Role.SYSTEM_ADMIN)  # no is_verified(): loaded without OTPMiddleware
    refused = make_user(Role.SYSTEM_ADMIN)
    refused.is_verified = lambda: False
    for user in (no_role, inactive, not_verified, refused, AnonymousUser()):
        assert visible(user) == set()
        with pytest.raises(Http404):
            access_office_by_id(user=user, office_id=country.national.pk)


def test_inconsistent_roles_fail_closed(country: Country, make_user) -> None:
    """A role without the office or province it needs (data edited behind User.clean) sees nothing."""
    ombudsman_at_commune = verified(make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    ombudsman_at_commune.office = country.tonle_bassac
    national_elsewhere = verified(make_user(Role.NATIONAL_OVERSIGHT, office=country.national))
    national_elsewhere.office = country.pp_ombudsman
    admin_without_province = verified(make_user(Role.PROVINCIAL_ADMIN, province=country.pp))
    admin_without_province.province = None
    staff_without_office = verified(make_user(Role.OFFICE_STAFF, office=country.tonle_bassac))
    staff_without_office.office = None
    for user in (ombudsman_at_commune, national_elsewhere, admin_without_province, staff_without_office):
        assert visible(user) == set()


def test_unknown_and_malformed_ids_are_404(country: Country, make_user) -> None:
    user = verified(make_user(Role.SYSTEM_ADMIN))
    missing = max(Office.objects.values_list("pk", flat=True)) + 1
    for office_id in (missing, 0, -1, 2**63, "x"):
        with pytest.raises(Http404):
            access_office_by_id(user=user, office_id=office_id)  # type: ignore[arg-type]


def test_scope_survives_a_cycle_in_the_oversight_chain(country: Country, make_user) -> None:
    """Bad data must not hang the recursive query: a cycle ends where it started."""
    Office.objects.filter(pk=country.pp_ombudsman.pk).update(oversight=country.chamkar_mon_ombudsman)
    user = verified(make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    assert country.pp_ombudsman.name_en in visible(user)
    assert country.wat_phnom.name_en in visible(user)
    assert country.sla_kram.name_en not in visible(user)


def test_scope_is_one_lazy_query_usable_as_a_subquery(
    country: Country, make_user, django_assert_num_queries
) -> None:
    """Later access functions filter by office__in=offices_visible_to(...): one query, no list of ids."""
    user = verified(make_user(Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman))
    user = type(user).objects.select_related("office").get(pk=user.pk)
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    with django_assert_num_queries(1):
        heads = list(
            type(user).objects.filter(office__in=offices_visible_to(user=user)).values_list("pk", flat=True)
        )
    assert heads == [user.pk]  # the ombudsman works at an office in their own scope
