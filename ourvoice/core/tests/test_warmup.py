"""core.warmup: every project template compiles at start, before any request needs it."""

from django.template import engines

from ourvoice.core.warmup import project_templates, warm_up


def test_warm_up_compiles_every_template_of_the_project_into_the_cache():
    names = project_templates()
    assert {
        "cases/inbox.html",
        "ourvoice/base.html",
        "channels/staff/form.html",
        "admin/base_site.html",
    } <= set(names)
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]  # the cached loader
    loader.reset()
    assert warm_up() == names  # each one compiled, none failing
    cached = set(loader.get_template_cache)  # keyed by template name
    assert set(names) <= cached


def test_the_web_application_works_out_the_holiday_calendar_before_its_first_report():
    import importlib

    import config.wsgi
    from ourvoice.cases import workdays

    workdays._holidays.cache_clear()
    importlib.reload(config.wsgi)
    assert workdays._holidays.cache_info().currsize == 2


def test_warm_up_builds_the_address_table_of_every_language() -> None:
    from django.conf import settings
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver._reverse_dict.clear()
    warm_up()
    assert set(resolver._reverse_dict) >= {code for code, _name in settings.LANGUAGES}
