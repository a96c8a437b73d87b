"""Writes on staff accounts (README.md). Every service is keyword-only and runs in one transaction."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from ourvoice.accounts.models import User
from ourvoice.geo.models import Province
from ourvoice.offices.models import Office

# Session engines that keep their sessions in the database table we can search.
_DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def user_sessions_end(*, user: User) -> int:
    """Delete every stored session of ``user`` at once; return how many there were.

    The database keeps no index from user to session, so this reads the live (unexpired) sessions;
    with the idle timeout there are few. Whatever the engine, a session whose user's role, office,
    province, status or password changed is refused on its next request anyway
    (``User.get_session_auth_hash``): this deletion makes the end immediate and leaves nothing behind.
    """
    if settings.SESSION_ENGINE not in _DATABASE_SESSION_ENGINES:
        return 0
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    for key in keys:
        store_class(session_key=key).delete()  # the cached_db engine also drops its cache entry
    return len(keys)


@transaction.atomic
def user_update_role(*, user: User, role: str, office: Office | None, province: Province | None) -> User:
    """Give ``user`` a new role and scope (``""`` for no role), validated by ``User.clean``.

    The user's sessions end: whatever they could see before must be asked for again.
    Raises ``ValidationError`` when the role and its office or province do not fit together.
    """
    user.role = role
    user.office = office
    user.province = province
    user.full_clean()
    user.save(update_fields=["role", "office", "province"])
    user_sessions_end(user=user)
    return user


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Disable ``user``'s account (kept for the audit trail, never deleted) and end their sessions."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user=user)
    return user
