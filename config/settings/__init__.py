"""Settings modules: ``base`` (every environment), ``production`` and ``test`` on top of it."""
