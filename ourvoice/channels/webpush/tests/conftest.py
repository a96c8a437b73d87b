from collections.abc import Iterator

import pytest

from ourvoice.channels.webpush.tests.fakes import FakePushService
from ourvoice.channels.webpush.vapid import vapid_new_private_key


@pytest.fixture
def fake_push(settings) -> Iterator[FakePushService]:
    """The local push service, and the site configured with a VAPID key and allowed to post there."""
    service = FakePushService()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_new_private_key()
    settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
    settings.WEBPUSH_ALLOW_HTTP = True
    yield service
    service.stop()
