"""SECURITY.md C1-C2: ``cases_visible_to`` against a plain policy oracle over generated offices,
roles and cases (hidden from an office, sensitive or not)."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.test_access_property import (  # noqa: F401 (places is a fixture)
    OfficeSpec,
    UserSpec,
    create_offices,
    forests,
    oracle,
    places,
    users_for,
)
from ourvoice.cases.access import access_case_by_id, cases_visible_to
from ourvoice.cases.models import Case
from ourvoice.feedback.models import Category, Feedback


@dataclass(frozen=True)
class CaseSpec:
    office: int
    hidden_from: int | None
    sensitive: bool


def cases_for(n_offices: int) -> st.SearchStrategy[list[CaseSpec]]:
    index = st.integers(min_value=0, max_value=n_offices - 1)
    # A case is never at the office it is hidden from (routing, and the database's check).
    return st.lists(
        st.builds(
            CaseSpec, office=index, hidden_from=st.one_of(st.none(), index), sensitive=st.booleans()
        ).filter(lambda spec: spec.hidden_from != spec.office),
        min_size=1,
        max_size=6,
    )


def case_oracle(user: UserSpec, focal: bool, case: CaseSpec, offices: list[OfficeSpec]) -> bool:
    """The policy of cases/access.py, written as plainly as possible."""
    if user.role == Role.SYSTEM_ADMIN or case.office not in oracle(user, offices):
        return False
    if user.office is not None and case.hidden_from == user.office:
        return False
    if case.sensitive:  # never for independent monitors
        return user.role == Role.NATIONAL_OVERSIGHT or (focal and user.office == case.office)
    return True


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_cases_visible_to_matches_the_oracle(places, data) -> None:
    provinces, district, communes = places
    specs = data.draw(forests(), label="offices")
    user_specs = data.draw(users_for(len(specs)), label="users")
    focal = data.draw(st.lists(st.booleans(), min_size=len(user_specs), max_size=len(user_specs)))
    case_specs = data.draw(cases_for(len(specs)), label="cases")
    category = Category.objects.get(code="slow-service")
    with transaction.atomic():
        offices = create_offices(specs, provinces, district, communes)
        cases = []
        for n, c in enumerate(case_specs):
            feedback = Feedback.objects.create(
                locator=f"{n:08d}",
                reference=f"T{n:07d}",
                kind="complaint",
                category=category,
                channel="web",
                office=offices[c.office],
                province=provinces[0],
                description="x",
                is_sensitive=c.sensitive,
            )
            cases.append(
                Case.objects.create(
                    feedback=feedback,
                    office=offices[c.office],
                    hidden_from=offices[c.hidden_from] if c.hidden_from is not None else None,
                    is_sensitive=c.sensitive,
                )
            )
        for n, (spec, is_focal) in enumerate(zip(user_specs, focal, strict=True)):
            user = User.objects.create(
                username=f"u{n}",
                role=spec.role,
                office=offices[spec.office] if spec.office is not None else None,
                province=provinces[spec.province] if spec.province is not None else None,
                is_active=spec.is_active,
                is_focal_point=is_focal,
            )
            user.is_verified = lambda spec=spec: spec.is_verified  # type: ignore[attr-defined]
            expected = {
                case.pk
                for case, c in zip(cases, case_specs, strict=True)
                if case_oracle(spec, is_focal, c, specs)
            }
            assert set(cases_visible_to(user=user).values_list("pk", flat=True)) == expected, (
                spec,
                case_specs,
            )
            assert cases_visible_to(user=user).count() == len(expected)
            for case in cases:
                if case.pk in expected:
                    assert access_case_by_id(user=user, case_id=case.pk) == case
                else:
                    with pytest.raises(Http404):
                        access_case_by_id(user=user, case_id=case.pk)
        # And, every time, each role at each office (focal point or not), verified: the users a
        # random draw could miss. Unsaved users: the policy reads only their fields.
        for role in Role.values:
            for i in [None, *range(len(specs))]:
                for is_focal in (False, True):
                    spec = UserSpec(role, i, specs[i].province if i is not None else 0, True, True)
                    user = User(
                        role=role,
                        office=offices[i] if i is not None else None,
                        province=provinces[spec.province] if spec.province is not None else None,
                        is_focal_point=is_focal,
                    )
                    user.is_verified = lambda: True  # type: ignore[attr-defined]
                    expected = {
                        case.pk
                        for case, c in zip(cases, case_specs, strict=True)
                        if case_oracle(spec, is_focal, c, specs)
                    }
                    got = set(cases_visible_to(user=user).values_list("pk", flat=True))
                    assert got == expected, (spec, is_focal, case_specs, specs)
        transaction.set_rollback(True)
