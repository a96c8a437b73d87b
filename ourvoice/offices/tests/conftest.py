from ourvoice.geo.tests.fixtures import gazetteer, small_data_dir, verified_admin_client  # noqa: F401
