"""Staff are told that cases reached them, never what they are about (SECURITY.md A7, C2)."""

from datetime import date

import pytest

from ourvoice.cases.escalation import case_escalate_if_overdue
from ourvoice.cases.models import CaseEvent, Status
from ourvoice.cases.services import case_transition
from ourvoice.feedback.models import Category
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.services import message_post_by_citizen
from ourvoice.notifications.models import Notification
from ourvoice.notifications.selectors import unread_notification_count, unread_notifications
from ourvoice.notifications.services import notifications_email_pending, notifications_mark_read
from ourvoice.notifications.tasks import email_pending_notifications, notify_event

Kind = Notification.Kind
DESCRIPTION = "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។ SENTINEL-TEXT"


@pytest.fixture
def submit(make_input, django_capture_on_commit_callbacks):
    """Submit a report and run what its commit queues (the notification task, inline in tests)."""

    def run(**overrides):
        overrides.setdefault("description", DESCRIPTION)
        with django_capture_on_commit_callbacks(execute=True):
            return feedback_submit(data=make_input(**overrides)).case

    return run


def recipients(kind: str | None = None) -> set[str]:
    notifications = Notification.objects.all()
    if kind:
        notifications = notifications.filter(kind=kind)
    return set(notifications.values_list("recipient__username", flat=True))


def test_a_new_case_tells_the_staff_of_its_office_only(submit, staff):
    submit()
    assert recipients(Kind.NEW_CASE) == {"commune-staff", "commune-head", "commune-focal"}


def test_three_new_cases_make_one_content_free_email_per_user(submit, staff, mailoutbox):
    for _ in range(3):
        submit()
    assert email_pending_notifications.call_local() == 3
    by_user = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_user) == {
        "commune-staff@example.org",
        "commune-head@example.org",
        "commune-focal@example.org",
    }
    mail = by_user["commune-staff@example.org"]
    text = mail.subject + mail.body
    assert "3" in mail.subject
    assert "/staff/" in mail.body  # a link to the inbox
    category = Category.objects.get(code="slow-service")
    for secret in (DESCRIPTION, "SENTINEL-TEXT", category.name_en, category.name_km, "Sla Kram"):
        assert secret not in text
    # Sent once: the next run has nothing to send.
    assert notifications_email_pending() == 0
    assert len(mailoutbox) == 3


def test_notifications_carry_no_content(submit, staff):
    case = submit()
    for notification in Notification.objects.all():
        values = [str(getattr(notification, f.attname)) for f in Notification._meta.concrete_fields]
        assert all("SENTINEL" not in value for value in values)
        assert notification.case_id == case.pk


def test_a_complaint_about_an_office_never_reaches_that_office(submit, staff, mailoutbox):
    submit(category="staff-conduct")
    assert recipients() == {"do"}
    notifications_email_pending()
    assert [mail.to for mail in mailoutbox] == [["do@example.org"]]


def test_a_sensitive_case_reaches_only_focal_points_and_national_oversight(submit, staff, mailoutbox):
    submit(category="sexual-harassment")
    assert recipients() == {"po-focal", "national"}
    notifications_email_pending()
    sent = sorted(address for mail in mailoutbox for address in mail.to)
    assert sent == ["national@example.org", "po-focal@example.org"]
    for mail in mailoutbox:
        assert "harassment" not in (mail.subject + mail.body).lower()


def test_the_task_running_twice_creates_nothing_new(submit, staff):
    case = submit()
    routed = case.events.get(type=CaseEvent.Type.ROUTED)
    before = Notification.objects.count()
    notify_event.call_local(routed.pk)
    notify_event.call_local(routed.pk)
    assert Notification.objects.count() == before == 3


def test_nothing_is_told_about_a_report_that_was_rolled_back(
    make_input, staff, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                feedback_submit(data=make_input())
                raise RuntimeError("crash before commit")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()


def test_a_citizen_reply_tells_the_office(submit, staff, django_capture_on_commit_callbacks):
    case = submit()
    with django_capture_on_commit_callbacks(execute=True):
        message_post_by_citizen(case=case, body="More details SENTINEL-TEXT")
    assert recipients(Kind.CITIZEN_REPLIED) == {"commune-staff", "commune-head", "commune-focal"}


def test_an_escalation_tells_the_next_office(submit, staff, django_capture_on_commit_callbacks):
    case = submit()
    with django_capture_on_commit_callbacks(execute=True):
        # Opened today; far in the future both deadlines are overdue.
        case_escalate_if_overdue(case_id=case.pk, today=date(2099, 1, 5))
    assert recipients(Kind.ESCALATED) == {"do"}


def test_an_overdue_case_at_the_top_tells_its_office_once(
    submit, area, staff, django_capture_on_commit_callbacks
):
    case = submit()
    type(case).objects.filter(pk=case.pk).update(office=area.national, level=3)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert case_escalate_if_overdue(case_id=case.pk, today=date(2099, 1, 5)) is None
    assert recipients(Kind.OVERDUE) == {"national"}
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 1


def test_unread_notifications_and_marking_them_read(submit, staff, mailoutbox):
    submit()
    submit()
    user = staff.commune_staff
    assert unread_notification_count(user=user) == 2
    assert unread_notification_count(user=staff.other_commune_staff) == 0
    assert notifications_mark_read(user=user) == 2
    assert not unread_notifications(user=user).exists()
    # Read in the app before the batch: no e-mail for them.
    notifications_email_pending()
    assert "commune-staff@example.org" not in [mail.to[0] for mail in mailoutbox]


def test_inactive_or_mailless_users_get_no_email(submit, staff, mailoutbox):
    staff.commune_head.is_active = False
    staff.commune_head.save()
    staff.commune_focal_point.email = ""
    staff.commune_focal_point.save()
    submit()
    notifications_email_pending()
    assert [mail.to for mail in mailoutbox] == [["commune-staff@example.org"]]
    assert unread_notification_count(user=staff.commune_focal_point) == 1  # still told in the app


def test_a_status_change_tells_nobody(submit, staff, django_capture_on_commit_callbacks):
    case = submit()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, to_status=Status.ACKNOWLEDGED, actor=staff.commune_staff)
    assert Notification.objects.count() == before
