"""Shared test settings.

Hypothesis runs derandomized under CI (the ``ci`` profile, chosen when CI is set), so a CI run
is reproducible; locally it explores new examples every run.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
