"""collectstatic gathers what pages load and leaves out DRF's browsable-API files and Redoc."""

import os

from django.contrib.staticfiles import finders


def _collected_paths() -> set[str]:
    return {path for finder in finders.get_finders() for path, _storage in finder.list(["CVS", ".*", "*~"])}


def test_collected_files_leave_out_unused_bundles_but_keep_what_pages_load():
    paths = _collected_paths()
    assert "ourvoice/css/site.css" in paths
    assert "admin/css/base.css" in paths
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in paths
    assert not any(path.startswith("rest_framework/") for path in paths)
    assert not any("/redoc/" in path for path in paths)


def test_a_single_file_is_still_found_for_the_test_server():
    assert finders.find("ourvoice/css/site.css")


def test_static_files_carry_the_same_security_headers_as_pages(settings, client):
    """WhiteNoise answers static files before most middleware runs: they must still carry the
    CSP, nosniff and Permissions-Policy of every page (SECURITY.md F2, issue 15 point 7)."""
    from django.test import Client

    from ourvoice.core.middleware import PERMISSIONS_POLICY
    from ourvoice.core.tests.test_csp import assert_strict_policy

    settings.WHITENOISE_USE_FINDERS = True  # serve from the apps' folders, as runserver does
    page = Client().get("/en/")
    for path in ("/static/ourvoice/css/site.css", "/static/admin/css/base.css"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "WhiteNoise" in type(response).__name__ or response.streaming, path
        assert_strict_policy(response)
        assert response["Content-Security-Policy"] == page["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
        assert response["Referrer-Policy"] == "no-referrer"
        # Static files keep their own cache policy (a page's no-store would defeat caching).
        assert "no-store" not in response["Cache-Control"]


def test_make_run_collects_again_only_when_a_static_source_changed(settings, tmp_path):
    from ourvoice.core.staticfiles import MANIFEST_NAME, collect_if_changed

    source = tmp_path / "src"
    (source / "demo").mkdir(parents=True)
    (source / "demo" / "a.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "static"
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / MANIFEST_NAME).write_text("{}")  # what the manifest storage leaves

    assert collect_if_changed() is True  # the first time
    assert (tmp_path / "static" / "demo" / "a.css").exists()
    assert collect_if_changed() is False  # nothing changed: seconds saved at every restart

    edited = source / "demo" / "a.css"
    edited.write_text("body { color: navy; }")  # an edited source, a moment later
    later = edited.stat().st_mtime + 5
    os.utime(edited, (later, later))  # collectstatic copies a source newer than its copy (to the second)
    assert collect_if_changed() is True
    assert "navy" in (tmp_path / "static" / "demo" / "a.css").read_text()
    (source / "demo" / "b.css").write_text("p { margin: 0; }")  # a new file
    assert collect_if_changed() is True
    assert collect_if_changed() is False

    (tmp_path / "static" / MANIFEST_NAME).unlink()  # the collected files gone (a new data dir)
    assert collect_if_changed() is True
