"""Guards for staff views: nothing on a staff page shows before both factors are verified."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from ourvoice.accounts.access import user_is_verified

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Send anyone not signed in with password *and* TOTP to the sign-in page; never cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not user_is_verified(request.user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)
