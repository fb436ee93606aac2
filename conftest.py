"""Shared test fixtures: the Kota Metro demo (regions of Lampung only, for speed) loaded once per test database,
and a client signed in as each demo persona."""

import pytest
from django.test import Client

from sinergi.core.tests.browser import browser, live_app  # noqa: F401  (session fixtures for the browser tests)
from sinergi.demo.services import DEMO_PASSWORD, demo_load
from sinergi.regions.services import regions_load

PERSONAS = [
    "sekretariat",
    "bnn",
    "disdik",
    "kepala.disdik",
    "dinkes",
    "kel.iringmulyo",
    "walikota",
    "provinsi",
    "lamtim",
    "admin",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        regions_load(only="18")
        demo_load()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache, so the sign-in throttle counts only that test's attempts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def login(db):
    """``login("disdik")`` → a test client signed in as that demo persona."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(_user(username))
        return client

    return make


@pytest.fixture
def api(db):
    """``api("disdik")`` → a test client that sends that persona's Bearer token with every request."""
    from sinergi.accounts.services import token_create

    def make(username: str) -> Client:
        _token, key = token_create(user=_user(username), name="test")
        return Client(headers={"authorization": f"Bearer {key}"})

    return make


def _user(username):
    from sinergi.accounts.models import User

    return User.objects.get(username=username)


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


def metro_agency(acronym: str):
    from sinergi.organizations.models import Agency

    return Agency.objects.get(government__region_id="18.72", acronym=acronym)
