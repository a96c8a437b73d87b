"""Properties of the Web Push pieces that hold for any input: a batch moment always lies in the
next batch (SECURITY.md A7), and a subscription is refused unless it points to an allowed push
service over https with P-256 keys."""

import datetime
import json
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from ourvoice.channels.common.updates import batch_moment
from ourvoice.channels.webpush.services import push_address
from ourvoice.channels.webpush.tests.fakes import PushBrowser

MINUTES = 10


@override_settings(WEBPUSH_BATCH_MINUTES=MINUTES)
@given(st.datetimes(min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2100, 1, 1)))
def test_a_batch_moment_is_always_inside_the_next_batch(naive):
    now = naive.replace(tzinfo=datetime.UTC)
    moment = batch_moment(now)
    batch = datetime.timedelta(minutes=MINUTES)
    start = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=now.minute % MINUTES) + batch
    assert now < moment and start <= moment < start + batch


HOSTS = ["fcm.googleapis.com"]
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
endpoints = st.one_of(
    st.text(max_size=60),
    st.builds(
        "{}://{}/{}".format,
        st.sampled_from(["https", "http", "ftp", "file"]),
        st.sampled_from(
            ["fcm.googleapis.com", "evil.example", "fcm.googleapis.com.evil.example", "127.0.0.1"]
        ),
        st.text(alphabet="abc123", max_size=10),
    ),
)


@override_settings(WEBPUSH_ENDPOINT_HOSTS=HOSTS, WEBPUSH_ALLOW_HTTP=False)
@given(endpoint=endpoints, keys=anything, real_keys=st.booleans())
def test_a_subscription_is_kept_only_for_a_push_service_over_https_with_real_keys(endpoint, keys, real_keys):
    if real_keys:
        keys = PushBrowser(endpoint="https://x").subscription()["keys"]
    try:
        canonical = json.loads(push_address({"endpoint": endpoint, "keys": keys}))
    except ValidationError:
        return
    parts = urlsplit(canonical["endpoint"])
    assert parts.scheme == "https" and parts.hostname in HOSTS
    assert canonical["keys"] == keys and real_keys
