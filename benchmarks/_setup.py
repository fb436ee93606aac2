"""What every benchmark does first: Django on a throw-away SQLite database with Lampung's regions and the demo."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup_django(prefix: str) -> None:
    data_dir = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ["SINERGI_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.demo.services import demo_load
    from sinergi.regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(only="18")
    demo_load()
