"""Do at start what each web process's first requests would otherwise do on a citizen's time.

The first staff page a fresh gunicorn worker served took 300-450 ms longer than the next one
(docs/performance.md): Django imports the views behind the URL patterns, loads the Khmer and
English translation catalogues and compiles templates lazily, per process. ``config/wsgi.py``
calls ``warm_up`` once the application is loaded: in gunicorn's master with ``--preload`` (the
workers inherit it), else in each worker before it accepts a request. About 0.4 s.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[1]  # the ourvoice package


def project_templates() -> list[str]:
    """The names of every template the project ships: its apps' ``templates`` folders (at any
    depth: ``channels/staff``) and the engine's own folders (the admin's overrides)."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    folders = [*PROJECT.glob("**/templates"), *(Path(d) for d in engine.dirs)]
    return sorted({str(path.relative_to(folder)) for folder in folders for path in folder.glob("**/*.html")})


def warm_up() -> list[str]:
    """Import every view, build the URL table and load the catalogue of every language, compile
    every project template; the names compiled. A template that does not compile is logged, not
    raised: its page fails as before."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # Imports every view module the URLs name, and builds the table ``reverse`` reads in
            # this language: Django keeps one per language, and every page's language switcher
            # reverses its address in the other one (0.2-0.3 s on a worker's first page).
            get_resolver()._populate()
            translation.gettext("Our Voice")
    compiled = []
    for name in project_templates():
        try:
            get_template(name)
        except TemplateSyntaxError:
            logger.exception("template %s does not compile", name)
        else:
            compiled.append(name)
    return compiled
