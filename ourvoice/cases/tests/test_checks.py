import subprocess

import pytest
from django.db import connection

from ourvoice.cases.checks import trigram_sees_khmer

pytestmark = pytest.mark.django_db


def test_the_test_database_passes_the_khmer_trigram_check():
    assert trigram_sees_khmer(databases=["default"]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL check")
def test_a_c_locale_database_fails_the_check():
    """A real database created with LC_CTYPE=C, as a careless `createdb` would make it."""
    from django.db import connections
    from django.db.utils import ConnectionHandler

    settings_dict = {**connections["default"].settings_dict, "NAME": "ourvoice_check_c_locale"}
    base = ["-h", settings_dict["HOST"] or "127.0.0.1", "-U", settings_dict["USER"] or "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", settings_dict["NAME"]], check=True)
    subprocess.run(
        [
            "createdb",
            *base,
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--template",
            "template0",
            settings_dict["NAME"],
        ],
        check=True,
    )
    handler = ConnectionHandler({"default": settings_dict, "c_locale": settings_dict})
    try:
        with handler["c_locale"].cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        import ourvoice.cases.checks as module

        original = module.connections
        module.connections = handler
        try:
            problems = trigram_sees_khmer(databases=["c_locale"])
        finally:
            module.connections = original
    finally:
        handler.close_all()
        subprocess.run(["dropdb", *base, "--if-exists", settings_dict["NAME"]], check=True)
    assert [p.id for p in problems] == ["ourvoice.E001"]
