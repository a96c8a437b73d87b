"""One clock in the logs: every formatter the processes use writes ISO 8601 in UTC with its offset.

Each formatter is built from the very configuration its process loads (Django's LOGGING for
manage.py commands, the Huey consumer and gunicorn's workers; config/gunicorn.py for gunicorn's
master and workers), with the process clock set to Phnom Penh, as Django sets it from TIME_ZONE.
tests/flows/test_make_run.py checks the lines of the real processes.
"""

import datetime
import importlib
import json
import logging
import logging.config
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from ourvoice.ops.logging import iso_time

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")


@pytest.fixture
def phnom_penh_clock() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Phnom_Penh"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _formatter(config: dict[str, Any], name: str) -> logging.Formatter:
    configurator = logging.config.DictConfigurator(config)
    formatter: logging.Formatter = configurator.configure_formatter(dict(config["formatters"][name]))
    return formatter


def _gunicorn_config() -> dict[str, Any]:
    module = importlib.import_module("config.gunicorn")
    config: dict[str, Any] = module.logconfig_dict
    return config


def _record(created: float) -> logging.LogRecord:
    record = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "Booting worker", (), None)
    record.created, record.msecs = created, (created % 1) * 1000
    return record


@pytest.mark.parametrize(
    ("config", "name"),
    [
        (lambda: settings.LOGGING, "plain"),  # Django: commands, the Huey consumer, web workers
        (lambda: settings.LOGGING, "json"),  # the same in production (LOG_FORMAT=json)
        (_gunicorn_config, "generic"),  # gunicorn's own lines, master and workers
        (_gunicorn_config, "json"),
    ],
)
def test_every_process_formatter_writes_utc_with_its_offset(phnom_penh_clock, config, name):
    moment = datetime.datetime(2026, 12, 6, 16, 30, 0, 123000, tzinfo=datetime.UTC)
    line = _formatter(config(), name).format(_record(moment.timestamp()))

    stamp = json.loads(line)["time"] if name == "json" else line.split(" ")[0]
    assert stamp == "2026-12-06T16:30:00.123+00:00"  # not 23:30, the Phnom Penh wall clock


@given(st.floats(min_value=0, max_value=4_102_444_800, allow_nan=False))  # 1970 to 2100
def test_iso_time_is_iso_8601_utc_and_reads_back_to_the_same_moment(created):
    text = iso_time(created)
    assert ISO.match(text)
    assert abs(datetime.datetime.fromisoformat(text).timestamp() - created) < 0.001
