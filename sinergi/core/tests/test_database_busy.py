"""Issue 13 §8: a write that cannot get SQLite's lock in time answers 503 with Retry-After, never 500."""

import json
from contextlib import contextmanager

from django.db import OperationalError, connection

from sinergi.accounts.models import ApiToken
from sinergi.programmes.models import Event
from sinergi.programmes.tests.test_api import _event


@contextmanager
def locked_table(table: str):
    """The database answers writes to ``table`` as SQLite does when another writer holds the lock past the timeout."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_an_api_write_on_a_locked_database_answers_503_in_the_error_shape(api):
    client = api("kel.iringmulyo")
    before = Event.objects.count()
    with locked_table("programmes_event"):
        response = client.post("/api/v1/events", json.dumps(_event()), content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "database_busy"
    assert response.json()["error"]["fields"] == {}
    assert Event.objects.count() == before


def test_a_page_write_on_a_locked_database_answers_a_503_page(login):
    client = login("disdik")
    with locked_table("accounts_apitoken"):
        response = client.post("/akun/", {"name": "Excel Disdik"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Basis data sedang sibuk" in response.content.decode()
    assert not ApiToken.objects.filter(name="Excel Disdik").exists()
