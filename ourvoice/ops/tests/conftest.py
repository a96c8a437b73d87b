"""Fixtures of the operations tests.

Many of these tests are transactional (other processes must see their rows), and a
transactional test ends by emptying every table, the rows of data migrations included: ``seeded``
puts those rows back first, whatever ran before.
"""

import pytest

from conftest import reseed


@pytest.fixture
def seeded(transactional_db: None) -> None:
    reseed()
