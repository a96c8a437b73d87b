"""collectstatic gathers what pages load and leaves out DRF's browsable-API files and Redoc."""

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
