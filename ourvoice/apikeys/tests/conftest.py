from ourvoice.geo.tests.fixtures import verified_admin_client  # noqa: F401
