"""Staff see their notifications in the app: kind, date and case reference, never the content."""

from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401 - fixtures
from ourvoice.core.khmer import to_khmer_digits
from ourvoice.notifications.models import Notification


def test_staff_see_a_content_free_count_and_list_and_can_mark_them_read(
    area,
    staff,  # noqa: F811
    submit,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    clerk = staff("office_staff", area.commune_office)
    with django_capture_on_commit_callbacks(execute=True):
        case = submit("ការពិពណ៌នាសម្ងាត់ ១២៣")
    client = client_for(clerk)

    inbox = client.get("/km/staff/cases/").content.decode()
    link = inbox.split('/km/staff/notifications/">')[1].split("</a>")[0]
    assert link.endswith(f"({to_khmer_digits('1')})")

    page = client.get("/en/staff/notifications/").content.decode()
    assert "New case" in page
    assert case.feedback.reference in page and case.feedback.locator not in page
    assert "ការពិពណ៌នាសម្ងាត់" not in page  # no content

    assert client.post("/en/staff/notifications/read/").status_code == 302
    assert not Notification.objects.filter(recipient=clerk, read_at__isnull=True).exists()
    assert "Nothing new." in client.get("/en/staff/notifications/").content.decode()


def test_notifications_need_a_verified_staff_sign_in(client):
    response = client.get("/en/staff/notifications/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]
