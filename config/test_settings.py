"""The test settings: the production settings plus the test-only line (fazhi/tests/sampleline).

The test-only line exists nowhere else; it proves a line is one folder plus one entry in INSTALLED_APPS, and the
kernel's tests that need a line use it.
"""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "fazhi.tests.sampleline"]  # noqa: F405
