import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _sinergi(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "sinergi", *args], env=full_env, cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _sinergi(
        "check", SINERGI_ENV="production", SINERGI_DATA_DIR=str(tmp_path), ALLOWED_HOSTS="sinergi.example"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _sinergi(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SINERGI_ENV="production",
        SINERGI_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 40 + "-production-secret-for-the-check-only-" + "y" * 20,
        ALLOWED_HOSTS="sinergi.example",
        EMAIL_HOST="smtp.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_embedded_default_keeps_a_generated_secret_key(tmp_path):
    result = _sinergi("check", SINERGI_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    _sinergi("check", SINERGI_DATA_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key


def test_a_misspelt_boolean_is_an_error(tmp_path):
    result = _sinergi("check", SINERGI_DATA_DIR=str(tmp_path), DEBUG="yess")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_default_database_is_sqlite_in_wal_mode(db):
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            # The test database is in memory, where SQLite reports "memory"; the file database uses WAL.
            assert cursor.fetchone()[0] in ("wal", "memory")
    from config import settings

    assert "journal_mode=WAL" in settings.DATABASES["default"].get("OPTIONS", {}).get("init_command", "WAL") or (
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
    )
