"""The project's Khmer catalogue and the scripts that compile and check it."""

import gettext
import importlib
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import polib  # type: ignore[import-untyped]
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
KM_PO = ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def scripts(monkeypatch) -> tuple[ModuleType, ModuleType]:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    return importlib.import_module("compile_messages"), importlib.import_module("check_messages")


# --- The catalogue itself ---------------------------------------------------------------------


def test_the_shipped_catalogue_is_complete_and_compiled(scripts):
    _compile, check = scripts
    assert check.catalogue_problems(KM_PO, ROOT) == []


@pytest.mark.parametrize(
    ("msgid", "khmer"),
    [
        ("Province", "ខេត្ត"),
        ("Capital", "រាជធានី"),
        ("District", "ស្រុក"),
        ("Municipality", "ក្រុង"),
        ("Khan", "ខណ្ឌ"),
        ("Commune", "ឃុំ"),
        ("Sangkat", "សង្កាត់"),
        ("village", "ភូមិ"),
        ("One Window Service Office", "ការិយាល័យច្រកចេញចូលតែមួយ"),
        ("One Window Service Unit", "អង្គភាពច្រកចេញចូលតែមួយ"),
        ("March", "មីនា"),
        ("Our Voice", "សំឡេងយើង"),
        ("This field is required.", "សូមបំពេញចន្លោះនេះ។"),
    ],
)
def test_key_words(msgid, khmer):
    with translation.override("km"):
        assert translation.gettext(msgid) == khmer


def test_month_names_in_every_form_django_uses():
    months = ["មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា"]
    months += ["កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"]
    from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP

    with translation.override("km"):
        for table in (MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP):
            assert [str(table[number]) for number in range(1, 13)] == months


def test_ombudsman_offices_are_citizens_offices():
    with translation.override("km"):
        assert "ការិយាល័យប្រជាពលរដ្ឋ" in translation.gettext("District Ombudsman")
        assert "ការិយាល័យប្រជាពលរដ្ឋ" in translation.gettext("Provincial/Capital Ombudsman")


# --- compile_messages.py ----------------------------------------------------------------------


def _write_po(path: Path, entries: list[polib.POEntry]) -> Path:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "km",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def _ok_entries() -> list[polib.POEntry]:
    return [
        polib.POEntry(msgid="Province", msgstr="ខេត្ត"),
        polib.POEntry(msgid="March", msgstr="មីនា", msgctxt="alt. month"),
        polib.POEntry(
            msgid="%(num)d day",
            msgid_plural="%(num)d days",
            msgstr_plural={0: "%(num)d ថ្ងៃ"},
            flags=["python-format"],
        ),
        polib.POEntry(
            msgid="Page %(number)s of %(total)s",
            msgstr="ទំព័រ %(number)s នៃ %(total)s",
            flags=["python-format"],
        ),
        polib.POEntry(msgid="Draft", msgstr="", flags=["fuzzy"], obsolete=True),
    ]


def test_compile_is_deterministic_and_readable_by_gettext(scripts, tmp_path):
    compile_messages, _check = scripts
    po_path = _write_po(tmp_path / "locale" / "km" / "LC_MESSAGES" / "django.po", _ok_entries())
    assert compile_messages.main(["--locale-dir", str(tmp_path / "locale")]) == 0
    mo_path = po_path.with_suffix(".mo")
    first = mo_path.read_bytes()
    assert compile_messages.compile_all(tmp_path / "locale") == []  # nothing to rewrite
    mo_path.unlink()
    compile_messages.compile_all(tmp_path / "locale")
    assert mo_path.read_bytes() == first
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Province") == "ខេត្ត"
    assert catalogue.pgettext("alt. month", "March") == "មីនា"
    assert catalogue.ngettext("%(num)d day", "%(num)d days", 3) == "%(num)d ថ្ងៃ"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_compile_matches_msgfmt(scripts, tmp_path):
    compile_messages, _check = scripts
    po_path = _write_po(tmp_path / "km" / "LC_MESSAGES" / "django.po", _ok_entries())
    reference = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(reference), str(po_path)], check=True)
    ours = tmp_path / "ours.mo"
    ours.write_bytes(compile_messages.mo_bytes(po_path))
    with reference.open("rb") as a, ours.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog  # type: ignore[attr-defined]


