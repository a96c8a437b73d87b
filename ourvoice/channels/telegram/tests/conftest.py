from typing import Any

import pytest

from ourvoice.accounts.models import User
from ourvoice.cases.tests.staff import staff  # noqa: F401
from ourvoice.messaging.services import message_post_by_office


@pytest.fixture
def office_user(area: Any) -> User:
    return User.objects.create(username="clerk", role="office_staff", office=area.commune_office)


@pytest.fixture
def submit_office_message(office_user: User, django_capture_on_commit_callbacks: Any) -> Any:
    def post(case: Any, body: str, ask_citizen: bool = True) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            message_post_by_office(case=case, author=office_user, body=body, ask_citizen=ask_citizen)

    return post
