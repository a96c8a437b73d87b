from dataclasses import dataclass

import pytest

from ourvoice.accounts.models import Role, User


@dataclass
class Staff:
    commune_staff: User
    commune_head: User
    commune_focal_point: User
    other_commune_staff: User
    district_ombudsman: User
    provincial_ombudsman: User
    provincial_focal_point: User
    national: User


@pytest.fixture
def staff(area) -> Staff:
    """Staff at each office of the ``area`` fixture, each with an e-mail address."""

    def user(name: str, role: str, office, **fields) -> User:
        return User.objects.create(
            username=name, role=role, office=office, email=f"{name}@example.org", **fields
        )

    return Staff(
        commune_staff=user("commune-staff", Role.OFFICE_STAFF, area.commune_office),
        commune_head=user("commune-head", Role.OFFICE_HEAD, area.commune_office),
        commune_focal_point=user(
            "commune-focal", Role.OFFICE_STAFF, area.commune_office, is_focal_point=True
        ),
        other_commune_staff=user("other-staff", Role.OFFICE_STAFF, area.other_commune_office),
        district_ombudsman=user("do", Role.OMBUDSMAN, area.district_ombudsman),
        provincial_ombudsman=user("po", Role.OMBUDSMAN, area.provincial_ombudsman),
        provincial_focal_point=user(
            "po-focal", Role.OMBUDSMAN, area.provincial_ombudsman, is_focal_point=True
        ),
        national=user("national", Role.NATIONAL_OVERSIGHT, area.national),
    )
