"""Staff pages under /<lang>/staff/. Thin: access.py decides, selectors read, templates show."""

from typing import Any

from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from ourvoice.accounts.access import access_office_by_id, poster_offices_for
from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.forms import StaffLoginForm
from ourvoice.accounts.models import User
from ourvoice.accounts.navigation import staff_links
from ourvoice.accounts.selectors import office_list_for_staff
from ourvoice.notifications.selectors import unread_notifications

OFFICES_PER_PAGE = 25


class StaffLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffLoginForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # logs in and rotates the session key
        # Records which device verified this sign-in; OTPMiddleware reads it on every request.
        otp_login(self.request, form.otp_device)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after)
        return response


login = StaffLoginView.as_view()
# POST only (Django answers 405 to GET): a link or an image cannot sign anybody out.
logout = never_cache(LogoutView.as_view())


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(office_list_for_staff(user=user), OFFICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/home.html",
        {
            "page": page,
            "links": staff_links(user=user),
            "unread_count": unread_notifications(user=user).count() if isinstance(user, User) else 0,
        },
    )


@staff_required
def office_detail(request: HttpRequest, office_id: int) -> HttpResponse:
    office = access_office_by_id(user=request.user, office_id=office_id)
    can_print = poster_offices_for(user=request.user).filter(pk=office.pk).exists()
    return render(request, "accounts/office_detail.html", {"office": office, "can_print_poster": can_print})
