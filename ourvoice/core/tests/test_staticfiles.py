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
