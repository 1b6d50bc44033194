import pytest


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    # Real Argon2 parameters cost ~1 s per hash on CI machines; the tests check behaviour, not cost.
    monkeypatch.setenv("CLAIMSCOPE_ARGON2_PROFILE", "CHEAPEST")
