"""Settings for the test suite: the real settings with a throw-away data directory and a fast password hasher."""

import os
import tempfile

# Each test process (every pytest-xdist worker too) gets a data directory of its own, so uploads and generated
# files of parallel tests never meet.
os.environ["SINERGI_DATA_DIR"] = tempfile.mkdtemp(prefix="sinergi-test-")
os.environ.setdefault("SINERGI_ENV", "test")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "sinergi.core.sqlite":  # noqa: F405
    # Django and pytest-django name an SQLite test database in memory only for the stock engine's name.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
