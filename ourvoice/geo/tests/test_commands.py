"""manage.py geo_load: a thin command with a summary and progress bars for people only."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ourvoice.geo.models import Commune, Province

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("geo_load", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@translation.override("en")  # the assertions read English messages
def test_geo_load_loads_and_reports_each_level(small_data_dir, capsys):
    out, _ = _run("--data-dir", str(small_data_dir))

    assert Province.objects.count() == 4
    assert "province: 4 created, 0 updated, 0 unchanged" in out
    assert "commune: 10 created" in out
    assert "%|" not in capsys.readouterr().err  # not a terminal: no progress bars

    out, _ = _run("--data-dir", str(small_data_dir))
    assert out.strip() == "The gazetteer is up to date (these files were loaded last time)."

    out, _ = _run("--data-dir", str(small_data_dir), "--force")
    assert "province: 0 created, 0 updated, 4 unchanged" in out
    assert Commune.objects.count() == 10


def test_progress_bars_only_at_a_terminal_and_never_when_quiet(small_data_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _run("--data-dir", str(small_data_dir))
    assert "100%|" in capsys.readouterr().err

    for args in (["--quiet"], ["--verbosity", "0"]):
        out, _ = _run("--data-dir", str(small_data_dir), *args)
        assert out == ""
        assert capsys.readouterr().err == ""


def test_missing_files_are_a_command_error(tmp_path):
    with pytest.raises(CommandError):
        _run("--data-dir", str(tmp_path))
