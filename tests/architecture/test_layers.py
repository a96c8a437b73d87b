"""The layer contracts of docs/architecture.md (pyproject.toml, `lint-imports` in `make check`)
hold for the code, and bite: one forbidden import added to a copy of the package breaks them.

No database: lint-imports reads the source (grimp), it imports nothing of the project.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path, *contract: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")]
    for contract_id in contract:
        args += ["--contract", contract_id]
    return subprocess.run(
        args, cwd=root, env={"PYTHONPATH": str(root)}, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package's Python source and of pyproject.toml."""
    copy = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        ROOT / "ourvoice",
        copy / "ourvoice",
        ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", copy)
    return copy


def test_the_code_keeps_every_contract(pristine: Path) -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    # The copy the next test changes keeps them too, so its failures come from the added line.
    assert lint_imports(pristine).returncode == 0


# (module, line added, contract that must break)
ARROWS = [
    # The domain reaching up to a channel (what cases/services.py did before cases/signals.py).
    ("cases/services.py", "from ourvoice.channels.common import hooks", "domain-below-interfaces"),
    ("feedback/selectors.py", "from ourvoice.channels.common.models import Subscription", "apps-in-layers"),
    ("catalogue/posters.py", "from ourvoice.web import kinds", "domain-below-interfaces"),
    # A lower layer importing a higher one.
    ("geo/models.py", "from ourvoice.offices import models", "apps-in-layers"),
    ("accounts/services.py", "from ourvoice.cases import models", "apps-in-layers"),
    ("api/feedback.py", "from ourvoice.open311 import views", "apps-in-layers"),
    # Cases calling back into the intake that opens them.
    ("cases/handling.py", "from ourvoice.feedback.services import feedback_submit", "intake-above-cases"),
    # Notifications reading what a citizen wrote.
    ("notifications/selectors.py", "from ourvoice.messaging import models", "notifications-content-free"),
    # The circles that were broken, closed again.
    ("analytics/exports_jobs.py", "from ourvoice.analytics import exports_tasks", "no-module-cycles"),
    ("catalogue/models.py", "from ourvoice.catalogue import search", "no-module-cycles"),
    ("catalogue/poster_jobs.py", "from ourvoice.catalogue import tasks", "no-module-cycles"),
]


@pytest.mark.parametrize(("module", "line", "contract"), ARROWS, ids=[a[0] + ":" + a[2] for a in ARROWS])
def test_one_forbidden_import_fails_the_check(pristine: Path, module: str, line: str, contract: str) -> None:
    path = pristine / "ourvoice" / module
    kept = path.read_text()
    path.write_text(f"{kept}\n{line}  # noqa\n")
    try:
        result = lint_imports(pristine, contract)
    finally:
        path.write_text(kept)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and "0 broken" not in result.stdout


def test_no_circle_between_any_two_modules_of_the_package() -> None:
    """Wider than the ``no-module-cycles`` contract (one app's modules): across apps too, no module
    reaches itself again through its imports (tests, conftests and migrations aside)."""
    import grimp

    graph = grimp.build_graph("ourvoice", include_external_packages=False, cache_dir=None)
    for module in list(graph.modules):
        if ".tests" in module or ".migrations" in module or module.endswith(".conftest"):
            graph.remove_module(module)
    circles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert circles == []
