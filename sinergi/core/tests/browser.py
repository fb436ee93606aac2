"""Fixtures for the browser tests: the real app served by its own command, and headless Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts"

browser_only = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("SINERGI_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "sinergi-demo")
    page.click("button[type=submit]")
    try:
        page.wait_for_url(base + "/")
    except Exception as error:
        raise AssertionError(f"{username} was not signed in: at {page.url}: {page.inner_text('body')[:500]}") from error


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The real app on SQLite in a fresh data directory, with the demo, served by ``sinergi runserver``."""
    assert CHROMIUM, "chromium is required for the browser tests in CI"
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "SINERGI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    # Every persona of every browser test signs in from 127.0.0.1; the per-address sign-in limit is tested elsewhere.
    env["SINERGI_LOGIN_RATE_PER_MINUTE"] = "0"
    env.pop("DATABASE_URL", None)
    sinergi = [sys.executable, "-m", "sinergi"]
    for command in (["migrate", "--no-input", "-v", "0"], ["load_regions", "--only", "18"], ["demo"]):
        subprocess.run([*sinergi, *command], env=env, check=True, capture_output=True, cwd=REPO)
    port = _free_port()
    process = subprocess.Popen(
        [*sinergi, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
