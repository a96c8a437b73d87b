"""In-app notifications: what happened (a kind, a date, a case reference), never the content."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import User
from ourvoice.notifications.selectors import unread_notifications
from ourvoice.notifications.services import notifications_mark_read

SHOWN = 100


@staff_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    unread = unread_notifications(user=user).select_related("case__feedback")[:SHOWN]
    return render(request, "notifications/list.html", {"notifications": unread})


@staff_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    notifications_mark_read(user=user)
    return redirect("notifications:list")
