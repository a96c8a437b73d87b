"""SECURITY.md C1: the access layer against a plain policy oracle over generated office trees.

Hypothesis draws a small forest of offices (any types, any depth, any province) and users of every
role (active or not, verified or not, with or without the office/province their role needs). The
oracle walks the tree in Python; ``offices_visible_to`` and ``access_office_by_id`` must agree with
it for every user and every office.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.access import access_office_by_id, offices_visible_to
from ourvoice.accounts.models import Role, User
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office

MAX_OFFICES = 9
OMBUDSMAN_TYPES = {Office.Type.DISTRICT_OMBUDSMAN, Office.Type.PROVINCIAL_OMBUDSMAN}
# Ombudsman offices twice as likely: the chain below them is where the policy is intricate.
OFFICE_TYPES = [t for t in Office.Type if t != Office.Type.NATIONAL_OVERSIGHT] + sorted(OMBUDSMAN_TYPES)


@dataclass(frozen=True)
class OfficeSpec:
    type: str
    parent: int | None  # index of an earlier office: the generated chain has no cycle
    province: int | None  # index into the two provinces


@dataclass(frozen=True)
class UserSpec:
    role: str
    office: int | None
    province: int | None
    is_active: bool
    is_verified: bool


@st.composite
def forests(draw: st.DrawFn) -> list[OfficeSpec]:
    specs: list[OfficeSpec] = []
    if draw(st.booleans()):
        specs.append(OfficeSpec(Office.Type.NATIONAL_OVERSIGHT, None, None))
    for _ in range(draw(st.integers(min_value=1, max_value=MAX_OFFICES - len(specs)))):
        index = len(specs)
        # Often the office just before: deep chains, not only bushes.
        parents = st.one_of(st.none(), st.just(index - 1), st.integers(min_value=0, max_value=index - 1))
        parent = draw(parents) if index else None
        specs.append(
            OfficeSpec(
                draw(st.sampled_from(OFFICE_TYPES)),
                parent,
                draw(st.sampled_from([0, 1, None])),
            )
        )
    return specs


def users_for(n_offices: int) -> st.SearchStrategy[list[UserSpec]]:
    user = st.builds(
        UserSpec,
        role=st.sampled_from(["", *Role.values]),
        office=st.one_of(st.none(), st.integers(min_value=0, max_value=n_offices - 1)),
        province=st.sampled_from([0, 1, None]),
        is_active=st.booleans(),
        is_verified=st.booleans(),
    )
    return st.lists(user, min_size=1, max_size=6)


def oracle(user: UserSpec, offices: list[OfficeSpec]) -> set[int]:
    """The policy of README.md, written as plainly as possible."""
    everything = set(range(len(offices)))
    if not (user.role and user.is_active and user.is_verified):
        return set()
    own = offices[user.office] if user.office is not None else None
    if user.role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD):
        return {user.office} if user.office is not None else set()
    if user.role == Role.OMBUDSMAN:
        if own is None or own.type not in OMBUDSMAN_TYPES:
            return set()
        seen = {office for office in [user.office] if office is not None}
        changed = True
        while changed:
            below = {i for i, o in enumerate(offices) if o.parent in seen}
            changed = not below <= seen
            seen |= below
        return seen
    if user.role == Role.PROVINCIAL_ADMIN:
        if user.province is None:
            return set()
        return {i for i, o in enumerate(offices) if o.province == user.province}
    if user.role == Role.NATIONAL_OVERSIGHT:
        return everything if own is not None and own.type == Office.Type.NATIONAL_OVERSIGHT else set()
    if user.role == Role.SYSTEM_ADMIN:
        return everything
    if user.role == Role.MONITOR:  # nationwide, but only without an office or province
        return everything if user.office is None and user.province is None else set()
    return set()


def create_offices(
    specs: list[OfficeSpec], provinces: list[Province], district: District, communes: list[Commune]
) -> list[Office]:
    """The generated office tree as rows, parents before children."""
    offices: list[Office] = []
    for i, spec in enumerate(specs):
        offices.append(
            Office.objects.create(
                type=spec.type,
                name_en=f"office {i}",
                name_km=f"office {i}",
                province=provinces[spec.province] if spec.province is not None else None,
                district=district,
                commune=communes[i],
                oversight=offices[spec.parent] if spec.parent is not None else None,
            )
        )
    return offices


@pytest.fixture
def places(db: None) -> tuple[list[Province], District, list[Commune]]:
    provinces = [
        Province.objects.create(code="01", name_km="ក", name_en="A", type="province"),
        Province.objects.create(code="02", name_km="ខ", name_en="B", type="province"),
    ]
    district = District.objects.create(
        code="0101", name_km="ក", name_en="A", type="district", province=provinces[0]
    )
    # One commune per office keeps every generated office unique for the per-area constraints.
    communes = [
        Commune.objects.create(
            code=f"0101{i:02d}", name_km="ក", name_en=f"C{i}", type="commune", district=district
        )
        for i in range(MAX_OFFICES)
    ]
    return provinces, district, communes


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_offices_visible_to_matches_the_oracle(
    places: tuple[list[Province], District, list[Commune]], data
) -> None:
    provinces, district, communes = places
    specs = data.draw(forests(), label="offices")
    user_specs = data.draw(users_for(len(specs)), label="users")
    with transaction.atomic():
        offices = create_offices(specs, provinces, district, communes)
        index_of = {office.pk: i for i, office in enumerate(offices)}
        missing_id = max(index_of) + 1
        for n, spec in enumerate(user_specs):
            user = User.objects.create(
                username=f"u{n}",
                role=spec.role,
                office=offices[spec.office] if spec.office is not None else None,
                province=provinces[spec.province] if spec.province is not None else None,
                is_active=spec.is_active,
            )
            user.is_verified = lambda spec=spec: spec.is_verified  # type: ignore[attr-defined]
            expected = oracle(spec, specs)
            got = {index_of[pk] for pk in offices_visible_to(user=user).values_list("pk", flat=True)}
            assert got == expected, (spec, specs)
            for i, office in enumerate(offices):
                if i in expected:
                    assert access_office_by_id(user=user, office_id=office.pk) == office
                else:
                    with pytest.raises(Http404):
                        access_office_by_id(user=user, office_id=office.pk)
            with pytest.raises(Http404):
                access_office_by_id(user=user, office_id=missing_id)
        assert not offices_visible_to(user=AnonymousUser()).exists()
        # And, every time, each role at each office (or none), in the province of that office: the
        # cases a random draw could miss. Unsaved users: the policy reads only their fields.
        for role in ["", *Role.values]:
            for i in [None, *range(len(specs))]:
                spec = UserSpec(role, i, specs[i].province if i is not None else 0, True, True)
                user = User(
                    role=role,
                    office=offices[i] if i is not None else None,
                    province=provinces[spec.province] if spec.province is not None else None,
                )
                user.is_verified = lambda: True  # type: ignore[attr-defined]
                got = {index_of[pk] for pk in offices_visible_to(user=user).values_list("pk", flat=True)}
                assert got == oracle(spec, specs), (spec, specs)
        transaction.set_rollback(True)
