"""A5: a server error is logged (path and traceback) without the request that caused it."""

import logging

import pytest
from django.test import Client

from ourvoice.web.tests.urls import SECRET_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("ourvoice.web.tests.urls")]


class Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_errors_are_logged_without_the_request():
    keep = Keep()
    logger = logging.getLogger("django.request")
    logger.addHandler(keep)
    try:
        client = Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="UA-X")
        response = client.post("/en/crash/", {"description": "private words"})
    finally:
        logger.removeHandler(keep)
    assert response.status_code == 500
    assert keep.records, "the error must still be logged"
    record = keep.records[0]
    assert record.request is None  # type: ignore[attr-defined]
    text = logging.Formatter("%(message)s").format(record)
    assert SECRET_DETAIL in text  # the traceback is there for the operator
    for leaked in ("203.0.113.9", "UA-X", "private words"):
        assert leaked not in text
