"""Sessions end when what a user may see changes (SECURITY.md E4)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from ourvoice.accounts.models import Role, User
from ourvoice.accounts.services import user_deactivate, user_sessions_end, user_update_role
from ourvoice.accounts.tests.conftest import Country, sign_in_verified

HOME = "/en/staff/"


def sessions_of(user: User) -> list[Session]:
    return [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]


def signed_in_clients(user: User, n: int = 2) -> list[Client]:
    clients = [Client() for _ in range(n)]
    for client in clients:
        sign_in_verified(client, user)
        assert client.get(HOME).status_code == 200
    return clients


def test_user_update_role_deletes_the_users_sessions(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    bystander = make_user(Role.OFFICE_STAFF, office=country.wat_phnom)
    clients = signed_in_clients(user)
    (other,) = signed_in_clients(bystander, 1)
    assert len(sessions_of(user)) == 2

    user_update_role(user=user, role=Role.OMBUDSMAN, office=country.chamkar_mon_ombudsman, province=None)

    user.refresh_from_db()
    assert (user.role, user.office) == (Role.OMBUDSMAN, country.chamkar_mon_ombudsman)
    assert sessions_of(user) == []
    for client in clients:
        assert client.get(HOME).status_code == 302
    assert other.get(HOME).status_code == 200  # nobody else is signed out
    assert len(sessions_of(bystander)) == 1


def test_user_update_role_validates_and_changes_nothing_when_invalid(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    (client,) = signed_in_clients(user, 1)
    with pytest.raises(ValidationError) as error:
        user_update_role(user=user, role=Role.OMBUDSMAN, office=country.tonle_bassac, province=None)
    assert "office" in error.value.message_dict
    with pytest.raises(ValidationError):
        user_update_role(user=user, role="mayor", office=None, province=None)
    user.refresh_from_db()
    assert (user.role, user.office) == (Role.OFFICE_STAFF, country.tonle_bassac)
    assert client.get(HOME).status_code == 200


def test_removing_the_role_signs_out_and_shows_nothing(country: Country, make_user) -> None:
    user = make_user(Role.PROVINCIAL_ADMIN, province=country.pp)
    (client,) = signed_in_clients(user, 1)
    user_update_role(user=user, role="", office=None, province=None)
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role", Role.OFFICE_HEAD),
        ("office", "wat_phnom"),
        ("is_active", False),
        ("is_staff", True),
        ("is_focal_point", True),
    ],
)
def test_any_scope_change_saved_elsewhere_ends_sessions_too(
    country: Country, make_user, field: str, value: object
) -> None:
    """The admin or a shell changes fields with a plain save(): the session hash catches it."""
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    (client,) = signed_in_clients(user, 1)
    setattr(user, field, country.wat_phnom if value == "wat_phnom" else value)
    user.save()
    assert client.get(HOME).status_code == 302
    if field != "is_active":  # Django refuses an inactive user before it compares the hash
        assert SESSION_KEY not in client.session  # the stale session was flushed


def test_an_unrelated_change_keeps_the_session(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    (client,) = signed_in_clients(user, 1)
    user.first_name = "Sokha"
    user.save()
    assert client.get(HOME).status_code == 200


def test_a_password_change_ends_sessions(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    (client,) = signed_in_clients(user, 1)
    user.set_password("another long passphrase")
    user.save()
    assert client.get(HOME).status_code == 302


def test_user_deactivate_deletes_sessions(country: Country, make_user) -> None:
    user = make_user(Role.OFFICE_HEAD, office=country.tonle_bassac)
    clients = signed_in_clients(user)
    user_deactivate(user=user)
    user.refresh_from_db()
    assert not user.is_active
    assert sessions_of(user) == []
    assert all(c.get(HOME).status_code == 302 for c in clients)


def test_user_sessions_end_counts_and_ignores_other_engines(country: Country, make_user, settings) -> None:
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    signed_in_clients(user, 3)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    assert user_sessions_end(user=user) == 0
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert user_sessions_end(user=user) == 3
    assert sessions_of(user) == []


def test_a_session_ends_after_the_idle_timeout_and_activity_renews_it(country: Country, make_user, settings):
    """E4's idle timeout: SESSION_IDLE_SECONDS without a request signs a member of staff out."""
    import datetime

    import time_machine
    from django.utils import timezone

    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        (client,) = signed_in_clients(user, 1)
    # Active every 20 minutes for two hours: still signed in.
    for step in range(1, 7):
        with time_machine.travel(start + step * datetime.timedelta(minutes=20), tick=False):
            assert client.get(HOME).status_code == 200
    # Then idle one second longer than the timeout: signed out.
    with time_machine.travel(
        start + 6 * datetime.timedelta(minutes=20) + idle + datetime.timedelta(seconds=1)
    ):
        response = client.get(HOME)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_an_active_session_is_written_at_most_once_a_minute(country: Country, make_user):
    """The idle timeout is renewed by saving the session: once a minute at most, not on every
    page (an UPDATE and a commit each); a request after a minute renews it again."""
    import datetime

    import time_machine
    from django.utils import timezone

    user = make_user(Role.OFFICE_STAFF, office=country.tonle_bassac)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        (client,) = signed_in_clients(user, 1)
    key = client.session.session_key

    def expiry() -> datetime.datetime:
        return Session.objects.get(session_key=key).expire_date

    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert client.get(HOME).status_code == 200
    renewed = expiry()
    assert renewed > start + datetime.timedelta(seconds=60)
    for seconds in (70, 90, 120):  # within a minute of that save: nothing written
        with time_machine.travel(start + datetime.timedelta(seconds=seconds), tick=False):
            assert client.get(HOME).status_code == 200
        assert expiry() == renewed
    with time_machine.travel(start + datetime.timedelta(seconds=122), tick=False):
        assert client.get(HOME).status_code == 200
    assert expiry() > renewed