# --- check_messages.py ------------------------------------------------------------------------


def _tree(tmp_path: Path, entries: list[polib.POEntry], compiled: bool = True) -> Path:
    po_path = _write_po(tmp_path / "locale" / "km" / "LC_MESSAGES" / "django.po", entries)
    if compiled:
        po_path.with_suffix(".mo").write_bytes(polib.pofile(str(po_path)).to_binary())
    return tmp_path


def _check(check: ModuleType, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check.main(["--root", str(root), "--skip-extraction"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_passes_a_complete_catalogue(scripts, tmp_path, capsys):
    _compile, check = scripts
    code, output = _check(check, _tree(tmp_path, _ok_entries()), capsys)
    assert code == 0, output


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        (polib.POEntry(msgid="District", msgstr=""), "untranslated: 'District'"),
        (polib.POEntry(msgid="District", msgstr="ស្រុក", flags=["fuzzy"]), "fuzzy: 'District'"),
        (
            polib.POEntry(msgid="%(num)d year", msgid_plural="%(num)d years", msgstr_plural={0: ""}),
            "untranslated: '%(num)d year'",
        ),
        (
            polib.POEntry(msgid="Hi %(name)s", msgstr="សួស្តី %(nom)s", flags=["python-format"]),
            "placeholders differ from the msgid: 'Hi %(name)s'",
        ),
        (
            polib.POEntry(msgid="%(count)s offices", msgstr="ការិយាល័យ", flags=["python-format"]),
            "placeholders differ",
        ),
        (
            polib.POEntry(
                msgid="%(n)d office",
                msgid_plural="%(n)d offices",
                msgstr_plural={0: "ការិយាល័យ"},
                flags=["python-format"],
            ),
            "placeholders differ",
        ),
        (
            polib.POEntry(
                msgid="Between {min} and {max}", msgstr="ចន្លោះ {min}", flags=["python-brace-format"]
            ),
            "placeholders differ",
        ),
    ],
)
def test_check_lists_each_broken_entry(scripts, tmp_path, capsys, entry, complaint):
    _compile, check = scripts
    code, output = _check(check, _tree(tmp_path, [*_ok_entries(), entry]), capsys)
    assert code == 1
    assert complaint in output


def test_check_refuses_a_fuzzy_header(scripts, tmp_path, capsys):
    _compile, check = scripts
    root = _tree(tmp_path, _ok_entries(), compiled=False)
    po_path = root / "locale" / "km" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po.metadata_is_fuzzy = True
    po.save(str(po_path))
    po_path.with_suffix(".mo").write_bytes(po.to_binary())
    code, output = _check(check, root, capsys)
    assert code == 1 and "header is marked fuzzy" in output


def test_check_refuses_a_missing_or_stale_mo(scripts, tmp_path, capsys):
    _compile, check = scripts
    root = _tree(tmp_path, _ok_entries(), compiled=False)
    code, output = _check(check, root, capsys)
    assert code == 1 and "no .mo" in output
    po_path = root / "locale" / "km" / "LC_MESSAGES" / "django.po"
    po_path.with_suffix(".mo").write_bytes(polib.pofile(str(po_path)).to_binary())
    assert _check(check, root, capsys)[0] == 0
    po = polib.pofile(str(po_path))
    po.find("Province").msgstr = "ខេត្ត/រាជធានី"
    po.save(str(po_path))
    code, output = _check(check, root, capsys)
    assert code == 1 and "django.mo: out of date" in output


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_check_finds_a_msgid_used_in_the_code_but_missing_from_the_catalogue(scripts, tmp_path, capsys):
    """A copy of this project with one new string in a template: the check names it."""
    _compile, check = scripts
    root = tmp_path / "project"
    check._copy_tree(ROOT, root)
    template = root / "ourvoice" / "web" / "templates" / "ourvoice" / "zz_new.html"
    template.write_text('{% load i18n %}{% translate "A sentence nobody has translated yet" %}\n')
    code = check.main(["--root", str(root)])
    output = capsys.readouterr().err
    assert code == 1
    assert "missing (run make messages): 'A sentence nobody has translated yet'" in output
    # The real catalogue was not touched.
    assert "A sentence nobody has translated yet" not in KM_PO.read_text(encoding="utf-8")
