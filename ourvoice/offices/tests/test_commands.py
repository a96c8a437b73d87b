"""manage.py offices_generate: a thin command with a summary."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ourvoice.offices.models import Office


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("offices_generate", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("gazetteer")
@translation.override("en")  # the assertions read English messages
def test_offices_generate_creates_and_reports_by_type(capsys, monkeypatch):
    out = _run()
    assert "One Window Service Office: 6 created, 0 updated, 0 unchanged" in out
    assert "National oversight: 1 created" in out
    assert capsys.readouterr().err == ""  # not a terminal: no progress bars
    count = Office.objects.count()

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = _run()
    assert "One Window Service Office: 0 created, 0 updated, 6 unchanged" in out
    assert "100%|" in capsys.readouterr().err
    assert Office.objects.count() == count

    assert _run("--quiet") == ""
    assert capsys.readouterr().err == ""


@pytest.mark.django_db
def test_offices_generate_needs_the_gazetteer():
    with pytest.raises(CommandError, match="geo_load"):
        _run()
    assert not Office.objects.exists()
