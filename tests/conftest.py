"""Shared test settings.

Hypothesis runs derandomized under CI (the ``ci`` profile, chosen when CI is set), so a CI run
is reproducible; locally it explores new examples every run.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _own_answer_cache(tmp_path_factory, monkeypatch):
    """Every test starts with an empty answer cache (`romulus_nb.cache`) of its own, so no test
    reads an answer another wrote, and the user's cache folder is never touched."""
    monkeypatch.setenv("ROMULUS_CACHE_DIR", str(tmp_path_factory.mktemp("answers")))
