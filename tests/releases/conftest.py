"""Fixtures of the release tests: the organisers' signing key, shared by a module's tests."""
from __future__ import annotations

import pytest

from contract.releases.keys import SigningKey


@pytest.fixture(scope="module")
def key():
    return SigningKey.generate()
